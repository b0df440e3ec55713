package market

import (
	"fmt"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// newWorld builds the state of a run on its start day: chip and model
// tables, buyer cohorts, start fleets sized to the start demand, and
// alternative-specific constants calibrated to the start shares.
func newWorld(cfg *Config, opt Options) (*world, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	np, ns := len(cfg.Providers), len(cfg.Segments)
	w := &world{cfg: cfg, cal: Calendar{Start: cfg.Start}, rules: cfg.Rules, news: make([]bool, ns), noLog: opt.NoLog}
	w.rng = Stream(opt.Seed, opt.Run, "market")
	if opt.Reuse != nil {
		w.records = opt.Reuse.Records[:0]
		*opt.Reuse = Result{}
	}

	w.chipHour = make([]float64, len(cfg.Chips))
	w.chip = make([]chipState, len(cfg.Chips))
	for c := range cfg.Chips {
		w.chipHour[c] = hardware.ChipHourUSD(cfg.Chips[c], cfg.Costs)
		w.chip[c] = chipState{policy: cfg.Policy[c], launched: cfg.ChipLaunch[c] <= 0, supplier: -1}
	}
	w.thr = make([][]throughput, len(cfg.Models))
	seen := map[hardware.Workload]int{} // a model's generations share its workload
	for m := range cfg.Models {
		if first, ok := seen[cfg.Models[m].Workload]; ok {
			w.thr[m] = w.thr[first]
			continue
		}
		seen[cfg.Models[m].Workload] = m
		w.thr[m] = make([]throughput, len(cfg.Chips))
	}

	w.mod = make([]modelState, len(cfg.Models))
	for m, md := range cfg.Models {
		d := md.Release
		if md.Endogenous {
			w.mod[m] = modelState{day: Day(cfg.Days) + 1, capability: md.Capability, open: md.Open}
			continue
		}
		if d > 0 {
			r := Stream(opt.Seed, opt.Run, "release/"+md.ID)
			switch u := r.Float64(); {
			case md.SlipMaxDays > 0 && u < md.SlipProb:
				d += Day(1 + r.IntN(md.SlipMaxDays))
			case md.EarlyMaxDays > 0 && u < md.SlipProb+md.EarlyProb:
				d = max(1, d-Day(1+r.IntN(md.EarlyMaxDays)))
			}
		}
		w.mod[m] = modelState{released: d <= 0, day: d, capability: md.Capability, open: md.Open}
	}
	w.refreshServing()

	w.sup = make([]supplier, len(cfg.Suppliers))
	for s, sc := range cfg.Suppliers {
		sp := &w.sup[s]
		sp.price = append([]float64(nil), sc.ListPrice...)
		sp.orders = make([][]float64, np)
		for p := range sp.orders {
			sp.orders[p] = make([]float64, len(sc.Chips))
		}
		sp.m.unitsSold = make([]float64, len(sc.Chips))
		sp.output = make([]pathMemo, len(sc.Chips))
		sp.chinaValue = []float64{0}
		for k, c := range sc.Chips {
			w.chip[c].supplier, w.chip[c].slot = s, k
		}
	}

	w.prov = make([]provider, np)
	for p, pc := range cfg.Providers {
		w.prov[p] = provider{
			price: append([]float64(nil), pc.Price...), rnd: pc.RnDUSDYr, cash: pc.CashUSD,
			asc: make([]float64, ns), demand: make([]float64, ns), served: make([]float64, ns),
			capFull: make([]float64, ns), revenue: make([]float64, ns),
			capexQuarters: make([]float64, 4), inTransit: make([]float64, len(cfg.Chips)),
			exited: make([]bool, ns), training: pc.TrainingShare,
		}
		w.seedFleet(p)
	}

	w.seg = make([]segment, ns)
	for s, sg := range cfg.Segments {
		r := Stream(opt.Seed, opt.Run, "buyers/"+sg.ID)
		w.seg[s] = segment{
			cohorts:  drawCohorts(sg.Buyers, np, r),
			volShare: make([]float64, np), revShare: make([]float64, np),
			refPrice0: 1, seen: newAttrs(np), last: newAttrs(np), asc: make([]float64, np),
			offer: 1, domestic: 1,
		}
	}
	if err := w.calibrate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	for s := range cfg.Segments {
		w.seg[s].refPrice0 = w.startPriceRatio(s)
	}
	if err := w.sizeFleets(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	w.initRace()
	return w, nil
}

// seedFleet gives provider p one unit of fleet in its start mix, spread over
// three vintages (half a year, a year and a half, two and a half years old)
// so retirements are staggered. sizeFleets scales it to the start demand.
func (w *world) seedFleet(p int) {
	pc := &w.cfg.Providers[p]
	if pc.Western {
		return
	}
	for c, share := range pc.FleetMix {
		if share <= 0 {
			continue
		}
		ch := &w.cfg.Chips[c]
		for _, age := range []float64{0.5, 1.5, 2.5} {
			left := ch.LifetimeYears - age
			if left <= 0 {
				left = 0.25
			}
			w.prov[p].lots = append(w.prov[p].lots, lot{
				chip: c, units: share / 3, costPerUnit: ch.PriceUSD,
				retire: Day(math.Round(left * 365.25)),
			})
		}
	}
}

// startPriceRatio is the start-day average price of segment s over its
// reference price path's start value, so that the reference spend is what
// buyers spend at start.
func (w *world) startPriceRatio(s int) float64 {
	seg := &w.cfg.Segments[s]
	if seg.Kind != Paid {
		return 1
	}
	var avg float64
	for i := range w.seg[s].cohorts {
		c := &w.seg[s].cohorts[i]
		for p, x := range c.alloc {
			avg += c.weight * x * w.prov[p].price[s]
		}
	}
	return avg / seg.Price.At(0)
}

// sizeFleets scales every provider's seed fleet so that the start demand
// would keep it busy at the provider's start utilisation.
func (w *world) sizeFleets() error {
	days := w.cal.DaysInMonth(0)
	for s := range w.cfg.Segments {
		w.demand(s, days)
	}
	for p, pc := range w.cfg.Providers {
		if pc.Western || len(w.prov[p].lots) == 0 {
			continue
		}
		var need float64
		for s := range w.cfg.Segments {
			if w.cfg.Segments[s].Kind == Adoption || w.prov[p].demand[s] == 0 {
				continue
			}
			c := w.capFull(p, s, 0)
			if c <= 0 {
				return fmt.Errorf("%s sells %s but its start fleet cannot serve it", pc.ID, w.cfg.Segments[s].ID)
			}
			need += w.prov[p].demand[s] / c
		}
		scale := need / pc.StartUtilisation
		for i := range w.prov[p].lots {
			w.prov[p].lots[i].units *= scale
		}
	}
	return nil
}

// validate checks the shape of a Config: lengths line up, indices are in
// range and numbers are finite. Plausibility is the scenarios package's job.
func (cfg *Config) validate() error {
	np, ns, nc := len(cfg.Providers), len(cfg.Segments), len(cfg.Chips)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
	}
	switch {
	case cfg.Days <= 0:
		return bad("horizon of %d days", cfg.Days)
	case np == 0 || ns == 0:
		return bad("needs at least one provider and one segment")
	case len(cfg.Policy) != nc || len(cfg.ChipLaunch) != nc:
		return bad("chip policy and launch tables must have one entry per chip")
	}
	for _, p := range cfg.Providers {
		if len(p.Serves) != ns || len(p.Price) != ns || len(p.Ecosystem) != ns || len(p.Access) != ns {
			return bad("provider %s: per-segment tables must have %d entries", p.ID, ns)
		}
		if !p.Western && len(p.FleetMix) != nc {
			return bad("provider %s: fleet mix must have %d entries", p.ID, nc)
		}
		if !p.Western && (p.StartUtilisation <= 0 || p.StartUtilisation > 1) {
			return bad("provider %s: start utilisation %v outside (0,1]", p.ID, p.StartUtilisation)
		}
		for s := range p.Access {
			if p.Serves[s] && (p.Access[s] <= 0 || p.Access[s] > 1) {
				return bad("provider %s: access %v outside (0,1]", p.ID, p.Access[s])
			}
		}
		if p.HomeChip >= nc {
			return bad("provider %s: home chip out of range", p.ID)
		}
	}
	for _, s := range cfg.Segments {
		if s.Buyers.Cohorts <= 0 || s.Buyers.SizeTail <= 0 {
			return bad("segment %s: needs cohorts and a positive size tail", s.ID)
		}
		if len(s.Target) != np {
			return bad("segment %s: start shares must have %d entries", s.ID, np)
		}
		if s.Kind == Paid && s.Price.At(0) <= 0 {
			return bad("segment %s: reference price must be positive", s.ID)
		}
	}
	for _, m := range cfg.Models {
		if m.Owner < 0 || m.Owner >= np {
			return bad("model %s: owner out of range", m.ID)
		}
	}
	for _, s := range cfg.Suppliers {
		if len(s.Output) != len(s.Chips) || len(s.UnitCost) != len(s.Chips) || len(s.ListPrice) != len(s.Chips) {
			return bad("supplier %s: per-chip tables must have one entry per chip", s.ID)
		}
		if s.Owner >= np {
			return bad("supplier %s: owner out of range", s.ID)
		}
	}
	return nil
}
