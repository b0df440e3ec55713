package hardware

import (
	"strings"
	"testing"
)

func TestChipHourUSD(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		chip   Chip
		costs  Costs
		want   float64
	}{
		{
			name:   "h20",
			reason: "12,500/(4×8766) = 0.356485 capex + 0.4 kW×1.3×0.08 = 0.0416 power + 0.30 overhead",
			chip:   h20, costs: testCosts, want: 0.6980909879,
		},
		{
			name:   "h100",
			reason: "25,000/35,064 = 0.712982 capex + 0.7×1.3×0.08 = 0.0728 power + 0.30 overhead",
			chip:   h100, costs: testCosts, want: 1.0857819758,
		},
		{
			name:   "free chip, free power",
			reason: "with no price and no electricity cost only the overhead is left",
			chip:   Chip{TDPW: 400, LifetimeYears: 4},
			costs:  Costs{PUE: 1.5, OverheadUSDPerChipHour: 0.25}, want: 0.25,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkApprox(t, "ChipHourUSD ("+tt.reason+")", ChipHourUSD(tt.chip, tt.costs), tt.want)
		})
	}
}

func TestCostsValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(*Costs)
		want   []string // substrings of the error; none means valid
	}{
		{"baseline", "the test fixture is valid", func(*Costs) {}, nil},
		{"pue below one", "a data centre cannot use less power than its IT load", func(k *Costs) { k.PUE = 0.9 }, []string{"PUE"}},
		{"efficiency above one", "no stack beats peak", func(k *Costs) { k.MemoryEfficiency = 1.2 }, []string{"MemoryEfficiency"}},
		{"zero efficiency", "a chip that achieves nothing serves nothing", func(k *Costs) { k.ComputeEfficiency = 0 }, []string{"ComputeEfficiency"}},
		{"reserve all memory", "no room left for weights", func(k *Costs) { k.HBMReserveFraction = 1 }, []string{"HBMReserveFraction"}},
		{"serving efficiency unset", "0 means no derating", func(k *Costs) { k.ServingEfficiency = 0 }, nil},
		{"serving efficiency above one", "an achieved share of the roofline is at most 1", func(k *Costs) { k.ServingEfficiency = 1.5 }, []string{"ServingEfficiency"}},
		{"all reported", "every problem is reported in one pass", func(k *Costs) {
			k.ElectricityUSDPerKWh, k.OverheadUSDPerChipHour = -1, -1
		}, []string{"ElectricityUSDPerKWh", "OverheadUSDPerChipHour"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := testCosts
			tt.edit(&k)
			checkErr(t, tt.reason, k.Validate(), tt.want)
		})
	}
}

// checkErr fails unless err is nil when want is empty, or mentions every
// string in want.
func checkErr(t *testing.T, reason string, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Errorf("%s: unexpected error: %v", reason, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("%s: got no error, want one mentioning %q", reason, want)
	}
	for _, s := range want {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q does not mention %q", reason, err, s)
		}
	}
}
