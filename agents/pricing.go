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
func (pr Pricing) price(v *market.View, s int, targetUtil float64) (float64, string) {
	self := v.Self()
	old := v.Price(self, s)
	full := v.ServingCost(self, s) // at full utilisation
	cost := full / max(targetUtil, 0.1)
	target, why := old, "hold"
	rule := pr.Rule
	if rule == Penetration {
		d := v.Date()
		if !d.Before(pr.From) && d.Before(pr.To) {
			avg, n := 0.0, 0
			for p := range v.Config().Providers {
				if p != self && v.Offers(p, s) && !v.Config().Providers[p].Western {
					avg += v.Price(p, s)
					n++
				}
			}
			if n > 0 {
				target = avg / float64(n) * (1 - pr.Discount)
				why = fmt.Sprintf("penetration until %s: %.0f%% below rivals' average $%.4g", pr.To.Format("2006-01-02"), 100*pr.Discount, avg/float64(n))
			}
		} else {
			rule = MatchLowest
		}
	}
	switch rule {
	case BestResponse:
		target, why = pr.bestResponse(v, s, old, full)
	case CostPlus:
		if cost > 0 {
			target = cost * (1 + pr.Markup)
			why = fmt.Sprintf("cost-plus: cost $%.4g + %.0f%%", cost, 100*pr.Markup)
		}
	case MatchLowest:
		own := v.Quality(self, s)
		low, who := math.Inf(1), -1
		for p := range v.Config().Providers {
			if p == self || !v.Offers(p, s) || v.Config().Providers[p].Western {
				continue
			}
			if v.Quality(p, s) >= own-pr.QualityBand && v.Price(p, s) < low {
				low, who = v.Price(p, s), p
			}
		}
		if who >= 0 {
			target = low * (1 - pr.Undercut)
			why = fmt.Sprintf("match-lowest: %s at $%.4g", v.Config().Providers[who].Name, low)
		}
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
	if pr.MaxStep > 0 {
		target = math.Max(old*(1-pr.MaxStep), math.Min(old*(1+pr.MaxStep), target))
	}
	if floor := full * (1 + pr.FloorMarkup); full > 0 && target < floor {
		target = floor
		why += fmt.Sprintf("; floored at serving cost $%.4g %+.0f%%", full, 100*pr.FloorMarkup)
	}
	return target, why
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
	avail := math.Inf(1)
	if capa := v.Capacity(self, s); !math.IsInf(capa, 1) {
		own := 0.0
		if capa > 0 {
			own = v.Served(self, s) / capa
		}
		avail = capa * math.Max(0, 1-(v.Utilisation(self)-own))
	}
	profit := func(lnp float64) float64 {
		p := math.Exp(lnp)
		return (p - cost) * math.Min(v.Response(self, s, p), avail)
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
	vol := v.Response(self, s, p)
	return p, fmt.Sprintf("best-response: $%.4g maximises (price − cost $%.4g) × expected volume %.3g", p, cost, math.Min(vol, avail))
}
