package reports

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
)

// calendarTicks marks a time axis whose values are days since start (as
// [market.Day]) on calendar boundaries: the first of a month, quarter,
// half-year, year or longer step, whichever is the finest whose labels fit
// along the axis. Labels read "2026 Q1" for quarters and "Jan 2027"
// otherwise (monthly labels drop the year except in January and on the
// first tick); the next finer boundaries are unlabelled minor ticks.
// gonum's own time ticks fall on round numbers of seconds, not on dates.
type calendarTicks struct {
	start time.Time // day 0, UTC midnight
	// width is the length of the axis in characters of the tick font;
	// labels take their length plus labelGap each.
	width float64
}

// labelGap is the space kept around a calendar tick label, in characters.
const labelGap = 3

// calendarSteps are the label steps in months, finest first, each with the
// step of its minor ticks (0: none).
var calendarSteps = []struct{ months, minor int }{
	{1, 0}, {3, 1}, {6, 3}, {12, 3}, {24, 12}, {60, 12},
}

// Ticks returns the ticks between days min and max inclusive: the labelled
// ones in date order, then the minor ones.
func (t calendarTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := t.date(min), t.date(max)
	for i, s := range calendarSteps {
		var ticks []plot.Tick
		chars := 0
		for j, m := range monthBoundaries(lo, hi, s.months) {
			l := calendarLabel(m, s.months, j == 0)
			chars += len(l) + labelGap
			ticks = append(ticks, plot.Tick{Value: t.day(m), Label: l})
		}
		if float64(chars) > t.width && i < len(calendarSteps)-1 {
			continue
		}
		if s.minor > 0 {
			for _, m := range monthBoundaries(lo, hi, s.minor) {
				if !onStep(m, s.months) {
					ticks = append(ticks, plot.Tick{Value: t.day(m)})
				}
			}
		}
		return ticks
	}
	return nil
}

// date returns the instant of day x, which may be fractional.
func (t calendarTicks) date(x float64) time.Time {
	return t.start.Add(time.Duration(math.Round(x * 24 * float64(time.Hour))))
}

// day returns the day number of the instant m.
func (t calendarTicks) day(m time.Time) float64 { return m.Sub(t.start).Hours() / 24 }

// monthBoundaries lists the first days of months in [lo, hi] that start a
// step of the given number of months (see onStep).
func monthBoundaries(lo, hi time.Time, step int) []time.Time {
	m := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m.Before(lo) {
		m = m.AddDate(0, 1, 0)
	}
	var out []time.Time
	for ; !m.After(hi); m = m.AddDate(0, 1, 0) {
		if onStep(m, step) {
			out = append(out, m)
		}
	}
	return out
}

// onStep reports whether month m starts a step of the given number of
// months: steps of up to a year start in January and every step months
// after; longer steps start in January of years divisible by step/12.
func onStep(m time.Time, step int) bool {
	if step <= 12 {
		return (int(m.Month())-1)%step == 0
	}
	return m.Month() == time.January && m.Year()%(step/12) == 0
}

// calendarLabel labels the boundary m of a step of the given months.
func calendarLabel(m time.Time, step int, first bool) string {
	switch {
	case step == 1:
		if first || m.Month() == time.January {
			return m.Format("Jan 2006")
		}
		return m.Format("Jan")
	case step == 3:
		return strconv.Itoa(m.Year()) + " Q" + strconv.Itoa((int(m.Month())+2)/3)
	}
	return m.Format("Jan 2006")
}

// niceTicks marks a linear axis at about n round values (1, 2, 2.5 or 5
// times a power of ten apart), labelled by format, with unlabelled minor
// ticks between them.
type niceTicks struct {
	n      int
	format func(v float64) string // nil: plain numbers
}

// Ticks returns the ticks in [min, max].
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return nil
	}
	step, minor := niceStep((hi - lo) / float64(max(t.n, 2)-1))
	format := t.format
	if format == nil {
		format = formatNumber
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/minor - 1e-9)
	per := math.Round(step / minor)
	for i := first; i*minor <= hi+1e-9*step; i++ {
		v := i * minor
		if math.Abs(math.Remainder(i, per)) < 1e-9 {
			ticks = append(ticks, plot.Tick{Value: v, Label: format(roundSig(v, 12))})
		} else {
			ticks = append(ticks, plot.Tick{Value: v})
		}
	}
	return ticks
}

// bounds returns [lo, hi] widened to the labelled ticks around it.
func (t niceTicks) bounds(lo, hi float64) (float64, float64) {
	step, _ := niceStep((hi - lo) / float64(max(t.n, 2)-1))
	return roundSig(math.Floor(lo/step+1e-9)*step, 12), roundSig(math.Ceil(hi/step-1e-9)*step, 12)
}

// niceStep returns the round step nearest above raw, and its minor step.
func niceStep(raw float64) (step, minor float64) {
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, m := range []struct{ step, minor float64 }{{1, 0.5}, {2, 1}, {2.5, 0.5}, {5, 1}, {10, 5}} {
		if raw <= m.step*mag*(1+1e-9) {
			return m.step * mag, m.minor * mag
		}
	}
	return 10 * mag, 5 * mag
}

// logTicks marks a log axis: every power of ten is labelled, and when the
// axis spans at most two decades so are 2 and 5 times a power of ten; the
// other integer multiples are minor ticks. Labels are made by format.
type logTicks struct {
	format func(v float64) string // nil: plain numbers
}

// Ticks returns the ticks in [min, max]; both must be positive.
func (t logTicks) Ticks(lo, hi float64) []plot.Tick {
	if lo <= 0 || hi <= lo {
		return nil
	}
	format := t.format
	if format == nil {
		format = formatNumber
	}
	elo, ehi := decades(lo, hi)
	dense := ehi-elo <= 2
	var ticks []plot.Tick
	for e := elo; e <= ehi; e++ {
		for m := 1; m <= 9; m++ {
			v := roundSig(float64(m)*math.Pow10(e), 12)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			if m == 1 || (dense && (m == 2 || m == 5)) {
				ticks = append(ticks, plot.Tick{Value: v, Label: format(v)})
			} else {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// decades returns the powers of ten at or below lo and at or above hi.
func decades(lo, hi float64) (int, int) {
	return int(math.Floor(math.Log10(lo) + 1e-9)), int(math.Ceil(math.Log10(hi) - 1e-9))
}

// logBounds widens [lo, hi] (both positive) to labelled ticks of
// logTicks: powers of ten, or 1, 2 and 5 times them when the range spans
// at most two decades.
func logBounds(lo, hi float64) (float64, float64) {
	elo, ehi := decades(lo, hi)
	if ehi-elo > 2 {
		return roundSig(math.Pow10(elo), 12), roundSig(math.Pow10(ehi), 12)
	}
	down, up := math.Pow10(elo), math.Pow10(ehi)
	for _, m := range []float64{5, 2} {
		if v := m * math.Pow10(elo); v <= lo*(1+1e-9) {
			down = v
			break
		}
	}
	for _, m := range []float64{0.2, 0.5} {
		if v := m * math.Pow10(ehi); v >= hi*(1-1e-9) {
			up = v
			break
		}
	}
	return roundSig(down, 12), roundSig(up, 12)
}

// formatNumber formats a tick value with the fewest digits that show it,
// without an exponent for the magnitudes charts use.
func formatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	s := strconv.FormatFloat(roundSig(v, 6), 'f', -1, 64)
	return s
}

// moneyUnit picks the unit for USD amounts up to maxAbs: billions,
// millions or thousands, with its divisor and the suffix of tick labels.
func moneyUnit(maxAbs float64) (div float64, suffix, name string) {
	switch {
	case maxAbs >= 1e9:
		return 1e9, "B", "billion"
	case maxAbs >= 1e6:
		return 1e6, "M", "million"
	case maxAbs >= 1e3:
		return 1e3, "K", "thousand"
	}
	return 1, "", ""
}

// formatMoney returns a label formatter for amounts already divided into
// the unit with the given suffix: 1.5 → "$1.5B", -0.25 → "-$0.25B".
func formatMoney(suffix string) func(float64) string {
	return func(v float64) string {
		s := formatNumber(v)
		if rest, ok := strings.CutPrefix(s, "-"); ok {
			return "-$" + rest + suffix
		}
		return "$" + s + suffix
	}
}

// formatPercent labels a value given in percent: 25 → "25%".
func formatPercent(v float64) string { return formatNumber(v) + "%" }

// roundSig rounds v to n significant digits, removing binary noise such
// as 0.30000000000000004 from computed tick values.
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	return r
}
