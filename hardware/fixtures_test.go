package hardware

import (
	"math"
	"testing"
)

// Test fixtures, from research/domain-facts.md §1 where a figure exists.
// Prices marked "estimate" are not from a source.
var (
	testCosts = Costs{
		ElectricityUSDPerKWh:   0.08,
		PUE:                    1.3,
		OverheadUSDPerChipHour: 0.30,
		ComputeEfficiency:      0.5,
		MemoryEfficiency:       0.7,
		HBMReserveFraction:     0.1,
	}

	h100 = Chip{ID: "h100", Name: "Nvidia H100 SXM", Vendor: "Nvidia",
		HBMGB: 80, MemoryBandwidthGBps: 3350, InterconnectGBps: 900,
		BF16TFLOPS: 989, FP8TFLOPS: 1979, TDPW: 700, PriceUSD: 25000, LifetimeYears: 4,
		Origin: Foreign}
	h20 = Chip{ID: "h20", Name: "Nvidia H20", Vendor: "Nvidia",
		HBMGB: 96, MemoryBandwidthGBps: 4000, InterconnectGBps: 900,
		BF16TFLOPS: 148, FP8TFLOPS: 296, TDPW: 400, PriceUSD: 12500, LifetimeYears: 4,
		Origin: Foreign}
	// zhenwu's memory bandwidth is undisclosed (1.6–2.0 TB/s estimate; 700 GB/s
	// is its chip-to-chip link), its TFLOPS are "H20-class", it is given no FP8,
	// and its price is an estimate.
	zhenwu = Chip{ID: "zhenwu-810e", Name: "T-Head Zhenwu 810E", Vendor: "T-Head",
		HBMGB: 96, MemoryBandwidthGBps: 1800, InterconnectGBps: 700,
		BF16TFLOPS: 148, TDPW: 400, PriceUSD: 10000, LifetimeYears: 4,
		Origin: Domestic}
	// gaming8 is a consumer card (estimate): so little memory that a large
	// model needs a replica near MaxReplicaChips.
	gaming8 = Chip{ID: "gaming-8gb", Name: "8 GB gaming card", Vendor: "generic",
		HBMGB: 8, MemoryBandwidthGBps: 448, BF16TFLOPS: 50, TDPW: 250, PriceUSD: 1500, LifetimeYears: 3,
		Origin: Foreign}

	// dense70 is Llama-70B-like: 80 layers × 8 KV heads × 128 dims × (K+V) ×
	// 2 bytes = 327,680 bytes of KV per token.
	dense70 = Workload{ID: "dense-70b", Kind: Text,
		TotalParamsB: 70, ActiveParamsB: 70, BytesPerParam: 2,
		KVBytesPerToken: 327680, ContextTokens: 4096, MinTokensPerSecPerUser: 20}
	// dense70short is dense70 with a 2048-token context: 0.671 GB of KV per
	// sequence.
	dense70short = Workload{ID: "dense-70b-2k", Kind: Text,
		TotalParamsB: 70, ActiveParamsB: 70, BytesPerParam: 2,
		KVBytesPerToken: 327680, ContextTokens: 2048, MinTokensPerSecPerUser: 20}
	// moe397 is Qwen3.5-like: 397B total, 17B active, served in FP8.
	moe397 = Workload{ID: "moe-397b-a17b", Kind: Text,
		TotalParamsB: 397, ActiveParamsB: 17, BytesPerParam: 1,
		KVBytesPerToken: 65536, ContextTokens: 8192, MinTokensPerSecPerUser: 20}
	// image12 is a 12B diffusion model (estimate): 4 PFLOP and 1.2 TB of HBM
	// traffic per image.
	image12 = Workload{ID: "image-12b", Kind: Image,
		TotalParamsB: 12, ActiveParamsB: 12, BytesPerParam: 2,
		FLOPsPerUnit: 4e15, BytesPerUnit: 1.2e12}
)

// withBandwidth returns c with its memory bandwidth set to gbps.
func withBandwidth(c Chip, gbps float64) Chip {
	c.MemoryBandwidthGBps = gbps
	return c
}

// approx reports whether got is within a relative 1e-6 of want: far tighter
// than the four significant digits the hand computations promise.
func approx(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Abs(want)
}

func checkApprox(t *testing.T, name string, got, want float64) {
	t.Helper()
	if !approx(got, want) {
		t.Errorf("%s = %.9g, want %.9g", name, got, want)
	}
}
