package study

import (
	"context"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// DriverGroup is a named set of a scenario's time-varying inputs, and
// how to hold them still: freeze edits a copy of the merged scenario so
// that the group's inputs keep their values of the start all run long.
type DriverGroup struct {
	Name, Holds string // Holds says, for people, what freezing the group does
	freeze      func(f *freezer)
}

// DriverGroups are the five groups of drivers, each a part of the YAML
// schema whose inputs change over a run:
//
//   - chip cost and supply: chip makers' output paths (held at their first
//     year's output) and chips launched after the start (never launched);
//   - model capability: models released after the start (never released);
//   - prices and strategy: the clouds' pricing rules (every price held
//     where it starts), their capex paths (held at the first year's), and
//     scheduled price changes (dropped);
//   - policy: export-control and China-rules events (dropped) and policy
//     shocks (never drawn);
//   - demand and ecosystem: the segments' spend and reference-price paths
//     (held at the first year's), news and demand events (dropped) and
//     demand shocks (never drawn).
//
// An input outside the five (festivals, for example) moves in every run.
var DriverGroups = []DriverGroup{
	{"chip cost and supply", "chip output held at its first year's; no chip launches after the start", func(f *freezer) {
		f.eachPath([]string{"suppliers", "*", "chips", "*", "output"}, freezeYears)
		f.eachPath([]string{"chips", "*"}, f.never("launch"))
	}},
	{"model capability", "no model released after the start", func(f *freezer) {
		f.eachPath([]string{"models", "*"}, f.never("release"))
	}},
	{"prices and strategy", "every cloud holds its starting prices and its first year's capex", func(f *freezer) {
		f.eachPath([]string{"providers", "*", "strategy", "pricing", "*"}, func(n *yaml.Node) {
			*n = yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{scalar("rule"), scalar("hold")}}
		})
		f.eachPath([]string{"providers", "*", "capex"}, freezeYears)
		f.dropEvents("price")
	}},
	{"policy", "no export-control or China-rules change and no policy shock", func(f *freezer) {
		f.dropEvents("policy", "rules")
		f.stopShocks("policy", "rules")
	}},
	{"demand and ecosystem", "spend and reference prices held at their first year's; no news, demand events or demand shocks", func(f *freezer) {
		f.eachPath([]string{"segments", "*", "spend"}, freezeYears)
		f.eachPath([]string{"segments", "*", "price"}, freezeYears)
		f.dropEvents("news", "demand")
		f.stopShocks("demand")
	}},
}

// freezer edits a merged scenario tree.
type freezer struct {
	root       *yaml.Node // the top mapping
	start, end time.Time
}

func scalar(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }

// eachPath calls edit on every node at the path, "*" matching every key.
func (f *freezer) eachPath(path []string, edit func(*yaml.Node)) {
	var walk func(n *yaml.Node, segs []string)
	walk = func(n *yaml.Node, segs []string) {
		if len(segs) == 0 {
			edit(n)
			return
		}
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if segs[0] == "*" || n.Content[i].Value == segs[0] {
				walk(n.Content[i+1], segs[1:])
			}
		}
	}
	walk(f.root, path)
}

// never returns an edit that moves a date key after the start to the day
// after the end, so that what it dates never happens in the run.
func (f *freezer) never(key string) func(*yaml.Node) {
	return func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			return
		}
		if i := keyIndex(n, key); i >= 0 {
			d, err := time.Parse(time.DateOnly, n.Content[i+1].Value)
			if err == nil && d.After(f.start) {
				n.Content[i+1] = scalar(f.end.AddDate(0, 0, 1).Format(time.DateOnly))
			}
		}
	}
}

// freezeYears keeps only the first year of a path keyed by years, so the
// value holds all run long.
func freezeYears(n *yaml.Node) {
	if n.Kind != yaml.MappingNode || len(n.Content) < 4 {
		return
	}
	first := -1
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		if len(k) != 4 || strings.Trim(k, "0123456789") != "" {
			return // not a path of years
		}
		if first < 0 || k < n.Content[first].Value {
			first = i
		}
	}
	n.Content = []*yaml.Node{n.Content[first], n.Content[first+1]}
}

// list returns the sequence at the top-level key, or nil.
func (f *freezer) list(key string) *yaml.Node {
	if i := keyIndex(f.root, key); i >= 0 && f.root.Content[i+1].Kind == yaml.SequenceNode {
		return f.root.Content[i+1]
	}
	return nil
}

// kindOf returns the value of the kind key of a mapping, or "".
func kindOf(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.MappingNode {
		return ""
	}
	if i := keyIndex(n, "kind"); i >= 0 {
		return n.Content[i+1].Value
	}
	return ""
}

// dropEvents removes the scheduled events of the given kinds.
func (f *freezer) dropEvents(kinds ...string) {
	if l := f.list("events"); l != nil {
		l.Content = slices.DeleteFunc(l.Content, func(e *yaml.Node) bool { return slices.Contains(kinds, kindOf(e)) })
	}
}

// stopShocks sets the yearly rate of the shocks whose effect is of the
// given kinds to zero. The shocks stay, so every other shock draws from
// the same random streams.
func (f *freezer) stopShocks(kinds ...string) {
	l := f.list("shocks")
	if l == nil {
		return
	}
	for _, s := range l.Content {
		if s.Kind != yaml.MappingNode {
			continue
		}
		e := keyIndex(s, "effect")
		if e < 0 || !slices.Contains(kinds, kindOf(s.Content[e+1])) {
			continue
		}
		if i := keyIndex(s, "per_year"); i >= 0 {
			s.Content[i+1] = scalar("0")
		}
	}
}

// Drivers decomposes each provider's final-year revenue share and profit
// into the groups of DriverGroups by exact Shapley values. The value of a
// coalition S of groups is the final-year outcome of the run in which the
// groups in S move as the scenario says and the others are frozen (see
// DriverGroup); every run has the same seed (common random numbers). With
// G groups that is 2^G runs (32). The Shapley parts add up exactly to the
// outcome with every group moving minus the outcome with all frozen; the
// report adds the first year's value and the drift with all frozen, so
// that first year + drift + parts = final year.
func Drivers(ctx context.Context, o *scenarios.Opened, seed uint64, opt Options) (*reports.Drivers, error) {
	cfg, _, err := o.Build()
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, p := range cfg.Providers {
		ids = append(ids, market.MetricRevenueShare+":"+p.ID, "profit:"+p.ID)
	}
	ms, err := ParseMeasures(ids, cfg)
	if err != nil {
		return nil, err
	}
	g := len(DriverGroups)
	rn := &runner{opt: opt, total: 1 << g}
	tasks := make([]task, 1<<g)
	for s := range tasks {
		on := s
		rn.variants = append(rn.variants, variant{tree: o.Tree, edit: func(t *scenarios.Tree) error {
			f := &freezer{root: t.Root, start: o.Start.Day, end: o.End.Day}
			for k, grp := range DriverGroups {
				if on&(1<<k) == 0 {
					grp.freeze(f)
				}
			}
			return nil
		}})
		tasks[s] = task{variant: s, seed: seed}
	}
	ev := newEvaluator(ms)
	type values struct{ first, final []float64 }
	vs, err := runTasks(ctx, rn, tasks, func(_ int, r *market.Result) (values, error) {
		next := time.Date(r.Start.Year()+1, 1, 1, 0, 0, 0, 0, time.UTC)
		return values{ev.evalDays(r, 0, market.Calendar{Start: r.Start}.DayOf(next)), ev.eval(r)}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("drivers: %w", err)
	}
	out := &reports.Drivers{Scenario: o.Name, Seed: seed, Runs: len(tasks),
		FirstYear: o.Start.Day.Year(), FinalYear: finalYear(cfg)}
	for _, grp := range DriverGroups {
		out.Groups = append(out.Groups, reports.DriverGroupInfo{Name: grp.Name, Holds: grp.Holds})
	}
	all := len(tasks) - 1
	for i, m := range ms {
		row := reports.DriverRow{Outcome: m.Info(), Company: m.Company, Metric: m.Kind, Name: companyName(cfg, m.Company),
			First: vs[all].first[i], Frozen: vs[0].final[i], Final: vs[all].final[i]}
		v := func(s int) float64 { return vs[s].final[i] }
		row.Parts = shapley(g, v)
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// shapley returns the exact Shapley value of each of g players for the
// game v over coalitions written as bit sets. O(g·2^g).
func shapley(g int, v func(s int) float64) []float64 {
	fact := make([]float64, g+1)
	fact[0] = 1
	for i := 1; i <= g; i++ {
		fact[i] = fact[i-1] * float64(i)
	}
	phi := make([]float64, g)
	for k := range g {
		for s := range 1 << g {
			if s&(1<<k) != 0 {
				continue
			}
			n := bits.OnesCount(uint(s))
			w := fact[n] * fact[g-n-1] / fact[g]
			phi[k] += w * (v(s|1<<k) - v(s))
		}
	}
	return phi
}
