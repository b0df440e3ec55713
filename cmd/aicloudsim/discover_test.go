package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKeepRunsIsTheSameForAnyJobs(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	one, two := filepath.Join(tmp, "one"), filepath.Join(tmp, "two")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "9", "--keep-runs", "--jobs", "1", "--out", one, "-q")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "9", "--keep-runs", "--jobs", "3", "--out", two, "-q")
	want := append([]string{}, ensembleFiles...)
	want = append(want[:len(want)-1], "scenario.yaml", "trajectories.csv.gz") // ensembleFiles ends with scenario.yaml
	a, b := readDir(t, one, want), readDir(t, two, want)
	if !bytes.Equal(a["trajectories.csv.gz"], b["trajectories.csv.gz"]) {
		t.Error("trajectories.csv.gz differs between --jobs 1 and --jobs 3")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a["trajectories.csv.gz"]))
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(zr)
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if lines[0] != "run,date,company,segment,metric,value" || !strings.HasPrefix(lines[1], "0,2026-01-01,alpha,,revenue_share,") ||
		!strings.HasPrefix(lines[len(lines)-1], "8,2026-03-01,") {
		t.Errorf("trajectories.csv.gz should run from run 0 in January to run 8 in March:\n%s\n...\n%s", lines[1], lines[len(lines)-1])
	}
	if r := cli(t, "montecarlo", tinyScenario, "--runs", "4", "--keep-runs", "--shard", "0/2", "--out", filepath.Join(tmp, "s")); r.code != 2 {
		t.Errorf("--keep-runs with --shard: exit %d, want 2", r.code)
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	mc := filepath.Join(tmp, "mc")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "40", "--keep-runs", "--out", mc, "-q")
	r := mustRun(t, "discover", mc, "--where", "revenue_share:alpha:2026 > 50%")
	if !strings.Contains(r.stdout, "holds in") || !strings.Contains(r.stdout, "of 40 runs") {
		t.Errorf("stdout lacks the summary:\n%s", r.stdout)
	}
	for _, name := range []string{"box.csv", "discovery.md", "overlay-revenue-share.png", "prim-tradeoff.png", "trajectory.csv"} {
		if _, err := os.Stat(filepath.Join(mc+"-discover", name)); err != nil {
			t.Error(err)
		}
	}
	for _, bad := range []string{"revenue_share:alpha:2031 > 0", "revenue_share:nobody > 0", "alpha.revenue_share == 1"} {
		if r := cli(t, "discover", mc, "--where", bad); r.code != 2 || !strings.Contains(r.stderr, "--where") {
			t.Errorf("--where %q: exit %d, stderr %q; want 2 and a message on --where", bad, r.code, r.stderr)
		}
	}
}

func TestCalibrateNeedsTargets(t *testing.T) {
	r := cli(t, "calibrate", tinyScenario, "--out", filepath.Join(t.TempDir(), "c"))
	if r.code != 2 || !strings.Contains(r.stderr, "targets") {
		t.Errorf("calibrate without targets: exit %d, stderr %q; want 2 and a word on targets", r.code, r.stderr)
	}
}

func TestExplainDrivers(t *testing.T) {
	out := filepath.Join(t.TempDir(), "drivers")
	r := mustRun(t, "explain", "drivers", tinyScenario, "--out", out)
	for _, want := range []string{"Revenue share of the paid segments, 2026 to 2026, by driver", "CHIP COST AND SUPPLY", "Alpha Cloud", "32 runs in"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, name := range []string{"drivers.csv", "drivers-revenue-share.png", "drivers-profit.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}
