package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Western is the strategy of the Western labs in the Chinese segments. They
// push the capability frontier through the scenario's release schedule and
// cut list prices along the frontier's price decline, but never below their
// serving cost plus FloorMarkup.
//
// When a Chinese model leads the lab's best in a segment by more than
// ReactLead points (SeedDance 2.0 in video, say), it pulls its next release
// in that segment forward by PullDays and cuts its price there by ReactCut:
// the pressure on Sora and Runway, on Llama against Qwen and on the
// frontier labs that the source article describes.
type Western struct {
	Company      string
	DeclinePerYr float64 // list-price decline per year, 0..1
	FloorMarkup  float64
	ReactLead    float64 // capability points; 0 turns the reaction off
	PullDays     int
	ReactCut     float64 // extra price cut in a quarter when a Chinese model leads, 0..1

	pulled map[int]bool
}

// ID implements market.Agent.
func (a *Western) ID() string { return a.Company }

// Decide implements market.Agent.
func (a *Western) Decide(v *market.View) []market.Decision {
	var out []market.Decision
	self := v.Self()
	step := math.Pow(1-a.DeclinePerYr, 0.25)
	for s, seg := range v.Config().Segments {
		if !v.Offers(self, s) || seg.Kind == market.Users {
			continue
		}
		d, lead, ok := a.react(v, s)
		if ok {
			out = append(out, d)
		}
		if seg.Kind != market.Paid {
			continue
		}
		p := v.Price(self, s) * step
		why := fmt.Sprintf("frontier list prices fall %.0f%%/yr", 100*a.DeclinePerYr)
		if lead > a.ReactLead && a.ReactLead > 0 && a.ReactCut > 0 {
			p *= 1 - a.ReactCut
			why += fmt.Sprintf("; a Chinese model leads by %.1f points: a further %.0f%% cut", lead, 100*a.ReactCut)
		}
		if c := v.ServingCost(self, s) * (1 + a.FloorMarkup); p < c {
			p = c
			why = "held at serving cost plus margin"
		}
		out = append(out, market.Decision{Kind: market.SetPrice, Segment: s, Value: p, Reason: why})
	}
	return out
}

// react pulls the next release in segment s's dimension forward when a
// Chinese model leads; it also returns the lead.
func (a *Western) react(v *market.View, s int) (market.Decision, float64, bool) {
	if a.ReactLead <= 0 {
		return market.Decision{}, 0, false
	}
	cfg := v.Config()
	self := v.Self()
	own := v.Quality(self, s)
	lead, who := 0.0, -1
	for p, pc := range cfg.Providers {
		if !pc.Western && v.Offers(p, s) && v.Quality(p, s)-own > lead {
			lead, who = v.Quality(p, s)-own, p
		}
	}
	if who < 0 || lead <= a.ReactLead || a.PullDays <= 0 {
		return market.Decision{}, lead, false
	}
	next := -1
	for m, md := range cfg.Models {
		if md.Owner == self && md.Serves == cfg.Segments[s].Serves && !md.Endogenous && !v.Released(m) && !a.pulled[m] &&
			(next < 0 || v.ReleaseDay(m) < v.ReleaseDay(next)) {
			next = m
		}
	}
	if next < 0 {
		if g := v.NextGeneration(self, cfg.Segments[s].Serves); g >= 0 && !a.pulled[g] {
			next = g
		}
	}
	if next < 0 {
		return market.Decision{}, lead, false
	}
	if a.pulled == nil {
		a.pulled = map[int]bool{}
	}
	a.pulled[next] = true
	return market.Decision{Kind: market.PullRelease, Model: next, Value: float64(a.PullDays),
		Reason: fmt.Sprintf("%s leads %s by %.1f points: pull %s forward %d days",
			cfg.Providers[who].Name, cfg.Segments[s].Name, lead, cfg.Models[next].Name, a.PullDays)}, lead, true
}
