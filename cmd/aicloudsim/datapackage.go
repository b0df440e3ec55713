package main

import (
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// ensembleColumns describes the columns of runs.csv that depend on the
// study: one per sampled number and one per final-year outcome.
func ensembleColumns(params []study.Param, outcomes []study.Outcome) map[string]reports.Field {
	cols := map[string]reports.Field{}
	for _, p := range params {
		f := reports.Field{Type: "number", Unit: scenarios.CanonicalUnit(p.Unit),
			Description: "value of the scenario number " + p.Path + " in this run (as --set takes it)"}
		if len(p.Aliases) > 0 {
			f.Description += "; also " + strings.Join(p.Aliases, ", ")
		}
		cols[p.Path] = f
	}
	for _, o := range outcomes {
		cols[o.Column()] = reports.Field{Type: "number", Unit: outcomeUnit(o.Metric),
			Description: o.Company + "'s " + o.Metric + " over the final simulated year"}
	}
	return cols
}

// outcomeUnit is the unit of a final-year outcome: shares are of the
// year's revenue, money flows are summed over the year.
func outcomeUnit(metric string) string {
	switch {
	case strings.HasSuffix(metric, "_share"):
		return "fraction"
	case strings.HasSuffix(metric, "_usd"):
		return "USD/year"
	}
	return reports.MetricUnit(metric, nil)
}
