package agents

import (
	"fmt"
	"math"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// PricingRule names how a provider sets a segment's price.
type PricingRule string

// Pricing rules.
const (
	// CostPlus prices at serving cost (at the target utilisation) plus Markup.
	CostPlus PricingRule = "cost-plus"
	// MatchLowest prices Undercut below the cheapest domestic rival whose
	// quality is within QualityBand points of the provider's own.
	MatchLowest PricingRule = "match-lowest"
	// Penetration prices Discount below the rivals' average during the
	// window [From, To), and follows MatchLowest outside it.
	Penetration PricingRule = "penetration"
	// Hold keeps the current price.
	Hold PricingRule = "hold"
	// BestResponse searches the price that maximises this month's expected
	// profit, (price − serving cost) × min(volume, spare capacity), against
	// the market's demand model with rivals' prices held fixed (a myopic
	// best response). Repeated by every provider it converges to the
	// Bertrand–Nash equilibrium of the logit market.
	BestResponse PricingRule = "best-response"
)

// Pricing parameterises a provider's pricing in one segment.
type Pricing struct {
	Rule        PricingRule
	Markup      float64 // cost-plus markup over cost
	Undercut    float64 // match-lowest: fraction below the cheapest comparable rival
	QualityBand float64 // match-lowest: capability points within which rivals count
	Discount    float64 // penetration: fraction below the rivals' average
	From, To    time.Time
	// FloorMarkup bounds the price below at cost × (1 + FloorMarkup); it may
	// be negative to sell below full cost for share.
	FloorMarkup float64
	MaxStep     float64 // largest relative change per quarter
	// HighUtilisation and LowUtilisation trigger a 5% rise or cut.
	HighUtilisation, LowUtilisation float64
}

// price returns the provider's next price in segment s and the reason.
// floorMarkup, when above the rule's own floor, raises it (a retrenching
// firm stops selling below cost).
func (pr Pricing) price(v *market.View, s int, targetUtil, floorMarkup float64) (float64, string) {
	self := v.Self()
	old := v.Price(self, s)
	full := v.ServingCost(self, s) // at full utilisation
	cost := full / max(targetUtil, 0.1)
	target, why := old, "hold"
	rule := pr.Rule
	if rule == Penetration {
		d := v.Date()
		if !d.Before(pr.From) && d.Before(pr.To) {
			target, why = pr.penetration(v, s, old)
		} else {
			rule = MatchLowest
		}
	}
	switch rule {
	case BestResponse:
		target, why = pr.bestResponse(v, s, old, full)
	case CostPlus:
		if cost > 0 {
			m, note := lernerCap(v, s, pr.Markup)
			target = cost * (1 + m)
			why = fmt.Sprintf("cost-plus: cost $%.4g + %.0f%%%s", cost, 100*m, note)
		}
	case MatchLowest:
		target, why = pr.matchLowest(v, s, old)
	}
	u := v.Utilisation(self)
	switch {
	case pr.HighUtilisation > 0 && u > pr.HighUtilisation:
		target *= 1.05
		why += fmt.Sprintf("; utilisation %.0f%% high: +5%%", 100*u)
	case pr.LowUtilisation > 0 && u < pr.LowUtilisation && u > 0:
		target *= 0.95
		why += fmt.Sprintf("; utilisation %.0f%% low: −5%%", 100*u)
	}
	step := pr.MaxStep
	if p, ok := scarcityPrice(v, s, target); ok {
		why += fmt.Sprintf("; scarcity: demand at $%.4g exceeds capacity, clears at $%.4g", target, p)
		target = p
		step = max(step, ScarcityStep)
	}
	if step > 0 {
		target = math.Max(old*(1-step), math.Min(old*(1+step), target))
	}
	fm := pr.FloorMarkup
	if floorMarkup > fm {
		fm = floorMarkup
	}
	if floor := full * (1 + fm); full > 0 && target < floor {
		target = floor
		why += fmt.Sprintf("; floored at serving cost $%.4g %+.0f%%", full, 100*fm)
	}
	return target, why
}

// penetration prices Discount below the domestic rivals' average.
func (pr Pricing) penetration(v *market.View, s int, old float64) (float64, string) {
	self := v.Self()
	avg, n := 0.0, 0
	for p := range v.Config().Providers {
		if p != self && v.Offers(p, s) && !v.Config().Providers[p].Western {
			avg += v.Price(p, s)
			n++
		}
	}
	if n == 0 {
		return old, "hold"
	}
	return avg / float64(n) * (1 - pr.Discount), fmt.Sprintf("penetration until %s: %.0f%% below rivals' average $%.4g",
		pr.To.Format("2006-01-02"), 100*pr.Discount, avg/float64(n))
}

// matchLowest prices Undercut below the cheapest domestic rival within
// QualityBand capability points, after adjusting the rival's price for the
// capability gap the way the segment's buyers value it: a model that is Δ
// points better is worth exp(β_q·Δ/α) times the price to the average buyer,
// so a better model matches at a premium and a weaker one at a discount.
// Firms with different capability therefore hold different prices.
func (pr Pricing) matchLowest(v *market.View, s int, old float64) (float64, string) {
	self := v.Self()
	cfg := v.Config()
	b := cfg.Segments[s].Buyers
	own := v.Quality(self, s)
	low, who, adj := math.Inf(1), -1, 1.0
	for p := range cfg.Providers {
		if p == self || !v.Offers(p, s) || cfg.Providers[p].Western {
			continue
		}
		q := v.Quality(p, s)
		if q < own-pr.QualityBand {
			continue
		}
		k := 1.0
		if b.Price > 0 {
			k = math.Exp(b.Quality * (own - q) / b.Price)
		}
		if x := v.Price(p, s) * k; x < low {
			low, who, adj = x, p, k
		}
	}
	if who < 0 {
		return old, "hold"
	}
	return low * (1 - pr.Undercut), fmt.Sprintf("match-lowest: %s at $%.4g, worth ×%.2f for the capability gap",
		cfg.Providers[who].Name, v.Price(who, s), adj)
}

// lernerCap bounds a cost-plus markup by the Lerner markup 1/(η−1) of the
// logit market, with own-price elasticity η = α(1 − s) + ε·s for the
// provider's volume share s: no rule of thumb prices above what elastic
// demand would allow a profit maximiser.
func lernerCap(v *market.View, s int, markup float64) (float64, string) {
	seg := v.Config().Segments[s]
	sh := v.VolumeShare(v.Self(), s)
	eta := seg.Buyers.Price*(1-sh) + seg.Elasticity*sh
	if eta <= 1 {
		return markup, ""
	}
	if m := 1 / (eta - 1); m < markup {
		return m, fmt.Sprintf(" (Lerner cap at own elasticity %.2f)", eta)
	}
	return markup, ""
}

// spare is the volume the provider's fleet can serve in segment s next
// month: its full capacity there less what its other segments use (+Inf
// for a provider whose capacity is not modelled).
func spare(v *market.View, s int) float64 {
	self := v.Self()
	capa := v.Capacity(self, s)
	if math.IsInf(capa, 1) || capa <= 0 {
		return capa
	}
	own := v.Served(self, s) / capa
	return capa * math.Max(0, 1-(v.Utilisation(self)-own))
}

// ScarcityStep is the largest price rise per quarter when demand exceeds
// capacity (a shadow price on capacity may move faster than a rule's step).
const ScarcityStep = 0.5

// scarcityPrice returns the price at which the buyers' demand for the
// provider in segment s equals the capacity it has for s (its fleet less
// what its other segments use), when demand at price exceeds it by more
// than 2%: the shadow price of capacity. It searches the log price (see
// clearing) against the market's demand model, scaled to last month's
// demand at the current price (so demand shocks, seasons and buyers'
// inertia that the long-run model leaves out count).
func scarcityPrice(v *market.View, s int, price float64) (float64, bool) {
	self := v.Self()
	if capa := v.Capacity(self, s); math.IsInf(capa, 1) || capa <= 0 || price <= 0 {
		return 0, false
	}
	avail := spare(v, s)
	curve := remember(v.ResponseCurve(self, s))
	f := 1.0
	if r, d := curve(v.Price(self, s)), v.Demand(self, s); r > 0 && d > 0 {
		f = math.Max(0.2, math.Min(5, d/r))
	}
	demand := func(p float64) float64 { return f * curve(p) }
	if demand(price) <= 1.02*avail {
		return 0, false
	}
	lo, hi := math.Log(price), math.Log(price*8)
	if avail <= 0 || demand(math.Exp(hi)) > avail {
		return math.Exp(hi), true
	}
	return math.Exp(clearing(demand, avail, lo, hi)), true
}

// remember returns curve with its values at the prices it last saw kept:
// the search below asks again for the current price, its target and the
// top of its bracket, and each evaluation costs a pass over the cohorts.
func remember(curve func(float64) float64) func(float64) float64 {
	var seen [4]struct{ x, y float64 }
	n := 0
	return func(x float64) float64 {
		for i := range min(n, len(seen)) {
			if seen[i].x == x {
				return seen[i].y
			}
		}
		y := curve(x)
		seen[n%len(seen)] = struct{ x, y float64 }{x, y}
		n++
		return y
	}
}

// clearing returns the log price in [lo, hi] at which demand equals avail,
// given demand(e^lo) > avail ≥ demand(e^hi) and demand falling in price.
// It is the Illinois variant of regula falsi on ln demand − ln avail, which
// is close to linear in the log price (a logit share times a constant-
// elasticity market), so it needs a handful of evaluations where bisection
// needs sixteen; the bracket is kept, so it always converges. The answer is
// the bracket's upper end once the mismatch is below 10⁻⁶ or the bracket
// below 3·10⁻⁵, so demand there never exceeds avail by more than that.
func clearing(demand func(float64) float64, avail, lo, hi float64) float64 {
	g := func(x float64) float64 { return math.Log(max(demand(math.Exp(x)), 1e-300)) - math.Log(avail) }
	glo, ghi := g(lo), g(hi)
	side := 0
	for i := 0; i < 60 && hi-lo > 3e-5; i++ {
		x := hi - ghi*(hi-lo)/(ghi-glo)
		if !(x > lo && x < hi) {
			x = (lo + hi) / 2
		}
		gx := g(x)
		switch {
		case math.Abs(gx) < 1e-6:
			if gx <= 0 {
				return x
			}
			return math.Min(hi, x+1e-6)
		case gx > 0:
			lo, glo = x, gx
			if side == -1 {
				ghi /= 2
			}
			side = -1
		default:
			hi, ghi = x, gx
			if side == 1 {
				glo /= 2
			}
			side = 1
		}
	}
	return hi
}

// bestResponse returns the profit-maximising price within the quarter's
// step limits: a search on a log grid, refined by golden section.
func (pr Pricing) bestResponse(v *market.View, s int, old, cost float64) (float64, string) {
	self := v.Self()
	step := pr.MaxStep
	if step <= 0 {
		step = 1
	}
	lo, hi := old/(1+step), old*(1+step)
	if cost > 0 {
		lo = math.Max(lo, cost*(1+pr.FloorMarkup))
	}
	if lo >= hi {
		return lo, "best-response: at the floor"
	}
	avail := spare(v, s)
	curve := v.ResponseCurve(self, s)
	profit := func(lnp float64) float64 {
		p := math.Exp(lnp)
		return (p - cost) * math.Min(curve(p), avail)
	}
	const grid = 48
	a, b := math.Log(lo), math.Log(hi)
	best, bestX := math.Inf(-1), a
	for i := 0; i <= grid; i++ {
		x := a + (b-a)*float64(i)/grid
		if f := profit(x); f > best {
			best, bestX = f, x
		}
	}
	// Golden-section search between the best grid point's neighbours.
	h := (b - a) / grid
	l, r := math.Max(a, bestX-h), math.Min(b, bestX+h)
	const g = 0.6180339887498949
	x1, x2 := r-g*(r-l), l+g*(r-l)
	f1, f2 := profit(x1), profit(x2)
	for i := 0; i < 40; i++ {
		if f1 >= f2 {
			r, x2, f2 = x2, x1, f1
			x1 = r - g*(r-l)
			f1 = profit(x1)
		} else {
			l, x1, f1 = x1, x2, f2
			x2 = l + g*(r-l)
			f2 = profit(x2)
		}
	}
	p := math.Exp((l + r) / 2)
	vol := curve(p)
	return p, fmt.Sprintf("best-response: $%.4g maximises (price − cost $%.4g) × expected volume %.3g", p, cost, math.Min(vol, avail))
}
