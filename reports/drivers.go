package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
)

// Drivers attributes each provider's final-year outcomes to groups of the
// scenario's time-varying inputs (see study.Drivers): first year, drift
// with every group frozen, one Shapley part per group, final year.
type Drivers struct {
	Scenario             string
	Seed                 uint64
	Runs                 int
	FirstYear, FinalYear int
	Groups               []DriverGroupInfo
	Rows                 []DriverRow
}

// DriverGroupInfo names a group and says what freezing it does.
type DriverGroupInfo struct{ Name, Holds string }

// DriverRow is one outcome's decomposition: First + (Frozen − First) +
// ΣParts = Final, up to rounding.
type DriverRow struct {
	Outcome         OutcomeInfo
	Company, Metric string
	First           float64 // the first calendar year's value in the scenario's run
	Frozen          float64 // the final year's value with every group frozen
	Final           float64 // the final year's value in the scenario's run
	Parts           []float64
}

// Row returns the decomposition of metric for company, or nil.
func (d *Drivers) Row(company, metric string) *DriverRow {
	for i := range d.Rows {
		if d.Rows[i].Company == company && d.Rows[i].Metric == metric {
			return &d.Rows[i]
		}
	}
	return nil
}

// Largest returns the index of the part with the largest magnitude.
func (r *DriverRow) Largest() int {
	best := 0
	for k, p := range r.Parts {
		if math.Abs(p) > math.Abs(r.Parts[best]) {
			best = k
		}
	}
	return best
}

// WriteCSV writes one row per outcome and step.
func (d *Drivers) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"outcome", "company", "metric", "step", "value"})
	for _, r := range d.Rows {
		put := func(step string, v float64) { cw.Write([]string{r.Outcome.ID, r.Company, r.Metric, step, formatFloat(v)}) }
		put(fmt.Sprintf("first year (%d)", d.FirstYear), r.First)
		put("drift with every group frozen", r.Frozen-r.First)
		for k, g := range d.Groups {
			put(g.Name, r.Parts[k])
		}
		put(fmt.Sprintf("final year (%d)", d.FinalYear), r.Final)
	}
	cw.Flush()
	return cw.Error()
}
