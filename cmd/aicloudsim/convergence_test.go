package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// The baseline's buyer cohorts are enough: an ensemble with twice as many
// cohorts in every segment gives the same final-year outcomes. For every
// outcome compare reports, the mean of the run-by-run change is within
// 3.5 standard errors of zero and within 5% of the baseline ensemble's
// P5–P95 spread (docs/MODEL.md §3, "How many cohorts").
func TestCohortCountConverged(t *testing.T) {
	if testenv.Race {
		t.Skip("200 simulations: minutes under the race detector, and a check of the model's numbers, not of concurrency")
	}
	testenv.SkipUnlessLong(t, "200 simulations")
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	yaml := "extends: baseline\nname: cohorts-doubled\nsegments:\n"
	for _, s := range cfg.Segments {
		yaml += fmt.Sprintf("  %s: {buyers: {cohorts: %d}}\n", s.ID, 2*s.Buyers.Cohorts)
	}
	dir := t.TempDir()
	doubled := filepath.Join(dir, "doubled.yaml")
	if err := os.WriteFile(doubled, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	const runs = 100
	mustRun(t, "compare", "baseline", doubled, "--runs", strconv.Itoa(runs), "--quiet", "--out", out,
		"--outcome", "revenue_share:alibaba", "--outcome", "revenue_share:bytedance", "--outcome", "revenue_share:huawei-cloud",
		"--outcome", "profit:bytedance", "--outcome", "revenue:nvidia", "--outcome", "price:llm-api")
	b, err := os.ReadFile(filepath.Join(out, "compare.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, b)
	col := columns(rows[0])
	num := func(r []string, h string) float64 {
		v, err := strconv.ParseFloat(r[col[h]], 64)
		if err != nil {
			t.Fatalf("compare.csv %s %q: %v", h, r[col[h]], err)
		}
		return v
	}
	spread := map[string]float64{}
	checked := 0
	for _, r := range rows[1:] {
		outcome := r[col["outcome"]]
		if r[col["scenario"]] == "baseline" {
			spread[outcome] = num(r, "p95") - num(r, "p5")
			continue
		}
		dm := num(r, "delta_mean")
		se := (num(r, "delta_p95") - num(r, "delta_p5")) / 3.29 / math.Sqrt(runs) // P5–P95 of a normal is 3.29 sd
		if se > 0 && math.Abs(dm/se) > 3.5 {
			t.Errorf("%s: doubling the cohorts moves the mean by %.4g, %.1f standard errors", outcome, dm, dm/se)
		}
		if s := spread[outcome]; math.Abs(dm) > 0.05*s {
			t.Errorf("%s: doubling the cohorts moves the mean by %.4g, more than 5%% of the ensemble's spread %.4g", outcome, dm, s)
		}
		checked++
	}
	if checked < 6 {
		t.Fatalf("checked %d outcomes, want at least the 6 asked for", checked)
	}
}
