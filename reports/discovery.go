package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// Discovery is the result of scenario discovery over a Monte Carlo study:
// the runs where a condition holds (the cases), the PRIM peeling
// trajectory from the whole parameter space to small dense boxes, and
// the chosen box's limits.
type Discovery struct {
	Scenario, Condition string
	Runs, Cases         int
	Params              []SensitivityParam // the varied parameters, PRIM's inputs
	Threshold           float64            // the density asked for; 0: the knee was chosen
	Trajectory          []DiscoveryBox
	Chosen              int // index in Trajectory of the box that was pasted
	Box                 DiscoveryBox
	Limits              []DiscoveryLimit // the box's restricted parameters, in Params order
	BoxRuns             []bool           // per run: inside the box
	Closest             string           // with no case: the run that came closest, in words
}

// DiscoveryBox is how well one box picks out the cases.
type DiscoveryBox struct {
	Coverage   float64 // cases in the box over all cases
	Density    float64 // cases in the box over runs in the box
	Support    int     // runs in the box
	Restricted int     // parameters the box limits
}

// DiscoveryLimit is the box's range of one parameter, within its range.
type DiscoveryLimit struct {
	Param             int // index in Params
	Low, High         float64
	LowText, HighText string
	LowSet, HighSet   bool // whether the box limits that side
}

// Text is the limit for people, e.g. "chips.h20.price ≤ $14K".
func (d *Discovery) Text(l DiscoveryLimit) string {
	p := d.Params[l.Param].Path
	switch {
	case l.LowSet && l.HighSet:
		return fmt.Sprintf("%s between %s and %s", p, l.LowText, l.HighText)
	case l.LowSet:
		return fmt.Sprintf("%s ≥ %s", p, l.LowText)
	}
	return fmt.Sprintf("%s ≤ %s", p, l.HighText)
}

// Summary states the result in a few sentences of Markdown.
func (d *Discovery) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Condition `%s` holds in %d of %d runs (%.0f%%).\n\n", d.Condition, d.Cases, d.Runs, 100*float64(d.Cases)/float64(max(d.Runs, 1)))
	switch {
	case d.Cases == 0:
		b.WriteString("No run meets it, so no box can explain it.")
		if d.Closest != "" {
			b.WriteString(" " + d.Closest)
		}
		b.WriteString("\n")
		return b.String()
	case len(d.Limits) == 0:
		fmt.Fprintf(&b, "No box of parameter limits beats the base rate of %.0f%%: the condition depends on chance (the seed) more than on the sampled numbers.\n", 100*d.Box.Density)
		return b.String()
	}
	how := "at the knee of the coverage–density trade-off"
	if d.Threshold > 0 {
		how = fmt.Sprintf("the widest box with a density of at least %.0f%%", 100*d.Threshold)
		if d.Box.Density < d.Threshold {
			how = fmt.Sprintf("no box reaches a density of %.0f%%; the densest", 100*d.Threshold)
		}
	}
	fmt.Fprintf(&b, "The box (%s) holds %d runs; the condition holds in %.0f%% of them (density; %.0f%% overall) and it covers %.0f%% of the runs where it holds (coverage). Its limits:\n\n",
		how, d.Box.Support, 100*d.Box.Density, 100*float64(d.Cases)/float64(d.Runs), 100*d.Box.Coverage)
	for _, l := range d.Limits {
		fmt.Fprintf(&b, "- %s (range %s)\n", d.Text(l), d.Params[l.Param].RangeText())
	}
	return b.String()
}

// WriteBoxCSV writes the chosen box: one row per restricted parameter.
func (d *Discovery) WriteBoxCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"param", "box_low", "box_high", "range_low", "range_high", "coverage", "density", "support"})
	for _, l := range d.Limits {
		p := d.Params[l.Param]
		cw.Write([]string{p.Path, formatFloat(l.Low), formatFloat(l.High), formatFloat(p.Low), formatFloat(p.High),
			formatFloat(d.Box.Coverage), formatFloat(d.Box.Density), fmt.Sprint(d.Box.Support)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTrajectoryCSV writes the peeling trajectory, one row per box.
func (d *Discovery) WriteTrajectoryCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"step", "coverage", "density", "support", "restricted", "chosen"})
	for i, b := range d.Trajectory {
		cw.Write([]string{fmt.Sprint(i), formatFloat(b.Coverage), formatFloat(b.Density), fmt.Sprint(b.Support), fmt.Sprint(b.Restricted), fmt.Sprint(i == d.Chosen)})
	}
	cw.Flush()
	return cw.Error()
}
