package classroom

import (
	"errors"
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// plays are the accepted decisions of the game: by team, then by round.
type plays map[string]map[int][]market.Decision

// replayed is one replay of the game.
type replayed struct {
	res *market.Result
	// snaps holds every team's snapshot on each captured day.
	snaps map[market.Day]map[string]*snapshot
}

// replay runs the game from the start with the decisions in ps until day
// end (exclusive), keeping every team's snapshot on the decision days in
// capture (each at most end). The result is cut at end: a replay that
// captures end runs one day further to reach that day's decisions, and
// that day is not reported.
func (g *Game) replay(ps plays, end market.Day, capture ...market.Day) (*replayed, error) {
	cfg, builtins, err := g.opened.Build()
	if err != nil {
		return nil, badInput(err)
	}
	days := int(end)
	for _, d := range capture {
		days = max(days, int(d)+1)
	}
	c := *cfg
	c.Days = min(days, cfg.Days)
	var agents []market.Agent
	teams := map[string]*scripted{}
	for _, id := range g.Teams {
		teams[id] = &scripted{id: id, supplier: g.isSupplier(id), days: g.days, plays: ps[id], capture: capture}
	}
	for _, a := range builtins {
		if t, ok := teams[a.ID()]; ok {
			t.builtin = a
			continue
		}
		agents = append(agents, a)
	}
	for _, id := range g.Teams {
		agents = append(agents, teams[id])
	}
	res, err := market.Run(&c, agents, market.Options{Seed: g.Seed})
	if err != nil {
		if errors.Is(err, market.ErrConfig) {
			return nil, badInput(err)
		}
		return nil, fmt.Errorf("replaying the game: %w", err)
	}
	out := &replayed{res: cut(res, end), snaps: map[market.Day]map[string]*snapshot{}}
	for _, d := range capture {
		out.snaps[d] = map[string]*snapshot{}
		for id, t := range teams {
			if s := t.snaps[d]; s != nil {
				out.snaps[d][id] = s
			}
		}
	}
	return out, nil
}

// without returns ps without team's decisions: the game as the other
// teams played it, with team's company played by its built-in strategy
// from the start.
func (ps plays) without(team string) plays {
	out := plays{}
	for t, rounds := range ps {
		if t != team {
			out[t] = rounds
		}
	}
	return out
}

// cut returns r without anything on or after day end.
func cut(r *market.Result, end market.Day) *market.Result {
	if r.Days <= int(end) {
		return r
	}
	c := *r
	c.Days = int(end)
	c.Months, c.Records, c.Log = nil, nil, nil
	for _, d := range r.Months {
		if d < end {
			c.Months = append(c.Months, d)
		}
	}
	for _, x := range r.Records {
		if x.Day < end {
			c.Records = append(c.Records, x)
		}
	}
	for _, e := range r.Log {
		if e.Day < end {
			c.Log = append(c.Log, e)
		}
	}
	return &c
}

// isSupplier reports whether company id is a chip supplier.
func (g *Game) isSupplier(id string) bool {
	for _, s := range g.cfg.Suppliers {
		if s.ID == id {
			return true
		}
	}
	return false
}

// providerIndex and supplierIndex return a company's index, −1 if none.
func (g *Game) providerIndex(id string) int {
	for i, p := range g.cfg.Providers {
		if p.ID == id {
			return i
		}
	}
	return -1
}

func (g *Game) supplierIndex(id string) int {
	for i, s := range g.cfg.Suppliers {
		if s.ID == id {
			return i
		}
	}
	return -1
}
