package market

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market/des"
)

// Phases order the work of one day.
const (
	phasePolicy des.Phase = iota
	phaseDelivery
	phaseRelease
	phaseDecision
	phaseSettle
)

type evKind uint8

const (
	evScheduled evKind = iota // cfg.Events[i] or a shock effect
	evLaunch                  // chip i launches
	evRelease                 // model i releases
	evDelivery                // w.deliveries[i] arrives
	evDecision                // quarterly decisions
	evSettle                  // monthly settlement on a month's last day; i = days covered
	evShockEnd                // nothing to do but log
)

type event struct {
	kind evKind
	i    int
	// shock is set for a random event's effect.
	shock *Scheduled
}

// Options selects the run: the seed and the run index within an ensemble.
type Options struct {
	Seed uint64
	Run  int
	// Reuse is a result the caller has finished with: the run may keep its
	// rows in that result's memory (which it overwrites), sparing an
	// ensemble's workers a large allocation per run. Nil for fresh memory.
	Reuse *Result
	// NoLog leaves the event log out: Result.Log and View.Log are empty,
	// and no entry's text is formatted. For ensembles that read only the
	// records; the records are the same either way.
	NoLog bool
}

// Run simulates cfg with the given agents and returns its results. Agents
// are matched to companies by ID; companies without an agent keep their
// prices and order nothing. At a decision every agent decides on the same
// snapshot; the market then applies, in this order: R&D budgets, prices and
// chip orders; allocates supply at the chip prices the buyers saw; and then
// applies new chip prices for the next quarter. On the start day only chip
// orders apply: the scenario's prices are the calibration point. A broken
// invariant or an invalid decision stops the run with an error.
func Run(cfg *Config, agents []Agent, opt Options) (*Result, error) {
	w, err := newWorld(cfg, opt)
	if err != nil {
		return nil, err
	}
	provAgent, supAgent, err := matchAgents(cfg, agents)
	if err != nil {
		return nil, err
	}
	var sim des.Sim[event]
	w.sim = &sim
	var deliveries []delivery
	schedule := func(d Day, dl delivery) {
		deliveries = append(deliveries, dl)
		sim.Schedule(des.Time(d), phaseDelivery, event{kind: evDelivery, i: len(deliveries) - 1})
	}
	w.scheduleAll(&sim, opt)

	var runErr error
	sim.RunUntil(des.Time(cfg.Days-1), func(e des.Event[event]) {
		if runErr != nil {
			return
		}
		w.day = Day(e.At)
		switch e.Value.kind {
		case evScheduled:
			ev := e.Value.shock
			if ev == nil {
				ev = &cfg.Events[e.Value.i]
			}
			w.apply(ev)
		case evLaunch:
			w.chip[e.Value.i].launched = true
			c := &cfg.Chips[e.Value.i]
			w.logf(KindLaunch, c.Vendor, "", "%s launches (%s, %.0f GB/s memory, %.0f GB/s chip-to-chip)",
				c.Name, c.Origin, c.MemoryBandwidthGBps, c.InterconnectGBps)
		case evRelease:
			if ms := &w.mod[e.Value.i]; !ms.released && ms.day == w.day { // a pulled-forward release leaves a stale event
				w.release(e.Value.i)
			}
		case evDelivery:
			w.deliver(deliveries[e.Value.i])
		case evDecision:
			runErr = w.decide(provAgent, supAgent, schedule)
		case evSettle:
			runErr = w.settle(w.day-Day(e.Value.i)+1, e.Value.i)
		}
	})
	if runErr != nil {
		return nil, runErr
	}
	return w.result(opt), nil
}

func openNote(open bool) string {
	if open {
		return ", open weights"
	}
	return ""
}

// matchAgents maps agents to provider and supplier indices.
func matchAgents(cfg *Config, agents []Agent) ([]Agent, []Agent, error) {
	prov := make([]Agent, len(cfg.Providers))
	sup := make([]Agent, len(cfg.Suppliers))
	for _, a := range agents {
		found := false
		for i := range cfg.Providers {
			if cfg.Providers[i].ID == a.ID() {
				if prov[i] != nil {
					return nil, nil, fmt.Errorf("two agents control %s", a.ID())
				}
				prov[i], found = a, true
			}
		}
		for i := range cfg.Suppliers {
			if cfg.Suppliers[i].ID == a.ID() {
				if sup[i] != nil {
					return nil, nil, fmt.Errorf("two agents control %s", a.ID())
				}
				sup[i], found = a, true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("agent %q controls no company of the scenario", a.ID())
		}
	}
	return prov, sup, nil
}

// scheduleAll puts the scenario's dated events, releases, launches, random
// shocks and the recurring settlements and decisions on the queue.
func (w *world) scheduleAll(sim *des.Sim[event], opt Options) {
	cfg := w.cfg
	for i, e := range cfg.Events {
		if e.Day >= 0 && int(e.Day) < cfg.Days {
			sim.Schedule(des.Time(e.Day), phasePolicy, event{kind: evScheduled, i: i})
		}
	}
	for c, d := range cfg.ChipLaunch {
		if d > 0 && int(d) < cfg.Days {
			sim.Schedule(des.Time(d), phaseDelivery, event{kind: evLaunch, i: c})
		}
	}
	for m := range cfg.Models {
		d := w.mod[m].day
		if !w.mod[m].released && int(d) < cfg.Days {
			sim.Schedule(des.Time(d), phaseRelease, event{kind: evRelease, i: m})
		}
	}
	for i := range cfg.Shocks {
		sh := &cfg.Shocks[i]
		r := Stream(opt.Seed, opt.Run, "shock/"+sh.Name)
		t := float64(sh.Earliest)
		for k := 0; k < sh.Max && sh.PerYear > 0; k++ {
			t += r.ExpFloat64() / sh.PerYear * 365.25
			if t >= float64(cfg.Days) {
				break
			}
			eff := sh.Effect
			eff.Summary = sh.Name + ": " + eff.Summary
			sim.Schedule(des.Time(t), phasePolicy, event{kind: evScheduled, shock: &eff})
		}
	}
	months := w.cal.MonthStarts(cfg.Days)
	for i, d := range months {
		end := Day(cfg.Days)
		if i+1 < len(months) {
			end = months[i+1]
		}
		sim.Schedule(des.Time(end-1), phaseSettle, event{kind: evSettle, i: int(end - d)})
		if t := w.cal.Date(d); d == 0 || (t.Day() == 1 && (t.Month()-1)%3 == 0) {
			sim.Schedule(des.Time(d), phaseDecision, event{kind: evDecision})
		}
	}
}

// apply carries out a scheduled or random event.
func (w *world) apply(e *Scheduled) {
	cfg := w.cfg
	kind := KindPolicy
	actor := "policy"
	switch e.Kind {
	case EventPolicy:
		w.chip[e.Chip].policy = e.Policy.Apply(w.chip[e.Chip].policy)
		w.markNews(servesLLM, servesCompute)
	case EventRules:
		w.rules = e.Rules.Apply(w.rules)
	case EventPrice:
		kind, actor = KindPrice, cfg.Providers[e.Provider].ID
		w.prov[e.Provider].price[e.Segment] = e.Value
	case EventDemand:
		kind, actor = KindDemand, cfg.Segments[e.Segment].ID
		w.shocks = append(w.shocks, demandShock{segment: e.Segment, multiplier: e.Value, from: w.day, until: w.day + Day(e.Days)})
	case EventNews:
		kind = KindShock
		if e.Segment >= 0 {
			w.news[e.Segment] = true
		}
	}
	w.logf(kind, actor, e.Source, "%s", e.Summary)
}

// markNews raises the reconsideration hazard this month in every segment
// judged on one of the dimensions dims.
func (w *world) markNews(dims ...string) {
	for s := range w.cfg.Segments {
		if slices.Contains(dims, w.dimension(s)) {
			w.news[s] = true
		}
	}
}

// decide collects every agent's decisions on one snapshot and applies them.
func (w *world) decide(provAgent, supAgent []Agent, schedule func(Day, delivery)) error {
	type pending struct {
		d        Decision
		company  int
		supplier bool
	}
	var all []pending
	w.round = make([]*utilities, len(w.cfg.Segments)) // the world holds still while the agents decide
	w.terms = w.terms[:0]
	for p, a := range provAgent {
		if a != nil {
			for _, d := range a.Decide(&View{w: w, self: p}) {
				all = append(all, pending{d, p, false})
			}
		}
	}
	for s, a := range supAgent {
		if a != nil {
			for _, d := range a.Decide(&View{w: w, self: s, supplier: true}) {
				all = append(all, pending{d, s, true})
			}
		}
	}
	w.round = nil // decisions change the world from here on
	for s := range w.sup {
		for p := range w.sup[s].orders {
			clear(w.sup[s].orders[p])
		}
	}
	for p := range w.prov {
		q := w.prov[p].capexQuarters
		w.prov[p].capexQuarters = append(q[len(q)-3:], 0)
	}
	apply := func(kind DecisionKind) error {
		for _, pd := range all {
			if pd.d.Kind != kind {
				continue
			}
			if err := w.applyDecision(pd.d, pd.company, pd.supplier); err != nil {
				return err
			}
		}
		return nil
	}
	// The start prices are the scenario's observed prices, the point the
	// buyers were calibrated at; the first decisions only order chips.
	// Orders are filled at the chip prices the buyers saw; new chip prices
	// apply from the next quarter's orders.
	kinds := []DecisionKind{RequestFunding, ExitSegment, SetRnD, SetTraining, SetOpenWeights, PullRelease, SetPrice, OrderChips}
	if w.day == 0 {
		kinds = []DecisionKind{RequestFunding, SetTraining, OrderChips}
	}
	for _, k := range kinds {
		if err := apply(k); err != nil {
			return err
		}
	}
	w.allocate(schedule)
	if w.day == 0 {
		return nil
	}
	return apply(SetChipPrice)
}

// applyDecision validates and applies one decision.
func (w *world) applyDecision(d Decision, company int, isSupplier bool) error {
	cfg := w.cfg
	id := ""
	if isSupplier {
		id = cfg.Suppliers[company].ID
	} else {
		id = cfg.Providers[company].ID
	}
	bad := func(what string) error {
		return fmt.Errorf("agent %s: invalid %s decision (value %v): %s", id, d.Kind, d.Value, what)
	}
	if math.IsNaN(d.Value) || math.IsInf(d.Value, 0) {
		return bad("not a finite number")
	}
	switch d.Kind {
	case SetRnD:
		if isSupplier || d.Value < 0 {
			return bad("R&D budgets are set by providers and are not negative")
		}
		w.prov[company].rnd = d.Value
		w.logf(KindDecision, id, d.Reason, "%s sets R&D to $%s/yr", cfg.Providers[company].Name, usd(d.Value))
	case SetPrice:
		if isSupplier || d.Segment < 0 || d.Segment >= len(cfg.Segments) || d.Value <= 0 {
			return bad("needs a provider, a segment and a positive price")
		}
		old := w.prov[company].price[d.Segment]
		w.prov[company].price[d.Segment] = d.Value
		if math.Abs(d.Value-old) > 1e-3*old {
			w.logf(KindDecision, id, d.Reason, "%s %s price %+.0f%% to $%.4g/%s", cfg.Providers[company].Name,
				cfg.Segments[d.Segment].ID, 100*(d.Value/old-1), d.Value, cfg.Segments[d.Segment].Unit)
		}
	case SetChipPrice:
		if !isSupplier || d.Value <= 0 {
			return bad("needs a supplier and a positive price")
		}
		k := slotOf(cfg.Suppliers[company], d.Chip)
		if k < 0 {
			return bad("the supplier does not make that chip")
		}
		old := w.sup[company].price[k]
		w.sup[company].price[k] = d.Value
		if math.Abs(d.Value-old) > 1e-3*old {
			w.logf(KindDecision, id, d.Reason, "%s prices %s at $%s (%+.0f%%)", cfg.Suppliers[company].Name,
				cfg.Chips[d.Chip].Name, usd(d.Value), 100*(d.Value/old-1))
		}
	case PullRelease:
		if isSupplier || d.Model < 0 || d.Model >= len(cfg.Models) || cfg.Models[d.Model].Owner != company || d.Value < 0 {
			return bad("needs one of the provider's own models and a non-negative number of days")
		}
		ms := &w.mod[d.Model]
		if ms.released || d.Value == 0 {
			return nil
		}
		if cfg.Models[d.Model].Endogenous {
			if w.pullLine(d.Model, int(d.Value)) {
				w.logf(KindDecision, id, d.Reason, "%s brings %s forward by up to %.0f days", cfg.Providers[company].Name,
					cfg.Models[d.Model].Name, d.Value)
			}
			return nil
		}
		to := max(w.day+1, ms.day-Day(d.Value))
		if to < ms.day {
			ms.day = to
			w.schedule(to, phaseRelease, event{kind: evRelease, i: d.Model})
			w.logf(KindDecision, id, d.Reason, "%s pulls %s forward to %s", cfg.Providers[company].Name,
				cfg.Models[d.Model].Name, w.cal.Date(to).Format("2006-01-02"))
		}
	case OrderChips:
		if isSupplier || d.Chip < 0 || d.Chip >= len(cfg.Chips) || d.Value < 0 {
			return bad("needs a provider, a chip and a non-negative quantity")
		}
		if d.Value == 0 {
			return nil
		}
		if ok, why := w.orderable(company, d.Chip); !ok {
			return bad(cfg.Chips[d.Chip].ID + " cannot be ordered: " + why)
		}
		cs := w.chip[d.Chip]
		w.sup[cs.supplier].orders[company][cs.slot] += d.Value
		w.logf(KindDecision, id, d.Reason, "%s orders %s %s", cfg.Providers[company].Name, count(d.Value), cfg.Chips[d.Chip].Name)
	case RequestFunding:
		if isSupplier || d.Value < 0 {
			return bad("needs a provider and a non-negative amount")
		}
		w.draw(company, d.Value, d.Reason)
	case ExitSegment:
		if isSupplier || d.Segment < 0 || d.Segment >= len(cfg.Segments) {
			return bad("needs a provider and a segment")
		}
		if pr := &w.prov[company]; !pr.exited[d.Segment] && cfg.Providers[company].Serves[d.Segment] {
			pr.exited[d.Segment] = true
			w.refreshServing()
			w.logf(KindDecision, id, d.Reason, "%s exits %s", cfg.Providers[company].Name, cfg.Segments[d.Segment].Name)
		}
	case SetOpenWeights:
		if isSupplier || (d.Value != 0 && d.Value != 1) {
			return bad("needs a provider and 1 (open) or 0 (closed)")
		}
		choice, word := -1, "closed"
		if d.Value == 1 {
			choice, word = 1, "open"
		}
		if w.prov[company].weights != choice {
			w.prov[company].weights = choice
			w.logf(KindDecision, id, d.Reason, "%s will release its next models with %s weights", cfg.Providers[company].Name, word)
		}
	case SetTraining:
		if isSupplier || d.Value < 0 || d.Value > 0.9 {
			return bad("needs a provider and a share from 0 to 0.9")
		}
		old := w.prov[company].training
		w.prov[company].training = d.Value
		if math.Abs(d.Value-old) > 1e-3 {
			w.logf(KindDecision, id, d.Reason, "%s reserves %.0f%% of its fleet for training (was %.0f%%)",
				cfg.Providers[company].Name, 100*d.Value, 100*old)
		}
	default:
		return bad("unknown decision kind")
	}
	return nil
}

func slotOf(s Supplier, chip int) int {
	for k, c := range s.Chips {
		if c == chip {
			return k
		}
	}
	return -1
}

// ErrConfig marks a configuration the market cannot run.
var ErrConfig = errors.New("invalid market configuration")

// result packages the run's outputs.
func (w *world) result(opt Options) *Result {
	cfg := w.cfg
	r := &Result{
		Scenario: cfg.Name, Seed: opt.Seed, Run: opt.Run, Start: cfg.Start, Days: cfg.Days,
		Months: w.months, Records: w.records, Log: w.log,
	}
	for _, s := range cfg.Segments {
		r.Segments = append(r.Segments, SegmentInfo{ID: s.ID, Name: s.Name, Unit: s.Unit, Kind: s.Kind})
	}
	for _, p := range cfg.Providers {
		r.Companies = append(r.Companies, CompanyInfo{ID: p.ID, Name: p.Name})
	}
	for _, s := range cfg.Suppliers {
		r.Companies = append(r.Companies, CompanyInfo{ID: s.ID, Name: s.Name, Supplier: true})
	}
	for _, c := range cfg.Chips {
		r.Chips = append(r.Chips, ChipInfo{ID: c.ID, Name: c.Name, Vendor: c.Vendor, Domestic: c.Origin == hardware.Domestic})
	}
	return r
}

// Calendar returns the calendar of a result.
func (r *Result) Calendar() Calendar { return Calendar{Start: r.Start} }

// Date returns the calendar date of day d of the result.
func (r *Result) Date(d Day) time.Time { return r.Calendar().Date(d) }

// release makes model m available: its capability moves with its owner's
// R&D against plan, and its weights are closed if the owner stopped
// releasing open weights.
func (w *world) release(m int) {
	cfg := w.cfg
	md := &cfg.Models[m]
	pr := &w.prov[md.Owner]
	ms := &w.mod[m]
	ms.released, ms.day = true, w.day
	ms.capability = md.Capability
	note := ""
	if md.Endogenous {
		ms.capability, note = w.noteRelease(m)
		note = "; " + note
	} else if k := cfg.RnDCapability; k != 0 && pr.rndPlan > 0 && pr.rndCum > 0 {
		delta := k * math.Log(pr.rndCum/pr.rndPlan)
		ms.capability = math.Max(0, md.Capability+delta)
		if math.Abs(delta) >= 0.05 {
			note = fmt.Sprintf("; R&D at %.0f%% of plan moves it %+.1f points", 100*pr.rndCum/pr.rndPlan, delta)
		}
	}
	if !md.Endogenous {
		w.noteRelease(m)
	}
	ms.open = md.Open
	switch from := cfg.Providers[md.Owner].ClosedFrom; {
	case pr.weights > 0 && !md.Open:
		ms.open = true
		note += "; weights published"
	case pr.weights < 0 && md.Open, pr.weights == 0 && md.Open && from > 0 && w.day >= from:
		ms.open = false
		note += "; weights kept closed"
	}
	w.admit(m)
	w.markNews(md.Serves)
	w.logf(KindRelease, cfg.Providers[md.Owner].ID, "", "%s releases %s (capability %.1f%s%s)",
		cfg.Providers[md.Owner].Name, md.Name, ms.capability, openNote(ms.open), note)
}

// schedule puts an event on the run's queue.
func (w *world) schedule(d Day, ph des.Phase, e event) { w.sim.Schedule(des.Time(d), ph, e) }
