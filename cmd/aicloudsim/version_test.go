package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

func TestVersion(t *testing.T) {
	want := "aicloudsim " + reports.Version() + "\n"
	if r := mustRun(t, "--version"); r.stdout != want {
		t.Errorf("--version printed %q, want %q", r.stdout, want)
	}
	r := mustRun(t, "version")
	if !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "go       go1.") {
		t.Errorf("version printed %q, want it to start with %q and name the Go version", r.stdout, want)
	}
	var b buildInfo
	if err := json.Unmarshal([]byte(mustRun(t, "version", "-o", "json").stdout), &b); err != nil || b.Version != reports.Version() || b.Go == "" {
		t.Errorf("version -o json: %+v, %v", b, err)
	}
}

// TestOutputsRecordTheVersion checks that every output folder says which
// build wrote it: the run's report and data package, an ensemble's report
// and progress.json.
func TestOutputsRecordTheVersion(t *testing.T) {
	t.Parallel()
	v := reports.Version()
	run := filepath.Join(t.TempDir(), "run")
	mustRun(t, "run", tinyScenario, "--out", run, "--quiet")
	mc := filepath.Join(t.TempDir(), "mc")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "2", "--out", mc, "--quiet")
	for file, want := range map[string]string{
		filepath.Join(run, "report.html"):      `<meta name="generator" content="aicloudsim ` + v + `">`,
		filepath.Join(run, "datapackage.json"): `"x-aicloudsim-version": "` + v + `"`,
		filepath.Join(mc, "report.html"):       `<meta name="generator" content="aicloudsim ` + v + `">`,
		filepath.Join(mc, "datapackage.json"):  `"x-aicloudsim-version": "` + v + `"`,
		filepath.Join(mc, "progress.json"):     `"version": "` + v + `"`,
	} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %s", file, want)
		}
	}
}
