package study

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// snapshotComparison returns a comparison of the tiny scenario with a
// variant of it, as ensembles of runs runs, and its result uninterrupted.
// With long, the scenario runs five years instead of three months: its
// monthly series take 60 months, and its ensemble runs' records about
// 12 KB, a fifth of the baseline's.
func snapshotComparison(t *testing.T, runs int, long bool) (*Comparison, string) {
	t.Helper()
	var end []string
	if long {
		end = []string{"end=2030-12-31"}
	}
	c, err := NewComparison([]Opener{opener(tiny, end...), opener(tiny, append(end, "costs.pue=1.45")...)}, []string{"revenue:alpha"}, 3, CompareConfig{Runs: runs, AttributionRuns: 2})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := c.Run(context.Background(), Options{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	return c, fmt.Sprintf("%+v", whole)
}

// runSnapshotted runs c with a task log on a memLog, returning the file,
// the log and, if keep is set, its bytes after each change (each run saved, each
// snapshot that replaces the log): what a process killed then leaves.
func runSnapshotted(t *testing.T, c *Comparison, jobs int, keep bool) (*memLog, [][]byte, *TaskLog) {
	t.Helper()
	m := &memLog{}
	var moments [][]byte
	if keep {
		m.after = func() { moments = append(moments, bytes.Clone(m.Bytes())) }
	}
	log, err := NewTaskLog(m, "compare", c.ID(), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Run(context.Background(), Options{Jobs: jobs, Checkpoint: log}); err != nil {
		t.Fatal(err)
	}
	return m, moments, log
}

// resumeFrom continues c from the checkpoint saved, cut after its last
// whole record as the CLI does, and returns the result, the runs the
// checkpoint held and the runs read back.
func resumeFrom(t *testing.T, c *Comparison, saved []byte, jobs int) (string, int, int) {
	t.Helper()
	sc, err := ScanTaskLog(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	cont := &memLog{}
	cont.Write(saved[:sc.End])
	log, err := ResumeTaskLog(bytes.NewReader(bytes.Clone(saved[:sc.End])), cont)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Run(context.Background(), Options{Jobs: jobs, Checkpoint: log})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%+v", got), sc.Runs, log.Replayed
}

// TestCompareCheckpointResumesFromAnyPoint kills a comparison, in effect,
// after every change of its checkpoint, and in the middle of every run's
// record (a torn tail), and resumes it with another number of workers:
// every resumed comparison gives the uninterrupted one's result, reads
// back every run saved, and no snapshot ever holds fewer runs than the log
// it replaces. The plain run resumes from every seventh moment and the last;
// the long checks (AICLOUDSIM_LONG_TESTS=1) from every one.
func TestCompareCheckpointResumesFromAnyPoint(t *testing.T) {
	t.Parallel()
	c, want := snapshotComparison(t, 16, true)
	m, moments, _ := runSnapshotted(t, c, 2, true)
	if m.replaced < 3 {
		t.Fatalf("the log was replaced by a snapshot %d times; the test needs several", m.replaced)
	}
	last := 0
	step := testenv.Stride(7) // every moment in the long checks; the last always
	for k, saved := range moments {
		if k%step != 0 && k != len(moments)-1 {
			continue
		}
		got, held, read := resumeFrom(t, c, saved, 1+k%3)
		if got != want {
			t.Fatalf("moment %d: the resumed comparison differs:\n got %s\nwant %s", k, got, want)
		}
		if held < last || read != held {
			t.Fatalf("moment %d: the checkpoint holds %d runs (%d before) and %d were read back", k, held, last, read)
		}
		last = held
		if k+1 < len(moments) && len(moments[k+1]) > len(saved) && bytes.HasPrefix(moments[k+1], saved) {
			torn := moments[k+1][:len(saved)+(len(moments[k+1])-len(saved))/2]
			if got, held, _ := resumeFrom(t, c, torn, 2); got != want || held != last {
				t.Fatalf("moment %d with a torn record after it: %d runs held, result same: %v", k, held, got == want)
			}
		}
	}
	if last != c.Runs() {
		t.Errorf("the checkpoint held %d runs at the end, of %d", last, c.Runs())
	}
}

// TestCompareCheckpointStaysBounded runs comparisons of 10 and 300 runs
// per ensemble and checks that the checkpoint's largest size stays under
// three snapshots of the finished comparison (its ensembles' aggregates
// and a small record per run) and a window of runs' records, far below a
// log of every run's series. The 300-run case is a long check
// (AICLOUDSIM_LONG_TESTS=1).
func TestCompareCheckpointStaysBounded(t *testing.T) {
	sizes := []int{10}
	if testenv.Long() {
		sizes = append(sizes, 300)
	}
	for _, runs := range sizes {
		c, _ := snapshotComparison(t, runs, true)
		m, _, log := runSnapshotted(t, c, 2, false)
		peak, replaced := m.peak, m.replaced
		if err := log.snapshot(); err != nil {
			t.Fatal(err)
		}
		final := m.Len()
		full := len(appendRecord(nil, encodeRun(nil, runRecord, 0, runs, [][]float64{make([]float64, c.Scenarios[0].layout.Cells()), make([]float64, len(c.Outcomes))})))
		bound := 3*final + 4*full
		every := 2 * runs * full
		t.Logf("%d runs per ensemble: peak %d bytes, %d snapshots, the last of %d; bound %d; a log of every run would take %d", runs, peak, replaced, final, bound, every)
		if peak > bound {
			t.Errorf("%d runs: the checkpoint reached %d bytes, over %d", runs, peak, bound)
		}
		if runs >= 300 && peak > every/3 {
			t.Errorf("%d runs: the checkpoint reached %d bytes, over a third of a log of every run (%d)", runs, peak, every)
		}
	}
}

// TestCompareCheckpointRefusesDamage flips one bit at every offset of a
// comparison's checkpoint that holds snapshots of both ensembles, runs
// they hold and whole runs: each is refused as damage. Cut anywhere, it reads back the runs
// before the cut. Records that read back but do not fit (a snapshot
// without all its runs, or with runs of a stage that has none) are refused
// when the study reads them back. The plain run flips a bit at and cuts
// at every seventh offset; the long checks (AICLOUDSIM_LONG_TESTS=1) every
// one.
func TestCompareCheckpointRefusesDamage(t *testing.T) {
	t.Parallel()
	c, _ := snapshotComparison(t, 40, false)
	_, moments, _ := runSnapshotted(t, c, 1, true)
	var saved []byte
	for _, b := range moments { // the first with a snapshot of the second ensemble and a whole run after it
		ks := kinds(t, b)
		if bytes.Contains(ks, []byte{snapshotRecord, 1}) && bytes.HasSuffix(ks, []byte{runRecord, 1}) {
			saved = b
			break
		}
	}
	if saved == nil {
		t.Fatal("no checkpoint with a snapshot of the second ensemble and runs after it")
	}
	var recs [][]byte // the records after the header
	rd := newRecordReader(bytes.NewReader(saved))
	if _, err := rd.header(); err != nil {
		t.Fatal(err)
	}
	head := saved[:rd.off]
	for {
		start := rd.off
		if _, err := rd.next(); err != nil {
			break
		}
		recs = append(recs, saved[start:rd.off])
	}
	kind := func(r []byte) byte { return r[8] }
	without := func(drop func(i int, r []byte) bool) []byte {
		b := bytes.Clone(head)
		for i, r := range recs {
			if !drop(i, r) {
				b = append(b, r...)
			}
		}
		return b
	}

	// Every kind of record, with two of the runs each snapshot holds (a
	// scan does not count them): small enough to flip every bit of.
	folded := 0
	sample := without(func(_ int, r []byte) bool {
		if kind(r) == snapshotRecord {
			folded = 0
		} else if kind(r) == foldedRecord {
			folded++
		}
		return kind(r) == foldedRecord && folded > 2
	})
	sc, err := ScanTaskLog(bytes.NewReader(sample))
	if err != nil || sc.Snapshots != 2 || sc.Runs != 5 {
		t.Fatalf("the sample: %+v, %v; want 2 snapshots and 5 runs", sc, err)
	}
	step := testenv.Stride(7) // every offset in the long checks
	for off := 0; off < len(sample); off += step {
		d := bytes.Clone(sample)
		d[off] ^= 1 << (off % 8)
		if _, err := ScanTaskLog(bytes.NewReader(d)); !errors.Is(err, ErrDamaged) {
			t.Fatalf("bit %d of byte %d flipped: %v, want damage", off%8, off, err)
		}
	}
	last := 0
	for n := 0; n <= len(sample); n += step {
		cut, err := ScanTaskLog(bytes.NewReader(sample[:n]))
		if err != nil || cut.Runs < last || cut.Runs > sc.Runs {
			t.Fatalf("cut at %d: %+v, %v", n, cut, err)
		}
		last = cut.Runs
	}

	// Logs whose records are whole but do not fit the study.
	firstFolded := -1
	for i, r := range recs {
		if kind(r) == foldedRecord {
			firstFolded = i
			break
		}
	}
	for _, bad := range []struct {
		name string
		log  []byte
	}{
		{"a snapshot without one of its runs", without(func(i int, _ []byte) bool { return i == firstFolded })},
		{"runs held by a snapshot that is missing", without(func(_ int, r []byte) bool { return kind(r) == snapshotRecord })},
		{"a snapshot of the attribution", append(bytes.Clone(saved), appendRecord(nil, []byte{snapshotRecord, 2})...)},
	} {
		err := replayAll(c, bad.log)
		t.Logf("%s: %v", bad.name, err)
		if !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want damage", bad.name, err)
		}
	}
}

// replayAll scans a comparison's checkpoint and resumes the comparison
// from it, returning the first error.
func replayAll(c *Comparison, saved []byte) error {
	if _, err := ScanTaskLog(bytes.NewReader(saved)); err != nil {
		return err
	}
	log, err := ResumeTaskLog(bytes.NewReader(saved), &memLog{})
	if err != nil {
		return err
	}
	_, err = c.Run(context.Background(), Options{Jobs: 1, Checkpoint: log})
	return err
}

// kinds returns the kind and stage of every record of a task log after
// its header, two bytes each.
func kinds(t *testing.T, b []byte) []byte {
	t.Helper()
	rd := newRecordReader(bytes.NewReader(b))
	if _, err := rd.header(); err != nil {
		t.Fatal(err)
	}
	var out []byte
	for {
		task, err := rd.task()
		if err != nil {
			return out
		}
		out = append(out, task.kind, byte(task.stage))
	}
}

// TestTaskLogOfAnotherVersion: a log of format 1 (no kinds of record) is
// refused as another version's, not read as runs.
func TestTaskLogOfAnotherVersion(t *testing.T) {
	b := appendRecord(nil, []byte(`{"checkpoint":1,"study":"compare","id":"x"}`))
	b = appendRecord(b, encodeRun(nil, runRecord, 0, 0, [][]float64{{1}})[1:])
	if _, err := ScanTaskLog(bytes.NewReader(b)); !errors.Is(err, ErrOtherVersion) {
		t.Errorf("a log of format 1: %v, want ErrOtherVersion", err)
	}
}
