package hardware

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// Hand computations for TestServe. Costs: memory efficiency 0.7, compute
// efficiency 0.5, 10% of HBM reserved, 1 GB = 1e9 bytes. n is the smallest
// replica that holds the weights plus one sequence's KV cache; text replicas
// of n..min(2n, 64) chips are tried. A decode step takes the larger of the
// weight read and the matrix products, plus the KV read. Both roofs scale
// with the chip count m, so at a given batch B tokens/s per chip are the same
// for every m: a larger replica wins only because its extra HBM (or faster
// step, under the SLO) allows a larger B.
//
// dense 70B BF16 on H100 (80 GB, 3350 GB/s, 989 TF BF16) — larger replica, KV-limited:
//
//	weights 70e9×2 = 140 GB; KV per sequence 4096×327,680 B = 1.342177 GB;
//	usable per chip 80×0.9 = 72 GB. n=1: 72 < 141.342; n=2: 144 ≥ 141.342 → 2,
//	so m ∈ {2, 3, 4}; each step is memory-bound and the batch is KV-limited:
//	  m=2: free 4 GB → B=2; 142.684355 GB / 4690 GB/s = 30.42310 ms → 32.86976 tok/s/chip.
//	  m=3: free 76 GB → 76/1.342177 = 56.62 → B=56; 215.161912 GB / 7035 GB/s
//	       = 30.58449 ms → 56/0.03058449/3 = 610.3310 tok/s/chip.
//	  m=4: free 148 GB → 110.27 → B=110. Over 4×3350×0.7 = 9380 GB/s the
//	       weights take 140/9380 = 14.92537 ms, more than the FLOPs,
//	       2×70e9×110 = 1.54e13 over 4×989e12×0.5 = 1.978e15 = 7.786 ms →
//	       memory; the KV read adds 110×1.342177/9380 = 15.73982 ms: step
//	       30.66519 ms (32.61 tok/s/seq ≥ 20). 110/0.03066519/4 = 896.7823
//	       tok/s/chip.
//	4 chips win (27× the 2-chip rate: 2 sequences cannot amortise 140 GB of
//	weight reads, 110 can). $/Mtok 1.085782/(896.7823×3600)×1e6 = 0.3363203.
//
// MoE 397B/17B FP8 on H20 (96 GB, 4000 GB/s, 296 TF FP8) — larger replica,
// products outlast the weight read:
//
//	weights 397 GB; KV/seq 8192×65,536 B = 0.536871 GB; usable 86.4 GB/chip;
//	397.537/86.4 = 4.60 → n=5, m ∈ 5..10. u = 1 − 17/397 = 380/397.
//	  m=5: free 35 GB → 65.19 → B=65. Weights read 397×(1−u^65) = 397×(1−0.058150)
//	       = 373.9144 GB over 5×4000×0.7 = 14000 GB/s = 26.70817 ms, more than
//	       the FLOPs, 2×17e9×65 = 2.21e12 over 5×296e12×0.5 = 7.4e14 = 2.986 ms;
//	       KV 65×0.536871 = 34.8966 GB adds 2.492615 ms: step 29.20079 ms →
//	       65/0.02920079/5 = 445.1935 tok/s/chip.
//	  Once all 397 GB of experts are read, the products outlast the weight
//	  read when 34e9×B/(m×148e12) ≥ 397e9/(m×2800e9), i.e. B ≥ 617.23 on any
//	  m; from there each token costs 34e9/148e12 + 0.536871e9/2800e9 =
//	  2.297297e-4 + 1.917397e-4 = 4.214694e-4 chip-seconds: 2372.652
//	  tok/s/chip, the most any batch or replica gives.
//	  m=9: free 777.6−397 = 380.6 GB → 708.9 → room for B=618. u^618 = 1.8e-12,
//	       so 397 GB over 25200 GB/s = 15.75397 ms < FLOPs 2.1012e13 over
//	       1.332e15 = 15.77477 ms → compute; KV 618×0.536871 = 331.7862 GB
//	       adds 13.16612 ms: step 28.94089 ms (34.55 tok/s/seq ≥ 20).
//	       618/0.02894089/9 = 2372.652 tok/s/chip.
//	m=6..8 give 1220.9, 1791.8, 2217.6 (room for 226, 387, 547 sequences,
//	below 618: each extra chip adds 86.4 GB, ~161 more sequences, while the
//	weight read per step stays 397 GB); m=10 ties with 9 at B=618, so 9 chips
//	win with 5.329× the tokens/s per chip of 5; $/Mtok
//	0.6980910/(2372.652×3600)×1e6 = 0.08172887 (vs 0.4355728 at 5 chips). The
//	plain roofline, hiding the KV read under the products, took 10 chips to
//	batch 869 at 2817.701 tok/s/chip.
//
// Same MoE on Zhenwu-like chips (96 GB, 148 TF BF16, no FP8), n=5 — larger
// replica, SLO-limited:
//
//	1800 GB/s, m=10: roof 10×1800×0.7 = 12600 GB/s; the SLO needs step ≤ 50 ms,
//	and the weight read outlasts the products below B = 397e9/12600e9 ×
//	7.4e14/34e9 = 685.8, so bytes ≤ 630 GB (KV room is 869 sequences).
//	B=433: 397×(1−5.9e-9) + 433×0.536871 = 397.0000 + 232.4651 = 629.4651 GB ✓;
//	B=434: 630.0020 GB ✗. Step 629.4651/12600 = 49.95755 ms (20.02
//	tok/s/seq); FLOPs 1.4722e13 over 7.4e14 = 19.89 ms < weights 31.51 ms → memory. 433/0.04995755/10 = 866.7359 tok/s/chip (6.910×
//	the 125.4281 of 5 chips at B=31: the per-step byte budget grows by 63 GB
//	per chip, and with every expert already read each sequence costs only its
//	KV). $/Mtok 0.6267928/(866.7359×3600)×1e6 = 0.2008791.
//	700 GB/s, m=10: roof 4900 GB/s, bytes ≤ 245 GB. B=20: 397×(1−0.416737) +
//	20×0.536871 = 231.5555 + 10.7374 = 242.2929 GB ✓; B=21: 238.6400 + 11.2743
//	= 249.9143 GB ✗. Step 242.2929/4900 = 49.44754 ms, 20/0.04944754/10 =
//	40.44691 tok/s/chip, only 1.254× the 32.24548 of 5 chips at B=8: the
//	budget is below the 397 GB of weights, so each sequence still wakes new
//	experts. $/Mtok 0.6267928/(40.44691×3600)×1e6 = 4.304633.
//	Throughput falls 21.43× from 1800 to 700 GB/s, far more than the 2.571×
//	bandwidth ratio, because the SLO forces a much smaller batch.
//
// Dense 70B on the 700 GB/s chip — SLO missed, minimal replica kept on a tie:
//
//	n=2 (2×86.4 = 172.8 ≥ 141.342), m ∈ {2, 3, 4}. B=1 reads 141.342177 GB over
//	m×490 GB/s = 144.2267, 96.15114, 72.11336 ms: 6.93, 10.4, 13.9 tok/s, all
//	< 20, so every size is served at batch 1 and flagged, at the same
//	1/0.1442267/2 = 490/141.342177 = 3.466764 tokens/s/chip. On the tie the
//	smallest replica, 2, is kept. $/Mtok 0.6267928/(3.466764×3600)×1e6 = 50.22237.
//
// Dense 70B with a 2048-token context on H20 (148 TF BF16 → 74 TF each after
// efficiency, 2800 GB/s) — minimal replica is best, compute roof:
//
//	KV/seq 2048×327,680 = 0.671089 GB; 140.671/86.4 = 1.63 → n=2, m ∈ {2,3,4}.
//	On m chips the step is max(140 GB / (m×2800 GB/s), 1.4e11×B / (m×74e12))
//	+ 0.671089B GB / (m×2800 GB/s); the products outlast the weight read
//	once 1.891892e-3×B ≥ 0.05, i.e. B ≥ 26.43. m=2 has room for
//	32.8/0.671089 = 48 sequences, so B=27 already reaches the compute roof:
//	FLOPs 3.78e12 over 1.48e14 = 25.54054 ms vs weights 140/5600 = 25 ms →
//	compute; KV 27×0.671089/5600 = 3.235606 ms: step 28.77615 ms, 34.75
//	tok/s/seq ≥ 20. 27/0.02877615/2 = 469.1386 tokens/s/chip =
//	1/(1.4e11/74e12 + 0.671089e9/2800e9) = 1/(1.891892e-3 + 2.396745e-4),
//	the most any batch or replica can give: B=28..46 and m=3, 4 tie, so the
//	smallest batch and replica are kept. $/Mtok
//	0.6980910/(469.1386×3600)×1e6 = 0.4133409. (The plain roofline hid the
//	KV read under the products: B=31, 528.5714 = 74e12/1.4e11.)
//
// MoE on the 8 GB gaming card (448 GB/s, 50 TF BF16) — search capped at 64 chips:
//
//	usable 7.2 GB/chip, 397.537/7.2 = 55.21 → n=56; 2n = 112 > MaxReplicaChips,
//	so m ∈ 56..64. m=64: free 460.8−397 = 63.8 GB → 118.84 → B=118;
//	397×(1−0.005717) + 118×0.536871 = 394.7303 + 63.3508 = 458.0810 GB over
//	64×448×0.7 = 20070.4 GB/s = 22.82371 ms (43.81 tok/s/seq); FLOPs 4.012e12
//	over 1.6e15 = 2.508 ms < weights 19.67 ms → memory. 118/0.02282371/64 = 80.78221 tokens/s/chip
//	(3.69× the 21.89 of 56 chips at B=11). ChipHourUSD 1500/(3×8766) +
//	0.25×1.3×0.08 + 0.30 = 0.3830386; $/Mtok 0.3830386/(80.78221×3600)×1e6 = 1.317117.
//
// 12B image model on H100 — no search for media:
//
//	weights 24 GB ≤ 72 → n=1. 4e15 FLOPs over 989e12×0.5 = 8.088979 s;
//	1.2e12 B over 3350e9×0.7 = 0.5117 s → compute. Images/s/chip
//	1/8.088979 = 0.123625; $/M images 1.085782/(0.123625×3600)×1e6 = 2439.685
//	(0.24¢ an image).
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
			reason: "KV-limited dense decode: 4 chips (2n) hold 110 sequences vs 2 at 2 chips; memory-bound",
			chip:   h100, w: dense70,
			want: Serving{ReplicaChips: 4, Batch: 110, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.03066519198, UnitsPerSecPerChip: 896.7822545, USDPerMillionUnits: 0.3363203307},
		},
		{
			name:   "MoE 397B-A17B FP8 on H20",
			reason: "9 chips free 381 GB for KV, room for batch 618 where the products outlast the weight read (65 at 5 chips): 5.33× the tokens/s per chip; FP8 roof",
			chip:   h20, w: moe397,
			want: Serving{ReplicaChips: 9, Batch: 618, Bound: BoundCompute, Precision: "fp8", SLOMet: true,
				StepSeconds: 0.02894089476, UnitsPerSecPerChip: 2372.651821, USDPerMillionUnits: 0.08172887465},
		},
		{
			name:   "MoE on Zhenwu at 1800 GB/s",
			reason: "the 20 tok/s SLO caps the batch at 433 on 10 chips (31 on 5); no FP8 so the BF16 roof is used",
			chip:   zhenwu, w: moe397,
			want: Serving{ReplicaChips: 10, Batch: 433, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.04995754782, UnitsPerSecPerChip: 866.7358965, USDPerMillionUnits: 0.2008790788},
		},
		{
			name:   "MoE on Zhenwu at 700 GB/s",
			reason: "reading the 700 GB/s link speed as memory bandwidth: SLO caps the batch at 20 even on 10 chips",
			chip:   withBandwidth(zhenwu, 700), w: moe397,
			want: Serving{ReplicaChips: 10, Batch: 20, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.04944753669, UnitsPerSecPerChip: 40.44690866, USDPerMillionUnits: 4.304633264},
		},
		{
			name:   "SLO missed",
			reason: "even batch 1 on 4 chips is slower than 20 tok/s: all sizes tie at batch 1, the minimal 2 is kept and flagged",
			chip:   withBandwidth(zhenwu, 700), w: dense70,
			want: Serving{ReplicaChips: 2, Batch: 1, Bound: BoundMemory, Precision: "bf16", SLOMet: false,
				StepSeconds: 0.1442267115, UnitsPerSecPerChip: 3.466764199, USDPerMillionUnits: 50.22236830},
		},
		{
			name:   "minimal replica is best",
			reason: "2 chips already reach the compute roof at batch 27; more chips allow larger batches but not more tokens per chip",
			chip:   h20, w: dense70short,
			want: Serving{ReplicaChips: 2, Batch: 27, Bound: BoundCompute, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.02877614648, UnitsPerSecPerChip: 469.1385627, USDPerMillionUnits: 0.4133409162},
		},
		{
			name:   "search capped at MaxReplicaChips",
			reason: "n=56 on 8 GB cards; 2n=112 exceeds the 64-chip limit, so 64 chips (batch 118) is the largest tried",
			chip:   gaming8, w: moe397,
			want: Serving{ReplicaChips: 64, Batch: 118, Bound: BoundMemory, Precision: "bf16", SLOMet: true,
				StepSeconds: 0.02282371218, UnitsPerSecPerChip: 80.78221395, USDPerMillionUnits: 1.317116656},
		},
		{
			name:   "image on H100",
			reason: "media unit cost given as FLOPs and bytes; compute-bound; media replicas stay minimal",
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

// TestServeLargerReplica spells out why the search leaves the minimal
// replica for MoE 397B/17B FP8 on H20 (see the TestServe hand computation):
// 5 chips hold the weights but leave only 35 GB of HBM, room for 65
// sequences, so each 29.2 ms step reads 374 GB of experts for 65 tokens.
// 9 chips leave 380.6 GB, room for 708 sequences; at 618 the products
// outlast the read of all 397 GB of experts, and a step with 331.8 GB of KV
// takes 28.9 ms, still meeting the 20 tok/s SLO, so each chip serves 5.329×
// as many tokens. A tenth chip adds room but no throughput.
func TestServeLargerReplica(t *testing.T) {
	minimal := serveOn(h20, moe397, testCosts, 5)
	if minimal.ReplicaChips != 5 || minimal.Batch != 65 || !minimal.SLOMet {
		t.Fatalf("5-chip replica = %d chips, batch %d, SLO %t; want 5, 65, true", minimal.ReplicaChips, minimal.Batch, minimal.SLOMet)
	}
	checkApprox(t, "5-chip tokens/s/chip", minimal.UnitsPerSecPerChip, 445.1935005)

	got, err := Serve(h20, moe397, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	if got.ReplicaChips != 9 || got.Batch != 618 || !got.SLOMet {
		t.Fatalf("chosen replica = %d chips, batch %d, SLO %t; want 9, 618, true", got.ReplicaChips, got.Batch, got.SLOMet)
	}
	checkApprox(t, "9-chip tokens/s/chip", got.UnitsPerSecPerChip, 2372.651821)
	checkApprox(t, "gain per chip", got.UnitsPerSecPerChip/minimal.UnitsPerSecPerChip, 5.329484411)
	checkApprox(t, "$/M tokens ratio", minimal.USDPerMillionUnits/got.USDPerMillionUnits, 5.329484411)
	if ten := serveOn(h20, moe397, testCosts, 10); ten.Batch != 618 || !approx(ten.UnitsPerSecPerChip, got.UnitsPerSecPerChip) {
		t.Errorf("10 chips: batch %d, %.6g tokens/s/chip; want the 9-chip plateau, 618 and %.6g", ten.Batch, ten.UnitsPerSecPerChip, got.UnitsPerSecPerChip)
	}

	// The sizes in between are each better than the one before: every extra
	// chip adds 86.4 GB, about 161 more sequences, for the same weight read.
	prev := minimal.UnitsPerSecPerChip
	for m := 6; m <= 9; m++ {
		s := serveOn(h20, moe397, testCosts, m)
		if !(s.UnitsPerSecPerChip > prev) || !s.SLOMet {
			t.Errorf("%d chips: %.6g tokens/s/chip (SLO %t), want above %.6g with the SLO met", m, s.UnitsPerSecPerChip, s.SLOMet, prev)
		}
		prev = s.UnitsPerSecPerChip
	}
}

// TestServeTracksBandwidthWhenMemoryBound checks that, with the batch fixed
// by the KV cache (no SLO) and the weight read outlasting the products,
// throughput scales exactly with memory bandwidth. Both 1400 and 700 GB/s
// pick 10 chips (KV room 869 sequences); a step reads 397 GB of weights in
// 40.51 or 81.02 ms, more than the 39.93 ms of FLOPs, and 466.5408 GB of KV,
// 863.5408 GB in all (see TestServe), over 9800 or 4900 GB/s = 88.11641 or
// 176.2328 ms, so 869/0.08811641/10 = 986.1954 vs 869/0.1762328/10 =
// 493.0977 tokens/s/chip: 1400/700 = 2×. (At 1800 GB/s the products outlast
// the weight read from batch 686, and more bandwidth speeds only the KV read.)
func TestServeTracksBandwidthWhenMemoryBound(t *testing.T) {
	w := moe397
	w.MinTokensPerSecPerUser = 0
	fast, err := Serve(withBandwidth(zhenwu, 1400), w, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := Serve(withBandwidth(zhenwu, 700), w, testCosts)
	if err != nil {
		t.Fatal(err)
	}
	if fast.Bound != BoundMemory || slow.Bound != BoundMemory || fast.Batch != 869 || slow.Batch != 869 ||
		fast.ReplicaChips != 10 || slow.ReplicaChips != 10 {
		t.Fatalf("premise broken: bounds %s/%s, batches %d/%d, chips %d/%d; want memory-bound at batch 869 on 10 chips",
			fast.Bound, slow.Bound, fast.Batch, slow.Batch, fast.ReplicaChips, slow.ReplicaChips)
	}
	checkApprox(t, "tokens/s/chip at 1400 GB/s", fast.UnitsPerSecPerChip, 986.1954152)
	checkApprox(t, "tokens/s/chip at 700 GB/s", slow.UnitsPerSecPerChip, 493.0977076)
	checkApprox(t, "throughput ratio", fast.UnitsPerSecPerChip/slow.UnitsPerSecPerChip, 2)

	// With the 20 tok/s SLO the ratio is larger than the bandwidth ratio:
	// slower memory also forces a smaller batch (173 vs 20 on 10 chips).
	w.MinTokensPerSecPerUser = 20
	fast, _ = Serve(withBandwidth(zhenwu, 1400), w, testCosts)
	slow, _ = Serve(withBandwidth(zhenwu, 700), w, testCosts)
	if r := fast.UnitsPerSecPerChip / slow.UnitsPerSecPerChip; !(r > 2) {
		t.Errorf("with SLO, throughput ratio = %.4g, want above the bandwidth ratio 2", r)
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
// that more memory bandwidth never lowers throughput, that a dearer chip
// serves as fast but costs more per unit, and that the replica search stays
// within n..min(2n, MaxReplicaChips) chips (exactly n for media) and is never
// worse than either end of that range.
func TestServeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	between := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	served, larger, minimal := 0, 0, 0
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

		// n, the smallest replica holding the weights and, for text, one
		// sequence's KV cache, found independently of replicaChips.
		need := w.TotalParamsB * 1e9 * w.BytesPerParam
		if w.Kind == Text {
			need += w.ContextTokens * w.KVBytesPerToken
		}
		n := 1
		for float64(n)*c.HBMGB*1e9*(1-testCosts.HBMReserveFraction) < need {
			n++
		}
		hi := n
		if w.Kind == Text {
			hi = min(2*n, MaxReplicaChips)
		}
		if base.ReplicaChips < n || base.ReplicaChips > hi {
			t.Errorf("case %d (%v): replica %d chips, want within %d..%d", i, w.Kind, base.ReplicaChips, n, hi)
		}
		if w.Kind == Text {
			if base.ReplicaChips > n {
				larger++
			} else {
				minimal++
			}
			for _, m := range []int{n, hi} {
				s := serveOn(c, w, testCosts, m)
				if s.SLOMet && !base.SLOMet ||
					s.SLOMet == base.SLOMet && s.UnitsPerSecPerChip > base.UnitsPerSecPerChip*(1+1e-12) {
					t.Errorf("case %d: %d chips give %g tokens/s/chip (SLO %t), better than the chosen %d chips' %g (SLO %t)",
						i, m, s.UnitsPerSecPerChip, s.SLOMet, base.ReplicaChips, base.UnitsPerSecPerChip, base.SLOMet)
				}
			}
		}

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
	if larger == 0 || minimal == 0 {
		t.Fatalf("text cases: %d chose a larger replica, %d the minimal one; want both kinds tested", larger, minimal)
	}
}

// TestDecodeStopsAtSLO checks, on random inputs (fixed seed), that decode,
// which stops scanning at the first batch missing the SLO, returns what a
// scan of every batch with the same rule (highest B/step meeting the SLO,
// ties within 1e-12 to the smaller batch, batch 1 if none) returns, with the
// step time written out here: the larger of the weight read and the matrix
// products, plus the KV read. The stop is sound because the step time never
// falls as the batch grows.
func TestDecodeStopsAtSLO(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	between := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	stopped := 0
	for i := range 300 {
		total := between(1, 1200)
		w := Workload{ID: "w", Kind: Text, TotalParamsB: total, ActiveParamsB: total * between(0.01, 1),
			BytesPerParam: float64(1 + rng.IntN(2)), KVBytesPerToken: between(0, 400e3),
			ContextTokens: between(0, 32768), MinTokensPerSecPerUser: between(0, 60)}
		r := roofline{bytesPerSec: between(0.2e12, 100e12), flopsPerSec: between(20e12, 5e15)}
		bmax := 1 + rng.IntN(MaxBatch)

		wantB, wantStep, wantBound, wantMet := 1, 0.0, Bound(""), false
		best := -1.0
		unused := 1 - w.ActiveParamsB/w.TotalParamsB
		for b := 1; b <= bmax; b++ {
			weights := math.Max(weightBytes(w)*(1-math.Pow(unused, float64(b))), w.ActiveParamsB*1e9*w.BytesPerParam)
			tw, tc := weights/r.bytesPerSec, 2*w.ActiveParamsB*1e9*float64(b)/r.flopsPerSec
			step, bound := tw+float64(b)*kvBytesPerSeq(w)/r.bytesPerSec, BoundMemory
			if tc > tw {
				step, bound = tc+float64(b)*kvBytesPerSeq(w)/r.bytesPerSec, BoundCompute
			}
			if b == 1 {
				wantStep, wantBound = step, bound
			}
			if w.MinTokensPerSecPerUser > 0 && 1/step < w.MinTokensPerSecPerUser {
				if b < bmax {
					stopped++
				}
				continue
			}
			if rate := float64(b) / step; rate > best*(1+1e-12) {
				best, wantB, wantStep, wantBound, wantMet = rate, b, step, bound, true
			}
		}
		b, step, bound, met := decode(r, w, bmax)
		if b != wantB || !approx(step, wantStep) || bound != wantBound || met != wantMet {
			t.Errorf("case %d: decode = %d %.9g %s %t, full scan = %d %.9g %s %t\nroofline %+v bmax %d\nworkload %+v",
				i, b, step, bound, met, wantB, wantStep, wantBound, wantMet, r, bmax, w)
		}
	}
	if stopped == 0 {
		t.Fatal("no case had a batch missing the SLO below bmax; the early stop is untested")
	}
}
