package classroom

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// proposal is the built-in strategy's proposal for a round, as a team may
// write it: every value rounded to three significant digits and inside
// the allowed range, so that the template, handed in unedited, is valid.
type proposal struct {
	prices     []float64 // per segment; 0 where the team sets no price
	orders     []float64 // per chip
	rnd        float64
	training   float64   // share of the fleet
	funding    float64   // asked of the parent, USD
	chipPrices []float64 // per chip
	pull       []float64 // per model
	why        map[market.DecisionKind]map[int]string
}

// propose turns the built-in decisions in s into a proposal within l.
func propose(cfg *market.Config, s *snapshot, l *limits) *proposal {
	p := &proposal{
		prices: make([]float64, len(cfg.Segments)), orders: make([]float64, len(cfg.Chips)),
		chipPrices: make([]float64, len(cfg.Chips)), pull: make([]float64, len(cfg.Models)),
		why: map[market.DecisionKind]map[int]string{},
	}
	note := func(k market.DecisionKind, i int, why string) {
		if p.why[k] == nil {
			p.why[k] = map[int]string{}
		}
		p.why[k][i] = why
	}
	clamp := func(x float64, b *bounds) float64 { return math.Max(b.Lo, math.Min(b.Hi, x)) }
	if s.Supplier {
		for _, cv := range s.Chips {
			p.chipPrices[cv.Chip] = cv.Price
		}
	} else {
		p.rnd, p.training = s.RnD, s.Training
		for seg, sv := range s.Segments {
			p.prices[seg] = sv.Price
		}
	}
	for _, d := range s.Proposal {
		switch d.Kind {
		case market.SetPrice:
			p.prices[d.Segment] = d.Value
			note(d.Kind, d.Segment, d.Reason)
		case market.OrderChips:
			p.orders[d.Chip] += d.Value
			note(d.Kind, 0, d.Reason)
		case market.SetRnD:
			p.rnd = d.Value
			note(d.Kind, 0, d.Reason)
		case market.SetChipPrice:
			p.chipPrices[d.Chip] = d.Value
			note(d.Kind, d.Chip, d.Reason)
		case market.PullRelease:
			p.pull[d.Model] = d.Value
			note(d.Kind, d.Model, d.Reason)
		case market.SetTraining:
			p.training = d.Value
			note(d.Kind, 0, d.Reason)
		case market.RequestFunding:
			p.funding = d.Value
			note(d.Kind, 0, d.Reason)
		}
	}
	for i, b := range l.prices {
		if b == nil {
			p.prices[i] = 0
			continue
		}
		p.prices[i] = clamp(roundSig(p.prices[i], 3, 0), b)
	}
	var cost float64
	for c, b := range l.orders {
		if b == nil {
			p.orders[c] = 0
			continue
		}
		p.orders[c] = clamp(roundSig(math.Floor(p.orders[c]), 3, -1), b)
		cost += p.orders[c] * l.orderPrice[c]
	}
	if cost > l.budget {
		for c := range p.orders {
			p.orders[c] = roundSig(math.Floor(p.orders[c]*l.budget/cost), 3, -1)
		}
	}
	if l.rnd != nil {
		p.rnd = clamp(roundSig(p.rnd, 3, 0), l.rnd)
	}
	if l.training != nil {
		p.training = clamp(math.Round(p.training*100)/100, l.training)
	}
	if l.funding != nil {
		p.funding = clamp(roundSig(p.funding, 3, -1), l.funding)
	}
	for c, b := range l.chipPrices {
		if b != nil {
			p.chipPrices[c] = clamp(roundSig(p.chipPrices[c], 3, 0), b)
		}
	}
	for m, b := range l.pull {
		if b == nil {
			p.pull[m] = 0
			continue
		}
		p.pull[m] = clamp(math.Round(p.pull[m]), b)
	}
	return p
}

// templateWriter writes one team's template for round q.
type templateWriter struct {
	g    *Game
	w    io.Writer
	team string
	q    quarter
	s    *snapshot
	l    *limits
	p    *proposal
	b    *book // the game until the round begins
}

// writeTemplate writes team's template for round q from its snapshot s on
// the round's decision day and the game so far in b.
func (g *Game) writeTemplate(w io.Writer, team string, q quarter, s *snapshot, b *book) {
	l := limitsOf(g.cfg, s)
	t := &templateWriter{g: g, w: w, team: team, q: q, s: s, l: l, p: propose(g.cfg, s, l), b: b}
	t.header()
	fmt.Fprintf(w, "team: %s\nround: %d\nreason: \"\"   # one line: why you decided this; it goes into the event log and your report\n", team, q.Round)
	if s.Supplier {
		t.chipPrices()
		return
	}
	t.prices()
	if !s.Western {
		t.orders()
	}
	t.rnd()
	if !s.Western {
		t.training()
		t.funding()
	}
	t.openWeights()
	if s.Western {
		t.pull()
	}
}

func (t *templateWriter) printf(format string, args ...any) { fmt.Fprintf(t.w, format, args...) }

// comment writes text as comment lines of at most 88 columns, indented.
// A comment nested under a key, or a list item, hangs its later lines
// two columns in; a top-level paragraph does not.
func (t *templateWriter) comment(indent, text string) {
	cont := indent + "#"
	if indent != "" || strings.HasPrefix(text, "- ") {
		cont += "  "
	}
	line := indent + "#"
	for _, word := range strings.Fields(text) {
		if len(line) > len(cont) && len(line)+1+len(word) > 88 {
			t.printf("%s\n", line)
			line = cont
		}
		line += " " + word
	}
	t.printf("%s\n", line)
}

func (t *templateWriter) header() {
	g, q := t.g, t.q
	rule := "# " + strings.Repeat("-", 86) + "\n"
	t.printf("%s", rule)
	t.printf("# aicloudsim classroom game: round %d of %d for %s (%s)\n", q.Round, g.Rounds, g.Name(t.team), t.team)
	t.printf("# Your decisions apply on %s and play the quarter %s.\n#\n", g.date(q.From).Format(time.DateOnly), g.span(q))
	t.printf("# TO HAND IN: copy this file to %s in the game folder,\n", DecisionPath(q.Round, t.team))
	t.printf("# change what you want, save it and hand it in. If no file is there when the\n")
	t.printf("# round is played, the built-in strategy plays your company this round.\n#\n")
	t.comment("", "The values below are what the built-in strategy would do; change them. A key you delete "+
		"means: a price stays where it is, a chip is not ordered, R&D and chip prices stay where they are. "+
		"Numbers take units: $0.25/Mtok, 20K (20,000 chips), $3B, 60d.")
	t.printf("#\n# WHERE YOU STAND on %s\n", g.date(q.From).Format(time.DateOnly))
	for _, line := range t.standing() {
		t.comment("", "- "+line)
	}
	if news := t.news(); len(news) > 0 {
		t.printf("#\n# NEWS since the last round\n")
		for _, n := range news {
			t.comment("", "- "+n)
		}
	}
	t.printf("%s", rule)
}

// lastQuarter is the span before round q: the previous round, or the
// start of the scenario.
func (t *templateWriter) lastQuarter() (market.Day, market.Day) {
	if t.q.Round > 1 {
		return t.g.days[t.q.Round-2], t.q.From
	}
	return 0, t.q.From
}

// standing summarises the team's position in a few sentences.
func (t *templateWriter) standing() []string {
	g, s, b := t.g, t.s, t.b
	from, to := t.lastQuarter()
	span := g.date(from).Format(time.DateOnly) + " to " + g.date(to-1).Format(time.DateOnly)
	if s.Supplier {
		sales := b.sum(t.team, "", market.MetricRevenue, from, to)
		return []string{
			fmt.Sprintf("Last quarter (%s): China revenue %s, export fees %s, profit %s.", span, usd(or0(sales)),
				usd(or0(b.sum(t.team, "", market.MetricExportFees, from, to))), usd(or0(b.sum(t.team, "", market.MetricProfit, from, to)))),
			fmt.Sprintf("Share of the value of chips delivered in China over twelve months: %s.", pct(or0(b.last(t.team, "", market.MetricChinaShare, to)))),
		}
	}
	rev := b.sum(t.team, "", market.MetricRevenue, from, to)
	share := ratio(rev, b.sum(market.Market, "", market.MetricRevenue, from, to))
	lines := []string{
		fmt.Sprintf("Last quarter (%s): revenue %s, profit %s, %s of all paid-segment revenue.", span, usd(or0(rev)),
			usd(or0(b.sum(t.team, "", market.MetricProfit, from, to))), pct(or0(share))),
		fmt.Sprintf("Cash %s; with the parent's funding left, %s to spend on chips. R&D %s a year (the plan: %s).",
			usd(s.Cash), usd(s.CanPay), usd(s.RnD), usd(g.cfg.Providers[s.Self].RnDUSDYr)),
	}
	if !s.Western {
		var fleet, transit, dom float64
		for c, n := range s.Fleet {
			fleet += n
			transit += s.InTransit[c]
			if g.cfg.Chips[c].Origin == hardware.Domestic {
				dom += n
			}
		}
		lines = append(lines, fmt.Sprintf("Fleet %s chips (%s domestic), %s busy last month; %s more in transit. Capex plan %s a year.",
			count(fleet), pct(or0(ratio(dom, fleet))), pct(s.Utilisation), count(transit), usd(s.CapexBudget)))
	} else {
		lines = append(lines, "You serve Chinese buyers from abroad: no fleet to plan, limited access to Chinese buyers.")
	}
	return lines
}

// news lists the public events since the last round.
func (t *templateWriter) news() []string {
	from, to := t.lastQuarter()
	return publicNews(t.g, t.b.r.Log, from, to, 12)
}

// publicNews lists up to n public log entries in [from, to): releases,
// launches, policy, shocks and demand events.
func publicNews(g *Game, log []market.Entry, from, to market.Day, n int) []string {
	var out []string
	for _, e := range log {
		if e.Day < from || e.Day >= to {
			continue
		}
		switch e.Kind {
		case market.KindRelease, market.KindLaunch, market.KindPolicy, market.KindShock, market.KindDemand, market.KindPrice:
			out = append(out, g.date(e.Day).Format(time.DateOnly)+" "+e.Summary)
		}
	}
	if len(out) > n {
		more := len(out) - n
		out = append(out[:n], fmt.Sprintf("... and %d more (see the round reports)", more))
	}
	return out
}

func (t *templateWriter) prices() {
	g, s, l := t.g, t.s, t.l
	t.printf("\n# PRICES per unit in each paid segment you sell in; they apply from %s.\n", g.date(t.q.From).Format(time.DateOnly))
	t.printf("prices:\n")
	var none []string
	for seg, sd := range g.cfg.Segments {
		b := l.prices[seg]
		if b == nil {
			if sd.Kind == market.Paid {
				none = append(none, sd.ID)
			}
			continue
		}
		sv := s.Segments[seg]
		t.comment("  ", fmt.Sprintf("%s, per %s. Your price %s; your serving cost %s a unit at full load.",
			sd.Name, sd.Unit, price(sv.Price, sd.Unit), price(sv.Cost, sd.Unit)))
		t.comment("  ", fmt.Sprintf("You had %s of the volume and %s of the revenue last month; capability %.1f.",
			pct(sv.VolumeShare), pct(sv.RevShare), sv.Quality))
		rivals := slices.Clone(sv.Sellers)
		slices.SortStableFunc(rivals, func(a, b sellerView) int { return cmp.Compare(b.VolumeShare, a.VolumeShare) })
		t.printf("  #   Rivals:\n")
		for _, r := range rivals {
			if r.Provider == s.Self {
				continue
			}
			t.printf("  #     %-28s %-16s %5s of volume, capability %.1f\n", shortName(g.cfg.Providers[r.Provider].Name),
				price(r.Price, sd.Unit), pct(r.VolumeShare), r.Quality)
		}
		t.comment("  ", fmt.Sprintf("Average price paid: %s. Allowed: %s to %s (%s).", price(sv.Average, sd.Unit),
			price(b.Lo, sd.Unit), price(b.Hi, sd.Unit), b.Rule))
		if why := t.p.why[market.SetPrice][seg]; why != "" {
			t.comment("  ", "Built-in strategy: "+why)
		}
		t.printf("  %s: %s\n", sd.ID, price(t.p.prices[seg], sd.Unit))
	}
	if len(none) > 0 {
		t.comment("  ", "You sell in none of: "+strings.Join(none, ", ")+".")
	}
}

func (t *templateWriter) orders() {
	g, s, l := t.g, t.s, t.l
	t.printf("\n")
	t.comment("", "ORDERS: chips to order now, in units. Suppliers fill orders once a quarter; when buyers "+
		"ask for more than a supplier makes, every order is filled in the same proportion. Chips arrive after "+
		"the lead time and are paid for on delivery. Orders may cost at most your cash, "+usd(l.budget)+".")
	if s.DomesticMin > 0 {
		t.comment("", fmt.Sprintf("China's guidance: pair foreign chips with at least %s domestic chips. The game does not "+
			"enforce it (the built-in strategies follow it); state-linked buyers prefer clouds with domestic fleets.", pct(s.DomesticMin)))
	}
	t.printf("orders:\n")
	t.printf("  # %-14s %-8s %-5s %-22s %-18s %s\n", "chip", "price", "lead", "supplier makes", "you have (coming)", "allowed")
	var closed []string
	for c, ch := range g.cfg.Chips {
		o := s.Offers[c]
		b := l.orders[c]
		if b == nil {
			if o.Why != "no supplier" {
				closed = append(closed, fmt.Sprintf("%s (%s)", ch.ID, l.ordersWhy[c]))
			}
			continue
		}
		origin := "domestic"
		if o.Foreign {
			origin = fmt.Sprintf("%.0f%% US fee", 100*o.FeeRate)
		}
		t.printf("  # %-14s %-8s %-5s %-22s %-18s 0 to %s\n", ch.ID, usd(o.PriceUSD), fmt.Sprintf("%dd", o.LeadDays),
			fmt.Sprintf("%s (%s)", count(roundSig(o.Output, 3, -1)), origin), fmt.Sprintf("%s (%s)", count(s.Fleet[c]), count(s.InTransit[c])), count(b.Hi))
	}
	if len(closed) > 0 {
		t.comment("  ", "Not on offer to you now: "+strings.Join(closed, "; ")+".")
	}
	if why := t.p.why[market.OrderChips][0]; why != "" {
		t.comment("  ", "Built-in strategy: "+why)
	}
	for c, ch := range g.cfg.Chips {
		if n := t.p.orders[c]; n >= 1 {
			t.printf("  %s: %s\n", ch.ID, count(n))
		}
	}
}

func (t *templateWriter) rnd() {
	b := t.l.rnd
	t.printf("\n")
	t.comment("", fmt.Sprintf("R&D budget per year. Now %s; the plan is %s. Cumulative R&D above the plan raises the "+
		"capability of your next model release, and below the plan lowers it (with diminishing returns). Allowed: %s to %s.",
		usd(t.s.RnD), usd(t.g.cfg.Providers[t.s.Self].RnDUSDYr), usd(b.Lo), usd(b.Hi)))
	if why := t.p.why[market.SetRnD][0]; why != "" {
		t.comment("", "Built-in strategy: "+why)
	}
	t.printf("rnd: %s\n", usd(t.p.rnd))
}

func (t *templateWriter) openWeights() {
	t.printf("\n")
	t.comment("", "OPEN WEIGHTS: true publishes the weights of your next releases (developers worldwide adopt them and buyers "+
		"value openness, but rival clouds may serve them too); false keeps them closed. Leave it out to keep each model "+
		"as the scenario says.")
	t.printf("# open_weights: true\n")
}

func (t *templateWriter) training() {
	b := t.l.training
	t.printf("\n")
	t.comment("", fmt.Sprintf("TRAINING: the share of your fleet reserved for training your next models. Now %.0f%%. "+
		"Chips that train serve no buyers, but your next generation comes sooner and stronger with more training compute. "+
		"Allowed: %.0f%% to %.0f%%.", 100*t.s.Training, 100*b.Lo, 100*b.Hi))
	if why := t.p.why[market.SetTraining][0]; why != "" {
		t.comment("", "Built-in strategy: "+why)
	}
	t.printf("training: %.0f%%\n", 100*t.p.training)
}

func (t *templateWriter) funding() {
	b := t.l.funding
	t.printf("\n")
	t.comment("", fmt.Sprintf("FUNDING: what you ask your parent group for this round (your cash is %s; the parent will still fund %s). "+
		"Chip orders may cost at most your cash plus what the parent will still fund. Allowed: %s to %s.",
		usd(t.s.Cash), usd(t.s.FundingLeft), usd(b.Lo), usd(b.Hi)))
	if why := t.p.why[market.RequestFunding][0]; why != "" {
		t.comment("", "Built-in strategy: "+why)
	}
	t.printf("funding: %s\n", usd(t.p.funding))
}

func (t *templateWriter) pull() {
	g, s := t.g, t.s
	t.printf("\n")
	t.comment("", fmt.Sprintf("PULL a release forward: days to bring one of your unreleased models forward (0 to %d a round).", maxPullDays))
	t.printf("pull:\n")
	for _, m := range s.Unreleased {
		b := t.l.pull[m.Model]
		if b == nil {
			continue
		}
		md := g.cfg.Models[m.Model]
		t.comment("  ", fmt.Sprintf("%s (%s, capability %.1f): due %s. Allowed 0 to %gd.", md.ID, md.Name, md.Capability,
			g.date(m.Release).Format(time.DateOnly), b.Hi))
		if why := t.p.why[market.PullRelease][m.Model]; why != "" {
			t.comment("  ", "Built-in strategy: "+why)
		}
		if d := t.p.pull[m.Model]; d > 0 {
			t.printf("  %s: %gd\n", md.ID, d)
		}
	}
}

func (t *templateWriter) chipPrices() {
	g, s := t.g, t.s
	t.printf("\n")
	t.comment("", "CHIP PRICES for Chinese buyers, per unit. This round's orders are filled at the prices the buyers "+
		"saw; your new prices apply to the next round's orders. An owner buys its own supplier's chips at cost.")
	t.printf("chip_prices:\n")
	for _, cv := range s.Chips {
		ch := g.cfg.Chips[cv.Chip]
		b := t.l.chipPrices[cv.Chip]
		sell := "sellable in China now"
		switch {
		case !cv.Launched:
			sell = "not launched yet"
		case ch.Origin == hardware.Foreign && !cv.Policy.USAllowed:
			sell = "NOT sellable in China now: no US export licence"
		case ch.Origin == hardware.Foreign && !cv.Policy.Approved:
			sell = "NOT sellable in China now: China does not approve imports"
		}
		fee := ""
		if ch.Origin == hardware.Foreign {
			fee = fmt.Sprintf(" You pay the US a %.0f%% fee on China sales.", 100*cv.Policy.FeeRate)
			if cv.Policy.CapPerQuarter > 0 {
				fee += fmt.Sprintf(" US cap: %s a quarter.", count(cv.Policy.CapPerQuarter))
			}
		}
		t.comment("  ", fmt.Sprintf("%s: price %s (unit cost %s, list %s); %s.%s You make %s this quarter; last round's "+
			"orders were %s. Allowed: %s to %s.", ch.Name, usd(cv.Price), usd(cv.UnitCost), usd(cv.ListPrice), sell, fee,
			count(cv.Output), count(cv.Ordered), usd(b.Lo), usd(b.Hi)))
		if why := t.p.why[market.SetChipPrice][cv.Chip]; why != "" {
			t.comment("  ", "Built-in strategy: "+why)
		}
		t.printf("  %s: %s\n", ch.ID, usd(t.p.chipPrices[cv.Chip]))
	}
}

// shortName drops a long company name's parenthesis: "Western labs".
func shortName(name string) string {
	if i := strings.Index(name, " ("); i > 0 {
		return name[:i]
	}
	return name
}
