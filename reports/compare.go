package reports

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Comparison is two or more scenarios run side by side with the same
// seeds: what differs in their inputs, how their outcomes differ, and how
// much of each gap every differing input explains. The first scenario is
// the reference the others are compared with.
type Comparison struct {
	Seed            uint64
	Runs            int // runs per scenario: 1 is a single run at the stated values, more an ensemble
	AttributionRuns int // seeds per attribution run, averaged
	Scenarios       []ComparedScenario
	Companies       []market.CompanyInfo // of every scenario, the first's order first
	Segments        []market.SegmentInfo
	Outcomes        []OutcomeInfo // the final-year outcomes compared
	Attributed      []int         // indices into Outcomes of the outcomes whose gaps are attributed
	FinalYear       int
}

// ComparedScenario is one scenario of a comparison.
type ComparedScenario struct {
	Name  string // unique within the comparison
	Title string
	Hash  string
	Bands []Band  // its headline series, as an ensemble's (one run: every quantile is the run's value)
	Stats []Stats // per outcome, over its runs
	// Deltas are, per outcome, the run-by-run differences from the first
	// scenario (run i against run i, which share their seed and sampled
	// values); nil for the first.
	Deltas      []Stats
	Inputs      []CompareInput     // how it differs from the first
	Groups      []AttributionGroup // what the attribution applies alone to the first
	Attribution []Attribution      // per attributed outcome; nil for the first
}

// AttributionGroup is what the attribution applies on its own to the
// first scenario: one input, or every input of one entry (a chip, a
// provider, the event list).
type AttributionGroup struct {
	Name   string // the input's path, or the entry's, e.g. "providers.alibaba"
	Inputs []int  // indices into Inputs
	// Alone is why the group cannot be applied to the first scenario on
	// its own (it needs another, say a chip it refers to), or "".
	Alone string
}

// CompareInput is one input in which a scenario differs from the first.
type CompareInput struct {
	Path  string
	Paths []string // every path it changes (a number reused through a YAML anchor)
	Kind  string   // number, range, date, value, list or entry
	A, B  string   // the first scenario's and this one's, for people
}

// String is the input as diff.txt writes it: "path: a → b".
func (in CompareInput) String() string {
	s := in.Path + ": " + in.A + " → " + in.B
	if len(in.Paths) > 1 {
		s += " (also " + strings.Join(in.Paths[1:], ", ") + ")"
	}
	return s
}

// Attribution splits the gap in one outcome between the first scenario
// and another, both at their stated values, into the effect of each
// differing input applied alone to the first, plus what is left: the
// inputs' interactions.
type Attribution struct {
	Outcome int       // index into Comparison.Outcomes
	A, B    float64   // the outcome in the first scenario and in this one
	Effects []float64 // per group: the first scenario with that group, less the first; NaN if it cannot be applied alone
}

// Gap is B − A.
func (a Attribution) Gap() float64 { return a.B - a.A }

// Interaction is the part of the gap the inputs alone do not explain.
func (a Attribution) Interaction() float64 {
	r := a.Gap()
	for _, e := range a.Effects {
		if !math.IsNaN(e) {
			r -= e
		}
	}
	return r
}

// WriteCompareCSV writes the final-year outcomes, one row per outcome and
// scenario: the outcome, the scenario, its runs, the median and P5 and P95
// of the outcome over them, and the difference from the first scenario
// (run by run): its mean, median, P5 and P95 (empty for the first).
func WriteCompareCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	head := []string{"outcome", "scenario", "runs", "p5", "p50", "p95", "delta_mean", "delta_p5", "delta_p50", "delta_p95"}
	if err := cw.Write(head); err != nil {
		return err
	}
	for o, out := range c.Outcomes {
		for _, s := range c.Scenarios {
			st := s.Stats[o]
			row := []string{out.ID, s.Name, strconv.Itoa(st.Runs), formatFloat(st.P[0]), formatFloat(st.P[2]), formatFloat(st.P[4])}
			if s.Deltas == nil {
				row = append(row, "", "", "", "")
			} else {
				d := s.Deltas[o]
				row = append(row, formatFloat(d.Mean), formatFloat(d.P[0]), formatFloat(d.P[2]), formatFloat(d.P[4]))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteInputsCSV writes the input diff: one row per scenario after the
// first and differing input: the scenario, the path, the other paths it
// changes (separated by spaces), the kind, the first scenario's and this
// one's values, and the attribution group it belongs to.
func WriteInputsCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scenario", "path", "also", "kind", "reference", "value", "group"}); err != nil {
		return err
	}
	for _, s := range c.Scenarios[1:] {
		group := make([]string, len(s.Inputs))
		for _, g := range s.Groups {
			for _, i := range g.Inputs {
				group[i] = g.Name
			}
		}
		for i, in := range s.Inputs {
			also := ""
			if len(in.Paths) > 1 {
				also = strings.Join(in.Paths[1:], " ")
			}
			if err := cw.Write([]string{s.Name, in.Path, also, in.Kind, in.A, in.B, group[i]}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteDiffText writes the input diff for people: per scenario after the
// first, one line per input, "path: a → b".
func WriteDiffText(w io.Writer, c *Comparison) error {
	var b strings.Builder
	ref := c.Scenarios[0].Name
	for _, s := range c.Scenarios[1:] {
		b.WriteString(s.Name + " against " + ref + ", after extends and --set:\n")
		if len(s.Inputs) == 0 {
			b.WriteString("  (no input differs)\n")
		}
		for _, in := range s.Inputs {
			b.WriteString("  " + in.String() + "\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteAttributionCSV writes the attribution: per scenario after the
// first and attributed outcome, one row per group (an input, or an
// entry's inputs), then "(interaction)" and "(total)": the outcome in the
// first scenario and in this one, the effect (empty if the group cannot
// be applied alone), and its share of the gap.
func WriteAttributionCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"scenario", "outcome", "group", "reference_value", "value", "effect", "share_of_gap"}); err != nil {
		return err
	}
	for _, s := range c.Scenarios[1:] {
		for _, a := range s.Attribution {
			id := c.Outcomes[a.Outcome].ID
			write := func(input string, effect float64) error {
				share := math.NaN()
				if a.Gap() != 0 {
					share = effect/a.Gap() + 0 // +0 turns −0 into 0
				}
				return cw.Write([]string{s.Name, id, input, formatFloat(a.A), formatFloat(a.B), formatFloat(effect), formatFloat(share)})
			}
			for i, g := range s.Groups {
				if err := write(g.Name, a.Effects[i]); err != nil {
					return err
				}
			}
			if err := write("(interaction)", a.Interaction()); err != nil {
				return err
			}
			if err := write("(total)", a.Gap()); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteCompareBandsCSV writes every scenario's bands in tidy form, as
// bands.csv of an ensemble with the scenario first.
func WriteCompareBandsCSV(w io.Writer, c *Comparison) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"scenario"}, bandsHeader...)); err != nil {
		return err
	}
	for _, s := range c.Scenarios {
		for _, b := range s.Bands {
			seg := b.Segment
			if seg == "" {
				seg = TotalSegment
			}
			row := []string{s.Name, b.Date.Format(time.DateOnly), b.Company, seg, b.Metric, strconv.FormatUint(b.Runs, 10)}
			for _, v := range b.P {
				row = append(row, formatFloat(v))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
