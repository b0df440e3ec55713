package hardware

import (
	"errors"
	"fmt"
	"math"
)

// Origin says where a chip is designed, which matters for export controls
// and domestic-chip policies.
type Origin string

// The origins a chip can have.
const (
	Domestic Origin = "domestic" // designed in China (Ascend, Zhenwu, ...)
	Foreign  Origin = "foreign"  // designed abroad (Nvidia, ...)
)

// Chip describes one AI accelerator. All rates are dense peak figures as
// published; efficiencies are applied by [Costs].
type Chip struct {
	ID     string // stable key, e.g. "h20"
	Name   string // display name, e.g. "Nvidia H20"
	Vendor string

	HBMGB               float64 // on-package memory capacity, GB
	MemoryBandwidthGBps float64 // HBM bandwidth, GB/s (not the chip-to-chip link)
	InterconnectGBps    float64 // chip-to-chip link bandwidth, GB/s; 0 if unknown
	BF16TFLOPS          float64 // dense BF16 peak, TFLOPS
	FP8TFLOPS           float64 // dense 8-bit (FP8 or INT8) peak, TFLOPS; 0 means unsupported (BF16 is used)

	TDPW          float64 // thermal design power, W
	PriceUSD      float64 // unit price, USD
	LifetimeYears float64 // straight-line depreciation period, years
	Origin        Origin

	// ServingEfficiency is the chip's achieved fraction of the roofline for
	// text workloads, in [0, 1]; 0 means Costs.ServingEfficiency applies.
	// ModelEfficiency overrides it per workload ID, each in (0, 1]. See
	// efficiency.go for what the factor stands for.
	ServingEfficiency float64
	ModelEfficiency   map[string]float64
}

// Validate reports every non-physical value in c, joined into one error, or
// nil if c is usable.
func (c Chip) Validate() error {
	var errs []error
	if c.ID == "" {
		errs = append(errs, errors.New("ID is empty"))
	}
	errs = appendIf(errs, positive("HBMGB", c.HBMGB))
	errs = appendIf(errs, positive("MemoryBandwidthGBps", c.MemoryBandwidthGBps))
	errs = appendIf(errs, nonNegative("InterconnectGBps", c.InterconnectGBps))
	errs = appendIf(errs, positive("BF16TFLOPS", c.BF16TFLOPS))
	errs = appendIf(errs, nonNegative("FP8TFLOPS", c.FP8TFLOPS))
	errs = appendIf(errs, nonNegative("TDPW", c.TDPW))
	errs = appendIf(errs, nonNegative("PriceUSD", c.PriceUSD))
	errs = appendIf(errs, positive("LifetimeYears", c.LifetimeYears))
	errs = append(errs, c.efficiencyErrors()...)
	if c.Origin != Domestic && c.Origin != Foreign {
		errs = append(errs, fmt.Errorf("Origin = %q, want %q or %q", c.Origin, Domestic, Foreign))
	}
	if len(errs) == 0 {
		return nil
	}
	return wrapAll(fmt.Sprintf("chip %q", c.ID), errs)
}

// peakTFLOPS returns the dense peak used for a model stored at bytesPerParam
// bytes per parameter, and the precision's name: FP8 (the chip's 8-bit peak,
// FP8 or INT8) when the weights are 8-bit or smaller and the chip has one,
// otherwise BF16.
func (c Chip) peakTFLOPS(bytesPerParam float64) (float64, string) {
	if bytesPerParam <= 1 && c.FP8TFLOPS > 0 {
		return c.FP8TFLOPS, "fp8"
	}
	return c.BF16TFLOPS, "bf16"
}

// positive returns an error unless v is finite and greater than zero.
func positive(name string, v float64) error {
	if v > 0 && !math.IsInf(v, 0) {
		return nil
	}
	return fmt.Errorf("%s = %g, want > 0", name, v)
}

// nonNegative returns an error unless v is finite and at least zero.
func nonNegative(name string, v float64) error {
	if v >= 0 && !math.IsInf(v, 0) {
		return nil
	}
	return fmt.Errorf("%s = %g, want >= 0", name, v)
}

func appendIf(errs []error, err error) []error {
	if err != nil {
		return append(errs, err)
	}
	return errs
}

// wrapAll prefixes each error with what (e.g. chip "h20") and joins them.
func wrapAll(what string, errs []error) error {
	wrapped := make([]error, len(errs))
	for i, err := range errs {
		wrapped[i] = fmt.Errorf("%s: %w", what, err)
	}
	return errors.Join(wrapped...)
}
