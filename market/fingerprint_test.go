package market_test

import (
	"math"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

// TestResultFingerprint checks that a result's fingerprint has its form,
// is the same for the same run and changes with any record's value, even
// in its last bit.
func TestResultFingerprint(t *testing.T) {
	r := markettest.Run(t, markettest.Tiny(), 1)
	fp := r.Fingerprint()
	if !market.IsFingerprint(fp) {
		t.Fatalf("fingerprint %q does not have the form IsFingerprint checks", fp)
	}
	if again := markettest.Run(t, markettest.Tiny(), 1).Fingerprint(); again != fp {
		t.Errorf("the same run gave fingerprints %s and %s", fp, again)
	}
	if other := markettest.Run(t, markettest.Tiny(), 2).Fingerprint(); other == fp {
		t.Error("another seed gave the same fingerprint")
	}
	last := &r.Records[len(r.Records)-1]
	last.Value = math.Nextafter(last.Value, math.Inf(1))
	if moved := r.Fingerprint(); moved == fp {
		t.Error("a value one ulp away gave the same fingerprint")
	}
}

func TestIsFingerprint(t *testing.T) {
	for s, want := range map[string]bool{
		"0123456789abcdef":  true,
		"0123456789ABCDEF":  false,
		"0123456789abcde":   false,
		"0123456789abcdef0": false,
		"0123456789abcdeg":  false,
		"":                  false,
	} {
		if got := market.IsFingerprint(s); got != want {
			t.Errorf("IsFingerprint(%q) = %v, want %v", s, got, want)
		}
	}
}
