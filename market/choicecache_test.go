package market_test

import (
	"reflect"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

// Settlements keep a cohort's choice probabilities while what it weighs is
// unchanged. A run that computes them afresh every month gives the same
// records, bit for bit, through price changes, a model release, a change
// of the state's domestic weight and news, with dispersed and state-linked
// buyers and a demand shock that makes capacity spill.
func TestChoiceCacheMatchesRecomputation(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Days = 300
	b := &cfg.Segments[0].Buyers
	b.Cohorts, b.Dispersion, b.StateLinked, b.Domestic, b.Open, b.Hazard = 60, 0.5, 0.4, 1.5, 0.3, 0.3
	cfg.Providers[0].StartUtilisation = 0.9
	cfg.Models = append(cfg.Models, market.Model{ID: "ma2", Name: "Model A2", Owner: 0, Serves: "llm",
		Capability: 75, Open: true, Release: 130, Workload: markettest.Workload})
	weight := 2.0
	cfg.Events = []market.Scheduled{
		{Day: 40, Kind: market.EventPrice, Provider: 1, Segment: 0, Value: 0.8, Summary: "b cuts"},
		{Day: 70, Kind: market.EventDemand, Segment: 0, Value: 1.6, Days: 60, Summary: "surge"},
		{Day: 100, Kind: market.EventPrice, Provider: 0, Segment: 0, Value: 1.1, Summary: "a raises"},
		{Day: 190, Kind: market.EventRules, Rules: market.RulesPatch{StateDomesticWeight: &weight}, Summary: "weight"},
		{Day: 220, Kind: market.EventNews, Segment: 0, Summary: "news"},
	}
	run := func(fresh bool) *market.Result {
		market.SetRecomputeChoices(fresh)
		defer market.SetRecomputeChoices(false)
		r, err := market.Run(cfg, nil, market.Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cached, fresh := run(false), run(true)
	if !reflect.DeepEqual(cached.Records, fresh.Records) {
		for i := range min(len(cached.Records), len(fresh.Records)) {
			if cached.Records[i] != fresh.Records[i] {
				t.Fatalf("record %d: kept choices give %+v, fresh ones %+v", i, cached.Records[i], fresh.Records[i])
			}
		}
		t.Fatalf("kept choices give %d records, fresh ones %d", len(cached.Records), len(fresh.Records))
	}
	// The shares moved: the months exercised both kept and fresh choices.
	var last float64
	for _, r := range cached.Records {
		if r.Company == "b" && r.Metric == market.MetricVolumeShare {
			last = r.Value
		}
	}
	if last < 0.52 || last > 0.99 {
		t.Fatalf("b's last volume share is %v; the price cut should have won it share from 0.5", last)
	}
}
