package market

import (
	"math"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// View is an agent's read-only window on the world at a decision. Everything
// it shows is either public (prices, shares, policy) or the agent's own
// (fleet, cash, orders). Methods are cheap; indices follow the Config order.
type View struct {
	w        *world
	self     int // provider or supplier index
	supplier bool
}

// Day is the current simulated day; Date its calendar date.
func (v *View) Day() Day { return v.w.day }

// Date is the calendar date of the current day.
func (v *View) Date() time.Time { return v.w.cal.Date(v.w.day) }

// Self is the index of the agent's company among providers (or suppliers,
// for a supplier agent).
func (v *View) Self() int { return v.self }

// Config is the scenario the run was built from. It is shared: do not modify.
func (v *View) Config() *Config { return v.w.cfg }

// Price is provider p's current price in segment s, USD per unit.
func (v *View) Price(p, s int) float64 { return v.w.prov[p].price[s] }

// Offers reports whether provider p currently sells in segment s: it serves
// the segment and has a product there.
func (v *View) Offers(p, s int) bool { return v.w.available(p, s) }

// Quality is the capability index provider p offers in segment s.
func (v *View) Quality(p, s int) float64 { return v.w.quality(p, s) }

// VolumeShare and RevenueShare are provider p's shares of segment s at the
// last settlement.
func (v *View) VolumeShare(p, s int) float64 { return v.w.seg[s].volShare[p] }

// RevenueShare is provider p's revenue share of segment s at the last settlement.
func (v *View) RevenueShare(p, s int) float64 { return v.w.seg[s].revShare[p] }

// Demand is the volume buyers wanted from provider p in segment s last month.
func (v *View) Demand(p, s int) float64 { return v.w.prov[p].demand[s] }

// Served is the volume provider p served in segment s last month.
func (v *View) Served(p, s int) float64 { return v.w.prov[p].served[s] }

// Unmet is the volume of segment s nobody could serve last month.
func (v *View) Unmet(s int) float64 { return v.w.seg[s].unmet }

// Utilisation is the share of provider p's fleet that was busy last month.
func (v *View) Utilisation(p int) float64 { return v.w.prov[p].util }

// Capacity is the volume per month provider p's current fleet could serve in
// segment s if it did nothing else.
func (v *View) Capacity(p, s int) float64 { return v.w.capFull(p, s, v.w.day) }

// Rate is the units per second provider p's whole fleet serves in segment s
// if it does nothing else.
func (v *View) Rate(p, s int) float64 {
	return v.w.capFull(p, s, v.w.day) / v.w.secondsIn(v.w.day)
}

// ReferenceVolume is segment s's reference volume per month on day d (before
// price response, seasons and shocks): the demand trend agents forecast with.
func (v *View) ReferenceVolume(s int, d Day) float64 { return v.w.refVolume(s, d) }

// ServingCost is provider p's full cost per unit in segment s at its current
// fleet mix and full utilisation, USD (0 if it cannot serve the segment).
func (v *View) ServingCost(p, s int) float64 { return v.w.servingCost(p, s) }

// Cash is provider p's cash, USD. Only the agent's own is meaningful to it,
// but cash is reported publicly every quarter, so rivals' is visible too.
func (v *View) Cash(p int) float64 { return v.w.prov[p].cash }

// RnD is provider p's R&D budget, USD per year.
func (v *View) RnD(p int) float64 { return v.w.prov[p].rnd }

// Fleet is the number of chip c in service in provider p's fleet.
func (v *View) Fleet(p, c int) float64 {
	var n float64
	for _, l := range v.w.prov[p].lots {
		if l.chip == c {
			n += l.units
		}
	}
	return n
}

// InTransit is the number of chip c allocated to provider p but not yet delivered.
func (v *View) InTransit(p, c int) float64 { return v.w.prov[p].inTransit[c] }

// Retiring is the number of provider p's chips (all kinds) that reach the
// end of their life before day d.
func (v *View) Retiring(p int, d Day) float64 {
	var n float64
	for _, l := range v.w.prov[p].lots {
		if l.retire < d {
			n += l.units
		}
	}
	return n
}

// FleetSize is the number of chips in provider p's fleet.
func (v *View) FleetSize(p int) float64 {
	var n float64
	for _, l := range v.w.prov[p].lots {
		n += l.units
	}
	return n
}

// ServingModel is the model provider p serves in segment s now, −1 for none.
func (v *View) ServingModel(p, s int) int { return v.w.servingModel(p, s) }

// CapexBudget is provider p's chip budget per year on the current day, USD.
func (v *View) CapexBudget(p int) float64 { return v.w.cfg.Providers[p].CapexUSDYr.At(v.w.day) }

// CapexCommitted is what provider p committed to chips over the last four
// quarters, USD.
func (v *View) CapexCommitted(p int) float64 {
	var s float64
	for _, x := range v.w.prov[p].capexQuarters {
		s += x
	}
	return s
}

// Offer describes chip c as provider p could buy it now.
type Offer struct {
	Chip      int
	Available bool   // p may order it now
	Why       string // why not, when unavailable
	PriceUSD  float64
	LeadDays  int
	FeeRate   float64
	Output    float64 // supplier's output this quarter, units
	Foreign   bool
}

// Offer tells whether and at what price provider p can order chip c now.
func (v *View) Offer(p, c int) Offer {
	w := v.w
	cs := w.chip[c]
	o := Offer{Chip: c, Foreign: w.cfg.Chips[c].Origin == hardware.Foreign, FeeRate: cs.policy.FeeRate}
	if cs.supplier < 0 {
		o.Why = "no supplier"
		return o
	}
	sc := w.cfg.Suppliers[cs.supplier]
	o.PriceUSD = w.unitPrice(cs.supplier, cs.slot, p)
	o.LeadDays = sc.Lead(cs.slot, w.day)
	o.Output = w.output(cs.supplier, cs.slot)
	o.Available, o.Why = w.orderable(p, c)
	return o
}

// Throughput is the units per second one chip c serves for provider p in
// segment s, with the model p serves there now (0 if none).
func (v *View) Throughput(p, c, s int) float64 { return v.w.unitsPerSec(p, c, s) }

// ModelThroughput is the units per second one chip c serves of model m (0
// if the model cannot run on it).
func (v *View) ModelThroughput(c, m int) float64 { return v.w.modelThroughput(m, c) }

// ChipHourUSD is the full cost of one chip-hour of chip c.
func (v *View) ChipHourUSD(c int) float64 { return v.w.chipHour[c] }

// Policy is the current rule set for chip c.
func (v *View) Policy(c int) ChipPolicy { return v.w.chip[c].policy }

// Rules are the current Chinese cross-chip rules.
func (v *View) Rules() ChinaRules { return v.w.rules }

// ChipPrice is supplier s's current price of its chip slot k, USD.
func (v *View) ChipPrice(s, k int) float64 { return v.w.sup[s].price[k] }

// Ordered is the total units of supplier s's chip slot k that providers
// asked for at the last allocation.
func (v *View) Ordered(s, k int) float64 {
	var n float64
	for _, o := range v.w.sup[s].orders {
		n += o[k]
	}
	return n
}

// SupplierOutput is supplier s's output of chip slot k this quarter, units.
func (v *View) SupplierOutput(s, k int) float64 { return v.w.output(s, k) }

// CostPerThroughput is the cost of serving one unit per second on chip c
// with model m for a year: (price + a year of running cost) / throughput,
// USD per (unit/s). +Inf if the model cannot run on the chip.
func (v *View) CostPerThroughput(c, m int, priceUSD float64) float64 {
	t := v.w.modelThroughput(m, c)
	if t <= 0 {
		return math.Inf(1)
	}
	ch := &v.w.cfg.Chips[c]
	running := (v.w.chipHour[c] - ch.PriceUSD/(ch.LifetimeYears*hoursPerYear)) * hoursPerYear
	return (priceUSD/ch.LifetimeYears + running) / t
}

// Released reports whether model m is available on the current day.
func (v *View) Released(m int) bool { return v.w.mod[m].released }

// ReleaseDay is model m's release day: scheduled (including any slip or
// pull-forward) or actual.
func (v *View) ReleaseDay(m int) Day { return v.w.mod[m].day }

// Capability is model m's capability index: the scenario's until it is
// released, then as released (after R&D).
func (v *View) Capability(m int) float64 { return v.w.mod[m].capability }

// Log returns the entries logged since day from (inclusive), e.g. news since
// the last decision. The slice is shared: do not modify.
func (v *View) Log(from Day) []Entry {
	l := v.w.log
	i := len(l)
	for i > 0 && l[i-1].Day >= from {
		i--
	}
	return l[i:]
}

const hoursPerYear = 8766

// Response predicts the volume per month provider p would sell in paid
// segment s if it charged price while its rivals kept theirs, once every
// buyer cohort has chosen afresh (the long-run logit response, with the
// segment's price elasticity, before seasons, shocks and capacity). Agents
// use it to search their own price against the demand model. O(cohorts ×
// providers); to try many prices, use ResponseCurve.
func (v *View) Response(p, s int, price float64) float64 { return v.ResponseCurve(p, s)(price) }

// ResponseCurve returns Response(p, s, ·) as a function. Building it costs
// O(cohorts × providers); each call after that O(cohorts): with rivals'
// prices held, a cohort's choice of p at price x is 1/(1 + A·e^(u−α·ln x)),
// where A sums the rivals' exponentiated utilities and u is p's utility
// without its price term, so only one exponential per cohort remains.
func (v *View) ResponseCurve(p, s int) func(price float64) float64 {
	w := v.w
	if w.cfg.Segments[s].Kind != Paid || !w.available(p, s) {
		return func(float64) float64 { return 0 }
	}
	ut := w.segmentUtilities(s)
	n := ut.n
	ref := w.refPrice(s, w.day)
	cs := w.seg[s].cohorts
	terms := w.takeTerms(len(cs))
	price := ut.price
	for i := range cs {
		c := &cs[i]
		e := ut.e[i*n : (i+1)*n]
		t := curveTerm{weight: c.weight, alpha: c.alpha}
		var pw float64
		for j, ok := range ut.ok {
			if j != p && ok {
				t.rest += e[j]
				pw += e[j] * price[j]
			}
		}
		if t.rest > 0 {
			t.restPrice = pw / t.rest
			t.own = ut.u[i*n+p] + c.alpha*ut.lnPrice[p] - ut.mx[i]
		}
		terms[i] = t
	}
	days := w.daysInMonth(w.day)
	return func(price float64) float64 {
		if price <= 0 {
			return 0
		}
		lnx := math.Log(price / ref)
		// The exponentials first, in a loop of their own, so that the
		// divisions and sums below pipeline.
		if cap(w.odds) < len(terms) {
			w.odds = make([]float64, len(terms))
		}
		odds := w.odds[:len(terms)]
		for i := range terms {
			if t := &terms[i]; t.rest > 0 {
				odds[i] = t.rest * math.Exp(t.alpha*lnx-t.own)
			}
		}
		var share, avg float64
		for i := range terms {
			t := &terms[i]
			sh := 1.0
			if t.rest > 0 {
				sh = 1 / (1 + odds[i])
			}
			share += t.weight * sh
			avg += t.weight * (sh*price + (1-sh)*t.restPrice)
		}
		return share * w.paidVolume(s, avg, days)
	}
}

// curveTerm is one cohort's part of a response curve.
type curveTerm struct {
	weight, alpha float64
	own           float64 // p's utility without its price term, less the cohort's maximum
	rest          float64 // Σ rivals' e^(u − max)
	restPrice     float64 // the rivals' e^(u − max)-weighted mean price
}

// takeTerms returns room for n curve terms. During a round of decisions
// they come from the round's arena: the curves an agent builds live only
// while it decides, and the next round reuses the memory.
func (w *world) takeTerms(n int) []curveTerm {
	if w.round == nil {
		return make([]curveTerm, n)
	}
	if cap(w.terms)-len(w.terms) < n {
		// A new block; curves built earlier in the round keep the old one.
		w.terms = make([]curveTerm, 0, max(2*cap(w.terms), 16*n))
	}
	k := len(w.terms)
	w.terms = w.terms[:k+n]
	return w.terms[k : k+n]
}

// FundingLeft is what provider p can still draw from its parent, USD.
func (v *View) FundingLeft(p int) float64 { return v.w.fundingLeft(p) }

// CanPay is what provider p can still commit to chips: cash and funding
// left, less chips ordered and not yet paid for, USD.
func (v *View) CanPay(p int) float64 { return v.w.canPay(p) }

// LossMonths is how many months in a row provider p has lost money on its
// group's view (cloud profit plus the group value of its users).
func (v *View) LossMonths(p int) int { return v.w.prov[p].lossMonths }

// Profit is provider p's cloud profit last month, USD.
func (v *View) Profit(p int) float64 { return v.w.prov[p].last.profit }

// GroupValue is the value of provider p's consumer users to its group last
// month, USD (not cash).
func (v *View) GroupValue(p int) float64 { return v.w.prov[p].last.groupValue }

// Revenue is provider p's revenue last month, USD.
func (v *View) Revenue(p int) float64 { return v.w.prov[p].last.revenue }

// Training is the share of provider p's fleet reserved for training.
func (v *View) Training(p int) float64 { return v.w.prov[p].training }

// BestCapability is the best capability of any model released so far in
// dimension dim ("llm" or "media"), Western or Chinese.
func (v *View) BestCapability(dim string) float64 { return v.w.bestCapability(dim) }

// NextGeneration is the next unreleased endogenous model of provider p in
// dimension dim, −1 for none.
func (v *View) NextGeneration(p int, dim string) int {
	for i, ln := range v.w.cfg.Lines {
		if ln.Provider == p && ln.Serves == dim && v.w.lines[i].next < len(ln.Models) {
			return ln.Models[v.w.lines[i].next]
		}
	}
	return -1
}
