package classroom

import (
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// decisionDays lists the quarterly decision days after the start day, as
// the market schedules them: the first of January, April, July and October
// within the horizon. Round k is decided on decisionDays(cfg)[k-1].
func decisionDays(cfg *market.Config) []market.Day {
	cal := market.Calendar{Start: cfg.Start}
	var out []market.Day
	for _, d := range cal.MonthStarts(cfg.Days) {
		if t := cal.Date(d); d > 0 && t.Day() == 1 && (t.Month()-1)%3 == 0 {
			out = append(out, d)
		}
	}
	return out
}

// quarter is the span of one round: decided on From, played until To
// (exclusive), the next round's decision day or the end of the scenario.
type quarter struct {
	Round    int
	From, To market.Day
}

// quarterOf returns round k's span; k counts from 1.
func (g *Game) quarterOf(k int) quarter {
	to := market.Day(g.cfg.Days)
	if k < len(g.days) {
		to = g.days[k]
	}
	return quarter{Round: k, From: g.days[k-1], To: to}
}

// date is the calendar date of day d of the game's scenario.
func (g *Game) date(d market.Day) time.Time { return market.Calendar{Start: g.cfg.Start}.Date(d) }

// span formats a round's dates: 2026-04-01 to 2026-06-30.
func (g *Game) span(q quarter) string {
	return g.date(q.From).Format(time.DateOnly) + " to " + g.date(q.To-1).Format(time.DateOnly)
}
