package market_test

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/market/markettest"
)

// A run of a two-provider market in which provider b doubles its price on
// the first day: buyers with price weight α = 3 move to a, by the closed
// form 1/(1+2^−3) = 8/9 of the volume.
func ExampleRun() {
	cfg := markettest.Tiny()
	cfg.Providers[0].StartUtilisation, cfg.Providers[1].StartUtilisation = 0.1, 0.1
	cfg.Events = []market.Scheduled{{Kind: market.EventPrice, Provider: 1, Segment: 0, Value: 2, Summary: "b doubles its price"}}
	r, err := market.Run(cfg, nil, market.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	share, _ := markettest.Value(r, 0, "a", "api", market.MetricVolumeShare)
	fmt.Printf("%d months; share of a in the first month: %.4f\n", len(r.Months), share)
	fmt.Println(r.Log[0].Summary)
	// Output:
	// 12 months; share of a in the first month: 0.8889
	// b doubles its price
}
