package study

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

const tiny = "testdata/tiny.yaml"

func opener(ref string, sets ...string) Opener {
	return func() (*scenarios.Opened, error) { return scenarios.Open(ref, sets) }
}

func newStudy(t testing.TB, ref string, seed uint64, runs int) *Study {
	t.Helper()
	s, err := New(opener(ref), seed, runs, LatinHypercube)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// output is what one execution of a study produced.
type output struct {
	st   *State
	rows []byte
	agg  []byte
}

func execute(t testing.TB, s *Study, sh Shard, jobs int) output {
	t.Helper()
	st := s.Start(sh)
	var rows bytes.Buffer
	if err := s.Run(context.Background(), st, &rows, Options{Jobs: jobs}); err != nil {
		t.Fatal(err)
	}
	return output{st, rows.Bytes(), encode(t, st)}
}

func encode(t testing.TB, st *State) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := st.Agg.Encode(&b); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteProgress(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParamsOfTiny(t *testing.T) {
	o, err := scenarios.Open(tiny, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps := Params(o.Scenario)
	var got []string
	for _, p := range ps {
		got = append(got, p.Path+" "+p.Unit+" "+strings.Join(p.Aliases, ","))
	}
	want := []string{
		"chips.ascend.memory_bandwidth bandwidth ",
		"chips.h20.price usd ",
		"costs.electricity price ",
		"costs.memory_efficiency fraction ",
		"providers.alpha.strategy.capacity.target_utilisation fraction providers.beta.strategy.capacity.target_utilisation",
		"segments.llm-api.elasticity number ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("params:\n got %q\nwant %q", got, want)
	}
	if p := ps[3]; !p.Fixed() || p.Value != p.Low {
		t.Errorf("memory_efficiency has range [70%%, 70%%] and should be fixed; got %+v", p)
	}
	if p := ps[0]; p.Low != 1200 || p.High != 1600 || p.Value != 1600 || p.Source != "sources conflict" {
		t.Errorf("ascend bandwidth = %+v, want 1600 GB/s in [1200, 1600] with its source", p)
	}
}

// TestParamsOfBaseline checks the discovery on the real catalogue: every
// range is found, including numbers inside maps of numbers (the output
// and spend paths) and the media workload reused through an anchor.
func TestParamsOfBaseline(t *testing.T) {
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	ps := Params(o.Scenario)
	byPath := map[string]Param{}
	for _, p := range ps {
		byPath[p.Path] = p
		if p.Low > p.Value || p.Value > p.High {
			t.Errorf("%s: value %g outside [%g, %g]", p.Path, p.Value, p.Low, p.High)
		}
	}
	for _, path := range []string{"suppliers.nvidia.chips.h200.output.2026", "segments.llm-api.spend.2029", "shocks.0.per_year", "chips.zhenwu-810e.memory_bandwidth"} {
		if _, ok := byPath[path]; !ok {
			t.Errorf("baseline parameter %s not found among %d", path, len(ps))
		}
	}
	media := byPath["models.ernie-media.workload.flops_per_unit"]
	if len(media.Aliases) < 3 {
		t.Errorf("the media workload's flops_per_unit is one number reused through an anchor; got aliases %q", media.Aliases)
	}
	if !slices.IsSortedFunc(ps, func(a, b Param) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("params are not sorted by path")
	}
}

// TestSetArgsRoundTrip checks that SetArg writes every parameter's value
// so that --set reads back the same float64.
func TestSetArgsRoundTrip(t *testing.T) {
	o, err := scenarios.Open("baseline", nil)
	if err != nil {
		t.Fatal(err)
	}
	ps := Params(o.Scenario)
	d := NewDesign(ps, 3, 10, LatinHypercube)
	values := d.Values(4, nil)
	var sets []string
	for k, p := range ps {
		sets = append(sets, p.SetArgs(values[k])...)
	}
	o2, err := scenarios.Open("baseline", sets)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, p := range Params(o2.Scenario) {
		got[p.Path] = p.Value
		for _, a := range p.Aliases {
			got[a] = p.Value
		}
	}
	for k, p := range ps {
		for _, path := range append([]string{p.Path}, p.Aliases...) {
			if got[path] != values[k] {
				t.Errorf("--set %s read back as %v", p.SetArg(path, values[k]), got[path])
			}
		}
	}
}

// TestRunIsReproducible checks the promise of runs.csv: a run of an
// ensemble is the single run with its seed and its sampled parameters.
func TestRunIsReproducible(t *testing.T) {
	s := newStudy(t, tiny, 11, 5)
	out := execute(t, s, Whole, 2)
	const i = 3
	values := s.Design.Values(i, nil)
	var sets []string
	for k, p := range s.Params {
		sets = append(sets, p.SetArgs(values[k])...)
	}
	cfg, agents := buildScenario(t, tiny, sets...)
	r, err := market.Run(cfg, agents, market.Options{Seed: RunSeed(11, i)})
	if err != nil {
		t.Fatal(err)
	}
	cells := make([]float64, s.Layout.Cells())
	if err := s.Layout.extract(r, cells); err != nil {
		t.Fatal(err)
	}
	row := []string{"3", strconv.FormatUint(RunSeed(11, i), 10)}
	for _, v := range values {
		row = append(row, formatValue(v))
	}
	for _, v := range s.Layout.outcomes(cells, nil) {
		row = append(row, formatValue(v))
	}
	lines := strings.Split(string(out.rows), "\n")
	if got, want := lines[1+i], strings.Join(row, ","); got != want {
		t.Errorf("runs.csv row of run %d:\n got %s\nwant %s (the single run with --seed and --set)", i, got, want)
	}
}

func TestJobsGiveIdenticalOutputs(t *testing.T) {
	s := newStudy(t, tiny, 1, 40)
	one := execute(t, s, Whole, 1)
	for _, jobs := range []int{2, 5} {
		got := execute(t, s, Whole, jobs)
		if !bytes.Equal(got.rows, one.rows) {
			t.Errorf("runs.csv differs between --jobs 1 and %d", jobs)
		}
		if !bytes.Equal(got.agg, one.agg) {
			t.Errorf("the aggregate differs between --jobs 1 and %d", jobs)
		}
	}
	if n := bytes.Count(one.rows, []byte("\n")); n != 41 {
		t.Errorf("runs.csv has %d lines, want a header and 40 rows", n)
	}
}

// TestShardsMergeToTheWhole runs a study as shards of different counts and
// checks that every way of merging gives the single process's state and
// runs.csv byte for byte.
func TestShardsMergeToTheWhole(t *testing.T) {
	s := newStudy(t, tiny, 5, 23)
	whole := execute(t, s, Whole, 2)
	for _, shards := range [][]Shard{
		{{0, 3}, {1, 3}, {2, 3}},
		{{2, 3}, {0, 3}, {1, 3}}, // order of the inputs does not matter
		{{1, 2}, {0, 4}, {2, 4}}, // counts may differ if the runs partition
		{{0, 30}},                // with the 29 other shards below
	} {
		if len(shards) == 1 {
			shards = nil
			for k := range 30 {
				shards = append(shards, Shard{k, 30})
			}
		}
		var ins []Input
		var rows []RowsInput
		for _, sh := range shards {
			o := execute(t, s, sh, 2)
			ins = append(ins, Input{Name: "shard " + sh.String(), State: o.st})
			rows = append(rows, RowsInput{Name: "shard " + sh.String(), State: o.st, Rows: bytes.NewReader(o.rows)})
		}
		merged, err := Merge(ins)
		if err != nil {
			t.Fatalf("%v: %v", shards, err)
		}
		if got := encode(t, merged); !bytes.Equal(got, whole.agg) {
			t.Errorf("%v: the merged state differs from the single process's", shards)
		}
		var b bytes.Buffer
		if err := MergeRows(&b, rows); err != nil {
			t.Fatalf("%v: %v", shards, err)
		}
		if !bytes.Equal(b.Bytes(), whole.rows) {
			t.Errorf("%v: merged runs.csv differs from the single process's", shards)
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	s := newStudy(t, tiny, 5, 6)
	shard := func(k, n int) Input {
		return Input{Name: "dir" + Shard{k, n}.String(), State: execute(t, s, Shard{k, n}, 1).st}
	}
	other := Input{Name: "other", State: execute(t, newStudy(t, tiny, 6, 6), Shard{1, 2}, 1).st}
	random := Input{Name: "random", State: execute(t, randomStudy(t, 5, 6), Shard{1, 2}, 1).st}
	// A shard computed by another build: its progress carries the other
	// build's fingerprint (one computed before fingerprints, none).
	elsewhere := shard(1, 2)
	elsewhere.Name = "elsewhere"
	elsewhere.State.Build = "0123456789abcdef"
	older := shard(1, 2)
	older.Name = "older"
	older.State.Build = ""
	partial := s.Start(Shard{1, 2})
	tests := []struct {
		name string
		ins  []Input
		want string
	}{
		{"a shard missing", []Input{shard(0, 3), shard(2, 3)}, "2 of 6 runs are missing (runs 1, 4); no output of shard 1/3 was given"},
		{"a shard twice", []Input{shard(0, 2), shard(1, 2), shard(1, 2)}, "run 1 is in both dir1/2 (shard 1/2) and dir1/2 (shard 1/2)"},
		{"overlapping counts", []Input{shard(0, 2), shard(1, 2), shard(0, 4)}, "run 0 is in both"},
		{"another seed", []Input{shard(0, 2), other}, "dir0/2 and other are shards of different studies: seed 5 vs 6"},
		{"another sampling", []Input{shard(0, 2), random}, "dir0/2 and random are shards of different studies: sampling lhs vs random"},
		{"an incomplete shard", []Input{shard(0, 2), {Name: "half", State: partial}}, "half: shard 1/2 is incomplete (0 of 3 runs)"},
		{"another build", []Input{shard(0, 2), elsewhere}, "dir0/2 and elsewhere were computed by different builds of aicloudsim (fingerprints " + s.Build + " and 0123456789abcdef)"},
		{"a build before fingerprints", []Input{shard(0, 2), older}, "(fingerprints " + s.Build + " and none)"},
		{"nothing", nil, "nothing to merge"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Merge(tc.ins)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Merge error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestInterruptAndContinue stops a study after some runs, as Ctrl-C does,
// and checks that continuing it gives the uninterrupted study's outputs.
func TestInterruptAndContinue(t *testing.T) {
	s := newStudy(t, tiny, 9, 30)
	whole := execute(t, s, Whole, 3)
	// Three workers keep at most 12 runs in flight, so every stop leaves
	// work to do.
	for _, stopAt := range []int{1, 7, 15} {
		ctx, cancel := context.WithCancel(context.Background())
		st := s.Start(Whole)
		var rows bytes.Buffer
		err := s.Run(ctx, st, &rows, Options{Jobs: 3, Progress: func(done, _ int) {
			if done == stopAt {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, ErrInterrupted) || st.Done < stopAt || st.Done > stopAt+12 {
			t.Fatalf("stop at %d: err %v with %d runs done, want ErrInterrupted after at least %d", stopAt, err, st.Done, stopAt)
		}
		// Save and read back the state, as the CLI does between processes.
		var prog, agg bytes.Buffer
		if err := st.WriteProgress(&prog); err != nil {
			t.Fatal(err)
		}
		if err := st.Agg.Encode(&agg); err != nil {
			t.Fatal(err)
		}
		st2, err := ReadState(&prog, &agg)
		if err != nil {
			t.Fatal(err)
		}
		var rows2 bytes.Buffer
		if err := s.CopyRows(&rows2, "partial", &rows, st2); err != nil {
			t.Fatal(err)
		}
		if err := s.Run(context.Background(), st2, &rows2, Options{Jobs: 2}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rows2.Bytes(), whole.rows) || !bytes.Equal(encode(t, st2), whole.agg) {
			t.Errorf("stop at %d and continue: outputs differ from the uninterrupted study", stopAt)
		}
	}
}

func TestContinueChecksTheStudy(t *testing.T) {
	s := newStudy(t, tiny, 9, 30)
	st := s.Start(Whole)
	for _, tc := range []struct {
		s    *Study
		sh   Shard
		want string
	}{
		{newStudy(t, tiny, 10, 30), Whole, "another study (its values vs this one's): seed 9 vs 10"},
		{newStudy(t, tiny, 9, 31), Whole, "30 vs 31 runs"},
		{s, Shard{0, 2}, "it is shard 0/1, not 0/2"},
		{randomStudy(t, 9, 30), Whole, "sampling lhs vs random"},
	} {
		if err := tc.s.Check(st, tc.sh); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Check = %v, want %q", err, tc.want)
		}
	}
	if err := s.Check(st, Whole); err != nil {
		t.Errorf("Check of its own start = %v", err)
	}
	// The same study, saved by a build that computes other numbers.
	other := *st
	other.Build = "0123456789abcdef"
	if err := s.Check(&other, Whole); err == nil || !strings.Contains(err.Error(), "fingerprint 0123456789abcdef; this build, on "+market.Platform()+", gives "+s.Build) ||
		!strings.Contains(err.Error(), "another CPU architecture") {
		t.Errorf("Check of another build's state = %v", err)
	}
	other.Build = ""
	if err := s.Check(&other, Whole); err == nil || !strings.Contains(err.Error(), "recorded no build fingerprint") {
		t.Errorf("Check of a state without a fingerprint = %v", err)
	}
}

func randomStudy(t *testing.T, seed uint64, runs int) *Study {
	t.Helper()
	s, err := New(opener(tiny), seed, runs, Random)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
