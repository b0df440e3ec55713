package study

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// toyPath is the number the toy calibration fits: the llm-api demand's
// price elasticity, range [0.8, 2].
const toyPath = "segments.llm-api.elasticity"

// toySets are the toy's demand, as --set: small enough for the clouds'
// capacity, with a reference price that falls fast, so that the clouds'
// prices stand above it and the elasticity moves volume and spend.
var toySets = []string{"segments.llm-api.spend={2026: $50M}", "segments.llm-api.price={2026: $0.3/Mtok, 2027: $0.03/Mtok}"}

// toyTargets writes a scenario that extends tiny.yaml, gives toyPath a
// range and has targets equal to what it simulates with toyPath at
// truth, and returns its path.
func toyTargets(t *testing.T, truth float64) string {
	t.Helper()
	tiny, err := filepath.Abs("testdata/tiny.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o, err := scenarios.Open(tiny, append(toySets, fmt.Sprintf("%s=%g", toyPath, truth)))
	if err != nil {
		t.Fatal(err)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) market.Day {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return market.Calendar{Start: cfg.Start}.DayOf(d)
	}
	specs := []market.Target{
		{Kind: market.TargetVolume, Segment: "llm-api"},
		{Kind: market.TargetSpend, Segment: "llm-api"},
		{Kind: market.TargetRevenueShare, Company: "alpha"},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "extends: %s\nname: toy\nsegments: {llm-api: {spend: {2026: $50M}, price: {2026: $0.3/Mtok, 2027: $0.03/Mtok}}}\ntargets:\n", tiny)
	for i, s := range specs {
		s.From, s.To = day("2026-01-01"), day("2026-03-31")
		v := market.Fit(r, []market.Target{s})[0].Simulated
		unit := ""
		if s.Kind == market.TargetSpend {
			unit = "$"
		}
		fmt.Fprintf(&b, "  - {name: t%d, kind: %s, company: %q, segment: %q, from: 2026-01-01, to: 2026-03-31, value: %s%g, source: test}\n",
			i, s.Kind, s.Company, s.Segment, unit, v)
	}
	text := strings.ReplaceAll(strings.ReplaceAll(b.String(), `company: "", `, ""), `segment: "", `, "")
	path := filepath.Join(t.TempDir(), "toy.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCalibrationRecoversAKnownNumber(t *testing.T) {
	const truth = 1.7 // the scenario says 1.3
	path := toyTargets(t, truth)
	open := func() (*scenarios.Opened, error) { return scenarios.Open(path, nil) }
	cal, err := NewCalibration(open, path, 7, CalibrationConfig{Params: []string{toyPath}, Seeds: 1, MaxEvals: 40, Date: "2026-01-02"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := cal.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Params[0].Fitted; math.Abs(got-truth) > 0.03 {
		t.Errorf("fitted elasticity %.3f, want %.2f", got, truth)
	}
	if res.After >= res.Before || res.After > 0.1 {
		t.Errorf("weighted error %.3f → %.3f; want it near zero after the fit", res.Before, res.After)
	}
	y, err := cal.FittedYAML(res)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"extends: " + path, `source: "fitted to 3 targets of toy on 2026-01-02"`, "range: [0.8, 2]"} {
		if !strings.Contains(string(y), want) {
			t.Errorf("fitted scenario lacks %q:\n%s", want, y)
		}
	}
}

func TestTargetError(t *testing.T) {
	tests := []struct {
		name string
		t    market.Target
		sim  float64
		want float64
	}{
		{"a share 2 points high is one tolerance", market.Target{Kind: market.TargetRevenueShare, Value: 0.3}, 0.32, 1},
		{"revenue 10% low is one tolerance", market.Target{Kind: market.TargetRevenue, Value: 100}, 90, -1},
		{"twice too high costs as much as half too low", market.Target{Kind: market.TargetSpend, Value: 100}, 200, 5},
		{"half too low", market.Target{Kind: market.TargetSpend, Value: 100}, 50, -5},
		{"zero for a positive figure is bounded", market.Target{Kind: market.TargetRevenue, Value: 5e7}, 0, -10},
	}
	for _, tc := range tests {
		if got := TargetError(tc.t, tc.sim); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
