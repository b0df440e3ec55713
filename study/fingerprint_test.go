package study

import (
	"regexp"
	"testing"
)

// TestFingerprint checks that the probe's fingerprint is a function of
// what decides the numbers: the same scenario and seed give the same one,
// and a change of the seed or of a number in the scenario gives another.
func TestFingerprint(t *testing.T) {
	t.Parallel()
	of := func(seed uint64, sets ...string) string {
		t.Helper()
		cfg, agents := buildScenario(t, tiny, sets...)
		fp, err := Fingerprint(cfg, agents, seed)
		if err != nil {
			t.Fatal(err)
		}
		return fp
	}
	base := of(1)
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(base) {
		t.Fatalf("fingerprint %q, want 16 hex digits", base)
	}
	if again := of(1); again != base {
		t.Errorf("the same probe gave %s, then %s", base, again)
	}
	if other := of(2); other == base {
		t.Error("another seed gave the same fingerprint")
	}
	if other := of(1, "costs.pue=1.45"); other == base {
		t.Error("another PUE gave the same fingerprint")
	}
	if s := newStudy(t, tiny, 1, 4); s.Build != base {
		t.Errorf("the study's fingerprint is %s, want its probe's %s", s.Build, base)
	}
}
