package scenarios_test

import (
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// h20AugOct is Nvidia's simulated H20 revenue in August–October 2025 (the
// backtest's Q3 FY26 target) in the history scenario with overrides.
func h20AugOct(t *testing.T, seed uint64, sets ...string) float64 {
	t.Helper()
	r := runScenario(t, "history", seed, sets...)
	o, err := scenarios.Open("history", sets)
	if err != nil {
		t.Fatal(err)
	}
	targets, err := o.CalibrationTargets()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range market.Fit(r, targets) {
		if row.Target.Kind == market.TargetRevenue && strings.Contains(row.Target.Name, "Aug-Oct 2025") {
			return row.Simulated
		}
	}
	t.Fatal("history lists no Aug-Oct 2025 H20 revenue target")
	return 0
}

// penalties sets every H20 buyer's guidance penalty in the history
// scenario (whole numbers, so that they may leave the stated ranges): one
// value for the two platforms MIIT named, one for Tencent and Baidu, one
// for the other clouds.
func penalties(named, urged, others string) []string {
	set := func(id, v string) string {
		return "providers." + id + ".strategy.sourcing.guidance_penalty={value: " + v + "}"
	}
	return []string{set("bytedance", named), set("alibaba", named), set("tencent", urged), set("baidu", urged), set("others", others)}
}

// Beijing's August 2025 guidance against the H20 is a soft steer, not a
// ban: with it, buyers order far fewer H20s after the US licences resume
// than buyers who ignore it (penalty 0), but not none; stricter buyers
// order fewer still, and buyers who all comply fully order none.
func TestH20GuidanceIsPartlyObeyed(t *testing.T) {
	t.Parallel()
	for _, seed := range testenv.Sample([]uint64{1, 2, 3}, 1) {
		ignored := h20AugOct(t, seed, penalties("0", "0", "0")...)
		guided := h20AugOct(t, seed)
		stricter := h20AugOct(t, seed, penalties("90%", "85%", "95%")...)
		full := h20AugOct(t, seed, penalties("100%", "100%", "100%")...)
		if !(guided > 0 && guided < 0.2*ignored) {
			t.Errorf("seed %d: H20 revenue Aug-Oct 2025 $%.3gM with the guidance, $%.3gM when buyers ignore it: want a large cut that stays positive",
				seed, guided/1e6, ignored/1e6)
		}
		if !(stricter > 0 && stricter < guided) {
			t.Errorf("seed %d: stricter penalties give $%.3gM of H20 revenue, the stated ones $%.3gM: want less, still positive",
				seed, stricter/1e6, guided/1e6)
		}
		if full != 0 {
			t.Errorf("seed %d: buyers who all comply fully still buy $%.3gM of H20", seed, full/1e6)
		}
	}
}

// The guidance is logged as the reason of the orders it shapes.
func TestH20GuidanceIsTheLoggedReason(t *testing.T) {
	r := runScenario(t, "history", 1)
	found := false
	for _, e := range r.Log {
		if e.Kind == market.KindDecision && strings.Contains(e.Summary, "H20") && strings.Contains(e.Cause, "guidance against Nvidia H20") {
			found = true
			break
		}
	}
	if !found {
		t.Error("no H20 order after 2025-08-15 gives Beijing's guidance as its reason")
	}
}

// A lower guidance penalty for one buyer raises its own H20 orders: the
// penalty is weighed against the chip's price-performance, buyer by buyer.
func TestGuidancePenaltyIsPerBuyer(t *testing.T) {
	for _, seed := range testenv.Sample([]uint64{1, 2}, 1) {
		base := at(runScenario(t, "history", seed), "2025-11", "tencent", "h20", market.MetricFleet)
		lax := at(runScenario(t, "history", seed, "providers.tencent.strategy.sourcing.guidance_penalty={value: 20%}"), "2025-11", "tencent", "h20", market.MetricFleet)
		if lax <= base {
			t.Errorf("seed %d: Tencent's H20 fleet in November 2025 is %.0f at a guidance penalty of 20%%, %.0f at its stated penalty: want more", seed, lax, base)
		}
	}
}

// A chip vendor that expects its buyers to heed Beijing's guidance expects
// a small share of their orders, and so faces more elastic demand for the
// discouraged chip: Nvidia prices the H20 lower after the guidance than a
// vendor that ignores it.
func TestVendorPricesForTheGuidance(t *testing.T) {
	for _, seed := range testenv.Sample([]uint64{1, 2, 3}, 1) {
		aware := at(runScenario(t, "history", seed), "2025-11", "nvidia", "h20", market.MetricChipPrice)
		blind := at(runScenario(t, "history", seed, "suppliers.nvidia.strategy.buyer_guidance={value: 0}"), "2025-11", "nvidia", "h20", market.MetricChipPrice)
		if !(aware > 0 && aware < blind) {
			t.Errorf("seed %d: Nvidia's H20 price in November 2025 is $%.0f when it expects buyers to heed the guidance, $%.0f when it ignores it: want lower", seed, aware, blind)
		}
	}
}
