package study

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// progressFormat versions progress.json.
const progressFormat = 1

// Progress identifies an ensemble's output and says how far it got: the
// content of progress.json. The shard's first Done runs (runs Index,
// Index+Count, ...) are complete; the output is complete when Done equals
// ShardRuns.
type Progress struct {
	Format    int      `json:"format"`
	Scenario  string   `json:"scenario"`
	Title     string   `json:"title,omitempty"`
	Hash      string   `json:"scenario_hash"`
	Seed      uint64   `json:"seed"`
	Runs      int      `json:"runs"`
	Sampling  Sampling `json:"sampling"`
	Shard     Shard    `json:"shard"`
	ShardRuns int      `json:"shard_runs"`
	Done      int      `json:"done"`
	Params    []Param  `json:"params"`
	// Build is the fingerprint of the build that computed the runs (see
	// Fingerprint); --resume and merge refuse another.
	Build string `json:"build,omitempty"`
	// Version is the version of aicloudsim that wrote the file (see
	// reports.Version); it is a record, not checked when resuming.
	Version string `json:"version,omitempty"`
}

// Complete reports whether the shard's runs are all done.
func (p *Progress) Complete() bool { return p.Done == p.ShardRuns }

// State is an ensemble's progress and the aggregate of its done runs;
// runs.csv holds their rows.
type State struct {
	Progress
	Agg *Aggregate
}

// WriteProgress writes the progress as indented JSON.
func (s *State) WriteProgress(w io.Writer) error {
	p := s.Progress
	p.Format = progressFormat
	p.Version = reports.Version()
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// ReadState reads a state from its progress.json and aggregate.
func ReadState(progress, aggregate io.Reader) (*State, error) {
	var p Progress
	d := json.NewDecoder(progress)
	d.DisallowUnknownFields()
	if err := d.Decode(&p); err != nil {
		return nil, fmt.Errorf("progress.json: %w", err)
	}
	if p.Format != progressFormat {
		return nil, fmt.Errorf("progress.json: format %d; this version reads %d", p.Format, progressFormat)
	}
	if _, err := ParseSampling(string(p.Sampling)); err != nil {
		return nil, fmt.Errorf("progress.json: %w", err)
	}
	if p.Build != "" && !market.IsFingerprint(p.Build) {
		return nil, errors.New("progress.json: build is not a fingerprint (16 hex digits)")
	}
	sh := p.Shard
	if p.Runs < 0 || p.ShardRuns != sh.Size(p.Runs) || p.Done < 0 || p.Done > p.ShardRuns {
		return nil, fmt.Errorf("progress.json: %d of %d runs done in shard %s of %d runs is inconsistent", p.Done, p.ShardRuns, sh, p.Runs)
	}
	a, err := DecodeAggregate(aggregate)
	if err != nil {
		return nil, fmt.Errorf("aggregate: %w", err)
	}
	if n := a.Runs; n != uint64(p.Done) {
		return nil, fmt.Errorf("the aggregate holds %d runs but progress.json says %d are done", n, p.Done)
	}
	return &State{Progress: p, Agg: a}, nil
}

// sameStudy reports how two progress records differ as studies, or nil.
func sameStudy(a, b *Progress) error {
	var diffs []string
	if a.Hash != b.Hash {
		diffs = append(diffs, fmt.Sprintf("scenario hash %.12s… vs %.12s…", a.Hash, b.Hash))
	}
	if a.Seed != b.Seed {
		diffs = append(diffs, fmt.Sprintf("seed %d vs %d", a.Seed, b.Seed))
	}
	if a.Runs != b.Runs {
		diffs = append(diffs, fmt.Sprintf("%d vs %d runs", a.Runs, b.Runs))
	}
	if a.Sampling != b.Sampling {
		diffs = append(diffs, fmt.Sprintf("sampling %s vs %s", a.Sampling, b.Sampling))
	}
	if len(diffs) > 0 {
		return errors.New(strings.Join(diffs, ", "))
	}
	return nil
}

// Input is one shard's output for Merge: its state and a name for
// messages (its folder).
type Input struct {
	Name  string
	State *State
}

// Merge joins the states of shards that together hold every run of one
// study exactly once, and returns the state of the whole: the same state a
// single process computes. It refuses states of different studies,
// incomplete shards, and missing or duplicate runs, naming the inputs.
// Its memory is four bytes per run plus the aggregates.
func Merge(ins []Input) (*State, error) {
	if len(ins) == 0 {
		return nil, errors.New("nothing to merge")
	}
	first := &ins[0].State.Progress
	for _, in := range ins {
		p := &in.State.Progress
		if err := sameStudy(first, p); err != nil {
			return nil, fmt.Errorf("%s and %s are shards of different studies: %v", ins[0].Name, in.Name, err)
		}
		if p.Build != first.Build {
			return nil, fmt.Errorf("%s and %s were computed by different builds of aicloudsim (fingerprints %s and %s): "+
				"their runs are not the numbers one build computes; run every shard with one version of aicloudsim on one CPU architecture",
				ins[0].Name, in.Name, orNone(first.Build), orNone(p.Build))
		}
		if !p.Complete() {
			return nil, fmt.Errorf("%s: shard %s is incomplete (%d of %d runs); finish it with --resume first", in.Name, p.Shard, p.Done, p.ShardRuns)
		}
	}
	if err := coverage(ins); err != nil {
		return nil, err
	}
	out := &State{Progress: *first, Agg: NewAggregate(ins[0].State.Agg.Layout)}
	out.Shard, out.ShardRuns, out.Done = Whole, first.Runs, first.Runs
	out.Params = slices.Clone(first.Params)
	for _, in := range ins {
		if err := out.Agg.Merge(in.State.Agg); err != nil {
			return nil, fmt.Errorf("%s: %w", in.Name, err)
		}
	}
	return out, nil
}

// coverage checks that the shards hold every run exactly once.
func coverage(ins []Input) error {
	runs := ins[0].State.Runs
	owner := make([]int32, runs) // input index + 1
	for k, in := range ins {
		sh := in.State.Shard
		for j := range sh.Size(runs) {
			i := sh.Run(j)
			if o := owner[i]; o != 0 {
				return fmt.Errorf("run %d is in both %s (shard %s) and %s (shard %s): merge each shard once",
					i, ins[o-1].Name, ins[o-1].State.Shard, in.Name, sh)
			}
			owner[i] = int32(k + 1)
		}
	}
	var missing []int
	for i, o := range owner {
		if o == 0 {
			missing = append(missing, i)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%d of %d runs are missing (%s)%s", len(missing), runs, listRuns(missing), missingShards(ins))
}

// listRuns names up to five runs.
func listRuns(runs []int) string {
	var parts []string
	for _, i := range runs[:min(len(runs), 5)] {
		parts = append(parts, fmt.Sprint(i))
	}
	s := "runs " + strings.Join(parts, ", ")
	if len(runs) > 5 {
		s += ", …"
	}
	return s
}

// missingShards names the shards not given, when every input is a shard
// of the same count.
func missingShards(ins []Input) string {
	n := ins[0].State.Shard.Count
	have := make([]bool, n)
	for _, in := range ins {
		if in.State.Shard.Count != n {
			return ""
		}
		have[in.State.Shard.Index] = true
	}
	var names []string
	for k, ok := range have {
		if !ok {
			names = append(names, Shard{k, n}.String())
		}
	}
	return "; no output of shard " + strings.Join(names, ", ") + " was given"
}

// orNone is a fingerprint for a message: "none" for an output written
// before fingerprints were recorded.
func orNone(build string) string {
	if build == "" {
		return "none"
	}
	return build
}
