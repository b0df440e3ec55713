package market

import (
	"fmt"
	"math"
)

// Funding is a provider's funding policy: a parent group that funds the
// cloud's cash needs up to LimitUSD over the whole run, and the number of
// months of losses (on the group's view, cloud profit plus the group value
// of its users) it tolerates before it wants the cloud to retrench.
type Funding struct {
	LimitUSD       float64
	PatienceMonths int
	// DistressSalvage is the share of a chip lot's book value a provider
	// recovers when it must sell chips to pay its bills (0..1).
	DistressSalvage float64
}

// fundingLeft is what provider p can still draw from its parent, USD.
func (w *world) fundingLeft(p int) float64 {
	return max(0, w.cfg.Providers[p].Funding.LimitUSD-w.prov[p].fundingUsed)
}

// canPay is what provider p can still commit to chips: cash plus the
// funding left, less chips already ordered and not yet paid for, USD.
func (w *world) canPay(p int) float64 {
	return max(0, w.prov[p].cash+w.fundingLeft(p)-w.prov[p].committed)
}

// draw moves up to want USD from provider p's parent into its cash and logs
// it with the reason; it returns the amount drawn.
func (w *world) draw(p int, want float64, reason string) float64 {
	x := min(want, w.fundingLeft(p))
	if x <= 0 {
		return 0
	}
	pr := &w.prov[p]
	pr.fundingUsed += x
	pr.cash += x
	pr.m.funding += x
	pc := &w.cfg.Providers[p]
	w.logf(KindDecision, pc.ID, reason, "%s draws $%s from its parent ($%s of $%s left)",
		pc.Name, usd(x), usd(w.fundingLeft(p)), usd(pc.Funding.LimitUSD))
	return x
}

// payBills keeps provider p's cash at or above zero at a settlement: it
// draws on the parent first, then cuts the month's R&D, then sells chips at
// the distress salvage value (oldest lots last, newest first, since they
// fetch most), and finally, with nothing left to sell, exits every segment
// and leaves the shortfall to its creditors. Every step is logged.
func (w *world) payBills(p int) {
	pr := &w.prov[p]
	if pr.cash >= 0 {
		return
	}
	w.draw(p, -pr.cash, fmt.Sprintf("cash would be $%s at the month's end", money(pr.cash)))
	if pr.cash >= 0 {
		return
	}
	pc := &w.cfg.Providers[p]
	if cut := min(-pr.cash, pr.m.rnd); cut > 0 {
		pr.m.rnd -= cut
		pr.m.profit += cut
		pr.rndCum -= cut
		pr.cash += cut
		pr.rnd = min(pr.rnd, pr.m.rnd*12)
		w.logf(KindDecision, pc.ID, "funding exhausted", "%s cannot pay its R&D: cuts $%s this month and its budget to $%s/yr",
			pc.Name, usd(cut), usd(pr.rnd))
	}
	if pr.cash >= 0 {
		return
	}
	salvage := pc.Funding.DistressSalvage
	var units, got float64
	for i := len(pr.lots) - 1; i >= 0 && pr.cash < 0 && salvage > 0; i-- {
		l := &pr.lots[i]
		per := salvage * l.costPerUnit * max(0, float64(l.retire-w.day)) / (w.cfg.Chips[l.chip].LifetimeYears * 365.25)
		if per <= 0 || l.units <= 0 {
			continue
		}
		n := min(l.units, math.Ceil(-pr.cash/per))
		l.units -= n
		pr.cash += n * per
		pr.m.distress += n * per
		units += n
		got += n * per
	}
	if units > 0 {
		w.logf(KindDecision, pc.ID, "funding exhausted", "%s sells %s chips at %.0f%% of book value for $%s to pay its bills",
			pc.Name, count(units), 100*salvage, usd(got))
	}
	if pr.cash < 0 {
		w.logf(KindDecision, pc.ID, "nothing left to sell", "%s cannot pay $%s: it exits its segments and its creditors take the loss",
			pc.Name, usd(-pr.cash))
		pr.m.writeOff = -pr.cash
		pr.cash = 0
		for s := range pr.exited {
			pr.exited[s] = true
		}
	}
}

// groupValue is what provider p's users in Users segments are worth to its
// group this month (advertising, subscriptions, commerce), USD.
func (w *world) groupValue(p, days int) float64 {
	var v float64
	for s, seg := range w.cfg.Segments {
		if seg.Kind == Users && seg.ValuePerUserMonth > 0 {
			v += w.prov[p].served[s] * seg.ValuePerUserMonth * float64(days) / float64(w.daysInMonth(w.day))
		}
	}
	return v
}

// trackLosses counts provider p's consecutive months of losses on the
// group's view (cloud profit plus the group value of its users).
func (w *world) trackLosses(p int) {
	pr := &w.prov[p]
	if pr.m.profit+pr.m.groupValue < 0 {
		pr.lossMonths++
	} else {
		pr.lossMonths = 0
	}
}
