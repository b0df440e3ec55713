package scenarios

import (
	"slices"
	"strings"
	"testing"
)

// openChild opens src, a file that may extend the embedded scenarios, with
// the --set overrides sets, as Open does for a file on disk.
func openChild(t *testing.T, src string, sets ...string) *Scenario {
	t.Helper()
	resolveEmbedded := func(ref, from string) (string, []byte, error) {
		if b, ok := embedded(ref); ok {
			return ref + ".yaml", b, nil
		}
		return "", nil, ErrNotFound
	}
	tr, err := Load("child.yaml", []byte(src), resolveEmbedded, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		if err := ApplySet(tr, s); err != nil {
			t.Fatal(err)
		}
	}
	var s Scenario
	if errs := Decode(tr, &s); len(errs) > 0 {
		t.Fatal(errs.Err())
	}
	return &s
}

func TestAssumptions(t *testing.T) {
	s := openChild(t, `extends: baseline
checks:
  - {check: share-at-most, company: bytedance, segment: llm-api, max: 40%, severity: warn}
  - {check: price-above-marginal-cost, allowed_discount: {bytedance: 30%}, severity: warn}
`, "costs.pue=1.5", "chips.zhenwu-810e.memory_bandwidth=0.7TB/s")
	got := s.Assumptions()
	byPath := map[string]Assumption{}
	for _, a := range got {
		if _, dup := byPath[a.Path]; dup {
			t.Errorf("%s listed twice", a.Path)
		}
		byPath[a.Path] = a
		if a.Value == "" || a.Source == "" {
			t.Errorf("%+v: every row has a value and a source (or %q)", a, NoSource)
		}
	}
	for _, tc := range []struct {
		want   Assumption
		reason string
	}{
		{Assumption{"chips.zhenwu-810e.hbm", "96GB", "", "facts §1 (HBM2e)"}, "bytes take a magnitude, as written"},
		{Assumption{"chips.zhenwu-810e.price", "$10K", "$8K to $13K", "estimate: priced below the H20 it competes with"}, "money and its range"},
		{Assumption{"chips.zhenwu-810e.lifetime", "1461 days", "", "estimate, as H20"}, "4y in canonical days"},
		{Assumption{"checks.0.max", "40%", "", NoSource}, "a check's unit comes from its kind's shape; no source is shown as such"},
		{Assumption{"checks.1.allowed_discount.bytedance", "30%", "", NoSource}, "a map of numbers inside a check"},
		{Assumption{"costs.pue", "1.5", "1.15 to 1.5", "--set on the command line; the scenario's source, for its own value: estimate: new Chinese AI data centres target PUE 1.25-1.3"}, "a --set value says so and keeps the range"},
		{Assumption{"chips.zhenwu-810e.memory_bandwidth", "700 GB/s", "700 GB/s to 2000 GB/s", byPath["chips.zhenwu-810e.memory_bandwidth"].Source}, "a --set keeps the range"},
	} {
		if a := byPath[tc.want.Path]; a != tc.want {
			t.Errorf("%s = %+v, want %+v (%s)", tc.want.Path, a, tc.want, tc.reason)
		}
	}
	if src := byPath["chips.zhenwu-810e.memory_bandwidth"].Source; !strings.HasPrefix(src, "--set on the command line; the scenario's source, for its own value: facts §1") {
		t.Errorf("memory_bandwidth source = %q: a --set number should say it was set and keep the old source as a note", src)
	}

	// Exactly the numbers written for Zhenwu: fp8, launch (a date) and
	// policy are absent or not numbers.
	var zhenwu []string
	for _, a := range got {
		if rest, ok := strings.CutPrefix(a.Path, "chips.zhenwu-810e."); ok {
			zhenwu = append(zhenwu, rest)
		}
	}
	want := []string{"bf16", "hbm", "interconnect", "lifetime", "memory_bandwidth", "price", "tdp"}
	if !slices.Equal(zhenwu, want) {
		t.Errorf("Zhenwu's numbers = %q, want %q", zhenwu, want)
	}
	if !slices.IsSortedFunc(got, func(a, b Assumption) int { return comparePaths(a.Path, b.Path) }) {
		t.Error("assumptions are not sorted by path")
	}
}

// TestAssumptionsOfEveryScenario checks that every embedded scenario lists
// numbers, each once, and that the sourcing gaps show.
func TestAssumptionsOfEveryScenario(t *testing.T) {
	t.Parallel()
	for _, e := range Catalogue() {
		o, err := Open(e.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		as := o.Assumptions()
		if len(as) < 100 {
			t.Errorf("%s: %d assumptions; the embedded scenarios give hundreds of numbers", e.Name, len(as))
		}
		seen := map[string]bool{}
		for _, a := range as {
			if seen[a.Path] {
				t.Errorf("%s: %s listed twice", e.Name, a.Path)
			}
			seen[a.Path] = true
			if strings.Contains(a.Value, "e+") || strings.Contains(a.Range, "e+") {
				t.Errorf("%s: %+v: values should read without exponents", e.Name, a)
			}
		}
	}
}

func TestFormatAssumption(t *testing.T) {
	for _, tc := range []struct {
		unit string
		v    float64
		want string
	}{
		{"fraction", 0.07, "7%"},              // not 7.000000000000001%
		{"price", 3.2 / 7.15, "$0.447552"},    // a yuan price, six digits
		{"usd", 9e10, "$90B"},                 // FormatQuantity's money
		{"bandwidth", 1800, "1800 GB/s"},      // FormatQuantity's canonical unit
		{"count", 6.71e11, "671B"},            // as written in the scenario
		{"count", 150000, "150K"},             // a magnitude rather than six digits
		{"count", 42, "42"},                   // small counts as they are
		{"bytes", 40000, "40KB"},              // KV cache per token
		{"flop", 2e16, "20PFLOP"},             // per generated unit
		{"duration", 365.25 * 4, "1461 days"}, // four years
		{"number", -2.5, "-2.5"},              // plain numbers may be negative
	} {
		if got := formatAssumption(tc.unit, tc.v); got != tc.want {
			t.Errorf("formatAssumption(%q, %v) = %q, want %q", tc.unit, tc.v, got, tc.want)
		}
	}
}

func TestComparePaths(t *testing.T) {
	for _, tc := range []struct {
		a, b   string
		want   int
		reason string
	}{
		{"events.2.price", "events.10.price", -1, "indices compare as numbers"},
		{"chips.h20.tdp", "chips.h200.bf16", -1, "keys compare as strings, key by key"},
		{"costs", "costs.pue", -1, "a prefix comes first"},
		{"segments.a.spend.2026", "segments.a.spend.2026", 0, "equal"},
		{"checks.1.max", "checks.0.max", 1, "index 1 after index 0"},
	} {
		if got := comparePaths(tc.a, tc.b); got != tc.want {
			t.Errorf("comparePaths(%q, %q) = %d, want %d: %s", tc.a, tc.b, got, tc.want, tc.reason)
		}
	}
}
