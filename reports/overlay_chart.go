package reports

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// MaxOverlayRuns is how many runs an overlay chart draws at most; the
// caption says when the condition picks more.
const MaxOverlayRuns = 40

// OverlayChart renders overlay-revenue-share.png: the fan of every
// provider's revenue share over the ensemble's runs, with the monthly
// series of the runs where a condition holds drawn over it as thin lines.
// runs holds those runs' series (keys company, segment, metric; values
// per month of the ensemble), the first MaxOverlayRuns of matching.
func OverlayChart(e *Ensemble, condition string, matching int, runs []map[[3]string][]float64) (Chart, error) {
	d := newFanData(e)
	panels, omitted := d.providerFan(market.MetricRevenueShare, 100, "share (%)", niceTicks{n: 4, format: formatPercent})
	// The panels are the providers providerFan keeps, in its order.
	var ids []string
	var medians [][]float64
	for _, c := range d.providers() {
		if b := d.get(c.ID, "", market.MetricRevenueShare); b != nil {
			ids, medians = append(ids, c.ID), append(medians, b[2])
		}
	}
	top, _ := largest(medians, maxNamed)
	drawn := min(len(runs), MaxOverlayRuns)
	for i, k := range top {
		for _, r := range runs[:drawn] {
			if ys := r[[3]string{ids[k], "", market.MetricRevenueShare}]; len(ys) == len(d.x) {
				panels[i].Add(seriesLine(d.x, scaled(ys, 100), withAlpha(rgb(0x20, 0x20, 0x20), 0.55), 0.8))
				panels[i].Y.Min = math.Min(panels[i].Y.Min, 100*minFinite(ys))
			}
		}
	}
	more := ""
	if matching > drawn {
		more = fmt.Sprintf(" (the first %d are drawn)", drawn)
	}
	f := newFigure("overlay-revenue-share.png", "Revenue share in the runs where the condition holds, over the ensemble's fan",
		fmt.Sprintf("The condition `%s` holds in %d of %d runs%s: each thin dark line is one of them; the coloured line and bands are the median, "+
			"middle half and middle 90%% of all runs.", condition, matching, e.Done, more))
	d.finishGrid(f, panels, omitted)
	f.legend = append(f.legend, legendItem{"a run where the condition holds", seriesLine(nil, nil, withAlpha(rgb(0x20, 0x20, 0x20), 0.55), 1.5)})
	charts, err := renderAll([]*figure{f})
	if err != nil {
		return Chart{}, err
	}
	return charts[0], nil
}
