package reports

import (
	"fmt"
	"testing"

	"gonum.org/v1/plot"
)

// TestMeasuredTextBox checks that the remembered boxes are plot's, for
// texts measured once and again in several fonts, and that the memory
// starts afresh at its bound.
func TestMeasuredTextBox(t *testing.T) {
	for _, txt := range []string{"2027", "Tencent Cloud", "", "¥ 41.2%", "2027"} {
		for _, f := range []float64{tickSize, titleSize} {
			for _, bold := range []bool{false, true} {
				fnt := sans(f, bold)
				w, h, d := chartText.Box(txt, fnt)
				ww, wh, wd := plot.DefaultTextHandler.Box(txt, fnt)
				if w != ww || h != wh || d != wd {
					t.Errorf("Box(%q, %v) = %v, %v, %v; plot's is %v, %v, %v", txt, fnt, w, h, d, ww, wh, wd)
				}
			}
		}
	}
	for i := range maxTextBoxes + 10 {
		chartText.Box(fmt.Sprint(i), sans(tickSize, false))
	}
	textBoxes.Lock()
	n := len(textBoxes.m)
	textBoxes.Unlock()
	if n > maxTextBoxes {
		t.Errorf("%d boxes remembered, over the bound of %d", n, maxTextBoxes)
	}
}
