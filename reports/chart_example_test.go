package reports_test

import (
	"bytes"
	"fmt"
	"image/png"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func ExampleCharts() {
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		panic(err)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		panic(err)
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: 1})
	if err != nil {
		panic(err)
	}
	// The serving-cost chart draws the roofline table of the run's chips
	// and models.
	ws := make([]hardware.Workload, len(cfg.Models))
	for i, m := range cfg.Models {
		ws[i] = m.Workload
	}
	charts, err := reports.Charts(r, hardware.Table(cfg.Chips, ws, cfg.Costs))
	if err != nil {
		panic(err)
	}
	for _, c := range charts {
		size, err := png.DecodeConfig(bytes.NewReader(c.PNG))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-36s %d×%d\n", c.Name, size.Width, size.Height)
	}
	// Output:
	// market-size.png                      1440×810
	// share-llm-api.png                    1440×810
	// share-multimodal-api.png             1440×810
	// share-compute-rental.png             1440×810
	// share-total.png                      1440×810
	// volume-vs-revenue-share-llm-api.png  1440×810
	// revenue-profit.png                   1440×1100
	// price-llm-api.png                    1440×1100
	// price-multimodal-api.png             1440×810
	// price-compute-rental.png             1440×810
	// fleet-by-chip.png                    1680×1050
	// domestic-share.png                   1440×810
	// serving-cost.png                     1800×950
	// capability.png                       1440×1100
	// users-consumer-assistant.png         1440×810
	// adoption-global-open-models.png      1440×810
	// nvidia-china.png                     1440×1200
	// unmet-utilisation.png                1440×1100
	// timeline.png                         1680×1474
}
