package market

import (
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

const (
	servesLLM     = "llm"
	servesMedia   = "media"
	servesCompute = "compute"
)

// dimension is the capability dimension segment s is judged on.
func (w *world) dimension(s int) string {
	if w.cfg.Segments[s].Kind == Users {
		return servesLLM
	}
	return w.cfg.Segments[s].Serves
}

// servingModel returns the model provider p serves in segment s now: its
// best released own model of the segment's dimension, or a rival's open
// model when that is better after the serving discount. −1 for none.
// O(1): the choice is cached and updated at every release (see admit).
func (w *world) servingModel(p, s int) int { return w.smodel[p][s] }

// refreshServing recomputes every provider's serving model.
func (w *world) refreshServing() {
	if w.smodel == nil {
		w.smodel = make([][]int, len(w.cfg.Providers))
		for p := range w.smodel {
			w.smodel[p] = make([]int, len(w.cfg.Segments))
		}
	}
	for p := range w.smodel {
		for s := range w.smodel[p] {
			w.smodel[p][s] = w.chooseModel(p, s)
		}
	}
}

// chooseModel is servingModel without the cache.
func (w *world) chooseModel(p, s int) int {
	best, bestCap := -1, math.Inf(-1)
	for m := range w.cfg.Models {
		if c, ok := w.candidate(p, s, m); ok && c > bestCap {
			best, bestCap = m, c
		}
	}
	return best
}

// candidate reports whether provider p can serve released model m in
// segment s, and at what capability: its own, or a rival's open model after
// the serving discount.
func (w *world) candidate(p, s, m int) (float64, bool) {
	dim := w.dimension(s)
	md, ms := &w.cfg.Models[m], &w.mod[m]
	if dim == servesCompute || !ms.released || md.Serves != dim {
		return 0, false
	}
	c := ms.capability
	switch {
	case md.Owner == p:
	case ms.open && !w.cfg.Providers[p].Western && w.cfg.Segments[s].Kind != Adoption:
		c *= w.cfg.OpenServingFactor
	default:
		return 0, false
	}
	if w.cfg.Segments[s].Kind == Adoption && !ms.open {
		return 0, false
	}
	return c, true
}

// admit updates the cached serving models for the release of model m. A
// release only adds a candidate, so each choice stays or becomes m; ties go
// to the lower model index, as in chooseModel.
func (w *world) admit(m int) {
	for p := range w.smodel {
		for s, b := range w.smodel[p] {
			c, ok := w.candidate(p, s, m)
			if !ok {
				continue
			}
			if b < 0 {
				w.smodel[p][s] = m
				continue
			}
			if cb, _ := w.candidate(p, s, b); c > cb || c == cb && m < b {
				w.smodel[p][s] = m
			}
		}
	}
}

// quality is the capability index provider p offers in segment s. For
// compute rental it is the fleet's mean dense BF16 TFLOPS per chip / 10,
// so an H200-class fleet scores about 99 and an H20-class one about 15.
func (w *world) quality(p, s int) float64 {
	if w.dimension(s) == servesCompute {
		var tf, n float64
		for _, l := range w.prov[p].lots {
			tf += l.units * w.cfg.Chips[l.chip].BF16TFLOPS
			n += l.units
		}
		if n == 0 {
			return 0
		}
		return tf / n / 10
	}
	m := w.servingModel(p, s)
	if m < 0 {
		return 0
	}
	c := w.mod[m].capability
	if w.cfg.Models[m].Owner != p {
		c *= w.cfg.OpenServingFactor
	}
	return c
}

// openOffer reports whether provider p's product in segment s has open weights.
func (w *world) openOffer(p, s int) bool {
	m := w.servingModel(p, s)
	return m >= 0 && w.mod[m].open && w.cfg.Models[m].Owner == p
}

// available reports whether provider p sells in segment s now.
func (w *world) available(p, s int) bool {
	pc := &w.cfg.Providers[p]
	if !pc.Serves[s] || w.prov[p].exited[s] {
		return false
	}
	if w.dimension(s) == servesCompute {
		return !pc.Western
	}
	return w.servingModel(p, s) >= 0
}

// unitsPerSec is the units per second one chip c serves for provider p in
// segment s.
func (w *world) unitsPerSec(p, c, s int) float64 {
	seg := &w.cfg.Segments[s]
	switch seg.Kind {
	case Adoption:
		return 0
	case Users:
		m := w.servingModel(p, s)
		if m < 0 || seg.TokensPerUserMonth <= 0 {
			return 0
		}
		return w.modelThroughput(m, c) / seg.TokensPerUserMonth
	}
	if seg.Serves == servesCompute {
		return 1.0 / 3600 // one accelerator-hour per chip-hour
	}
	m := w.servingModel(p, s)
	if m < 0 {
		return 0
	}
	u := w.modelThroughput(m, c)
	if seg.Serves == servesLLM {
		u /= 1e6 // tokens → Mtok
	}
	return u
}

// secondsIn is the number of seconds in the month containing d.
func (w *world) secondsIn(d Day) float64 { return float64(w.daysInMonth(d)) * 86400 }

// capFull is the volume provider p's fleet could serve in segment s in the
// month containing d if it did nothing else. +Inf for Western providers,
// whose capacity outside China is not modelled.
func (w *world) capFull(p, s int, d Day) float64 {
	if w.cfg.Segments[s].Kind == Adoption {
		return math.Inf(1)
	}
	if w.cfg.Providers[p].Western {
		return math.Inf(1)
	}
	var u float64
	for _, l := range w.prov[p].lots {
		u += l.units * w.unitsPerSec(p, l.chip, s)
	}
	return u * w.secondsIn(d) * (1 - w.prov[p].training)
}

// servingCost is provider p's full cost per unit in segment s at its current
// fleet mix and full utilisation, USD.
func (w *world) servingCost(p, s int) float64 {
	if w.cfg.Providers[p].Western {
		h := w.cfg.Providers[p].HomeChip
		if h < 0 {
			return 0
		}
		u := w.unitsPerSec(p, h, s)
		if u <= 0 {
			return 0
		}
		return w.chipHour[h] / (u * 3600)
	}
	var cost, units float64
	for _, l := range w.prov[p].lots {
		cost += l.units * w.chipHour[l.chip]
		units += l.units * w.unitsPerSec(p, l.chip, s) * 3600
	}
	if units <= 0 {
		return 0
	}
	return cost / units
}

// domesticShare is the share of domestic chips in provider p's fleet.
func (w *world) domesticShare(p int) float64 {
	var dom, all float64
	for _, l := range w.prov[p].lots {
		all += l.units
		if w.cfg.Chips[l.chip].Origin == hardware.Domestic {
			dom += l.units
		}
	}
	if all == 0 {
		return 0
	}
	return dom / all
}

// retire drops lots past their lifetime.
func (w *world) retire(p int) {
	lots := w.prov[p].lots[:0]
	for _, l := range w.prov[p].lots {
		if l.retire > w.day {
			lots = append(lots, l)
		}
	}
	w.prov[p].lots = lots
}

// throughput is one entry of the world's table of serving throughputs.
type throughput struct {
	units float64 // units per second per chip; 0 if the model cannot run on the chip
	known bool
}

// modelThroughput is the units per second one chip c serves of model m (0
// if the model cannot run on it), from the serving physics of the hardware
// package. Each chip and workload is worked out the first time it is asked
// for: a run meets only some of the pairs.
func (w *world) modelThroughput(m, c int) float64 {
	t := &w.thr[m][c]
	if !t.known {
		sv, err := hardware.Serve(w.cfg.Chips[c], w.cfg.Models[m].Workload, w.cfg.Costs)
		t.units, t.known = sv.UnitsPerSecPerChip, true
		if err != nil {
			t.units = 0
		}
	}
	return t.units
}
