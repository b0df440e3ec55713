package study

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func TestParseAxisSpec(t *testing.T) {
	ok := []struct {
		arg, reason string
		want        AxisSpec
	}{
		{"chips.zhenwu-810e.memory_bandwidth=0.7TB/s..2TB/s:7", "units on both ends",
			AxisSpec{Path: "chips.zhenwu-810e.memory_bandwidth", From: "0.7TB/s", To: "2TB/s", Steps: 7}},
		{"segments.llm-api.elasticity=0.5..3:6:log", "log spacing",
			AxisSpec{Path: "segments.llm-api.elasticity", From: "0.5", To: "3", Steps: 6, Log: true}},
		{"costs.electricity = $0.06/kWh .. $0.11/kWh:3:lin", "spaces and an explicit lin",
			AxisSpec{Path: "costs.electricity", From: "$0.06/kWh", To: "$0.11/kWh", Steps: 3}},
		{"chips.h20.price=$13K..$12K:2", "a descending sweep", AxisSpec{Path: "chips.h20.price", From: "$13K", To: "$12K", Steps: 2}},
	}
	for _, c := range ok {
		got, err := ParseAxisSpec(c.arg)
		c.want.Arg = c.arg
		if err != nil || got != c.want {
			t.Errorf("%q (%s): got %+v, %v; want %+v", c.arg, c.reason, got, err, c.want)
		}
		if !IsSweepArg(c.arg) {
			t.Errorf("%q (%s) is a sweep argument", c.arg, c.reason)
		}
	}
	bad := []struct{ arg, reason, want string }{
		{"chips.h20.price=$12K..$13K", "no steps", "want path=a..b:steps"},
		{"chips.h20.price=$12K..$13K:1", "one step is not a sweep", "at least 2 steps"},
		{"chips.h20.price=$12K..$13K:500", "too many steps", "at most 200 steps"},
		{"chips.h20.price=$12K..$13K:5:cubic", "unknown spacing", "want path=a..b:steps"},
		{"=$12K..$13K:5", "no path", "want path=a..b:steps"},
		{"chips..price=$12K..$13K:5", "an empty key", "want path=a..b:steps"},
		{"chips.h20.price=..$13K:5", "no start", "want path=a..b:steps"},
	}
	for _, c := range bad {
		_, err := ParseAxisSpec(c.arg)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "sweep --set") {
			t.Errorf("%q (%s): got %v, want an error with %q", c.arg, c.reason, err, c.want)
		}
	}
	if IsSweepArg("chips.h20.price=$12K") || IsSweepArg("chips..price=$12K") {
		t.Error("a plain --set (even one with a bad path) is not a sweep")
	}
}

func TestAxisValues(t *testing.T) {
	o, err := scenarios.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		arg, reason string
		want        []float64
	}{
		{"chips.ascend.memory_bandwidth=1.2TB/s..1.6TB/s:5", "linear, canonical GB/s", []float64{1200, 1300, 1400, 1500, 1600}},
		{"costs.electricity=$0.01/kWh..$1/kWh:3:log", "log spacing", []float64{0.01, 0.1, 1}},
		{"chips.h20.price=$13K..$11K:3", "descending", []float64{13000, 12000, 11000}},
		{"costs.pue=1.1..1.5:3", "a number without a range", []float64{1.1, 1.3, 1.5}},
	} {
		spec, err := ParseAxisSpec(c.arg)
		if err != nil {
			t.Fatal(err)
		}
		a, err := resolveAxis(spec, o.Scenario)
		if err != nil {
			t.Errorf("%s (%s): %v", c.arg, c.reason, err)
			continue
		}
		for i := range c.want {
			if math.Abs(a.Values[i]-c.want[i]) > 1e-9*math.Abs(c.want[i]) {
				t.Errorf("%s (%s): values %v, want %v", c.arg, c.reason, a.Values, c.want)
				break
			}
		}
	}
	spec, _ := ParseAxisSpec("providers.beta.strategy.capacity.target_utilisation=60%..80%:2")
	a, err := resolveAxis(spec, o.Scenario)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"providers.alpha.strategy.capacity.target_utilisation", "providers.beta.strategy.capacity.target_utilisation"}; !slices.Equal(a.Paths, want) {
		t.Errorf("a number reused through an anchor is swept at all its paths: got %q", a.Paths)
	}
}

func TestNewSweepRejects(t *testing.T) {
	for _, c := range []struct {
		reason   string
		args     []string
		outcomes []string
		want     string
	}{
		{"no axis", nil, nil, "sweep needs a number to vary"},
		{"an unknown key", []string{"chips.h20.memory_bandwith=1TB/s..2TB/s:3"}, nil, `no key "memory_bandwith" in chips.h20 (did you mean "memory_bandwidth"?)`},
		{"an unknown chip", []string{"chips.h30.price=$1K..$2K:3"}, nil, `no entry "h30" in chips`},
		{"not a number", []string{"chips.h20.origin=1..2:3"}, nil, "chips.h20.origin is not a number"},
		{"a bad unit", []string{"chips.h20.price=1TB/s..2TB/s:3"}, nil, "sweep --set"},
		{"equal ends", []string{"chips.h20.price=$1K..$1K:3"}, nil, "the two ends are equal"},
		{"log through zero", []string{"costs.electricity=$0/kWh..$1/kWh:3:log"}, nil, "two positive ends"},
		{"below the plausible minimum", []string{"chips.ascend.memory_bandwidth=10GB/s..2TB/s:3"}, nil, "is outside the plausible range [50, 30000] GB/s"},
		{"three axes", []string{"costs.pue=1.1..1.2:2", "chips.h20.price=$1K..$2K:2", "chips.ascend.price=$1K..$2K:2"}, nil, "one or two numbers, not 3"},
		{"the same number twice, through an anchor", []string{"providers.alpha.strategy.capacity.target_utilisation=60%..80%:2",
			"providers.beta.strategy.capacity.target_utilisation=60%..80%:2"}, nil, "is already swept"},
		{"an unknown outcome", []string{"costs.pue=1.1..1.2:2"}, []string{"revenue_share:zeta"}, `"zeta" is not a provider`},
	} {
		var specs []AxisSpec
		for _, a := range c.args {
			s, err := ParseAxisSpec(a)
			if err != nil {
				t.Fatal(err)
			}
			specs = append(specs, s)
		}
		_, err := NewSweep(opener(tiny), specs, c.outcomes, 1, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.reason, err, c.want)
		}
	}
}

// TestSweepZhenwuBandwidth sweeps a number with a known monotone effect:
// Zhenwu's memory bandwidth sets the cost of Alibaba's home chip, so its
// share of the LLM API tokens served rises with it and ByteDance's falls
// (seeds 1-3: +7.5, +4.8, +5.2 and −6.4, −4.8, −4.4 pp from 0.6 to 3
// TB/s). Revenue shares hardly move: a provider short of capacity charges
// scarcity prices. The sweep goes beyond the scenario's range (0.7–2 TB/s),
// and its point at the scenario's value is exactly the single run.
func TestSweepZhenwuBandwidth(t *testing.T) {
	t.Parallel()
	spec, err := ParseAxisSpec("chips.zhenwu-810e.memory_bandwidth=0.6TB/s..3TB/s:5")
	if err != nil {
		t.Fatal(err)
	}
	outcomes := []string{"volume_share:alibaba:llm-api", "volume_share:bytedance:llm-api"}
	s, err := NewSweep(opener("baseline"), []AxisSpec{spec}, outcomes, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ali, bd []float64
	for _, p := range res.Points {
		ali = append(ali, p.Stats[0].P[2])
		bd = append(bd, p.Stats[1].P[2])
	}
	// Above the bandwidth where Zhenwu's matrix products outlast its weight
	// read, more bandwidth speeds only the KV read, so only the ends are
	// compared.
	if ali[0] >= ali[4] || bd[0] <= bd[4] {
		t.Errorf("from 0.6 to 3 TB/s Alibaba's LLM API volume share should rise and ByteDance's fall: %v, %v", ali, bd)
	}
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	ms, err := ParseMeasures(outcomes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if want := newEvaluator(ms).eval(r); ali[2] != want[0] || bd[2] != want[1] {
		t.Errorf("the point at 1.8 TB/s gives %v, %v; the single run with seed 1 gives %v", ali[2], bd[2], want)
	}
}

// TestSweepJobs checks a two-number sweep with several seeds per point:
// every point has its runs, and the result does not depend on --jobs.
func TestSweepJobs(t *testing.T) {
	var specs []AxisSpec
	for _, a := range []string{"costs.pue=1.1..1.5:2", "chips.h20.price=$11K..$14K:3"} {
		s, err := ParseAxisSpec(a)
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, s)
	}
	s, err := NewSweep(opener(tiny), specs, []string{"revenue:alpha", "price:llm-api"}, 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	if s.Points() != 6 || s.Tasks() != 18 {
		t.Fatalf("points %d, tasks %d; want 6 and 18", s.Points(), s.Tasks())
	}
	one, err := s.Run(context.Background(), Options{Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	three, err := s.Run(context.Background(), Options{Jobs: 3})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprintf("%+v", *one) != fmt.Sprintf("%+v", *three) { // not DeepEqual: a missing range is NaN
		t.Error("the sweep differs between --jobs 1 and 3")
	}
	if got := one.Points[5].Index; !slices.Equal(got, []int{1, 2}) {
		t.Errorf("the last point is at %v, want [1 2]: the first axis varies slowest", got)
	}
	for _, p := range one.Points {
		if st := p.Stats[0]; st.Runs != 3 || !(st.P[0] <= st.P[2] && st.P[2] <= st.P[4]) {
			t.Errorf("point %v: %+v, want 3 runs and ordered quantiles", p.Index, st)
		}
	}
}
