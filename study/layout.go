package study

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Series names one headline time series of an ensemble: a metric of a
// company (a provider, a supplier or [market.Market]) in a segment, or in
// total when Segment is empty.
type Series struct {
	Company, Segment, Metric string
}

// Outcome is a headline number of one run, a column of runs.csv: a
// company's total of a metric over the final calendar year (for
// revenue_share, its revenue over all providers' revenue that year).
type Outcome struct {
	Company, Metric string
}

// Column is the runs.csv column of o, e.g. "alibaba.revenue_share".
func (o Outcome) Column() string { return o.Company + "." + o.Metric }

// Layout is the shape of what an ensemble keeps of each run: the headline
// series at every settled month, and the final-year outcomes. It follows
// from the scenario's structure alone, so every run, worker and shard of
// an ensemble has the same layout.
type Layout struct {
	Start     time.Time
	Months    []market.Day // settlement days, as in market.Result.Months
	FinalYear int          // calendar year of the last month
	Series    []Series
	Outcomes  []Outcome
	Companies []market.CompanyInfo // providers, then suppliers, as in market.Result
	Segments  []market.SegmentInfo

	Trailing []Trailing // series computed from others

	index map[Series]int
	final []int // months in the final year
}

// Trailing is a series computed from another: its sum over the last twelve
// months (fewer at the start), which smooths quarterly chip sales.
type Trailing struct {
	To, From int // series indices
}

// Trailing-sum metrics of the suppliers.
const (
	MetricRevenue12m    = "revenue_12m_usd"     // revenue over the trailing twelve months
	MetricExportFees12m = "export_fees_12m_usd" // export fees over the trailing twelve months
)

// NewLayout returns the layout of a market configuration. The headline
// series are, for every provider, its revenue share of the paid segments,
// revenue and profit, and in each segment it serves its volume share and,
// in paid segments, its revenue share and price; the market's revenue and
// average price per paid segment; and every supplier's China revenue,
// export fees, profit and share of chip sales, and its revenue and export
// fees over the trailing twelve months. The outcomes are each
// provider's final-year revenue share, revenue and profit and each
// supplier's final-year revenue and export fees.
func NewLayout(cfg *market.Config) *Layout {
	l := &Layout{Start: cfg.Start, Months: market.Calendar{Start: cfg.Start}.MonthStarts(cfg.Days)}
	if n := len(l.Months); n > 0 {
		l.FinalYear = l.Date(n - 1).Year()
	}
	add := func(company, segment string, metrics ...string) {
		for _, m := range metrics {
			l.Series = append(l.Series, Series{company, segment, m})
		}
	}
	for _, s := range cfg.Segments {
		l.Segments = append(l.Segments, market.SegmentInfo{ID: s.ID, Name: s.Name, Unit: s.Unit, Kind: s.Kind})
	}
	for _, p := range cfg.Providers {
		l.Companies = append(l.Companies, market.CompanyInfo{ID: p.ID, Name: p.Name})
		add(p.ID, "", market.MetricRevenueShare, market.MetricRevenue, market.MetricProfit)
		for s, seg := range cfg.Segments {
			if !p.Serves[s] {
				continue
			}
			add(p.ID, seg.ID, market.MetricVolumeShare)
			if seg.Kind == market.Paid {
				add(p.ID, seg.ID, market.MetricRevenueShare, market.MetricPrice)
			}
		}
		for _, m := range []string{market.MetricRevenueShare, market.MetricRevenue, market.MetricProfit} {
			l.Outcomes = append(l.Outcomes, Outcome{p.ID, m})
		}
	}
	add(market.Market, "", market.MetricRevenue)
	for _, seg := range cfg.Segments {
		if seg.Kind == market.Paid {
			add(market.Market, seg.ID, market.MetricPrice)
		}
	}
	for _, s := range cfg.Suppliers {
		l.Companies = append(l.Companies, market.CompanyInfo{ID: s.ID, Name: s.Name, Supplier: true})
		add(s.ID, "", market.MetricRevenue, market.MetricExportFees, market.MetricProfit, market.MetricChinaShare)
		n := len(l.Series)
		add(s.ID, "", MetricRevenue12m, MetricExportFees12m)
		l.Trailing = append(l.Trailing, Trailing{n, n - 4}, Trailing{n + 1, n - 3})
		l.Outcomes = append(l.Outcomes, Outcome{s.ID, market.MetricRevenue}, Outcome{s.ID, market.MetricExportFees})
	}
	l.init()
	return l
}

// init builds the lookup tables; they are not serialised.
func (l *Layout) init() {
	l.index = make(map[Series]int, len(l.Series))
	for i, s := range l.Series {
		l.index[s] = i
	}
	l.final = nil
	for m := range l.Months {
		if l.Date(m).Year() == l.FinalYear {
			l.final = append(l.final, m)
		}
	}
}

// Cells is the number of (series, month) values a run contributes.
func (l *Layout) Cells() int { return len(l.Series) * len(l.Months) }

// Cell returns the index of series s at month m.
func (l *Layout) Cell(s, m int) int { return s*len(l.Months) + m }

// Date returns the calendar date of month m.
func (l *Layout) Date(m int) time.Time { return market.Calendar{Start: l.Start}.Date(l.Months[m]) }

// providers returns the layout's provider companies.
func (l *Layout) providers() []market.CompanyInfo {
	var out []market.CompanyInfo
	for _, c := range l.Companies {
		if !c.Supplier {
			out = append(out, c)
		}
	}
	return out
}

// extract fills cells, of length Cells, with the headline values of r
// (NaN where r has none).
func (l *Layout) extract(r *market.Result, cells []float64) error {
	if !slices.Equal(r.Months, l.Months) || !r.Start.Equal(l.Start) {
		return fmt.Errorf("the run settled %d months from %s; the ensemble expects %d from %s",
			len(r.Months), r.Start.Format(time.DateOnly), len(l.Months), l.Start.Format(time.DateOnly))
	}
	for i := range cells {
		cells[i] = math.NaN()
	}
	m, day := -1, market.Day(-1)
	for _, rec := range r.Records {
		if !headline(rec.Metric) {
			continue
		}
		s, ok := l.index[Series{rec.Company, rec.Segment, rec.Metric}]
		if !ok {
			continue
		}
		if rec.Day != day {
			day = rec.Day
			if m, ok = slices.BinarySearch(l.Months, day); !ok {
				return fmt.Errorf("a %s record on day %d is not at a settlement", rec.Metric, day)
			}
		}
		cells[l.Cell(s, m)] = rec.Value
	}
	for _, t := range l.Trailing {
		for m := range l.Months {
			var sum float64 // summed afresh, so months of zero give exactly zero
			for k := max(0, m-11); k <= m; k++ {
				if v := cells[l.Cell(t.From, k)]; !math.IsNaN(v) {
					sum += v
				}
			}
			cells[l.Cell(t.To, m)] = sum
		}
	}
	return nil
}

// headline reports whether metric can be in a layout, so extract skips the
// other records without a map lookup.
func headline(metric string) bool {
	switch metric {
	case market.MetricRevenueShare, market.MetricRevenue, market.MetricProfit, market.MetricVolumeShare,
		market.MetricPrice, market.MetricExportFees, market.MetricChinaShare:
		return true
	}
	return false
}

// outcomes computes the final-year outcomes of one run from its cells.
func (l *Layout) outcomes(cells []float64, out []float64) []float64 {
	out = out[:0]
	total := func(company, metric string) float64 {
		s, ok := l.index[Series{company, "", metric}]
		if !ok {
			return math.NaN()
		}
		var sum float64
		for _, m := range l.final {
			if v := cells[l.Cell(s, m)]; !math.IsNaN(v) {
				sum += v
			}
		}
		return sum
	}
	var all float64
	for _, c := range l.providers() {
		all += total(c.ID, market.MetricRevenue)
	}
	for _, o := range l.Outcomes {
		switch o.Metric {
		case market.MetricRevenueShare:
			v := 0.0
			if all > 0 {
				v = total(o.Company, market.MetricRevenue) / all
			}
			out = append(out, v)
		default:
			out = append(out, total(o.Company, o.Metric))
		}
	}
	return out
}

// equal reports whether two layouts describe the same aggregation.
func (l *Layout) equal(o *Layout) bool {
	return l.Start.Equal(o.Start) && l.FinalYear == o.FinalYear && slices.Equal(l.Months, o.Months) &&
		slices.Equal(l.Series, o.Series) && slices.Equal(l.Outcomes, o.Outcomes) && slices.Equal(l.Trailing, o.Trailing) &&
		slices.Equal(l.Companies, o.Companies) && slices.Equal(l.Segments, o.Segments)
}
