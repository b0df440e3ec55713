package study

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// checkpointed is a study a TaskLog saves, run by the tests below.
type checkpointed struct {
	name string
	id   string
	runs int
	run  func(context.Context, Options) (any, error)
}

// checkpointedStudies returns a small sweep, sensitivity study (both
// methods: two stages) and comparison (two ensembles and the attribution:
// three stages, the ensembles' records holding their bands' cells).
func checkpointedStudies(t *testing.T) []checkpointed {
	t.Helper()
	sw, err := NewSweep(opener(tiny), []AxisSpec{{Arg: "x", Path: "costs.pue", From: "1.1", To: "1.5", Steps: 5}}, []string{"revenue:alpha"}, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	se, err := NewSensitivity(opener(toy), []string{"revenue:alpha"}, 7, SensitivityConfig{OAT: true, Morris: true, Runs: 1, Trajectories: 4, Levels: 4})
	if err != nil {
		t.Fatal(err)
	}
	co, err := NewComparison([]Opener{opener(tiny), opener(tiny, "costs.pue=1.45")}, []string{"revenue:alpha"}, 3, CompareConfig{Runs: 4, AttributionRuns: 2})
	if err != nil {
		t.Fatal(err)
	}
	return []checkpointed{
		{"sweep", sw.ID(), sw.Tasks(), func(ctx context.Context, o Options) (any, error) { r, err := sw.Run(ctx, o); return r, err }},
		{"sensitivity", se.ID(), se.Runs(), func(ctx context.Context, o Options) (any, error) { r, err := se.Run(ctx, o); return r, err }},
		{"compare", co.ID(), co.Runs(), func(ctx context.Context, o Options) (any, error) { r, err := co.Run(ctx, o); return r, err }},
	}
}

// TestTaskLogResumes interrupts each study twice, at runs in different
// stages, and checks that the study continued from its checkpoint reads
// back every run saved, computes only the others and gives the same result
// as a study never interrupted.
func TestTaskLogResumes(t *testing.T) {
	for _, s := range checkpointedStudies(t) {
		t.Run(s.name, func(t *testing.T) {
			whole, err := s.run(context.Background(), Options{Jobs: 2})
			if err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprintf("%+v", whole)
			file := &memLog{} // a comparison's log is replaced by snapshots
			log, err := NewTaskLog(file, s.name, s.id, "")
			if err != nil {
				t.Fatal(err)
			}
			saved, kept := 0, false
			for _, stop := range []int{s.runs / 4, s.runs / 2, 0} {
				ctx, cancel := context.WithCancel(context.Background())
				opt := Options{Jobs: 2, Checkpoint: log, Progress: func(done, _ int) {
					if stop > 0 && done >= stop {
						cancel()
					}
				}}
				got, err := s.run(ctx, opt)
				cancel()
				kept = kept || log.keep
				if stop > 0 {
					if !errors.Is(err, ErrInterrupted) {
						t.Fatalf("stopped after %d runs: %v", stop, err)
					}
				} else if err != nil {
					t.Fatal(err)
				} else if g := fmt.Sprintf("%+v", got); g != want {
					t.Fatalf("resumed study differs:\n got %s\nwant %s", g, want)
				}
				if saved > 0 && log.Replayed != saved {
					t.Errorf("read back %d runs of the %d saved", log.Replayed, saved)
				}
				sc, err := ScanTaskLog(bytes.NewReader(file.Bytes()))
				if err != nil {
					t.Fatal(err)
				}
				if sc.Study != s.name || sc.ID != s.id || sc.Runs < saved || sc.End != int64(file.Len()) {
					t.Fatalf("scan: %+v after %d saved runs, log of %d bytes", sc, saved, file.Len())
				}
				if stop > 0 && (sc.Runs <= saved || sc.Runs >= s.runs) {
					t.Fatalf("stopped at %d: the checkpoint holds %d runs of %d, %d before", stop, sc.Runs, s.runs, saved)
				}
				saved = sc.Runs
				if log, err = ResumeTaskLog(bytes.NewReader(bytes.Clone(file.Bytes())), file); err != nil {
					t.Fatal(err)
				}
			}
			if saved != s.runs {
				t.Errorf("the checkpoint holds %d runs of %d", saved, s.runs)
			}
			// Only a comparison's ensembles fold their runs: the other
			// studies' logs keep nothing in memory and are never replaced.
			if compare := s.name == "compare"; (file.replaced > 0) != compare || kept != compare {
				t.Errorf("%d snapshots, runs kept for them %v", file.replaced, kept)
			}
		})
	}
}

// savedLog returns a task log of a few runs of two stages.
func savedLog(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	log, err := NewTaskLog(&b, "sweep", StudyID("sweep", 1), "")
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range [][]float64{{1, 2}, {3.5, -4}, {0, 1e300}} {
		if err := log.add(i/2, i%2, [][]float64{v, {float64(i)}}); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// TestTaskLogRefusesDamage flips every bit of a task log, one at a time:
// each is refused as damage, never read as other numbers. Cutting the log
// anywhere (a torn last record) loses only the runs after the cut.
func TestTaskLogRefusesDamage(t *testing.T) {
	saved := savedLog(t)
	sc, err := ScanTaskLog(bytes.NewReader(saved))
	if err != nil || sc.Runs != 3 || sc.End != int64(len(saved)) {
		t.Fatalf("intact log: %+v, %v", sc, err)
	}
	for off := range saved {
		for bit := range 8 {
			b := bytes.Clone(saved)
			b[off] ^= 1 << bit
			if _, err := ScanTaskLog(bytes.NewReader(b)); !errors.Is(err, ErrDamaged) {
				t.Fatalf("bit %d of byte %d flipped: %v, want damage", bit, off, err)
			}
		}
	}
	last := 0
	for n := range len(saved) {
		sc, err := ScanTaskLog(bytes.NewReader(saved[:n]))
		if err != nil || sc.Runs < last || sc.Runs > 2 || sc.End > int64(n) {
			t.Fatalf("cut at %d: %+v, %v", n, sc, err)
		}
		last = sc.Runs
	}
}

// TestTaskLogRefusesMisplacedRuns: runs that decode but do not belong
// where they are (out of their stage's range, saved twice, of the wrong
// size, stages out of order) are damage.
func TestTaskLogRefusesMisplacedRuns(t *testing.T) {
	for _, c := range []struct {
		name   string
		stages [][3]int // stage, index, values of each run saved
		shape  []int
	}{
		{"index out of the stage", [][3]int{{0, 5, 1}}, []int{1}},
		{"saved twice", [][3]int{{0, 1, 1}, {0, 1, 1}}, []int{1}},
		{"wrong number of values", [][3]int{{0, 0, 2}}, []int{1}},
		{"stages out of order", [][3]int{{1, 0, 1}, {0, 0, 1}}, []int{1}},
	} {
		var b bytes.Buffer
		log, _ := NewTaskLog(&b, "sweep", "id", "")
		for _, r := range c.stages {
			log.add(r[0], r[1], [][]float64{make([]float64, r[2])})
		}
		rl, err := ResumeTaskLog(bytes.NewReader(b.Bytes()), &bytes.Buffer{})
		if err != nil {
			t.Fatal(err)
		}
		for stage := range 2 {
			if _, err = rl.replay(stage, 2, c.shape, nil, func(int, [][]float64) {}, nil); err != nil {
				break
			}
		}
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want damage", c.name, err)
		}
	}
}

// TestCheckpointRefusesDamage flips one bit at every offset of a Monte
// Carlo checkpoint (its header, its snapshot and its runs' records): each
// is refused as damage and leaves the state as it was. Cut anywhere, the checkpoint gives back the runs before the cut.
// The plain run checks every seventh offset and cut; the long checks
// (AICLOUDSIM_LONG_TESTS=1) every one.
func TestCheckpointRefusesDamage(t *testing.T) {
	t.Parallel()
	s := newStudy(t, tiny, 3, 4)
	st := s.Start(Whole)
	var b memLog
	rows := NewSumWriter(&bytes.Buffer{})
	log, err := NewLog(&b, st, rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), s.Start(Whole), rows, Options{Jobs: 1, Log: log}); err != nil {
		t.Fatal(err)
	}
	saved := b.Bytes()
	if rep, err := s.Replay(bytes.NewReader(saved), s.Start(Whole)); err != nil || rep == nil || len(rep.Rows) != 4 {
		t.Fatalf("intact checkpoint: %+v, %v", rep, err)
	}
	step := testenv.Stride(7) // every offset in the long checks
	for off := 0; off < len(saved); off += step {
		d := bytes.Clone(saved)
		d[off] ^= 1 << (off % 8)
		fresh := s.Start(Whole)
		if _, err := s.Replay(bytes.NewReader(d), fresh); !errors.Is(err, ErrDamaged) || fresh.Done != 0 {
			t.Fatalf("bit %d of byte %d flipped: %v, %d runs added; want damage and none", off%8, off, err, fresh.Done)
		}
	}
	last := 0
	for n := 0; n < len(saved); n += step {
		fresh := s.Start(Whole)
		if _, err := s.Replay(bytes.NewReader(saved[:n]), fresh); err != nil || fresh.Done < last || fresh.Done > 3 {
			t.Fatalf("cut at %d: %v, %d runs", n, err, fresh.Done)
		}
		last = fresh.Done
	}
}
