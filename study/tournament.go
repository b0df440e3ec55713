package study

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Limits of a tournament.
const (
	MaxTournamentRuns = 100000 // variants × scenarios × runs
	maxTournamentFile = 1 << 20
)

// TournamentSpec is a tournament file as written:
//
//	company: alibaba                 # whose strategies compete
//	outcome: revenue_share:alibaba   # any study outcome
//	better: higher                   # or lower (default higher)
//	scenarios: [baseline, export-ban, price-war]   # embedded names or paths
//	variants:                        # name -> --set overrides applied to every scenario
//	  built-in: {}
//	  best-response: {providers.alibaba.strategy.pricing.llm-api.rule: best-response}
//
// A relative scenario path is read from the file's folder if a file is
// there, else as given.
type TournamentSpec struct {
	File      string
	Company   string
	Outcome   string
	Lower     bool // a lower outcome is better
	Scenarios []string
	Variants  []TournamentVariantSpec
}

// TournamentVariantSpec is one competing variant: its name and its --set
// arguments, in the file's order, with the file position of its name.
type TournamentVariantSpec struct {
	Name string
	Sets []string
	Pos  string // file:line:col of the name
}

// ReadTournamentSpec reads and checks a tournament file. Its errors start
// with file:line:col.
func ReadTournamentSpec(path string) (*TournamentSpec, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxTournamentFile {
		return nil, fmt.Errorf("%s: file is %d bytes; the limit is %d", path, st.Size(), maxTournamentFile)
	}
	data, err := scenarios.ReadInput(path, maxTournamentFile)
	if err != nil {
		return nil, err
	}
	return ParseTournamentSpec(path, data)
}

// ParseTournamentSpec reads a tournament file's contents; see
// ReadTournamentSpec.
func ParseTournamentSpec(file string, data []byte) (*TournamentSpec, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	at := func(n *yaml.Node) string { return fmt.Sprintf("%s:%d:%d", file, n.Line, n.Column) }
	var errs []string
	bad := func(n *yaml.Node, format string, a ...any) {
		errs = append(errs, at(n)+": "+fmt.Sprintf(format, a...))
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:1:1: a tournament file is a mapping with company, outcome, scenarios and variants", file)
	}
	root := doc.Content[0]
	s := &TournamentSpec{File: file}
	seen := map[string]bool{}
	scalar := func(n *yaml.Node, what string) (string, bool) {
		if n.Kind != yaml.ScalarNode || strings.TrimSpace(n.Value) == "" {
			bad(n, "%s must be a non-empty string", what)
			return "", false
		}
		return strings.TrimSpace(n.Value), true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			bad(k, "%q is given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "company":
			s.Company, _ = scalar(v, "company")
		case "outcome":
			s.Outcome, _ = scalar(v, "outcome")
		case "better":
			b, ok := scalar(v, "better")
			switch {
			case !ok:
			case b == "higher":
			case b == "lower":
				s.Lower = true
			default:
				bad(v, "better must be higher or lower, not %q", b)
			}
		case "scenarios":
			if v.Kind != yaml.SequenceNode || len(v.Content) == 0 {
				bad(v, "scenarios must be a non-empty list of embedded scenario names or files")
				continue
			}
			for _, e := range v.Content {
				if ref, ok := scalar(e, "a scenario"); ok {
					if slices.Contains(s.Scenarios, ref) {
						bad(e, "scenario %q is listed twice", ref)
					}
					s.Scenarios = append(s.Scenarios, ref)
				}
			}
		case "variants":
			if v.Kind != yaml.MappingNode || len(v.Content) == 0 {
				bad(v, "variants must be a mapping of names to --set overrides, e.g. built-in: {}")
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				name, sets := v.Content[j], v.Content[j+1]
				n, ok := scalar(name, "a variant's name")
				if !ok {
					continue
				}
				if slices.ContainsFunc(s.Variants, func(o TournamentVariantSpec) bool { return o.Name == n }) {
					bad(name, "variant %q is given twice", n)
					continue
				}
				vs := TournamentVariantSpec{Name: n, Pos: at(name)}
				if sets.Kind != yaml.MappingNode {
					bad(sets, "variant %q: want a mapping of path: value, e.g. {providers.alibaba.strategy.pricing.llm-api.rule: best-response}, or {} for none", n)
					continue
				}
				for m := 0; m+1 < len(sets.Content); m += 2 {
					p, val := sets.Content[m], sets.Content[m+1]
					path, ok1 := scalar(p, "a path")
					if !ok1 {
						continue
					}
					if val.Kind != yaml.ScalarNode {
						out, err := yaml.Marshal(flow(val))
						if err != nil {
							bad(val, "variant %q: %v", n, err)
							continue
						}
						vs.Sets = append(vs.Sets, path+"="+strings.TrimSpace(string(out)))
						continue
					}
					vs.Sets = append(vs.Sets, path+"="+val.Value)
				}
				s.Variants = append(s.Variants, vs)
			}
		default:
			bad(k, "unknown key %q; a tournament file has company, outcome, better, scenarios and variants", k.Value)
		}
	}
	for _, k := range []string{"company", "outcome", "scenarios", "variants"} {
		if !seen[k] {
			errs = append(errs, fmt.Sprintf("%s: %q is missing", at(root), k))
		}
	}
	if len(errs) == 0 && len(s.Variants) < 2 {
		errs = append(errs, fmt.Sprintf("%s: a tournament needs at least two variants", at(root)))
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return s, nil
}

// flow returns a copy of n written in flow style, for a --set value.
func flow(n *yaml.Node) *yaml.Node {
	c := cloneNode(n)
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		n.Style |= yaml.FlowStyle
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, ch := range n.Content {
			walk(ch)
		}
	}
	walk(c)
	return c
}

// scenarioRef resolves a scenario of the file: a relative path names a
// file in the tournament file's folder if there is one.
func (s *TournamentSpec) scenarioRef(ref string) string {
	if filepath.IsAbs(ref) || !strings.ContainsAny(ref, `/\.`) {
		return ref
	}
	p := filepath.Join(filepath.Dir(s.File), ref)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return ref
}

// Tournament runs every variant of a company's strategy on every scenario
// with the seeds replicateSeed(Seed, 0..Runs−1), common to every variant
// and scenario, so that a cell (variant, scenario, seed) is exactly
// `aicloudsim run SCENARIO --seed SEED --set ...` with the variant's sets.
type Tournament struct {
	Spec *TournamentSpec
	Seed uint64
	Runs int

	trees    []*scenarios.Tree
	names    []string
	measures []Measure // the outcome, per scenario
	company  string    // the company's display name
}

// NewTournament opens the scenarios, checks the outcome and the company
// against each and checks that every variant builds on every scenario.
// Its errors are bad input.
func NewTournament(spec *TournamentSpec, seed uint64, runs int) (*Tournament, error) {
	if runs < 1 {
		return nil, fmt.Errorf("--runs must be at least 1, not %d", runs)
	}
	n := len(spec.Variants) * len(spec.Scenarios) * runs
	if n > MaxTournamentRuns {
		return nil, fmt.Errorf("the tournament would take %d runs (%d variants × %d scenarios × %d); the limit is %d",
			n, len(spec.Variants), len(spec.Scenarios), runs, MaxTournamentRuns)
	}
	t := &Tournament{Spec: spec, Seed: seed, Runs: runs}
	for _, ref := range spec.Scenarios {
		o, err := scenarios.Open(spec.scenarioRef(ref), nil)
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", ref, err)
		}
		cfg, _, err := o.Build()
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", ref, err)
		}
		if !isCompany(cfg, spec.Company, "company") {
			return nil, fmt.Errorf("%s: company %q is not a company of scenario %q", spec.File, spec.Company, ref)
		}
		ms, err := ParseMeasures([]string{spec.Outcome}, cfg)
		if err != nil {
			return nil, fmt.Errorf("%s: scenario %q: %w", spec.File, ref, err)
		}
		if t.company == "" {
			t.company = companyName(cfg, spec.Company)
		}
		t.trees = append(t.trees, o.Tree)
		t.names = append(t.names, ref)
		t.measures = append(t.measures, ms[0])
	}
	for v := range spec.Variants {
		for s := range spec.Scenarios {
			sc, err := t.variant(v, s).open()
			if err == nil {
				_, _, err = sc.Build()
			}
			if err != nil {
				return nil, fmt.Errorf("%s: variant %q on scenario %q does not make a valid scenario:\n%w",
					spec.Variants[v].Pos, spec.Variants[v].Name, spec.Scenarios[s], err)
			}
		}
	}
	return t, nil
}

// variant returns scenario s with variant v's sets applied.
func (t *Tournament) variant(v, s int) variant {
	sets := t.Spec.Variants[v].Sets
	return variant{tree: t.trees[s], edit: func(tr *scenarios.Tree) error {
		for _, set := range sets {
			if err := scenarios.ApplySet(tr, set); err != nil {
				return err
			}
		}
		return nil
	}}
}

// Tasks is the number of runs of the tournament.
func (t *Tournament) Tasks() int { return len(t.Spec.Variants) * len(t.Spec.Scenarios) * t.Runs }

// Run computes every cell and returns the tournament's results, ranked.
func (t *Tournament) Run(ctx context.Context, opt Options) (*reports.Tournament, error) {
	nv, ns := len(t.Spec.Variants), len(t.Spec.Scenarios)
	rn := &runner{opt: opt, total: t.Tasks()}
	var tasks []task
	for v := range nv {
		for s := range ns {
			rn.variants = append(rn.variants, t.variant(v, s))
			for j := range t.Runs {
				tasks = append(tasks, task{variant: v*ns + s, seed: replicateSeed(t.Seed, j)})
			}
		}
	}
	evs := make([]*evaluator, ns)
	for s, m := range t.measures {
		evs[s] = newEvaluator([]Measure{m})
	}
	vals, err := runTasks(ctx, rn, tasks, func(i int, r *market.Result) (float64, error) {
		return evs[tasks[i].variant%ns].eval(r)[0], nil
	})
	if err != nil {
		return nil, err
	}
	out := &reports.Tournament{File: t.Spec.File, Company: t.Spec.Company, CompanyName: t.company,
		Outcome: t.measures[0].Info(), Lower: t.Spec.Lower, Scenarios: t.names, Seed: t.Seed, Runs: t.Runs}
	for j := range t.Runs {
		out.Seeds = append(out.Seeds, replicateSeed(t.Seed, j))
	}
	for v, vs := range t.Spec.Variants {
		out.Variants = append(out.Variants, reports.TournamentVariant{Name: vs.Name, Sets: vs.Sets})
		cells := make([][]float64, ns)
		for s := range ns {
			i := (v*ns + s) * t.Runs
			cells[s] = vals[i : i+t.Runs]
		}
		out.Cells = append(out.Cells, cells)
	}
	out.Rank()
	return out, nil
}
