package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// RnD is a provider's R&D rule: when a domestic rival's model leads the
// provider's best in a segment by more than Trigger capability points (the
// Western frontier, out of reach of Chinese buyers, does not count), the budget rises
// by Step a quarter, up to MaxMultiple times the scenario's budget; when the
// provider leads by as much, it eases back toward the scenario's budget. The
// market turns R&D above or below plan into capability at the next release.
type RnD struct {
	Segment     string // segment whose capability race drives R&D, e.g. llm-api
	Trigger     float64
	Step        float64
	MaxMultiple float64
}

// decide returns the R&D decision, if any.
func (r RnD) decide(v *market.View) (market.Decision, bool) {
	cfg := v.Config()
	self := v.Self()
	s := -1
	for i, seg := range cfg.Segments {
		if seg.ID == r.Segment {
			s = i
		}
	}
	if s < 0 || !v.Offers(self, s) || r.Step <= 0 {
		return market.Decision{}, false
	}
	own := v.Quality(self, s)
	lead, who := math.Inf(-1), -1
	for p := range cfg.Providers {
		if p != self && !cfg.Providers[p].Western && v.Offers(p, s) && v.Quality(p, s)-own > lead {
			lead, who = v.Quality(p, s)-own, p
		}
	}
	plan := cfg.Providers[self].RnDUSDYr
	cur := v.RnD(self)
	next, why := cur, ""
	switch {
	case lead > r.Trigger:
		next = math.Min(cur*(1+r.Step), plan*math.Max(1, r.MaxMultiple))
		why = fmt.Sprintf("%s leads %s by %.1f points", cfg.Providers[who].Name, r.Segment, lead)
	case -lead > r.Trigger && cur > plan:
		next = math.Max(plan, cur*(1-r.Step))
		why = fmt.Sprintf("leads %s by %.1f points: back toward plan", r.Segment, -lead)
	}
	if next == cur {
		return market.Decision{}, false
	}
	return market.Decision{Kind: market.SetRnD, Value: next,
		Reason: fmt.Sprintf("%s: R&D %+.0f%% to $%.2fB/yr (%.0f%% of plan)", why, 100*(next/cur-1), next/1e9, 100*next/plan)}, true
}
