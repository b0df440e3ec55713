package reports_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/reports/reportstest"
)

// TestDataPackageDescribesTheFiles writes a run's CSV with its data
// package and reads both back as a Frictionless reader would; then it
// breaks the package in the ways a stale descriptor would and checks the
// reader notices.
func TestDataPackageDescribesTheFiles(t *testing.T) {
	r := packageResult()
	dir := t.TempDir()
	files := map[string]func(io.Writer) error{
		"metrics.csv": func(w io.Writer) error { return reports.WriteMetricsCSV(w, r, "run-1") },
		"extra.csv": func(w io.Writer) error {
			_, err := io.WriteString(w, "chips.h20.price,count,label\n12000,3,a\n13500.5,4,\"b, c\"\n")
			return err
		},
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: "Baseline, seed 1", Title: "Baseline",
		Columns: map[string]reports.Field{"count": {Description: "a count"}, "label": {Description: "a label"}}})
	if err := reports.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	p := reportstest.CheckDataPackage(t, dir)
	if p.Name != "baseline-seed-1" {
		t.Errorf("package name %q, want baseline-seed-1", p.Name)
	}
	types := map[string]string{}
	for _, res := range p.Resources {
		for _, f := range res.Schema.Fields {
			types[res.Name+"."+f.Name] = f.Type
		}
	}
	for col, want := range map[string]string{
		"metrics.seed": "integer", "metrics.date": "date", "metrics.value": "number", "metrics.unit": "string",
		"extra.chips.h20.price": "number", "extra.count": "integer", "extra.label": "string",
	} {
		if types[col] != want {
			t.Errorf("%s is typed %q, want %q", col, types[col], want)
		}
	}

	// A reader must notice a package that no longer fits the files.
	pkg := filepath.Join(dir, reports.DataPackageFile)
	good, _ := os.ReadFile(pkg)
	for _, c := range []struct{ reason, from, to string }{
		{"a column renamed", `"name": "unit"`, `"name": "units"`},
		{"a number typed as a date", `"name": "value",
            "type": "number"`, `"name": "value",
            "type": "date"`},
		{"a description missing", `"description": "a label"`, `"description": ""`},
	} {
		bad := strings.Replace(string(good), c.from, c.to, 1)
		if bad == string(good) {
			t.Fatalf("%s: %q is not in the package", c.reason, c.from)
		}
		if err := os.WriteFile(pkg, []byte(bad), 0o644); err != nil {
			t.Fatal(err)
		}
		ft := &fakeT{}
		func() {
			defer func() { recover() }()
			reportstest.CheckDataPackage(ft, dir)
		}()
		if !ft.failed {
			t.Errorf("%s: the check passed", c.reason)
		}
	}
}

// fakeT records failures instead of failing the test.
type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Helper()               {}
func (f *fakeT) Errorf(string, ...any) { f.failed = true }
func (f *fakeT) Fatalf(string, ...any) { f.failed = true; panic("fatal") }
func (f *fakeT) Fatal(...any)          { f.failed = true; panic("fatal") }

// packageResult is a run with every kind of row: a provider in a paid
// segment, company totals, a chip's fleet, a supplier and the market.
func packageResult() *market.Result {
	return &market.Result{
		Scenario: "baseline", Seed: 1 << 60, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Months:    []market.Day{0},
		Segments:  []market.SegmentInfo{{ID: "llm-api", Unit: "Mtok", Kind: market.Paid}, {ID: "assistant", Unit: "MAU", Kind: market.Users}},
		Companies: []market.CompanyInfo{{ID: "alibaba"}, {ID: "nvidia", Supplier: true}},
		Records: []market.Record{
			{Company: "alibaba", Segment: "llm-api", Metric: market.MetricPrice, Value: 0.41},
			{Company: "alibaba", Segment: "assistant", Metric: market.MetricVolume, Value: 1e8},
			{Company: "alibaba", Segment: "h20", Metric: market.MetricFleet, Value: 1000},
			{Company: "alibaba", Metric: market.MetricCash, Value: 5e9},
			{Company: "nvidia", Segment: "h20", Metric: market.MetricChipPrice, Value: 12000},
			{Company: market.Market, Segment: "llm-api", Metric: market.MetricVolume, Value: 3e7},
		},
	}
}
