package reports

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Finding is one headline of a run, a sentence with numbers, and the
// chart that shows it.
type Finding struct {
	Text  string
	Chart string // file name of the chart, e.g. "share-total.png"
	// Key names the number the sentence is about as a column of a Monte
	// Carlo study's runs.csv ("alibaba.revenue_share"), so that it can be
	// placed in an ensemble; "" when an ensemble has no such column.
	Key   string
	Value float64
	Unit  string // UnitShare or UnitUSD
	// Context says where the ensemble puts the number: its median and
	// P10–P90; Outside is whether the run lies outside that range. Set by
	// Findings when given an ensemble.
	Context string
	Outside bool
}

// EnsembleContext is a small ensemble of the run's scenario: for each
// runs.csv column, its values over the runs, sorted (NaNs left out).
type EnsembleContext struct {
	Runs   int
	Values map[string][]float64
}

// quantile is the q-quantile of sorted values, interpolated linearly
// between order statistics (R's type 7); NaN when there are none.
func quantile(s []float64, q float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	h := q * float64(len(s)-1)
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}

// Findings states the headlines of run r, computed from its records: who
// leads the paid segments in the final year and by how much, who leads each
// paid segment, the biggest moves in revenue share from the first year to
// the final one, who loses money, and, when the scenario has a supplier
// named nvidia, its China sales. With ctx, each headline that lies outside
// the ensemble's P10–P90 is flagged with the ensemble's median.
func Findings(r *market.Result, ctx *EnsembleContext) []Finding {
	if len(r.Months) == 0 {
		return nil
	}
	y := newYears(r)
	var out []Finding
	for _, f := range []func(*years) *Finding{leaderFinding, segmentsFinding, movesFinding, moneyFinding, nvidiaFinding} {
		if x := f(y); x != nil {
			out = append(out, *x)
		}
	}
	dropRepeats(out)
	if ctx != nil {
		for i := range out {
			out[i].place(ctx)
		}
	}
	return out
}

// place flags the finding when the ensemble puts its number outside P10–P90.
func (f *Finding) place(ctx *EnsembleContext) {
	vs := ctx.Values[f.Key]
	if f.Key == "" || len(vs) == 0 {
		return
	}
	q := [3]float64{quantile(vs, 0.1), quantile(vs, 0.5), quantile(vs, 0.9)}
	format := OutcomeInfo{Unit: f.Unit}.Format
	tol := 1e-9 * math.Max(1, math.Abs(f.Value))
	below := 0
	for _, v := range vs {
		if v < f.Value-tol {
			below++
		}
	}
	f.Outside = f.Value < q[0]-tol || f.Value > q[2]+tol
	f.Context = fmt.Sprintf("%d-run ensemble: median %s, P10–P90 %s to %s; this run is above %d of the %d.",
		ctx.Runs, format(q[1]), format(q[0]), format(q[2]), below, len(vs))
	if f.Outside {
		side := "above"
		if f.Value < q[0] {
			side = "below"
		}
		f.Context = fmt.Sprintf("Unusual: this run's %s is %s the P10–P90 of a %d-run ensemble (%s to %s); its median is %s.",
			format(f.Value), side, ctx.Runs, format(q[0]), format(q[2]), format(q[1]))
	}
}

// years holds a run's yearly totals for the first and final calendar years.
type years struct {
	r            *market.Result
	first, final int
	sums         map[int]map[seriesKey]float64 // year → totals of the year's months
	lastShare    map[string]float64            // supplier → China share in the last month
}

func newYears(r *market.Result) *years {
	y := &years{r: r, first: r.Date(r.Months[0]).Year(), final: r.Date(r.Months[len(r.Months)-1]).Year(),
		sums: map[int]map[seriesKey]float64{}, lastShare: map[string]float64{}}
	last := r.Months[len(r.Months)-1]
	for _, rec := range r.Records {
		yr := r.Date(rec.Day).Year()
		if (yr != y.first && yr != y.final) || math.IsNaN(rec.Value) {
			continue
		}
		if y.sums[yr] == nil {
			y.sums[yr] = map[seriesKey]float64{}
		}
		y.sums[yr][seriesKey{rec.Company, rec.Segment, rec.Metric}] += rec.Value
		if rec.Metric == market.MetricChinaShare && rec.Day == last {
			y.lastShare[rec.Company] = rec.Value
		}
	}
	return y
}

// shares returns every provider's share of revenue in segment ("" for all
// paid segments) in year, largest first.
func (y *years) shares(year int, segment string) []share {
	var out []share
	var total float64
	for _, c := range y.r.Companies {
		if c.Supplier {
			continue
		}
		v := y.sums[year][seriesKey{c.ID, segment, market.MetricRevenue}]
		out = append(out, share{c, v})
		total += v
	}
	if total <= 0 {
		return nil
	}
	for i := range out {
		out[i].v /= total
	}
	slices.SortStableFunc(out, func(a, b share) int { return cmp.Compare(b.v, a.v) })
	return out
}

type share struct {
	c market.CompanyInfo
	v float64
}

func pp(d float64) string { return fmt.Sprintf("%.1f pp", 100*math.Abs(d)) }

func leaderFinding(y *years) *Finding {
	s := y.shares(y.final, "")
	if len(s) < 2 {
		return nil
	}
	return &Finding{
		Text: fmt.Sprintf("In %d %s leads the paid segments with %s of revenue, %s ahead of %s (%s).",
			y.final, shortName(s[0].c), pct(s[0].v), pp(s[0].v-s[1].v), shortName(s[1].c), pct(s[1].v)),
		Chart: "share-total.png", Key: s[0].c.ID + "." + market.MetricRevenueShare, Value: s[0].v, Unit: UnitShare,
	}
}

func segmentsFinding(y *years) *Finding {
	var parts []string
	chart := ""
	for _, seg := range y.r.Segments {
		if seg.Kind != market.Paid {
			continue
		}
		s := y.shares(y.final, seg.ID)
		if len(s) < 2 {
			continue
		}
		chart = cmp.Or(chart, "share-"+seg.ID+".png")
		parts = append(parts, fmt.Sprintf("%s in %s (%s, %s over %s)", shortName(s[0].c), seg.Name, pct(s[0].v), pp(s[0].v-s[1].v), shortName(s[1].c)))
	}
	if len(parts) < 2 {
		return nil
	}
	return &Finding{Text: fmt.Sprintf("By segment in %d: %s.", y.final, joinAnd(parts)), Chart: chart}
}

func movesFinding(y *years) *Finding {
	if y.first == y.final {
		return nil
	}
	before := map[string]float64{}
	for _, s := range y.shares(y.first, "") {
		before[s.c.ID] = s.v
	}
	after := y.shares(y.final, "")
	if len(after) < 2 {
		return nil
	}
	up, down := after[0], after[0]
	for _, s := range after {
		if s.v-before[s.c.ID] > up.v-before[up.c.ID] {
			up = s
		}
		if s.v-before[s.c.ID] < down.v-before[down.c.ID] {
			down = s
		}
	}
	return &Finding{
		Text: fmt.Sprintf("The biggest moves from %d to %d: %s gains %s (%s → %s) and %s loses %s (%s → %s).",
			y.first, y.final, shortName(up.c), pp(up.v-before[up.c.ID]), pct(before[up.c.ID]), pct(up.v),
			shortName(down.c), pp(down.v-before[down.c.ID]), pct(before[down.c.ID]), pct(down.v)),
		Chart: "share-total.png", Key: up.c.ID + "." + market.MetricRevenueShare, Value: up.v, Unit: UnitShare,
	}
}

// dropRepeats clears the key of a finding about the same number as an
// earlier one, so the ensemble's view of it is given once.
func dropRepeats(fs []Finding) {
	seen := map[string]bool{}
	for i := range fs {
		if seen[fs[i].Key] {
			fs[i].Key = ""
		}
		seen[fs[i].Key] = true
	}
}

func moneyFinding(y *years) *Finding {
	type profit struct {
		c market.CompanyInfo
		v float64
	}
	var ps []profit
	for _, c := range y.r.Companies {
		if !c.Supplier {
			ps = append(ps, profit{c, y.sums[y.final][seriesKey{c.ID, "", market.MetricProfit}]})
		}
	}
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b profit) int { return cmp.Compare(a.v, b.v) })
	best := ps[len(ps)-1]
	var losers []string
	for _, p := range ps {
		if p.v < 0 {
			// A cloud whose consumer users are worth more to its group than
			// the cloud loses is a trade-off, not only a loss: say so.
			if gv := y.sums[y.final][seriesKey{p.c.ID, "", market.MetricGroupValue}]; gv > 0 {
				losers = append(losers, fmt.Sprintf("%s (%s; its users are worth %s to its group)", shortName(p.c), usd(p.v), usd(gv)))
			} else {
				losers = append(losers, fmt.Sprintf("%s (%s)", shortName(p.c), usd(p.v)))
			}
		}
	}
	f := &Finding{Chart: "revenue-profit.png", Unit: UnitUSD}
	if len(losers) == 0 {
		f.Text = fmt.Sprintf("Every cloud makes money in %d; %s earns the most (%s) and %s the least (%s).", y.final, shortName(best.c), usd(best.v), shortName(ps[0].c), usd(ps[0].v))
		f.Key, f.Value = best.c.ID+"."+market.MetricProfit, best.v
		return f
	}
	verb := "loses"
	if len(losers) > 1 {
		verb = "lose"
	}
	f.Text = fmt.Sprintf("%s %s money in %d; %s earns the most (%s).", joinAnd(losers), verb, y.final, shortName(best.c), usd(best.v))
	f.Key, f.Value = ps[0].c.ID+"."+market.MetricProfit, ps[0].v
	return f
}

// nvidiaID is the supplier whose China position the findings state.
const nvidiaID = "nvidia"

func nvidiaFinding(y *years) *Finding {
	i := slices.IndexFunc(y.r.Companies, func(c market.CompanyInfo) bool { return c.ID == nvidiaID && c.Supplier })
	if i < 0 {
		return nil
	}
	c := y.r.Companies[i]
	last := y.sums[y.final][seriesKey{c.ID, "", market.MetricRevenue}]
	first := y.sums[y.first][seriesKey{c.ID, "", market.MetricRevenue}]
	text := fmt.Sprintf("%s sells %s of chips in China in %d", shortName(c), usd(last), y.final)
	if y.first != y.final {
		text += fmt.Sprintf(", against %s in %d", usd(first), y.first)
	}
	text += fmt.Sprintf("; its share of the chips delivered in China ends at %s.", pct(y.lastShare[c.ID]))
	return &Finding{Text: text, Chart: "nvidia-china.png", Key: c.ID + "." + market.MetricRevenue, Value: last, Unit: UnitUSD}
}

// joinAnd joins items as "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// writeFindings writes the findings and the drivers at the top of the
// summary.
func writeFindings(w io.Writer, r *market.Result, meta Meta) {
	fs := Findings(r, meta.Context)
	if len(fs) == 0 {
		return
	}
	fmt.Fprintln(w, "\n## Findings")
	fmt.Fprintln(w)
	for _, f := range fs {
		fmt.Fprintf(w, "- %s", f.Text)
		if !meta.NoCharts {
			fmt.Fprintf(w, " ([chart](%s))", f.Chart)
		}
		switch {
		case f.Outside:
			fmt.Fprintf(w, " **%s**", f.Context)
		case f.Context != "":
			fmt.Fprintf(w, " _%s_", f.Context)
		}
		fmt.Fprintln(w)
	}
	if meta.Context != nil {
		fmt.Fprintf(w, "\nChecked against %d runs of the scenario with its ranged numbers sampled and their own seeds.\n", meta.Context.Runs)
	}
	if d := meta.Drivers; d != nil {
		fmt.Fprintln(w, "\n## What drove it")
		fmt.Fprintln(w)
		for _, s := range d.Sentences(3) {
			fmt.Fprintf(w, "- %s\n", s)
		}
		fmt.Fprintf(w, "\nWaterfalls: [revenue share](%s), [profit](%s); the groups and how each is frozen are in `aicloudsim explain drivers --help`.\n",
			DriversChartNames[0], DriversChartNames[1])
	}
}
