package hardware

import (
	"errors"
	"fmt"
	"math"
)

// Search limits of [Serve].
const (
	MaxReplicaChips = 64   // largest replica considered, chips
	MaxBatch        = 4096 // largest decode batch considered, sequences
)

// ErrDoesNotFit is returned (wrapped) by [Serve] when a workload's weights,
// plus one sequence's KV cache for text, do not fit in the usable HBM of
// MaxReplicaChips chips.
var ErrDoesNotFit = errors.New("does not fit")

// Bound names the roof that limits a step: for a decode step, the one that
// limits its matrix products (its KV read is bound by bandwidth at any
// batch, see decodeStep); for an image or video unit, the one whose time is
// the larger.
type Bound string

// The two roofs of the roofline model.
const (
	BoundMemory  Bound = "memory"  // limited by HBM bandwidth
	BoundCompute Bound = "compute" // limited by peak FLOPS
)

// Serving is how one chip serves one workload, at full utilisation.
type Serving struct {
	Chip     string // Chip.ID
	Workload string // Workload.ID
	Kind     Kind   // what a unit is: token, image or video-second

	ReplicaChips int     // chips per model replica
	Batch        int     // concurrent sequences per replica (text); 1 for image and video
	StepSeconds  float64 // decode step time (text) or time per unit (image, video), s
	Bound        Bound   // the roof that limits StepSeconds (see Bound)
	Precision    string  // "fp8" or "bf16": whose peak TFLOPS was used
	SLOMet       bool    // text: 1/StepSeconds ≥ MinTokensPerSecPerUser; always true for image and video

	// Text only (zero for image and video): the serving efficiency applied,
	// the traffic mix, and the prefill (input tokens/s) and decode (output
	// tokens/s) rates of one chip after efficiency, with the cost of a
	// million input or output tokens if the chip did only that.
	Efficiency                 float64
	InputTokensPerOutputToken  float64
	CachedInputShare           float64
	PrefillTokensPerSecPerChip float64
	DecodeTokensPerSecPerChip  float64
	USDPerMillionInput         float64
	USDPerMillionOutput        float64

	// UnitsPerSecPerChip is images/s or video-seconds/s per chip, or for
	// text the blended rate: input plus output tokens per second of a chip
	// serving the workload's traffic mix (see prefill.go). The market sells
	// and counts text in these blended tokens.
	UnitsPerSecPerChip float64
	ChipHourUSD        float64 // full cost of one chip-hour, USD (see ChipHourUSD)
	USDPerMillionUnits float64 // ChipHourUSD / units per chip-hour × 1e6, USD; for text a blended million tokens

	Err string // set only by Table: why this pair cannot be served; the numbers above are then zero
}

// Serve computes the roofline serving economics of w on c under k.
//
// A replica needs at least n chips, where n is the smallest count whose
// usable HBM, n × HBMGB × (1 − HBMReserveFraction), holds the weights (and,
// for text, the KV cache of one sequence). Text replicas of n to
// min(2n, MaxReplicaChips) chips are tried and the one with the most tokens
// per second per chip is kept: one that meets the SLO beats one that does
// not, and on a tie (within a relative 1e-12) the smaller replica wins. Both
// roofs scale with the chip count, so at a given batch tokens/s per chip do
// not depend on the replica size; a larger replica helps only by freeing HBM
// for a larger batch and by meeting the SLO at a larger batch. Image and video
// replicas are n chips.
//
// Text is served by decode steps. A step at batch B reads the weights used by
// B tokens — all of them for a dense model; for a mixture of experts
// total × (1 − (1 − active/total)^B), but never less than the active weights —
// and the KV cache of B sequences, and does 2 × active params × B FLOPs of
// matrix products. At n × bandwidth × MemoryEfficiency bytes/s and
// n × TFLOPS × ComputeEfficiency FLOPs/s (FP8 TFLOPS when the weights are
// 8-bit and the chip has FP8, else BF16), its time is the larger of the
// weight read and the products, which overlap, plus the KV read, which does
// not (see decodeStep). B is chosen in 1..MaxBatch to
// maximise tokens per second among the batches whose KV cache fits beside
// the weights and whose per-sequence speed 1/step meets the SLO, the smallest
// such B on a tie (e.g. once compute-bound); if none meets it, B is 1 and
// SLOMet is false. The decode rate is B / step / n output tokens per second
// per chip; the prefill rate is the chip's peak for the precision times
// ComputeEfficiency over 2 × active params FLOPs per input token. Both are
// multiplied by the pair's serving efficiency (efficiency.go) and blended by
// the workload's traffic mix into UnitsPerSecPerChip (prefill.go). The SLO
// and StepSeconds are the roofline's: efficiency lowers throughput, not the
// per-sequence speed.
//
// An image or video unit takes the larger of BytesPerUnit and FLOPsPerUnit
// over the same two roofs, one unit at a time.
//
// Serve returns an error if c, w or k is invalid, or an error wrapping
// ErrDoesNotFit. It runs in O(n × MaxBatch) time for text, n ≤ MaxReplicaChips.
func Serve(c Chip, w Workload, k Costs) (Serving, error) {
	s, err := serve(c, w, k)
	if err != nil {
		return Serving{}, fmt.Errorf("serve %q on %q: %w", w.ID, c.ID, err)
	}
	return s, nil
}

// serve is Serve without the chip and workload in its errors.
func serve(c Chip, w Workload, k Costs) (Serving, error) {
	if err := errors.Join(c.Validate(), w.Validate(), k.Validate()); err != nil {
		return Serving{}, err
	}
	n, err := replicaChips(c, w, k)
	if err != nil {
		return Serving{}, err
	}
	if w.Kind != Text {
		return serveOn(c, w, k, n), nil
	}
	// Operators pick the parallelism: a larger replica leaves more HBM for
	// the KV cache, so a larger batch, at the price of more chips. Try up
	// to twice the smallest replica and keep the best throughput per chip
	// (meeting the SLO first).
	best := serveOn(c, w, k, n)
	for m := n + 1; m <= min(2*n, MaxReplicaChips); m++ {
		s := serveOn(c, w, k, m)
		if s.SLOMet && !best.SLOMet || s.SLOMet == best.SLOMet && s.UnitsPerSecPerChip > best.UnitsPerSecPerChip*(1+1e-12) {
			best = s
		}
	}
	return best, nil
}

// serveOn is the serving result of w on a replica of n chips of c.
func serveOn(c Chip, w Workload, k Costs, n int) Serving {
	tflops, precision := c.peakTFLOPS(w.BytesPerParam)
	r := roofline{
		bytesPerSec: float64(n) * c.MemoryBandwidthGBps * 1e9 * k.MemoryEfficiency,
		flopsPerSec: float64(n) * tflops * 1e12 * k.ComputeEfficiency,
	}
	s := Serving{
		Chip:         c.ID,
		Workload:     w.ID,
		Kind:         w.Kind,
		ReplicaChips: n,
		Batch:        1,
		Precision:    precision,
		SLOMet:       true,
		ChipHourUSD:  ChipHourUSD(c, k),
	}
	if w.Kind != Text {
		s.StepSeconds, s.Bound = r.time(w.BytesPerUnit, w.FLOPsPerUnit)
		s.UnitsPerSecPerChip = 1 / s.StepSeconds / float64(n)
		s.USDPerMillionUnits = perMillion(s.ChipHourUSD, s.UnitsPerSecPerChip)
		return s
	}
	free := float64(n)*usableHBMBytes(c, k) - weightBytes(w)
	s.Batch, s.StepSeconds, s.Bound, s.SLOMet = decode(r, w, maxBatch(free, kvBytesPerSeq(w)))
	e := efficiency(c, w, k)
	s.Efficiency = e
	s.InputTokensPerOutputToken, s.CachedInputShare = w.InputTokensPerOutputToken, w.CachedInputShare
	s.DecodeTokensPerSecPerChip = e * float64(s.Batch) / s.StepSeconds / float64(n)
	s.PrefillTokensPerSecPerChip = e * prefillTokensPerSec(c, w, k)
	s.UnitsPerSecPerChip = blendedTokensPerSec(s.DecodeTokensPerSecPerChip, s.PrefillTokensPerSecPerChip,
		w.InputTokensPerOutputToken, w.CachedInputShare)
	s.USDPerMillionInput = perMillion(s.ChipHourUSD, s.PrefillTokensPerSecPerChip)
	s.USDPerMillionOutput = perMillion(s.ChipHourUSD, s.DecodeTokensPerSecPerChip)
	s.USDPerMillionUnits = perMillion(s.ChipHourUSD, s.UnitsPerSecPerChip)
	return s
}

// perMillion is the cost of a million units at chipHour USD per chip-hour
// and unitsPerSec units per second per chip.
func perMillion(chipHour, unitsPerSec float64) float64 {
	return chipHour / (unitsPerSec * 3600) * 1e6
}

// roofline holds the achievable rates of one replica.
type roofline struct {
	bytesPerSec float64 // HBM bytes per second, all chips, after efficiency
	flopsPerSec float64 // FLOPs per second, all chips, after efficiency
}

// time returns how long moving bytes and doing flops takes, s, and which
// roof binds (memory on a tie).
func (r roofline) time(bytes, flops float64) (float64, Bound) {
	tm, tc := bytes/r.bytesPerSec, flops/r.flopsPerSec
	if tm >= tc {
		return tm, BoundMemory
	}
	return tc, BoundCompute
}

// decodeStep returns the time of a decode step that reads weights bytes of
// weights and kv bytes of KV cache and does flops FLOPs of matrix products,
// s, and the roof that limits the products (memory on a tie).
//
// A step runs each layer's kernels one after another. A matrix product
// streams its weights into the tensor cores while they work on the tiles
// already loaded, so the products take the larger of the weight read and
// the arithmetic. Attention reads every sequence's KV cache in kernels of
// its own, between the products, so that read adds to the step:
//
//	step = max(weights/bytesPerSec, flops/flopsPerSec) + kv/bytesPerSec
//
// Taking the larger of all bytes and all FLOPs instead (the plain roofline)
// overlaps the KV read with the products too, and predicted 1.33× the
// measured throughput of Llama 3.3 70B on an H100 at 128/2048 tokens in/out;
// adding all three times predicted DeepSeek-V3 on the H800 at 0.73× in
// decode against 1.37× in prefill. This form puts every published
// measurement within ±19% (validation.go, docs/MODEL.md).
func (r roofline) decodeStep(weights, kv, flops float64) (float64, Bound) {
	products, bound := r.time(weights, flops)
	return products + kv/r.bytesPerSec, bound
}

// decode picks the decode batch in 1..bmax (bmax ≥ 1) with the highest
// throughput among those meeting w's SLO and returns it with its step time
// and bound; met is false if even a batch of 1 misses the SLO. Throughputs
// within a relative 1e-12 are a tie, won by the smaller batch: once the
// matrix products outlast the weight read, step / B is the FLOPs and the KV
// bytes of one token, the same for every larger batch up to rounding, and
// rounding must not pick the batch.
//
// The step time never falls as the batch grows (weights, KV bytes and FLOPs
// all grow with it), so the batches meeting the SLO are 1..b for some b; and
// the throughput B/step never falls either, since the weight bytes read per
// token fall with the batch while its FLOPs and KV bytes are fixed. Both
// searches are therefore binary: O(log MaxBatch).
func decode(r roofline, w Workload, bmax int) (batch int, step float64, bound Bound, met bool) {
	total, active := weightBytes(w), w.ActiveParamsB*1e9*w.BytesPerParam
	unused := 1 - w.ActiveParamsB/w.TotalParamsB // chance a weight is idle for one token
	kv := kvBytesPerSeq(w)
	flopsPerToken := 2 * w.ActiveParamsB * 1e9
	at := func(b int) (float64, Bound) {
		weights := math.Max(total*(1-math.Pow(unused, float64(b))), active)
		return r.decodeStep(weights, float64(b)*kv, flopsPerToken*float64(b))
	}
	slo := func(t float64) bool { return w.MinTokensPerSecPerUser <= 0 || 1/t >= w.MinTokensPerSecPerUser }
	step, bound = at(1)
	if !slo(step) {
		return 1, step, bound, false
	}
	// The largest batch meeting the SLO: step time only grows with the batch.
	lo, hi := 1, bmax
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if t, _ := at(mid); slo(t) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	// Throughput B/step never falls with B (weight bytes per token fall,
	// FLOPs and KV bytes per token are fixed), so the best rate is at the
	// largest batch; on the plateau where the products outlast the weight
	// read the smallest batch reaching it wins the tie.
	tb, _ := at(lo)
	best := float64(lo) / tb
	l, h := 1, lo
	for l < h {
		mid := l + (h-l)/2
		if t, _ := at(mid); float64(mid)/t*(1+1e-12) >= best {
			h = mid
		} else {
			l = mid + 1
		}
	}
	step, bound = at(l)
	return l, step, bound, true
}

// replicaChips returns the smallest replica, in chips, that holds w's weights
// and, for text, one sequence's KV cache.
func replicaChips(c Chip, w Workload, k Costs) (int, error) {
	need := weightBytes(w)
	if w.Kind == Text {
		need += kvBytesPerSeq(w)
	}
	usable := usableHBMBytes(c, k)
	for n := 1; n <= MaxReplicaChips; n++ {
		if need <= float64(n)*usable {
			return n, nil
		}
	}
	return 0, fmt.Errorf("%w: needs %.1f GB but %d chips hold %.1f GB usable",
		ErrDoesNotFit, need/1e9, MaxReplicaChips, MaxReplicaChips*usable/1e9)
}

// maxBatch returns how many sequences of kv bytes fit in free bytes, at least
// 1 and at most MaxBatch.
func maxBatch(free, kv float64) int {
	if kv <= 0 || free/kv >= MaxBatch {
		return MaxBatch
	}
	return max(1, int(free/kv))
}

func weightBytes(w Workload) float64         { return w.TotalParamsB * 1e9 * w.BytesPerParam }
func kvBytesPerSeq(w Workload) float64       { return w.ContextTokens * w.KVBytesPerToken }
func usableHBMBytes(c Chip, k Costs) float64 { return c.HBMGB * 1e9 * (1 - k.HBMReserveFraction) }
