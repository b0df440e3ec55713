package reports

import (
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func TestFindings(t *testing.T) {
	r := tinyResult()
	fs := Findings(r, nil)
	if len(fs) < 2 || !strings.HasPrefix(fs[0].Text, "In 2026 Beta | Labs leads the paid segments with 55.0% of revenue, 10.0 pp ahead of Alpha Cloud") {
		t.Fatalf("findings %+v; want the leader first", fs)
	}
	for _, f := range fs {
		if f.Chart == "" || f.Context != "" {
			t.Errorf("finding %q: chart %q, context %q; want a chart and no context without an ensemble", f.Text, f.Chart, f.Context)
		}
	}
	tests := []struct {
		name    string
		values  []float64
		outside bool
		want    string
	}{
		{"the run within the ensemble's middle", []float64{0.4, 0.5, 0.55, 0.6, 0.7}, false, "median 55.0%, P10–P90 44.0% to 66.0%; this run is above 2 of the 5"},
		{"the run above every other", []float64{0.1, 0.2, 0.3, 0.4, 0.5}, true, "Unusual: this run's 55.0% is above the P10–P90 of a 5-run ensemble (14.0% to 46.0%); its median is 30.0%"},
	}
	for _, tc := range tests {
		ctx := &EnsembleContext{Runs: len(tc.values), Values: map[string][]float64{"beta.revenue_share": tc.values}}
		f := Findings(r, ctx)[0]
		if f.Outside != tc.outside || !strings.Contains(f.Context, tc.want) {
			t.Errorf("%s: outside %v, context %q; want %v and %q", tc.name, f.Outside, f.Context, tc.outside, tc.want)
		}
	}
}

// A cloud that loses money while its consumer users are worth something to
// its group is stated as that trade-off.
func TestLossFindingStatesGroupValue(t *testing.T) {
	r := tinyResult()
	for i := range r.Records {
		if rec := &r.Records[i]; rec.Company == "alpha" && rec.Metric == market.MetricProfit && rec.Segment == "" {
			rec.Value = -1e8
		}
	}
	for _, d := range r.Months {
		r.Records = append(r.Records, market.Record{Day: d, Company: "alpha", Metric: market.MetricGroupValue, Value: 3e8})
	}
	for _, f := range Findings(r, nil) {
		if f.Chart == "revenue-profit.png" {
			if want := "Alpha Cloud (-$500.0M; its users are worth $1.50B to its group)"; !strings.Contains(f.Text, want) {
				t.Errorf("money finding %q; want %q", f.Text, want)
			}
			return
		}
	}
	t.Error("no money finding")
}
