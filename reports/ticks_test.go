package reports

import (
	"math"
	"reflect"
	"testing"
	"time"

	"gonum.org/v1/plot"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// days returns the day number of t in a run starting at start.
func days(start, t time.Time) float64 { return t.Sub(start).Hours() / 24 }

// labelled returns the labelled ticks, in order.
func labelled(ticks []plot.Tick) []plot.Tick {
	var out []plot.Tick
	for _, t := range ticks {
		if !t.IsMinor() {
			out = append(out, t)
		}
	}
	return out
}

func TestCalendarTicks(t *testing.T) {
	jan26 := date(2026, time.January, 1)
	feb14 := date(2026, time.February, 14)
	tests := []struct {
		name   string
		reason string
		start  time.Time
		lo, hi float64 // days
		width  float64 // characters
		want   []plot.Tick
		minors int
	}{
		{
			name: "five years, narrow", reason: "too narrow for half-years: yearly labels, quarterly minor ticks",
			start: jan26, lo: 0, hi: days(jan26, date(2030, time.December, 1)), width: 60,
			want: []plot.Tick{
				{Value: 0, Label: "Jan 2026"}, {Value: 365, Label: "Jan 2027"}, {Value: 730, Label: "Jan 2028"},
				{Value: 1096, Label: "Jan 2029"}, {Value: 1461, Label: "Jan 2030"},
			},
			minors: 15,
		},
		{
			name: "five years, wide", reason: "room for ten half-year labels; quarters between them",
			start: jan26, lo: 0, hi: days(jan26, date(2030, time.December, 1)), width: 120,
			want: []plot.Tick{
				{Value: 0, Label: "Jan 2026"}, {Value: 181, Label: "Jul 2026"}, {Value: 365, Label: "Jan 2027"},
				{Value: 546, Label: "Jul 2027"}, {Value: 730, Label: "Jan 2028"}, {Value: 912, Label: "Jul 2028"},
				{Value: 1096, Label: "Jan 2029"}, {Value: 1277, Label: "Jul 2029"}, {Value: 1461, Label: "Jan 2030"},
				{Value: 1642, Label: "Jul 2030"},
			},
			minors: 10,
		},
		{
			name: "one year by quarter", reason: "months do not fit, quarters do: labelled 2026 Q1..Q4, months minor",
			start: jan26, lo: 0, hi: 334, width: 45,
			want: []plot.Tick{
				{Value: 0, Label: "2026 Q1"}, {Value: 90, Label: "2026 Q2"},
				{Value: 181, Label: "2026 Q3"}, {Value: 273, Label: "2026 Q4"},
			},
			minors: 8,
		},
		{
			name: "mid-month start by month", reason: "a run from 15 January: the first tick is 1 February, which carries its year",
			start: date(2026, time.January, 15), lo: 0, hi: 140, width: 100,
			want: []plot.Tick{
				{Value: 17, Label: "Feb 2026"}, {Value: 45, Label: "Mar"}, {Value: 76, Label: "Apr"},
				{Value: 106, Label: "May"}, {Value: 137, Label: "Jun"},
			},
		},
		{
			name: "mid-month start by quarter", reason: "a run from 14 February: quarters start 1 April, not at the start",
			start: feb14, lo: 0, hi: 365, width: 45,
			want: []plot.Tick{
				{Value: 46, Label: "2026 Q2"}, {Value: 137, Label: "2026 Q3"},
				{Value: 229, Label: "2026 Q4"}, {Value: 321, Label: "2027 Q1"},
			},
			minors: 8,
		},
		{
			name: "month labels across a new year", reason: "January shows its year; other months do not",
			start: date(2026, time.November, 1), lo: 0, hi: 90, width: 100,
			want: []plot.Tick{{Value: 0, Label: "Nov 2026"}, {Value: 30, Label: "Dec"}, {Value: 61, Label: "Jan 2027"}},
		},
		{
			name: "too narrow for anything", reason: "the coarsest step (five years) is used even if it does not fit",
			start: jan26, lo: 0, hi: days(jan26, date(2036, time.January, 1)), width: 1,
			want:   []plot.Tick{{Value: days(jan26, date(2030, time.January, 1)), Label: "Jan 2030"}, {Value: days(jan26, date(2035, time.January, 1)), Label: "Jan 2035"}},
			minors: 9,
		},
		{
			name: "empty range between boundaries", reason: "no first-of-month inside: no ticks rather than made-up ones",
			start: date(2026, time.March, 3), lo: 0, hi: 20, width: 100,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ticks := calendarTicks{start: tc.start, width: tc.width}.Ticks(tc.lo, tc.hi)
			if got := labelled(ticks); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s:\n got %v\nwant %v", tc.reason, got, tc.want)
			}
			if n := len(ticks) - len(tc.want); n != tc.minors {
				t.Errorf("%s: %d minor ticks, want %d", tc.reason, n, tc.minors)
			}
			for _, tk := range ticks {
				d := tc.start.Add(time.Duration(tk.Value * 24 * float64(time.Hour)))
				if d.Day() != 1 || d.Hour() != 0 || tk.Value < tc.lo || tk.Value > tc.hi {
					t.Errorf("tick %v at %v: not the first of a month inside the range", tk, d)
				}
			}
		})
	}
}

func TestNiceTicks(t *testing.T) {
	tests := []struct {
		name   string
		t      niceTicks
		lo, hi float64
		want   []string
	}{
		{"percent", niceTicks{n: 6, format: formatPercent}, 0, 100, []string{"0%", "20%", "40%", "60%", "80%", "100%"}},
		{"money with a negative side", niceTicks{n: 6, format: formatMoney("B")}, -0.3, 1.6, []string{"$0B", "$0.5B", "$1B", "$1.5B"}},
		{"decimal noise removed", niceTicks{n: 4}, 0, 0.3, []string{"0", "0.1", "0.2", "0.3"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, tk := range labelled(tc.t.Ticks(tc.lo, tc.hi)) {
				got = append(got, tk.Label)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("labels %q, want %q", got, tc.want)
			}
		})
	}
	if got := formatMoney("B")(-0.25); got != "-$0.25B" {
		t.Errorf("formatMoney(-0.25) = %q, want -$0.25B", got)
	}
}

func TestNiceBoundsEndOnLabels(t *testing.T) {
	for _, r := range [][2]float64{{0, 3.93}, {-0.27, 1.63}, {0, 2.13}, {60, 91}, {0, 1e-3}} {
		a := plot.Axis{Min: r[0], Max: r[1]}
		a.Tick.Marker = niceTicks{n: 6}
		fitAxis(&a)
		lab := labelled(a.Tick.Marker.Ticks(a.Min, a.Max))
		if len(lab) < 2 || lab[0].Value != a.Min || lab[len(lab)-1].Value != a.Max {
			t.Errorf("range %v widened to [%g, %g], labels %v: want labelled ends", r, a.Min, a.Max, lab)
		}
		if a.Min > r[0] || a.Max < r[1] {
			t.Errorf("range %v narrowed to [%g, %g]", r, a.Min, a.Max)
		}
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		name, reason string
		lo, hi       float64
		bounds       [2]float64
		want         []string
	}{
		{"prices", "two decades or less: 1, 2 and 5 labelled", 0.17, 4, [2]float64{0.1, 5}, []string{"0.1", "0.2", "0.5", "1", "2", "5"}},
		{"serving cost", "over two decades: powers of ten only", 0.0186, 3.76, [2]float64{0.01, 10}, []string{"0.01", "0.1", "1", "10"}},
		{"exact decade", "bounds already on ticks stay", 1, 100, [2]float64{1, 100}, []string{"1", "2", "5", "10", "20", "50", "100"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := logBounds(tc.lo, tc.hi)
			if [2]float64{lo, hi} != tc.bounds {
				t.Errorf("%s: bounds [%g, %g], want %v", tc.reason, lo, hi, tc.bounds)
			}
			var got []string
			for _, tk := range labelled(logTicks{}.Ticks(lo, hi)) {
				got = append(got, tk.Label)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: labels %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
	if ticks := (logTicks{}).Ticks(0, 1); ticks != nil {
		t.Errorf("log ticks from 0: %v, want none", ticks)
	}
}

func TestRoundSig(t *testing.T) {
	if got := roundSig(0.1+0.2, 12); got != 0.3 {
		t.Errorf("roundSig(0.1+0.2) = %v", got)
	}
	if got := roundSig(math.NaN(), 3); !math.IsNaN(got) {
		t.Errorf("roundSig(NaN) = %v", got)
	}
}
