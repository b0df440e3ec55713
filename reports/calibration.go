package reports

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Calibration is the result of fitting a scenario's ranged numbers to its
// dated targets: the numbers before and after, each target's figure and
// error before and after, how well the data pin the numbers down, and a
// hold-out check.
type Calibration struct {
	Scenario      string
	Seeds         []uint64 // every point ran with these, averaged
	Evaluations   int      // Nelder–Mead evaluations of the main fit
	Params        []CalibrationParam
	Rows          []CalibrationRow
	Before, After float64 // weighted error (RMS of the targets' errors) of all targets
	Screening     []CalibrationScreen
	// Unreached are the targets whose error no ranged number moves by a
	// tenth of a tolerance from one end of its range to the other: no fit
	// of these numbers can improve them.
	Unreached []string

	Flat  []FlatDirection   // directions in which the error barely changes
	Pairs []CorrelatedPair  // pairs of numbers the data cannot tell apart
	Hold  *CalibrationCheck // the hold-out check; nil if not run
}

// CalibrationParam is a fitted number.
type CalibrationParam struct {
	SensitivityParam
	Fitted     float64
	FittedText string
}

// CalibrationRow is one target before and after the fit. Errors are
// misses over the tolerance: ±1 is a miss of one tolerance.
type CalibrationRow struct {
	Target                  market.Target
	Tolerance               string // e.g. "2 pp" or "10%"
	Before, After           float64
	ErrorBefore, ErrorAfter float64
	HeldOut                 bool // in the hold-out check's test set
}

// CalibrationScreen is one number's effect on the targets in the screening:
// the norm of the change of the errors between the ends of its range.
type CalibrationScreen struct {
	Path   string
	Effect float64
	Chosen bool
}

// FlatDirection is an eigenvector of the error's curvature whose
// eigenvalue is small: moving the numbers together this way (positions
// within their ranges) barely changes the fit.
type FlatDirection struct {
	Curvature float64
	Weights   map[string]float64 // path → component, only the large ones
}

// CorrelatedPair is two fitted numbers whose estimates move together.
type CorrelatedPair struct {
	A, B        string
	Correlation float64
}

// CalibrationCheck is the hold-out check: the fit repeated on the train
// targets, with the weighted error of the test targets it did not see.
type CalibrationCheck struct {
	Train, Test             []string
	TrainBefore, TrainAfter float64
	TestBefore, TestAfter   float64
}

// WriteFitCSV writes the fit table.
func (c *Calibration) WriteFitCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"target", "kind", "company", "segment", "source_value", "before", "after", "error_before", "error_after", "tolerance", "held_out", "source"})
	for _, r := range c.Rows {
		t := r.Target
		cw.Write([]string{t.Name, string(t.Kind), t.Company, t.Segment, formatFloat(t.Value), formatFloat(r.Before), formatFloat(r.After),
			formatFloat(r.ErrorBefore), formatFloat(r.ErrorAfter), r.Tolerance, fmt.Sprint(r.HeldOut), t.Source})
	}
	cw.Flush()
	return cw.Error()
}

// Markdown writes the calibration for people: the fitted numbers, the fit
// table, identifiability and the hold-out check.
func (c *Calibration) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Calibration of %s\n\n", c.Scenario)
	fmt.Fprintf(&b, "Weighted error (root mean square of each target's miss over its tolerance) %.2f before, %.2f after; "+
		"%d Nelder–Mead evaluations, each averaged over seeds %v.\n\n", c.Before, c.After, c.Evaluations, c.Seeds)
	b.WriteString("## Fitted numbers\n\n| number | range | before | after |\n|---|---|---:|---:|\n")
	for _, p := range c.Params {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", p.Path, p.RangeText(), p.ValueText, p.FittedText)
	}
	b.WriteString("\n## Targets\n\n")
	b.WriteString(c.Table())
	if len(c.Screening) > 0 {
		b.WriteString("\n## Screening\n\nEach ranged number at the low and at the high end of its range: how much the targets' errors change (norm over the targets).\n\n| number | effect | fitted |\n|---|---:|---|\n")
		for _, s := range c.Screening {
			fmt.Fprintf(&b, "| %s | %.3g | %s |\n", s.Path, s.Effect, map[bool]string{true: "yes", false: ""}[s.Chosen])
		}
	}
	if len(c.Unreached) > 0 {
		fmt.Fprintf(&b, "\nNo ranged number moves these targets by a tenth of a tolerance, so no fit can improve them; give a range to the numbers that drive them: %s.\n",
			strings.Join(c.Unreached, "; "))
	}
	b.WriteString("\n## Identifiability\n\n")
	b.WriteString(c.Identifiability())
	if h := c.Hold; h != nil {
		fmt.Fprintf(&b, "\n## Hold-out check\n\nFitted again on %d targets only; the %d others (%s) had a weighted error of %.2f before and %.2f after "+
			"(train targets: %.2f before, %.2f after).\n", len(h.Train), len(h.Test), strings.Join(h.Test, "; "), h.TestBefore, h.TestAfter, h.TrainBefore, h.TrainAfter)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Identifiability states the flat directions and correlated pairs.
func (c *Calibration) Identifiability() string {
	var b strings.Builder
	if len(c.Flat) == 0 {
		b.WriteString("No flat direction: every fitted number, and every combination of them, changes the fit.\n")
	}
	for _, f := range c.Flat {
		var parts []string
		for _, p := range c.Params {
			if v, ok := f.Weights[p.Path]; ok {
				parts = append(parts, fmt.Sprintf("%+.2f·%s", v, p.Path))
			}
		}
		fmt.Fprintf(&b, "- Flat direction (curvature %.3g): %s. The targets barely tell these values apart along this line.\n", f.Curvature, strings.Join(parts, " "))
	}
	for _, p := range c.Pairs {
		fmt.Fprintf(&b, "- %s and %s are correlated (%.2f): the targets pin down a combination of them more than each.\n", p.A, p.B, p.Correlation)
	}
	return b.String()
}

// Table is the fit table in Markdown: source against simulated before and
// after, and the errors in tolerances.
func (c *Calibration) Table() string {
	var b strings.Builder
	b.WriteString("| target | source | before | after | error before | error after |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range c.Rows {
		t := r.Target
		held := ""
		if r.HeldOut {
			held = " (held out)"
		}
		fmt.Fprintf(&b, "| %s%s | %s | %s | %s | %s | %s |\n", t.Name, held, t.Kind.Format(t.Value), t.Kind.Format(r.Before), t.Kind.Format(r.After),
			signed(r.ErrorBefore), signed(r.ErrorAfter))
	}
	fmt.Fprintf(&b, "| **weighted error** | | | | **%.2f** | **%.2f** |\n", c.Before, c.After)
	return b.String()
}

// signed writes an error in tolerances.
func signed(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%+.2f", v)
}
