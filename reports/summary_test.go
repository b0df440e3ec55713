package reports

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func TestWriteSummary(t *testing.T) {
	var b bytes.Buffer
	r := tinyResult()
	if err := WriteSummary(&b, r, tinyMeta(r)); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.md", b.Bytes())
}

func TestWriteSummaryWithoutFit(t *testing.T) {
	r := tinyResult()
	meta := tinyMeta(r)
	var with, without bytes.Buffer
	if err := WriteSummary(&with, r, meta); err != nil {
		t.Fatal(err)
	}
	meta.Fit = nil
	if err := WriteSummary(&without, r, meta); err != nil {
		t.Fatal(err)
	}
	head, _, ok := strings.Cut(with.String(), "\n## Calibration against the sources\n")
	if !ok || without.String() != head {
		t.Errorf("without fit rows the summary should end before the calibration section; got\n%s", without.String())
	}
}

func TestWriteSummaryNoMonths(t *testing.T) {
	r := tinyResult()
	r.Months, r.Records = nil, nil
	var b bytes.Buffer
	if err := WriteSummary(&b, r, Meta{RunID: tinyRunID}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "settled no months") {
		t.Errorf("a run without months should say so; got\n%s", b.String())
	}
}

func TestFinalYear(t *testing.T) {
	r := tinyResult()
	// A month of the next year, so the final year is 2027 with one month.
	r.Months = append(r.Months, 365)
	for _, c := range []struct {
		id                string
		rev, profit, cash float64
	}{{"alpha", 3e9, 1e9, 7e9}, {"beta", 1e9, -2e9, 8e9}} {
		r.Records = append(r.Records,
			market.Record{Day: 365, Company: c.id, Metric: market.MetricRevenue, Value: c.rev},
			market.Record{Day: 365, Company: c.id, Metric: market.MetricProfit, Value: c.profit},
			market.Record{Day: 365, Company: c.id, Metric: market.MetricCash, Value: c.cash},
			// a segment record must not count toward company totals
			market.Record{Day: 365, Company: c.id, Segment: "llm-api", Metric: market.MetricRevenue, Value: 1e12},
		)
	}
	year, months, rows := FinalYear(r)
	if year != 2027 || months != 1 {
		t.Fatalf("FinalYear = %d with %d months, want 2027 with 1", year, months)
	}
	want := []CompanyYear{
		{ID: "alpha", Name: "Alpha Cloud", RevenueUSD: 3e9, RevenueShare: 0.75, ProfitUSD: 1e9, CashUSD: 7e9},
		{ID: "beta", Name: "Beta | Labs", RevenueUSD: 1e9, RevenueShare: 0.25, ProfitUSD: -2e9, CashUSD: 8e9},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d (suppliers are not providers)", len(rows), len(want))
	}
	for i := range want {
		if rows[i] != want[i] {
			t.Errorf("row %d = %+v, want %+v", i, rows[i], want[i])
		}
	}
}

// TestFinalYearShareIsOfTotals checks that the year's revenue share is the
// share of the year's revenue, not the mean of the monthly shares: in the
// tiny run alpha's monthly shares average 48.75% but, spend growing every
// month while its share falls, its share of the year's revenue is 45%.
func TestFinalYearShareIsOfTotals(t *testing.T) {
	_, _, rows := FinalYear(tinyResult())
	// month t has spend (t+1)·1e9, of which alpha has tinyLLM[t]
	want := (0.625*1 + 0.5625*2 + 0.4375*3 + 0.375*4 + 0.4375*5) / 15
	if want != 0.45 {
		t.Fatalf("fixture changed: alpha's share of the year is %v, not 0.45", want)
	}
	if got := rows[0].RevenueShare; math.Abs(got-want) > 1e-12 {
		t.Errorf("alpha's share = %v, want %v", got, want)
	}
}

func TestBiggestMoves(t *testing.T) {
	moves := BiggestMoves(tinyResult(), 10)
	// LLM API (revenue share): alpha 62.5%→37.5% from month 0 to 3 is the
	// biggest move (beta mirrors it); month 1→4 overlaps it for the same
	// company and segment and is left out. Open models move 12.5 points
	// from month 1 to 4. Assistants move 3.125 points from month 0 to 3 and
	// again from 1 to 4, which overlaps and is left out.
	want := []struct {
		company, segment string
		from, to         int
		delta            float64
	}{
		{"alpha", "llm-api", 0, 3, -0.25},
		{"beta", "llm-api", 0, 3, 0.25},
		{"alpha", "open", 1, 4, -0.125},
		{"beta", "open", 1, 4, 0.125},
		{"alpha", "assistant", 0, 3, 0.03125},
		{"beta", "assistant", 0, 3, -0.03125},
	}
	if len(moves) != len(want) {
		t.Fatalf("got %d moves %+v, want %d", len(moves), moves, len(want))
	}
	for i, w := range want {
		m := moves[i]
		if m.Company != w.company || m.Segment != w.segment || m.From != w.from || m.To != w.to || m.Delta() != w.delta {
			t.Errorf("move %d = %+v (Δ %.3f), want %+v", i, m, m.Delta(), w)
		}
	}
	if got := BiggestMoves(tinyResult(), 1); len(got) != 1 || got[0] != moves[0] {
		t.Errorf("BiggestMoves(r, 1) = %+v, want the first of %+v", got, moves[:1])
	}
}

func TestExplainRanksAndBoundsEntries(t *testing.T) {
	r := tinyResult()
	m := Move{Company: "alpha", Segment: "llm-api", From: 0, To: 3}
	got, more := explain(r, m, market.Paid)
	var sums []string
	for _, e := range got {
		sums = append(sums, e.Summary)
	}
	// Everything up to 2026-04-01 that concerns alpha's LLM share, in log
	// order: not beta's assistant price, not the May shock.
	want := []string{
		"US allows c1 with a 25% fee",
		"Beta | Labs releases Beta-2 (capability 80.0)",
		"Alpha Cloud llm-api price +10% to $0.33/Mtok",
		"Beta | Labs llm-api price -10% to $0.27/Mtok",
		"Alpha Cloud took delivery of 1.0K Chip One",
		"Alpha Cloud orders 2.0K Chip One",
		"Alpha Cloud orders 1.0K Chip Two",
	}
	if strings.Join(sums, "\n") != strings.Join(want, "\n") || more != 0 {
		t.Errorf("explain = %q (+%d), want %q", sums, more, want)
	}
	// In an adoption segment chip policy, orders and deliveries are noise.
	got, _ = explain(r, Move{Company: "alpha", Segment: "open", From: 0, To: 3}, market.Adoption)
	if len(got) != 1 || got[0].Kind != market.KindRelease {
		t.Errorf("explain for an adoption segment = %+v, want only the release", got)
	}
}
