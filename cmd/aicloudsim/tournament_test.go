package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writeTournament writes a tournament file on the tiny scenario.
func writeTournament(t *testing.T, body string) string {
	t.Helper()
	tiny, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "t.yaml")
	if err := os.WriteFile(p, []byte(strings.ReplaceAll(body, "TINY", tiny)), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const tinyTournament = `company: alpha
outcome: revenue_share:alpha
scenarios: [TINY]
variants:
  built-in: {}
  cheap: {providers.alpha.segments.llm-api.price: $0.20/Mtok}
  big-capex: {providers.alpha.capex: {2026: $3B}}
`

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// columns maps a CSV header's names to their column indexes.
func columns(header []string) map[string]int {
	col := make(map[string]int, len(header))
	for i, h := range header {
		col[h] = i
	}
	return col
}

func TestTournamentCommand(t *testing.T) {
	t.Parallel()
	file := writeTournament(t, tinyTournament)
	d1, d4 := filepath.Join(t.TempDir(), "j1"), filepath.Join(t.TempDir(), "j4")
	r := mustRun(t, "tournament", file, "--runs", "3", "--jobs", "1", "--out", d1)
	mustRun(t, "tournament", file, "--runs", "3", "--jobs", "4", "--out", d4, "--quiet")
	want := []string{"datapackage.json", "ranking.csv", "report.html", "tournament-revenue_share-alpha.png", "tournament.csv"}
	a, b := readDir(t, d1, want), readDir(t, d4, want)
	for _, n := range want {
		if !bytes.Equal(a[n], b[n]) {
			t.Errorf("%s differs between --jobs 1 and --jobs 4", n)
		}
	}
	for _, s := range []string{"wrote " + d1, "built-in", "cheap", "big-capex", "worst decile"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("stdout lacks %q:\n%s", s, r.stdout)
		}
	}
	// The ranking follows the means of the cells.
	cells := readCSV(t, a["tournament.csv"])
	if len(cells) != 1+3*3 {
		t.Fatalf("tournament.csv has %d rows, want 10", len(cells))
	}
	sum := map[string]float64{}
	seeds := map[string]bool{}
	for _, row := range cells[1:] {
		v, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			t.Fatal(err)
		}
		sum[row[0]] += v / 3
		seeds[row[2]] = true
	}
	if len(seeds) != 3 {
		t.Errorf("variants should share 3 seeds, got %v", seeds)
	}
	rank := readCSV(t, a["ranking.csv"])
	prev := 2.0
	for i, row := range rank[1:] {
		m, _ := strconv.ParseFloat(row[5], 64)
		if row[0] != strconv.Itoa(i+1) || m > prev || abs(m-sum[row[2]]) > 1e-12 {
			t.Errorf("ranking row %d %v is inconsistent with the cells (mean %v)", i, row, sum[row[2]])
		}
		prev = m
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestTournamentBadFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	for _, c := range []struct{ body, want string }{
		{"company: alpha\noutcome: revenue_share:alpha\nscenarios: [TINY]\nvariants:\n  a: {}\n  b: {}\ncolour: red\n", "t.yaml:7:1: unknown key \"colour\""},
		{"company: alpha\noutcome: revenue_share:alpha\nscenarios: [TINY]\nvariants:\n  a: {}\n", "at least two variants"},
		{"company: alpha\noutcome: revenue_share:alpha\nscenarios: [TINY]\nvariants:\n  a: {}\n  b: {providers.alpha.strategy.pricing.llm-api.rule: nonsense}\n", "t.yaml:6:3: variant \"b\""},
		{"company: alpha\noutcome: revenue:nobody\nscenarios: [TINY]\nvariants:\n  a: {}\n  b: {}\n", "not a company"},
		{"company: alpha\noutcome: [x\n", "t.yaml"},
	} {
		r := cli(t, "tournament", writeTournament(t, c.body), "--out", out)
		if r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
			t.Errorf("body %q: exit %d, stderr %q; want exit 2 and %q", c.body, r.code, r.stderr, c.want)
		}
	}
	if r := cli(t, "tournament", "no-such-file.yaml"); r.code != exitBadInput {
		t.Errorf("missing file: exit %d, want 2", r.code)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a bad tournament should write nothing")
	}
}
