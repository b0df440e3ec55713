package scenarios_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func build(t *testing.T, sets ...string) *market.Config {
	t.Helper()
	o, err := scenarios.Open("baseline", sets)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// The baseline's serving efficiencies are the ones the published
// measurements imply under its own compute and memory efficiencies, to the
// whole percent they are written in. Changing those efficiencies (or the
// measurements) without refitting fails here; `aicloudsim explain hardware`
// prints the new fits.
func TestBaselineServingEfficiencyIsFitted(t *testing.T) {
	cfg := build(t)
	_, fits, err := hardware.Validation(cfg.Costs)
	if err != nil {
		t.Fatal(err)
	}
	moe, byChip := hardware.EfficiencyDefaults(fits)
	if math.Abs(cfg.Costs.ServingEfficiency-moe) > 0.006 {
		t.Errorf("costs.serving_efficiency = %.3f, the measurements imply %.3f", cfg.Costs.ServingEfficiency, moe)
	}
	found := 0
	for _, c := range cfg.Chips {
		want, ok := byChip[c.ID]
		if !ok {
			continue
		}
		found++
		if math.Abs(c.ServingEfficiency-want) > 0.006 {
			t.Errorf("chips.%s.serving_efficiency = %.3f, the measurements imply %.3f", c.ID, c.ServingEfficiency, want)
		}
	}
	if found != len(byChip) {
		t.Errorf("the baseline has %d of the %d chips the measurements inform", found, len(byChip))
	}
}

// Text models take the market's traffic mix unless their workload sets one;
// image and video models have none.
func TestTrafficMix(t *testing.T) {
	cfg := build(t, "models.qwen35.workload.input_per_output=1", "models.qwen35.workload.cached_input_share=0%")
	for _, m := range cfg.Models {
		w := m.Workload
		want, cached := 3.6, 0.56
		switch {
		case w.Kind != hardware.Text:
			want, cached = 0, 0
		case m.ID == "qwen35" || strings.HasPrefix(m.ID, "alibaba-llm-gen"): // Qwen's generations serve like Qwen 3.5
			want, cached = 1, 0
		}
		if w.InputTokensPerOutputToken != want || w.CachedInputShare != cached {
			t.Errorf("model %s (%v): mix %g:1, %g cached; want %g:1, %g cached", m.ID, w.Kind,
				w.InputTokensPerOutputToken, w.CachedInputShare, want, cached)
		}
	}
}

// Per-model efficiencies reach the chip; one for an unknown model is an
// error that names it and its place.
func TestModelEfficiency(t *testing.T) {
	file := filepath.Join(t.TempDir(), "eff.yaml")
	yaml := "extends: baseline\nname: eff\nchips:\n  h20:\n    model_efficiency: {qwen35: 80%, qwen99: 50%}\n"
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := scenarios.Open(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = o.Build()
	if err == nil || !strings.Contains(err.Error(), `eff.yaml:5:45: unknown model in model_efficiency of chip h20 "qwen99"`) {
		t.Fatalf("unknown model in model_efficiency: error %v", err)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(yaml, ", qwen99: 50%", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if o, err = scenarios.Open(file, nil); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cfg.Chips {
		if c.ID == "h20" && c.ModelEfficiency["qwen35"] != 0.8 {
			t.Errorf("h20 model efficiencies %v, want qwen35: 0.8", c.ModelEfficiency)
		}
	}
}
