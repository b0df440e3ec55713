package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// toyScenario has two ranged numbers whose effects are known (see its
// comment); it runs a year of two clouds in a few milliseconds.
const toyScenario = "../../study/testdata/toy-sensitivity.yaml"

func TestSweepCommand(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sweep")
	r := mustRun(t, "sweep", tinyScenario, "--set", "chips.h20.price=$11K..$14K:4", "--set", "costs.pue=1.2",
		"--outcome", "revenue:alpha", "--runs", "2", "--out", dir)
	readDir(t, dir, []string{"datapackage.json", "report.html", "scenario.yaml", "sweep-revenue-alpha.png", "sweep.csv"})
	for _, want := range []string{"wrote " + dir, "scenario tiny, 4 points × 2 runs, master seed 7", "$11K", "$14K", "Alpha Cloud revenue, 2026"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	yaml, _ := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
	if !strings.Contains(string(yaml), "pue: 1.2") {
		t.Error("scenario.yaml should hold the plain --set override")
	}
	dir2 := filepath.Join(t.TempDir(), "heat")
	mustRun(t, "sweep", tinyScenario, "--set", "chips.h20.price=$11K..$14K:3", "--set", "costs.pue=1.1..1.5:3", "--out", dir2, "--quiet")
	readDir(t, dir2, []string{"datapackage.json", "heatmap-revenue_share-alpha.png", "heatmap-revenue_share-beta.png", "report.html", "scenario.yaml", "sweep.csv"})
}

func TestStudyCommandsRejectBadInput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	for _, c := range []struct {
		reason string
		args   []string
		want   string
	}{
		{"a sweep without steps", []string{"sweep", tinyScenario, "--set", "costs.pue=1.1..1.5"}, "want path=a..b:steps"},
		{"a sweep of one step", []string{"sweep", tinyScenario, "--set", "costs.pue=1.1..1.5:1"}, "at least 2 steps"},
		{"a log sweep through zero", []string{"sweep", tinyScenario, "--set", "costs.pue=0..1.5:3:log"}, "two positive ends"},
		{"a sweep of nothing", []string{"sweep", tinyScenario}, "sweep needs a number to vary"},
		{"a sweep of a missing key", []string{"sweep", tinyScenario, "--set", "costs.pux=1..2:3"}, `no key "pux" in costs (did you mean "pue"?)`},
		{"a sweep beyond the plausible", []string{"sweep", tinyScenario, "--set", "costs.pue=1..9:3"}, "outside the plausible range"},
		{"an unknown outcome", []string{"sweep", tinyScenario, "--set", "costs.pue=1.1..1.5:2", "--outcome", "market_share:alpha"},
			"an outcome is one of revenue_share:<provider>"},
		{"an unknown company", []string{"sensitivity", tinyScenario, "--outcome", "revenue_share:alibaba"}, `"alibaba" is not a provider`},
		{"an unknown method", []string{"sensitivity", tinyScenario, "--method", "sobol"}, "want oat, morris or both"},
		{"odd levels", []string{"sensitivity", tinyScenario, "--levels", "3"}, "even number"},
		{"no seeds", []string{"sensitivity", tinyScenario, "--runs", "0"}, "--runs must be at least 1"},
		{"one scenario to compare", []string{"compare", "baseline"}, "requires at least 2 arg(s)"},
		{"an unknown scenario", []string{"compare", "baseline", "no-such-scenario"}, "neither an embedded scenario"},
		{"no runs", []string{"compare", tinyScenario, tinyScenario, "--runs", "0"}, "--runs must be at least 1"},
		{"an unknown grouping", []string{"compare", tinyScenario, tinyScenario, "--attribute-by", "file"}, "want input or entry"},
		{"no jobs", []string{"compare", tinyScenario, tinyScenario, "--jobs", "0"}, "--jobs must be at least 1"},
	} {
		r := cli(t, append(c.args, "--out", out)...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: exit %d, stderr:\n%s\nwant exit 2 and %q", c.reason, r.code, r.stderr, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("bad input wrote an output folder")
	}
}

// TestSensitivityCommand runs the toy scenario, whose answer is known, and
// checks that --jobs changes no byte.
func TestSensitivityCommand(t *testing.T) {
	t.Parallel()
	var outs []map[string][]byte
	files := []string{"datapackage.json", "morris-revenue-alpha.png", "morris.csv", "params.csv", "report.html", "scenario.yaml", "sensitivity.csv", "tornado-revenue-alpha.png"}
	for _, jobs := range []string{"1", "3"} {
		dir := filepath.Join(t.TempDir(), "sens")
		r := mustRun(t, "sensitivity", toyScenario, "--outcome", "revenue:alpha", "--trajectories", "4", "--jobs", jobs, "--out", dir)
		outs = append(outs, readDir(t, dir, files))
		for _, want := range []string{"2 ranged numbers varied, 5 one-at-a-time runs, 12 Morris runs",
			"Alpha Cloud revenue, 2026: $545.8M with every number at its value", "segments.llm-api.spend.2026"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
			}
		}
	}
	sameFiles(t, "--jobs 3", outs[1], outs[0])
	lines := strings.Split(string(outs[0]["sensitivity.csv"]), "\n")
	if !strings.HasPrefix(lines[1], "revenue:alpha,segments.llm-api.spend.2026,") || !strings.HasSuffix(lines[1], ",1") {
		t.Errorf("the spend should top the tornado:\n%s", strings.Join(lines[:3], "\n"))
	}
}

// TestCompareCommand compares the baseline with the what-if that reads
// Zhenwu's 700GB/s as memory bandwidth: the diff is that one number, and
// it explains the whole gap.
func TestCompareCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cmp")
	r := mustRun(t, "compare", "baseline", "zhenwu-slow-memory", "--out", dir)
	files := readDir(t, dir, []string{"attribution-revenue_share-alibaba.png", "attribution-revenue_share-bytedance.png", "attribution.csv",
		"bands.csv", "compare-change.png", "compare-nvidia.png", "compare-price.png", "compare-profit.png", "compare-revenue-share.png",
		"compare-revenue.png", "compare.csv", "datapackage.json", "diff.txt", "inputs.csv", "report.html"})
	wantDiff := "zhenwu-slow-memory against baseline, after extends and --set:\n" +
		"  chips.zhenwu-810e.memory_bandwidth: 1.8 TB/s (range 0.7 TB/s – 2 TB/s) → 0.7 TB/s (range fixed)\n"
	if got := string(files["diff.txt"]); got != wantDiff {
		t.Errorf("diff.txt:\n%s\nwant\n%s", got, wantDiff)
	}
	if !strings.Contains(r.stdout, wantDiff) {
		t.Errorf("stdout lacks %q:\n%s", wantDiff, r.stdout)
	}
	// The bandwidth alone explains the whole change in Alibaba's share. Its
	// sign is left free: at one seed it is within the run-to-run noise
	// (seeds 1-4 give −1.6, +2.7, +0.2 and −1.6 pp under one calibration),
	// and the numbers move with the calibration.
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`Alibaba Cloud revenue share, 2030: baseline [0-9.]+%, zhenwu-slow-memory [0-9.]+% \([−+]?[0-9.]+ pp\)`),
		regexp.MustCompile(`chips\.zhenwu-810e\.memory_bandwidth alone: [−+]?[0-9.]+ pp \(100% of the change\)`)} {
		if !want.MatchString(r.stdout) {
			t.Errorf("stdout does not match %s:\n%s", want, r.stdout)
		}
	}
	for _, line := range strings.Split(string(files["attribution.csv"]), "\n") {
		if strings.Contains(line, ",chips.zhenwu-810e.memory_bandwidth,") && !strings.HasSuffix(line, ",1") {
			t.Errorf("the bandwidth should explain all of the gap: %s", line)
		}
	}
	a, _ := filepath.Abs(tinyScenario)
	b, _ := filepath.Abs(toyScenario)
	t.Chdir(t.TempDir())
	mustRun(t, "compare", a, b, "--quiet")
	if _, err := os.Stat(filepath.Join("out", "compare-tiny-vs-toy-sensitivity", "diff.txt")); err != nil {
		t.Errorf("the default folder is out/compare-<a>-vs-<b>: %v", err)
	}
}

// TestReadmeStudyWalkthrough follows the README's section on sweeps,
// sensitivity and comparison: it copies the shipped what-if file and runs
// every command of the section, with fewer runs so that it stays quick
// (a later flag wins), and checks the charts it tells the reader to open.
// The commands run as processes of the built binary in a folder of their
// own, as a reader runs them, so the test runs beside the others.
func TestReadmeStudyWalkthrough(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the README's commands")
	}
	bin := buildBinary(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	yaml, err := os.ReadFile("../../examples/zhenwu-700.yaml")
	if err != nil {
		t.Fatal(err)
	}
	section := text[strings.Index(text, "## Sweeps, sensitivity and comparison"):]
	if i := strings.Index(section[3:], "\n## "); i >= 0 {
		section = section[:i+3]
	}
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "examples"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "examples", "zhenwu-700.yaml"), yaml, 0o644); err != nil {
		t.Fatal(err)
	}
	quick := map[string][]string{"montecarlo": {"--runs", "8"}, "sensitivity": {"--trajectories", "2", "--method", "oat"},
		"compare": {"--runs", "4"}, "sweep": nil}
	var ran []string
	for _, line := range strings.Split(section, "\n") {
		cmd, ok := strings.CutPrefix(line, "go run ./cmd/aicloudsim ")
		if !ok {
			continue
		}
		cmd, _, _ = strings.Cut(cmd, "  #")
		args := shellFields(t, cmd)
		extra, known := quick[args[0]]
		if !known {
			t.Fatalf("the section runs %q; add it to this test", args[0])
		}
		c := process(bin, nil, "aicloudsim", append(args, append(extra, "--quiet")...)...)
		c.Dir = dir
		if out, err := c.CombinedOutput(); err != nil {
			t.Fatalf("aicloudsim %s: %v\n%s", cmd, err, out)
		}
		ran = append(ran, args[0])
	}
	for _, c := range []string{"montecarlo", "sensitivity", "compare", "sweep"} {
		if !slices.Contains(ran, c) {
			t.Errorf("the section has no %s command", c)
		}
	}
	for _, chart := range []string{"out/zhenwu-700-mc/fan-revenue-share.png", "out/zhenwu-700-sensitivity/tornado-revenue_share-alibaba.png",
		"out/compare-baseline-vs-zhenwu-700/compare-revenue-share.png", "out/compare-baseline-vs-zhenwu-700/attribution-revenue_share-alibaba.png"} {
		if !strings.Contains(section, chart) {
			t.Errorf("the section does not point the reader at %s", chart)
		}
		if st, err := os.Stat(filepath.Join(dir, chart)); err != nil || st.Size() < 10000 {
			t.Errorf("%s: %v", chart, err)
		}
	}
}

// shellFields splits a README command line into arguments, honouring
// single quotes.
func shellFields(t *testing.T, s string) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	quoted, inWord := false, false
	for _, r := range s {
		switch {
		case r == '\'':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quote in %q", s)
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}
