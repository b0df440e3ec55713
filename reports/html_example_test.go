package reports_test

import (
	"bytes"
	"fmt"
	"regexp"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

func ExampleWriteHTML() {
	r := &market.Result{
		Scenario: "two-months", Seed: 7, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Days: 59,
		Segments:  []market.SegmentInfo{{ID: "llm-api", Name: "LLM API", Unit: "Mtok", Kind: market.Paid}},
		Companies: []market.CompanyInfo{{ID: "alibaba", Name: "Alibaba Cloud"}},
		Months:    []market.Day{0, 31},
		Records: []market.Record{
			{Day: 0, Company: "alibaba", Metric: market.MetricRevenue, Value: 3e8},
			{Day: 31, Company: "alibaba", Metric: market.MetricRevenue, Value: 3.2e8},
		},
		Log: []market.Entry{{Day: 31, Kind: market.KindDecision, Actor: "alibaba",
			Summary: "Alibaba Cloud llm-api price -20% to $0.36/Mtok", Cause: "match-lowest: ByteDance at $0.36"}},
	}
	meta := reports.Meta{
		RunID: "3cedd608-38a4-558b-ab8c-1f1cf84dfbf0", ScenarioHash: "fa90134b",
		Assumptions: []reports.Assumption{{Path: "costs.pue", Value: "1.3", Range: "1.15 to 1.5", Source: "estimate"}},
	}
	var page bytes.Buffer
	if err := reports.WriteHTML(&page, r, meta, nil); err != nil {
		panic(err)
	}
	for _, h := range regexp.MustCompile(`<h[12]>(.*)</h[12]>`).FindAllStringSubmatch(page.String(), -1) {
		fmt.Println(h[1])
	}
	// Output:
	// two-months
	// 2026 (2 months settled) by company
	// Biggest share moves
	// Assumptions
	// Event log
}
