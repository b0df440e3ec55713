package market

import (
	"fmt"
	"math"
)

// delivery is a batch of chips on its way to a provider.
type delivery struct {
	provider, supplier, slot int
	units, price, feeRate    float64
}

// output is supplier s's output of chip slot k in the current quarter, units.
func (w *world) output(s, k int) float64 {
	return w.sup[s].output[k].at(&w.cfg.Suppliers[s].Output[k], w.day)
}

// unitPrice is what provider p pays supplier s per unit of chip slot k: the
// owner pays cost, everyone else the current price.
func (w *world) unitPrice(s, k, p int) float64 {
	if sc := &w.cfg.Suppliers[s]; sc.Owner == p {
		if k < len(sc.TransferPrice) && sc.TransferPrice[k] > 0 {
			return sc.TransferPrice[k]
		}
		return sc.UnitCost[k]
	}
	return w.sup[s].price[k]
}

// orderable reports whether provider p may order chip c now, and why not.
func (w *world) orderable(p, c int) (bool, string) {
	cs := w.chip[c]
	switch {
	case w.cfg.Providers[p].Western:
		return false, "serves China from abroad"
	case cs.supplier < 0:
		return false, "no supplier"
	case !cs.launched:
		return false, "not launched yet"
	}
	sc := &w.cfg.Suppliers[cs.supplier]
	if !sc.External && sc.Owner != p {
		return false, "in-house chip of " + w.cfg.Providers[sc.Owner].ID
	}
	if !w.isDomestic(c) {
		if !cs.policy.USAllowed {
			return false, "no US export licence"
		}
		if !cs.policy.Approved {
			return false, "not approved for import by China"
		}
	}
	return true, ""
}

// allocate fills this quarter's orders from each supplier's output: the
// owner first, then everyone else pro rata, within any US volume cap.
// Filled orders are delivered after the supplier's lead time.
func (w *world) allocate(schedule func(Day, delivery)) {
	for s := range w.cfg.Suppliers {
		sc := &w.cfg.Suppliers[s]
		for k, c := range sc.Chips {
			out := w.output(s, k)
			if cp := w.chip[c].policy.CapPerQuarter; !w.isDomestic(c) && cp > 0 {
				out = min(out, cp)
			}
			var want, others float64
			for p := range w.prov {
				if ok, _ := w.orderable(p, c); !ok {
					continue
				}
				q := w.sup[s].orders[p][k]
				want += q
				if p != sc.Owner {
					others += q
				}
			}
			if want <= 0 {
				continue
			}
			left := out
			if sc.Owner >= 0 {
				if ok, _ := w.orderable(sc.Owner, c); ok {
					q := min(left, w.sup[s].orders[sc.Owner][k])
					w.fill(s, k, sc.Owner, q, schedule)
					left -= q
				}
			}
			ratio := 1.0
			if others > left {
				ratio = left / others
			}
			for p := range w.prov {
				if p == sc.Owner {
					continue
				}
				if ok, _ := w.orderable(p, c); !ok {
					continue
				}
				w.fill(s, k, p, w.sup[s].orders[p][k]*ratio, schedule)
			}
			if want > out {
				w.logf(KindDecision, sc.ID, "",
					"%s: %s ordered, %s available this quarter; orders filled %.0f%%",
					w.cfg.Chips[c].Name, count(want), count(out), 100*min(1, out/want))
			}
		}
	}
}

// fill commits q units of supplier s's slot k to provider p.
func (w *world) fill(s, k, p int, q float64, schedule func(Day, delivery)) {
	if q <= 0 {
		return
	}
	c := w.cfg.Suppliers[s].Chips[k]
	d := delivery{provider: p, supplier: s, slot: k, units: q, price: w.unitPrice(s, k, p)}
	if afford := w.canPay(p); q*d.price > afford && !w.cfg.Providers[p].Western {
		cut := q
		q = math.Floor(afford / max(d.price, 1e-9))
		pc := &w.cfg.Providers[p]
		w.logf(KindDecision, pc.ID, "cash and funding exhausted", "%s can pay for only %s of the %s %s allocated to it ($%s of cash and funding left)",
			pc.Name, count(q), count(cut), w.cfg.Chips[c].Name, usd(afford))
		if q <= 0 {
			return
		}
		d.units = q
	}
	w.prov[p].committed += q * d.price
	if !w.isDomestic(c) {
		d.feeRate = w.chip[c].policy.FeeRate
	}
	pr := &w.prov[p]
	pr.capexQuarters[len(pr.capexQuarters)-1] += q * d.price
	pr.inTransit[c] += q
	schedule(w.day+Day(w.cfg.Suppliers[s].Lead(k, w.day)), d)
}

// deliver adds a delivered batch to the provider's fleet and books it.
func (w *world) deliver(d delivery) {
	sc := &w.cfg.Suppliers[d.supplier]
	c := sc.Chips[d.slot]
	ch := &w.cfg.Chips[c]
	pr := &w.prov[d.provider]
	pr.lots = append(pr.lots, lot{
		chip: c, units: d.units, costPerUnit: d.price,
		retire: w.day + Day(math.Round(ch.LifetimeYears*365.25)),
	})
	value := d.units * d.price
	pr.inTransit[c] = max(0, pr.inTransit[c]-d.units)
	pr.committed = max(0, pr.committed-value)
	pr.m.chipSpend += value
	sp := &w.sup[d.supplier]
	sp.m.sales += value
	sp.m.cogs += d.units * sc.UnitCost[d.slot]
	sp.m.fees += value * d.feeRate
	sp.m.unitsSold[d.slot] += d.units
	// Market share counts chips at their outside price, so that in-house
	// transfers at cost do not understate a domestic supplier.
	sp.chinaValue[len(sp.chinaValue)-1] += d.units * sc.ListPrice[d.slot]
	w.logf(KindDelivery, w.cfg.Providers[d.provider].ID, "",
		"%s took delivery of %s %s from %s at $%s each",
		w.cfg.Providers[d.provider].Name, count(d.units), ch.Name, sc.Name, usd(d.price))
}

// FormatCount formats a count of chips or units compactly, as the event
// log writes them: 42, 12.3K, 1.20M.
func FormatCount(x float64) string {
	switch {
	case x >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.1fK", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

// usd is an amount of USD that formats (%s) as money does: a log entry's
// text is formatted only when the run keeps its log.
type usd float64

func (x usd) String() string { return money(float64(x)) }

// count is a number of units that formats (%s) as FormatCount does.
type count float64

func (x count) String() string { return FormatCount(float64(x)) }

// money formats USD compactly: 12.5K, 3.20M, 1.05B.
func money(x float64) string {
	a := math.Abs(x)
	switch {
	case a >= 1e9:
		return fmt.Sprintf("%.2fB", x/1e9)
	case a >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case a >= 1e3:
		return fmt.Sprintf("%.1fK", x/1e3)
	}
	return fmt.Sprintf("%.2f", x)
}

// logf appends an entry to the event log.
func (w *world) logf(kind, actor, cause, format string, args ...any) {
	if w.noLog {
		return
	}
	w.log = append(w.log, Entry{Day: w.day, Kind: kind, Actor: actor, Summary: fmt.Sprintf(format, args...), Cause: cause})
}
