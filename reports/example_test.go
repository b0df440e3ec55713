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
		Months:    []market.Day{0, 31},
		Segments:  []market.SegmentInfo{{ID: "llm-api", Name: "LLM API", Unit: "Mtok", Kind: market.Paid}},
		Companies: []market.CompanyInfo{{ID: "alibaba", Name: "Alibaba Cloud"}},
		Records: []market.Record{
			{Day: 0, Company: "alibaba", Segment: "llm-api", Metric: market.MetricRevenueShare, Value: 0.355},
			{Day: 0, Company: "alibaba", Segment: "llm-api", Metric: market.MetricPrice, Value: 0.41},
			{Day: 31, Company: "alibaba", Segment: "", Metric: market.MetricRevenue, Value: 2.5e8},
		},
	}
	if err := reports.WriteMetricsCSV(os.Stdout, r, "run-1"); err != nil {
		panic(err)
	}
	// Output:
	// run_id,scenario,seed,date,company,role,segment,metric,unit,value
	// run-1,baseline,1,2026-01-01,alibaba,provider,llm-api,revenue_share,fraction,0.355
	// run-1,baseline,1,2026-01-01,alibaba,provider,llm-api,price_usd,USD/Mtok,0.41
	// run-1,baseline,1,2026-02-01,alibaba,provider,total,revenue_usd,USD/month,2.5e+08
}
