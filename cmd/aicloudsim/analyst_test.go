package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// TestAnalystQuery computes what the README's pandas and DuckDB one-liners
// compute from metrics.csv, the revenue share of the paid segments by
// company and year, with nothing but encoding/csv and the column names:
// rows with metric revenue_usd, segment total and role provider, summed
// by year and company, over the year's sum. The final year must match the
// run's own headline shares, and every year's shares sum to one.
func TestAnalystQuery(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "run")
	mustRun(t, "run", "--seed", "3", "--out", dir, "--quiet", "--charts=false")
	f, err := os.Open(filepath.Join(dir, "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := columns(rows[0])
	type key struct{ year, company string }
	sum := map[key]float64{}
	total := map[string]float64{}
	for _, r := range rows[1:] {
		if r[col["metric"]] != "revenue_usd" || r[col["segment"]] != "total" || r[col["role"]] != "provider" {
			continue
		}
		v, err := strconv.ParseFloat(r[col["value"]], 64)
		if err != nil {
			t.Fatal(err)
		}
		year := r[col["date"]][:4]
		sum[key{year, r[col["company"]]}] += v
		total[year] += v
	}
	if len(total) != 5 {
		t.Fatalf("revenue in %d years, want the baseline's 5", len(total))
	}
	byYear := map[string]float64{}
	for k, v := range sum {
		byYear[k.year] += v / total[k.year]
	}
	for y, s := range byYear {
		if math.Abs(s-1) > 1e-9 {
			t.Errorf("%s: shares sum to %v", y, s)
		}
	}

	l, err := load("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := l.simulate(3, 0)
	if err != nil {
		t.Fatal(err)
	}
	year, _, final := reports.FinalYear(r)
	for _, c := range final {
		got := sum[key{strconv.Itoa(year), c.ID}] / total[strconv.Itoa(year)]
		if math.Abs(got-c.RevenueShare) > 1e-9 {
			t.Errorf("%s %d: the query gives %v, the run's headline %v", c.ID, year, got, c.RevenueShare)
		}
	}
}
