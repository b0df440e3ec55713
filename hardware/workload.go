package hardware

import (
	"errors"
	"fmt"
)

// Kind is what a workload produces and is sold by.
type Kind int

// The kinds of workload. The zero Kind is invalid so that a forgotten kind is
// caught by [Workload.Validate].
const (
	Text  Kind = iota + 1 // language model, sold per token
	Image                 // image model, sold per image
	Video                 // video model, sold per second of video
)

// String returns "text", "image" or "video".
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Image:
		return "image"
	case Video:
		return "video"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Unit returns the name of one unit sold: "token", "image" or "video-second".
func (k Kind) Unit() string {
	switch k {
	case Text:
		return "token"
	case Image:
		return "image"
	case Video:
		return "video-second"
	}
	return "unit"
}

// ParseKind is the inverse of [Kind.String].
func ParseKind(s string) (Kind, error) {
	for _, k := range []Kind{Text, Image, Video} {
		if s == k.String() {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown workload kind %q, want text, image or video", s)
}

// Workload is the serving profile of one AI model.
//
// Text models are described by their parameters and KV cache; [Serve] derives
// the per-token cost from them. Image and video models also need their
// weights resident, but their cost per unit is given directly as FLOPs and
// HBM bytes per image or per video-second.
type Workload struct {
	ID   string // stable key, e.g. "qwen3.5"
	Name string // display name
	Kind Kind

	TotalParamsB  float64 // all parameters, billions
	ActiveParamsB float64 // parameters used per token, billions; equal to TotalParamsB for dense models
	BytesPerParam float64 // storage per parameter: 2 = BF16, 1 = FP8

	KVBytesPerToken        float64 // text: KV-cache bytes per context token per sequence
	ContextTokens          float64 // text: typical context held per sequence, tokens
	MinTokensPerSecPerUser float64 // text: decode-speed SLO per sequence, tokens/s; 0 = none

	// InputTokensPerOutputToken is the text traffic mix: prompt (prefill)
	// tokens sold per generated (decode) token; 0 means decode only.
	// CachedInputShare is the share of prompt tokens served from a prefix
	// cache, which costs no prefill compute, in [0, 1).
	InputTokensPerOutputToken float64
	CachedInputShare          float64

	FLOPsPerUnit float64 // image, video: FLOPs to produce one image or one video-second
	BytesPerUnit float64 // image, video: HBM bytes read per image or video-second
}

// WeightsGB returns the memory the weights occupy, GB.
func (w Workload) WeightsGB() float64 {
	return w.TotalParamsB * w.BytesPerParam
}

// Validate reports every non-physical value in w, joined into one error, or
// nil if w is usable.
func (w Workload) Validate() error {
	var errs []error
	if w.ID == "" {
		errs = append(errs, errors.New("ID is empty"))
	}
	if w.Kind != Text && w.Kind != Image && w.Kind != Video {
		errs = append(errs, fmt.Errorf("Kind = %v, want Text, Image or Video", w.Kind))
	}
	errs = appendIf(errs, positive("TotalParamsB", w.TotalParamsB))
	errs = appendIf(errs, positive("ActiveParamsB", w.ActiveParamsB))
	if w.ActiveParamsB > w.TotalParamsB {
		errs = append(errs, fmt.Errorf("ActiveParamsB = %g exceeds TotalParamsB = %g", w.ActiveParamsB, w.TotalParamsB))
	}
	errs = appendIf(errs, positive("BytesPerParam", w.BytesPerParam))
	errs = appendIf(errs, nonNegative("KVBytesPerToken", w.KVBytesPerToken))
	errs = appendIf(errs, nonNegative("ContextTokens", w.ContextTokens))
	errs = appendIf(errs, nonNegative("MinTokensPerSecPerUser", w.MinTokensPerSecPerUser))
	errs = appendIf(errs, nonNegative("InputTokensPerOutputToken", w.InputTokensPerOutputToken))
	if !(w.CachedInputShare >= 0 && w.CachedInputShare < 1) {
		errs = append(errs, fmt.Errorf("CachedInputShare = %g, want in [0, 1)", w.CachedInputShare))
	}
	errs = appendIf(errs, nonNegative("FLOPsPerUnit", w.FLOPsPerUnit))
	errs = appendIf(errs, nonNegative("BytesPerUnit", w.BytesPerUnit))
	if (w.Kind == Image || w.Kind == Video) && !(w.FLOPsPerUnit > 0 || w.BytesPerUnit > 0) {
		errs = append(errs, fmt.Errorf("%v workload needs FLOPsPerUnit or BytesPerUnit > 0", w.Kind))
	}
	if len(errs) == 0 {
		return nil
	}
	return wrapAll(fmt.Sprintf("workload %q", w.ID), errs)
}
