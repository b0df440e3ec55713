package study

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
)

// A comparison's ensemble run saves, in its task log record, the cells of
// its bands (tens of kilobytes for the baseline), so a log of every run
// would grow with --runs to gigabytes. As a Monte Carlo checkpoint does
// (checkpoint.go), the task log of a study whose stages fold their runs
// into a state (the ensemble's aggregate) is instead replaced from time to
// time, in one atomic step (LogFile.Replace), by a snapshot: the header,
// then for each stage so far
//
//   - if it folds its runs: a snapshot record of its state, holding
//     exactly the runs kept so far, and an 'F' record per run, with the
//     vectors the state does not hold (a comparison's outcomes, a few
//     hundred bytes, which it keeps for exact percentiles and run-by-run
//     differences);
//   - otherwise: the records of its runs as they were written.
//
// A snapshot is due once the run records of folding stages since the last
// one take twice its bytes, so the log stays under about three snapshots
// plus a record per run in flight: the states, whose size depends on the
// layout, not on the runs, and the small per-run records. A snapshot
// never drops a run: save writes a run's record, folds it into the state
// and takes a snapshot under one lock.

// foldedRecord is the kind of record of a run a snapshot holds.
const foldedRecord = 'F'

// stageState is the state a stage of a study folds its runs' first
// vectors into, which a task log's snapshot saves in their stead.
type stageState interface {
	// encode returns the state's bytes.
	encode() ([]byte, error)
	// decode sets the state, which holds no run yet, to the bytes of
	// encode, and returns the number of runs they hold.
	decode(b []byte) (int, error)
}

// loggedStage is what a task log keeps of a stage for its snapshots.
type loggedStage struct {
	folds bool
	state stageState // while the stage runs
	saved []byte     // the state's bytes, once the stage is over
	recs  []byte     // the records of its runs in a snapshot
}

// retain keeps what a snapshot needs of run index of stage, read back
// (held: a run the snapshot holds, without its first vector) or just
// saved; its record took size bytes. A log keeps its runs only from its
// first stage that folds its runs (so a sweep's or a sensitivity study's
// log keeps nothing); a run saved before that rules snapshots out.
func (l *TaskLog) retain(stage, index int, vecs [][]float64, held bool, size int64) {
	if !l.keep || stage >= len(l.stages) {
		l.lost = true
		return
	}
	s := l.stages[stage]
	switch {
	case !s.folds:
		s.recs = appendRecord(s.recs, encodeRun(nil, runRecord, stage, index, vecs))
		l.snap += size
	case held:
		s.recs = appendRecord(s.recs, encodeRun(nil, foldedRecord, stage, index, vecs))
		l.snap += size
	default:
		s.recs = appendRecord(s.recs, encodeRun(nil, foldedRecord, stage, index, vecs[1:]))
		l.since += size
	}
}

// due reports whether a snapshot should replace the log: the records of
// folded runs since the last take twice its bytes, and every saved run
// has been read back.
func (l *TaskLog) due() bool {
	return l.keep && l.rd == nil && l.peek == nil && l.since > 0 && l.since >= 2*l.snap
}

// snapshot replaces the log by its header and a snapshot of every stage.
// A state too large to read back is not written: the log keeps its runs,
// and tries again after as many bytes of runs again.
func (l *TaskLog) snapshot() error {
	b := slices.Clone(l.head)
	last := len(l.stages) - 1
	for k, s := range l.stages {
		if s.folds {
			state := s.saved
			if state == nil {
				var err error
				if state, err = s.state.encode(); err != nil {
					return err
				}
				if k < last { // over: its state no longer changes
					s.saved, s.state = state, nil
				}
			}
			body := binary.AppendUvarint([]byte{snapshotRecord}, uint64(k))
			body = append(body, state...)
			if len(body) > maxRecord {
				l.snap = int64(len(body))
				return nil
			}
			b = appendRecord(b, body)
		}
		b = append(b, s.recs...)
	}
	l.snap, l.since = int64(len(b)), 0
	return l.f.Replace(b)
}

// aggregateState is an ensemble's aggregate as a stage's state.
type aggregateState struct{ agg *Aggregate }

func (a *aggregateState) encode() ([]byte, error) {
	var b bytes.Buffer
	err := a.agg.Encode(&b)
	return b.Bytes(), err
}

func (a *aggregateState) decode(b []byte) (int, error) {
	agg, err := DecodeAggregate(bytes.NewReader(b))
	switch {
	case err != nil:
		return 0, err
	case !a.agg.Layout.equal(agg.Layout) || agg.Runs > math.MaxInt32:
		return 0, errors.New("the aggregate does not fit the study")
	case a.agg.Runs != 0:
		return 0, errors.New("internal error: an aggregate replaced after runs")
	}
	agg.Layout = a.agg.Layout
	a.agg = agg
	return int(agg.Runs), nil
}
