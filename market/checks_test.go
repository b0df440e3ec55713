package market_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

// Each check kind on the tiny market (two providers at $1/Mtok, equal
// shares, fleets half busy, $1.2B a year of spend): a bound it meets and a
// bound it breaks, with the message the break must give. The serving cost
// is the 70B FP8 model's on the H20-like chip: from batch 27 on 2 chips each
// token takes 140e9/148e12 s of products plus 0.65536e9/2800e9 s of KV
// read, 847.5 tokens/s per chip, $0.6981/(847.5 × 3600) × 1e6 = $0.229/Mtok.
func TestChecks(t *testing.T) {
	cheapB := []market.Scheduled{priceEvent(1, 0.001)} // on the first day, far below any serving cost
	for _, tc := range []struct {
		name   string
		check  market.Check
		events []market.Scheduled
		want   string // prefix of the error; "" if the run must pass
		reason string
	}{
		{"shares sum", market.Check{Kind: market.CheckSharesSumToOne, Segment: -1, Company: -1, Tolerance: 1e-9}, nil, "",
			"the market's shares always sum to 1"},
		{"revenue within spend", market.Check{Kind: market.CheckRevenueWithinMarket, Segment: -1, Company: -1}, nil, "",
			"no provider earns more than its segment's buyers spend"},
		{"revenue above max", market.Check{Kind: market.CheckRevenueWithinMarket, Segment: -1, Company: -1, Max: 1e9}, nil,
			"check revenue-within-market failed on 2026-01-01: the market's revenue in paid segments runs at $1.2",
			"$1.2B a year of spend is above a $1B limit"},
		{"company revenue below max", market.Check{Kind: market.CheckRevenueWithinMarket, Segment: 0, Company: 0, Max: 1e9}, nil, "",
			"provider a earns half the market, $0.6B a year"},
		{"price above cost", market.Check{Kind: market.CheckPriceAboveCost, Segment: -1, Company: -1}, nil, "",
			"$1/Mtok is well above a 70B model's serving cost"},
		{"price below cost", market.Check{Kind: market.CheckPriceAboveCost, Segment: -1, Company: -1}, cheapB,
			"check price-above-marginal-cost failed on 2026-01-01: b api price $0.001/Mtok is below serving cost $0.",
			"b cuts to $0.001/Mtok on the first day; the first settlement catches it"},
		{"price below cost allowed", market.Check{Kind: market.CheckPriceAboveCost, Segment: -1, Company: -1, AllowedDiscount: []float64{0, 0.9999}}, cheapB, "",
			"b may price 99.99% below cost"},
		{"price below cost, discount too small", market.Check{Kind: market.CheckPriceAboveCost, Segment: -1, Company: 1, AllowedDiscount: []float64{0, 0.5}}, cheapB,
			"check price-above-marginal-cost failed on 2026-01-01: b api price $0.001/Mtok is below serving cost $0.229/Mtok",
			"50% below cost is allowed, not 99.9%"},
		{"utilisation", market.Check{Kind: market.CheckUtilisationAtMost, Segment: -1, Company: -1, Max: 0.9}, nil, "",
			"fleets are sized for 50% utilisation"},
		{"utilisation above max", market.Check{Kind: market.CheckUtilisationAtMost, Segment: -1, Company: -1, Max: 0.4}, nil,
			"check utilisation-at-most failed on 2026-01-01: a utilisation 50.0% is above 40.0%",
			"a's fleet is half busy"},
		{"share", market.Check{Kind: market.CheckShareAtMost, Segment: 0, Company: 1, Max: 0.6}, nil, "",
			"b has half the market"},
		{"share above max", market.Check{Kind: market.CheckShareAtMost, Segment: 0, Company: 1, Max: 0.45}, nil,
			"check share-at-most failed on 2026-01-01: b api volume share 50.0% is above 45.0%",
			"b has half the market"},
		{"revenue share above max", market.Check{Kind: market.CheckShareAtMost, Segment: -1, Company: -1, Max: 0.45, Revenue: true}, nil,
			"check share-at-most failed on 2026-01-01: a api revenue share 50.0% is above 45.0%",
			"every company is checked, the first one first"},
		{"declared at", market.Check{Kind: market.CheckShareAtMost, Segment: -1, Company: -1, Max: 0.45, Where: "class.yaml:9:5"}, nil,
			"check share-at-most failed on 2026-01-01: a api volume share 50.0% is above 45.0% (declared at class.yaml:9:5)",
			"the message says where the check is"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := markettest.Tiny()
			cfg.Events = tc.events
			cfg.Checks = []market.Check{tc.check}
			_, err := market.Run(cfg, nil, market.Options{Seed: 1})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("%v; want no violation: %s", err, tc.reason)
			case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)):
				t.Errorf("error %v\nwant one starting %q: %s", err, tc.want, tc.reason)
			}
			var ce *market.CheckError
			if tc.want != "" && !errors.As(err, &ce) {
				t.Errorf("error %v is not a *CheckError", err)
			}
		})
	}
}

// A check with Warn logs each violation every month and lets the run go
// on; other checks' logs are untouched.
func TestCheckWarnLogs(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Days = 90 // three settlements
	cfg.Checks = []market.Check{
		{Kind: market.CheckShareAtMost, Segment: 0, Company: 1, Max: 0.45, Warn: true, Where: "class.yaml:9:5"},
		{Kind: market.CheckShareAtMost, Segment: 0, Company: 0, Max: 0.9, Warn: true},
	}
	r, err := market.Run(cfg, nil, market.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []market.Entry
	for _, e := range r.Log {
		if e.Kind == market.KindCheck {
			got = append(got, e)
		}
	}
	if len(got) != 3 {
		t.Fatalf("%d check entries, want one per settlement: %+v", len(got), got)
	}
	want := market.Entry{Day: 0, Kind: market.KindCheck, Actor: "b",
		Summary: "check share-at-most: b api volume share 50.0% is above 45.0%",
		Cause:   "check share-at-most declared at class.yaml:9:5"}
	if got[0] != want {
		t.Errorf("first entry\n%+v\nwant\n%+v", got[0], want)
	}
}

// A check that names a segment or company the configuration lacks is a
// configuration error, not a violation.
func TestCheckOutOfRange(t *testing.T) {
	cfg := markettest.Tiny()
	cfg.Checks = []market.Check{{Kind: market.CheckShareAtMost, Segment: 3, Company: -1, Max: 1}}
	_, err := market.Run(cfg, nil, market.Options{Seed: 1})
	if !errors.Is(err, market.ErrConfig) {
		t.Errorf("error %v, want ErrConfig", err)
	}
}

func TestCheckKindNames(t *testing.T) {
	var names []string
	for _, k := range market.CheckKinds() {
		names = append(names, k.String())
	}
	want := "shares-sum-to-one revenue-within-market price-above-marginal-cost utilisation-at-most share-at-most"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("kinds %q, want %q", got, want)
	}
	if got := market.CheckKind(99).String(); got != "check(99)" {
		t.Errorf("unknown kind prints as %q", got)
	}
}
