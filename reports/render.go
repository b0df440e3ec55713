package reports

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html/template"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// renderAll renders the figures that are not nil into charts, in order:
// each as a PNG and as an SVG. Figures are drawn in parallel, one per
// core; each is drawn by one goroutine, so the output is the same for any
// number of cores.
func renderAll(figs []*figure) ([]Chart, error) {
	var todo []*figure
	for _, f := range figs {
		if f != nil {
			todo = append(todo, f)
		}
	}
	out := make([]Chart, len(todo))
	errs := make([]error, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(todo) {
					return
				}
				out[i], errs[i] = renderChart(todo[i])
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", todo[i].name, err)
		}
	}
	return out, nil
}

// renderChart draws f as a PNG and then as an SVG. A panic while drawing
// becomes the chart's error: it happens on a worker goroutine, where the
// command's recovery cannot see it.
func renderChart(f *figure) (c Chart, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	png, err := f.render()
	if err != nil {
		return Chart{}, err
	}
	svg, err := f.renderSVG()
	if err != nil {
		return Chart{}, err
	}
	return Chart{Name: f.name, Title: f.title, Caption: f.caption, PNG: png, SVG: svg}, nil
}

// renderSVG draws the figure as an SVG of the PNG's size.
func (f *figure) renderSVG() ([]byte, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(px(float64(f.width)), px(float64(f.height))))
	f.draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// src is the data URI the HTML pages show the chart with: the SVG, or the
// PNG for a chart without one.
func (c Chart) src() template.URL {
	if len(c.SVG) > 0 {
		return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(c.SVG))
	}
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(c.PNG))
}
