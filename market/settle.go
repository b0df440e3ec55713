package market

import (
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// spillRounds bounds how often unserved demand is offered to buyers' next
// choices with spare capacity.
const spillRounds = 3

// settle runs the monthly settlement for the days [start, start+days), on
// the month's last day, so that the chips delivered and paid for during the
// month are booked in it. Demand paths, seasons and records are taken as of
// the month's first day:
// buyers reconsider, demand forms, fleets serve it with spill-over, money
// moves, invariants are checked and the month is recorded.
func (w *world) settle(start Day, days int) error {
	n := len(w.cfg.Providers)
	for p := range w.prov {
		w.retire(p) // chips that reached the end of their life during the month
	}
	end := w.day
	w.day = start
	defer func() { w.day = end }()
	sc := &w.monthly
	sc.capFull = grid(sc.capFull, len(w.cfg.Segments), func(int) int { return n }) // [s][p]
	capFull := sc.capFull
	for s := range w.cfg.Segments {
		ws := &w.seg[s]
		ws.seen, ws.last = ws.last, ws.seen
		w.observe(s, &ws.seen)
		w.reconsider(s)
		w.demand(s, days)
		for p := range capFull[s] {
			capFull[s][p] = w.capFull(p, s, w.day) * float64(days) / float64(w.daysInMonth(w.day))
		}
	}
	w.serve(capFull)
	w.account(capFull, days)
	w.advanceRace(days, end)
	if err := w.check(capFull); err != nil {
		return err
	}
	if err := w.checkDeclared(days); err != nil {
		return err
	}
	w.record(capFull)
	clear(w.news)
	return nil
}

// reconsider lets each cohort of segment s revise its split across providers
// with its monthly hazard, moving (1 − switching) of the way to its current
// logit choice; cohorts also leave providers that no longer offer the segment.
// Only the cohorts that reconsider need their choice probabilities now; the
// others get them later if the month's spill-over needs them.
func (w *world) reconsider(s int) {
	b := &w.cfg.Segments[s].Buyers
	h := b.Hazard
	if w.news[s] {
		h += b.NewsHazard
	}
	ws := &w.seg[s]
	a := &ws.seen
	changed := false
	for p := range ws.asc {
		changed = changed || !same(ws.asc[p], w.prov[p].asc[s])
		ws.asc[p] = w.prov[p].asc[s]
	}
	if changed || !sameOffer(&ws.seen, &ws.last) {
		ws.offer++
	}
	if !sameDomestic(&ws.seen, &ws.last) {
		ws.domestic++
	}
	for i := range ws.cohorts {
		c := &ws.cohorts[i]
		if w.rng.Float64() < h {
			w.settlementChoice(s, c)
			for p := range c.alloc {
				c.alloc[p] = c.switching*c.alloc[p] + (1-c.switching)*c.p[p]
			}
		}
		var sum float64
		for p := range c.alloc {
			if !a.ok[p] {
				c.alloc[p] = 0
			}
			sum += c.alloc[p]
		}
		if sum <= 0 {
			w.settlementChoice(s, c)
			copy(c.alloc, c.p)
			continue
		}
		for p := range c.alloc {
			c.alloc[p] /= sum
		}
	}
}

// settlementChoice makes sure c.p holds cohort c's choice probabilities in
// segment s at this month's settlement. They are computed again only when
// what the cohort weighs changed since they were last computed: prices
// and models change at rounds of decisions, fleets' domestic shares with
// deliveries, and most cohorts weigh no domestic share.
func (w *world) settlementChoice(s int, c *cohort) {
	ws := &w.seg[s]
	if recomputeChoices || c.pOffer != ws.offer || (c.domestic != 0 && c.pDomestic != ws.domestic) {
		c.choose(&ws.seen, ws.asc)
		c.pOffer, c.pDomestic = ws.offer, ws.domestic
	}
}

// recomputeChoices makes every settlement compute the choice probabilities
// it needs afresh; tests set it to compare the two ways.
var recomputeChoices bool

// same reports whether x and y are the same float64, bit for bit.
func same(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }

// sameOffer reports whether buyers see the same offer in a as in b, apart
// from the fleets' domestic shares: the same providers, with the same
// quality, price, openness, ecosystem and access.
func sameOffer(a, b *attrs) bool {
	for p, ok := range a.ok {
		if ok != b.ok[p] {
			return false
		}
		if ok && !(same(a.quality[p], b.quality[p]) && same(a.lnPrice[p], b.lnPrice[p]) &&
			same(a.open[p], b.open[p]) && same(a.eco[p], b.eco[p]) && same(a.lnAccess[p], b.lnAccess[p])) {
			return false
		}
	}
	return true
}

// sameDomestic reports whether a and b weigh the providers' domestic
// shares alike (the offered providers being the same).
func sameDomestic(a, b *attrs) bool {
	if !same(a.stateWeight, b.stateWeight) {
		return false
	}
	for p, ok := range a.ok {
		if ok && !same(a.domestic[p], b.domestic[p]) {
			return false
		}
	}
	return true
}

// demand sets every cohort's wanted volume per provider (in c.flow, before
// capacity) for segment s over the given days.
func (w *world) demand(s, days int) {
	seg := &w.cfg.Segments[s]
	ws := &w.seg[s]
	var q float64
	switch seg.Kind {
	case Paid:
		var avg float64
		price := w.prices(s)
		for i := range ws.cohorts {
			c := &ws.cohorts[i]
			for p, x := range c.alloc {
				avg += c.weight * x * price[p]
			}
		}
		q = w.paidVolume(s, avg, days)
	case Users:
		q = w.refVolume(s, w.day)
	case Adoption:
		q = 1
	}
	q *= w.seasonal(s, days) * w.shocked(s, days)
	for p := range w.prov {
		w.prov[p].demand[s] = 0
	}
	for i := range ws.cohorts {
		c := &ws.cohorts[i]
		for p, x := range c.alloc {
			f := q * c.weight * x
			c.flow[p] = f
			w.prov[p].demand[s] += f // each provider's sum runs over the cohorts in order
		}
	}
}

// paidVolume is the volume paid segment s's buyers take over days when
// they face the average price avg (before seasons and shocks).
func (w *world) paidVolume(s int, avg float64, days int) float64 {
	seg := &w.cfg.Segments[s]
	ref := w.refPrice(s, w.day) * w.seg[s].refPrice0
	return w.refVolume(s, w.day) * 12 * float64(days) / 365.25 * math.Pow(avg/ref, -seg.Elasticity)
}

// refVolume is segment s's reference volume per month on day d.
func (w *world) refVolume(s int, d Day) float64 {
	seg := &w.cfg.Segments[s]
	switch seg.Kind {
	case Paid:
		return w.seg[s].spendPath.at(&seg.Spend, d) / (12 * w.refPrice(s, d) * w.seg[s].refPrice0)
	case Users:
		return w.seg[s].spendPath.at(&seg.Spend, d)
	}
	return 1
}

// refPrice is the price segment s's buyers compare prices against on day d.
// Only ratios of prices matter to the logit, so the unscaled path is used.
func (w *world) refPrice(s int, d Day) float64 {
	return w.seg[s].pricePath.at(&w.cfg.Segments[s].Price, d)
}

// seasonal is the demand multiplier of festival windows overlapping the days
// [w.day, w.day+days) of segment s.
func (w *world) seasonal(s, days int) float64 {
	m := 1.0
	lo, hi := w.day, w.day+Day(days)
	for _, f := range w.cfg.Segments[s].Festivals {
		a, b := max(lo, f.From), min(hi, f.From+Day(f.Days))
		if b > a {
			m += (f.Multiplier - 1) * float64(b-a) / float64(days)
		}
	}
	return m
}

// shocked is the demand multiplier of shocks on segment s over the days
// [w.day, w.day+days), each weighted by the share of those days it covers.
func (w *world) shocked(s, days int) float64 {
	m := 1.0
	lo, hi := w.day, w.day+Day(days)
	for _, d := range w.shocks {
		a, b := max(lo, d.from), min(hi, d.until)
		if d.segment == s && b > a {
			m *= 1 + (d.multiplier-1)*float64(b-a)/float64(days)
		}
	}
	return m
}

// flowTotals sets tot[p] to the volume segment s's cohorts send provider p.
func (w *world) flowTotals(s int, tot []float64) {
	clear(tot)
	for i := range w.seg[s].cohorts {
		for p, x := range w.seg[s].cohorts[i].flow {
			tot[p] += x
		}
	}
}

// usedOf is the share of provider p's fleet its flows use, given each
// segment's flow totals tot[s][p] and full-fleet capacities capFull[s][p]:
// Σ over segments of flow / capacity (adoption segments and unlimited
// capacity use none; flow with no capacity uses an infinite share).
func usedOf(p int, tot, capFull [][]float64, segs []Segment) float64 {
	var u float64
	for s := range segs {
		if segs[s].Kind == Adoption || math.IsInf(capFull[s][p], 1) {
			continue
		}
		f := tot[s][p]
		if f == 0 {
			continue
		}
		if capFull[s][p] <= 0 {
			return math.Inf(1)
		}
		u += f / capFull[s][p]
	}
	return u
}

// serve rations each provider's fleet across its segments pro rata, then
// offers what was not served to each cohort's next choices with spare
// capacity. On return c.flow is the volume served per cohort and provider,
// w.monthly.tot[s][p] its sum over segment s's cohorts, and each segment's
// unmet volume is set.
func (w *world) serve(capFull [][]float64) {
	n := len(w.prov)
	sc := &w.monthly
	// unserved[s][cohort] is the volume rationing left unserved; rationed
	// tells whether segment s has any.
	sc.unserved = grid(sc.unserved, len(w.cfg.Segments), func(s int) int { return len(w.seg[s].cohorts) })
	unserved := sc.unserved
	rationed := make([]bool, len(w.cfg.Segments))
	// tot[s][p] is what segment s's cohorts send provider p; only the
	// segment being spilled changes it below, so only that one is summed
	// again in each round.
	sc.tot = grid(sc.tot, len(w.cfg.Segments), func(int) int { return n })
	tot := sc.tot
	for s := range tot {
		for p := range tot[s] {
			tot[s][p] = w.prov[p].demand[s] // demand summed the flows, cohort by cohort
		}
	}
	for p := 0; p < n; p++ {
		u := usedOf(p, tot, capFull, w.cfg.Segments)
		if u <= 1 {
			continue
		}
		r := 1 / u
		if math.IsInf(u, 1) {
			r = 0
		}
		for s := range w.cfg.Segments {
			if w.cfg.Segments[s].Kind == Adoption {
				continue
			}
			rationed[s] = true
			for i := range w.seg[s].cohorts {
				c := &w.seg[s].cohorts[i]
				unserved[s][i] += c.flow[p] * (1 - r)
				c.flow[p] *= r
			}
		}
	}
	for s := range tot {
		if rationed[s] {
			w.flowTotals(s, tot[s]) // after the rationing
		}
	}
	sc.spare, sc.add, sc.fit = resize(sc.spare, n), resize(sc.add, n), resize(sc.fit, n)
	spare, add := sc.spare, sc.add
	for s := range w.cfg.Segments {
		if !rationed[s] {
			w.seg[s].unmet = 0
			continue
		}
		for i := range w.seg[s].cohorts {
			if unserved[s][i] > 0 {
				w.settlementChoice(s, &w.seg[s].cohorts[i])
			}
		}
		cs := w.seg[s].cohorts
		sc.z = resize(sc.z, len(cs))
		z := sc.z // per cohort: its choice probabilities summed over live
		for round := 0; round < spillRounds; round++ {
			live := sc.live[:0] // the providers with spare capacity, in order
			for p := range spare {
				spare[p] = 0
				// Western labs serve Chinese buyers only through their
				// restricted access; they do not absorb overflow.
				if w.available(p, s) && !w.cfg.Providers[p].Western {
					spare[p] = max(0, 1-usedOf(p, tot, capFull, w.cfg.Segments)) * capFull[s][p]
				}
				if spare[p] > 0 {
					live = append(live, p)
				}
			}
			sc.live = live
			// Proposed spill to each provider, by each cohort's choice
			// probabilities among providers with spare capacity.
			clear(add)
			for i := range cs {
				c := &cs[i]
				u := unserved[s][i]
				z[i] = 0
				if u <= 0 {
					continue
				}
				for _, p := range live {
					z[i] += c.p[p]
				}
				if z[i] <= 0 {
					continue
				}
				for _, p := range live {
					add[p] += u * c.p[p] / z[i]
				}
			}
			// Each provider takes the share of its proposal its spare
			// capacity allows.
			take := sc.take[:0]
			for _, p := range live {
				if add[p] > 0 {
					take = append(take, p)
					sc.fit[p] = min(1, spare[p]/add[p])
				}
			}
			sc.take = take
			moved := false
			for i := range cs {
				u := unserved[s][i]
				if u <= 0 || z[i] <= 0 {
					continue
				}
				c := &cs[i]
				left := u
				for _, p := range take {
					x := u * c.p[p] / z[i] * sc.fit[p]
					c.flow[p] += x
					left -= x
					moved = moved || x > 0
				}
				unserved[s][i] = left
			}
			if !moved {
				break
			}
			w.flowTotals(s, tot[s]) // the flows moved: the next round's spare capacity
		}
		var unmet, want float64
		for i, u := range unserved[s] {
			unmet += max(0, u)
			want += sum(w.seg[s].cohorts[i].flow) + max(0, u)
		}
		if unmet <= 1e-9*want {
			unmet = 0 // rounding left over from the spill rounds
		}
		w.seg[s].unmet = unmet
	}
}

// account books the month's revenue and costs into every ledger and updates
// cash, shares and utilisation. It runs right after serve, whose flow
// totals it uses.
func (w *world) account(capFull [][]float64, days int) {
	hours := float64(days) * 24
	tot := w.monthly.tot // the flow totals serve left
	for p := range w.prov {
		pr := &w.prov[p]
		for s := range w.cfg.Segments {
			f := tot[s][p]
			pr.served[s] = f
			pr.capFull[s] = capFull[s][p]
			pr.revenue[s] = 0
			if w.cfg.Segments[s].Kind == Paid {
				pr.revenue[s] = f * pr.price[s]
			}
		}
		pr.util = 0
		if !w.cfg.Providers[p].Western {
			pr.util = usedOf(p, tot, capFull, w.cfg.Segments)
		}
		pr.m.revenue = sum(pr.revenue)
		pr.m.rnd = pr.rnd * float64(days) / 365.25
		pr.rndCum += pr.m.rnd
		pr.rndPlan += w.cfg.Providers[p].RnDUSDYr * float64(days) / 365.25
		pr.m.opex = w.cfg.OpexShareOfRevenue * pr.m.revenue
		pr.m.amort, pr.m.power, pr.m.overhead = 0, 0, 0
		k := w.cfg.Costs
		for _, l := range pr.lots {
			ch := &w.cfg.Chips[l.chip]
			pr.m.amort += l.units * l.costPerUnit / (ch.LifetimeYears * hoursPerYear) * hours
			load := w.cfg.IdlePowerFraction + (1-w.cfg.IdlePowerFraction)*min(1, pr.util)
			pr.m.power += l.units * ch.TDPW / 1000 * k.PUE * k.ElectricityUSDPerKWh * load * hours
			pr.m.overhead += l.units * k.OverheadUSDPerChipHour * hours
		}
		if w.cfg.Providers[p].Western {
			pr.m.overhead += w.westernServingCost(p)
		}
		pr.m.profit = pr.m.revenue - pr.m.amort - pr.m.power - pr.m.overhead - pr.m.rnd - pr.m.opex
		pr.cash += pr.m.revenue - pr.m.power - pr.m.overhead - pr.m.rnd - pr.m.opex - pr.m.chipSpend
		pr.m.groupValue = w.groupValue(p, days)
		if !w.cfg.Providers[p].Western {
			w.payBills(p)
		}
		w.trackLosses(p)
	}
	for s := range w.cfg.Segments {
		w.shares(s)
	}
	for i := range w.sup {
		sp := &w.sup[i]
		sp.cash += sp.m.sales - sp.m.cogs - sp.m.fees
	}
}

// westernServingCost is what a Western provider's served volume costs on its
// home chip this month.
func (w *world) westernServingCost(p int) float64 {
	h := w.cfg.Providers[p].HomeChip
	if h < 0 {
		return 0
	}
	var c float64
	for s := range w.cfg.Segments {
		u := w.unitsPerSec(p, h, s)
		if u > 0 {
			c += w.prov[p].served[s] / (u * 3600) * w.chipHour[h]
		}
	}
	return c
}

// shares sets segment s's volume and revenue shares and the buyers' spend,
// summed cohort by cohort (independently of the providers' revenue).
func (w *world) shares(s int) {
	ws := &w.seg[s]
	var vol, rev float64
	for p := range w.prov {
		vol += w.prov[p].served[s]
		rev += w.prov[p].revenue[s]
	}
	for p := range w.prov {
		ws.volShare[p], ws.revShare[p] = 0, 0
		if vol > 0 {
			ws.volShare[p] = w.prov[p].served[s] / vol
		}
		if rev > 0 {
			ws.revShare[p] = w.prov[p].revenue[s] / rev
		}
	}
	ws.spend = 0
	if w.cfg.Segments[s].Kind == Paid {
		price := w.prices(s)
		for i := range ws.cohorts {
			for p, f := range ws.cohorts[i].flow {
				ws.spend += f * price[p]
			}
		}
	}
}

// prices returns every provider's price in segment s, in the settlement's
// scratch memory (valid until the next call).
func (w *world) prices(s int) []float64 {
	w.monthly.price = w.pricesInto(w.monthly.price, s)
	return w.monthly.price
}

// pricesInto returns dst, resized, holding every provider's price in
// segment s.
func (w *world) pricesInto(dst []float64, s int) []float64 {
	dst = resize(dst, len(w.prov))
	for p := range dst {
		dst[p] = w.prov[p].price[s]
	}
	return dst
}

func sum(xs []float64) float64 {
	var t float64
	for _, x := range xs {
		t += x
	}
	return t
}

// isDomestic reports whether chip c is made in China.
func (w *world) isDomestic(c int) bool { return w.cfg.Chips[c].Origin == hardware.Domestic }
