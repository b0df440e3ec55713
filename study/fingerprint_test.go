package study

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
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

// TestFingerprintsReadBack checks that progress.json and a task log give
// back the fingerprint they were written with, and refuse one that does
// not have a fingerprint's form.
func TestFingerprintsReadBack(t *testing.T) {
	t.Parallel()
	s := newStudy(t, tiny, 3, 2)
	st := s.Start(Whole)
	read := func(build string) (*State, error) {
		t.Helper()
		st.Build = build
		var prog, agg bytes.Buffer
		if err := st.WriteProgress(&prog); err != nil {
			t.Fatal(err)
		}
		if err := st.Agg.Encode(&agg); err != nil {
			t.Fatal(err)
		}
		return ReadState(&prog, &agg)
	}
	if back, err := read(s.Build); err != nil {
		t.Errorf("progress.json with the study's build: %v", err)
	} else if back.Build != s.Build {
		t.Errorf("progress.json read back build %q, want %q", back.Build, s.Build)
	}
	if _, err := read(strings.Repeat("<x>", 100)); err == nil || !strings.Contains(err.Error(), "build is not a fingerprint") || strings.Contains(err.Error(), "<x>") {
		t.Errorf("progress.json with a build that is no fingerprint: %v", err)
	}

	for build, ok := range map[string]bool{s.Build: true, "": true, "not-a-fingerprint": false} {
		var b bytes.Buffer
		if _, err := NewTaskLog(&b, "sweep", "id", build); err != nil {
			t.Fatal(err)
		}
		saved, err := ScanTaskLog(&b)
		switch {
		case ok && (err != nil || saved.Build != build):
			t.Errorf("task log of build %q read back %+v, %v", build, saved, err)
		case !ok && !errors.Is(err, ErrDamaged):
			t.Errorf("task log of build %q: %v, want it refused as damaged", build, err)
		}
	}
}
