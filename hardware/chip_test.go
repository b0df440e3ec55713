package hardware

import (
	"math"
	"testing"
)

func TestChipValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(*Chip)
		want   []string
	}{
		{"h20", "a sourced chip is valid", func(*Chip) {}, nil},
		{"no fp8", "FP8 0 means unsupported, not invalid", func(c *Chip) { c.FP8TFLOPS = 0 }, nil},
		{"unknown interconnect", "a link speed of 0 means unknown", func(c *Chip) { c.InterconnectGBps = 0 }, nil},
		{"free chip", "a price of 0 is allowed (e.g. sunk cost)", func(c *Chip) { c.PriceUSD = 0 }, nil},
		{"no id", "rows are keyed by ID", func(c *Chip) { c.ID = "" }, []string{"ID is empty"}},
		{"zero bandwidth", "a chip that reads no memory serves nothing", func(c *Chip) { c.MemoryBandwidthGBps = 0 }, []string{`chip "h20"`, "MemoryBandwidthGBps"}},
		{"NaN memory", "NaN must not slip through comparisons", func(c *Chip) { c.HBMGB = math.NaN() }, []string{"HBMGB"}},
		{"infinite TFLOPS", "infinity is not physical", func(c *Chip) { c.BF16TFLOPS = math.Inf(1) }, []string{"BF16TFLOPS"}},
		{"negative price", "prices are not negative", func(c *Chip) { c.PriceUSD = -1 }, []string{"PriceUSD"}},
		{"zero lifetime", "capex cannot be amortised over no time", func(c *Chip) { c.LifetimeYears = 0 }, []string{"LifetimeYears"}},
		{"bad origin", "policy rules key on origin", func(c *Chip) { c.Origin = "mars" }, []string{"Origin"}},
		{"efficiency above 1", "an achieved share of the roofline is at most 1", func(c *Chip) { c.ServingEfficiency = 1.2 }, []string{"ServingEfficiency"}},
		{"model efficiency 0", "a per-model override must derate, not zero, the chip", func(c *Chip) {
			c.ModelEfficiency = map[string]float64{"qwen": 0.5, "llama": 0}
		}, []string{`ModelEfficiency["llama"]`}},
		{"all reported", "every problem is reported in one pass", func(c *Chip) {
			c.HBMGB, c.TDPW = -1, -1
		}, []string{"HBMGB", "TDPW"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := h20
			tt.edit(&c)
			checkErr(t, tt.reason, c.Validate(), tt.want)
		})
	}
}
