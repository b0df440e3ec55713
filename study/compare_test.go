package study

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func open(t *testing.T, ref string, sets ...string) *scenarios.Opened {
	t.Helper()
	o, err := scenarios.Open(ref, sets)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestDiffZhenwuSlowMemory: the what-if changes one number, and the diff
// lists exactly that number, its value and its range.
func TestDiffZhenwuSlowMemory(t *testing.T) {
	got := Diff(open(t, "baseline").Scenario, open(t, "zhenwu-slow-memory").Scenario)
	want := []string{"chips.zhenwu-810e.memory_bandwidth: 1.8 TB/s (range 0.7 TB/s – 2 TB/s) → 0.7 TB/s (range fixed)"}
	var lines []string
	for _, c := range got {
		lines = append(lines, c.String())
	}
	if !slices.Equal(lines, want) {
		t.Errorf("diff:\n got %q\nwant %q", lines, want)
	}
}

// writeChild writes a scenario that extends the tiny one.
func writeChild(t *testing.T, body string) string {
	t.Helper()
	abs, err := filepath.Abs(tiny)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "child.yaml")
	if err := os.WriteFile(p, []byte("extends: "+abs+"\nname: child\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiffKinds(t *testing.T) {
	for _, c := range []struct {
		reason string
		sets   []string
		want   []string
	}{
		{"the same scenario", nil, nil},
		{"what names, describes or seeds a scenario is not an input",
			[]string{"name=other", "title=Other", "seed=9", "costs.electricity.source=another source"}, nil},
		{"a number's value", []string{"costs.pue=1.4"}, []string{"costs.pue: 1.3 → 1.4"}},
		{"a number's range alone", []string{"costs.electricity={value: $0.08/kWh, range: [$0.07/kWh, $0.11/kWh]}"},
			[]string{"costs.electricity: $0.08 (range $0.06 – $0.11) → $0.08 (range $0.07 – $0.11)"}},
		{"a number the first scenario leaves out", []string{"costs.hbm_reserve=20%"}, []string{"costs.hbm_reserve: (not given) → 20%"}},
		{"a date", []string{"end=2026-02-28"}, []string{"end: 2026-03-31 → 2026-02-28"}},
		{"a string", []string{"chips.h20.origin=domestic"}, []string{"chips.h20.origin: foreign → domestic"}},
		{"a list of another length, as a whole", []string{"events=[{date: 2026-02-01, kind: news, summary: x}]"},
			[]string{"events: 0 entries → 1 entry"}},
		{"a number in a list of the same length", []string{"segments.llm-api.festivals=[]"}, nil},
		{"an entry the first lacks", []string{"costs.pue=1.3", "segments.llm-api.price.2027=$0.2/Mtok"},
			[]string{"segments.llm-api.price.2027: (not given) → $0.2"}},
	} {
		got := Diff(open(t, tiny).Scenario, open(t, tiny, c.sets...).Scenario)
		var lines []string
		for _, ch := range got {
			lines = append(lines, ch.String())
		}
		if !slices.Equal(lines, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.reason, lines, c.want)
		}
	}
}

// TestDiffJoinsAnchors: a number the second scenario writes once and
// copies through an anchor is one input with all its paths.
func TestDiffJoinsAnchors(t *testing.T) {
	child := writeChild(t, `providers:
  alpha: {strategy: {capacity: {target_utilisation: &u {value: 80%, range: [60%, 85%]}}}}
  beta: {strategy: {capacity: {target_utilisation: *u}}}
`)
	got := Diff(open(t, tiny).Scenario, open(t, child).Scenario)
	if len(got) != 1 || !slices.Equal(got[0].Paths, []string{"providers.alpha.strategy.capacity.target_utilisation",
		"providers.beta.strategy.capacity.target_utilisation"}) {
		t.Errorf("got %+v, want one input at both providers' paths", got)
	}
}

// TestCompareZhenwuSlowMemory: the comparison's outcomes are the two
// single runs, and the one differing input explains all of the gap.
func TestCompareZhenwuSlowMemory(t *testing.T) {
	t.Parallel()
	var outs []string
	for _, jobs := range []int{1, 2} {
		c, err := NewComparison([]Opener{opener("baseline"), opener("zhenwu-slow-memory")}, nil, 1, CompareConfig{Runs: 1, AttributionRuns: 1})
		if err != nil {
			t.Fatal(err)
		}
		if c.Runs() != 2+3 {
			t.Errorf("%d runs, want 2 for the scenarios and 3 for the attribution", c.Runs())
		}
		res, err := c.Run(context.Background(), Options{Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, fmt.Sprintf("%+v", *res))
		b := res.Scenarios[1]
		if len(b.Inputs) != 1 || len(b.Groups) != 1 || len(b.Attribution) != 2 {
			t.Fatalf("inputs %v, groups %v, attribution %v", b.Inputs, b.Groups, b.Attribution)
		}
		single := singleRun(t, "zhenwu-slow-memory", 1)
		for i, a := range b.Attribution {
			o := res.Attributed[i]
			if a.B != single[i] || b.Stats[o].P[2] != single[i] {
				t.Errorf("%s: comparison %v and attribution %v, the single run %v", res.Outcomes[o].ID, b.Stats[o].P[2], a.B, single[i])
			}
			if a.Gap() == 0 || a.Effects[0] != a.Gap() || a.Interaction() != 0 || b.Deltas[o].P[2] != a.Gap() {
				t.Errorf("%s: gap %v, effect %v, interaction %v, delta %v; the bandwidth alone should explain all of the gap",
					res.Outcomes[o].ID, a.Gap(), a.Effects[0], a.Interaction(), b.Deltas[o].P[2])
			}
		}
	}
	if outs[0] != outs[1] {
		t.Error("the comparison differs between --jobs 1 and 2")
	}
}

// singleRun returns the default outcomes of one run of ref.
func singleRun(t *testing.T, ref string, seed uint64) []float64 {
	t.Helper()
	cfg, agents, err := open(t, ref).Build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := ParseMeasures(nil, cfg)
	return newEvaluator(ms).eval(r)
}

// TestCompareEnsembles: with several runs per scenario each is an
// ensemble with bands, and the changes are run by run.
func TestCompareEnsembles(t *testing.T) {
	c, err := NewComparison([]Opener{opener(tiny), opener(tiny, "costs.pue=1.45")}, []string{"revenue:alpha"}, 3,
		CompareConfig{Runs: 6, AttributionRuns: 2})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Attributed[0]
	if res.Outcomes[o].ID != "revenue:alpha" || res.Scenarios[1].Deltas[o].Runs != 6 || res.Scenarios[0].Deltas != nil {
		t.Errorf("outcome %s, deltas %+v", res.Outcomes[o].ID, res.Scenarios[1].Deltas)
	}
	if b := res.Scenarios[0].Bands; len(b) == 0 || b[len(b)-1].Runs != 6 {
		t.Error("each scenario's bands should hold its 6 runs")
	}
	// The bands are those of `aicloudsim montecarlo` with the same seed and runs.
	mc := execute(t, newStudy(t, tiny, 3, 6), Whole, 2)
	if fmt.Sprint(mc.st.Agg.Bands()) != fmt.Sprint(res.Scenarios[0].Bands) {
		t.Error("a scenario's bands differ from a Monte Carlo study's of the same seed and runs")
	}
}

// TestCompareInputNotAlone: an input that needs another (a provider
// buying a chip the other input adds) cannot be applied alone; its effect
// is unknown and the interaction holds it.
func TestCompareInputNotAlone(t *testing.T) {
	child := writeChild(t, `chips:
  zz: {name: ZZ, vendor: huawei, origin: domestic, hbm: 64GB, memory_bandwidth: 1.6TB/s, bf16: 320TFLOPS, tdp: 310W, price: $15.5K, lifetime: 4y}
suppliers:
  huawei: {chips: {zz: {output: {2026: 50K}, unit_cost: $8K}}}
providers:
  beta: {fleet_mix: {ascend: 50%, zz: 50%}}
`)
	c, err := NewComparison([]Opener{opener(tiny), opener(child)}, []string{"revenue:beta"}, 1, CompareConfig{Runs: 1, AttributionRuns: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenarios[1]
	found := false
	for i, g := range s.Groups {
		if effect := s.Attribution[0].Effects[i]; (g.Alone != "") != math.IsNaN(effect) {
			t.Errorf("%s: why not alone %q, effect %v; an effect is unknown exactly when the input cannot be applied alone", g.Name, g.Alone, effect)
		}
		if g.Name == "providers.beta.fleet_mix.zz" {
			found = strings.Contains(g.Alone, `unknown chip "zz"`)
		}
	}
	if !found {
		t.Errorf("the fleet mix's new chip cannot be applied without the chip: %+v", s.Groups)
	}
}

func TestGroupsByEntry(t *testing.T) {
	ins := []Change{{Path: "events"}, {Path: "providers.alibaba.strategy.pricing.llm-api.undercut"},
		{Path: "providers.alibaba.strategy.pricing.llm-api.max_step"}, {Path: "providers.bytedance.cash"}, {Path: "costs.pue"}}
	var got []string
	for _, g := range groups(ins, true) {
		got = append(got, fmt.Sprint(g.Name, g.Changes))
	}
	want := []string{"events[0]", "providers.alibaba[1 2]", "providers.bytedance[3]", "costs[4]"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if n := len(groups(ins, false)); n != len(ins) {
		t.Errorf("by input: %d groups, want one per input", n)
	}
}

// TestRunnerReportsTheFirstFailure: whatever the workers' timing, the
// failure reported is the task with the lowest index.
func TestRunnerReportsTheFirstFailure(t *testing.T) {
	o := open(t, tiny)
	fail := errors.New("boom")
	rn := &runner{opt: Options{Jobs: 3}}
	var tasks []task
	for i := range 8 {
		v := variant{tree: o.Tree}
		if i == 3 || i == 6 {
			v.edit = func(*scenarios.Tree) error { return fail }
		}
		rn.variants = append(rn.variants, v)
		tasks = append(tasks, task{variant: i, seed: uint64(i)})
	}
	_, err := runTasks(context.Background(), rn, tasks, func(int, *market.Result) (int, error) { return 0, nil })
	if !errors.Is(err, fail) || !strings.HasPrefix(err.Error(), "run 3 ") {
		t.Errorf("got %v, want the failure of run 3", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := runTasks(ctx, rn, tasks[:3], func(int, *market.Result) (int, error) { return 0, nil }); !errors.Is(err, ErrInterrupted) {
		t.Errorf("a cancelled context: got %v, want ErrInterrupted", err)
	}
}
