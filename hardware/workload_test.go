package hardware

import "testing"

func TestWorkloadValidate(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		w      Workload
		edit   func(*Workload)
		want   []string
	}{
		{"moe", "the MoE fixture is valid", moe397, func(*Workload) {}, nil},
		{"image", "the image fixture is valid", image12, func(*Workload) {}, nil},
		{"no slo", "an SLO of 0 means none", moe397, func(w *Workload) { w.MinTokensPerSecPerUser = 0 }, nil},
		{"kind unset", "the zero Kind is invalid so a forgotten kind is caught", moe397, func(w *Workload) { w.Kind = 0 }, []string{"Kind"}},
		{"active above total", "a model cannot use more parameters than it has", moe397, func(w *Workload) { w.ActiveParamsB = 400 }, []string{"ActiveParamsB = 400 exceeds"}},
		{"zero bytes per param", "weights take memory", moe397, func(w *Workload) { w.BytesPerParam = 0 }, []string{"BytesPerParam"}},
		{"negative context", "context is a count of tokens", moe397, func(w *Workload) { w.ContextTokens = -1 }, []string{"ContextTokens"}},
		{"mix", "3.6 input tokens per output token, 56% cached", moe397, func(w *Workload) {
			w.InputTokensPerOutputToken, w.CachedInputShare = 3.6, 0.56
		}, nil},
		{"negative mix", "a mix is a ratio of counts", moe397, func(w *Workload) { w.InputTokensPerOutputToken = -1 }, []string{"InputTokensPerOutputToken"}},
		{"all input cached", "a cache that serves every prompt token has nothing to fill it", moe397, func(w *Workload) { w.CachedInputShare = 1 }, []string{"CachedInputShare"}},
		{"free image", "an image that costs neither FLOPs nor bytes would be infinitely cheap", image12, func(w *Workload) {
			w.FLOPsPerUnit, w.BytesPerUnit = 0, 0
		}, []string{"image workload needs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.w
			tt.edit(&w)
			checkErr(t, tt.reason, w.Validate(), tt.want)
		})
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range []Kind{Text, Image, Video} {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v; want %v (String and ParseKind must round-trip)", k.String(), got, err, k)
		}
	}
	if _, err := ParseKind("audio"); err == nil {
		t.Error(`ParseKind("audio") succeeded; unknown kinds must be rejected`)
	}
}
