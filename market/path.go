package market

import (
	"math"
	"sort"
)

// Constant returns a Path that is v at every day.
func Constant(v float64) Path { return Path{Days: []Day{0}, Values: []float64{v}} }

// At returns the path's value on day d: linear (or geometric, for Log paths)
// interpolation between anchors, flat beyond the first and last anchor.
// An empty path is 0. O(log n) in the number of anchors.
func (p Path) At(d Day) float64 {
	n := len(p.Days)
	switch {
	case n == 0:
		return 0
	case d <= p.Days[0]:
		return p.Values[0]
	case d >= p.Days[n-1]:
		return p.Values[n-1]
	}
	i := sort.Search(n, func(i int) bool { return p.Days[i] > d }) // p.Days[i-1] <= d < p.Days[i]
	d0, d1 := float64(p.Days[i-1]), float64(p.Days[i])
	v0, v1 := p.Values[i-1], p.Values[i]
	t := (float64(d) - d0) / (d1 - d0)
	if p.Log && v0 > 0 && v1 > 0 {
		return v0 * math.Pow(v1/v0, t)
	}
	return v0 + t*(v1-v0)
}

// pathMemo remembers a path's value on the day it was last asked for: the
// settlement and every agent's demand curve ask for the same paths on the
// same day again and again, and a log-interpolated path costs a power.
type pathMemo struct {
	day  Day
	v    float64
	seen bool
}

// at returns p.At(d), from memory when d is the day asked for last.
func (m *pathMemo) at(p *Path, d Day) float64 {
	if !m.seen || m.day != d {
		m.day, m.v, m.seen = d, p.At(d), true
	}
	return m.v
}
