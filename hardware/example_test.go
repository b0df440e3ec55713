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

func ExampleServe() {
	s, err := hardware.Serve(h20, qwen, costs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d chips per replica, batch %d, %s-bound, %.1f tok/s per sequence\n",
		s.ReplicaChips, s.Batch, s.Bound, 1/s.StepSeconds)
	fmt.Printf("%.0f tokens/s per chip at $%.3f/chip-hour: $%.2f per million tokens\n",
		s.UnitsPerSecPerChip, s.ChipHourUSD, s.USDPerMillionUnits)
	// Output:
	// 5 chips per replica, batch 65, memory-bound, 34.2 tok/s per sequence
	// 445 tokens/s per chip at $0.698/chip-hour: $0.44 per million tokens
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

	chips := []hardware.Chip{h20, zhenwu, gaming}
	rows := hardware.Table(chips, []hardware.Workload{qwen, video, llama}, costs)
	if err := hardware.WriteTable(os.Stdout, rows); err != nil {
		fmt.Println(err)
	}
	// Output:
	// CHIP         MODEL        UNIT          CHIPS  BATCH  BOUND    UNITS/S/CHIP  $/CHIP-H  $/M UNITS  NOTE
	// h20          qwen3.5      token         5      65     memory   445.2         0.6981    0.4356     34.25 tok/s/seq
	// h20          video-1080p  video-second  1      1      compute  0.0037        0.6981    52409      -
	// h20          llama-405b   token         10     12     memory   39.04         0.6981    4.968      32.53 tok/s/seq
	// zhenwu-810e  qwen3.5      token         5      8      memory   32.25         0.6268    5.399      20.15 tok/s/seq
	// zhenwu-810e  video-1080p  video-second  1      1      compute  0.0037        0.6268    47057      -
	// zhenwu-810e  llama-405b   token         10     1      memory   0.6018        0.6268    289.3      6.018 tok/s/seq, misses SLO
	// gaming-8gb   qwen3.5      token         56     11     memory   21.89         0.383     4.861      111.4 tok/s/seq
	// gaming-8gb   video-1080p  video-second  4      1      compute  0.00125       0.383     85120      -
	// gaming-8gb   llama-405b   token         -      -      -        -             -         -          does not fit: needs 814.2 GB but 64 chips hold 460.8 GB usable
}
