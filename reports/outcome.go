package reports

import (
	"image/color"
	"math"
	"strconv"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Units of an outcome (see OutcomeInfo).
const (
	UnitShare = "share" // a fraction, shown in percent
	UnitUSD   = "usd"   // US dollars over the final year
	UnitPrice = "price" // US dollars per unit of a segment's volume
)

// OutcomeInfo describes one outcome that sweeps, sensitivity studies and
// comparisons report: a number computed from each run, such as a
// company's revenue share in the final year.
type OutcomeInfo struct {
	ID      string // as named on the command line, e.g. "revenue_share:alibaba"
	Label   string // for people, e.g. "Alibaba revenue share, 2030"
	Unit    string // UnitShare, UnitUSD or UnitPrice
	Per     string // for UnitPrice, the unit of volume, e.g. "Mtok"
	Company string // the company it is about, for its colour; "" for the market
}

// Format writes v in the outcome's unit: "47.3%", "$44.6B", "$0.21/Mtok".
func (o OutcomeInfo) Format(v float64) string {
	if !finite(v) {
		return "n/a"
	}
	switch o.Unit {
	case UnitShare:
		return pct(v)
	case UnitUSD:
		return usd(v)
	case UnitPrice:
		return "$" + strconv.FormatFloat(roundSig(v, 3), 'f', -1, 64) + "/" + o.Per
	}
	return strconv.FormatFloat(roundSig(v, 4), 'g', -1, 64)
}

// FormatDelta writes a difference of two values of the outcome, signed:
// "+2.1 pp" for shares (percentage points), "-$1.2B" for money.
func (o OutcomeInfo) FormatDelta(d float64) string {
	if !finite(d) {
		return "n/a"
	}
	sign := "+"
	switch {
	case d == 0:
		sign = ""
	case d < 0:
		sign = "−"
	}
	a := math.Abs(d)
	switch o.Unit {
	case UnitShare:
		if 100*a < 0.005 {
			return "0.00 pp"
		}
		if 100*a >= 10 {
			return sign + strconv.FormatFloat(100*a, 'f', 1, 64) + " pp"
		}
		return sign + strconv.FormatFloat(100*a, 'f', 2, 64) + " pp"
	case UnitUSD:
		return sign + usd(a)
	case UnitPrice:
		return sign + "$" + strconv.FormatFloat(roundSig(a, 3), 'f', -1, 64) + "/" + o.Per
	}
	return sign + strconv.FormatFloat(roundSig(a, 4), 'g', -1, 64)
}

// axis returns how a chart shows the outcome's values: the factor from its
// unit to the axis, the axis label and the tick format. maxAbs is the
// largest magnitude to show.
func (o OutcomeInfo) axis(maxAbs float64) (k float64, label string, format func(float64) string) {
	switch o.Unit {
	case UnitShare:
		return 100, o.Label + " (%)", formatPercent
	case UnitUSD:
		div, suffix, name := moneyUnit(maxAbs)
		return 1 / div, o.Label + " (USD " + name + ")", formatMoney(suffix)
	case UnitPrice:
		return 1, o.Label + " (USD per " + o.Per + ")", func(v float64) string { return "$" + formatNumber(v) }
	}
	return 1, o.Label, formatNumber
}

// deltaAxis is axis for differences of the outcome: shares in percentage
// points.
func (o OutcomeInfo) deltaAxis(maxAbs float64) (k float64, label string, format func(float64) string) {
	k, label, format = o.axis(maxAbs)
	if o.Unit == UnitShare {
		return 100, "change in " + o.Label + " (percentage points)", func(v float64) string { return formatNumber(v) }
	}
	return k, "change in " + label, format
}

// color is the colour of the outcome's company; the market's outcomes
// (prices) are slate blue, a colour no company has.
func (o OutcomeInfo) color() color.RGBA {
	if o.Company == "" || o.Company == market.Market {
		return rgb(0x4d, 0x6a, 0x8a)
	}
	return companyColor(o.Company)
}

// shareOfGap writes part's share of gap in percent, "" when the gap is
// zero or part unknown.
func shareOfGap(part, gap float64) string {
	if gap == 0 || !finite(part) {
		return ""
	}
	r := math.Round(100*part/gap) + 0 // +0 turns −0 into 0
	if r < 0 {
		return "−" + strconv.FormatFloat(-r, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(r, 'f', 0, 64) + "%"
}
