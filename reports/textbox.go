package reports

import (
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	ptext "gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// chartText is the text handler of the charts: plot's default one, with
// the boxes of texts remembered. Laying out a chart measures the same tick
// labels, titles and legend entries many times over, each by kerning its
// glyphs afresh; a box depends only on the text and the font.
var chartText ptext.Handler = measuredText{plot.DefaultTextHandler}

// measuredText is a text handler that remembers the boxes of texts.
type measuredText struct{ ptext.Handler }

// textBox is a text's box, as Handler.Box returns it.
type textBox struct{ width, height, depth vg.Length }

// textBoxes holds the boxes measured, up to maxTextBoxes; then it starts
// afresh, so that a server drawing many scenarios' charts does not grow.
var textBoxes struct {
	sync.Mutex
	m map[textKey]textBox
}

type textKey struct {
	text string
	font font.Font
}

const maxTextBoxes = 1 << 14

// Box returns the box of txt in fnt, measured once.
func (h measuredText) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	k := textKey{txt, fnt}
	textBoxes.Lock()
	b, ok := textBoxes.m[k]
	textBoxes.Unlock()
	if ok {
		return b.width, b.height, b.depth
	}
	width, height, depth = h.Handler.Box(txt, fnt)
	textBoxes.Lock()
	if textBoxes.m == nil || len(textBoxes.m) >= maxTextBoxes {
		textBoxes.m = map[textKey]textBox{}
	}
	textBoxes.m[k] = textBox{width, height, depth}
	textBoxes.Unlock()
	return width, height, depth
}
