package study

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func TestShapley(t *testing.T) {
	tests := []struct {
		name string
		v    func(s int) float64
		want []float64
	}{
		{"an additive game gives each player its own effect", func(s int) float64 {
			return float64(s&1)*1 + float64(s>>1&1)*2 + float64(s>>2&1)*4
		}, []float64{1, 2, 4}},
		{"an effect needing two players is split between them", func(s int) float64 {
			if s&3 == 3 {
				return 6
			}
			return 0
		}, []float64{3, 3, 0}},
		{"a player who changes nothing gets nothing", func(s int) float64 { return float64(s & 1) }, []float64{1, 0, 0}},
	}
	for _, tc := range tests {
		got := shapley(3, tc.v)
		for k := range got {
			if math.Abs(got[k]-tc.want[k]) > 1e-12 {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

func TestFreezeYears(t *testing.T) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("{2028: 3, 2026: 1, 2027: 2}"), &n); err != nil {
		t.Fatal(err)
	}
	m := n.Content[0]
	freezeYears(m)
	if len(m.Content) != 2 || m.Content[0].Value != "2026" || m.Content[1].Value != "1" {
		t.Errorf("frozen path has %d nodes, first key %q; want only 2026: 1", len(m.Content), m.Content[0].Value)
	}
	if err := yaml.Unmarshal([]byte("{a: 1, b: 2}"), &n); err != nil {
		t.Fatal(err)
	}
	freezeYears(n.Content[0])
	if len(n.Content[0].Content) != 4 {
		t.Error("a mapping not keyed by years was changed")
	}
}

func TestDriversAddUp(t *testing.T) {
	o, err := scenarios.Open("testdata/tiny.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Drivers(context.Background(), o, 7, Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if d.Runs != 32 || len(d.Groups) != 5 || len(d.Rows) != 4 {
		t.Fatalf("%d runs, %d groups, %d rows; want 32, 5 and 2 outcomes for each of 2 clouds", d.Runs, len(d.Groups), len(d.Rows))
	}
	for _, r := range d.Rows {
		sum := r.Frozen
		for _, p := range r.Parts {
			sum += p
		}
		if math.Abs(sum-r.Final) > 1e-9*math.Max(1, math.Abs(r.Final)) {
			t.Errorf("%s: frozen %g + parts %v = %g, want the final %g", r.Outcome.ID, r.Frozen, r.Parts, sum, r.Final)
		}
	}
}

func TestFreezeGroups(t *testing.T) {
	const doc = `
chips: {late: {launch: 2027-01-01}, early: {launch: 2025-01-01}}
models: {m: {release: 2028-05-01}}
providers: {p: {capex: {2026: 1, 2027: 2}, strategy: {pricing: {llm: {rule: penetration, discount: 5%}}}}}
events:
  - {date: 2026-03-01, kind: policy}
  - {date: 2026-04-01, kind: news}
  - {date: 2026-05-01, kind: price}
shocks:
  - {name: ban, per_year: 10%, effect: {kind: policy}}
  - {name: boom, per_year: 20%, effect: {kind: demand}}
`
	tests := []struct {
		group int
		want  string
	}{
		{0, "late: {launch: 2031-01-01}, early: {launch: 2025-01-01}"},
		{1, "m: {release: 2031-01-01}"},
		{2, "capex: {2026: 1}, strategy: {pricing: {llm: {rule: hold}}}"},
		{3, "per_year: 0, effect: {kind: policy}"},
		{4, "per_year: 0, effect: {kind: demand}"},
	}
	for _, tc := range tests {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
			t.Fatal(err)
		}
		f := &freezer{root: n.Content[0], start: mustDate(t, "2026-01-01"), end: mustDate(t, "2030-12-31")}
		DriverGroups[tc.group].freeze(f)
		out, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("freezing %s: want %q in\n%s", DriverGroups[tc.group].Name, tc.want, out)
		}
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
