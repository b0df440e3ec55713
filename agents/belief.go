package agents

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Belief is a provider's subjective probability that its access to
// foreign chips is cut over its planning horizon. It starts at Prior, jumps
// toward 1 by Up (a share of the remaining distance) at every decision after
// a tightening (a foreign chip lost its US licence or Chinese approval),
// falls by Down (a share of itself) after a loosening, and otherwise decays
// back toward Prior by Revert per quarter. The sourcing rule discounts
// foreign chips by the belief and raises the domestic floor by Hedge × belief.
type Belief struct {
	Prior, Up, Down, Revert, Hedge float64

	p    float64
	why  string
	seen []market.ChipPolicy // foreign chips' rules at the last decision
	init bool
}

// update revises the belief from the policy changes since the last
// decision; call it once per decision.
func (b *Belief) update(v *market.View) {
	b.p, b.why = b.revise(v)
}

// revise returns the revised belief and its reason.
func (b *Belief) revise(v *market.View) (float64, string) {
	cfg := v.Config()
	if !b.init {
		b.p, b.init = b.Prior, true
		b.seen = make([]market.ChipPolicy, len(cfg.Chips))
		for c := range cfg.Chips {
			b.seen[c] = v.Policy(c)
		}
		return b.p, fmt.Sprintf("ban risk %.0f%% (prior)", 100*b.p)
	}
	var tight, loose []string
	for c, ch := range cfg.Chips {
		if ch.Origin != hardware.Foreign {
			continue
		}
		was, now := open(b.seen[c]), open(v.Policy(c))
		switch {
		case was && !now:
			tight = append(tight, ch.Name)
		case !was && now:
			loose = append(loose, ch.Name)
		}
		b.seen[c] = v.Policy(c)
	}
	old := b.p
	switch {
	case len(tight) > 0:
		b.p += (1 - b.p) * b.Up
		return b.p, fmt.Sprintf("ban risk %.0f%% → %.0f%%: lost access to %v", 100*old, 100*b.p, tight)
	case len(loose) > 0:
		b.p -= b.p * b.Down
		return b.p, fmt.Sprintf("ban risk %.0f%% → %.0f%%: access opened to %v", 100*old, 100*b.p, loose)
	}
	b.p += (b.Prior - b.p) * b.Revert
	return b.p, fmt.Sprintf("ban risk %.0f%%", 100*b.p)
}

// open reports whether a chip's rules let Chinese clouds buy it.
func open(p market.ChipPolicy) bool { return p.USAllowed && p.Approved }
