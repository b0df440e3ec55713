package scenarios

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// race reads the market's race parameters, with defaults that keep a
// scenario without a race block working: see market.Race.
func (b *builder) race() {
	r := b.s.Market.Race
	b.cfg.Race = market.Race{
		PacePerDoubling: or(r.PacePerDoubling, 2), AlgorithmicPerYear: or(r.AlgorithmicPerYear, 3),
		CatchUp: or(r.CatchUp, 0.35), MinStep: or(r.MinStep, 1.5),
		MinGapDays: int(or(r.MinGap, 180)), MaxGapDays: int(or(r.MaxGap, 365)), TrainingMFU: or(r.TrainingMFU, 0.35),
	}
	if b.cfg.Race.MaxGapDays < b.cfg.Race.MinGapDays {
		b.errorf(r.MaxGap.Pos, "race max_gap (%d days) is shorter than min_gap (%d days)", b.cfg.Race.MaxGapDays, b.cfg.Race.MinGapDays)
	}
}

// finance reads provider p's funding policy and training compute.
func (b *builder) finance(id string, p *ProviderSpec, pc *market.Provider) {
	pc.Funding = market.Funding{
		LimitUSD: p.Funding.Limit.Value, PatienceMonths: int(p.Funding.Patience.Value / 30.4375),
		DistressSalvage: or(p.Funding.Salvage, 0.5),
	}
	if p.Funding.Patience.Present() && pc.Funding.PatienceMonths < 1 {
		b.errorf(p.Funding.Patience.Pos, "funding patience of %s must be at least a month (30d)", id)
	}
	pc.TrainingShare = p.Training.Share.Value
	if len(p.Training.FLOPsPerYear) > 0 {
		if !p.Western {
			b.errorf(p.At, "training.flops_per_year applies only to Western labs; %s trains on its own fleet (training.share)", id)
		}
		pc.TrainingFLOPsPerYear = b.path(p.Training.FLOPsPerYear, "training flops of "+id, p.At)
	}
}

// generations appends every provider's endogenous generations to the
// models and records its lines.
func (b *builder) generations() {
	for _, id := range b.provIDs {
		p := b.s.Providers[id]
		owner := b.provIdx[id]
		for _, dim := range sortedIDs(p.Generations, func(*GenerationSpec) int { return 0 }) {
			g := p.Generations[dim]
			if dim != "llm" && dim != "media" {
				b.errorf(g.At, "generations of %s: %q is not a dimension; use llm or media", id, dim)
				continue
			}
			like := b.ref(g.Like, "model", b.modelIdx, b.modelIDs)
			if like < 0 {
				continue
			}
			tmpl := b.cfg.Models[like]
			if tmpl.Serves != dim {
				b.errorf(g.Like.Pos, "generations.%s of %s are like %s, which serves %s", dim, id, g.Like.Value, tmpl.Serves)
				continue
			}
			ln := market.Line{Provider: owner, Serves: dim}
			for k := 0; k < g.Count; k++ {
				m := tmpl
				m.ID = fmt.Sprintf("%s-%s-gen%d", id, dim, g.First+k)
				m.Name = fmt.Sprintf("%s %d", g.Name, g.First+k)
				m.Owner, m.Endogenous, m.Release = owner, true, 0
				m.SlipProb, m.SlipMaxDays, m.EarlyProb, m.EarlyMaxDays = 0, 0, 0, 0
				if g.Open != nil {
					m.Open = *g.Open
				}
				// The workload keeps the template's id: the generation serves
				// like it, per-model serving efficiencies included, and the
				// market computes its roofline once for both.
				ln.Models = append(ln.Models, len(b.cfg.Models))
				b.cfg.Models = append(b.cfg.Models, m)
			}
			b.cfg.Lines = append(b.cfg.Lines, ln)
		}
	}
}
