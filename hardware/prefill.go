package hardware

// Text is sold as prompt (input) and generated (output) tokens, and the two
// cost very different amounts of chip time. Prefill processes a prompt's
// tokens all at once: big matrix products that keep the chip's arithmetic
// units busy, so it is compute-bound at 2 × active parameters FLOPs per
// token. Decode generates one token per sequence per step and rereads the
// weights and KV caches each step, so it is bound by memory bandwidth until
// the batch is large enough for its matrix products to outlast the weight
// read (see decodeStep in roofline.go).
//
// A chip that spends its time on both, in the proportion the traffic mix
// asks for, serves per chip-second
//
//	(1 + r) / (1/D + r × (1 − h) / P)
//
// tokens, input and output together, where D is the decode rate (output
// tokens/s), P the prefill rate (input tokens/s), r the input tokens per
// output token and h the share of input tokens served from a prefix cache.
// This holds whether prefill and decode share chips or run on separate pools
// sized in that proportion, as disaggregated serving does.

// prefillTokensPerSec is the prefill rate of w on one chip of c under k
// before serving efficiency: input tokens per second at 2 × active
// parameters FLOPs each, at the chip's peak for w's precision times
// k.ComputeEfficiency. Attention FLOPs, which grow with the prompt, are left
// to the serving efficiency.
func prefillTokensPerSec(c Chip, w Workload, k Costs) float64 {
	tflops, _ := c.peakTFLOPS(w.BytesPerParam)
	return tflops * 1e12 * k.ComputeEfficiency / (2 * w.ActiveParamsB * 1e9)
}

// blendedTokensPerSec is the input plus output tokens per second of a chip
// that decodes at decode output tokens/s and prefills at prefill input
// tokens/s, for r input tokens per output token of which a share cached needs
// no prefill.
func blendedTokensPerSec(decode, prefill, r, cached float64) float64 {
	return (1 + r) / (1/decode + r*(1-cached)/prefill)
}

// outputTokensPerSec is the output tokens per second of the same chip: the
// blended rate over 1 + r.
func outputTokensPerSec(decode, prefill, r, cached float64) float64 {
	return 1 / (1/decode + r*(1-cached)/prefill)
}
