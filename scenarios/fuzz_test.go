package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzScenario throws arbitrary bytes at the whole loading path with the
// real schema: parse, extends (resolving embedded parents), decode and
// build. It must never panic, and every reported problem must name a file
// and a line. The seed corpus (the embedded catalogue, the CLI's malformed
// scenarios and testdata/fuzz/FuzzScenario) runs in every `go test`.
func FuzzScenario(f *testing.F) {
	for _, e := range []string{"baseline", "export-ban", "price-war", "zhenwu-slow-memory", "omdia-sizing"} {
		if b, ok := embedded(e); ok {
			f.Add(b)
		}
	}
	bad, _ := filepath.Glob("../cmd/aicloudsim/testdata/bad/*.yaml")
	for _, p := range bad {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("extends: baseline\nname: x\nchips: {h20: {price: -1}}\n"))
	f.Add([]byte("extends: baseline\nsegments: {llm-api: {start_shares: {shares: {nobody: 1}}}}\n"))
	f.Add([]byte("extends: baseline\nchecks: [{check: share-at-most, company: bytedance, max: 60%, basis: revenue}, {check: utilisation-at-most}]\n"))
	f.Add([]byte("extends: baseline\nchecks: [{check: price-above-marginal-cost, allowed_discount: {bytedance: 30%}, segment: x}, [1], {check: 3}]\n"))
	f.Add([]byte("extends: baseline\nend: 2080-01-01\nsegments: {llm-api: {buyers: {cohorts: 5000}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		resolveEmbedded := func(ref, from string) (string, []byte, error) {
			if b, ok := embedded(ref); ok {
				return ref + ".yaml", b, nil
			}
			return "", nil, ErrNotFound
		}
		tr, err := Load("fuzz.yaml", data, resolveEmbedded, Limits{})
		if err != nil {
			checkPositions(t, err)
			return
		}
		var s Scenario
		if errs := Decode(tr, &s); len(errs) > 0 {
			checkPositions(t, errs.Err())
			return
		}
		if _, _, err := s.Build(); err != nil {
			checkPositions(t, err)
		}
	})
}

// checkPositions fails unless every error in err names a file and a line.
func checkPositions(t *testing.T, err error) {
	t.Helper()
	var l ErrorList
	if !errors.As(err, &l) {
		t.Fatalf("error without positions: %v", err)
	}
	for _, e := range l {
		if e.Pos.File == "" || e.Pos.Line < 1 {
			t.Errorf("error without file and line: %q", e.Error())
		}
	}
}
