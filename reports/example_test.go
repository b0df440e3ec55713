package reports_test

import (
	"os"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

func ExampleWriteMetricsCSV() {
	r := &market.Result{
		Scenario: "baseline", Seed: 1, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Months: []market.Day{0, 31},
		Records: []market.Record{
			{Day: 0, Company: "alibaba", Segment: "llm-api", Metric: market.MetricRevenueShare, Value: 0.355},
			{Day: 31, Company: "alibaba", Segment: "llm-api", Metric: market.MetricRevenueShare, Value: 1.0 / 3},
		},
	}
	if err := reports.WriteMetricsCSV(os.Stdout, r, "run-1"); err != nil {
		panic(err)
	}
	// Output:
	// run_id,scenario,seed,date,company,segment,metric,value
	// run-1,baseline,1,2026-01-01,alibaba,llm-api,revenue_share,0.355
	// run-1,baseline,1,2026-02-01,alibaba,llm-api,revenue_share,0.3333333333333333
}
