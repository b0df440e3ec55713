package market

import "math"

// utilities are one paid segment's cohort utilities as its buyers see the
// world at a round of decisions, shared by every provider's
// [View.ResponseCurve] in that round: the world does not change while the
// agents decide, so one pass over the cohorts serves them all.
type utilities struct {
	n       int
	ok      []bool    // provider offers the segment
	lnPrice []float64 // ln(price / reference price), per provider
	price   []float64 // price, per provider
	u       []float64 // [cohort*n + p]: utility of provider p
	e       []float64 // [cohort*n + p]: e^(u − the cohort's maximum), 0 where not offered
	mx      []float64 // per cohort: its maximum utility
}

// segmentUtilities returns segment s's utilities now, from the round's
// cache when a round of decisions is under way.
func (w *world) segmentUtilities(s int) *utilities {
	if w.round != nil && w.round[s] != nil {
		return w.round[s]
	}
	n := len(w.prov)
	a := newAttrs(n)
	w.observe(s, &a)
	asc := make([]float64, n)
	for i := range asc {
		asc[i] = w.prov[i].asc[s]
	}
	cs := w.seg[s].cohorts
	t := &utilities{}
	if w.round != nil {
		// Reuse the last round's buffers: the round's cache is its only user.
		if w.utilBuf == nil {
			w.utilBuf = make([]utilities, len(w.cfg.Segments))
		}
		t = &w.utilBuf[s]
	}
	t.n, t.ok, t.lnPrice = n, a.ok, a.lnPrice
	t.price = w.pricesInto(t.price, s)
	t.u = resize(t.u, len(cs)*n)
	t.e = resize(t.e, len(cs)*n)
	t.mx = resize(t.mx, len(cs))
	for i := range cs {
		c := &cs[i]
		u, e := t.u[i*n:(i+1)*n], t.e[i*n:(i+1)*n]
		mx := math.Inf(-1)
		for p, ok := range a.ok {
			if ok {
				u[p] = c.utility(&a, asc, p)
				mx = max(mx, u[p])
			}
		}
		for p, ok := range a.ok {
			if ok {
				e[p] = math.Exp(u[p] - mx)
			}
		}
		t.mx[i] = mx
	}
	if w.round != nil {
		w.round[s] = t
	}
	return t
}

// resize returns b with length n, zeroed, reusing its array when it can.
func resize(b []float64, n int) []float64 {
	if cap(b) < n {
		return make([]float64, n)
	}
	b = b[:n]
	clear(b)
	return b
}
