package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"
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
	Name            string  // the company's short name
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

// Main returns the index of the largest part in the direction of the
// change from the first year to the final one, and of the largest part
// against it; -1 where there is none.
func (r *DriverRow) Main() (with, against int) {
	up := r.Final >= r.First
	with, against = -1, -1
	for k, p := range r.Parts {
		if (p > 0) == up && (with < 0 || math.Abs(p) > math.Abs(r.Parts[with])) {
			with = k
		}
		if (p > 0) != up && p != 0 && (against < 0 || math.Abs(p) > math.Abs(r.Parts[against])) {
			against = k
		}
	}
	return with, against
}

// WriteCSV writes one row per outcome and step.
func (d *Drivers) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"outcome", "company", "metric", "step", "value"})
	for _, r := range d.Rows {
		put := func(step string, v float64) {
			cw.Write([]string{r.Outcome.ID, r.Company, r.Metric, step, formatFloat(v)})
		}
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

// Sentences states, for the n largest clouds by final-year revenue share,
// how their share moved, the group that moved it most in that direction
// and, when large, the group that pulled hardest the other way.
func (d *Drivers) Sentences(n int) []string {
	var out []string
	for _, c := range d.Companies(n) {
		r := d.Row(c, "revenue_share")
		up := r.Final >= r.First
		with, against := r.Main()
		verb := "rises"
		if !up {
			verb = "falls"
		}
		o := r.Outcome
		s := fmt.Sprintf("%s's share %s %s (%s → %s)", r.Name, verb, strings.TrimLeft(o.FormatDelta(r.Final-r.First), "+−"), o.Format(r.First), o.Format(r.Final))
		if with >= 0 {
			s += fmt.Sprintf(", most from %s (%s)", d.Groups[with].Name, o.FormatDelta(r.Parts[with]))
		}
		if against >= 0 && (with < 0 || math.Abs(r.Parts[against]) >= math.Abs(r.Parts[with])/4) {
			s += fmt.Sprintf(", while %s pulls the other way (%s)", d.Groups[against].Name, o.FormatDelta(r.Parts[against]))
		}
		out = append(out, s+".")
	}
	return out
}
