package agents

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// RnD is a provider's R&D and training rule. It compares the provider's
// best model in Segment with the best its buyers can choose from anyone,
// domestic or Western (Western models count at full capability: the gap is
// what buyers and benchmarks see, even where access is limited). When the
// gap exceeds Trigger points, the R&D budget rises by Step × (gap / Trigger)
// a quarter (the Response), up to MaxMultiple times the scenario's budget,
// and the share of the fleet reserved for training rises by TrainingStep up
// to TrainingMax; when the provider leads by as much, both ease back toward
// plan. A retrenching provider cuts R&D toward plan and training to its
// start share, and never raises either. The market turns R&D and training
// compute into the next generation's timing and capability (market.Race).
type RnD struct {
	Segment     string // segment whose capability race drives R&D, e.g. llm-api
	Trigger     float64
	Step        float64
	MaxMultiple float64
	// TrainingStep and TrainingMax move the fleet's training share.
	TrainingStep, TrainingMax float64
}

// decide returns the R&D and training decisions, if any.
func (r RnD) decide(v *market.View, t treasury) []market.Decision {
	cfg := v.Config()
	self := v.Self()
	s := -1
	for i, seg := range cfg.Segments {
		if seg.ID == r.Segment {
			s = i
		}
	}
	if s < 0 || !v.Offers(self, s) || r.Step <= 0 {
		return nil
	}
	own := v.Quality(self, s)
	lead, who := math.Inf(-1), -1
	for p := range cfg.Providers {
		if p == self || !cfg.Providers[p].Serves[s] {
			continue
		}
		q := rivalBest(v, p, s)
		if q-own > lead {
			lead, who = q-own, p
		}
	}
	if who < 0 {
		return nil
	}
	plan := cfg.Providers[self].RnDUSDYr
	start := cfg.Providers[self].TrainingShare
	cur, train := v.RnD(self), v.Training(self)
	next, nextTrain, why := cur, train, ""
	switch {
	case t.retrench:
		next = math.Max(plan*0.5, math.Min(cur, plan)*(1-r.Step))
		nextTrain = math.Min(train, start)
		why = "retrenching: " + t.why
	case lead > r.Trigger:
		k := math.Min(3, lead/math.Max(r.Trigger, 0.5))
		next = math.Min(cur*(1+r.Step*k), plan*math.Max(1, r.MaxMultiple))
		if r.TrainingMax > 0 {
			nextTrain = math.Min(r.TrainingMax, train+r.TrainingStep)
		}
		why = fmt.Sprintf("%s leads %s by %.1f points", cfg.Providers[who].Name, r.Segment, lead)
	case -lead > r.Trigger && (cur > plan || train > start):
		next = math.Max(plan, cur*(1-r.Step))
		nextTrain = math.Max(start, train-r.TrainingStep)
		why = fmt.Sprintf("leads %s by %.1f points: back toward plan", r.Segment, -lead)
	}
	var out []market.Decision
	if next != cur {
		out = append(out, market.Decision{Kind: market.SetRnD, Value: next,
			Reason: fmt.Sprintf("%s: R&D %+.0f%% to $%.2fB/yr (%.0f%% of plan)", why, 100*(next/cur-1), next/1e9, 100*next/plan)})
	}
	if math.Abs(nextTrain-train) > 1e-9 {
		out = append(out, market.Decision{Kind: market.SetTraining, Value: nextTrain,
			Reason: fmt.Sprintf("%s: training share %.0f%% → %.0f%% of the fleet", why, 100*train, 100*nextTrain)})
	}
	return out
}

// rivalBest is the best capability provider p offers in segment s's
// dimension: what it serves to Chinese buyers, or for a Western lab its
// best released model (the frontier buyers compare against).
func rivalBest(v *market.View, p, s int) float64 {
	cfg := v.Config()
	if !cfg.Providers[p].Western {
		if !v.Offers(p, s) {
			return math.Inf(-1)
		}
		return v.Quality(p, s)
	}
	best := math.Inf(-1)
	dim := cfg.Segments[s].Serves
	for m, md := range cfg.Models {
		if md.Owner == p && md.Serves == dim && v.Released(m) {
			best = math.Max(best, v.Capability(m))
		}
	}
	return best
}
