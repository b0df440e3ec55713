package hardware

import (
	"math"
	"testing"
)

// Hand computations for the prefill and blended rates. Costs as in
// roofline_test.go (compute efficiency 0.5, no serving efficiency).
//
// Prefill is 2 × active params FLOPs per input token at the chip's peak for
// the weights' precision × 0.5:
//
//	moe397 (17B active, FP8) on H20 (296 TF FP8):  296e12 × 0.5 / 34e9  = 4352.941 tok/s
//	moe397 on Zhenwu-like (148 TF BF16, no FP8):   148e12 × 0.5 / 34e9  = 2176.471 tok/s
//	dense70 (70B, BF16) on H100 (989 TF BF16):     989e12 × 0.5 / 140e9 = 3532.143 tok/s
//
// Blended, moe397 on H20 with 3 input tokens per output token, half of them
// cached: decode D = 2372.652 output tok/s (roofline_test.go), prefill P =
// 4352.941, so a chip serves (1 + 3) / (1/2372.652 + 3 × 0.5/4352.941) =
// 4 / (4.214693e-4 + 3.445946e-4) = 5221.496 tokens/s, input and output
// together; at $0.6980910 a chip-hour that is $0.6980910 / (5221.496 ×
// 3600) × 1e6 = $0.03713766 per blended million tokens, against $0.08173 per
// million output tokens and $0.04455 per million input tokens. A serving
// efficiency of 0.4 scales both rates, so the blend too: 2088.599 tokens/s,
// $0.09284415 per million.
func TestPrefillAndBlend(t *testing.T) {
	mixed := moe397
	mixed.InputTokensPerOutputToken, mixed.CachedInputShare = 3, 0.5
	slow := h20
	slow.ServingEfficiency = 0.4
	for _, tc := range []struct {
		name             string
		c                Chip
		w                Workload
		prefill, decode  float64
		blended, usdPerM float64
	}{
		{"FP8 weights use the FP8 peak; no mix is decode only", h20, moe397, 4352.941176, 2372.6518, 2372.6518, 0.08172887},
		{"no FP8 on the chip: BF16 peak", zhenwu, moe397, 2176.470588, 866.7359, 866.7359, 0},
		{"BF16 weights use the BF16 peak", h100, dense70, 3532.142857, 896.7823, 896.7823, 0.3363203},
		{"3:1 mix, half cached", h20, mixed, 4352.941176, 2372.6518, 5221.4963, 0.03713766},
		{"efficiency 0.4 scales prefill, decode and the blend", slow, mixed, 0.4 * 4352.941176, 0.4 * 2372.6518, 2088.5985, 0.09284415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Serve(tc.c, tc.w, testCosts)
			if err != nil {
				t.Fatal(err)
			}
			checkApprox(t, "PrefillTokensPerSecPerChip", s.PrefillTokensPerSecPerChip, tc.prefill)
			checkApprox(t, "DecodeTokensPerSecPerChip", s.DecodeTokensPerSecPerChip, tc.decode)
			checkApprox(t, "UnitsPerSecPerChip", s.UnitsPerSecPerChip, tc.blended)
			if tc.usdPerM > 0 {
				checkApprox(t, "USDPerMillionUnits", s.USDPerMillionUnits, tc.usdPerM)
			}
		})
	}
}

// The blended cost of a million tokens is the mix-weighted cost of its
// parts: (1 + r) × blended = output + r × (1 − cached) × input, for any mix.
func TestBlendedCostIsTheMixOfItsParts(t *testing.T) {
	for _, mix := range []struct{ r, cached float64 }{{0, 0}, {1, 0}, {3.6, 0.563}, {10, 0.9}, {0.25, 0.3}} {
		w := moe397
		w.InputTokensPerOutputToken, w.CachedInputShare = mix.r, mix.cached
		for _, c := range []Chip{h20, h100, zhenwu} {
			s, err := Serve(c, w, testCosts)
			if err != nil {
				t.Fatal(err)
			}
			got := (1 + mix.r) * s.USDPerMillionUnits
			want := s.USDPerMillionOutput + mix.r*(1-mix.cached)*s.USDPerMillionInput
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s, mix %+v: (1+r) x blended $/M = %.9g, parts give %.9g", c.ID, mix, got, want)
			}
			// Input tokens are cheaper than output tokens here, so the
			// blend lies between them.
			if mix.r > 0 && !(s.USDPerMillionUnits < s.USDPerMillionOutput) {
				t.Errorf("%s, mix %+v: blended $%.4g/M is not below output's $%.4g/M", c.ID, mix, s.USDPerMillionUnits, s.USDPerMillionOutput)
			}
		}
	}
}
