package hardware_test

import (
	"fmt"
	"os"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

var (
	costs = hardware.Costs{
		ElectricityUSDPerKWh:   0.08,
		PUE:                    1.3,
		OverheadUSDPerChipHour: 0.30,
		ComputeEfficiency:      0.5,
		MemoryEfficiency:       0.7,
		HBMReserveFraction:     0.1,
	}
	h20 = hardware.Chip{ID: "h20", Name: "Nvidia H20", Vendor: "Nvidia",
		HBMGB: 96, MemoryBandwidthGBps: 4000, InterconnectGBps: 900,
		BF16TFLOPS: 148, FP8TFLOPS: 296, TDPW: 400, PriceUSD: 12500, LifetimeYears: 4,
		Origin: hardware.Foreign}
	qwen = hardware.Workload{ID: "qwen3.5", Name: "Qwen3.5-397B-A17B", Kind: hardware.Text,
		TotalParamsB: 397, ActiveParamsB: 17, BytesPerParam: 1,
		KVBytesPerToken: 65536, ContextTokens: 8192, MinTokensPerSecPerUser: 20}
)

// Qwen3.5 (397 GB of FP8 weights) fits on 5 H20s, but they leave only 35 GB
// for KV caches: 65 sequences, 445 tokens/s per chip. Serve tries 5 to 10
// chips and keeps 9: 380.6 GB of KV room, 708 sequences. From batch 618 the
// matrix products (34 GFLOPs a token at 9 × 296 × 0.5 TFLOPS) outlast the
// read of all 397 GB of experts over 9 × 4000 × 0.7 GB/s (15.75 ms), and a
// larger batch or a tenth chip gains nothing. A step at 618 takes 15.77 ms
// of products plus 13.17 ms to read 331.8 GB of KV caches: 28.94 ms, 34.6
// tok/s per sequence (above the 20 tok/s SLO), so 618 / 0.02894 / 9 = 2373
// tokens/s per chip and $0.698 / (2373 × 3600) × 1e6 = $0.0817 per million
// tokens.
func ExampleServe() {
	s, err := hardware.Serve(h20, qwen, costs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d chips per replica, batch %d, %s-bound, %.1f tok/s per sequence\n",
		s.ReplicaChips, s.Batch, s.Bound, 1/s.StepSeconds)
	fmt.Printf("%.0f tokens/s per chip at $%.3f/chip-hour: $%.4f per million tokens\n",
		s.UnitsPerSecPerChip, s.ChipHourUSD, s.USDPerMillionUnits)
	// Output:
	// 9 chips per replica, batch 618, compute-bound, 34.6 tok/s per sequence
	// 2373 tokens/s per chip at $0.698/chip-hour: $0.0817 per million tokens
}

func ExampleWriteTable() {
	zhenwu := hardware.Chip{ID: "zhenwu-810e", HBMGB: 96, MemoryBandwidthGBps: 700,
		BF16TFLOPS: 148, TDPW: 400, PriceUSD: 10000, LifetimeYears: 4, Origin: hardware.Domestic}
	video := hardware.Workload{ID: "video-1080p", Kind: hardware.Video,
		TotalParamsB: 14, ActiveParamsB: 14, BytesPerParam: 2,
		FLOPsPerUnit: 2e16, BytesPerUnit: 5e12}
	llama := hardware.Workload{ID: "llama-405b", Kind: hardware.Text,
		TotalParamsB: 405, ActiveParamsB: 405, BytesPerParam: 2,
		KVBytesPerToken: 516096, ContextTokens: 8192, MinTokensPerSecPerUser: 20}
	gaming := hardware.Chip{ID: "gaming-8gb", HBMGB: 8, MemoryBandwidthGBps: 448,
		BF16TFLOPS: 50, TDPW: 250, PriceUSD: 1500, LifetimeYears: 3, Origin: hardware.Foreign}

	// Text rows use the best replica (no traffic mix and no serving
	// efficiency here: decode only, at the roofline; PREFILL/S is what the
	// chip would do on prompts: 8-bit or BF16 peak × 0.5 over 2 × active params) of n..min(2n, 64) chips:
	//   - h20/qwen3.5: 9 chips, not 5 (see ExampleServe).
	//   - h20/llama-405b: n=10 (814.2/86.4 = 9.42). On m chips a step takes
	//     max(810/(2800m), 8.1e11×B/(74e12×m)) + 4.228B/(2800m) s, the
	//     products outlasting the weight read from B = 27 (26.43), where a
	//     chip peaks at 1/(8.1e11/74e12 + 4.228/2800) = 1/(0.010946 +
	//     0.001510) = 80.28 tokens/s. 10 chips hold only 12 sequences (39.04
	//     tokens/s per chip); 11 hold 33, so B = 27 fits: 2.187e13 FLOPs /
	//     8.14e14 = 26.87 ms plus 114.15 GB of KV / 30800 GB/s = 3.71 ms,
	//     30.57 ms, 32.71 tok/s per sequence. 12..20 chips tie, so 11 is
	//     kept: $0.6981 / (80.28 × 3600) × 1e6 = $2.415 per million tokens.
	//   - zhenwu-810e/qwen3.5: 10 chips; the SLO caps a step at 10 × 490 ×
	//     0.05 = 245 GB: B = 20 reads 231.56 + 10.74 = 242.29 GB in 49.45 ms,
	//     20 / 0.04945 / 10 = 40.45 tokens/s per chip.
	//   - zhenwu-810e/llama-405b: batch 1 misses the SLO even on 20 chips
	//     (814.2 GB / 9800 GB/s = 83 ms); all sizes tie, so 10 is kept.
	//   - gaming-8gb/qwen3.5: n=56, capped at 64 chips: 63.8 GB of KV room,
	//     118 sequences, 458.08 GB / 20070 GB/s = 22.82 ms, 80.78 tokens/s per chip.
	chips := []hardware.Chip{h20, zhenwu, gaming}
	rows := hardware.Table(chips, []hardware.Workload{qwen, video, llama}, costs)
	if err := hardware.WriteTable(os.Stdout, rows); err != nil {
		fmt.Println(err)
	}
	// Output:
	// CHIP         MODEL        UNIT          CHIPS  BATCH  BOUND    EFF   IN:OUT  PREFILL/S  DECODE/S  UNITS/S/CHIP  $/CHIP-H  $/M UNITS  NOTE
	// h20          qwen3.5      token         9      618    compute  100%  0:1     4353       2373      2373          0.6981    0.08173    34.55 tok/s/seq
	// h20          video-1080p  video-second  1      1      compute  -     -       -          -         0.0037        0.6981    52409      -
	// h20          llama-405b   token         11     27     compute  100%  0:1     91.36      80.28     80.28         0.6981    2.415      32.71 tok/s/seq
	// zhenwu-810e  qwen3.5      token         10     20     memory   100%  0:1     2176       40.45     40.45         0.6268    4.305      20.22 tok/s/seq
	// zhenwu-810e  video-1080p  video-second  1      1      compute  -     -       -          -         0.0037        0.6268    47057      -
	// zhenwu-810e  llama-405b   token         10     1      memory   100%  0:1     91.36      0.6018    0.6018        0.6268    289.3      6.018 tok/s/seq, misses SLO
	// gaming-8gb   qwen3.5      token         64     118    memory   100%  0:1     735.3      80.78     80.78         0.383     1.317      43.81 tok/s/seq
	// gaming-8gb   video-1080p  video-second  4      1      compute  -     -       -          -         0.00125       0.383     85120      -
	// gaming-8gb   llama-405b   token         -      -      -        -     -       -          -         -             -         -          does not fit: needs 814.2 GB but 64 chips hold 460.8 GB usable
}
