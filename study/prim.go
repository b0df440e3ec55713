package study

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// This file is PRIM, the patient rule induction method of Friedman and
// Fisher (1999) as scenario discovery uses it (Bryant and Lempert, 2010):
// over a matrix of inputs X (one row per run) and a yes/no outcome y, it
// looks for a box of input limits inside which y is mostly true. It peels
// the box one thin slice at a time, keeping the slice whose removal
// raises the density most, records every box on the way (the peeling
// trajectory, from full coverage to high density), chooses one and pastes
// back slices that raise its density again.

// PRIMOptions tune PRIM. The zero value means the defaults.
type PRIMOptions struct {
	Alpha      float64 // share of the box's points one peel removes; default 0.05
	MinSupport float64 // smallest share of all points a box may hold; default 0.05
	// Threshold, if positive, chooses the box with the most coverage whose
	// density reaches it; if no box reaches it, the densest box. When 0 the
	// box at the knee of the coverage–density trajectory is chosen.
	Threshold float64
	// MaxP drops limits that do not matter: after pasting, the limit
	// whose quasi-p-value is highest is dropped while that value exceeds
	// MaxP, the quasi-p-value of a limit being the binomial chance that
	// the box's runs would hold at least its cases if they met the
	// condition at the rate of the box without the limit (Bryant and
	// Lempert's significance test). Default 0.05; negative keeps every
	// limit.
	MaxP float64
}

// PRIMBox is one box of the trajectory: a lower and upper limit per
// input (±Inf where the box does not restrict it) and how well it picks
// out the cases.
type PRIMBox struct {
	Lo, Hi     []float64
	Coverage   float64 // cases in the box over all cases
	Density    float64 // cases in the box over points in the box
	Support    int     // points in the box
	Restricted int     // inputs with a finite limit
}

// Restricts reports whether the box limits input j.
func (b *PRIMBox) Restricts(j int) bool { return !math.IsInf(b.Lo[j], -1) || !math.IsInf(b.Hi[j], 1) }

// PRIMResult is the peeling trajectory and the chosen, pasted box.
type PRIMResult struct {
	Trajectory []PRIMBox
	Chosen     int     // index in Trajectory of the box that was pasted
	Box        PRIMBox // the chosen box after pasting and dropping the limits that matter least
	Cases      int     // points where y is true
}

// PRIM runs peeling and pasting on x (n rows of d inputs) and y. It costs
// O(steps · d · n log n); a 1,000 × 40 matrix takes milliseconds. It
// returns an error when the input is empty, ragged or has no case.
func PRIM(x [][]float64, y []bool, opt PRIMOptions) (*PRIMResult, error) {
	if len(x) == 0 || len(x) != len(y) {
		return nil, fmt.Errorf("PRIM needs as many outcomes as rows, and at least one: %d rows, %d outcomes", len(x), len(y))
	}
	d := len(x[0])
	for i, r := range x {
		if len(r) != d {
			return nil, fmt.Errorf("row %d has %d inputs, want %d", i, len(r), d)
		}
	}
	opt.Alpha = cmp.Or(opt.Alpha, 0.05)
	opt.MinSupport = cmp.Or(opt.MinSupport, 0.05)
	if opt.Alpha <= 0 || opt.Alpha >= 0.5 || opt.MinSupport <= 0 || opt.MinSupport > 1 {
		return nil, fmt.Errorf("PRIM: alpha must be in (0, 0.5) and the minimum support in (0, 1]: %g, %g", opt.Alpha, opt.MinSupport)
	}
	p := &prim{x: x, y: y, d: d, alpha: opt.Alpha}
	for _, v := range y {
		if v {
			p.cases++
		}
	}
	if p.cases == 0 {
		return nil, errors.New("no run meets the condition, so there is nothing to explain")
	}
	box := p.full()
	res := &PRIMResult{Cases: p.cases, Trajectory: []PRIMBox{box}}
	minN := max(1, int(math.Ceil(opt.MinSupport*float64(len(x)))))
	for {
		next, ok := p.peel(box, minN)
		if !ok {
			break
		}
		box = next
		res.Trajectory = append(res.Trajectory, box)
	}
	res.Chosen = choose(res.Trajectory, opt.Threshold)
	res.Box = p.paste(res.Trajectory[res.Chosen])
	if opt.MaxP == 0 {
		opt.MaxP = 0.05
	}
	if opt.MaxP > 0 {
		res.Box = p.prune(res.Box, opt.MaxP)
	}
	return res, nil
}

// prim is one PRIM run's data.
type prim struct {
	x     [][]float64
	y     []bool
	d     int
	alpha float64
	cases int
}

// full is the box that restricts nothing.
func (p *prim) full() PRIMBox {
	b := PRIMBox{Lo: make([]float64, p.d), Hi: make([]float64, p.d)}
	for j := range p.d {
		b.Lo[j], b.Hi[j] = math.Inf(-1), math.Inf(1)
	}
	p.measure(&b)
	return b
}

// in reports whether row i lies in b.
func (p *prim) in(b *PRIMBox, i int) bool {
	for j, v := range p.x[i] {
		if v < b.Lo[j] || v > b.Hi[j] {
			return false
		}
	}
	return true
}

// measure sets b's support, coverage, density and restricted count.
func (p *prim) measure(b *PRIMBox) {
	n, c := 0, 0
	for i := range p.x {
		if p.in(b, i) {
			n++
			if p.y[i] {
				c++
			}
		}
	}
	b.Support, b.Coverage, b.Density = n, float64(c)/float64(p.cases), 0
	if n > 0 {
		b.Density = float64(c) / float64(n)
	}
	b.Restricted = 0
	for j := range p.d {
		if b.Restricts(j) {
			b.Restricted++
		}
	}
}

// values returns input j of the rows in b, sorted.
func (p *prim) values(b *PRIMBox, j int) []float64 {
	var v []float64
	for i := range p.x {
		if p.in(b, i) {
			v = append(v, p.x[i][j])
		}
	}
	slices.Sort(v)
	return v
}

// clone copies a box's limits.
func clone(b PRIMBox) PRIMBox {
	b.Lo, b.Hi = slices.Clone(b.Lo), slices.Clone(b.Hi)
	return b
}

// better reports whether candidate a beats b: higher density, then more
// support (a gentler peel). Ties keep the first, so the order of inputs
// decides, deterministically.
func better(a, b PRIMBox) bool {
	if a.Density != b.Density {
		return a.Density > b.Density
	}
	return a.Support > b.Support
}

// peel returns the best box one slice smaller than b, or false when no
// slice can be removed without going below minN points.
func (p *prim) peel(b PRIMBox, minN int) (PRIMBox, bool) {
	var best PRIMBox
	found := false
	k := max(1, int(p.alpha*float64(b.Support)))
	for j := range p.d {
		v := p.values(&b, j)
		if len(v) <= k {
			continue
		}
		for side := range 2 {
			c := clone(b)
			if side == 0 {
				c.Lo[j] = v[k]
			} else {
				c.Hi[j] = v[len(v)-1-k]
			}
			p.measure(&c)
			if c.Support >= b.Support || c.Support < minN {
				continue
			}
			if !found || better(c, best) {
				best, found = c, true
			}
		}
	}
	return best, found
}

// paste widens b one slice at a time, on the side and input that raise the
// density most, while that raises it.
func (p *prim) paste(b PRIMBox) PRIMBox {
	b = clone(b)
	for {
		best, found := b, false
		k := max(1, int(p.alpha*float64(b.Support)))
		for j := range p.d {
			if !b.Restricts(j) {
				continue
			}
			for side := range 2 {
				c, ok := p.widen(b, j, side, k)
				if ok && c.Density > best.Density {
					best, found = c, true
				}
			}
		}
		if !found {
			return b
		}
		b = best
	}
}

// prune drops b's limits one input at a time, the least significant
// first, while its quasi-p-value exceeds maxP. Peeling is greedy, so a long
// trajectory limits inputs that barely matter; the pruned box says about
// the same with fewer conditions.
func (p *prim) prune(b PRIMBox, maxP float64) PRIMBox {
	for b.Restricted > 1 {
		cases := int(math.Round(b.Density * float64(b.Support)))
		var drop PRIMBox
		worst := -1.0
		for j := range p.d {
			if !b.Restricts(j) {
				continue
			}
			c := clone(b)
			c.Lo[j], c.Hi[j] = math.Inf(-1), math.Inf(1)
			p.measure(&c)
			if pv := binomialTail(b.Support, cases, c.Density); pv > worst {
				drop, worst = c, pv
			}
		}
		if worst <= maxP {
			break
		}
		b = drop
	}
	return b
}

// binomialTail is P(X ≥ k) for X ~ Binomial(n, q), summed in log space.
func binomialTail(n, k int, q float64) float64 {
	switch {
	case k <= 0:
		return 1
	case q <= 0:
		return 0
	case q >= 1:
		return 1
	}
	lgn, _ := math.Lgamma(float64(n + 1))
	sum := 0.0
	for i := k; i <= n; i++ {
		a, _ := math.Lgamma(float64(i + 1))
		b, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lgn - a - b + float64(i)*math.Log(q) + float64(n-i)*math.Log1p(-q))
	}
	return math.Min(sum, 1)
}

// widen moves one limit of input j outwards (side 0: lower) to take in
// about k more rows, or to no limit when fewer lie beyond it.
func (p *prim) widen(b PRIMBox, j, side, k int) (PRIMBox, bool) {
	lim := b.Lo[j]
	if side == 1 {
		lim = b.Hi[j]
	}
	if math.IsInf(lim, 0) {
		return b, false
	}
	// The rows in b but for this limit, beyond it.
	open := clone(b)
	open.Lo[j], open.Hi[j] = math.Inf(-1), math.Inf(1)
	if side == 0 {
		open.Hi[j] = b.Hi[j]
	} else {
		open.Lo[j] = b.Lo[j]
	}
	var beyond []float64
	for i := range p.x {
		if v := p.x[i][j]; p.in(&open, i) && (side == 0 && v < lim || side == 1 && v > lim) {
			beyond = append(beyond, v)
		}
	}
	if len(beyond) == 0 {
		return b, false
	}
	slices.Sort(beyond)
	c := clone(b)
	switch {
	case len(beyond) <= k && side == 0:
		c.Lo[j] = math.Inf(-1)
	case len(beyond) <= k:
		c.Hi[j] = math.Inf(1)
	case side == 0:
		c.Lo[j] = beyond[len(beyond)-k]
	default:
		c.Hi[j] = beyond[k-1]
	}
	p.measure(&c)
	return c, true
}

// choose picks the box of the trajectory: with a threshold, the first (most
// covering) box whose density reaches it, else the densest; without, the
// knee, the box farthest from the straight line between the first and
// last boxes in the (coverage, density) plane, each axis scaled to the
// trajectory's span.
func choose(t []PRIMBox, threshold float64) int {
	if threshold > 0 {
		best := 0
		for i, b := range t {
			if b.Density >= threshold {
				return i
			}
			if b.Density > t[best].Density {
				best = i
			}
		}
		return best
	}
	first, last := t[0], t[len(t)-1]
	dc, dd := first.Coverage-last.Coverage, last.Density-first.Density
	if len(t) < 3 || dc <= 0 || dd <= 0 {
		return len(t) - 1
	}
	best, far := len(t)-1, 0.0
	for i, b := range t {
		u, v := (first.Coverage-b.Coverage)/dc, (b.Density-first.Density)/dd
		if dist := v - u; dist > far { // distance to the line v = u, up to a factor √2
			best, far = i, dist
		}
	}
	return best
}
