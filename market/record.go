package market

import (
	"math"
	"slices"
)

// record appends the month's observations to the results and resets the
// monthly ledgers.
func (w *world) record(capFull [][]float64) {
	d := w.day
	if n := len(w.months); n == 1 {
		// Every month records about as many rows as the first: reserve
		// them all at once rather than growing the slice month by month.
		left := len(w.cal.MonthStarts(w.cfg.Days)) - n
		w.records = slices.Grow(w.records, (len(w.records)+len(w.records)/8)*left)
	}
	w.months = append(w.months, d)
	put := func(company, segment, metric string, v float64) {
		w.records = append(w.records, Record{Day: d, Company: company, Segment: segment, Metric: metric, Value: v})
	}
	var paidRevenue float64
	for p := range w.prov {
		paidRevenue += w.prov[p].m.revenue
	}
	for p, pc := range w.cfg.Providers {
		pr := &w.prov[p]
		for s, seg := range w.cfg.Segments {
			if !pc.Serves[s] {
				continue
			}
			put(pc.ID, seg.ID, MetricDemand, pr.demand[s])
			put(pc.ID, seg.ID, MetricVolume, pr.served[s])
			put(pc.ID, seg.ID, MetricVolumeShare, w.seg[s].volShare[p])
			put(pc.ID, seg.ID, MetricCapability, w.quality(p, s))
			if seg.Kind == Paid {
				put(pc.ID, seg.ID, MetricPrice, pr.price[s])
				put(pc.ID, seg.ID, MetricRevenue, pr.revenue[s])
				put(pc.ID, seg.ID, MetricRevenueShare, w.seg[s].revShare[p])
			}
			if seg.Kind != Adoption {
				if c := capFull[s][p]; !math.IsInf(c, 1) {
					put(pc.ID, seg.ID, MetricCapacity, c)
				}
				if sc := w.servingCost(p, s); sc > 0 {
					put(pc.ID, seg.ID, MetricServingCost, sc)
				}
			}
		}
		rs := 0.0
		if paidRevenue > 0 {
			rs = pr.m.revenue / paidRevenue
		}
		put(pc.ID, "", MetricRevenue, pr.m.revenue)
		put(pc.ID, "", MetricRevenueShare, rs)
		put(pc.ID, "", MetricProfit, pr.m.profit)
		put(pc.ID, "", MetricCash, pr.cash)
		put(pc.ID, "", MetricAmortisation, pr.m.amort)
		put(pc.ID, "", MetricPower, pr.m.power)
		put(pc.ID, "", MetricOverhead, pr.m.overhead)
		put(pc.ID, "", MetricRnD, pr.m.rnd)
		put(pc.ID, "", MetricOpex, pr.m.opex)
		put(pc.ID, "", MetricChipSpend, pr.m.chipSpend)
		put(pc.ID, "", MetricGroupValue, pr.m.groupValue)
		if !pc.Western {
			put(pc.ID, "", MetricFunding, pr.m.funding)
			put(pc.ID, "", MetricFundingLeft, w.fundingLeft(p))
			put(pc.ID, "", MetricTraining, pr.training)
		}
		if !pc.Western {
			put(pc.ID, "", MetricUtilisation, pr.util)
			var all float64
			for c := range w.cfg.Chips {
				var n float64
				for _, l := range pr.lots {
					if l.chip == c {
						n += l.units
					}
				}
				if n > 0 {
					put(pc.ID, w.cfg.Chips[c].ID, MetricFleet, n)
				}
				all += n
			}
			put(pc.ID, "", MetricFleet, all)
			put(pc.ID, "", MetricDomestic, w.domesticShare(p))
		}
		pr.last = pr.m
		pr.m = ledger{}
	}
	for s, seg := range w.cfg.Segments {
		var vol, dem float64
		for p := range w.prov {
			vol += w.prov[p].served[s]
			dem += w.prov[p].demand[s]
		}
		put(Market, seg.ID, MetricDemand, dem)
		put(Market, seg.ID, MetricVolume, vol)
		put(Market, seg.ID, MetricUnmet, w.seg[s].unmet)
		if seg.Kind == Paid {
			put(Market, seg.ID, MetricSpend, w.seg[s].spend)
			if vol > 0 {
				put(Market, seg.ID, MetricPrice, w.seg[s].spend/vol)
			}
		}
	}
	put(Market, "", MetricRevenue, paidRevenue)
	w.recordSuppliers(put)
}

// recordSuppliers records the suppliers' month and their trailing-twelve-
// month share of the value of chips delivered in China.
func (w *world) recordSuppliers(put func(company, segment, metric string, v float64)) {
	var all float64
	for i := range w.sup {
		all += sum(w.sup[i].chinaValue)
	}
	for i, sc := range w.cfg.Suppliers {
		sp := &w.sup[i]
		for k, c := range sc.Chips {
			put(sc.ID, w.cfg.Chips[c].ID, MetricUnitsSold, sp.m.unitsSold[k])
			put(sc.ID, w.cfg.Chips[c].ID, MetricChipPrice, sp.price[k])
		}
		put(sc.ID, "", MetricRevenue, sp.m.sales)
		put(sc.ID, "", MetricExportFees, sp.m.fees)
		put(sc.ID, "", MetricProfit, sp.m.sales-sp.m.cogs-sp.m.fees)
		share := 0.0
		if all > 0 {
			share = sum(sp.chinaValue) / all
		}
		put(sc.ID, "", MetricChinaShare, share)
		sp.m = ledger{unitsSold: make([]float64, len(sc.Chips))}
		if len(sp.chinaValue) == 12 {
			copy(sp.chinaValue, sp.chinaValue[1:])
			sp.chinaValue[11] = 0
		} else {
			sp.chinaValue = append(sp.chinaValue, 0)
		}
	}
}
