package study

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// memLog is a LogFile in memory. after, if set, is called after every
// write and every replacement, and peak is the largest the log has been.
type memLog struct {
	bytes.Buffer
	after    func()
	peak     int
	replaced int
}

func (m *memLog) Write(p []byte) (int, error) {
	n, err := m.Buffer.Write(p)
	m.changed()
	return n, err
}

func (m *memLog) Replace(b []byte) error {
	m.Reset()
	m.Buffer.Write(b)
	m.replaced++
	m.changed()
	return nil
}

func (m *memLog) changed() {
	m.peak = max(m.peak, m.Len())
	if m.after != nil {
		m.after()
	}
}

// savedAt is what a process killed at one moment leaves: its checkpoint
// and its runs.csv, and the runs the process had written to runs.csv.
type savedAt struct {
	log, rows []byte
	done      int
}

// runCheckpointed runs s from the start with a checkpoint, returning its
// runs.csv, its final state, the log and, if keep is set, what a process
// killed after each change of the log would have left.
func runCheckpointed(t *testing.T, s *Study, jobs int, keep bool) (rows []byte, st *State, log *memLog, moments []savedAt) {
	t.Helper()
	st = s.Start(Whole)
	var file bytes.Buffer
	sw := NewSumWriter(&file)
	log = &memLog{}
	if keep {
		log.after = func() {
			moments = append(moments, savedAt{bytes.Clone(log.Bytes()), bytes.Clone(file.Bytes()), st.Done})
		}
	}
	l, err := NewLog(log, st, sw)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background(), st, sw, Options{Jobs: jobs, Log: l}); err != nil {
		t.Fatal(err)
	}
	return file.Bytes(), st, log, moments
}

// encoded returns the aggregate of st as Encode writes it.
func encoded(t *testing.T, st *State) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := st.Agg.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCheckpointResumesFromAnyPoint kills a study, in effect, after every
// change of its checkpoint (each run saved, each snapshot that replaces
// the log) and resumes it from what was on disk, with another number of
// workers: every resumed study ends with the same runs.csv and aggregate,
// byte for byte, as the uninterrupted one, and never replays fewer runs
// than the checkpoint's snapshot holds. The plain run resumes from every
// third moment and the last; the long checks (AICLOUDSIM_LONG_TESTS=1)
// from every one.
func TestCheckpointResumesFromAnyPoint(t *testing.T) {
	t.Parallel()
	s := newStudy(t, tiny, 5, 60)
	wantRows, wantSt, log, moments := runCheckpointed(t, s, 3, true)
	if log.replaced < 3 {
		t.Fatalf("the log was replaced by a snapshot %d times in 60 runs; the test needs several", log.replaced)
	}
	want := encoded(t, wantSt)
	step := testenv.Stride(3) // every moment in the long checks; the last always
	for k, m := range moments {
		if k%step != 0 && k != len(moments)-1 {
			continue
		}
		st := s.Start(Whole)
		rep, err := s.Replay(bytes.NewReader(m.log), st)
		if err != nil || rep == nil {
			t.Fatalf("moment %d: %v, %v", k, rep, err)
		}
		if st.Done < m.done {
			t.Fatalf("moment %d: %d runs replayed; the process had done %d", k, st.Done, m.done)
		}
		var file bytes.Buffer
		sw, err := rep.ContinueRows(bytes.NewReader(m.rows), &file)
		if err != nil {
			t.Fatalf("moment %d: runs.csv: %v", k, err)
		}
		file.Write(m.rows[:rep.RowsBytes])
		if err := s.WriteReplayed(sw, rep); err != nil {
			t.Fatal(err)
		}
		cont := &memLog{}
		cont.Write(m.log[:rep.End])
		if err := s.Run(context.Background(), st, sw, Options{Jobs: 2, Log: ResumeLog(cont, rep, sw)}); err != nil {
			t.Fatalf("moment %d: %v", k, err)
		}
		if !bytes.Equal(file.Bytes(), wantRows) || !bytes.Equal(encoded(t, st), want) {
			t.Fatalf("moment %d (%d runs replayed): the resumed study differs from the uninterrupted one", k, len(rep.Rows))
		}
	}
}

// TestCheckpointRefusesOtherRows checks that runs.csv cut short, or with
// a byte changed before the point the snapshot recorded, is refused.
func TestCheckpointRefusesOtherRows(t *testing.T) {
	s := newStudy(t, tiny, 5, 30)
	_, _, _, moments := runCheckpointed(t, s, 1, true)
	m := moments[len(moments)-1]
	rep, err := s.Replay(bytes.NewReader(m.log), s.Start(Whole))
	if err != nil || rep == nil || rep.RowsBytes == 0 {
		t.Fatalf("%v, %v: want a snapshot with rows", rep, err)
	}
	for _, off := range []int64{0, rep.RowsBytes / 2, rep.RowsBytes - 1} {
		d := bytes.Clone(m.rows)
		d[off] ^= 1
		if _, err := rep.ContinueRows(bytes.NewReader(d), &bytes.Buffer{}); err == nil {
			t.Errorf("runs.csv with byte %d changed was accepted", off)
		}
	}
	if _, err := rep.ContinueRows(bytes.NewReader(m.rows[:rep.RowsBytes-1]), &bytes.Buffer{}); err == nil {
		t.Error("runs.csv cut short was accepted")
	}
	if _, err := rep.ContinueRows(bytes.NewReader(append(bytes.Clone(m.rows[:rep.RowsBytes]), "junk"...)), &bytes.Buffer{}); err != nil {
		t.Errorf("runs.csv with a torn row after the snapshot's: %v", err)
	}
}

// TestCheckpointStaysBounded runs studies of 40 and 800 runs and checks
// that the checkpoint's largest size does not grow with the runs as a log
// of every run would: it stays under three snapshots of the final
// aggregate and a window of runs' records.
func TestCheckpointStaysBounded(t *testing.T) {
	for _, runs := range []int{40, 800} {
		s := newStudy(t, tiny, 9, runs)
		_, st, log, _ := runCheckpointed(t, s, 2, false)
		var agg bytes.Buffer
		if err := st.Agg.Encode(&agg); err != nil {
			t.Fatal(err)
		}
		l := &Log{head: make([]byte, 0, 256)}
		row := slices.Repeat([]string{"-1.2345678901234567e-100"}, len(s.Header()))
		rec := len(l.record(runs, row, make([]float64, s.Layout.Cells()), make([]float64, len(s.Layout.Outcomes))))
		bound := 512 + 3*(agg.Len()+64) + (4*2+2)*rec
		t.Logf("%d runs: peak %d bytes, %d snapshots; bound %d; a log of every run would take %d", runs, log.peak, log.replaced, bound, runs*rec)
		if log.peak > bound {
			t.Errorf("%d runs: the checkpoint reached %d bytes, over %d", runs, log.peak, bound)
		}
		if runs >= 800 && log.peak > runs*rec/8 {
			t.Errorf("%d runs: the checkpoint reached %d bytes, over an eighth of a log of every run", runs, log.peak)
		}
	}
}

// TestCheckpointSkipsSnapshotsTooLargeToRead lowers the largest record a
// checkpoint reads below the size of the snapshots of a running study:
// they are not written, the log keeps every run since the first snapshot,
// and a study resumed from it ends as the uninterrupted one does.
func TestCheckpointSkipsSnapshotsTooLargeToRead(t *testing.T) {
	s := newStudy(t, tiny, 5, 40)
	var first memLog
	if _, err := NewLog(&first, s.Start(Whole), NewSumWriter(&bytes.Buffer{})); err != nil {
		t.Fatal(err)
	}
	defer func(n int) { maxRecord = n }(maxRecord)
	maxRecord = first.Len()
	wantRows, wantSt, log, moments := runCheckpointed(t, s, 2, true)
	if log.replaced != 1 {
		t.Fatalf("%d snapshots written; want only the first, the others being too large", log.replaced)
	}
	m := moments[len(moments)-1]
	st := s.Start(Whole)
	rep, err := s.Replay(bytes.NewReader(m.log), st)
	if err != nil || rep == nil || st.Done != 40 {
		t.Fatalf("%v, %v: %d runs replayed, want 40", rep, err, st.Done)
	}
	var file bytes.Buffer
	sw, err := rep.ContinueRows(bytes.NewReader(m.rows), &file)
	if err != nil {
		t.Fatal(err)
	}
	file.Write(m.rows[:rep.RowsBytes])
	if err := s.WriteReplayed(sw, rep); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file.Bytes(), wantRows) || !bytes.Equal(encoded(t, st), encoded(t, wantSt)) {
		t.Error("the replayed study differs from the uninterrupted one")
	}
}
