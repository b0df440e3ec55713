package market

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// attrs are the provider attributes buyers of one segment see this month.
type attrs struct {
	ok       []bool // provider offers the segment
	quality  []float64
	lnPrice  []float64 // ln(price / reference price); 0 for free segments
	open     []float64
	domestic []float64
	eco      []float64
	lnAccess []float64
	// stateWeight multiplies the domestic preference of state-linked cohorts.
	stateWeight float64
}

func newAttrs(n int) attrs {
	return attrs{
		ok: make([]bool, n), quality: make([]float64, n), lnPrice: make([]float64, n),
		open: make([]float64, n), domestic: make([]float64, n), eco: make([]float64, n),
		lnAccess: make([]float64, n),
	}
}

// observe fills a with what segment s's buyers see on the current day.
func (w *world) observe(s int, a *attrs) {
	seg := &w.cfg.Segments[s]
	ref := w.refPrice(s, w.day)
	a.stateWeight = w.rules.StateDomesticWeight
	for p := range w.cfg.Providers {
		pc := &w.cfg.Providers[p]
		a.ok[p] = w.available(p, s)
		if !a.ok[p] {
			continue
		}
		a.quality[p] = w.quality(p, s)
		a.lnPrice[p] = 0
		if seg.Kind == Paid {
			a.lnPrice[p] = math.Log(w.prov[p].price[s] / ref)
		}
		a.open[p] = 0
		if w.openOffer(p, s) {
			a.open[p] = 1
		}
		a.domestic[p] = w.domesticShare(p)
		a.eco[p] = pc.Ecosystem[s]
		a.lnAccess[p] = math.Log(pc.Access[s])
	}
}

// choose fills c.p with the multinomial-logit probabilities of cohort c over
// the providers in a, with alternative-specific constants asc[p]. O(providers).
func (c *cohort) choose(a *attrs, asc []float64) {
	mx := math.Inf(-1)
	for p := range c.p {
		if !a.ok[p] {
			c.p[p] = math.Inf(-1)
			continue
		}
		u := c.utility(a, asc, p)
		c.p[p] = u
		mx = max(mx, u)
	}
	var sum float64
	for p, u := range c.p {
		if !a.ok[p] {
			c.p[p] = 0
			continue
		}
		e := math.Exp(u - mx)
		c.p[p] = e
		sum += e
	}
	if sum == 0 {
		return
	}
	for p := range c.p {
		c.p[p] /= sum
	}
}

// utility is cohort c's utility of provider p (which must be offered).
func (c *cohort) utility(a *attrs, asc []float64, p int) float64 {
	return asc[p] + c.quality*a.quality[p] - c.alpha*a.lnPrice[p] + c.open*a.open[p] +
		c.domestic*a.stateWeight*a.domestic[p] + c.ecosystem*a.eco[p] + a.lnAccess[p]
}

// drawCohorts creates segment s's buyer population from its own stream.
func drawCohorts(b Buyers, providers int, r *rand.Rand) []cohort {
	cs := make([]cohort, b.Cohorts)
	var total float64
	ln := func(mean float64) float64 {
		if b.Dispersion == 0 {
			return mean
		}
		return mean * math.Exp(b.Dispersion*r.NormFloat64()-b.Dispersion*b.Dispersion/2)
	}
	for i := range cs {
		c := &cs[i]
		// Pareto sizes by inversion: x = (1−u)^(−1/tail).
		c.weight = math.Pow(1-r.Float64(), -1/b.SizeTail)
		total += c.weight
		c.alpha = ln(b.Price)
		c.quality = ln(b.Quality)
		c.open = ln(b.Open)
		c.ecosystem = ln(b.Ecosystem)
		if r.Float64() < b.StateLinked {
			c.domestic = ln(b.Domestic) // only state-linked cohorts weigh domestic chips
		}
		c.switching = b.Switching
	}
	// Each kind of per-provider vector is one flat array, cohort after
	// cohort, so passes over the cohorts read memory in order.
	alloc, p, flow := make([]float64, len(cs)*providers), make([]float64, len(cs)*providers), make([]float64, len(cs)*providers)
	for i := range cs {
		cs[i].weight /= total
		lo, hi := i*providers, (i+1)*providers
		cs[i].alloc, cs[i].p, cs[i].flow = alloc[lo:hi:hi], p[lo:hi:hi], flow[lo:hi:hi]
	}
	return cs
}

// aggregate returns the cohort-weighted choice shares and, for paid
// segments, the revenue shares those volumes imply at current prices.
func (w *world) aggregate(s int, vol, rev []float64) {
	clear(vol)
	for i := range w.seg[s].cohorts {
		c := &w.seg[s].cohorts[i]
		for p, x := range c.p {
			vol[p] += c.weight * x
		}
	}
	var sum float64
	for p := range rev {
		rev[p] = vol[p] * w.prov[p].price[s]
		sum += rev[p]
	}
	for p := range rev {
		if sum > 0 {
			rev[p] /= sum
		}
	}
}

// calibrate solves each segment's alternative-specific constants so the
// cohorts' choice shares at Start reproduce the segment's target shares (the
// contraction mapping of Berry, Levinsohn and Pakes 1995), then starts every
// cohort at its choice probabilities.
func (w *world) calibrate() error {
	n := len(w.cfg.Providers)
	a := newAttrs(n)
	vol, rev := make([]float64, n), make([]float64, n)
	for s := range w.cfg.Segments {
		seg := &w.cfg.Segments[s]
		w.observe(s, &a)
		asc := make([]float64, n)
		for p := range asc {
			asc[p] = w.prov[p].asc[s]
		}
		if seg.Kind != Adoption || len(seg.Target) > 0 {
			for p := range w.cfg.Providers {
				t := 0.0
				if p < len(seg.Target) {
					t = seg.Target[p]
				}
				switch {
				case t > 0 && !a.ok[p]:
					return fmt.Errorf("segment %s: %s has a start share of %.3g but no product there on the start day",
						seg.ID, w.cfg.Providers[p].ID, t)
				case t <= 0 && a.ok[p]:
					return fmt.Errorf("segment %s: %s sells there on the start day but has no start share",
						seg.ID, w.cfg.Providers[p].ID)
				}
			}
		}
		converged := false
		for iter := 0; iter < 2000 && !converged; iter++ {
			for i := range w.seg[s].cohorts {
				w.seg[s].cohorts[i].choose(&a, asc)
			}
			w.aggregate(s, vol, rev)
			pred := vol
			if seg.TargetRevenue && seg.Kind == Paid {
				pred = rev
			}
			converged = true
			for p, t := range seg.Target {
				if !a.ok[p] || t <= 0 {
					continue
				}
				d := math.Log(t) - math.Log(pred[p])
				if math.Abs(d) > 1e-9 {
					converged = false
				}
				asc[p] += d
			}
		}
		if !converged {
			return fmt.Errorf("segment %s: calibration to start shares did not converge", seg.ID)
		}
		// Providers without a start share (later entrants) get the weakest
		// calibrated brand.
		low, any := math.Inf(1), false
		for p, t := range seg.Target {
			if t > 0 && a.ok[p] {
				low, any = min(low, asc[p]), true
			}
		}
		for p := range asc {
			if !a.ok[p] && any {
				asc[p] = low
			}
			w.prov[p].asc[s] = asc[p]
		}
		for i := range w.seg[s].cohorts {
			w.seg[s].cohorts[i].choose(&a, asc)
		}
		for i := range w.seg[s].cohorts {
			c := &w.seg[s].cohorts[i]
			copy(c.alloc, c.p)
		}
	}
	return nil
}
