package market

import "time"

// Day is simulated time: whole days since the scenario's start date.
type Day int

// Calendar converts between [Day] and dates for a run starting at Start.
type Calendar struct {
	Start time.Time // UTC midnight
}

// Date returns the calendar date of d.
func (c Calendar) Date(d Day) time.Time { return c.Start.AddDate(0, 0, int(d)) }

// DayOf returns the Day of t, rounded down to whole days.
func (c Calendar) DayOf(t time.Time) Day {
	return Day(t.Sub(c.Start).Hours() / 24)
}

// MonthStarts lists the first day of every calendar month that begins on or
// after Start and before Start+days, plus Start itself when it is mid-month.
func (c Calendar) MonthStarts(days int) []Day {
	var out []Day
	t := c.Start
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	if !first.Equal(t) {
		out = append(out, 0)
		first = first.AddDate(0, 1, 0)
	}
	for m := first; ; m = m.AddDate(0, 1, 0) {
		d := c.DayOf(m)
		if int(d) >= days {
			return out
		}
		out = append(out, d)
	}
}

// DaysInMonth returns the length of the calendar month containing d.
func (c Calendar) DaysInMonth(d Day) int {
	t := c.Date(d)
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	return int(first.AddDate(0, 1, 0).Sub(first).Hours() / 24)
}

// daysInMonth is w.cal.DaysInMonth(d), remembered for the last day asked
// (the settlement and the agents ask for the current day's month again and
// again).
func (w *world) daysInMonth(d Day) int {
	if w.dimDays == 0 || d != w.dimDay {
		w.dimDay, w.dimDays = d, w.cal.DaysInMonth(d)
	}
	return w.dimDays
}

// YearFraction returns the simulated time of d in years since Start.
func YearFraction(d Day) float64 { return float64(d) / 365.25 }
