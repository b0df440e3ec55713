package classroom

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// The rules for what a team may decide in a round. They are written into
// every template and docs/CLASSROOM.md; change them together.
const (
	// priceFloorOfCost: a price may go down to this share of the serving
	// cost (at full utilisation): deep below cost, for a price war, but not
	// free.
	priceFloorOfCost = 0.25
	// priceCeiling: a price may go up to this multiple of the higher of
	// the team's current price and the segment's average price.
	priceCeiling = 4.0
	// rndCeiling: the R&D budget may go up to this multiple of the
	// scenario's plan for the company.
	rndCeiling = 5.0
	// maxTraining is the largest share of its fleet a team may reserve for
	// training its next models.
	maxTraining = 0.6
	// chipPriceCeiling: a supplier may price a chip up to this multiple of
	// its list price, and no lower than its unit cost.
	chipPriceCeiling = 2.0
	// maxPullDays: the Western labs may pull a release forward by up to
	// this many days a round.
	maxPullDays = 90
)

// bounds is an allowed range [Lo, Hi], both ends written with three
// significant digits so that what a template shows is exactly what is
// accepted. Rule says where the ends come from.
type bounds struct {
	Lo, Hi float64
	Rule   string
}

// contains reports whether x is within b, allowing for the rounding of
// numbers read from text.
func (b bounds) contains(x float64) bool {
	tol := 1e-9 * math.Max(1, math.Abs(b.Hi))
	return x >= b.Lo-tol && x <= b.Hi+tol
}

// limits are a team's allowed decisions in one round. Slices are indexed
// like the Config's segments, chips and models; nil means "not allowed"
// and the matching why says why not.
type limits struct {
	prices     []*bounds
	pricesWhy  []string
	orders     []*bounds
	ordersWhy  []string
	orderPrice []float64 // per chip: what the team pays a unit
	budget     float64   // cash and funding: the most a round's orders may cost
	rnd        *bounds
	training   *bounds // share of the fleet reserved for training
	funding    *bounds // what the team may ask its parent for this round
	chipPrices []*bounds
	pull       []*bounds
}

// limitsOf works out what the team with snapshot s may decide.
func limitsOf(cfg *market.Config, s *snapshot) *limits {
	l := &limits{
		prices: make([]*bounds, len(cfg.Segments)), pricesWhy: make([]string, len(cfg.Segments)),
		orders: make([]*bounds, len(cfg.Chips)), ordersWhy: make([]string, len(cfg.Chips)),
		chipPrices: make([]*bounds, len(cfg.Chips)), pull: make([]*bounds, len(cfg.Models)),
	}
	if s.Supplier {
		for _, cv := range s.Chips {
			l.chipPrices[cv.Chip] = &bounds{
				Lo: roundSig(cv.UnitCost, 3, 1), Hi: roundSig(chipPriceCeiling*cv.ListPrice, 3, -1),
				Rule: fmt.Sprintf("from the unit cost %s to %g× the list price %s", usd(cv.UnitCost), chipPriceCeiling, usd(cv.ListPrice)),
			}
		}
		return l
	}
	for seg, sv := range s.Segments {
		l.prices[seg], l.pricesWhy[seg] = priceBounds(cfg.Segments[seg], sv)
	}
	for c, o := range s.Offers {
		l.orders[c], l.ordersWhy[c] = orderBounds(s, o)
		l.orderPrice = append(l.orderPrice, o.PriceUSD)
	}
	l.budget = math.Max(0, s.CanPay)
	plan := cfg.Providers[s.Self].RnDUSDYr
	base := plan
	if base <= 0 {
		base = 1e8
	}
	l.rnd = &bounds{Lo: 0, Hi: roundSig(rndCeiling*base, 3, -1),
		Rule: fmt.Sprintf("from $0 to %g× the plan of %s a year", rndCeiling, usd(plan))}
	if !s.Western {
		l.training = &bounds{Lo: 0, Hi: maxTraining, Rule: fmt.Sprintf("from 0%% to %.0f%% of the fleet", 100*maxTraining)}
		l.funding = &bounds{Lo: 0, Hi: math.Max(0, roundSig(s.FundingLeft, 3, -1)),
			Rule: "from $0 to what the parent will still fund"}
	}
	if s.Western {
		for _, m := range s.Unreleased {
			if hi := min(maxPullDays, int(m.Release-s.Day)-1); hi > 0 {
				l.pull[m.Model] = &bounds{Lo: 0, Hi: float64(hi),
					Rule: fmt.Sprintf("from 0 to %d days a round, and not to before tomorrow", maxPullDays)}
			}
		}
	}
	return l
}

// priceBounds is the allowed price range in one segment, or why there is none.
func priceBounds(seg market.Segment, sv segmentView) (*bounds, string) {
	switch {
	case seg.Kind != market.Paid:
		return nil, fmt.Sprintf("%s has no price: its buyers pay nothing", seg.ID)
	case !sv.Sells:
		return nil, fmt.Sprintf("you do not sell in %s now", seg.ID)
	}
	lo := priceFloorOfCost * sv.Cost
	rule := fmt.Sprintf("from %g%% of your serving cost %s", 100*priceFloorOfCost, price(sv.Cost, seg.Unit))
	if sv.Cost <= 0 {
		lo, rule = sv.Price/10, "from a tenth of your price"
	}
	ref, refWhy := sv.Price, "your price"
	if sv.Average > ref {
		ref, refWhy = sv.Average, "the market's average price"
	}
	b := &bounds{Lo: roundSig(lo, 3, 1), Hi: roundSig(priceCeiling*ref, 3, -1),
		Rule: rule + fmt.Sprintf(" to %g× %s %s", priceCeiling, refWhy, price(ref, seg.Unit))}
	if b.Hi < b.Lo {
		b.Hi = b.Lo
	}
	return b, ""
}

// orderBounds is the allowed order of one chip, or why there is none.
func orderBounds(s *snapshot, o market.Offer) (*bounds, string) {
	switch {
	case s.Western:
		return nil, "the Western labs serve China from abroad and order no chips here"
	case !o.Available:
		return nil, o.Why
	}
	most, rule := o.Output, "up to what the supplier makes this quarter"
	if cp := s.Policy[o.Chip].CapPerQuarter; o.Foreign && cp > 0 && cp < most {
		most, rule = cp, "up to the US cap for China this quarter"
	}
	hi := roundSig(math.Floor(most), 3, -1)
	if hi < 1 {
		return nil, "the supplier makes none this quarter"
	}
	return &bounds{Lo: 0, Hi: hi, Rule: rule}, ""
}
