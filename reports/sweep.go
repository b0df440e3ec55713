package reports

import (
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
)

// Stats summarises the runs of one design point: their number, mean and
// quantiles at BandQuantiles (all equal when there is one run).
type Stats struct {
	Runs int
	Mean float64
	P    [5]float64
}

// ExactStats returns the Stats of xs, ignoring NaNs. Quantiles interpolate
// between order statistics at rank q·(n−1), as R's default does and as the
// ensembles' sketches approximate. Stats of no values are NaN.
func ExactStats(xs []float64) Stats {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	s := Stats{Runs: len(v), Mean: math.NaN()}
	for i := range s.P {
		s.P[i] = math.NaN()
	}
	if len(v) == 0 {
		return s
	}
	slices.Sort(v)
	var sum float64
	for _, x := range v {
		sum += x
	}
	s.Mean = sum / float64(len(v))
	for i, q := range BandQuantiles {
		h := q * float64(len(v)-1)
		lo := int(math.Floor(h))
		hi := min(lo+1, len(v)-1)
		s.P[i] = v[lo] + (h-float64(lo))*(v[hi]-v[lo])
	}
	return s
}

// Sweep is a one- or two-parameter sweep of a scenario: every
// combination of the axes' values, run Runs times each.
type Sweep struct {
	Scenario, Title, Hash string
	Seed                  uint64
	Runs                  int // runs per point, with seeds shared by every point
	Axes                  []SweepAxis
	Outcomes              []OutcomeInfo
	Points                []SweepPoint // the first axis varies slowest
}

// SweepAxis is one swept number.
type SweepAxis struct {
	Path      string    // its dotted path in the scenario
	Unit      string    // the display unit of Values, e.g. "TB/s", "%", or "" for plain numbers
	Money     bool      // the values are US dollars
	Canonical []float64 // the values in the scenario's canonical unit, as sweep.csv writes them
	Values    []float64 // the values in the display unit
	Text      []string  // each value as a scenario would write it
	Log       bool      // the values are spaced evenly on a log scale
	Base      float64   // the scenario's own value, display unit; NaN when it gives none
	Low, High float64   // the scenario's range, display unit; NaN when it gives none
}

// Label is the axis title: the path and the unit.
func (a SweepAxis) Label() string {
	switch {
	case a.Money:
		return a.Path + " (USD)"
	case a.Unit != "":
		return a.Path + " (" + a.Unit + ")"
	}
	return a.Path
}

// SweepPoint is one combination of axis values and its outcomes.
type SweepPoint struct {
	Index []int   // per axis, the index of its value
	Stats []Stats // per outcome
}

// WriteSweepCSV writes a sweep in tidy form, one row per point and
// outcome: the point's index, each axis's value in canonical units (the
// column named by its path), the outcome id, the runs, their mean and
// P5, P25, P50, P75 and P95.
func WriteSweepCSV(w io.Writer, s *Sweep) error {
	cw := csv.NewWriter(w)
	head := []string{"point"}
	for _, a := range s.Axes {
		head = append(head, a.Path)
	}
	head = append(head, "outcome", "runs", "mean", "p5", "p25", "p50", "p75", "p95")
	if err := cw.Write(head); err != nil {
		return err
	}
	for i, p := range s.Points {
		for o, st := range p.Stats {
			row := []string{strconv.Itoa(i)}
			for a, j := range p.Index {
				row = append(row, formatFloat(s.Axes[a].Canonical[j]))
			}
			row = append(row, s.Outcomes[o].ID, strconv.Itoa(st.Runs), formatFloat(st.Mean))
			for _, q := range st.P {
				row = append(row, formatFloat(q))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// formatFloat writes v with the fewest digits that read back exactly.
func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
