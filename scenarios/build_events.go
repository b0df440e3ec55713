package scenarios

import (
	"cmp"
	"slices"

	"github.com/seed-e89a7ce8/aicloudsim/agents"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func (b *builder) events() {
	for i := range b.s.Events {
		e := &b.s.Events[i]
		if !e.Date.Present() {
			b.errorf(e.At, "event needs a date")
			continue
		}
		if ev, ok := b.event(e); ok {
			ev.Day = market.Day(e.Date.Day.Sub(b.s.Start.Day).Hours() / 24)
			b.cfg.Events = append(b.cfg.Events, ev)
		}
	}
	slices.SortStableFunc(b.cfg.Events, func(x, y market.Scheduled) int { return cmp.Compare(x.Day, y.Day) })
}

// event converts one event's fields for its kind.
func (b *builder) event(e *EventSpec) (market.Scheduled, bool) {
	ev := market.Scheduled{Summary: e.Summary, Source: e.Source, Segment: -1, Provider: -1, Chip: -1}
	if !b.oneOf(e.Kind, "event kind", "policy", "rules", "price", "demand", "news") {
		return ev, false
	}
	need := func(present bool, key string) bool {
		if !present {
			b.errorf(e.At, "a %s event needs %s", e.Kind.Value, key)
		}
		return present
	}
	ok := true
	switch e.Kind.Value {
	case "policy":
		ev.Kind = market.EventPolicy
		if ok = need(e.Chip.Present(), "chip"); ok {
			ev.Chip = b.ref(e.Chip, "chip", b.chipIdx, b.chipIDs)
			ok = ev.Chip >= 0
		}
		ev.Policy = b.patch(e.Policy)
	case "rules":
		ev.Kind = market.EventRules
		ev.Rules = b.rulesPatch(e.Rules)
	case "price":
		ev.Kind = market.EventPrice
		ok = need(e.Provider.Present(), "provider") && need(e.Segment.Present(), "segment") && need(e.Price.Present(), "price")
		if ok {
			ev.Provider = b.ref(e.Provider, "company", b.provIdx, b.provIDs)
			ev.Segment = b.ref(e.Segment, "segment", b.segIdx, b.segIDs)
			ev.Value = e.Price.Value
			ok = ev.Provider >= 0 && ev.Segment >= 0
		}
	case "demand":
		ev.Kind = market.EventDemand
		ok = need(e.Segment.Present(), "segment") && need(e.Multiplier.Present(), "multiplier") && need(e.Days.Present(), "days")
		if ok {
			ev.Segment = b.ref(e.Segment, "segment", b.segIdx, b.segIDs)
			ev.Value, ev.Days = e.Multiplier.Value, int(e.Days.Value)
			ok = ev.Segment >= 0
		}
	case "news":
		ev.Kind = market.EventNews
		if e.Segment.Present() {
			ev.Segment = b.ref(e.Segment, "segment", b.segIdx, b.segIDs)
		}
	}
	return ev, ok
}

func (b *builder) shocks() {
	for i := range b.s.Shocks {
		sh := &b.s.Shocks[i]
		if sh.Effect.Date.Present() {
			b.errorf(sh.Effect.Date.Pos, "a shock's effect has no date: it happens at random (use earliest)")
		}
		ev, ok := b.event(&sh.Effect)
		if !ok {
			continue
		}
		s := market.Shock{Name: sh.Name, PerYear: sh.PerYear.Value, Max: max(1, sh.Max), Effect: ev}
		if sh.Earliest.Present() {
			s.Earliest = b.day(sh.Earliest)
		}
		b.cfg.Shocks = append(b.cfg.Shocks, s)
	}
}

// agents builds the agent of every company with a strategy.
func (b *builder) agents() []market.Agent {
	var out []market.Agent
	for _, id := range b.provIDs {
		if st := b.s.Providers[id].Strategy; st != nil {
			if a := b.agent(id, st, false); a != nil {
				out = append(out, a)
			}
		}
	}
	for _, id := range sortedIDs(b.s.Suppliers, func(*SupplierSpec) int { return 0 }) {
		if st := b.s.Suppliers[id].Strategy; st != nil {
			if a := b.agent(id, st, true); a != nil {
				out = append(out, a)
			}
		}
	}
	return out
}

// agent maps a strategy kind to its constructor.
func (b *builder) agent(id string, st *StrategySpec, supplier bool) market.Agent {
	kinds := []string{"provider", "western", "none"}
	if supplier {
		kinds = []string{"nvidia", "chip-vendor", "none"}
	}
	if !b.oneOf(st.Kind, "strategy kind for "+id, kinds...) {
		return nil
	}
	switch st.Kind.Value {
	case "provider":
		return b.providerAgent(id, st)
	case "western":
		return &agents.Western{Company: id, DeclinePerYr: st.Decline.Value, FloorMarkup: or(st.FloorMarkup, 0.2),
			ReactLead: st.ReactLead.Value, PullDays: int(st.PullDays.Value), ReactCut: st.ReactCut.Value}
	case "nvidia", "chip-vendor":
		if st.ReferenceModel.Present() {
			b.ref(st.ReferenceModel, "model", b.modelIdx, b.modelIDs)
		}
		return &agents.Nvidia{
			Company: id, ReferenceModel: st.ReferenceModel.Value, ScarcityRaise: or(st.ScarcityRaise, 0.05),
			Tolerance: or(st.Tolerance, 0.25), MaxCut: or(st.MaxCut, 0.15), MaxPremium: or(st.MaxPremium, 1.5),
			Optimise: st.Optimise || st.Kind.Value == "chip-vendor", BuyerSharpness: or(st.BuyerSharpness, 3),
			BuyerRisk: or(st.BuyerRisk, 0.25), BuyerGuidance: st.BuyerGuidance.Value,
		}
	}
	return nil
}

func (b *builder) providerAgent(id string, st *StrategySpec) market.Agent {
	a := &agents.Provider{Company: id, Pricing: map[string]agents.Pricing{}}
	for _, sid := range sortedIDs(st.Pricing, func(*PricingSpec) int { return 0 }) {
		ps := st.Pricing[sid]
		b.ref(Str{Value: sid, Pos: ps.Rule.Pos}, "segment", b.segIdx, b.segIDs)
		if !b.oneOf(ps.Rule, "pricing rule", pricingRules...) {
			continue
		}
		if ps.Rule.Value == string(agents.Penetration) && (!ps.From.Present() || !ps.To.Present()) {
			b.errorf(ps.Rule.Pos, "penetration pricing needs from and to dates")
		}
		a.Pricing[sid] = agents.Pricing{
			Rule: agents.PricingRule(ps.Rule.Value), Markup: ps.Markup.Value, Undercut: ps.Undercut.Value,
			QualityBand: or(ps.QualityBand, 5), Discount: ps.Discount.Value, From: ps.From.Day, To: ps.To.Day,
			FloorMarkup: or(ps.FloorMarkup, 0), MaxStep: or(ps.MaxStep, 0.2),
			HighUtilisation: ps.HighUtilisation.Value, LowUtilisation: ps.LowUtilisation.Value,
		}
	}
	a.Capacity = agents.Capacity{TargetUtilisation: 0.75, HorizonDays: 180, UnmetCapture: 0.5}
	if c := st.Capacity; c != nil {
		a.Capacity = agents.Capacity{
			TargetUtilisation: c.TargetUtilisation.Value, HorizonDays: int(or(c.Horizon, 180)),
			UnmetCapture: or(c.UnmetCapture, 0.5),
		}
	}
	a.Sourcing = agents.Sourcing{ForeignRisk: 0.2, Sharpness: 3, GuidancePenalty: 1}
	if s := st.Sourcing; s != nil {
		a.Sourcing = agents.Sourcing{ForeignRisk: s.ForeignRisk.Value, Sharpness: or(s.Sharpness, 3), DomesticMin: s.DomesticMin.Value, Vendors: s.Vendors,
			StockpileRisk: or(s.StockpileRisk, 0.5), StockpileMonths: s.StockpileMonths.Value, StockpileCash: or(s.StockpileCash, 0.5),
			GuidancePenalty: or(s.GuidancePenalty, 1)}
		if r := s.Risk; r != nil {
			a.Sourcing.Risk = &agents.Belief{Prior: r.Prior.Value, Up: or(r.Up, 0.5), Down: or(r.Down, 0.3),
				Revert: or(r.Revert, 0.1), Hedge: r.Hedge.Value}
		}
		for _, v := range s.Vendors {
			if !b.hasVendor(v) {
				b.errorf(s.At, "sourcing of %s names vendor %q, which makes none of the scenario's chips", id, v)
			}
		}
	}
	if r := st.RnD; r != nil {
		b.ref(r.Segment, "segment", b.segIdx, b.segIDs)
		a.RnD = agents.RnD{Segment: r.Segment.Value, Trigger: or(r.Trigger, 3), Step: r.Step.Value, MaxMultiple: or(r.MaxMultiple, 2),
			TrainingStep: r.TrainingStep.Value, TrainingMax: r.TrainingMax.Value}
	}
	a.Funding = agents.Funding{ReserveMonths: 3, RetrenchMarkup: 0.1, RetrenchCapex: 0.5}
	if t := st.Treasury; t != nil {
		a.Funding = agents.Funding{ReserveMonths: or(t.ReserveMonths, 3), RetrenchMarkup: or(t.RetrenchMarkup, 0.1),
			RetrenchCapex: or(t.RetrenchCapex, 0.5)}
	}
	return a
}

// hasVendor reports whether some chip is made by vendor v.
func (b *builder) hasVendor(v string) bool {
	for _, c := range b.s.Chips {
		if c.Vendor == v {
			return true
		}
	}
	return false
}

// pricingRules are the rule names a provider's pricing may use.
var pricingRules = []string{string(agents.CostPlus), string(agents.MatchLowest), string(agents.Penetration),
	string(agents.Hold), string(agents.BestResponse)}
