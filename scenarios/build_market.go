package scenarios

import (
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func (b *builder) segments() {
	for _, id := range b.segIDs {
		s := b.s.Segments[id]
		seg := market.Segment{ID: id, Name: s.Name, Unit: s.Unit, Elasticity: or(s.Elasticity, 1)}
		if !b.oneOf(s.Kind, "kind", "paid", "users", "adoption") {
			continue
		}
		switch s.Kind.Value {
		case "paid":
			seg.Kind = market.Paid
			if b.oneOf(s.Serves, "serves of a paid segment", "llm", "media", "compute") {
				seg.Serves = s.Serves.Value
			}
			seg.Spend = b.path(s.Spend, "spend of "+id, s.At)
			seg.Price = b.path(s.Price, "price of "+id, s.At)
		case "users":
			seg.Kind, seg.Serves = market.Users, "llm"
			seg.Spend = b.path(s.Users, "users of "+id, s.At)
			if !s.TokensPerUser.Present() {
				b.errorf(s.At, "a users segment needs tokens_per_user_month")
			}
			seg.TokensPerUserMonth = s.TokensPerUser.Value
			seg.ValuePerUserMonth = s.ValuePerUser.Value
		case "adoption":
			seg.Kind, seg.Serves = market.Adoption, "llm"
		}
		if s.Kind.Value != "paid" && (len(s.Spend) > 0 || len(s.Price) > 0) {
			b.errorf(s.At, "spend and price apply only to paid segments")
		}
		for _, f := range s.Festivals {
			seg.Festivals = append(seg.Festivals, market.Window{
				Name: f.Name, From: market.Day(f.From.Day.Sub(b.s.Start.Day).Hours() / 24),
				Days: int(f.Days.Value), Multiplier: f.Multiplier.Value,
			})
		}
		bs := s.Buyers
		seg.Buyers = market.Buyers{
			Cohorts: bs.Cohorts, SizeTail: bs.SizeTail.Value, Price: bs.Price.Value, Quality: bs.Quality.Value,
			Open: bs.Open.Value, Domestic: bs.Domestic.Value, Ecosystem: bs.Ecosystem.Value,
			Dispersion: bs.Dispersion.Value, StateLinked: bs.StateLinked.Value, Hazard: bs.Hazard.Value,
			NewsHazard: bs.NewsHazard.Value, Switching: bs.Switching.Value,
		}
		seg.Target, seg.TargetRevenue = b.shares(id, s)
		b.cfg.Segments = append(b.cfg.Segments, seg)
	}
}

// shares reads a segment's start shares: every key a company that sells
// there, summing to 1 within a percentage point (then normalised).
func (b *builder) shares(id string, s *SegmentSpec) ([]float64, bool) {
	t := make([]float64, len(b.provIDs))
	ss := s.StartShares
	b.oneOf(ss.Basis, "start_shares.basis", "volume", "revenue")
	var sum float64
	for _, pid := range sortedIDs(ss.Shares, func(Num) int { return 0 }) {
		n := ss.Shares[pid]
		p := b.ref(Str{Value: pid, Pos: n.Pos}, "company", b.provIdx, b.provIDs)
		if p < 0 {
			continue
		}
		if _, sells := b.s.Providers[pid].Segments[id]; !sells {
			b.errorf(n.Pos, "%s has a start share in %s but does not list it under its segments", pid, id)
		}
		t[p] = n.Value
		sum += n.Value
	}
	if math.Abs(sum-1) > 0.01 {
		b.errorf(ss.At, "start shares of %s sum to %.4g; they must sum to 1", id, sum)
	} else {
		for i := range t {
			t[i] /= sum
		}
	}
	return t, ss.Basis.Value == "revenue"
}

func (b *builder) providers() {
	ns, nc := len(b.segIDs), len(b.chipIDs)
	for _, id := range b.provIDs {
		p := b.s.Providers[id]
		pc := market.Provider{
			ID: id, Name: p.Name, Western: p.Western, HomeChip: -1,
			Serves: make([]bool, ns), Price: make([]float64, ns), Ecosystem: make([]float64, ns),
			Access: make([]float64, ns), CashUSD: p.Cash.Value, RnDUSDYr: p.RnD.Value,
			StartUtilisation: or(p.StartUtilisation, 0.7),
		}
		for _, sid := range sortedIDs(p.Segments, func(*ProviderSegment) int { return 0 }) {
			ps := p.Segments[sid]
			s := b.ref(Str{Value: sid, Pos: ps.At}, "segment", b.segIdx, b.segIDs)
			if s < 0 {
				continue
			}
			pc.Serves[s] = true
			pc.Ecosystem[s] = ps.Ecosystem.Value
			pc.Access[s] = or(ps.Access, 1)
			pc.Price[s] = 1
			if b.s.Segments[sid].Kind.Value == "paid" {
				if !ps.Price.Present() {
					b.errorf(ps.At, "%s needs a price in the paid segment %s", id, sid)
				}
				pc.Price[s] = ps.Price.Value
			}
		}
		if p.Western {
			if p.HomeChip.Present() {
				pc.HomeChip = b.ref(p.HomeChip, "chip", b.chipIdx, b.chipIDs)
			}
		} else {
			pc.FleetMix = make([]float64, nc)
			var sum float64
			for _, cid := range sortedIDs(p.FleetMix, func(Num) int { return 0 }) {
				n := p.FleetMix[cid]
				if c := b.ref(Str{Value: cid, Pos: n.Pos}, "chip", b.chipIdx, b.chipIDs); c >= 0 {
					pc.FleetMix[c] = n.Value
					sum += n.Value
				}
			}
			if math.Abs(sum-1) > 0.01 {
				b.errorf(p.At, "fleet_mix of %s sums to %.4g; it must sum to 1", id, sum)
			}
		}
		if p.ClosedWeightsFrom.Present() {
			pc.ClosedFrom = max(1, b.day(p.ClosedWeightsFrom))
		}
		if len(p.Capex) > 0 {
			pc.CapexUSDYr = b.path(p.Capex, "capex of "+id, p.At)
		}
		b.finance(id, p, &pc)
		b.cfg.Providers = append(b.cfg.Providers, pc)
	}
}

func (b *builder) market() {
	m, c := b.s.Market, b.s.Costs
	b.cfg.OpenServingFactor = or(m.OpenServingFactor, 0.95)
	b.cfg.IdlePowerFraction = or(m.IdlePower, 0.3)
	b.cfg.OpexShareOfRevenue = or(m.OpexShare, 0.1)
	b.cfg.RnDCapability = m.RnDCapability.Value
	b.cfg.Costs.ElectricityUSDPerKWh = c.Electricity.Value
	b.cfg.Costs.PUE = c.PUE.Value
	b.cfg.Costs.OverheadUSDPerChipHour = c.Overhead.Value
	b.cfg.Costs.ComputeEfficiency = c.ComputeEfficiency.Value
	b.cfg.Costs.MemoryEfficiency = c.MemoryEfficiency.Value
	b.cfg.Costs.HBMReserveFraction = or(c.HBMReserve, 0.1)
	b.cfg.Costs.ServingEfficiency = c.ServingEfficiency.Value
	b.cfg.Rules = b.rulesPatch(b.s.ChinaRules).Apply(market.ChinaRules{StateDomesticWeight: 1})
}
