package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// badScenarios lists every file in testdata/bad with where its first error
// must be reported (file:line, relative to testdata/bad) and a substring of
// the message.
var badScenarios = []struct {
	file, at, want, reason string
}{
	{"syntax.yaml", "syntax.yaml:4", "mapping values are not allowed", "YAML syntax error: a second colon in a plain value"},
	{"unknown-key.yaml", "unknown-key.yaml:7", `unknown key "prcie" in providers.alibaba.segments.llm-api (did you mean "price"?)`, "a typo in a key is an error with a suggestion, not silently ignored"},
	{"wrong-unit.yaml", "wrong-unit.yaml:5", `unknown unit "GW" in "4.0GW"`, "a power unit where a bandwidth is due"},
	{"missing-unit.yaml", "missing-unit.yaml:5", `missing unit in "4.0"`, "a bare number for a quantity with a unit is ambiguous"},
	{"out-of-range.yaml", "out-of-range.yaml:4", "costs.pue 7 is outside the plausible range [1, 3]", "an implausible value"},
	{"negative-price.yaml", "negative-price.yaml:7", "price -$0.2 is outside the plausible range", "prices are positive"},
	{"bad-date.yaml", "bad-date.yaml:3", `bad date "2026-02-30"`, "February has no 30th"},
	{"unknown-chip-fleet.yaml", "unknown-chip-fleet.yaml:5", `unknown chip "ascend-910x" (did you mean "ascend-910b"?)`, "fleet_mix names a chip the scenario does not define"},
	{"unknown-company-shares.yaml", "unknown-company-shares.yaml:6", `unknown company "bytedanse" (did you mean "bytedance"?)`, "start_shares names a company that does not exist"},
	// The basis is repeated in shares-sum.yaml because the sum error is
	// reported at start_shares.basis, which would otherwise be baseline's.
	{"shares-sum.yaml", "shares-sum.yaml:8", "start shares of compute-rental sum to 1.203; they must sum to 1", "shares must add up"},
	{"cycle-a.yaml", "cycle-b.yaml:1", "extends cycle: testdata/bad/cycle-a.yaml → testdata/bad/cycle-b.yaml → testdata/bad/cycle-a.yaml", "two files extending each other"},
	{"cycle-b.yaml", "cycle-a.yaml:1", "extends cycle: testdata/bad/cycle-b.yaml → testdata/bad/cycle-a.yaml → testdata/bad/cycle-b.yaml", "the same cycle entered from the other file"},
	{"missing-parent.yaml", "missing-parent.yaml:1", `cannot load parent "no-such-parent.yaml"`, "extends names a file that does not exist"},
	{"alias-bomb.yaml", "alias-bomb.yaml:2", "more than 250000 nodes once aliases are expanded", "billion laughs must fail fast, not exhaust memory"},
	{"deep-nesting.yaml", "deep-nesting.yaml:3", "nesting deeper than 64 levels", "200 nested flow sequences"},
	{"merge-key.yaml", "merge-key.yaml:4", "merge keys (<<) are not supported; use extends", "a self-referencing merge key crashes some YAML libraries"},
	{"tabs.yaml", "tabs.yaml:4", "found character that cannot start any token", "YAML forbids tabs for indentation"},
	{"empty.yaml", "empty.yaml:1", "the file is empty", "an empty file is not a scenario"},
	{"list-root.yaml", "list-root.yaml:1", "the top level must be a mapping of keys, got a sequence", "the root is a list"},
	{"duplicate-key.yaml", "duplicate-key.yaml:5", `duplicate key "pue" (first at line 4)`, "a repeated key would silently win"},
	{"horizon.yaml", "horizon.yaml:4", "a run from 2026-01-01 to 2100-12-31 is 27393 days; the longest is 18263 days (about 50 years)", "runs are at most about 50 years"},
	{"cohorts.yaml", "cohorts.yaml:9", "segment global-open-models takes the buyer cohorts of all segments to 25000; the limit is 20000", "a run has at most 20,000 buyer cohorts"},
	{"check-kind.yaml", "check-kind.yaml:5", `unknown check "share-at-mots" (did you mean "share-at-most"?)`, "a typo in a check's name"},
}

func TestBadScenarioCatalogueIsComplete(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, b := range badScenarios {
		listed = append(listed, filepath.Join("testdata", "bad", b.file))
	}
	slices.Sort(listed)
	if !slices.Equal(files, listed) {
		t.Errorf("testdata/bad holds %q\nbut the table lists %q", files, listed)
	}
	if len(badScenarios) < 15 {
		t.Errorf("%d bad scenarios, want at least 15", len(badScenarios))
	}
}

func TestBadScenarios(t *testing.T) {
	t.Parallel()
	for _, tc := range badScenarios {
		t.Run(strings.TrimSuffix(tc.file, ".yaml"), func(t *testing.T) {
			file := "testdata/bad/" + tc.file
			at := "testdata/bad/" + tc.at + ":"
			out := filepath.Join(t.TempDir(), "out")
			for _, args := range [][]string{
				{"validate", file},
				{"run", file, "--out", out},
			} {
				r := cli(t, args...)
				if r.code != exitBadInput {
					t.Errorf("%s: exit %d, want 2 (%s)", args[0], r.code, tc.reason)
				}
				if !strings.Contains(r.stderr, file) {
					t.Errorf("%s: stderr does not name %s:\n%s", args[0], file, r.stderr)
				}
				if !strings.HasPrefix(r.stderr, at) {
					t.Errorf("%s: stderr does not start with %s:\n%s", args[0], at, r.stderr)
				}
				if !strings.Contains(r.stderr, tc.want) {
					t.Errorf("%s: stderr lacks %q:\n%s", args[0], tc.want, r.stderr)
				}
				if want := map[string]string{"validate": "FAIL: " + file + "\n"}[args[0]]; r.stdout != want {
					t.Errorf("%s: stdout = %q, want %q", args[0], r.stdout, want)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("%s: a bad scenario created the output folder", args[0])
				}
			}
			if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
				t.Errorf("the output's parent holds %d entries, want none", len(entries))
			}
		})
	}
}
