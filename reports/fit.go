package reports

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// fitItem is a row of the calibration table, formatted: a source's dated
// figure against what the run produced.
type fitItem struct {
	Name, Period     string
	Value, Simulated string // in the target's unit
	Error, RelError  string // signed; percentage points for shares
	Source           string
	Missing, Off     bool // the run settled no month of the period; the error is 10% or more
}

// fitNote says how to read the calibration table.
const fitNote = "Each row is a dated figure the scenario lists under targets, from its source, against the same quantity measured on this run over the same months. Shares are of totals over the period. Error is simulated less the source's figure; relative error divides it by the figure."

// fitItems formats the rows of market.Fit for r.
func fitItems(r *market.Result, rows []market.FitRow) []fitItem {
	out := make([]fitItem, len(rows))
	for i, row := range rows {
		t := row.Target
		it := fitItem{
			Name:   t.Name,
			Period: fitPeriod(r.Date(t.From), r.Date(t.To)),
			Value:  t.Kind.Format(t.Value), Simulated: t.Kind.Format(row.Simulated),
			Error: fitError(t.Kind, row.Error), RelError: "n/a",
			Source: t.Source, Missing: row.Months == 0,
		}
		if !math.IsNaN(row.RelError) {
			it.RelError = fmt.Sprintf("%+.1f%%", 100*row.RelError)
			it.Off = math.Abs(row.RelError) >= 0.1
		}
		out[i] = it
	}
	return out
}

// fitPeriod writes the span from one day to another, inclusive: as months
// ("2025-01 to 2025-06") when it is whole months, as dates otherwise.
func fitPeriod(from, to time.Time) string {
	if from.Day() == 1 && to.AddDate(0, 0, 1).Day() == 1 {
		if from.Year() == to.Year() && from.Month() == to.Month() {
			return from.Format("2006-01")
		}
		return from.Format("2006-01") + " to " + to.Format("2006-01")
	}
	return from.Format(time.DateOnly) + " to " + to.Format(time.DateOnly)
}

// fitError formats a signed error in the unit of targets of kind k:
// percentage points for shares, dollars for revenue and spend.
func fitError(k market.TargetKind, v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case k == market.TargetRevenueShare || k == market.TargetVolumeShare:
		return fmt.Sprintf("%+.1f pp", 100*v)
	case k == market.TargetRevenue || k == market.TargetSpend:
		if v >= 0 {
			return "+" + usd(v)
		}
		return usd(v)
	}
	return fmt.Sprintf("%+.4g", v)
}

// writeFit writes the calibration table of summary.md, if there are rows.
func writeFit(w io.Writer, r *market.Result, rows []market.FitRow) {
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Calibration against the sources\n\n%s\n\n", fitNote)
	fmt.Fprintln(w, "| Target | Period | Source's figure | Simulated | Error | Relative error | Source |\n|---|---|--:|--:|--:|--:|---|")
	missing := false
	for _, it := range fitItems(r, rows) {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", cell(it.Name), it.Period, cell(it.Value),
			cell(it.Simulated), cell(it.Error), it.RelError, cell(it.Source))
		missing = missing || it.Missing
	}
	if missing {
		fmt.Fprintln(w, "\nA target marked n/a lies outside the simulated months.")
	}
}
