package classroom

import (
	"slices"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// scripted plays one team's company. On the decision day of a round for
// which the team's file was accepted it returns that file's decisions;
// on every other decision day (the start day, a round without a file) it
// returns what the company's built-in strategy decides. The built-in
// strategy is asked at every decision, whoever plays, so that its own
// state (a belief about export bans, say) follows the game and its
// proposal can be shown to the team. (A Western strategy that proposed a
// pull the team did not make remembers it as made and will not propose it
// again.)
type scripted struct {
	id       string
	supplier bool
	builtin  market.Agent // nil if the scenario gives the company none: it holds its prices and orders nothing
	days     []market.Day // the decision day of round k is days[k-1]
	plays    map[int][]market.Decision

	// capture lists the days on which to keep a snapshot of the view.
	capture []market.Day
	snaps   map[market.Day]*snapshot
}

// ID implements market.Agent.
func (a *scripted) ID() string { return a.id }

// Decide implements market.Agent.
func (a *scripted) Decide(v *market.View) []market.Decision {
	var proposal []market.Decision
	if a.builtin != nil {
		proposal = a.builtin.Decide(v)
	}
	if slices.Contains(a.capture, v.Day()) {
		if a.snaps == nil {
			a.snaps = map[market.Day]*snapshot{}
		}
		a.snaps[v.Day()] = capture(v, a.supplier, proposal)
	}
	if k := slices.Index(a.days, v.Day()) + 1; k > 0 {
		if d, ok := a.plays[k]; ok {
			return d
		}
	}
	return proposal
}
