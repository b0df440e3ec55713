package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"slices"
	"strconv"
)

// Sensitivity is a sensitivity study of a scenario's ranged numbers: a
// one-at-a-time (OAT) study, a Morris screening, or both.
type Sensitivity struct {
	Scenario, Title, Hash string
	Seed                  uint64
	Runs                  int // seeds per design point, common to every point, averaged
	Params                []SensitivityParam
	Fixed                 int // ranged numbers whose range is a single value, not varied
	Outcomes              []OutcomeInfo
	Base                  []float64 // per outcome: the mean over the seeds with every number at its value

	OAT     [][]OATEffect // [outcome][param]; nil without an OAT study
	OATRuns int

	Morris                           [][]MorrisEffect // [outcome][param]; nil without a Morris study
	MorrisRuns, Trajectories, Levels int
}

// SensitivityParam is a varied number: its path, its unit tag and its
// value and range, in canonical units and as a scenario writes them.
type SensitivityParam struct {
	Path, Unit                   string
	Value, Low, High             float64
	ValueText, LowText, HighText string
}

// RangeText is the range for people: "0.7 TB/s – 2 TB/s".
func (p SensitivityParam) RangeText() string { return p.LowText + " – " + p.HighText }

// OATEffect is the outcome with one number at the low and at the high end
// of its range and every other at its value.
type OATEffect struct{ Low, High float64 }

// Swing is |High − Low|, what the tornado chart sorts by.
func (e OATEffect) Swing() float64 { return math.Abs(e.High - e.Low) }

// MorrisEffect is the Morris summary of a number's elementary effects on
// an outcome, in the outcome's unit per the number's whole range.
type MorrisEffect struct {
	Mu, MuStar, Sigma float64
}

// OATOrder returns the indices of the parameters by swing on outcome o,
// largest first, ties by path.
func (s *Sensitivity) OATOrder(o int) []int {
	idx := make([]int, len(s.Params))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmpDesc(s.OAT[o][a].Swing(), s.OAT[o][b].Swing()), cmp.Compare(s.Params[a].Path, s.Params[b].Path))
	})
	return idx
}

// MorrisOrder returns the indices of the parameters by μ* on outcome o,
// largest first, ties by path.
func (s *Sensitivity) MorrisOrder(o int) []int {
	idx := make([]int, len(s.Params))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Or(cmpDesc(s.Morris[o][a].MuStar, s.Morris[o][b].MuStar), cmp.Compare(s.Params[a].Path, s.Params[b].Path))
	})
	return idx
}

// cmpDesc orders larger first, NaN last.
func cmpDesc(a, b float64) int {
	switch an, bn := math.IsNaN(a), math.IsNaN(b); {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	return cmp.Compare(b, a)
}

// WriteOATCSV writes the one-at-a-time study, one row per outcome and
// number, by swing within each outcome: the outcome, the number's path and
// unit, its low, base and high value (canonical units), the outcome at the
// low end, at the base and at the high end, the two changes from the base,
// the swing and its rank.
func WriteOATCSV(w io.Writer, s *Sensitivity) error {
	cw := csv.NewWriter(w)
	head := []string{"outcome", "parameter", "unit", "low", "base", "high", "outcome_low", "outcome_base", "outcome_high", "delta_low", "delta_high", "swing", "rank"}
	if err := cw.Write(head); err != nil {
		return err
	}
	for o, out := range s.Outcomes {
		for rank, i := range s.OATOrder(o) {
			p, e, b := s.Params[i], s.OAT[o][i], s.Base[o]
			row := []string{out.ID, p.Path, p.Unit, formatFloat(p.Low), formatFloat(p.Value), formatFloat(p.High),
				formatFloat(e.Low), formatFloat(b), formatFloat(e.High), formatFloat(e.Low - b), formatFloat(e.High - b),
				formatFloat(e.Swing()), strconv.Itoa(rank + 1)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMorrisCSV writes the Morris screening, one row per outcome and
// number, by μ* within each outcome: the outcome, the number's path, μ, μ*
// and σ of its elementary effects (the outcome's change over the number's
// whole range), the trajectories and the rank.
func WriteMorrisCSV(w io.Writer, s *Sensitivity) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"outcome", "parameter", "mu", "mu_star", "sigma", "trajectories", "rank"}); err != nil {
		return err
	}
	for o, out := range s.Outcomes {
		for rank, i := range s.MorrisOrder(o) {
			e := s.Morris[o][i]
			row := []string{out.ID, s.Params[i].Path, formatFloat(e.Mu), formatFloat(e.MuStar), formatFloat(e.Sigma),
				strconv.Itoa(s.Trajectories), strconv.Itoa(rank + 1)}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
