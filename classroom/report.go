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

// roundReport is what one team's report of round q is made from.
type roundReport struct {
	g         *Game
	w         io.Writer
	team      string
	q         quarter
	b         *book           // the game until the end of the round
	start     *snapshot       // the team's view on the round's decision day
	end       *snapshot       // on the next decision day; nil after the scenario's last
	submitted bool            // the team's file was played
	handedIn  map[string]bool // the teams whose files were played this round
	standing  *standing       // the team's place on the leaderboard
	teams     int             // how many teams play
	self      int             // provider or supplier index
	supplier  bool
}

// writeReport writes team's report of round q.
func (r *roundReport) write() {
	g, q := r.g, r.q
	r.printf("# Round %d report: %s\n\n", q.Round, g.Name(r.team))
	r.printf("Round %d of %d: the quarter %s. Scenario `%s`, seed %d. Your team plays `%s`.\n\n", q.Round, g.Rounds, g.span(q), g.cfg.Name, g.Seed, r.team)
	if r.submitted {
		r.printf("**Your decision file was played** (`%s`).\n\n", DecisionPath(q.Round, r.team))
	} else {
		r.printf("**No decisions received: the built-in strategy played.** Nothing valid was in `%s` when the round was played, so your company followed its built-in strategy, as below.\n\n", DecisionPath(q.Round, r.team))
	}
	r.decisions()
	if r.supplier {
		r.supplierNumbers()
		r.suppliers()
	} else {
		r.providerNumbers()
		if !r.end.western() {
			r.fleet()
		}
		r.rivals()
	}
	r.everyone()
	r.news()
	r.score()
}

func (r *roundReport) printf(format string, args ...any) { fmt.Fprintf(r.w, format, args...) }

// western reports whether the snapshot is a Western lab's (false for nil).
func (s *snapshot) western() bool { return s != nil && s.Western }

// decisions lists what the company decided on the round's decision day.
func (r *roundReport) decisions() {
	g, q := r.g, r.q
	r.printf("## What was decided on %s\n\n", g.date(q.From).Format(time.DateOnly))
	var causes []string
	byCause := map[string][]string{}
	for _, e := range r.b.r.Log {
		if e.Day != q.From || e.Kind != market.KindDecision || e.Actor != r.team {
			continue
		}
		if _, ok := byCause[e.Cause]; !ok {
			causes = append(causes, e.Cause)
		}
		byCause[e.Cause] = append(byCause[e.Cause], e.Summary)
	}
	if len(causes) == 0 {
		r.printf("Nothing changed: prices held, no chips were ordered, R&D stayed where it was.\n\n")
	}
	for _, c := range causes {
		for _, s := range byCause[c] {
			r.printf("- %s\n", s)
		}
		if c != "" {
			r.printf("\n  Why: %s\n", c)
		}
		r.printf("\n")
	}
	if r.submitted && r.start != nil {
		var alt []string
		for _, d := range r.start.Proposal {
			alt = append(alt, g.describe(d))
		}
		if len(alt) == 0 {
			alt = []string{"changed nothing"}
		}
		r.printf("For comparison, the built-in strategy would have: %s.\n\n", strings.Join(alt, "; "))
	}
}

// describe says what a decision does, briefly.
func (g *Game) describe(d market.Decision) string {
	switch d.Kind {
	case market.SetPrice:
		seg := g.cfg.Segments[d.Segment]
		return fmt.Sprintf("%s price %s", seg.ID, price(d.Value, seg.Unit))
	case market.OrderChips:
		return fmt.Sprintf("ordered %s %s", count(d.Value), g.cfg.Chips[d.Chip].ID)
	case market.SetRnD:
		return fmt.Sprintf("R&D %s a year", usd(d.Value))
	case market.SetChipPrice:
		return fmt.Sprintf("%s at %s", g.cfg.Chips[d.Chip].ID, usd(d.Value))
	case market.PullRelease:
		return fmt.Sprintf("pulled %s forward %g days", g.cfg.Models[d.Model].ID, d.Value)
	case market.SetTraining:
		return fmt.Sprintf("training share %.0f%% of the fleet", 100*d.Value)
	case market.RequestFunding:
		return fmt.Sprintf("asked the parent for %s", usd(d.Value))
	case market.ExitSegment:
		return fmt.Sprintf("left %s", g.cfg.Segments[d.Segment].ID)
	case market.SetOpenWeights:
		if d.Value == 1 {
			return "next releases with open weights"
		}
		return "next releases with closed weights"
	}
	return d.Kind.String()
}

// spans are the report's three columns: this quarter, the last one and
// everything since round 1.
func (r *roundReport) spans() [3][2]market.Day {
	last := market.Day(0)
	if r.q.Round > 1 {
		last = r.g.days[r.q.Round-2]
	}
	return [3][2]market.Day{{r.q.From, r.q.To}, {last, r.q.From}, {r.g.days[0], r.q.To}}
}

// row writes a table row of a summed series over the three spans.
func (r *roundReport) row(label string, f func(from, to market.Day) string) {
	cells := []string{label}
	for _, s := range r.spans() {
		cells = append(cells, f(s[0], s[1]))
	}
	r.printf("| %s |\n", strings.Join(cells, " | "))
}

func (r *roundReport) providerNumbers() {
	b, id := r.b, r.team
	r.printf("## Your numbers\n\n")
	r.printf("| | This quarter | Last quarter | Since round 1 |\n|---|--:|--:|--:|\n")
	r.row("Revenue", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricRevenue, f, t)) })
	r.row("Profit", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricProfit, f, t)) })
	r.row("Share of all paid-segment revenue", func(f, t market.Day) string {
		return pct(ratio(b.sum(id, "", market.MetricRevenue, f, t), b.sum(market.Market, "", market.MetricRevenue, f, t)))
	})
	r.row("Cash at the end", func(_, t market.Day) string { return usd(b.last(id, "", market.MetricCash, t)) })
	if !r.end.western() {
		r.row("Fleet utilisation (monthly average)", func(f, t market.Day) string { return pct(b.mean(id, "", market.MetricUtilisation, f, t)) })
	}
	r.row("R&D spent", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricRnD, f, t)) })
	r.printf("\n### By segment, this quarter\n\n")
	r.printf("| Segment | Your price at the end | Serving cost | Volume | Demand served | Volume share | Revenue share | Revenue | Capability |\n")
	r.printf("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n")
	sp := r.spans()
	for _, seg := range r.g.cfg.Segments {
		if math.IsNaN(b.sum(id, seg.ID, market.MetricVolume, sp[0][0], sp[0][1])) {
			continue
		}
		r.printf("| %s | %s | %s | %s | %s | %s (%s) | %s | %s | %.1f |\n", cell(seg.Name),
			r.segPrice(seg, id), r.segCost(seg, id), r.segVolume(seg, id, sp[0]), r.served(seg, id, sp[0]),
			pct(r.volumeShare(id, seg.ID, sp[0])), pp(r.volumeShare(id, seg.ID, sp[0])-r.volumeShare(id, seg.ID, sp[1])),
			r.revShare(id, seg, sp[0]), r.segRevenue(id, seg, sp[0]),
			or0(b.last(id, seg.ID, market.MetricCapability, r.q.To)))
	}
	r.printf("\nVolume is what buyers were served over the quarter (users: the monthly average); demand served is how much of what " +
		"buyers wanted from you your fleet could serve (the rest went to rivals with spare capacity, or unserved); volume share is " +
		"your share of all that was served, with the change against the last quarter.\n\n")
}

// segVolume is the volume served in a segment over span s.
func (r *roundReport) segVolume(seg market.Segment, id string, s [2]market.Day) string {
	switch seg.Kind {
	case market.Paid:
		return count(r.b.sum(id, seg.ID, market.MetricVolume, s[0], s[1])) + " " + cell(seg.Unit)
	case market.Users:
		return count(r.b.mean(id, seg.ID, market.MetricVolume, s[0], s[1])) + " " + cell(seg.Unit)
	}
	return "—"
}

// served is the share of the demand for company id in a segment that it
// served over span s.
func (r *roundReport) served(seg market.Segment, id string, s [2]market.Day) string {
	if seg.Kind == market.Adoption {
		return "—"
	}
	return pct(ratio(r.b.sum(id, seg.ID, market.MetricVolume, s[0], s[1]), r.b.sum(id, seg.ID, market.MetricDemand, s[0], s[1])))
}

func (r *roundReport) segPrice(seg market.Segment, id string) string {
	if seg.Kind != market.Paid {
		return "—"
	}
	return price(r.b.last(id, seg.ID, market.MetricPrice, r.q.To), seg.Unit)
}

func (r *roundReport) segCost(seg market.Segment, id string) string {
	c := r.b.last(id, seg.ID, market.MetricServingCost, r.q.To)
	if seg.Kind != market.Paid || math.IsNaN(c) {
		return "—"
	}
	return price(c, seg.Unit)
}

func (r *roundReport) segRevenue(id string, seg market.Segment, s [2]market.Day) string {
	if seg.Kind != market.Paid {
		return "—"
	}
	return usd(r.b.sum(id, seg.ID, market.MetricRevenue, s[0], s[1]))
}

func (r *roundReport) revShare(id string, seg market.Segment, s [2]market.Day) string {
	if seg.Kind != market.Paid {
		return "—"
	}
	return pct(ratio(r.b.sum(id, seg.ID, market.MetricRevenue, s[0], s[1]), r.b.sum(market.Market, seg.ID, market.MetricSpend, s[0], s[1])))
}

// volumeShare is company id's share of segment seg's served volume over s.
func (r *roundReport) volumeShare(id, seg string, s [2]market.Day) float64 {
	return ratio(r.b.sum(id, seg, market.MetricVolume, s[0], s[1]), r.b.sum(market.Market, seg, market.MetricVolume, s[0], s[1]))
}

func (r *roundReport) fleet() {
	g, b, id, q := r.g, r.b, r.team, r.q
	r.printf("### Your fleet at the end of the quarter (private)\n\n")
	r.printf("| Chip | Origin | In service | Change this quarter | Ordered and on the way |\n|---|---|--:|--:|--:|\n")
	var before, after float64
	for c, ch := range g.cfg.Chips {
		now := or0(b.last(id, ch.ID, market.MetricFleet, q.To))
		was := or0(b.last(id, ch.ID, market.MetricFleet, q.From))
		coming := 0.0
		if r.end != nil {
			coming = r.end.InTransit[c]
		}
		if now == 0 && was == 0 && coming == 0 {
			continue
		}
		before += was
		after += now
		r.printf("| %s | %s | %s | %s | %s |\n", cell(ch.Name), ch.Origin, count(now), change(now-was), count(coming))
	}
	r.printf("| All | | %s | %s | |\n\n", count(after), change(after-before))
	r.printf("Domestic chips are %s of the fleet.", pct(or0(b.last(id, "", market.MetricDomestic, q.To))))
	var got []string
	for _, e := range b.r.Log {
		if e.Kind == market.KindDelivery && e.Actor == id && e.Day >= q.From && e.Day < q.To {
			got = append(got, g.date(e.Day).Format(time.DateOnly)+": "+e.Summary)
		}
	}
	if len(got) == 0 {
		r.printf(" No chips were delivered this quarter.\n\n")
		return
	}
	r.printf(" Deliveries this quarter:\n\n")
	for _, s := range got {
		r.printf("- %s\n", s)
	}
	r.printf("\n")
}

// rivals writes every paid segment the team sells in as the rivals see it.
func (r *roundReport) rivals() {
	g, b, q := r.g, r.b, r.q
	r.printf("## Your rivals (public numbers)\n\n")
	r.printf("Prices, shares and capability are public; rivals' fleets, orders, costs and R&D are not.\n\n")
	sp := r.spans()
	for _, seg := range g.cfg.Segments {
		if seg.Kind != market.Paid || math.IsNaN(b.sum(r.team, seg.ID, market.MetricVolume, q.From, q.To)) {
			continue
		}
		r.printf("### %s (per %s)\n\n", seg.Name, seg.Unit)
		r.printf("| Company | Price at the end | Price change | Volume share | Revenue share | Capability |\n|---|--:|--:|--:|--:|--:|\n")
		type row struct {
			id    string
			share float64
		}
		var rows []row
		for _, p := range g.cfg.Providers {
			if vs := r.volumeShare(p.ID, seg.ID, sp[0]); !math.IsNaN(vs) && !math.IsNaN(b.last(p.ID, seg.ID, market.MetricPrice, q.To)) {
				rows = append(rows, row{p.ID, vs})
			}
		}
		slices.SortStableFunc(rows, func(a, c row) int { return cmp.Compare(c.share, a.share) })
		for _, x := range rows {
			name := cell(shortName(g.Name(x.id)))
			if x.id == r.team {
				name = "**" + name + " (you)**"
			}
			now, was := b.last(x.id, seg.ID, market.MetricPrice, q.To), b.last(x.id, seg.ID, market.MetricPrice, q.From)
			change := "—"
			if !math.IsNaN(was) && was > 0 {
				change = fmt.Sprintf("%+.0f%%", 100*(now/was-1))
			}
			r.printf("| %s | %s | %s | %s | %s | %.1f |\n", name, price(now, seg.Unit), change, pct(x.share),
				r.revShare(x.id, seg, sp[0]), or0(b.last(x.id, seg.ID, market.MetricCapability, q.To)))
		}
		r.printf("\n")
	}
}

// everyone writes every company's quarter: the numbers companies file.
func (r *roundReport) everyone() {
	g, b, q := r.g, r.b, r.q
	r.printf("## Every company's quarter (public filings)\n\n")
	r.printf("| Company | Played by | Revenue | Share of paid revenue | Profit | Cash at the end |\n|---|---|--:|--:|--:|--:|\n")
	for _, p := range g.cfg.Providers {
		rev := b.sum(p.ID, "", market.MetricRevenue, q.From, q.To)
		name := cell(shortName(p.Name))
		if p.ID == r.team {
			name = "**" + name + " (you)**"
		}
		r.printf("| %s | %s | %s | %s | %s | %s |\n", name, r.playedBy(p.ID), usd(rev),
			pct(ratio(rev, b.sum(market.Market, "", market.MetricRevenue, q.From, q.To))),
			usd(b.sum(p.ID, "", market.MetricProfit, q.From, q.To)), usd(b.last(p.ID, "", market.MetricCash, q.To)))
	}
	r.printf("\n")
}

func (r *roundReport) supplierNumbers() {
	b, id := r.b, r.team
	r.printf("## Your numbers\n\n")
	r.printf("| | This quarter | Last quarter | Since round 1 |\n|---|--:|--:|--:|\n")
	r.row("China revenue (chips delivered)", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricRevenue, f, t)) })
	r.row("Export fees paid to the US", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricExportFees, f, t)) })
	r.row("Profit (sales − cost − fees)", func(f, t market.Day) string { return usd(b.sum(id, "", market.MetricProfit, f, t)) })
	r.row("Share of China's chip deliveries (12 months, by value), at the end", func(_, t market.Day) string {
		return pct(b.last(id, "", market.MetricChinaShare, t))
	})
	r.printf("\n### By chip\n\n")
	r.printf("| Chip | Price at the end | Unit cost | Delivered this quarter | Ordered at this round | Made this quarter | Rules at the end |\n")
	r.printf("|---|--:|--:|--:|--:|--:|---|\n")
	sc := r.g.cfg.Suppliers[r.self]
	for k, c := range sc.Chips {
		ch := r.g.cfg.Chips[c]
		ordered, made, rules := "n/a", "n/a", "—"
		if r.end != nil {
			ordered = count(r.end.Chips[k].Ordered)
			rules = policyText(ch, r.end.Chips[k].Policy)
		}
		if r.start != nil {
			made = count(r.start.Chips[k].Output)
		}
		r.printf("| %s | %s | %s | %s | %s | %s | %s |\n", cell(ch.Name), usd(b.last(id, ch.ID, market.MetricChipPrice, r.q.To)),
			usd(sc.UnitCost[k]), count(or0(b.sum(id, ch.ID, market.MetricUnitsSold, r.q.From, r.q.To))), ordered, made, rules)
	}
	r.printf("\nWhen buyers order more than you make, every order is filled in the same proportion; unfilled orders lapse.\n\n")
}

// playedBy says who played company id this round.
func (r *roundReport) playedBy(id string) string {
	if slices.Contains(r.g.Teams, id) && !r.handedIn[id] {
		return "team `" + id + "` (built-in this round)"
	}
	return r.g.playedBy(id)
}

// change formats a change in a number of things: +16.6K, -3, 0.
func change(x float64) string {
	if math.Abs(x) < 0.5 {
		return "0"
	}
	if x > 0 {
		return "+" + count(x)
	}
	return "-" + count(-x)
}

// policyText describes a chip's rules for China.
func policyText(ch hardware.Chip, p market.ChipPolicy) string {
	if ch.Origin == hardware.Domestic {
		return "domestic: no export rules"
	}
	var parts []string
	if p.USAllowed {
		parts = append(parts, fmt.Sprintf("US licence (%.0f%% fee)", 100*p.FeeRate))
	} else {
		parts = append(parts, "no US licence")
	}
	if p.Approved {
		parts = append(parts, "China approves")
	} else {
		parts = append(parts, "China does not approve")
	}
	if p.Discouraged {
		parts = append(parts, "Beijing's guidance discourages it")
	}
	if p.CapPerQuarter > 0 {
		parts = append(parts, "cap "+count(p.CapPerQuarter)+"/quarter")
	}
	return strings.Join(parts, ", ")
}

// suppliers writes the chip suppliers' public numbers.
func (r *roundReport) suppliers() {
	g, b, q := r.g, r.b, r.q
	r.printf("## The chip suppliers (public numbers)\n\n")
	r.printf("| Supplier | China revenue this quarter | Chips delivered | China share at the end | Prices at the end |\n|---|--:|--:|--:|---|\n")
	for _, s := range g.cfg.Suppliers {
		var units float64
		var prices []string
		for _, c := range s.Chips {
			units += or0(b.sum(s.ID, g.cfg.Chips[c].ID, market.MetricUnitsSold, q.From, q.To))
			prices = append(prices, g.cfg.Chips[c].ID+" "+usd(b.last(s.ID, g.cfg.Chips[c].ID, market.MetricChipPrice, q.To)))
		}
		name := cell(s.Name)
		if s.ID == r.team {
			name = "**" + name + " (you)**"
		}
		r.printf("| %s | %s | %s | %s | %s |\n", name, usd(b.sum(s.ID, "", market.MetricRevenue, q.From, q.To)), count(units),
			pct(b.last(s.ID, "", market.MetricChinaShare, q.To)), strings.Join(prices, ", "))
	}
	r.printf("\n")
}

func (r *roundReport) news() {
	news := publicNews(r.g, r.b.r.Log, r.q.From, r.q.To, 30)
	r.printf("## News this quarter\n\n")
	if len(news) == 0 {
		r.printf("No releases, launches or policy changes.\n\n")
	}
	for _, n := range news {
		r.printf("- %s\n", n)
	}
	if len(news) > 0 {
		r.printf("\n")
	}
}

func (r *roundReport) score() {
	s := r.standing
	if s == nil {
		return
	}
	r.printf("## Your score\n\n")
	r.printf("Rank %d of %d teams, score **%s**: the average of your improvements over your benchmark, the same game with your company "+
		"played by the built-in strategy from the start and the other teams as they played (see `leaderboard.md`).\n\n",
		s.Rank, r.teams, signed(s.Score))
	r.printf("| Measure | You | Benchmark | Score |\n|---|--:|--:|--:|\n")
	for _, p := range s.Parts {
		r.printf("| %s | %s | %s | %s |\n", p.Name, p.format(p.Team), p.format(p.Auto), signed(p.Score))
	}
	r.printf("\n")
}
