package hardware

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// Hand computations for TestServe. Costs: memory efficiency 0.7, compute
// efficiency 0.5, 10% of HBM reserved, 1 GB = 1e9 bytes.
//
// dense 70B BF16 on H100 (80 GB, 3350 GB/s, 989 TF BF16):
//
//	weights 70e9×2 = 140 GB; KV per sequence 4096×327,680 B = 1.342177 GB;
//	usable per chip 80×0.9 = 72 GB. n=1: 72 < 141.342; n=2: 144 ≥ 141.342 → 2.
//	Free for KV 144−140 = 4 GB → batch ≤ 4/1.342177 = 2.98 → 2.
//	Bytes/step 140 + 2×1.342177 = 142.684355 GB over 2×3350×0.7 = 4690 GB/s
//	= 30.42310 ms; FLOPs 2×70e9×2 = 2.8e11 over 2×989e12×0.5 = 9.89e14 =
//	0.2831 ms → memory-bound, 32.87 tok/s per sequence ≥ 20 (SLO met).
//	Tokens/s/chip 2/0.0304231/2 = 32.86976; $/Mtok 1.085782/(32.86976×3600)×1e6
//	= 9.175794.
//
// MoE 397B/17B FP8 on H20 (96 GB, 4000 GB/s, 296 TF FP8):
//
//	weights 397 GB; KV/seq 8192×65,536 B = 0.536871 GB; usable 86.4 GB/chip;
//	397.537/86.4 = 4.60 → n=5 (432 GB). Free 35 GB → 35/0.536871 = 65.19 →
//	batch ≤ 65. At 65: weights read 397×(1−(380/397)^65) = 397×(1−0.058150) =
//	373.9144 GB, KV 65×0.536871 = 34.8966 GB, total 408.8110 GB over
//	5×4000×0.7 = 14000 GB/s = 29.20079 ms (34.25 tok/s/seq ≥ 20, so the KV
//	limit binds, not the SLO); FLOPs 2×17e9×65 = 2.21e12 over 5×296e12×0.5
//	= 7.4e14 = 2.986 ms → memory. Tokens/s/chip 65/0.02920079/5 = 445.1935;
//	$/Mtok 0.6980910/(445.1935×3600)×1e6 = 0.4355728.
//
// Same MoE on Zhenwu-like chips (96 GB, 148 TF BF16, no FP8), n=5, batch ≤ 65:
//
//	1800 GB/s: roof 5×1800×0.7 = 6300 GB/s; the SLO needs step ≤ 50 ms, so
//	bytes ≤ 315 GB. B=31: 397×(1−0.257505) + 31×0.536871 = 294.7705 + 16.6430
//	= 311.4135 GB ✓; B=32: 316.3279 GB ✗. Step 311.4135/6300 = 49.43071 ms,
//	tokens/s/chip 31/0.04943071/5 = 125.4281; $/Mtok 0.6267928/(125.4281×3600)
//	×1e6 = 1.388119.
//	700 GB/s: roof 2450 GB/s, bytes ≤ 122.5 GB. B=8: 397×(1−0.704603) +
//	8×0.536871 = 117.2725 + 4.2950 = 121.5674 GB ✓; B=9: 134.0826 ✗. Step
//	121.5674/2450 = 49.61936 ms, tokens/s/chip 8/0.04961936/5 = 32.24548.
//	Throughput falls 3.890×, more than the 2.571× bandwidth ratio, because
//	the SLO forces a smaller batch and MoE weight reads amortise worse.
//
// Dense 70B on the 700 GB/s chip: n=2 (2×86.4 = 172.8 ≥ 141.342); B=1 reads
//
//	141.342177 GB over 2×700×0.7 = 980 GB/s = 144.2267 ms = 6.93 tok/s < 20:
//	the SLO cannot be met, so it is served at batch 1 and flagged.
//	Tokens/s/chip 1/0.1442267/2 = 3.466764.
//
// 12B image model on H100: weights 24 GB ≤ 72 → n=1. 4e15 FLOPs over
//
//	989e12×0.5 = 8.088979 s; 1.2e12 B over 3350e9×0.7 = 0.5117 s → compute.
//	Images/s/chip 1/8.088979 = 0.123625; $/M images 1.085782/(0.123625×3600)
//	×1e6 = 2439.685 (0.24¢ an image).
func TestServe(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		chip   Chip
		w      Workload
		want   Serving
	}{
		{
			name:   "dense 70B on H100",
			reason: "dense BF16 decode: replica by weights, batch by KV left, memory-bound",
			chip:   h100, w: dense70,
			want: Serving{ReplicaChips: 2, Batch: 2, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.03042310332, UnitsPerSecPerChip: 32.86975656, USDPerMillionUnits: 9.175793675},
		},
		{
			name:   "MoE 397B-A17B FP8 on H20",
			reason: "MoE weight reads grow with batch; KV limit binds before the SLO; FP8 roof",
			chip:   h20, w: moe397,
			want: Serving{ReplicaChips: 5, Batch: 65, Bound: BoundMemory, Precision: "fp8", SLOMet: true,
				StepSeconds: 0.02920078569, UnitsPerSecPerChip: 445.1935005, USDPerMillionUnits: 0.4355727635},
		},
		{
			name:   "MoE on Zhenwu at 1800 GB/s",
			reason: "the 20 tok/s SLO caps the batch at 31; no FP8 so the BF16 roof is used",
			chip:   zhenwu, w: moe397,
			want: Serving{ReplicaChips: 5, Batch: 31, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.04943071194, UnitsPerSecPerChip: 125.4280943, USDPerMillionUnits: 1.388118901},
		},
		{
			name:   "MoE on Zhenwu at 700 GB/s",
			reason: "reading the 700 GB/s link speed as memory bandwidth: SLO caps the batch at 8",
			chip:   withBandwidth(zhenwu, 700), w: moe397,
			want: Serving{ReplicaChips: 5, Batch: 8, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.0496193582, UnitsPerSecPerChip: 32.24547955, USDPerMillionUnits: 5.399488885},
		},
		{
			name:   "SLO missed",
			reason: "even batch 1 is slower than 20 tok/s: served at batch 1 and flagged",
			chip:   withBandwidth(zhenwu, 700), w: dense70,
			want: Serving{ReplicaChips: 2, Batch: 1, Bound: BoundMemory, Precision: "bf16", SLOMet: false,
				StepSeconds: 0.1442267115, UnitsPerSecPerChip: 3.466764199, USDPerMillionUnits: 50.22236830},
		},
		{
			name:   "image on H100",
			reason: "media unit cost given as FLOPs and bytes; compute-bound",
			chip:   h100, w: image12,
			want: Serving{ReplicaChips: 1, Batch: 1, Bound: BoundCompute, Precision: "bf16", SLOMet: true,
				StepSeconds: 8.088978766, UnitsPerSecPerChip: 0.123625, USDPerMillionUnits: 2439.685374},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Serve(tt.chip, tt.w, testCosts)
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			t.Logf("reason: %s", tt.reason)
			if got.Chip != tt.chip.ID || got.Workload != tt.w.ID || got.Kind != tt.w.Kind {
				t.Errorf("identity = %q %q %v, want %q %q %v", got.Chip, got.Workload, got.Kind, tt.chip.ID, tt.w.ID, tt.w.Kind)
			}
			if got.ReplicaChips != tt.want.ReplicaChips || got.Batch != tt.want.Batch || got.Bound != tt.want.Bound ||
				got.Precision != tt.want.Precision || got.SLOMet != tt.want.SLOMet {
				t.Errorf("chips, batch, bound, precision, SLO = %d %d %s %s %t; want %d %d %s %s %t",
					got.ReplicaChips, got.Batch, got.Bound, got.Precision, got.SLOMet,
					tt.want.ReplicaChips, tt.want.Batch, tt.want.Bound, tt.want.Precision, tt.want.SLOMet)
			}
			checkApprox(t, "StepSeconds", got.StepSeconds, tt.want.StepSeconds)
			checkApprox(t, "UnitsPerSecPerChip", got.UnitsPerSecPerChip, tt.want.UnitsPerSecPerChip)
			checkApprox(t, "USDPerMillionUnits", got.USDPerMillionUnits, tt.want.USDPerMillionUnits)
			checkApprox(t, "ChipHourUSD", got.ChipHourUSD, ChipHourUSD(tt.chip, testCosts))
		})
	}
}

// TestServeTracksBandwidthWhenMemoryBound checks that, with the batch fixed
// by the KV cache (no SLO) and the step memory-bound, throughput scales
// exactly with memory bandwidth: 1800/700 = 2.571×, hand-computed as
// 200.3371 vs 77.90886 tokens/s/chip at batch 65.
func TestServeTracksBandwidthWhenMemoryBound(t *testing.T) {
	w := moe397
	w.MinTokensPerSecPerUser = 0
	fast, err := Serve(zhenwu, w, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := Serve(withBandwidth(zhenwu, 700), w, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Bound != BoundMemory || slow.Bound != BoundMemory || fast.Batch != 65 || slow.Batch != 65 {
		t.Fatalf("premise broken: bounds %s/%s, batches %d/%d; want memory-bound at batch 65",
			fast.Bound, slow.Bound, fast.Batch, slow.Batch)
	}
	checkApprox(t, "tokens/s/chip at 1800 GB/s", fast.UnitsPerSecPerChip, 200.3370752)
	checkApprox(t, "tokens/s/chip at 700 GB/s", slow.UnitsPerSecPerChip, 77.90886259)
	checkApprox(t, "throughput ratio", fast.UnitsPerSecPerChip/slow.UnitsPerSecPerChip, 1800.0/700)

	// With the 20 tok/s SLO the ratio is larger than the bandwidth ratio:
	// slower memory also forces a smaller batch (see TestServe).
	w.MinTokensPerSecPerUser = 20
	fast, _ = Serve(zhenwu, w, testCosts)
	slow, _ = Serve(withBandwidth(zhenwu, 700), w, testCosts)
	if r := fast.UnitsPerSecPerChip / slow.UnitsPerSecPerChip; !(r > 1800.0/700) {
		t.Errorf("with SLO, throughput ratio = %.4g, want above the bandwidth ratio %.4g", r, 1800.0/700)
	}
}

func TestServeErrors(t *testing.T) {
	huge := dense70
	huge.ID, huge.TotalParamsB, huge.ActiveParamsB = "dense-3000b", 3000, 3000
	tests := []struct {
		name   string
		reason string
		chip   Chip
		w      Workload
		costs  Costs
		is     error    // if set, errors.Is must hold
		want   []string // substrings of the error
	}{
		{
			name:   "weights too big",
			reason: "6000 GB of weights exceed 64 × 72 GB = 4608 GB usable",
			chip:   h100, w: huge, costs: testCosts,
			is: ErrDoesNotFit, want: []string{`"dense-3000b" on "h100"`, "4608.0 GB usable"},
		},
		{
			name:   "zero bandwidth",
			reason: "a step would take forever",
			chip:   withBandwidth(h20, 0), w: moe397, costs: testCosts,
			want: []string{"MemoryBandwidthGBps = 0"},
		},
		{
			name:   "negative price",
			reason: "a negative capex would make serving pay for itself",
			chip:   Chip{ID: "odd", HBMGB: 96, MemoryBandwidthGBps: 4000, BF16TFLOPS: 148, PriceUSD: -12500, LifetimeYears: 4, Origin: Foreign},
			w:      moe397, costs: testCosts,
			want: []string{`chip "odd"`, "PriceUSD = -12500"},
		},
		{
			name:   "invalid workload",
			reason: "workload problems are reported through Serve too",
			chip:   h20, w: Workload{ID: "empty", Kind: Text}, costs: testCosts,
			want: []string{"TotalParamsB", "BytesPerParam"},
		},
		{
			name:   "invalid costs",
			reason: "zero efficiency would divide by zero",
			chip:   h20, w: moe397, costs: Costs{PUE: 1},
			want: []string{"ComputeEfficiency", "MemoryEfficiency"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Serve(tt.chip, tt.w, tt.costs)
			checkErr(t, tt.reason, err, tt.want)
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("%s: errors.Is(%v, %v) = false", tt.reason, err, tt.is)
			}
			if s != (Serving{}) {
				t.Errorf("%s: got %+v with the error, want the zero Serving", tt.reason, s)
			}
		})
	}
}

// TestServeProperties checks on random but plausible inputs (fixed seed)
// that more memory bandwidth never lowers throughput, and that a dearer chip
// serves as fast but costs more per unit.
func TestServeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	between := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	served := 0
	for i := range 500 {
		c := Chip{ID: "c", HBMGB: between(16, 200), MemoryBandwidthGBps: between(300, 8000),
			BF16TFLOPS: between(50, 2500), TDPW: between(100, 1200), PriceUSD: between(1000, 40000),
			LifetimeYears: between(2, 6), Origin: Foreign}
		if rng.IntN(2) == 0 {
			c.FP8TFLOPS = 2 * c.BF16TFLOPS
		}
		total := between(1, 1200)
		w := Workload{ID: "w", Kind: Kind(1 + rng.IntN(3)), TotalParamsB: total,
			ActiveParamsB: total * between(0.01, 1), BytesPerParam: float64(1 + rng.IntN(2)),
			KVBytesPerToken: between(0, 400e3), ContextTokens: between(0, 32768),
			MinTokensPerSecPerUser: between(0, 60),
			FLOPsPerUnit:           between(1e13, 1e17), BytesPerUnit: between(1e10, 1e13)}
		base, err := Serve(c, w, testCosts)
		if errors.Is(err, ErrDoesNotFit) {
			continue
		} else if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		served++

		fast, err := Serve(withBandwidth(c, 2*c.MemoryBandwidthGBps), w, testCosts)
		if err != nil {
			t.Fatalf("case %d, double bandwidth: %v", i, err)
		}
		if fast.UnitsPerSecPerChip < base.UnitsPerSecPerChip*(1-1e-12) {
			t.Errorf("case %d: doubling bandwidth lowered throughput %g → %g\nchip %+v\nworkload %+v",
				i, base.UnitsPerSecPerChip, fast.UnitsPerSecPerChip, c, w)
		}

		dear := c
		dear.PriceUSD *= 2
		pricey, err := Serve(dear, w, testCosts)
		if err != nil {
			t.Fatalf("case %d, double price: %v", i, err)
		}
		if pricey.UnitsPerSecPerChip != base.UnitsPerSecPerChip {
			t.Errorf("case %d: doubling price changed throughput %g → %g", i, base.UnitsPerSecPerChip, pricey.UnitsPerSecPerChip)
		}
		if !(pricey.USDPerMillionUnits > base.USDPerMillionUnits) {
			t.Errorf("case %d: doubling price did not raise $/M units (%g → %g)", i, base.USDPerMillionUnits, pricey.USDPerMillionUnits)
		}
		if math.IsNaN(base.USDPerMillionUnits) || math.IsInf(base.USDPerMillionUnits, 0) {
			t.Errorf("case %d: $/M units = %g", i, base.USDPerMillionUnits)
		}
	}
	if served < 250 {
		t.Fatalf("only %d of 500 random cases could be served; the generator no longer tests much", served)
	}
}
