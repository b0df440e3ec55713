package reports

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"html/template"
	"slices"

	"github.com/seed-e89a7ce8/aicloudsim/internal/parallel"
)

// renderAll renders the figures that are not nil into charts, in order:
// each as a PNG and as an SVG, drawn once onto both. Figures are drawn in
// parallel, one per core; each is drawn by one goroutine, so the output is
// the same for any number of cores.
func renderAll(figs []*figure) ([]Chart, error) {
	var todo []*figure
	for _, f := range figs {
		if f != nil {
			todo = append(todo, f)
		}
	}
	out := make([]Chart, len(todo))
	// Images are reused from chart to chart: each is made big enough for
	// the largest, so it is allocated (and its memory faulted in) once.
	reserve := 0
	for _, f := range todo {
		reserve = max(reserve, f.width*f.height)
	}
	// The biggest figures go first, so that no core is left drawing a big
	// one alone at the end; results keep the figures' order.
	order := make([]int, len(todo))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(todo[b].width*todo[b].height, todo[a].width*todo[a].height)
	})
	errs := make([]error, len(todo))
	for k, err := range parallel.Each(len(order), func(k int) error {
		i := order[k]
		var err error
		out[i], err = renderChart(todo[i], reserve)
		return err
	}) {
		errs[order[k]] = err
	}
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("chart %s: %w", todo[i].name, err)
		}
	}
	return out, nil
}

// renderChart draws f as a PNG and an SVG, on an image with room for
// reserve pixels.
func renderChart(f *figure, reserve int) (Chart, error) {
	png, svg, err := f.render(reserve)
	if err != nil {
		return Chart{}, err
	}
	return Chart{Name: f.name, Title: f.title, Caption: f.caption, PNG: png, SVG: svg}, nil
}

// src is the src attribute the HTML pages show the chart with: the SVG,
// or the PNG for a chart without one, as a data URI.
func (c Chart) src() template.HTMLAttr {
	if len(c.SVG) > 0 {
		return svgSrc(c.SVG)
	}
	return template.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(c.PNG) + `"`)
}

// svgSrc returns the src attribute of an <img> that shows svg, as a data
// URI of the SVG's text: a third of the bytes of base64. html/template
// would escape every space and quote of it as a URL, so the attribute is
// built here. Only what the data URI or the double-quoted attribute would
// read differently is escaped: %, # (a fragment), " and & (the
// attribute), and tabs and line breaks (which a URL drops).
func svgSrc(svg []byte) template.HTMLAttr {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(svg)+len(svg)/16+64)
	b = append(b, `src="data:image/svg+xml,`...)
	for _, c := range svg {
		switch c {
		case '%', '#', '"', '&', '\t', '\n', '\r':
			b = append(b, '%', hex[c>>4], hex[c&15])
		default:
			b = append(b, c)
		}
	}
	return template.HTMLAttr(append(b, '"'))
}
