package hardware

import (
	"fmt"
	"maps"
	"slices"
)

// Serving efficiency is the achieved fraction of the roofline: measured
// throughput over what [Serve] predicts from peak rates and the kernel-level
// [Costs.ComputeEfficiency] and [Costs.MemoryEfficiency]. It stands for what
// a roofline leaves out: scheduling and batching losses, communication
// between the chips of a replica (all-to-all traffic of mixture-of-experts
// models above all), load imbalance across experts, attention FLOPs and
// uneven load. One factor scales both the prefill and the decode throughput
// of a chip × model pair; it applies to text workloads only (image and video
// workloads give their cost per unit directly).
//
// The factor for a pair is, in order of precedence:
//
//   - Chip.ModelEfficiency[Workload.ID], a per chip × model override;
//   - Chip.ServingEfficiency, the chip's own default, when positive;
//   - Costs.ServingEfficiency, the default for every chip, when positive;
//   - 1: no derating, the roofline as is.
//
// [Validation] fits the factor per chip × model to published measurements,
// which is where the defaults of a scenario come from.

// efficiency returns the serving efficiency of w on c under k, by the
// precedence above.
func efficiency(c Chip, w Workload, k Costs) float64 {
	if e, ok := c.ModelEfficiency[w.ID]; ok {
		return e
	}
	if c.ServingEfficiency > 0 {
		return c.ServingEfficiency
	}
	if k.ServingEfficiency > 0 {
		return k.ServingEfficiency
	}
	return 1
}

// efficiencyErrors reports every serving efficiency of c outside its range:
// ServingEfficiency in [0, 1] (0 = use the default) and each per-model
// override in (0, 1].
func (c Chip) efficiencyErrors() []error {
	var errs []error
	if !(c.ServingEfficiency >= 0 && c.ServingEfficiency <= 1) {
		errs = append(errs, fmt.Errorf("ServingEfficiency = %g, want in [0, 1]", c.ServingEfficiency))
	}
	for _, id := range slices.Sorted(maps.Keys(c.ModelEfficiency)) {
		errs = appendIf(errs, unitInterval(fmt.Sprintf("ModelEfficiency[%q]", id), c.ModelEfficiency[id]))
	}
	return errs
}
