package study

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// CompareConfig sizes a comparison.
type CompareConfig struct {
	// Runs per scenario. One run is each scenario at its stated values
	// with the master seed, as `aicloudsim run --seed` runs it; more make
	// each scenario a Monte Carlo ensemble as `aicloudsim montecarlo`
	// runs it (run i: seed RunSeed(seed, i) and Latin hypercube values of
	// the ranged numbers). Run i of every scenario shares its seed and,
	// for numbers with the same path and range, its sampled values, so
	// run-by-run differences show the scenarios' effect, not the noise.
	Runs int
	// AttributionRuns is the seeds (replicateSeed(seed, 0..n−1)) of each
	// run of the attribution, averaged.
	AttributionRuns int
	// ByEntry groups the inputs of the attribution by entry (see
	// EntryOf) instead of applying each alone: changes that only work
	// together, such as the settings of one pricing rule, then count as
	// one.
	ByEntry bool
}

// Compared is one scenario of a comparison.
type Compared struct {
	Name   string // the scenario's name, made unique within the comparison
	Opened *scenarios.Opened
	Inputs []Change // how it differs from the first scenario; nil for the first
	Groups []Group  // what the attribution applies alone to the first scenario

	open   Opener
	cfg    *market.Config
	params []Param
	layout *Layout
}

// Comparison runs scenarios side by side with the same seeds. It reports
// how their inputs differ from the first's (after extends and --set), how
// their outcomes differ over time and in the final year, and, for each
// attributed outcome, how much of the gap each differing input explains
// when applied alone to the first scenario (a one-at-a-time attribution;
// what the inputs do only together is the interaction).
type Comparison struct {
	Seed       uint64
	Config     CompareConfig
	Scenarios  []*Compared
	Outcomes   []Measure // the final-year outcomes compared: the headline ones and those asked for
	Attributed []int     // indices into Outcomes of those asked for
	// Build is this build's fingerprint for the comparison: of every
	// scenario's probe (see Fingerprint).
	Build string
}

// NewComparison opens the scenarios (two or more; the first is the
// reference), computes their input diffs and checks the outcomes against
// the first. Its errors are bad input.
func NewComparison(opens []Opener, outcomes []string, seed uint64, c CompareConfig) (*Comparison, error) {
	switch {
	case len(opens) < 2:
		return nil, fmt.Errorf("compare needs at least two scenarios, got %d", len(opens))
	case c.Runs < 1:
		return nil, fmt.Errorf("--runs must be at least 1, not %d", c.Runs)
	case c.AttributionRuns < 1:
		return nil, fmt.Errorf("--attribution-runs must be at least 1, not %d", c.AttributionRuns)
	case c.Runs > MaxStudyRuns:
		return nil, fmt.Errorf("--runs %d: the limit is %d", c.Runs, MaxStudyRuns)
	case c.AttributionRuns > MaxSeedsPerPoint:
		return nil, fmt.Errorf("--attribution-runs %d: the limit is %d", c.AttributionRuns, MaxSeedsPerPoint)
	}
	cmp := &Comparison{Seed: seed, Config: c}
	names := map[string]int{}
	var agents [][]market.Agent // each scenario's, for its probe
	for _, open := range opens {
		o, err := open()
		if err != nil {
			return nil, err
		}
		cfg, ag, err := o.Build()
		if err != nil {
			return nil, err
		}
		agents = append(agents, ag)
		names[o.Name]++
		name := o.Name
		if n := names[o.Name]; n > 1 {
			name += " #" + strconv.Itoa(n)
		}
		s := &Compared{Name: name, Opened: o, open: open, cfg: cfg, params: Params(o.Scenario), layout: NewLayout(cfg)}
		if len(cmp.Scenarios) > 0 {
			s.Inputs = Diff(cmp.Scenarios[0].Opened.Scenario, o.Scenario)
			s.Groups = groups(s.Inputs, c.ByEntry)
		}
		cmp.Scenarios = append(cmp.Scenarios, s)
	}
	asked, err := ParseMeasures(outcomes, cmp.Scenarios[0].cfg)
	if err != nil {
		return nil, err
	}
	head, err := ParseMeasures(headlineIDs(cmp.Scenarios[0].cfg), cmp.Scenarios[0].cfg)
	if err != nil {
		return nil, err
	}
	for _, m := range asked {
		i := slices.IndexFunc(head, func(h Measure) bool { return h.ID == m.ID })
		if i < 0 {
			i = len(head)
			head = append(head, m)
		}
		cmp.Attributed = append(cmp.Attributed, i)
	}
	cmp.Outcomes = head
	if n := cmp.Runs(); n > MaxStudyRuns {
		return nil, fmt.Errorf("the comparison would take %d runs; the limit is %d: use fewer --runs or --attribution-runs", n, MaxStudyRuns)
	}
	// The probes last: bad input fails before they run.
	builds := make([]string, len(cmp.Scenarios))
	for i, s := range cmp.Scenarios {
		b, err := probe(s.Opened, s.cfg, agents[i], seed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		builds[i] = b
	}
	cmp.Build = StudyID("builds", builds)[:16]
	return cmp, nil
}

// headlineIDs are the outcomes every comparison tabulates: each provider's
// revenue share, revenue and profit, each supplier's revenue and export
// fees, and the average price in each paid segment.
func headlineIDs(cfg *market.Config) []string {
	var ids []string
	for _, p := range cfg.Providers {
		ids = append(ids, "revenue_share:"+p.ID, "revenue:"+p.ID, "profit:"+p.ID)
	}
	for _, s := range cfg.Suppliers {
		ids = append(ids, "revenue:"+s.ID, "export_fees:"+s.ID)
	}
	for _, s := range cfg.Segments {
		if s.Kind == market.Paid {
			ids = append(ids, "price:"+s.ID)
		}
	}
	return ids
}

// Group is what the attribution applies alone to the first scenario: one
// input, or every input of an entry.
type Group struct {
	Name    string
	Changes []int // indices into the scenario's Inputs
}

// EntryOf returns the entry a path belongs to: for the maps of chips,
// suppliers, segments, providers and models, the entry's id
// ("providers.alibaba"); otherwise the top-level key ("events", "costs").
func EntryOf(path string) string {
	segs := strings.SplitN(path, ".", 3)
	switch segs[0] {
	case "chips", "suppliers", "segments", "providers", "models":
		if len(segs) > 1 {
			return segs[0] + "." + segs[1]
		}
	}
	return segs[0]
}

// groups returns one group per input, or with byEntry one per entry, in
// the order of their first input.
func groups(ins []Change, byEntry bool) []Group {
	var out []Group
	for i, in := range ins {
		name := in.Path
		if byEntry {
			name = EntryOf(in.Path)
		}
		if n := len(out); n > 0 && out[n-1].Name == name {
			out[n-1].Changes = append(out[n-1].Changes, i)
			continue
		}
		out = append(out, Group{Name: name, Changes: []int{i}})
	}
	return out
}

// attribution is the attribution design of one scenario after the first:
// the variants of the first scenario with one group each, by group, and
// why the others cannot be built.
type attribution struct {
	variant []int    // per group: its variant, or -1
	alone   []string // per group: why it cannot be applied alone, or ""
	b       int      // the scenario's own variant
}

// Runs is the number of runs of the comparison.
func (c *Comparison) Runs() int {
	n := len(c.Scenarios) * c.Config.Runs
	for _, s := range c.Scenarios[1:] {
		n += (1 + len(s.Groups)) * c.Config.AttributionRuns
	}
	return n + c.Config.AttributionRuns
}

// Run computes the comparison and returns what its reports show.
func (c *Comparison) Run(ctx context.Context, opt Options) (*reports.Comparison, error) {
	out := &reports.Comparison{Seed: c.Seed, Runs: c.Config.Runs, AttributionRuns: c.Config.AttributionRuns,
		Outcomes: infos(c.Outcomes), Attributed: c.Attributed, FinalYear: c.Scenarios[0].layout.FinalYear}
	total := c.Runs()
	done := 0
	progress := func(n int) Options {
		o := opt
		if opt.Progress != nil {
			o.Progress = func(d, _ int) { opt.Progress(n+d, total) }
		}
		return o
	}
	values := make([][][]float64, len(c.Scenarios)) // [scenario][run][outcome]
	for k, s := range c.Scenarios {
		rs, bands, err := c.ensemble(ctx, s, progress(done))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.Name, err)
		}
		done += c.Config.Runs
		values[k] = rs
		r := reports.ComparedScenario{Name: s.Name, Title: s.Opened.Title, Hash: s.Opened.Hash, Bands: bands}
		for o := range c.Outcomes {
			r.Stats = append(r.Stats, reports.ExactStats(column(rs, o)))
			if k > 0 {
				d := column(rs, o)
				for i, a := range column(values[0], o) {
					d[i] -= a
				}
				r.Deltas = append(r.Deltas, reports.ExactStats(d))
			}
		}
		for _, in := range s.Inputs {
			r.Inputs = append(r.Inputs, reports.CompareInput{Path: in.Path, Paths: in.Paths, Kind: in.Kind, A: in.A, B: in.B})
		}
		for _, g := range s.Groups {
			r.Groups = append(r.Groups, reports.AttributionGroup{Name: g.Name, Inputs: g.Changes})
		}
		out.Scenarios = append(out.Scenarios, r)
		addInfo(out, s.layout)
	}
	if err := c.attribute(ctx, out, progress(done)); err != nil {
		return nil, err
	}
	return out, nil
}

// column returns outcome o of every run.
func column(rs [][]float64, o int) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = r[o]
	}
	return out
}

// addInfo adds the companies and segments of l that out lacks.
func addInfo(out *reports.Comparison, l *Layout) {
	for _, co := range l.Companies {
		if !slices.Contains(out.Companies, co) {
			out.Companies = append(out.Companies, co)
		}
	}
	for _, sg := range l.Segments {
		if !slices.Contains(out.Segments, sg) {
			out.Segments = append(out.Segments, sg)
		}
	}
}

// ensemble runs one scenario Config.Runs times and returns every run's
// outcomes and the bands of its headline series.
func (c *Comparison) ensemble(ctx context.Context, s *Compared, opt Options) ([][]float64, []reports.Band, error) {
	rn := &runner{open: s.open, params: s.params, opt: opt, total: c.Config.Runs}
	tasks := []task{{variant: -1, values: baseValues(s.params), seed: c.Seed}}
	if c.Config.Runs > 1 {
		d := NewDesign(s.params, c.Seed, c.Config.Runs, LatinHypercube)
		tasks = tasks[:0]
		for i := range c.Config.Runs {
			// The workers draw each run's values: the tasks stay small.
			tasks = append(tasks, task{variant: -1, design: d, run: i, seed: RunSeed(c.Seed, i)})
		}
	}
	st := &aggregateState{NewAggregate(s.layout)}
	var mu sync.Mutex
	ev := newEvaluator(c.Outcomes)
	// A run's result is the cells of its bands, folded into the aggregate,
	// and its outcomes.
	rs, err := runFolded(ctx, rn, tasks, []int{s.layout.Cells(), len(c.Outcomes)}, st, func(r *market.Result) ([][]float64, error) {
		cells := make([]float64, s.layout.Cells())
		if err := s.layout.extract(r, cells); err != nil {
			return nil, err
		}
		return [][]float64{cells, ev.eval(r)}, nil
	}, func(vecs [][]float64) []float64 {
		outcomes := s.layout.outcomes(vecs[0], nil)
		mu.Lock()
		st.agg.add(vecs[0], outcomes)
		mu.Unlock()
		return vecs[1]
	}, func(kept [][]float64) []float64 { return kept[0] })
	if err != nil {
		return nil, nil, err
	}
	return rs, st.agg.Bands(), nil
}

// attribute runs the attribution of every scenario after the first and
// adds it to out.
func (c *Comparison) attribute(ctx context.Context, out *reports.Comparison, opt Options) error {
	first := c.Scenarios[0]
	rn := &runner{opt: opt, total: c.Runs() - len(c.Scenarios)*c.Config.Runs}
	rn.variants = append(rn.variants, variant{tree: first.Opened.Tree})
	designs := make([]attribution, len(c.Scenarios))
	for k, s := range c.Scenarios[1:] {
		d := &designs[k+1]
		d.b = len(rn.variants)
		rn.variants = append(rn.variants, variant{tree: s.Opened.Tree})
		for _, g := range s.Groups {
			v := variant{tree: first.Opened.Tree, edit: func(t *scenarios.Tree) error {
				for _, i := range g.Changes {
					if err := applyChange(t, s.Opened.Tree.Root, s.Inputs[i]); err != nil {
						return err
					}
				}
				return nil
			}}
			why := ""
			sc, err := v.open()
			if err == nil {
				_, _, err = sc.Build()
			}
			if err != nil {
				why = firstLine(err)
				d.variant = append(d.variant, -1)
				rn.total -= c.Config.AttributionRuns
			} else {
				d.variant = append(d.variant, len(rn.variants))
				rn.variants = append(rn.variants, v)
			}
			d.alone = append(d.alone, why)
		}
	}
	var tasks []task
	for v := range rn.variants {
		for j := range c.Config.AttributionRuns {
			tasks = append(tasks, task{variant: v, seed: replicateSeed(c.Seed, j)})
		}
	}
	vals, err := runOutcomes(ctx, rn, tasks, c.Outcomes)
	if err != nil {
		return fmt.Errorf("attribution: %w", err)
	}
	mean := func(v, o int) float64 {
		xs := make([]float64, c.Config.AttributionRuns)
		for j := range xs {
			xs[j] = vals[v*c.Config.AttributionRuns+j][o]
		}
		return reports.ExactStats(xs).Mean
	}
	for k := 1; k < len(c.Scenarios); k++ {
		d, sc := designs[k], &out.Scenarios[k]
		for i := range sc.Groups {
			sc.Groups[i].Alone = d.alone[i]
		}
		for _, o := range c.Attributed {
			a := reports.Attribution{Outcome: o, A: mean(0, o), B: mean(d.b, o)}
			for _, v := range d.variant {
				e := math.NaN()
				if v >= 0 {
					e = mean(v, o) - a.A
				}
				a.Effects = append(a.Effects, e)
			}
			sc.Attribution = append(sc.Attribution, a)
		}
	}
	return nil
}

// firstLine is the first line of an error, for a table cell.
func firstLine(err error) string {
	var el scenarios.ErrorList
	if errors.As(err, &el) && len(el) > 0 {
		return el[0].Msg
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
