package classroom

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// The scorecard. Each team is measured against its benchmark: the same
// game, with the other teams' decisions as they were played, but with the
// team's own company played by its built-in strategy from the start. A
// measure scores the team's improvement over the benchmark in percent,
// clipped to ±maxPart; the score is the equally weighted mean of the
// measures, so a team that hands in nothing scores 0. docs/CLASSROOM.md
// explains it to teachers; change them together.
const maxPart = 100

// measures are a company's scorecard numbers at the end of a round.
type measures struct {
	Supplier bool
	// Share is a provider's share of all paid-segment revenue this
	// quarter, or a supplier's share of the value of chips delivered in
	// China over the last twelve months.
	Share float64
	// Profit and Revenue are summed since round 1 began, USD.
	Profit, Revenue float64
	// Cash is a provider's cash at the end of the round, USD.
	Cash float64
	// Capability is the mean capability index a provider offers in the
	// paid segments it sells in, at the end of the round.
	Capability float64
}

// measure computes company id's measures at the end of round q.
func (g *Game) measure(b *book, id string, q quarter) measures {
	start := g.days[0]
	m := measures{Supplier: g.isSupplier(id)}
	m.Profit = or0(b.sum(id, "", market.MetricProfit, start, q.To))
	m.Revenue = or0(b.sum(id, "", market.MetricRevenue, start, q.To))
	if m.Supplier {
		m.Share = or0(b.last(id, "", market.MetricChinaShare, q.To))
		return m
	}
	m.Share = or0(ratio(b.sum(id, "", market.MetricRevenue, q.From, q.To), b.sum(market.Market, "", market.MetricRevenue, q.From, q.To)))
	m.Cash = or0(b.last(id, "", market.MetricCash, q.To))
	var caps []float64
	for _, seg := range g.cfg.Segments {
		if seg.Kind != market.Paid {
			continue
		}
		if c := b.last(id, seg.ID, market.MetricCapability, q.To); !math.IsNaN(c) && c > 0 {
			caps = append(caps, c)
		}
	}
	for _, c := range caps {
		m.Capability += c / float64(len(caps))
	}
	return m
}

// part is one measure of a team's scorecard.
type part struct {
	Name       string
	Team, Auto float64
	Score      float64
	format     func(float64) string
}

// standing is a team's place on the leaderboard.
type standing struct {
	Team      string
	Score     float64
	Parts     []part
	Rank      int
	Submitted int // rounds played with the team's own file
}

// relative scores team against auto in percent of auto's size, clipped.
func relative(team, auto, scale float64) float64 {
	if scale == 0 {
		return 0
	}
	return math.Max(-maxPart, math.Min(maxPart, 100*(team-auto)/math.Abs(scale)))
}

// scorecard scores a team's measures against its benchmark's.
func scorecard(team, auto measures) []part {
	growth := func(t, a float64) float64 {
		if a == 0 { // from nothing, any gain is the most there is
			switch {
			case t > 0:
				return maxPart
			case t < 0:
				return -maxPart
			}
			return 0
		}
		return relative(t, a, a)
	}
	parts := []part{
		{Name: "Share", Team: team.Share, Auto: auto.Share, Score: growth(team.Share, auto.Share), format: pct},
		{Name: "Profit", Team: team.Profit, Auto: auto.Profit, Score: relative(team.Profit, auto.Profit, auto.Revenue), format: usd},
	}
	if team.Supplier {
		return append(parts, part{Name: "Revenue", Team: team.Revenue, Auto: auto.Revenue, Score: growth(team.Revenue, auto.Revenue), format: usd})
	}
	cashScale := auto.Cash
	if cashScale <= 0 {
		cashScale = auto.Revenue
	}
	return append(parts,
		part{Name: "Cash", Team: team.Cash, Auto: auto.Cash, Score: relative(team.Cash, auto.Cash, cashScale), format: usd},
		part{Name: "Capability", Team: team.Capability, Auto: auto.Capability, Score: growth(team.Capability, auto.Capability),
			format: func(x float64) string { return fmt.Sprintf("%.1f", x) }})
}

// standings ranks the teams after round q.
func (g *Game) standings(b *book, bench map[string]*book, q quarter, played []Played) []standing {
	var out []standing
	for _, team := range g.Teams {
		st := standing{Team: team, Parts: scorecard(g.measure(b, team, q), g.measure(bench[team], team, q))}
		for _, p := range st.Parts {
			st.Score += p.Score / float64(len(st.Parts))
		}
		st.Score = math.Round(st.Score*10) / 10
		for _, p := range played {
			if _, ok := p.Files[team]; ok {
				st.Submitted++
			}
		}
		out = append(out, st)
	}
	order := slices.Clone(out)
	slices.SortStableFunc(order, func(a, b standing) int { return cmp.Compare(b.Score, a.Score) })
	for i := range order {
		order[i].Rank = i + 1
		if i > 0 && order[i].Score == order[i-1].Score {
			order[i].Rank = order[i-1].Rank
		}
	}
	return order
}

// writeLeaderboard writes the class leaderboard after round q.
func (g *Game) writeLeaderboard(w io.Writer, st []standing, b *book, q quarter) {
	fmt.Fprintf(w, "# Leaderboard after round %d of %d\n\n", q.Round, g.Rounds)
	fmt.Fprintf(w, "Round %d was the quarter %s. Scenario `%s`, seed %d.\n\n", q.Round, g.span(q), g.cfg.Name, g.Seed)
	fmt.Fprintf(w, "Every team is measured against its **benchmark**: the same game, with the other teams' decisions as they were played, "+
		"but with the team's own company played by the built-in strategy from the start. Each measure scores the improvement over the "+
		"benchmark in percent (clipped to ±%d); the score is their average, each measure weighted equally. "+
		"0 means \"exactly as well as the built-in strategy would have done\"; a team that hands in nothing scores 0.\n\n", maxPart)
	fmt.Fprintln(w, "| Rank | Team | Score | Share | Profit | Cash (or revenue) | Capability | Rounds handed in |")
	fmt.Fprintln(w, "|--:|---|--:|--:|--:|--:|--:|--:|")
	for _, s := range st {
		cells := []string{fmt.Sprint(s.Rank), cell(g.Name(s.Team)) + " (`" + s.Team + "`)", "**" + signed(s.Score) + "**"}
		for i := range 4 {
			if i < len(s.Parts) {
				cells = append(cells, signed(s.Parts[i].Score))
			} else {
				cells = append(cells, "—")
			}
		}
		cells = append(cells, fmt.Sprintf("%d of %d", s.Submitted, q.Round))
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	fmt.Fprintln(w, "\n## The measures, team against benchmark")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Team | Measure | Team | Benchmark | Score |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|")
	for _, s := range st {
		for _, p := range s.Parts {
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", s.Team, p.Name, p.format(p.Team), p.format(p.Auto), signed(p.Score))
		}
	}
	fmt.Fprintln(w, "\nFor a provider: **share** is its share of all paid-segment revenue this quarter; **profit** is summed since round 1 "+
		"and scored as the change in percent of the benchmark's revenue since round 1 (margin points); **cash** is at the end of the round; "+
		"**capability** is the mean capability index it offers in its paid segments. A chip supplier has no cash or capability in the model: "+
		"its **share** is of the value of chips delivered in China over twelve months, and **revenue** since round 1 takes the place of cash; "+
		"its score is the mean of its three measures.")
	g.writeMarket(w, b, q)
}

// writeMarket writes every company's public numbers after round q.
func (g *Game) writeMarket(w io.Writer, b *book, q quarter) {
	fmt.Fprintf(w, "\n## The whole market at %s (public numbers)\n\n", g.date(q.To-1).Format("2006-01-02"))
	fmt.Fprintln(w, "| Company | Played by | Revenue share this quarter | Revenue since round 1 | Profit since round 1 | Cash | Capability |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|--:|")
	for _, p := range g.cfg.Providers {
		m := g.measure(b, p.ID, q)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %.1f |\n", cell(p.Name), g.playedBy(p.ID), pct(m.Share), usd(m.Revenue), usd(m.Profit), usd(m.Cash), m.Capability)
	}
	fmt.Fprintln(w, "\n| Chip supplier | Played by | China share (12 months, by value) | Revenue since round 1 | Profit since round 1 |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|")
	for _, s := range g.cfg.Suppliers {
		m := g.measure(b, s.ID, q)
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", cell(s.Name), g.playedBy(s.ID), pct(m.Share), usd(m.Revenue), usd(m.Profit))
	}
}

// playedBy says who plays company id.
func (g *Game) playedBy(id string) string {
	if slices.Contains(g.Teams, id) {
		return "team `" + id + "`"
	}
	return "built-in"
}

// leaderboardColumns describes the columns of leaderboard.csv for its
// data package.
var leaderboardColumns = map[string]reports.Field{
	"round":           {Type: "integer", Description: "round number, from 1"},
	"date":            {Type: "date", Description: "last day of the round"},
	"team":            {Type: "string", Description: "team, named after the company it plays"},
	"rank":            {Type: "integer", Description: "the team's rank after the round, 1 best"},
	"score":           {Type: "number", Unit: "points", Description: "the team's score"},
	"measure":         {Type: "string", Description: "measure the row scores"},
	"team_value":      {Type: "number", Unit: "the measure's unit", Description: "the team's value of the measure"},
	"benchmark_value": {Type: "number", Unit: "the measure's unit", Description: "the measure with the company on its built-in strategy"},
	"measure_score":   {Type: "number", Unit: "points", Description: "the team's points for the measure"},
}

// writeLeaderboardCSV writes the scorecard in tidy form.
func (g *Game) writeLeaderboardCSV(w io.Writer, st []standing, q quarter) {
	fmt.Fprintln(w, "round,date,team,rank,score,measure,team_value,benchmark_value,measure_score")
	date := g.date(q.To - 1).Format("2006-01-02")
	for _, s := range st {
		for _, p := range s.Parts {
			fmt.Fprintf(w, "%d,%s,%s,%d,%.1f,%s,%g,%g,%.2f\n", q.Round, date, s.Team, s.Rank, s.Score,
				strings.ToLower(p.Name), p.Team, p.Auto, p.Score)
		}
	}
}
