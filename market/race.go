package market

import (
	"fmt"
	"math"
)

// Race is the production function of model generations. A lab's next
// generation in a line (its language or its media models) is ready when, since
// its last release, it has trained on at least MinStep times the previous
// generation's compute and spent its planned R&D, and at least MinGapDays
// have passed; after MaxGapDays it releases what it has. Its capability is
//
//	last + PacePerDoubling × max(0, log2(F / F_prev) + log2(AlgorithmicPerYear) × years)
//	     + RnDCapability / 2 × ln(R&D spent / R&D planned)
//	     + CatchUp × max(0, best available − last)
//
// where F is the training compute since the last release and F_prev the
// previous generation's, years is the time since the last release (algorithmic
// progress, shared by every lab through publications and open weights), and
// the catch-up term is distillation and open research closing part of the gap
// to the best model anyone has released in that dimension. R&D counts half
// as much as in a scripted release (Config.RnDCapability), because in a
// generation it also buys its timing: the R&D gate opens sooner.
type Race struct {
	PacePerDoubling    float64 // capability points per doubling of effective training compute
	AlgorithmicPerYear float64 // yearly multiplier of effective compute from better algorithms (≥ 1)
	CatchUp            float64 // share of the gap to the best released model closed per generation (0..1)
	MinStep            float64 // training compute over the previous generation's that makes a new one (> 1)
	MinGapDays         int
	MaxGapDays         int
	TrainingMFU        float64 // achieved share of peak BF16 FLOPS in training (0..1)
}

// Line is a lab's sequence of endogenous generations in one dimension
// ("llm" or "media"): Models are released in order when the race says so.
type Line struct {
	Provider int
	Serves   string
	Models   []int
}

// lineState is where a line stands.
type lineState struct {
	next         int     // index into Line.Models of the next generation
	last         Day     // day of the lab's last release in the line
	lastCap      float64 // capability of that release
	fPrev        float64 // training compute of the last generation, FLOP
	fAcc, rAcc   float64 // training compute (FLOP) and R&D (USD) since the last release
	rPlanAcc     float64 // R&D the plan would have spent since the last release, USD
	pull         int     // days a rival's lead has pulled the next generation forward
	pendingModel int     // model scheduled for release, −1 for none
}

// trainingFLOPs is provider p's training compute over days, FLOP: the share
// of its fleet reserved for training at the training MFU, or for a Western
// lab its exogenous training compute path.
func (w *world) trainingFLOPs(p, days int) float64 {
	pc := &w.cfg.Providers[p]
	if pc.Western {
		return pc.TrainingFLOPsPerYear.At(w.day) * float64(days) / 365.25
	}
	var peak float64
	for _, l := range w.prov[p].lots {
		peak += l.units * w.cfg.Chips[l.chip].BF16TFLOPS * 1e12
	}
	return peak * w.cfg.Race.TrainingMFU * w.prov[p].training * float64(days) * 86400
}

// initRace sets every line's clock at its lab's latest release in the
// dimension (or Start) and its previous generation's compute to a year of
// the lab's training compute at Start.
func (w *world) initRace() {
	w.lines = make([]lineState, len(w.cfg.Lines))
	for i, ln := range w.cfg.Lines {
		st := &w.lines[i]
		st.pendingModel = -1
		for m, md := range w.cfg.Models {
			if md.Owner == ln.Provider && md.Serves == ln.Serves && w.mod[m].released {
				st.lastCap = max(st.lastCap, w.mod[m].capability)
			}
		}
		st.fPrev = w.trainingFLOPs(ln.Provider, 365)
	}
}

// advanceRace accumulates the month's training compute and R&D on every
// line, notes scripted releases as the line's last generation, and schedules
// the next generation of every line that is ready.
func (w *world) advanceRace(days int, today Day) {
	r := &w.cfg.Race
	for i, ln := range w.cfg.Lines {
		st := &w.lines[i]
		p := ln.Provider
		pr := &w.prov[p]
		st.fAcc += w.trainingFLOPs(p, days)
		st.rAcc += pr.m.rnd
		st.rPlanAcc += w.cfg.Providers[p].RnDUSDYr * float64(days) / 365.25
		if st.pendingModel >= 0 || st.next >= len(ln.Models) {
			continue
		}
		gap := int(today-st.last) + st.pull
		if gap < r.MinGapDays {
			continue
		}
		ready := st.fAcc >= r.MinStep*st.fPrev && st.rAcc >= 0.8*st.rPlanAcc
		if !ready && gap < r.MaxGapDays {
			continue
		}
		m := ln.Models[st.next]
		d := today + 1
		if int(d) >= w.cfg.Days {
			continue
		}
		st.pendingModel = m
		w.mod[m].day = d
		w.schedule(d, phaseRelease, event{kind: evRelease, i: m})
	}
}

// noteRelease updates the lines of model m's owner and dimension when m is
// released (scripted or endogenous) and returns the capability of an
// endogenous generation with the reason, or the scenario's capability.
func (w *world) noteRelease(m int) (float64, string) {
	md := &w.cfg.Models[m]
	capab, why := md.Capability, ""
	for i, ln := range w.cfg.Lines {
		if ln.Provider != md.Owner || ln.Serves != md.Serves {
			continue
		}
		st := &w.lines[i]
		if md.Endogenous {
			capab, why = w.generation(st, md.Serves)
			if st.next < len(ln.Models) && ln.Models[st.next] == m {
				st.next++
			}
			st.pendingModel = -1
		} else {
			capab = w.mod[m].capability
		}
		st.fPrev = max(st.fAcc, st.fPrev/2)
		if !md.Endogenous && capab < st.lastCap {
			// A smaller scripted model (an open mid-size release) does not
			// reset the line.
			return capab, why
		}
		st.last, st.lastCap, st.pull = w.day, capab, 0
		st.fAcc, st.rAcc, st.rPlanAcc = 0, 0, 0
	}
	return capab, why
}

// generation is the capability of line st's next generation now (see Race).
func (w *world) generation(st *lineState, dim string) (float64, string) {
	r := &w.cfg.Race
	years := float64(w.day-st.last) / 365.25
	comp := 0.0
	if st.fPrev > 0 && st.fAcc > 0 {
		comp = math.Log2(st.fAcc / st.fPrev)
	}
	alg := math.Log2(max(1, r.AlgorithmicPerYear)) * years
	gain := r.PacePerDoubling * max(0, comp+alg)
	rnd := 0.0
	if st.rPlanAcc > 0 && st.rAcc > 0 && w.cfg.RnDCapability != 0 {
		rnd = w.cfg.RnDCapability / 2 * math.Log(st.rAcc/st.rPlanAcc)
	}
	best := w.bestCapability(dim)
	catch := r.CatchUp * max(0, best-st.lastCap)
	capab := st.lastCap + max(0, gain+rnd+catch)
	if w.noLog {
		return capab, ""
	}
	why := fmt.Sprintf("generation from %.1f: training compute ×%.2f (%+.1f), algorithms over %.1f years (%+.1f), R&D at %.0f%% of plan (%+.1f), catch-up to %.1f (%+.1f)",
		st.lastCap, math.Pow(2, comp), r.PacePerDoubling*comp, years, r.PacePerDoubling*alg,
		100*st.rAcc/max(st.rPlanAcc, 1e-9), rnd, best, catch)
	return capab, why
}

// bestCapability is the best capability of any released model in
// dimension dim.
func (w *world) bestCapability(dim string) float64 {
	var b float64
	for m, md := range w.cfg.Models {
		if md.Serves == dim && w.mod[m].released {
			b = max(b, w.mod[m].capability)
		}
	}
	return b
}

// pullLine brings forward the next generation of endogenous model m's line
// by days: the lab releases up to that much earlier than the race says.
func (w *world) pullLine(m, days int) bool {
	md := &w.cfg.Models[m]
	for i, ln := range w.cfg.Lines {
		if ln.Provider == md.Owner && ln.Serves == md.Serves {
			st := &w.lines[i]
			if st.pendingModel >= 0 || st.next >= len(ln.Models) || ln.Models[st.next] != m {
				return false
			}
			st.pull += days
			return true
		}
	}
	return false
}
