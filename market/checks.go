package market

import (
	"fmt"
	"math"
	"strconv"
)

// CheckKind selects what a user-declared [Check] verifies.
type CheckKind int

const (
	// CheckSharesSumToOne: in every segment with served volume, the volume
	// shares sum to 1 within Tolerance (absolute).
	CheckSharesSumToOne CheckKind = iota
	// CheckRevenueWithinMarket: each provider's revenue in a paid segment is
	// at most what the segment's buyers spent that month, within Tolerance
	// (relative); and, if Max > 0, the revenue of the paid segments (the
	// Company's, or every provider's), as a yearly rate, is at most Max USD.
	CheckRevenueWithinMarket
	// CheckPriceAboveCost: each provider's price in a paid segment it
	// serves is at least its serving cost (full cost per unit at its fleet
	// mix and full load) × (1 − AllowedDiscount), within Tolerance
	// (relative).
	CheckPriceAboveCost
	// CheckUtilisationAtMost: each domestic provider's fleet utilisation is
	// at most Max, within Tolerance (absolute).
	CheckUtilisationAtMost
	// CheckShareAtMost: a provider's volume share (revenue share with
	// Revenue) in a segment it sells in is at most Max, within Tolerance
	// (absolute).
	CheckShareAtMost
)

// checkNames are the names of the check kinds, as scenarios write them.
var checkNames = [...]string{
	CheckSharesSumToOne:      "shares-sum-to-one",
	CheckRevenueWithinMarket: "revenue-within-market",
	CheckPriceAboveCost:      "price-above-marginal-cost",
	CheckUtilisationAtMost:   "utilisation-at-most",
	CheckShareAtMost:         "share-at-most",
}

// String returns the name scenarios use for k, e.g. "share-at-most".
func (k CheckKind) String() string {
	if k >= 0 && int(k) < len(checkNames) {
		return checkNames[k]
	}
	return "check(" + strconv.Itoa(int(k)) + ")"
}

// CheckKinds returns every check kind, in order.
func CheckKinds() []CheckKind {
	ks := make([]CheckKind, len(checkNames))
	for i := range ks {
		ks[i] = CheckKind(i)
	}
	return ks
}

// KindCheck is the log kind of a violated check with Warn set.
const KindCheck = "check"

// Check is a condition a scenario declares about every monthly settlement,
// evaluated after the market's own invariants. A violation stops the run
// with a [*CheckError], or, with Warn, is written to the log (kind
// [KindCheck], one entry per violation per month) and the run goes on.
type Check struct {
	Kind    CheckKind
	Segment int // segment index, or −1 for every segment the kind applies to
	Company int // provider index, or −1 for every provider
	// Max is the bound of CheckUtilisationAtMost and CheckShareAtMost (a
	// fraction), and of CheckRevenueWithinMarket (USD a year; 0 for none).
	Max float64
	// Revenue makes CheckShareAtMost bound the revenue share rather than the
	// volume share (paid segments only).
	Revenue bool
	// Tolerance is the slack allowed, as described for each kind.
	Tolerance float64
	// AllowedDiscount is, per provider, how far below serving cost
	// CheckPriceAboveCost lets its price go (0.3 allows 30% below); nil
	// means 0 for everyone.
	AllowedDiscount []float64
	Warn            bool
	// Where says where the check was declared ("baseline.yaml:760:5"); it
	// is added to messages when not empty.
	Where string
}

// CheckError reports the first violation of a check whose Warn is not set.
type CheckError struct {
	Check string // the kind's name
	Date  string // YYYY-MM-DD of the settlement
	What  string // who, where and the values
	Where string // where the check was declared, if known
}

func (e *CheckError) Error() string {
	msg := fmt.Sprintf("check %s failed on %s: %s", e.Check, e.Date, e.What)
	if e.Where != "" {
		msg += " (declared at " + e.Where + ")"
	}
	return msg
}

// validate reports a check that does not fit cfg.
func (c *Check) validate(cfg *Config) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: check %s: %s", ErrConfig, c.Kind, fmt.Sprintf(format, args...))
	}
	switch {
	case c.Kind < 0 || int(c.Kind) >= len(checkNames):
		return bad("unknown kind")
	case c.Segment < -1 || c.Segment >= len(cfg.Segments):
		return bad("segment %d out of range", c.Segment)
	case c.Company < -1 || c.Company >= len(cfg.Providers):
		return bad("company %d out of range", c.Company)
	case c.AllowedDiscount != nil && len(c.AllowedDiscount) != len(cfg.Providers):
		return bad("allowed discounts must have one entry per provider")
	case math.IsNaN(c.Max) || math.IsNaN(c.Tolerance) || c.Tolerance < 0:
		return bad("max %v and tolerance %v must be numbers, the tolerance not negative", c.Max, c.Tolerance)
	}
	return nil
}

// checkDeclared evaluates the scenario's checks on the settlement just
// booked, covering the given number of days. It returns the first
// violation of a check without Warn, and logs the violations of the others.
func (w *world) checkDeclared(days int) error {
	for i := range w.cfg.Checks {
		c := &w.cfg.Checks[i]
		if err := c.validate(w.cfg); err != nil {
			return err
		}
		var failed error
		report := func(actor, format string, args ...any) {
			what := fmt.Sprintf(format, args...)
			if c.Warn {
				cause := "check " + c.Kind.String()
				if c.Where != "" {
					cause += " declared at " + c.Where
				}
				w.logf(KindCheck, actor, cause, "check %s: %s", c.Kind, what)
				return
			}
			if failed == nil {
				failed = &CheckError{Check: c.Kind.String(), Date: w.cal.Date(w.day).Format("2006-01-02"), What: what, Where: c.Where}
			}
		}
		w.evaluate(c, days, report)
		if failed != nil {
			return failed
		}
	}
	return nil
}

// evaluate calls report for every violation of c.
func (w *world) evaluate(c *Check, days int, report func(actor, format string, args ...any)) {
	cfg := w.cfg
	for s, seg := range cfg.Segments {
		if c.Segment >= 0 && s != c.Segment {
			continue
		}
		ws := &w.seg[s]
		switch c.Kind {
		case CheckSharesSumToOne:
			var sum, vol float64
			for p := range w.prov {
				sum += ws.volShare[p]
				vol += w.prov[p].served[s]
			}
			if vol > 0 && math.Abs(sum-1) > c.Tolerance {
				report(Market, "%s volume shares sum to %.9g, not 1", seg.ID, sum)
			}
		case CheckRevenueWithinMarket:
			if seg.Kind != Paid {
				continue
			}
			for p := range w.prov {
				if c.Company >= 0 && p != c.Company {
					continue
				}
				if rev := w.prov[p].revenue[s]; rev > ws.spend*(1+c.Tolerance) {
					report(cfg.Providers[p].ID, "%s %s revenue $%s is above the segment's spend $%s",
						cfg.Providers[p].ID, seg.ID, money(rev), money(ws.spend))
				}
			}
		case CheckPriceAboveCost:
			if seg.Kind != Paid {
				continue
			}
			for p := range w.prov {
				if (c.Company >= 0 && p != c.Company) || !w.available(p, s) {
					continue
				}
				w.priceAboveCost(c, p, s, report)
			}
		case CheckShareAtMost:
			for p, pc := range cfg.Providers {
				if (c.Company >= 0 && p != c.Company) || !pc.Serves[s] {
					continue
				}
				share, what := ws.volShare[p], "volume share"
				if c.Revenue {
					if seg.Kind != Paid {
						continue
					}
					share, what = ws.revShare[p], "revenue share"
				}
				if share > c.Max+c.Tolerance {
					report(pc.ID, "%s %s %s %s is above %s", pc.ID, seg.ID, what, percent(share), percent(c.Max))
				}
			}
		}
	}
	switch c.Kind {
	case CheckRevenueWithinMarket:
		w.revenueRate(c, days, report)
	case CheckUtilisationAtMost:
		for p, pc := range cfg.Providers {
			if (c.Company >= 0 && p != c.Company) || pc.Western {
				continue
			}
			if u := w.prov[p].util; u > c.Max+c.Tolerance {
				report(pc.ID, "%s utilisation %s is above %s", pc.ID, percent(u), percent(c.Max))
			}
		}
	}
}

// priceAboveCost checks provider p's price in paid segment s against its
// serving cost.
func (w *world) priceAboveCost(c *Check, p, s int, report func(actor, format string, args ...any)) {
	cost := w.servingCost(p, s)
	if cost <= 0 {
		return // nothing served, or a Western lab without a home chip
	}
	discount := 0.0
	if c.AllowedDiscount != nil {
		discount = c.AllowedDiscount[p]
	}
	floor := cost * (1 - discount)
	price := w.prov[p].price[s]
	if price >= floor*(1-c.Tolerance) {
		return
	}
	id, seg := w.cfg.Providers[p].ID, &w.cfg.Segments[s]
	digits := 3 // enough to tell the price from the floor
	for digits < 9 && unitPrice(price, "", digits) == unitPrice(floor, "", digits) {
		digits++
	}
	f := func(x float64) string { return unitPrice(x, seg.Unit, digits) }
	if discount == 0 {
		report(id, "%s %s price %s is below serving cost %s", id, seg.ID, f(price), f(cost))
		return
	}
	report(id, "%s %s price %s is below serving cost %s less the allowed %s (%s)", id, seg.ID,
		f(price), f(cost), percent(discount), f(floor))
}

// revenueRate checks the yearly rate of the month's paid revenue against
// c.Max, for c.Company or the whole market, in c.Segment or every segment.
func (w *world) revenueRate(c *Check, days int, report func(actor, format string, args ...any)) {
	if c.Max <= 0 || days <= 0 {
		return
	}
	var rev float64
	for p := range w.prov {
		if c.Company >= 0 && p != c.Company {
			continue
		}
		for s, seg := range w.cfg.Segments {
			if seg.Kind == Paid && (c.Segment < 0 || s == c.Segment) {
				rev += w.prov[p].revenue[s]
			}
		}
	}
	yearly := rev * 365.25 / float64(days)
	if yearly <= c.Max*(1+c.Tolerance) {
		return
	}
	who, actor := "the market's", Market
	if c.Company >= 0 {
		actor = w.cfg.Providers[c.Company].ID
		who = actor
	}
	where := "paid segments"
	if c.Segment >= 0 {
		where = w.cfg.Segments[c.Segment].ID
	}
	report(actor, "%s revenue in %s runs at $%s a year, above the limit of $%s", who, where, money(yearly), money(c.Max))
}

// percent formats a fraction as a percentage with one decimal.
func percent(x float64) string { return strconv.FormatFloat(100*x, 'f', 1, 64) + "%" }

// unitPrice formats a price per unit to the given significant digits,
// e.g. "$0.12/Mtok" or "$1.6K/GPU-hour".
func unitPrice(x float64, unit string, digits int) string {
	s := "$" + strconv.FormatFloat(x, 'g', digits, 64)
	if math.Abs(x) >= 1000 {
		s = "$" + money(x)
	} else if v, err := strconv.ParseFloat(s[1:], 64); err == nil {
		s = "$" + strconv.FormatFloat(v, 'f', -1, 64)
	}
	if unit == "" {
		return s
	}
	return s + "/" + unit
}
