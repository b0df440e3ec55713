package hardware

import "fmt"

// Published serving throughput that [Validation] predicts. Each row is one
// figure from its source, per chip; the chip and model are described as
// they were measured (precision, KV cache, context, traffic mix, latency
// target), and Note says how the figure was read from the source and which
// inputs are estimates. The chips repeat the baseline scenario's data where
// the scenario has them; the H800 and the models are here only for the
// comparison.

// Chips as measured. The H800 is an H100 with its NVLink cut to 400 GB/s,
// which the roofline does not use.
var (
	measuredH800 = Chip{ID: "h800", Name: "Nvidia H800", Vendor: "nvidia",
		HBMGB: 80, MemoryBandwidthGBps: 3350, InterconnectGBps: 400, BF16TFLOPS: 989, FP8TFLOPS: 1979,
		TDPW: 700, PriceUSD: 27500, LifetimeYears: 4, Origin: Foreign}
	measuredH100 = Chip{ID: "h100", Name: "Nvidia H100 SXM", Vendor: "nvidia",
		HBMGB: 80, MemoryBandwidthGBps: 3350, InterconnectGBps: 900, BF16TFLOPS: 989, FP8TFLOPS: 1979,
		TDPW: 700, PriceUSD: 27500, LifetimeYears: 4, Origin: Foreign}
	measuredH200 = Chip{ID: "h200", Name: "Nvidia H200", Vendor: "nvidia",
		HBMGB: 141, MemoryBandwidthGBps: 4800, InterconnectGBps: 900, BF16TFLOPS: 989, FP8TFLOPS: 1979,
		TDPW: 700, PriceUSD: 22000, LifetimeYears: 4, Origin: Foreign}
	// The 910C's 8-bit (INT8) peak is an estimate: twice its 790 BF16
	// TFLOPS, the usual ratio; CloudMatrix-Infer serves DeepSeek-R1 in INT8.
	measured910C = Chip{ID: "ascend-910c", Name: "Huawei Ascend 910C", Vendor: "huawei",
		HBMGB: 128, MemoryBandwidthGBps: 3200, InterconnectGBps: 784, BF16TFLOPS: 790, FP8TFLOPS: 1580,
		TDPW: 650, PriceUSD: 28600, LifetimeYears: 4, Origin: Domestic}
)

// Models as measured.
var (
	// DeepSeek-V3/R1: 671B total, 37B active, FP8 (INT8 on Ascend). The
	// MLA cache holds a 512 + 64 = 576-value latent per layer, 61 layers,
	// in BF16: 70,272 bytes per token.
	measuredDeepSeek = Workload{ID: "deepseek-v3", Name: "DeepSeek-V3/R1", Kind: Text,
		TotalParamsB: 671, ActiveParamsB: 37, BytesPerParam: 1, KVBytesPerToken: 70272}
	// Qwen3-235B-A22B in FP8: 94 layers × 4 KV heads × 128 dims × (K+V) in
	// FP8 (estimate: NVIDIA's ModelOpt quantizes the KV cache of its FP8
	// checkpoints to FP8 by default): 96,256 bytes per token.
	measuredQwen3 = Workload{ID: "qwen3-235b", Name: "Qwen3-235B-A22B", Kind: Text,
		TotalParamsB: 235, ActiveParamsB: 22, BytesPerParam: 1, KVBytesPerToken: 96256}
	// Llama 3.3 70B in FP8, dense: 80 layers × 8 KV heads × 128 dims ×
	// (K+V) in FP8 (estimate, as Qwen3): 163,840 bytes per token.
	measuredLlama70 = Workload{ID: "llama3.3-70b", Name: "Llama 3.3 70B", Kind: Text,
		TotalParamsB: 70.6, ActiveParamsB: 70.6, BytesPerParam: 1, KVBytesPerToken: 163840}
)

// Sources.
const (
	urlDeepSeek = "https://github.com/deepseek-ai/open-infra-index/blob/main/202502OpenSourceWeek/day_6_one_more_thing_deepseekV3R1_inference_system_overview.md"
	urlSGLang   = "https://lmsys.org/blog/2025-05-05-large-scale-ep/"
	urlTRTLLM   = "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md"
	urlHuawei   = "https://arxiv.org/abs/2506.12708"
)

// measured returns w with a context, a decode-speed target, a traffic mix
// and a cached-input share.
func measured(w Workload, context, minTokPerSec, inPerOut, cached float64) Workload {
	w.ContextTokens, w.MinTokensPerSecPerUser = context, minTokPerSec
	w.InputTokensPerOutputToken, w.CachedInputShare = inPerOut, cached
	return w
}

// trtllm is a TensorRT-LLM offline max-throughput row: isl input and osl
// output tokens per request, no latency target, total output tokens/s of
// gpus GPUs. A request holds isl + osl/2 tokens of KV on average.
func trtllm(c Chip, w Workload, isl, osl, gpus, total float64) Measurement {
	return Measurement{
		Source: "NVIDIA TensorRT-LLM performance overview, 2025",
		URL:    urlTRTLLM, Chip: c, Workload: measured(w, isl+osl/2, 0, isl/osl, 0), Phase: PhaseMixed,
		MeasuredTokensPerSecPerChip: total / gpus, ScenarioChip: c.ID,
		Note: fmt.Sprintf("offline max throughput, %g/%g tokens in/out, %g output tok/s on %g GPUs; FP8 KV cache (estimate: the ModelOpt default)",
			isl, osl, total, gpus),
	}
}

// measurements is the table. Keep rows of one chip × model together.
var measurements = []Measurement{
	{Source: "DeepSeek, V3/R1 inference system overview, 2025-03-01", URL: urlDeepSeek,
		Chip: measuredH800, Workload: measured(measuredDeepSeek, 4096, 20, 0, 0), Phase: PhaseDecode,
		MeasuredTokensPerSecPerChip: 14800.0 / 8, ScenarioChip: "h100",
		Note: "production decode, 14.8K output tok/s per 8-GPU node at 20-22 tok/s per user; context 4K is an estimate"},
	{Source: "DeepSeek, V3/R1 inference system overview, 2025-03-01", URL: urlDeepSeek,
		Chip: measuredH800, Workload: measured(measuredDeepSeek, 4096, 0, 0, 0.563), Phase: PhasePrefill,
		MeasuredTokensPerSecPerChip: 73700.0 / 8, ScenarioChip: "h100",
		Note: "production prefill, 73.7K input tok/s per 8-GPU node including the 56.3% of input tokens that hit the cache"},
	{Source: "LMSYS (SGLang), DeepSeek on 96 H100 GPUs, 2025-05-05", URL: urlSGLang,
		Chip: measuredH100, Workload: measured(measuredDeepSeek, 2000, 0, 0, 0), Phase: PhasePrefill,
		MeasuredTokensPerSecPerChip: 52300.0 / 8, ScenarioChip: "h100",
		Note: "prefill-decode disaggregation with expert parallelism, 52.3K input tok/s per node, 2,000-token prompts"},
	{Source: "LMSYS (SGLang), DeepSeek on 96 H100 GPUs, 2025-05-05", URL: urlSGLang,
		Chip: measuredH100, Workload: measured(measuredDeepSeek, 2000, 0, 0, 0), Phase: PhaseDecode,
		MeasuredTokensPerSecPerChip: 22300.0 / 8, ScenarioChip: "h100",
		Note: "decode, 22.3K output tok/s per node for 2,000-token prompts; no per-user speed target given"},
	trtllm(measuredH100, measuredQwen3, 128, 2048, 8, 19658),
	trtllm(measuredH100, measuredQwen3, 1000, 1000, 8, 14898),
	trtllm(measuredH200, measuredQwen3, 128, 2048, 8, 42821),
	trtllm(measuredH200, measuredQwen3, 1000, 1000, 8, 23789),
	trtllm(measuredH200, measuredQwen3, 2048, 128, 8, 3331),
	trtllm(measuredH100, measuredLlama70, 128, 2048, 2, 6651),
	trtllm(measuredH100, measuredLlama70, 1000, 1000, 2, 4205),
	trtllm(measuredH100, measuredLlama70, 2048, 128, 2, 762),
	trtllm(measuredH200, measuredLlama70, 128, 2048, 1, 4336),
	trtllm(measuredH200, measuredLlama70, 1000, 1000, 1, 2909),
	trtllm(measuredH200, measuredLlama70, 2048, 128, 1, 442),
	{Source: "Huawei, Serving LLMs on Huawei CloudMatrix384, 2025-06", URL: urlHuawei,
		Chip: measured910C, Workload: measured(measuredDeepSeek, 4096, 0, 0, 0), Phase: PhasePrefill,
		MeasuredTokensPerSecPerChip: 6688, ScenarioChip: "ascend-910c",
		Note: "DeepSeek-R1 in INT8, prefill 6,688 tok/s per NPU"},
	{Source: "Huawei, Serving LLMs on Huawei CloudMatrix384, 2025-06", URL: urlHuawei,
		Chip: measured910C, Workload: measured(measuredDeepSeek, 4096, 20, 0, 0), Phase: PhaseDecode,
		MeasuredTokensPerSecPerChip: 1943, ScenarioChip: "ascend-910c",
		Note: "DeepSeek-R1 in INT8, decode 1,943 tok/s per NPU under 50 ms per output token; context 4K is an estimate"},
}
