package scenarios

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// MaxHorizonDays bounds a scenario's length (about 50 years).
const MaxHorizonDays = 18263

// builder turns a decoded Scenario into a market configuration, collecting
// every cross-reference problem with its position.
type builder struct {
	s    *Scenario
	file string // position for problems with no better place
	errs ErrorList
	cfg  *market.Config

	chipIdx, provIdx, segIdx, modelIdx map[string]int
	chipIDs, provIDs, segIDs, modelIDs []string
}

// Build checks the scenario's cross references and returns the market
// configuration and the agents that play its companies.
func (s *Scenario) Build() (*market.Config, []market.Agent, error) {
	b := &builder{s: s, file: s.Start.Pos.File, cfg: &market.Config{Name: s.Name}}
	b.index()
	b.horizon()
	b.chips()
	b.models()
	b.suppliers()
	b.segments()
	b.providers()
	b.size()
	b.market()
	b.generations() // after market: a generation serves like its model, traffic mix included
	b.race()
	b.events()
	b.shocks()
	b.checks()
	ags := b.agents()
	b.errs.Sort()
	if err := b.errs.Err(); err != nil {
		return nil, nil, err
	}
	return b.cfg, ags, nil
}

func (b *builder) errorf(pos Pos, format string, args ...any) {
	if pos.File == "" {
		pos.File = b.file
	}
	b.errs.Addf(pos, format, args...)
}

// sortedIDs orders map keys by rank, then id, so reports list companies and
// segments in the order the scenario intends.
func sortedIDs[T any](m map[string]T, rank func(T) int) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, c string) int { return cmp.Or(cmp.Compare(rank(m[a]), rank(m[c])), cmp.Compare(a, c)) })
	return ids
}

func indexOf(ids []string) map[string]int {
	m := make(map[string]int, len(ids))
	for i, id := range ids {
		m[id] = i
	}
	return m
}

func (b *builder) index() {
	b.chipIDs = sortedIDs(b.s.Chips, func(*ChipSpec) int { return 0 })
	b.provIDs = sortedIDs(b.s.Providers, func(p *ProviderSpec) int { return p.Rank })
	b.segIDs = sortedIDs(b.s.Segments, func(s *SegmentSpec) int { return s.Rank })
	b.modelIDs = sortedIDs(b.s.Models, func(*ModelSpec) int { return 0 })
	b.chipIdx, b.provIdx = indexOf(b.chipIDs), indexOf(b.provIDs)
	b.segIdx, b.modelIdx = indexOf(b.segIDs), indexOf(b.modelIDs)
}

// ref resolves an id reference, reporting an unknown one with suggestions.
func (b *builder) ref(s Str, what string, idx map[string]int, ids []string) int {
	i, ok := idx[s.Value]
	if !ok {
		b.errorf(s.Pos, "unknown %s %q%s", what, s.Value, DidYouMean(s.Value, ids))
		return -1
	}
	return i
}

// oneOf checks an enumerated string.
func (b *builder) oneOf(s Str, what string, allowed ...string) bool {
	if slices.Contains(allowed, s.Value) {
		return true
	}
	b.errorf(s.Pos, "%s must be one of %s, not %q", what, strings.Join(allowed, ", "), s.Value)
	return false
}

// day converts a date to a day of the run, clamped to 0 for earlier dates.
func (b *builder) day(d Date) market.Day {
	return max(0, market.Day(d.Day.Sub(b.s.Start.Day).Hours()/24))
}

func (b *builder) horizon() {
	days := int((b.s.End.Day.Unix()-b.s.Start.Day.Unix())/86400) + 1 // no Duration: it saturates at 292 years
	switch {
	case days <= 31:
		b.errorf(b.s.End.Pos, "end %s must be more than a month after start %s", b.s.End, b.s.Start)
	case days > MaxHorizonDays:
		b.errorf(b.s.End.Pos, "a run from %s to %s is %d days; the longest is %d days (about 50 years)", b.s.Start, b.s.End, days, MaxHorizonDays)
	}
	b.cfg.Start, b.cfg.Days = b.s.Start.Day, days
}

// path turns a {year-or-date: value} mapping into a market.Path.
func (b *builder) path(m map[string]Num, what string, pos Pos) market.Path {
	type anchor struct {
		d market.Day
		v float64
	}
	var as []anchor
	for _, k := range sortedIDs(m, func(Num) int { return 0 }) {
		n := m[k]
		t, err := time.Parse(time.DateOnly, k)
		if err != nil {
			t, err = time.Parse("2006", k)
		}
		if err != nil {
			b.errorf(n.Pos, "%s: key %q must be a year (2027) or a date (2027-07-01)", what, k)
			continue
		}
		d := market.Day(t.Sub(b.s.Start.Day).Hours() / 24)
		as = append(as, anchor{d, n.Value})
	}
	if len(m) == 0 {
		b.errorf(pos, "%s needs at least one {year: value} anchor", what)
	}
	slices.SortFunc(as, func(x, y anchor) int { return cmp.Compare(x.d, y.d) })
	p := market.Path{Log: true}
	for _, a := range as {
		p.Days = append(p.Days, a.d)
		p.Values = append(p.Values, a.v)
	}
	return p
}

func or(n Num, def float64) float64 {
	if n.Present() {
		return n.Value
	}
	return def
}

func (b *builder) chips() {
	for _, id := range b.chipIDs {
		c := b.s.Chips[id]
		// A bad chip is still added, so that chip indices stay aligned.
		known := b.oneOf(c.Origin, "origin", "domestic", "foreign")
		hc := hardware.Chip{
			ID: id, Name: c.Name, Vendor: c.Vendor, HBMGB: c.HBM.Value / 1e9,
			MemoryBandwidthGBps: c.MemoryBandwidth.Value, InterconnectGBps: c.Interconnect.Value,
			BF16TFLOPS: c.BF16.Value, FP8TFLOPS: c.FP8.Value, TDPW: c.TDP.Value, PriceUSD: c.Price.Value,
			LifetimeYears: c.Lifetime.Value / 365.25, Origin: hardware.Origin(c.Origin.Value),
			ServingEfficiency: c.ServingEfficiency.Value, ModelEfficiency: b.modelEfficiency(id, c),
		}
		if err := hc.Validate(); err != nil && known {
			b.errorf(c.Origin.Pos, "chip %s: %v", id, err)
		}
		b.cfg.Chips = append(b.cfg.Chips, hc)
		pol := market.ChipPolicy{USAllowed: true, Approved: true}
		b.cfg.Policy = append(b.cfg.Policy, b.patch(c.Policy).Apply(pol))
		launch := market.Day(0)
		if c.Launch.Present() {
			launch = b.day(c.Launch)
		}
		b.cfg.ChipLaunch = append(b.cfg.ChipLaunch, launch)
	}
}

// modelEfficiency resolves a chip's per-model serving efficiencies, or nil.
func (b *builder) modelEfficiency(chip string, c *ChipSpec) map[string]float64 {
	if len(c.ModelEfficiency) == 0 {
		return nil
	}
	m := make(map[string]float64, len(c.ModelEfficiency))
	for _, id := range slices.Sorted(maps.Keys(c.ModelEfficiency)) {
		n := c.ModelEfficiency[id]
		if b.ref(Str{Value: id, Pos: n.Pos}, "model in model_efficiency of chip "+chip, b.modelIdx, b.modelIDs) >= 0 {
			m[id] = n.Value
		}
	}
	return m
}

func (b *builder) patch(p PolicySpec) market.PolicyPatch {
	var pp market.PolicyPatch
	pp.USAllowed, pp.Approved, pp.Discouraged = p.USAllowed, p.ChinaApproved, p.ChinaDiscouraged
	if p.Fee.Present() {
		pp.FeeRate = &p.Fee.Value
	}
	if p.CapPerQuarter.Present() {
		pp.CapPerQuarter = &p.CapPerQuarter.Value
	}
	return pp
}

func (b *builder) rulesPatch(r RulesSpec) market.RulesPatch {
	var rp market.RulesPatch
	if r.DomesticShareMin.Present() {
		rp.DomesticShareMin = &r.DomesticShareMin.Value
	}
	if r.StateDomesticWeight.Present() {
		rp.StateDomesticWeight = &r.StateDomesticWeight.Value
	}
	return rp
}

func (b *builder) models() {
	for _, id := range b.modelIDs {
		m := b.s.Models[id]
		owner := b.ref(m.Owner, "company", b.provIdx, b.provIDs)
		b.oneOf(m.Serves, "serves", "llm", "media")
		w := m.Workload
		kind, err := hardware.ParseKind(w.Kind.Value)
		if err != nil {
			b.errorf(w.Kind.Pos, "workload kind must be text, image or video, not %q", w.Kind.Value)
		}
		if (kind == hardware.Text) != (m.Serves.Value == "llm") && err == nil {
			b.errorf(w.Kind.Pos, "a %s workload cannot serve %q", w.Kind.Value, m.Serves.Value)
		}
		hw := hardware.Workload{
			ID: id, Name: m.Name, Kind: kind,
			TotalParamsB: w.TotalParams.Value / 1e9, ActiveParamsB: or(w.ActiveParams, w.TotalParams.Value) / 1e9,
			BytesPerParam: or(w.BytesPerParam, 2), KVBytesPerToken: w.KVPerToken.Value,
			ContextTokens: w.Context.Value, MinTokensPerSecPerUser: w.MinTokensPerSec.Value,
			FLOPsPerUnit: w.FLOPsPerUnit.Value, BytesPerUnit: w.BytesPerUnit.Value,
		}
		if kind == hardware.Text {
			hw.InputTokensPerOutputToken = or(w.InputPerOutput, b.s.Market.InputPerOutput.Value)
			hw.CachedInputShare = or(w.CachedInput, b.s.Market.CachedInputShare.Value)
		}
		if err == nil {
			if verr := hw.Validate(); verr != nil {
				b.errorf(w.Kind.Pos, "model %s workload: %v", id, verr)
			}
		}
		b.cfg.Models = append(b.cfg.Models, market.Model{
			ID: id, Name: m.Name, Owner: max(owner, 0), Serves: m.Serves.Value,
			Capability: m.Capability.Value, Open: m.Open, Release: b.releaseDay(m.Release),
			Workload: hw, SlipProb: m.Slip.Probability.Value, SlipMaxDays: int(m.Slip.Max.Value),
			EarlyProb: m.Early.Probability.Value, EarlyMaxDays: int(m.Early.Max.Value),
		})
	}
}

// releaseDay is the day of a release; releases before the start are day 0
// (already out) and ones after the end never happen.
func (b *builder) releaseDay(d Date) market.Day {
	return market.Day(math.Max(0, d.Day.Sub(b.s.Start.Day).Hours()/24))
}

func (b *builder) suppliers() {
	ids := sortedIDs(b.s.Suppliers, func(*SupplierSpec) int { return 0 })
	seen := map[int]string{}
	for _, id := range ids {
		s := b.s.Suppliers[id]
		sc := market.Supplier{ID: id, Name: s.Name, Owner: -1, LeadDays: int(s.LeadTime.Value), External: true}
		if s.Owner.Present() {
			sc.Owner = b.ref(s.Owner, "company", b.provIdx, b.provIDs)
		}
		if s.External != nil {
			sc.External = *s.External
		}
		if !sc.External && sc.Owner < 0 {
			b.errorf(s.At, "supplier %s sells to nobody: give it an owner or set external: true", id)
		}
		sc.Agent = s.Strategy != nil && s.Strategy.Kind.Value != "none"
		for _, cid := range sortedIDs(s.Chips, func(*SupplyChip) int { return 0 }) {
			sp := s.Chips[cid]
			c := b.ref(Str{Value: cid, Pos: sp.At}, "chip", b.chipIdx, b.chipIDs)
			if c < 0 {
				continue
			}
			if other, dup := seen[c]; dup {
				b.errorf(sp.At, "chip %s is already made by supplier %s", cid, other)
				continue
			}
			seen[c] = id
			sc.Chips = append(sc.Chips, c)
			sc.Output = append(sc.Output, b.path(sp.Output, "output of "+cid, sp.At))
			sc.UnitCost = append(sc.UnitCost, sp.UnitCost.Value)
			sc.ListPrice = append(sc.ListPrice, or(sp.Price, b.cfg.Chips[c].PriceUSD))
			sc.TransferPrice = append(sc.TransferPrice, sp.TransferPrice.Value)
			var lead market.Path
			if len(sp.LeadTime) > 0 {
				lead = b.path(sp.LeadTime, "lead_time of "+cid, sp.At)
			}
			sc.ChipLeadDays = append(sc.ChipLeadDays, lead)
		}
		b.cfg.Suppliers = append(b.cfg.Suppliers, sc)
	}
}
