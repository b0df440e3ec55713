package hardware

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"text/tabwriter"
)

// Phase is what a [Measurement] measured.
type Phase string

// The phases of text serving a measurement can cover.
const (
	PhasePrefill Phase = "prefill" // input tokens/s per chip (cache hits included)
	PhaseDecode  Phase = "decode"  // output tokens/s per chip
	PhaseMixed   Phase = "mixed"   // output tokens/s per chip with the prefill of the workload's mix included
)

// Measurement is one published serving throughput, per chip, with the chip
// and model as they were measured.
type Measurement struct {
	Source   string // who published it, and when
	URL      string
	Chip     Chip
	Workload Workload // context, latency target, traffic mix and cached share as measured
	Phase    Phase
	Note     string // how the figure was read from the source; estimates

	MeasuredTokensPerSecPerChip float64
	// ScenarioChip is the scenario chip whose serving efficiency the row
	// informs (an H800 informs "h100").
	ScenarioChip string
}

// Measurements returns the published serving figures the project knows
// (measurements.go), in a fresh slice.
func Measurements() []Measurement { return slices.Clone(measurements) }

// Check is a measurement with its prediction.
type Check struct {
	Measurement
	Roofline   float64 // prediction at serving efficiency 1, tokens/s per chip
	Efficiency float64 // the serving efficiency fitted to the rows of this chip × model
	Predicted  float64 // Roofline × Efficiency
	Ratio      float64 // Predicted / measured
}

// Fit is the serving efficiency of one chip × model, fitted to its rows.
type Fit struct {
	Chip, Workload, ScenarioChip string
	MoE                          bool // a mixture of experts (active < total parameters)
	Rows                         int
	Efficiency                   float64 // geometric mean of measured / roofline over the rows
}

// Validation predicts every measurement under k's compute and memory
// efficiencies and HBM reserve (its serving efficiency is not used), fits
// one serving efficiency per chip × model (the geometric mean of measured
// over roofline across its rows) and returns each row with its roofline,
// fitted efficiency, prediction and ratio, in table order, and the fits in
// order of first appearance. With one factor per pair and rows that mix
// prefill and decode differently, the ratios test the prefill/decode split:
// a pair whose rows disagree cannot be fitted by one factor.
func Validation(k Costs) ([]Check, []Fit, error) {
	k.ServingEfficiency = 0
	checks := make([]Check, len(measurements))
	var fits []Fit
	at := map[string]int{}
	logSum := map[string]float64{}
	for i, m := range measurements {
		roof, err := roofline1(m, k)
		if err != nil {
			return nil, nil, fmt.Errorf("measurement %d (%s on %s): %w", i+1, m.Workload.ID, m.Chip.ID, err)
		}
		checks[i] = Check{Measurement: m, Roofline: roof}
		key := m.Chip.ID + "/" + m.Workload.ID
		if _, ok := at[key]; !ok {
			at[key] = len(fits)
			fits = append(fits, Fit{Chip: m.Chip.ID, Workload: m.Workload.ID, ScenarioChip: m.ScenarioChip,
				MoE: m.Workload.ActiveParamsB < m.Workload.TotalParamsB})
		}
		fits[at[key]].Rows++
		logSum[key] += math.Log(m.MeasuredTokensPerSecPerChip / roof)
	}
	for i := range fits {
		key := fits[i].Chip + "/" + fits[i].Workload
		fits[i].Efficiency = math.Exp(logSum[key] / float64(fits[i].Rows))
	}
	for i := range checks {
		c := &checks[i]
		c.Efficiency = fits[at[c.Chip.ID+"/"+c.Workload.ID]].Efficiency
		c.Predicted = c.Roofline * c.Efficiency
		c.Ratio = c.Predicted / c.MeasuredTokensPerSecPerChip
	}
	return checks, fits, nil
}

// roofline1 is m's prediction at serving efficiency 1: input tokens/s
// (cache hits included) for prefill, output tokens/s for decode and mixed.
func roofline1(m Measurement, k Costs) (float64, error) {
	c := m.Chip
	c.ServingEfficiency, c.ModelEfficiency = 0, nil
	s, err := serve(c, m.Workload, k)
	if err != nil {
		return 0, err
	}
	w := m.Workload
	switch m.Phase {
	case PhasePrefill:
		return s.PrefillTokensPerSecPerChip / (1 - w.CachedInputShare), nil
	case PhaseDecode:
		return s.DecodeTokensPerSecPerChip, nil
	case PhaseMixed:
		return outputTokensPerSec(s.DecodeTokensPerSecPerChip, s.PrefillTokensPerSecPerChip,
			w.InputTokensPerOutputToken, w.CachedInputShare), nil
	}
	return 0, fmt.Errorf("unknown phase %q", m.Phase)
}

// EfficiencyDefaults derives serving-efficiency defaults from fits: the
// geometric mean over the mixture-of-experts fits (the models a scenario
// serves are mostly mixtures of experts), and the same per scenario chip.
// Dense fits are reported but not used: dense models reach a larger share
// of the roofline than the mixtures of experts the market serves.
func EfficiencyDefaults(fits []Fit) (moe float64, byChip map[string]float64) {
	var all float64
	var n int
	sums, counts := map[string]float64{}, map[string]int{}
	for _, f := range fits {
		if !f.MoE {
			continue
		}
		all += math.Log(f.Efficiency)
		n++
		sums[f.ScenarioChip] += math.Log(f.Efficiency)
		counts[f.ScenarioChip]++
	}
	byChip = make(map[string]float64, len(sums))
	for c, s := range sums {
		byChip[c] = math.Exp(s / float64(counts[c]))
	}
	if n == 0 {
		return 0, byChip
	}
	return math.Exp(all / float64(n)), byChip
}

// WriteValidation writes checks as an aligned table (chip, model, phase,
// measured, roofline, fitted efficiency, predicted, ratio, source), then the
// fits, the defaults they imply, and the sources' URLs.
func WriteValidation(w io.Writer, checks []Check, fits []Fit) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tCHIP\tMODEL\tPHASE\tMEASURED\tROOFLINE\tEFF\tPREDICTED\tRATIO\tSOURCE: NOTE")
	for i, c := range checks {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%.0f%%\t%s\t%.2f\t%s: %s\n", i+1, c.Chip.ID, c.Workload.ID, c.Phase,
			num(c.MeasuredTokensPerSecPerChip), num(c.Roofline), 100*c.Efficiency, num(c.Predicted), c.Ratio, c.Source, c.Note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprint(w, "\nTokens/s per chip: input tokens for prefill, output tokens for decode and mixed. EFF is fitted per chip x model")
	if slices.ContainsFunc(fits, func(f Fit) bool { return f.Efficiency > 1 }) {
		fmt.Fprint(w, "; above 100%, the measurements beat the roofline at these compute and memory efficiencies")
	}
	fmt.Fprintln(w, ".")
	for _, f := range fits {
		kind := "dense"
		if f.MoE {
			kind = "MoE"
		}
		fmt.Fprintf(w, "  %s x %s (%s, %d rows): %.0f%%\n", f.Chip, f.Workload, kind, f.Rows, 100*f.Efficiency)
	}
	moe, byChip := EfficiencyDefaults(fits)
	fmt.Fprintf(w, "Implied defaults (geometric means of the MoE fits): every chip %.0f%%", 100*moe)
	chips := make([]string, 0, len(byChip))
	for c := range byChip {
		chips = append(chips, c)
	}
	slices.SortFunc(chips, cmp.Compare)
	for _, c := range chips {
		fmt.Fprintf(w, "; %s %.0f%%", c, 100*byChip[c])
	}
	fmt.Fprintln(w, ".\nSources:")
	seen := map[string]bool{}
	for _, c := range checks {
		if !seen[c.URL] {
			seen[c.URL] = true
			fmt.Fprintf(w, "  %s: %s\n", c.Source, c.URL)
		}
	}
	return nil
}
