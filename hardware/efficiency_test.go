package hardware

import "testing"

// The serving efficiency of a pair comes from the most specific place that
// sets it, and scales the text throughput and nothing else.
func TestEfficiencyPrecedence(t *testing.T) {
	roof, err := Serve(h20, moe397, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	withDefault := testCosts
	withDefault.ServingEfficiency = 0.5
	for _, tc := range []struct {
		name   string
		edit   func(*Chip)
		k      Costs
		want   float64
		reason string
	}{
		{"nothing set", func(*Chip) {}, testCosts, 1, "the roofline as is"},
		{"costs default", func(*Chip) {}, withDefault, 0.5, "every chip's default"},
		{"chip", func(c *Chip) { c.ServingEfficiency = 0.3 }, withDefault, 0.3, "the chip's own default beats the costs' default"},
		{"chip x model", func(c *Chip) {
			c.ServingEfficiency = 0.3
			c.ModelEfficiency = map[string]float64{moe397.ID: 0.8}
		}, withDefault, 0.8, "a per-model override beats both"},
		{"other model", func(c *Chip) { c.ModelEfficiency = map[string]float64{"other": 0.8} }, withDefault, 0.5, "an override for another model does not apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := h20
			tc.edit(&c)
			s, err := Serve(c, moe397, tc.k)
			if err != nil {
				t.Fatal(err)
			}
			checkApprox(t, tc.reason+": Efficiency", s.Efficiency, tc.want)
			checkApprox(t, tc.reason+": units/s", s.UnitsPerSecPerChip, tc.want*roof.UnitsPerSecPerChip)
			if s.Batch != roof.Batch || s.StepSeconds != roof.StepSeconds {
				t.Errorf("%s: efficiency changed the roofline's batch or step (%d, %g; want %d, %g)",
					tc.reason, s.Batch, s.StepSeconds, roof.Batch, roof.StepSeconds)
			}
		})
	}
	// Image and video costs are given per unit; the efficiency leaves them.
	img, err := Serve(h20, image12, withDefault)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := Serve(h20, image12, testCosts)
	if img.UnitsPerSecPerChip != plain.UnitsPerSecPerChip {
		t.Errorf("serving efficiency changed an image workload: %g, want %g", img.UnitsPerSecPerChip, plain.UnitsPerSecPerChip)
	}
}
