package market

import (
	"fmt"
	"math"
)

// tolerance is the relative slack of the accounting invariants.
const tolerance = 1e-9

// InvariantError reports a broken invariant at a settlement.
type InvariantError struct {
	Date string
	What string
}

func (e *InvariantError) Error() string {
	return fmt.Sprintf("invariant broken on %s: %s", e.Date, e.What)
}

// check verifies the settlement invariants: finite numbers, shares in [0,1]
// summing to 1 over served volume, served volume within capacity, and money
// conserved (buyers' spend equals providers' revenue, and chip purchases
// equal suppliers' sales).
func (w *world) check(capFull [][]float64) error {
	fail := func(format string, args ...any) error {
		return &InvariantError{Date: w.cal.Date(w.day).Format("2006-01-02"), What: fmt.Sprintf(format, args...)}
	}
	var chipSpend, sales float64
	for p, pc := range w.cfg.Providers {
		pr := &w.prov[p]
		for _, x := range []float64{pr.cash, pr.m.revenue, pr.m.profit, pr.m.power, pr.m.amort, pr.util} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fail("%s has a non-finite ledger value %v", pc.ID, x)
			}
		}
		if !pc.Western && pr.cash < -1e-6*max(1, pr.m.revenue) {
			return fail("%s has negative cash %v", pc.ID, pr.cash)
		}
		if !pc.Western && pr.util > 1+1e-6 {
			return fail("%s serves %.6f of its fleet's capacity", pc.ID, pr.util)
		}
		for s := range w.cfg.Segments {
			if v := pr.served[s]; math.IsNaN(v) || v < 0 {
				return fail("%s serves %v in %s", pc.ID, v, w.cfg.Segments[s].ID)
			}
			if pr.served[s] > capFull[s][p]*(1+1e-6) {
				return fail("%s serves %g in %s, above its capacity %g", pc.ID, pr.served[s], w.cfg.Segments[s].ID, capFull[s][p])
			}
		}
		chipSpend += pr.m.chipSpend
	}
	for i := range w.sup {
		sales += w.sup[i].m.sales
	}
	if !near(chipSpend, sales) {
		return fail("providers paid %g for chips but suppliers sold %g", chipSpend, sales)
	}
	for s, seg := range w.cfg.Segments {
		ws := &w.seg[s]
		var vs, rs, vol, rev float64
		for p := range w.prov {
			for _, x := range []float64{ws.volShare[p], ws.revShare[p]} {
				if math.IsNaN(x) || x < 0 || x > 1+tolerance {
					return fail("%s share %v of %s is outside [0,1]", w.cfg.Providers[p].ID, x, seg.ID)
				}
			}
			vs += ws.volShare[p]
			rs += ws.revShare[p]
			vol += w.prov[p].served[s]
			rev += w.prov[p].revenue[s]
		}
		if vol > 0 && math.Abs(vs-1) > 1e-6 {
			return fail("volume shares of %s sum to %v", seg.ID, vs)
		}
		if rev > 0 && math.Abs(rs-1) > 1e-6 {
			return fail("revenue shares of %s sum to %v", seg.ID, rs)
		}
		if seg.Kind == Paid && !near(ws.spend, rev) {
			return fail("buyers of %s spent %g but providers earned %g", seg.ID, ws.spend, rev)
		}
		if math.IsNaN(ws.unmet) || ws.unmet < -1e-6*max(1, vol) {
			return fail("unmet volume of %s is %v", seg.ID, ws.unmet)
		}
	}
	return nil
}

func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-6*max(1, math.Abs(a), math.Abs(b))
}
