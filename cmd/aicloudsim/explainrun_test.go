package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// TestMain turns off run's context ensemble and drivers, 64 more runs of
// the scenario, for every test but those that ask for them. This one, a
// long check (AICLOUDSIM_LONG_TESTS=1), turns them on.
func TestRunOpensWithFindingsAndDrivers(t *testing.T) {
	t.Parallel()
	testenv.SkipUnlessLong(t, "38 more runs for the context ensemble and the drivers, and their charts")
	dir := filepath.Join(t.TempDir(), "run")
	mustRun(t, "run", "--quiet", "--out", dir, "--context-runs", "6", "--drivers")
	files := readOut(t, dir)
	page, summary := string(files["report.html"]), string(files["summary.md"])
	for _, name := range []string{"drivers-revenue-share.png", "drivers-profit.png"} {
		if len(files[name]) < 10_000 {
			t.Errorf("%s is missing or empty", name)
		}
	}
	findings, drivers, results := strings.Index(page, `<section id="findings">`), strings.Index(page, `<section id="drivers">`), strings.Index(page, `<section id="results">`)
	if findings < 0 || drivers < findings || results < drivers {
		t.Errorf("report.html should open with the findings, then the drivers, then the results: at %d, %d, %d", findings, drivers, results)
	}
	for _, want := range []string{"leads the paid segments with", "6-run ensemble: median", "Nvidia sells"} {
		if !strings.Contains(page, want) || !strings.Contains(summary, want) {
			t.Errorf("report.html or summary.md lacks %q", want)
		}
	}
	if !strings.Contains(page, `href="#chart-share-total"`) || !strings.Contains(summary, "([chart](share-total.png))") {
		t.Error("the leader's finding should link to the share chart")
	}
	if strings.Index(summary, "## Findings") > strings.Index(summary, "## What drove it") {
		t.Error("summary.md should state the findings before the drivers")
	}
}
