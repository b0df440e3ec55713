package study

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
)

// toy is a scenario with two ranged numbers whose effects are known: a
// cloud's revenue is proportional to the market's reference spend (range
// $0.5B–$2B around $1B), and electricity (±1% around $0.08/kWh) moves it
// by nothing measurable.
const toy = "testdata/toy-sensitivity.yaml"

func TestOATOnToy(t *testing.T) {
	s, err := NewSensitivity(opener(toy), []string{"revenue:alpha"}, 7, SensitivityConfig{OAT: true, Runs: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Varied) != 2 || s.OATRuns() != 5 || s.MorrisRuns() != 0 {
		t.Fatalf("%d varied numbers, %d OAT runs, %d Morris runs; want 2, 2k+1 = 5 and 0", len(s.Varied), s.OATRuns(), s.MorrisRuns())
	}
	res, err := s.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	order := res.OATOrder(0)
	if top := res.Params[order[0]].Path; top != "segments.llm-api.spend.2026" {
		t.Fatalf("the tornado's top number is %s, want the market's spend", top)
	}
	spend, power := res.OAT[0][order[0]], res.OAT[0][order[1]]
	base := res.Base[0]
	if r := spend.High / base; math.Abs(r-2) > 0.01 {
		t.Errorf("doubling the spend multiplies revenue by %v, want 2", r)
	}
	if r := spend.Low / base; math.Abs(r-0.5) > 0.01 {
		t.Errorf("halving the spend multiplies revenue by %v, want 0.5", r)
	}
	if power.Swing() > 1e-3*spend.Swing() {
		t.Errorf("electricity's swing %v should be negligible next to the spend's %v", power.Swing(), spend.Swing())
	}
}

func TestMorrisOnToy(t *testing.T) {
	conf := SensitivityConfig{Morris: true, Runs: 1, Trajectories: 10, Levels: 4}
	s, err := NewSensitivity(opener(toy), []string{"revenue:alpha"}, 7, conf)
	if err != nil {
		t.Fatal(err)
	}
	if s.MorrisRuns() != 30 || s.Runs() != 31 {
		t.Fatalf("Morris runs %d, all runs %d; want r(k+1) = 30 and the base run", s.MorrisRuns(), s.Runs())
	}
	res, err := s.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	spend, power := res.Morris[0][1], res.Morris[0][0] // params sorted by path: costs.electricity, segments...
	// Revenue is proportional to the spend: every elementary effect is the
	// revenue per dollar of spend times the range, $1.5B.
	want := res.Base[0] / 1e9 * 1.5e9
	if math.Abs(spend.MuStar/want-1) > 0.01 || spend.Sigma > 1e-6*want {
		t.Errorf("spend: μ* %v, σ %v; want μ* = %v and σ = 0 (a linear effect)", spend.MuStar, spend.Sigma, want)
	}
	if power.MuStar > 1e-3*spend.MuStar {
		t.Errorf("electricity: μ* %v should be negligible", power.MuStar)
	}
}

func TestSensitivityJobs(t *testing.T) {
	conf := SensitivityConfig{OAT: true, Morris: true, Runs: 2, Trajectories: 4, Levels: 4}
	var outs []string
	for _, jobs := range []int{1, 3} {
		s, err := NewSensitivity(opener(tiny), nil, 2, conf)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Run(context.Background(), Options{Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, fmt.Sprintf("%+v", *res))
	}
	if outs[0] != outs[1] {
		t.Error("the sensitivity study differs between --jobs 1 and 3")
	}
}

func TestNewSensitivityRejects(t *testing.T) {
	noRanges := opener(toy, "costs.electricity={value: $0.08/kWh}", "segments.llm-api.spend.2026={value: $1B}")
	for _, c := range []struct {
		reason string
		open   Opener
		conf   SensitivityConfig
		want   string
	}{
		{"no method", opener(toy), SensitivityConfig{Runs: 1}, "choose at least one method"},
		{"no runs", opener(toy), SensitivityConfig{OAT: true}, "--runs must be at least 1"},
		{"odd levels", opener(toy), SensitivityConfig{Morris: true, Runs: 1, Trajectories: 4, Levels: 3}, "even number"},
		{"one trajectory", opener(toy), SensitivityConfig{Morris: true, Runs: 1, Trajectories: 1, Levels: 4}, "at least 2 trajectories"},
		{"nothing ranged", noRanges, SensitivityConfig{OAT: true, Runs: 1}, "has no number with a range"},
	} {
		_, err := NewSensitivity(c.open, nil, 1, c.conf)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.reason, err, c.want)
		}
	}
}
