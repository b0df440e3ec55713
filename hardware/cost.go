package hardware

import (
	"fmt"
	"math"
)

// HoursPerYear is the length of an average (Julian) year, hours.
const HoursPerYear = 8766

// Costs holds the operating assumptions shared by every chip: what power and
// hosting cost, and how much of a chip's peak a serving stack achieves.
type Costs struct {
	ElectricityUSDPerKWh   float64 // grid price, USD/kWh
	PUE                    float64 // power usage effectiveness of the data centre, ≥ 1
	OverheadUSDPerChipHour float64 // hosting, network and staff per chip, USD/h (estimate)

	ComputeEfficiency  float64 // fraction of peak TFLOPS achieved, (0, 1]
	MemoryEfficiency   float64 // fraction of peak HBM bandwidth achieved, (0, 1]
	HBMReserveFraction float64 // fraction of HBM kept free for activations and fragmentation, [0, 1)

	// ServingEfficiency is the default achieved fraction of the roofline for
	// text workloads on every chip, in [0, 1]; 0 means 1 (no derating).
	// Chips may override it (see efficiency.go).
	ServingEfficiency float64
}

// Validate reports every non-physical value in k, joined into one error, or
// nil if k is usable.
func (k Costs) Validate() error {
	var errs []error
	errs = appendIf(errs, nonNegative("ElectricityUSDPerKWh", k.ElectricityUSDPerKWh))
	if !(k.PUE >= 1) || math.IsInf(k.PUE, 0) {
		errs = append(errs, fmt.Errorf("PUE = %g, want >= 1", k.PUE))
	}
	errs = appendIf(errs, nonNegative("OverheadUSDPerChipHour", k.OverheadUSDPerChipHour))
	errs = appendIf(errs, unitInterval("ComputeEfficiency", k.ComputeEfficiency))
	errs = appendIf(errs, unitInterval("MemoryEfficiency", k.MemoryEfficiency))
	if !(k.ServingEfficiency >= 0 && k.ServingEfficiency <= 1) {
		errs = append(errs, fmt.Errorf("ServingEfficiency = %g, want in [0, 1]", k.ServingEfficiency))
	}
	if !(k.HBMReserveFraction >= 0 && k.HBMReserveFraction < 1) {
		errs = append(errs, fmt.Errorf("HBMReserveFraction = %g, want in [0, 1)", k.HBMReserveFraction))
	}
	if len(errs) == 0 {
		return nil
	}
	return wrapAll("costs", errs)
}

// ChipHourUSD returns the full cost of running c for one hour, USD: the unit
// price depreciated straight-line over its lifetime (HoursPerYear hours a
// year), plus TDP × PUE × electricity price, plus the per-chip overhead. It
// assumes c and k are valid.
func ChipHourUSD(c Chip, k Costs) float64 {
	capex := c.PriceUSD / (c.LifetimeYears * HoursPerYear)
	power := c.TDPW / 1000 * k.PUE * k.ElectricityUSDPerKWh
	return capex + power + k.OverheadUSDPerChipHour
}

// unitInterval returns an error unless v is in (0, 1].
func unitInterval(name string, v float64) error {
	if v > 0 && v <= 1 {
		return nil
	}
	return fmt.Errorf("%s = %g, want in (0, 1]", name, v)
}
