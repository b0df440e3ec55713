package reports

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// maxNamed is the most companies a chart names one by one; a scenario may
// have up to 200 providers, and beyond a dozen a legend is a list no one
// reads. The others are summarised: drawn in grey under one legend line,
// or summed into one panel.
const maxNamed = 12

// otherColor is the colour of the companies a chart does not name.
var otherColor = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}

// largest returns the indices of the n series with the largest peak
// (finite maximum), in their original order, and the rest, also in order.
// Ties keep the earlier series.
func largest(series [][]float64, n int) (top, rest []int) {
	idx := make([]int, len(series))
	for i := range idx {
		idx[i] = i
	}
	if len(series) <= n {
		return idx, nil
	}
	peak := func(v []float64) float64 {
		m := math.Inf(-1)
		for _, x := range v {
			if !math.IsNaN(x) && x > m {
				m = x
			}
		}
		return m
	}
	peaks := make([]float64, len(series))
	for i, v := range series {
		peaks[i] = peak(v)
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(peaks[b], peaks[a]) })
	top, rest = slices.Clone(idx[:n]), slices.Clone(idx[n:])
	slices.Sort(top)
	slices.Sort(rest)
	return top, rest
}

// othersLabel names k companies a chart does not name.
func othersLabel(k int) string {
	if k == 1 {
		return "1 other cloud"
	}
	return fmt.Sprintf("%d other clouds", k)
}

// fitLegend returns the legend items that fit in a column of the given
// height: all of them, or as many as fit with a last line saying how many
// were left out.
func fitLegend(items []legendItem, l *plot.Legend, height vg.Length) []legendItem {
	var enth vg.Length
	for _, it := range items {
		enth = max(enth, l.TextStyle.Height(it.label))
	}
	if enth <= 0 {
		return items
	}
	fit := int((height + l.Padding) / (enth + l.Padding))
	if len(items) <= fit {
		return items
	}
	fit = max(fit, 1)
	out := slices.Clone(items[:fit-1])
	return append(out, legendItem{label: fmt.Sprintf("… and %d more", len(items)-fit+1)})
}
