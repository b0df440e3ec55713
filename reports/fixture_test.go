package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./reports -update` to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < max(len(gl), len(wl)); i++ {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Fatalf("%s differs at line %d (review, then `go test ./reports -update`):\n got: %q\nwant: %q", path, i+1, g, w)
		}
	}
}

// tinyRunID is the run id the golden files are written with.
const tinyRunID = "00000000-0000-5000-8000-000000000001"

// Alpha's monthly shares in the tiny run: its LLM revenue share falls from
// 62.5% to 37.5% over three months and recovers a little.
var (
	tinyLLM   = []float64{0.625, 0.5625, 0.4375, 0.375, 0.4375}
	tinyUsers = []float64{0.5, 0.5, 0.5, 0.53125, 0.53125}
	tinyOpen  = []float64{0.25, 0.25, 0.25, 0.25, 0.125}
)

// tinyResult is a small synthetic run: five months of 2026, two providers
// (one with a '|' in its name) in one paid, one users and one adoption
// segment, one chip supplier, and a log with every kind the summary ranks.
// Alpha's shares are tinyLLM, tinyUsers and tinyOpen; beta has the rest.
// Shares are binary fractions so that moves compare exactly.
func tinyResult() *market.Result {
	r := &market.Result{
		Scenario: `tiny, "test"`, Seed: 42, Run: 0,
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Days: 151,
		Segments: []market.SegmentInfo{
			{ID: "llm-api", Name: "LLM API", Unit: "Mtok", Kind: market.Paid},
			{ID: "assistant", Name: "Assistants", Unit: "MAU", Kind: market.Users},
			{ID: "open", Name: "Open models", Unit: "share", Kind: market.Adoption},
		},
		Companies: []market.CompanyInfo{
			{ID: "alpha", Name: "Alpha Cloud"},
			{ID: "beta", Name: "Beta | Labs"},
			{ID: "chipco", Name: "ChipCo", Supplier: true},
		},
		Chips:  []market.ChipInfo{{ID: "c1", Name: "Chip One", Vendor: "chipco"}},
		Months: []market.Day{0, 31, 59, 90, 120},
	}
	llm, users, open := tinyLLM, tinyUsers, tinyOpen
	tenth, fifth := 0.1, 0.2 // variables: constant 0.1+0.2 is exactly 0.3
	add := func(d market.Day, company, segment, metric string, v float64) {
		r.Records = append(r.Records, market.Record{Day: d, Company: company, Segment: segment, Metric: metric, Value: v})
	}
	for t, d := range r.Months {
		spend := 1e9 * float64(t+1)
		cash := 5e9
		for i, c := range []string{"alpha", "beta"} {
			share := llm[t]
			if i == 1 {
				share = 1 - share
			}
			add(d, c, "llm-api", market.MetricVolume, 1e6*share)
			add(d, c, "llm-api", market.MetricVolumeShare, share)
			add(d, c, "llm-api", market.MetricRevenue, spend*share)
			add(d, c, "llm-api", market.MetricRevenueShare, share)
			add(d, c, "llm-api", market.MetricPrice, tenth+fifth) // 0.30000000000000004 pins 'g' -1 formatting
			add(d, c, "assistant", market.MetricVolumeShare, users[t]+float64(i)*(1-2*users[t]))
			add(d, c, "open", market.MetricVolumeShare, open[t]+float64(i)*(1-2*open[t]))
			add(d, c, "", market.MetricRevenue, spend*share)
			add(d, c, "", market.MetricRevenueShare, share)
			add(d, c, "", market.MetricProfit, spend*share/4-float64(i)*3e8)
			cash += spend * share / 4
			add(d, c, "", market.MetricCash, cash)
		}
		add(d, market.Market, "llm-api", market.MetricSpend, spend)
		add(d, "chipco", "c1", market.MetricUnitsSold, 1000*float64(t))
		add(d, "chipco", "", market.MetricRevenue, 2.5e7*float64(t))
		add(d, "chipco", "", market.MetricExportFees, 0.25*2.5e7*float64(t))
		add(d, "chipco", "", market.MetricChinaShare, 1)
	}
	add(120, market.Market, "", "tiny_and_huge", 1e21)
	add(120, market.Market, "", "negative", -0.5)
	r.Log = []market.Entry{
		{Day: 14, Kind: market.KindPolicy, Actor: "policy", Summary: "US allows c1 with a 25% fee", Cause: "test §1"},
		{Day: 40, Kind: market.KindRelease, Actor: "beta", Summary: "Beta | Labs releases Beta-2 (capability 80.0)"},
		{Day: 59, Kind: market.KindDecision, Actor: "alpha", Summary: "Alpha Cloud llm-api price +10% to $0.33/Mtok", Cause: "cost-plus <margin> & more"},
		{Day: 59, Kind: market.KindDecision, Actor: "beta", Summary: "Beta | Labs llm-api price -10% to $0.27/Mtok", Cause: "match-lowest"},
		{Day: 59, Kind: market.KindDecision, Actor: "beta", Summary: "Beta | Labs assistant price -10% to $0.27/MAU", Cause: "not in a move's segment"},
		{Day: 70, Kind: market.KindDelivery, Actor: "alpha", Summary: "Alpha Cloud took delivery of 1.0K Chip One"},
		{Day: 90, Kind: market.KindDecision, Actor: "alpha", Summary: "Alpha Cloud orders 2.0K Chip One", Cause: "capacity"},
		{Day: 90, Kind: market.KindDecision, Actor: "alpha", Summary: "Alpha Cloud orders 1.0K Chip Two", Cause: "capacity"},
		{Day: 100, Kind: market.KindShock, Actor: "policy", Summary: "a\nmulti-line shock"},
	}
	return r
}
