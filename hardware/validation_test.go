package hardware

import (
	"bytes"
	"math"
	"strings"
	"testing"
)

// tolerance is how far every row's prediction may be from its measurement,
// mixture of experts or dense: ±30%, the target the project promises.
const tolerance = 0.30

// misses returns the checks whose ratio is outside the tolerance.
func misses(checks []Check) []Check {
	var out []Check
	for _, c := range checks {
		if math.Abs(c.Ratio-1) > tolerance || math.IsNaN(c.Ratio) {
			out = append(out, c)
		}
	}
	return out
}

func TestValidationWithinTolerance(t *testing.T) {
	checks, fits, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range misses(checks) {
		t.Errorf("%s %s on %s: predicted %.0f, measured %.0f (ratio %.2f, efficiency %.2f); want within ±%.0f%%",
			c.Phase, c.Workload.ID, c.Chip.ID, c.Predicted, c.MeasuredTokensPerSecPerChip, c.Ratio, c.Efficiency, 100*tolerance)
	}
	for _, f := range fits {
		if f.MoE && !(f.Efficiency > 0 && f.Efficiency <= 1) {
			t.Errorf("%s x %s: fitted efficiency %.3f is not an achieved share of the roofline", f.Chip, f.Workload, f.Efficiency)
		}
	}
}

// A fit per pair would make any single row agree; every pair has at least
// two rows that weigh prefill and decode differently, so the ratios test the
// split. And the table holds what the project promises: DeepSeek's own H800
// figures and at least two other published sources, each with a URL.
func TestValidationTableShape(t *testing.T) {
	checks, fits, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fits {
		if f.Rows < 2 {
			t.Errorf("%s x %s has %d row; one efficiency would fit it exactly", f.Chip, f.Workload, f.Rows)
		}
	}
	urls := map[string]bool{}
	var h800 []Phase
	for _, c := range checks {
		if !strings.HasPrefix(c.URL, "https://") || c.Source == "" || c.Note == "" {
			t.Errorf("%s on %s: source %q, URL %q, note %q; want all three", c.Workload.ID, c.Chip.ID, c.Source, c.URL, c.Note)
		}
		urls[c.URL] = true
		if c.Chip.ID == "h800" && c.Workload.ID == "deepseek-v3" {
			h800 = append(h800, c.Phase)
		}
	}
	if len(urls) < 3 {
		t.Errorf("%d sources, want DeepSeek's and at least two more", len(urls))
	}
	if len(h800) != 2 || h800[0] != PhaseDecode || h800[1] != PhasePrefill {
		t.Errorf("DeepSeek H800 rows %v, want decode and prefill", h800)
	}
}

// Hand computations of two rooflines (costs of roofline_test.go):
//
//	DeepSeek prefill on the H800, 56.3% of input cached: 1979e12 × 0.5 /
//	(2 × 37e9) = 13371.62 computed tokens/s, 13371.62 / 0.437 = 30598.68
//	input tokens/s counting the cache hits.
//	Llama 70B (FP8) on the H200 at 2048/128: prefill 1979e12 × 0.5 / 141.2e9
//	= 7007.79 tok/s. Decode: a request holds 2048 + 64 = 2112 tokens of KV,
//	2112 × 163,840 = 0.34603 GB; one chip holds the 70.6 GB of weights and
//	(141 × 0.9 − 70.6)/0.34603 = 162 sequences. The products (141.2 GFLOPs a
//	token at 989.5 TFLOPS) outlast the weight read (70.6 GB at 3360 GB/s)
//	from B = 989.5e12/(2 × 3360e9) = 147.25, so from 148 sequences on each
//	token costs 141.2e9/989.5e12 + 0.34603e9/3360e9 = 1.426983e-4 +
//	1.029851e-4 s: D = 4070.278 output tok/s, and the mixed rate is
//	1 / (1/4070.278 + 16/7007.79) = 395.4356 output tok/s.
func TestValidationRooflines(t *testing.T) {
	checks, _, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	checkApprox(t, "DeepSeek H800 prefill roofline", checks[1].Roofline, 1979e12*0.5/74e9/0.437)
	found := 0
	for _, c := range checks {
		if c.Chip.ID != "h200" || c.Workload.ID != "llama3.3-70b" || c.Workload.InputTokensPerOutputToken != 16 {
			continue
		}
		found++
		s, err := Serve(c.Chip, c.Workload, testCosts)
		if err != nil {
			t.Fatal(err)
		}
		checkApprox(t, "Llama H200 prefill", s.PrefillTokensPerSecPerChip, 1979e12*0.5/141.2e9)
		checkApprox(t, "Llama H200 decode", s.DecodeTokensPerSecPerChip, 4070.277818)
		checkApprox(t, "Llama H200 2048/128 roofline", c.Roofline, 395.4355984)
	}
	if found != 1 {
		t.Errorf("%d Llama H200 2048/128 rows, want 1", found)
	}
}

// The test above can fail: a measurement twice as high as published puts
// its pair out of tolerance.
func TestValidationDetectsAMiss(t *testing.T) {
	saved := measurements
	defer func() { measurements = saved }()
	measurements = Measurements()
	measurements[0].MeasuredTokensPerSecPerChip *= 2
	checks, _, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	if len(misses(checks)) == 0 {
		t.Error("doubling DeepSeek's H800 decode figure left every row within tolerance")
	}
}

func TestWriteValidation(t *testing.T) {
	checks, fits, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteValidation(&b, checks, fits); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MEASURED", "PREDICTED", "RATIO", "h800 x deepseek-v3 (MoE, 2 rows)", "Implied defaults", urlDeepSeek, urlHuawei} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("validation table lacks %q:\n%s", want, b.String())
		}
	}
	// A fit above 100% is explained, and only then.
	const above = "above 100%"
	for _, tc := range []struct {
		eff  float64
		want bool
	}{{1.02, true}, {0.99, false}} {
		b.Reset()
		if err := WriteValidation(&b, checks[:1], []Fit{{Chip: "c", Workload: "w", Rows: 2, Efficiency: tc.eff}}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), above); got != tc.want {
			t.Errorf("fit %.2f: note %q printed %t, want %t:\n%s", tc.eff, above, got, tc.want, b.String())
		}
	}
}

// Rows measured with different inputs are different rows: Validation takes
// the scenario's kernel efficiencies, so a slower memory moves decode rows.
func TestValidationUsesCosts(t *testing.T) {
	fast, _, err := Validation(testCosts)
	if err != nil {
		t.Fatal(err)
	}
	k := testCosts
	k.MemoryEfficiency = 0.35
	slow, _, err := Validation(k)
	if err != nil {
		t.Fatal(err)
	}
	if !(slow[0].Roofline < fast[0].Roofline) {
		t.Errorf("halving memory efficiency did not lower the decode roofline: %g vs %g", slow[0].Roofline, fast[0].Roofline)
	}
}
