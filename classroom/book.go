package classroom

import (
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// book indexes a result's monthly records by company, segment and metric.
type book struct {
	r   *market.Result
	idx map[seriesKey][]float64 // one value per month; NaN where none was recorded
}

type seriesKey struct{ company, segment, metric string }

func newBook(r *market.Result) *book {
	b := &book{r: r, idx: map[seriesKey][]float64{}}
	month := map[market.Day]int{}
	for i, d := range r.Months {
		month[d] = i
	}
	for _, x := range r.Records {
		k := seriesKey{x.Company, x.Segment, x.Metric}
		s, ok := b.idx[k]
		if !ok {
			s = make([]float64, len(r.Months))
			for i := range s {
				s[i] = math.NaN()
			}
			b.idx[k] = s
		}
		s[month[x.Day]] = x.Value
	}
	return b
}

// span returns the months settled on days in [from, to) as indices [i, j).
func (b *book) span(from, to market.Day) (int, int) {
	i, j := 0, 0
	for _, d := range b.r.Months {
		if d < from {
			i++
		}
		if d < to {
			j++
		}
	}
	return i, max(i, j)
}

// sum adds a series over the months settled in [from, to); NaN if none
// of them has a value.
func (b *book) sum(company, segment, metric string, from, to market.Day) float64 {
	s := b.idx[seriesKey{company, segment, metric}]
	i, j := b.span(from, to)
	total, n := 0.0, 0
	for k := i; k < j && k < len(s); k++ {
		if !math.IsNaN(s[k]) {
			total += s[k]
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return total
}

// mean averages a series over the months settled in [from, to).
func (b *book) mean(company, segment, metric string, from, to market.Day) float64 {
	s := b.idx[seriesKey{company, segment, metric}]
	i, j := b.span(from, to)
	total, n := 0.0, 0
	for k := i; k < j && k < len(s); k++ {
		if !math.IsNaN(s[k]) {
			total += s[k]
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return total / float64(n)
}

// last is a series' value in the last month settled before to; NaN if none.
func (b *book) last(company, segment, metric string, to market.Day) float64 {
	s := b.idx[seriesKey{company, segment, metric}]
	_, j := b.span(0, to)
	if j == 0 || j > len(s) {
		return math.NaN()
	}
	return s[j-1]
}

// ratio is a/b, NaN when b is zero or either is NaN.
func ratio(a, b float64) float64 {
	if b == 0 || math.IsNaN(a) || math.IsNaN(b) {
		return math.NaN()
	}
	return a / b
}

// or0 turns NaN into 0.
func or0(x float64) float64 {
	if math.IsNaN(x) {
		return 0
	}
	return x
}
