package classroom

import (
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// snapshot is what one company's team sees at a decision: copied out of
// the market's View, which must not be kept. Index-aligned slices follow
// the Config order.
type snapshot struct {
	Day      market.Day
	Supplier bool
	Self     int // provider or supplier index
	// Proposal is what the company's built-in strategy decides on this day.
	Proposal []market.Decision

	// Providers.
	Western   bool
	Cash, RnD float64 // USD; USD per year
	// CanPay is cash plus the parent's funding left, less chips ordered
	// and not yet paid for: the most a round's orders may cost, USD.
	CanPay float64
	// Training is the share of the fleet reserved for training; FundingLeft
	// what the parent will still put in, USD.
	Training, FundingLeft float64
	Utilisation           float64
	CapexBudget           float64 // USD per year
	Segments              []segmentView
	Offers                []market.Offer      // per chip
	Fleet                 []float64           // per chip, in service
	InTransit             []float64           // per chip
	Policy                []market.ChipPolicy // per chip: the rules now
	DomesticMin           float64             // China's pairing guidance for new orders
	Unreleased            []modelView         // the company's own models not yet out

	// Suppliers.
	Chips []chipView // per chip the supplier makes
}

// segmentView is one segment as a provider sees it.
type segmentView struct {
	Sells                              bool // the company sells here now
	Price, Cost, VolumeShare, RevShare float64
	Quality                            float64
	Average                            float64 // volume-weighted average price of the sellers
	Sellers                            []sellerView
}

// sellerView is a company's public position in a segment.
type sellerView struct {
	Provider                     int
	Price, VolumeShare, RevShare float64
	Quality                      float64
}

// modelView is an unreleased model of the company.
type modelView struct {
	Model   int
	Release market.Day
}

// chipView is one of a supplier's chips.
type chipView struct {
	Chip                       int
	Price, UnitCost, ListPrice float64
	Output, Ordered            float64 // this quarter's output; units asked for at the last allocation
	Policy                     market.ChipPolicy
	Launched                   bool
}

// capture copies what the company (provider or supplier index self) sees
// in v.
func capture(v *market.View, supplier bool, proposal []market.Decision) *snapshot {
	cfg := v.Config()
	s := &snapshot{Day: v.Day(), Supplier: supplier, Self: v.Self(), Proposal: proposal}
	if supplier {
		sc := cfg.Suppliers[s.Self]
		for k, c := range sc.Chips {
			s.Chips = append(s.Chips, chipView{
				Chip: c, Price: v.ChipPrice(s.Self, k), UnitCost: sc.UnitCost[k], ListPrice: sc.ListPrice[k],
				Output: v.SupplierOutput(s.Self, k), Ordered: v.Ordered(s.Self, k), Policy: v.Policy(c),
				Launched: cfg.ChipLaunch[c] <= v.Day(),
			})
		}
		return s
	}
	p := s.Self
	s.Western = cfg.Providers[p].Western
	s.Cash, s.RnD, s.Utilisation, s.CapexBudget = v.Cash(p), v.RnD(p), v.Utilisation(p), v.CapexBudget(p)
	s.CanPay = v.CanPay(p)
	s.Training, s.FundingLeft = v.Training(p), v.FundingLeft(p)
	s.DomesticMin = v.Rules().DomesticShareMin
	for c := range cfg.Chips {
		s.Offers = append(s.Offers, v.Offer(p, c))
		s.Fleet = append(s.Fleet, v.Fleet(p, c))
		s.InTransit = append(s.InTransit, v.InTransit(p, c))
		s.Policy = append(s.Policy, v.Policy(c))
	}
	for m, md := range cfg.Models {
		if md.Owner == p && !v.Released(m) {
			s.Unreleased = append(s.Unreleased, modelView{Model: m, Release: v.ReleaseDay(m)})
		}
	}
	for seg := range cfg.Segments {
		s.Segments = append(s.Segments, segment(v, p, seg))
	}
	return s
}

// segment captures segment seg as provider p sees it.
func segment(v *market.View, p, seg int) segmentView {
	cfg := v.Config()
	sv := segmentView{Sells: v.Offers(p, seg), Price: v.Price(p, seg), Cost: v.ServingCost(p, seg),
		VolumeShare: v.VolumeShare(p, seg), RevShare: v.RevenueShare(p, seg), Quality: v.Quality(p, seg)}
	var weighted, shares, plain float64
	for q := range cfg.Providers {
		if !v.Offers(q, seg) {
			continue
		}
		sl := sellerView{Provider: q, Price: v.Price(q, seg), VolumeShare: v.VolumeShare(q, seg),
			RevShare: v.RevenueShare(q, seg), Quality: v.Quality(q, seg)}
		sv.Sellers = append(sv.Sellers, sl)
		weighted += sl.VolumeShare * sl.Price
		shares += sl.VolumeShare
		plain += sl.Price
	}
	switch {
	case shares > 0:
		sv.Average = weighted / shares
	case len(sv.Sellers) > 0:
		sv.Average = plain / float64(len(sv.Sellers))
	}
	return sv
}
