package study

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// Measure is one number computed from a run's result: an outcome that a
// sweep, a sensitivity study or a comparison reports, named on the command
// line by --outcome. Every measure covers the final simulated calendar
// year (the months of the last month's year), as the outcomes of a
// Monte Carlo study's runs.csv do; shares and prices are ratios of the
// year's sums, not means of monthly ratios. The forms are:
//
//	revenue_share:<provider>            share of all providers' revenue in the paid segments
//	revenue_share:<provider>:<segment>  share of all providers' revenue in a paid segment
//	volume_share:<provider>:<segment>   share of the volume served in a segment
//	revenue:<company>                   revenue in USD, of a provider or a chip supplier
//	profit:<company>                    profit in USD
//	price:<segment>                     the market's average price: buyers' spend over volume
//	price:<provider>:<segment>          a provider's average price: its revenue over its volume
//	export_fees:<supplier>              US export fees paid, in USD
type Measure struct {
	ID      string // as written, e.g. "revenue_share:alibaba"
	Kind    string // the part before the first colon
	Company string // "" for the market's average price
	Segment string // "" for a company's total
	Label   string // for people, e.g. "Alibaba revenue share, 2030"
	Unit    string // reports.UnitShare, reports.UnitUSD or reports.UnitPrice
	Per     string // for prices, the segment's unit of volume

	num, den []recordKey // summed over the final year; value = Σnum / Σden (Σnum without den)
}

// recordKey names a series of result records.
type recordKey struct{ company, segment, metric string }

// measureForms lists the forms of ParseMeasures, for error messages.
const measureForms = "revenue_share:<provider>, revenue_share:<provider>:<segment>, volume_share:<provider>:<segment>, " +
	"revenue:<company>, profit:<company>, price:<segment>, price:<provider>:<segment>, export_fees:<supplier>"

// DefaultMeasureIDs returns the outcomes studied when none is named:
// Alibaba's and ByteDance's revenue share of the paid segments, or, in a
// scenario without both, those of its first two providers.
func DefaultMeasureIDs(cfg *market.Config) []string {
	ids := make([]string, 0, 2)
	for _, p := range cfg.Providers {
		ids = append(ids, p.ID)
	}
	if slices.Contains(ids, "alibaba") && slices.Contains(ids, "bytedance") {
		return []string{"revenue_share:alibaba", "revenue_share:bytedance"}
	}
	var out []string
	for _, id := range ids[:min(2, len(ids))] {
		out = append(out, market.MetricRevenueShare+":"+id)
	}
	return out
}

// ParseMeasures reads outcomes written as described for Measure and checks
// them against the companies and segments of cfg. An empty list means
// DefaultMeasureIDs. A repeated outcome is kept once. The error names the
// allowed forms and ids.
func ParseMeasures(ids []string, cfg *market.Config) ([]Measure, error) {
	if len(ids) == 0 {
		ids = DefaultMeasureIDs(cfg)
	}
	var out []Measure
	var errs []string
	for _, id := range ids {
		m, err := parseMeasure(strings.TrimSpace(id), cfg)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if !slices.ContainsFunc(out, func(o Measure) bool { return o.ID == m.ID }) {
			out = append(out, m)
		}
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s\n%s", strings.Join(errs, "\n"), idsHelp(cfg))
	}
	return out, nil
}

// idsHelp lists the forms of an outcome and the ids of cfg.
func idsHelp(cfg *market.Config) string {
	var prov, sup, seg []string
	for _, p := range cfg.Providers {
		prov = append(prov, p.ID)
	}
	for _, s := range cfg.Suppliers {
		sup = append(sup, s.ID)
	}
	for _, s := range cfg.Segments {
		seg = append(seg, s.ID)
	}
	return fmt.Sprintf("an outcome is one of %s\n  providers: %s\n  chip suppliers: %s\n  segments: %s",
		measureForms, strings.Join(prov, ", "), strings.Join(sup, ", "), strings.Join(seg, ", "))
}

// parseMeasure reads and checks one outcome.
func parseMeasure(id string, cfg *market.Config) (Measure, error) {
	parts := strings.Split(id, ":")
	m := Measure{ID: id, Kind: parts[0]}
	args := parts[1:]
	bad := func(format string, a ...any) (Measure, error) {
		return Measure{}, fmt.Errorf("outcome %q: %s", id, fmt.Sprintf(format, a...))
	}
	arity := map[string][]int{
		market.MetricRevenueShare: {1, 2}, market.MetricVolumeShare: {2}, "revenue": {1}, "profit": {1},
		"price": {1, 2}, "export_fees": {1},
	}
	n, ok := arity[m.Kind]
	switch {
	case id == "":
		return bad("empty")
	case !ok:
		return bad("unknown kind %q", m.Kind)
	case !slices.Contains(n, len(args)) || slices.Contains(args, ""):
		return bad("want the form %s", formOf(m.Kind))
	}
	if m.Kind == "price" && len(args) == 1 {
		m.Segment = args[0]
	} else {
		m.Company = args[0]
		if len(args) == 2 {
			m.Segment = args[1]
		}
	}
	year := finalYear(cfg)
	switch m.Kind {
	case market.MetricRevenueShare, market.MetricVolumeShare, "profit", "price", "export_fees":
		want := "provider"
		if m.Kind == "export_fees" {
			want = "chip supplier"
		}
		if m.Kind == "profit" {
			want = "company"
		}
		if m.Company != "" && !isCompany(cfg, m.Company, want) {
			return bad("%q is not a %s of the scenario", m.Company, want)
		}
	case "revenue":
		if !isCompany(cfg, m.Company, "company") {
			return bad("%q is not a company of the scenario", m.Company)
		}
	}
	seg := -1
	if m.Segment != "" {
		seg = slices.IndexFunc(cfg.Segments, func(s market.Segment) bool { return s.ID == m.Segment })
		if seg < 0 {
			return bad("%q is not a segment of the scenario", m.Segment)
		}
		if cfg.Segments[seg].Kind != market.Paid && m.Kind != market.MetricVolumeShare {
			return bad("segment %q is not paid, so it has no revenue or price", m.Segment)
		}
		m.Per = cfg.Segments[seg].Unit
	}
	m.define(cfg, year)
	return m, nil
}

// formOf returns the allowed forms of one kind.
func formOf(kind string) string {
	var forms []string
	for _, f := range strings.Split(measureForms, ", ") {
		if strings.HasPrefix(f, kind+":") {
			forms = append(forms, f)
		}
	}
	return strings.Join(forms, " or ")
}

// isCompany reports whether id is a company of cfg of the kind wanted:
// "provider", "chip supplier" or "company" (either).
func isCompany(cfg *market.Config, id, want string) bool {
	prov := slices.ContainsFunc(cfg.Providers, func(p market.Provider) bool { return p.ID == id })
	sup := slices.ContainsFunc(cfg.Suppliers, func(s market.Supplier) bool { return s.ID == id })
	switch want {
	case "provider":
		return prov
	case "chip supplier":
		return sup
	}
	return prov || sup
}

// define sets the records m sums, its label and its unit.
func (m *Measure) define(cfg *market.Config, year int) {
	name := companyName(cfg, m.Company)
	segName := m.Segment
	for _, s := range cfg.Segments {
		if s.ID == m.Segment {
			segName = s.Name
		}
	}
	providers := func(segment, metric string) []recordKey {
		var ks []recordKey
		for _, p := range cfg.Providers {
			ks = append(ks, recordKey{p.ID, segment, metric})
		}
		return ks
	}
	own := func(metric string) []recordKey { return []recordKey{{m.Company, m.Segment, metric}} }
	m.Unit = reports.UnitUSD
	switch {
	case m.Kind == market.MetricRevenueShare && m.Segment == "":
		m.num, m.den = own(market.MetricRevenue), providers("", market.MetricRevenue)
		m.Unit, m.Label = reports.UnitShare, fmt.Sprintf("%s revenue share, %d", name, year)
	case m.Kind == market.MetricRevenueShare:
		m.num, m.den = own(market.MetricRevenue), providers(m.Segment, market.MetricRevenue)
		m.Unit, m.Label = reports.UnitShare, fmt.Sprintf("%s revenue share of %s, %d", name, segName, year)
	case m.Kind == market.MetricVolumeShare:
		m.num, m.den = own(market.MetricVolume), []recordKey{{market.Market, m.Segment, market.MetricVolume}}
		m.Unit, m.Label = reports.UnitShare, fmt.Sprintf("%s volume share of %s, %d", name, segName, year)
	case m.Kind == "price" && m.Company == "":
		m.num, m.den = []recordKey{{market.Market, m.Segment, market.MetricSpend}}, []recordKey{{market.Market, m.Segment, market.MetricVolume}}
		m.Unit, m.Label = reports.UnitPrice, fmt.Sprintf("%s average price, %d", segName, year)
	case m.Kind == "price":
		m.num, m.den = own(market.MetricRevenue), own(market.MetricVolume)
		m.Unit, m.Label = reports.UnitPrice, fmt.Sprintf("%s price in %s, %d", name, segName, year)
	case m.Kind == "revenue":
		m.num, m.Label = own(market.MetricRevenue), fmt.Sprintf("%s revenue, %d", name, year)
	case m.Kind == "profit":
		m.num, m.Label = own(market.MetricProfit), fmt.Sprintf("%s profit, %d", name, year)
	case m.Kind == "export_fees":
		m.num, m.Label = own(market.MetricExportFees), fmt.Sprintf("%s export fees, %d", name, year)
	}
}

// companyName is a company's name without its parenthesised detail, as
// charts show it: "ByteDance (Volcano Engine)" → "ByteDance".
func companyName(cfg *market.Config, id string) string {
	n := id
	for _, p := range cfg.Providers {
		if p.ID == id {
			n = p.Name
		}
	}
	for _, s := range cfg.Suppliers {
		if s.ID == id {
			n = s.Name
		}
	}
	if i := strings.Index(n, " ("); i > 0 {
		n = n[:i]
	}
	return n
}

// finalYear is the calendar year of the last settled month of cfg.
func finalYear(cfg *market.Config) int {
	cal := market.Calendar{Start: cfg.Start}
	months := cal.MonthStarts(cfg.Days)
	if len(months) == 0 {
		return cfg.Start.Year()
	}
	return cal.Date(months[len(months)-1]).Year()
}

// Info returns what reports show of m.
func (m Measure) Info() reports.OutcomeInfo {
	return reports.OutcomeInfo{ID: m.ID, Label: m.Label, Unit: m.Unit, Per: m.Per, Company: m.Company}
}

// infos returns the reports' view of measures.
func infos(ms []Measure) []reports.OutcomeInfo {
	out := make([]reports.OutcomeInfo, len(ms))
	for i, m := range ms {
		out[i] = m.Info()
	}
	return out
}

// evaluator computes a list of measures from results in one pass over
// their records.
type evaluator struct {
	ms    []Measure
	slots map[recordKey][]int // record series → slots: 2·measure for num, 2·measure+1 for den
}

func newEvaluator(ms []Measure) *evaluator {
	e := &evaluator{ms: ms, slots: map[recordKey][]int{}}
	for i, m := range ms {
		for _, k := range m.num {
			e.slots[k] = append(e.slots[k], 2*i)
		}
		for _, k := range m.den {
			e.slots[k] = append(e.slots[k], 2*i+1)
		}
	}
	return e
}

// eval returns every measure of r, in order: NaN for a ratio whose
// denominator is zero.
func (e *evaluator) eval(r *market.Result) []float64 {
	return e.evalDays(r, finalYearStart(r), math.MaxInt32)
}

// evalDays is eval over the records of days [from, to) instead of the
// final year.
func (e *evaluator) evalDays(r *market.Result, from, to market.Day) []float64 {
	sums := make([]float64, 2*len(e.ms))
	for _, rec := range r.Records {
		if rec.Day < from || rec.Day >= to {
			continue
		}
		for _, s := range e.slots[recordKey{rec.Company, rec.Segment, rec.Metric}] {
			if !math.IsNaN(rec.Value) {
				sums[s] += rec.Value
			}
		}
	}
	out := make([]float64, len(e.ms))
	for i, m := range e.ms {
		switch {
		case len(m.den) == 0:
			out[i] = sums[2*i]
		case sums[2*i+1] == 0:
			out[i] = math.NaN()
		default:
			out[i] = sums[2*i] / sums[2*i+1]
		}
	}
	return out
}

// finalYearStart is the first day of the calendar year of r's last
// settled month.
func finalYearStart(r *market.Result) market.Day {
	if len(r.Months) == 0 {
		return 0
	}
	cal := market.Calendar{Start: r.Start}
	y := cal.Date(r.Months[len(r.Months)-1]).Year()
	return cal.DayOf(time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC))
}
