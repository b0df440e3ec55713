package reports

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Meta is what a report says about a run besides its results.
type Meta struct {
	RunID        string
	ScenarioHash string   // hex SHA-256 of the merged scenario
	Title        string   // the scenario's title; the name is used when empty
	Sets         []string // the --set overrides, in order

	// Assumptions are the numbers the scenario gives, sorted by path; the
	// HTML report lists them. Empty leaves the table out.
	Assumptions []Assumption
	// Fit compares the run with the scenario's dated source figures (see
	// market.Fit); empty when the scenario declares no targets.
	Fit []market.FitRow

	// Context, if set, is a small ensemble of the scenario that the
	// findings are placed in (see Findings).
	Context *EnsembleContext
	// Drivers, if set, attributes the clouds' share and profit changes to
	// groups of inputs; DriverCharts are its waterfalls (DriversCharts).
	Drivers      *Drivers
	DriverCharts []Chart
	// NoCharts says the run drew no charts, so the findings link to none.
	NoCharts bool
}

// Assumption is one number of the scenario, formatted for people.
type Assumption struct {
	Path   string // dotted path in the scenario, e.g. "chips.h20.tdp"
	Value  string // with its unit, e.g. "400W"
	Range  string // "low to high", or "" without a range
	Source string // where the number comes from, "(none given)" if nowhere
}

// MoveWindow is the span, in months, over which the summary measures a
// share move.
const MoveWindow = 3

// maxMoves and maxCauses bound the moves section: ten moves, each with at
// most eight log entries.
const (
	maxMoves  = 10
	maxCauses = 8
)

// WriteSummary writes a Markdown summary of r: the run's identity, the
// final year per company (revenue, share of paid-segment revenue, profit,
// cash), every segment's shares at the first and last month, the chip
// suppliers' China sales and export fees, the ten biggest share moves
// with the log entries around them that may explain them and, when meta
// has fit rows, the calibration against the scenario's source figures.
func WriteSummary(w io.Writer, r *market.Result, meta Meta) error {
	bw := bufio.NewWriter(w)
	s := newSeries(r)
	writeHeader(bw, r, meta)
	if len(r.Months) == 0 {
		fmt.Fprintln(bw, "\nThe run settled no months, so there are no results to summarise.")
		return bw.Flush()
	}
	writeFindings(bw, r, meta)
	writeFinalYear(bw, r)
	writeSegments(bw, r, s)
	writeSuppliers(bw, r, s)
	writeMoves(bw, r, s)
	writeFit(bw, r, meta.Fit)
	return bw.Flush()
}

func writeHeader(w io.Writer, r *market.Result, meta Meta) {
	title := cmp.Or(meta.Title, r.Scenario)
	fmt.Fprintf(w, "# %s\n\n", text(title))
	fmt.Fprintln(w, "| | |\n|---|---|")
	fmt.Fprintf(w, "| Scenario | %s |\n", code(r.Scenario))
	fmt.Fprintf(w, "| Seed | %d |\n", r.Seed)
	fmt.Fprintf(w, "| Run | %d, id %s |\n", r.Run, code(meta.RunID))
	fmt.Fprintf(w, "| Scenario hash | %s |\n", code(meta.ScenarioHash))
	end := r.Date(market.Day(max(r.Days-1, 0)))
	fmt.Fprintf(w, "| Simulated | %s to %s, %d months settled |\n", r.Start.Format(time.DateOnly), end.Format(time.DateOnly), len(r.Months))
	if len(meta.Sets) > 0 {
		sets := make([]string, len(meta.Sets))
		for i, s := range meta.Sets {
			sets[i] = code("--set " + s)
		}
		fmt.Fprintf(w, "| Overrides | %s |\n", strings.Join(sets, ", "))
	}
}

// CompanyYear is a provider's totals over one calendar year of a run.
type CompanyYear struct {
	ID, Name     string
	RevenueUSD   float64 // sum of the year's monthly revenue
	RevenueShare float64 // share of all providers' revenue in the paid segments over the year
	ProfitUSD    float64 // sum of the year's monthly profit
	CashUSD      float64 // cash after the year's last settled month
	// GroupValueUSD is the year's value of the company's consumer users to
	// its group (not cash); FundingUSD what its parent put in over the year.
	GroupValueUSD, FundingUSD float64
}

// GroupViewUSD is the year's profit as the parent group sees it: cloud
// profit plus the group value of the company's users.
func (c CompanyYear) GroupViewUSD() float64 { return c.ProfitUSD + c.GroupValueUSD }

// FinalYear returns the calendar year of r's last settled month, how many
// of that year's months were settled, and each provider's totals over
// them in r.Companies order. It returns zeros when r settled no months.
func FinalYear(r *market.Result) (year, months int, rows []CompanyYear) {
	if len(r.Months) == 0 {
		return 0, 0, nil
	}
	year = r.Date(r.Months[len(r.Months)-1]).Year()
	in := map[market.Day]bool{}
	for _, d := range r.Months {
		if r.Date(d).Year() == year {
			in[d] = true
		}
	}
	last := r.Months[len(r.Months)-1]
	idx := map[string]int{}
	for _, c := range r.Companies {
		if !c.Supplier {
			idx[c.ID] = len(rows)
			rows = append(rows, CompanyYear{ID: c.ID, Name: c.Name})
		}
	}
	for _, rec := range r.Records {
		i, ok := idx[rec.Company]
		if !ok || rec.Segment != "" || !in[rec.Day] {
			continue
		}
		switch rec.Metric {
		case market.MetricRevenue:
			rows[i].RevenueUSD += rec.Value
		case market.MetricProfit:
			rows[i].ProfitUSD += rec.Value
		case market.MetricGroupValue:
			rows[i].GroupValueUSD += rec.Value
		case market.MetricFunding:
			rows[i].FundingUSD += rec.Value
		case market.MetricCash:
			if rec.Day == last {
				rows[i].CashUSD = rec.Value
			}
		}
	}
	var total float64
	for _, c := range rows {
		total += c.RevenueUSD
	}
	for i := range rows {
		if total > 0 {
			rows[i].RevenueShare = rows[i].RevenueUSD / total
		}
	}
	return year, len(in), rows
}

// groupViewNote explains the group-view columns of the final-year table.
const groupViewNote = "Users' group value is what the company's consumer-assistant users are worth to its group (advertising, subscriptions, commerce: not cloud revenue, not cash); the group view is cloud profit plus that value, the view on which the parent funds the cloud; parent funding is what the parent put in over the year."

func writeFinalYear(w io.Writer, r *market.Result) {
	year, months, rows := FinalYear(r)
	span := strconv.Itoa(year)
	if months < 12 {
		span = fmt.Sprintf("%d (%d months settled)", year, months)
	}
	fmt.Fprintf(w, "\n## %s by company\n\n", span)
	var paid []string
	for _, sg := range r.Segments {
		if sg.Kind == market.Paid {
			paid = append(paid, sg.Name)
		}
	}
	fmt.Fprintf(w, "Revenue and profit are totals over the year in US dollars; revenue share is of all providers' revenue in the paid segments (%s). %s Cash is at the end of the year.\n\n", strings.Join(paid, ", "), groupViewNote)
	fmt.Fprintln(w, "| Company | Revenue | Revenue share | Cloud profit | Users' group value | Group view | Parent funding | Cash |\n|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, c := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", cell(c.Name), usd(c.RevenueUSD), pct(c.RevenueShare), usd(c.ProfitUSD),
			usd(c.GroupValueUSD), usd(c.GroupViewUSD()), usd(c.FundingUSD), usd(c.CashUSD))
	}
}

func writeSegments(w io.Writer, r *market.Result, s *series) {
	first, last := 0, len(r.Months)-1
	from, to := s.month(first), s.month(last)
	fmt.Fprintf(w, "\n## Segments: shares in %s and %s\n", from, to)
	for _, sg := range r.Segments {
		fmt.Fprintf(w, "\n### %s (%s, %s)\n\n", text(sg.Name), text(sg.Unit), kindName(sg.Kind))
		paid := sg.Kind == market.Paid
		if paid {
			fmt.Fprintf(w, "| Company | Volume share %s | Volume share %s | Revenue share %s | Revenue share %s |\n|---|--:|--:|--:|--:|\n", from, to, from, to)
		} else {
			fmt.Fprintf(w, "| Company | Share %s | Share %s |\n|---|--:|--:|\n", from, to)
		}
		for _, c := range r.Companies {
			vol := s.get(c.ID, sg.ID, market.MetricVolumeShare)
			if vol == nil {
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s |", cell(c.Name), pct(vol[first]), pct(vol[last]))
			if rev := s.get(c.ID, sg.ID, market.MetricRevenueShare); paid && rev != nil {
				fmt.Fprintf(w, " %s | %s |", pct(rev[first]), pct(rev[last]))
			} else if paid {
				fmt.Fprint(w, " – | – |")
			}
			fmt.Fprintln(w)
		}
	}
}

func writeSuppliers(w io.Writer, r *market.Result, s *series) {
	rows := supplierRows(r, s)
	if len(rows) == 0 {
		return
	}
	fmt.Fprintf(w, "\n## Chip suppliers, %s to %s\n\n", s.month(0), s.month(len(r.Months)-1))
	fmt.Fprintln(w, suppliersNote)
	fmt.Fprintln(w, "\n| Supplier | China sales | Export fees | Chips delivered | China share at end |\n|---|--:|--:|--:|--:|")
	for _, c := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", cell(c.Name), usd(c.SalesUSD), usd(c.FeesUSD), count(c.Units), pct(c.ShareEnd))
	}
}

// suppliersNote says what the suppliers table holds.
const suppliersNote = "Sales are the value of chips delivered to Chinese providers; export fees are paid to the US government; the China share is of the value of chips delivered in the last twelve months."

// supplierRow is a chip supplier's China business over a run.
type supplierRow struct {
	Name              string
	SalesUSD, FeesUSD float64 // totals over the run
	Units             float64 // chips delivered
	ShareEnd          float64 // China share at the last month, NaN if unknown
}

// supplierRows returns the chip suppliers' totals in r.Companies order.
func supplierRows(r *market.Result, s *series) []supplierRow {
	var rows []supplierRow
	for _, c := range r.Companies {
		if !c.Supplier {
			continue
		}
		var units float64
		for _, ch := range r.Chips {
			units += sum(s.get(c.ID, ch.ID, market.MetricUnitsSold))
		}
		end := math.NaN()
		if share := s.get(c.ID, "", market.MetricChinaShare); share != nil {
			end = share[len(share)-1]
		}
		rows = append(rows, supplierRow{Name: c.Name, SalesUSD: sum(s.get(c.ID, "", market.MetricRevenue)),
			FeesUSD: sum(s.get(c.ID, "", market.MetricExportFees)), Units: units, ShareEnd: end})
	}
	return rows
}

// Move is a change in one company's share of one segment over
// [MoveWindow] months: revenue share in paid segments, volume share (users,
// adoption) in the others.
type Move struct {
	Company, Segment string
	From, To         int // indices into Result.Months
	Before, After    float64
}

// Delta is the change in share, After − Before.
func (m Move) Delta() float64 { return m.After - m.Before }

// BiggestMoves returns up to n share moves of r with the largest absolute
// change, biggest first. Moves of the same company in the same segment do
// not overlap in time; changes under 0.05 percentage points are ignored.
func BiggestMoves(r *market.Result, n int) []Move {
	s := newSeries(r)
	var all []Move
	for _, sg := range r.Segments {
		metric := market.MetricVolumeShare
		if sg.Kind == market.Paid {
			metric = market.MetricRevenueShare
		}
		for _, c := range r.Companies {
			v := s.get(c.ID, sg.ID, metric)
			for t := MoveWindow; t < len(v); t++ {
				m := Move{Company: c.ID, Segment: sg.ID, From: t - MoveWindow, To: t, Before: v[t-MoveWindow], After: v[t]}
				if math.Abs(m.Delta()) >= 0.0005 {
					all = append(all, m)
				}
			}
		}
	}
	slices.SortStableFunc(all, func(a, b Move) int {
		return cmp.Compare(math.Abs(b.Delta()), math.Abs(a.Delta()))
	})
	var out []Move
	for _, m := range all {
		if len(out) == n {
			break
		}
		overlaps := slices.ContainsFunc(out, func(o Move) bool {
			return o.Company == m.Company && o.Segment == m.Segment && o.From < m.To && m.From < o.To
		})
		if !overlaps {
			out = append(out, m)
		}
	}
	return out
}

func writeMoves(w io.Writer, r *market.Result, s *series) {
	moves := describeMoves(r, s)
	fmt.Fprintf(w, "\n## Biggest share moves\n\n")
	if len(moves) == 0 {
		fmt.Fprintln(w, noMoves)
		return
	}
	fmt.Fprintf(w, "%s\n\n", movesNote)
	for i, m := range moves {
		marker := strconv.Itoa(i+1) + ". "
		indent := strings.Repeat(" ", len(marker))
		fmt.Fprintf(w, "%s**%s**, %s, %s to %s: %s → %s (**%+.1f pp**)\n", marker,
			text(m.Company), text(m.Segment), m.From, m.To, pct(m.Before), pct(m.After), 100*m.Delta)
		for _, c := range m.Causes {
			fmt.Fprintf(w, "%s- %s\n", indent, text(c.line()))
		}
		if m.More > 0 {
			fmt.Fprintf(w, "%s- and %d more related entries in events.jsonl\n", indent, m.More)
		}
		if len(m.Causes) == 0 {
			fmt.Fprintf(w, "%s- no release, policy change or decision was logged in this span\n", indent)
		}
	}
}

// What the moves section says about itself.
var (
	noMoves   = fmt.Sprintf("No company's share moved by more than 0.05 points over %d months.", MoveWindow)
	movesNote = fmt.Sprintf("Changes over %d months in revenue share (paid segments) or volume share (the others), with the events, releases and decisions logged from a month before the span to its end. They are what happened around the move, not a proof of cause.", MoveWindow)
)

// moveItem is one of the biggest moves, described for a report.
type moveItem struct {
	Company, Segment     string // names
	From, To             string // YYYY-MM
	Before, After, Delta float64
	Causes               []cause
	More                 int // relevant log entries left out
}

// describeMoves returns the maxMoves biggest moves of r with the log
// entries around them.
func describeMoves(r *market.Result, s *series) []moveItem {
	names := map[string]string{}
	for _, c := range r.Companies {
		names[c.ID] = c.Name
	}
	kinds := map[string]market.SegmentKind{}
	for _, sg := range r.Segments {
		names["segment:"+sg.ID] = sg.Name
		kinds[sg.ID] = sg.Kind
	}
	var out []moveItem
	for _, m := range BiggestMoves(r, maxMoves) {
		causes, more := moveCauses(r, m, kinds[m.Segment])
		out = append(out, moveItem{Company: names[m.Company], Segment: names["segment:"+m.Segment],
			From: s.month(m.From), To: s.month(m.To), Before: m.Before, After: m.After, Delta: m.Delta(),
			Causes: causes, More: more})
	}
	return out
}

// cause is a log entry offered as a possible cause of a move.
type cause struct {
	Date, Kind, Summary string
	Reason              string // a decision's reason; "same reason" when it repeats the previous entry's
	Source              string // an event's source
}

// line writes c as one line of the summary.
func (c cause) line() string {
	l := fmt.Sprintf("%s %s: %s", c.Date, c.Kind, c.Summary)
	if c.Reason != "" {
		l += " — " + c.Reason
	}
	if c.Source != "" {
		l += " (source: " + c.Source + ")"
	}
	return l
}

// moveCauses returns the log entries explain chooses for m, with their
// reasons, and how many were left out.
func moveCauses(r *market.Result, m Move, k market.SegmentKind) ([]cause, int) {
	entries, more := explain(r, m, k)
	out := make([]cause, len(entries))
	var prev market.Entry
	for i, e := range entries {
		c := cause{Date: r.Date(e.Day).Format(time.DateOnly), Kind: e.Kind, Summary: e.Summary}
		sameReason := e.Kind == market.KindDecision && prev.Kind == e.Kind && prev.Actor == e.Actor && prev.Day == e.Day && prev.Cause == e.Cause
		switch {
		case e.Cause == "":
		case sameReason:
			c.Reason = "same reason"
		case e.Kind == market.KindDecision:
			c.Reason = e.Cause
		default:
			c.Source = e.Cause
		}
		prev = e
		out[i] = c
	}
	return out, more
}

// explain returns up to maxCauses log entries from a month before m's span
// to its end, chosen by relevance (scenario events, chip launches and
// releases; then the company's own decisions; then rivals' price changes in
// the segment; then the company's chip deliveries) and listed by date, and
// how many relevant entries were left out.
func explain(r *market.Result, m Move, k market.SegmentKind) ([]market.Entry, int) {
	lo := r.Months[max(m.From-1, 0)]
	if m.From == 0 {
		lo = -1
	}
	hi := r.Months[m.To]
	type ranked struct {
		rank, i int
	}
	var cand []ranked
	for i, e := range r.Log {
		if e.Day <= lo || e.Day > hi {
			continue
		}
		if rank := relevance(e, m, k); rank > 0 {
			cand = append(cand, ranked{rank, i})
		}
	}
	slices.SortStableFunc(cand, func(a, b ranked) int { return cmp.Compare(a.rank, b.rank) })
	more := max(len(cand)-maxCauses, 0)
	cand = cand[:len(cand)-more]
	slices.SortFunc(cand, func(a, b ranked) int { return cmp.Compare(a.i, b.i) })
	out := make([]market.Entry, len(cand))
	for k, c := range cand {
		out[k] = r.Log[c.i]
	}
	return out, more
}

// relevance ranks how likely a log entry is to explain move m in a segment
// of kind k: 1 is most likely, 0 means unrelated. Releases, scenario events
// and random shocks come first; chip policy and launches matter only where
// buyers use capacity; then the company's own price changes in the segment,
// its chip orders and rivals' price changes in the segment; last its chip
// deliveries.
func relevance(e market.Entry, m Move, k market.SegmentKind) int {
	ownPrice := strings.Contains(e.Summary, " "+m.Segment+" price ")
	switch e.Kind {
	case market.KindRelease, market.KindShock, market.KindPrice:
		return 1
	case market.KindDemand:
		if e.Actor == m.Segment {
			return 1
		}
	case market.KindPolicy, market.KindLaunch:
		if k != market.Adoption {
			return 1
		}
	case market.KindDecision:
		switch {
		case e.Actor == m.Company && ownPrice:
			return 2
		case e.Actor == m.Company && strings.Contains(e.Summary, " orders ") && k != market.Adoption:
			return 3
		case ownPrice:
			return 3
		}
	case market.KindDelivery:
		if e.Actor == m.Company && k != market.Adoption {
			return 4
		}
	}
	return 0
}

// series indexes a result's records by (company, segment, metric) as one
// value per settled month (NaN where a month has no record).
type series struct {
	r      *market.Result
	byDay  map[market.Day]int
	values map[seriesKey][]float64
}

type seriesKey struct{ company, segment, metric string }

func newSeries(r *market.Result) *series {
	s := &series{r: r, byDay: make(map[market.Day]int, len(r.Months)), values: map[seriesKey][]float64{}}
	for i, d := range r.Months {
		s.byDay[d] = i
	}
	for _, rec := range r.Records {
		t, ok := s.byDay[rec.Day]
		if !ok {
			continue
		}
		k := seriesKey{rec.Company, rec.Segment, rec.Metric}
		v := s.values[k]
		if v == nil {
			v = make([]float64, len(r.Months))
			for j := range v {
				v[j] = math.NaN()
			}
			s.values[k] = v
		}
		v[t] = rec.Value
	}
	return s
}

// get returns the monthly values of a series, or nil if it has none.
func (s *series) get(company, segment, metric string) []float64 {
	return s.values[seriesKey{company, segment, metric}]
}

// month formats the i-th settled month as YYYY-MM.
func (s *series) month(i int) string { return s.r.Date(s.r.Months[i]).Format("2006-01") }

// sum adds the non-NaN values of v.
func sum(v []float64) float64 {
	var t float64
	for _, x := range v {
		if !math.IsNaN(x) {
			t += x
		}
	}
	return t
}

func kindName(k market.SegmentKind) string {
	switch k {
	case market.Paid:
		return "paid"
	case market.Users:
		return "users, no revenue"
	case market.Adoption:
		return "adoption, no revenue"
	}
	return "kind " + strconv.Itoa(int(k))
}

// usd formats dollars compactly: $12.3B, $450M, $12.5K, -$1.20B.
func usd(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%s$%.2fB", sign, v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%s$%.1fM", sign, v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%s$%.1fK", sign, v/1e3)
	}
	return fmt.Sprintf("%s$%.0f", sign, v)
}

// count formats a number of units compactly: 1.25M, 310K, 42.
func count(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e4:
		return fmt.Sprintf("%.0fK", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// pct formats a share as a percentage with one decimal, "–" for NaN.
func pct(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// text folds line breaks so s stays on one Markdown line, and escapes
// '<' so that text such as "<margin>" is not taken for an HTML tag.
func text(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "<", `\<`)
}

// cell is text(s) made safe inside a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(text(s), "|", `\|`) }

// code formats s as inline code, safe inside a table cell.
func code(s string) string {
	s = strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "`", "'")
	return "`" + strings.ReplaceAll(s, "|", `\|`) + "`"
}
