package study

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"sync"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// A task log is the checkpoint of a sweep, a sensitivity study or a
// comparison: the result of every run, saved as soon as the run finishes,
// so that a process killed outright (SIGKILL, a node lost) loses at most
// the runs in flight, and --resume reads the others back instead of
// computing them again. The results are the same numbers either way, so
// the outputs are the same bytes.
//
// A study computes its runs in stages, one per call of the runner (the
// one-at-a-time design, then the Morris design; each scenario's ensemble,
// then the attribution), and a stage's runs by index. A run's result is a
// few vectors of floats: the outcomes it measured and, for a comparison's
// ensemble, the series its bands are drawn from.
//
// The log is a sequence of records, each
//
//	n uint32 | ^n uint32 | body (n bytes) | CRC-32C of the 8 + n bytes before it, uint32
//
// little-endian. The first body is a JSON header naming the study (see
// StudyID); every other starts with its kind, a byte:
//
//   - 'R', a run: stage, index and the number of vectors (uvarints), then
//     each vector's length (uvarint) and its float64s;
//   - 'S', a snapshot of a stage's state (a comparison's ensemble folds
//     the cells of its runs into an aggregate): stage (uvarint) and the
//     state's bytes, as the first record of its stage;
//   - 'F', a run the stage's snapshot holds: as a run, without the vector
//     folded into the state.
//
// Runs are appended whole, in the order they finish; a resumed study
// appends after the records it read, so stages never decrease along the
// log. A log whose stages fold their runs is replaced from time to time by
// a snapshot of each (see tasksnapshot.go), which bounds it. Only the last
// record can be torn (the process died while writing it): it is dropped
// and its run computed again. Anything else that does not read back (a
// length and its complement that disagree, a checksum that does not match,
// a body that does not decode, a run saved twice or out of its stage, a
// snapshot that is not its stage's first record or whose runs are not all
// there) is damage, an error wrapping ErrDamaged that names the
// record's offset: a single flipped byte anywhere is refused, never read as
// a different number. Writes need no fsync: a killed process's writes are
// in the system's cache; only a crash of the machine can lose them, and it
// loses whole pages at the end, which read back as a torn tail.

// ErrDamaged is wrapped by the errors of a task log that does not read
// back as it was written.
var ErrDamaged = errors.New("damaged")

// ErrOtherVersion is wrapped by the error of a task log written in a
// format this version does not read.
var ErrOtherVersion = errors.New("written by another version of aicloudsim")

// taskLogFormat versions the task log. Format 1 had no kinds of record:
// a log of that format is refused (ErrOtherVersion).
const taskLogFormat = 2

// taskLogHeader is the body of a task log's first record.
type taskLogHeader struct {
	Format int    `json:"checkpoint"`
	Study  string `json:"study"` // the command: sweep, sensitivity or compare
	ID     string `json:"id"`    // StudyID of what the study computes
	Build  string `json:"build"` // the fingerprint of the build computing the runs (see Fingerprint)
}

// maxVectors bounds the vectors of one run's record.
const maxVectors = 8

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// StudyID returns the hex SHA-256 of the values that decide a study's
// runs (scenario hashes, seed, sizes, outcomes), in order: two studies
// with the same ID compute the same runs in the same stages, so one can
// continue the other's log.
func StudyID(kind string, values ...any) string {
	h := sha256.New()
	fmt.Fprintf(h, "%q", kind)
	for _, v := range values {
		fmt.Fprintf(h, " %#v", v)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TaskLog is the writer of a task log, and the reader of the log it
// continues; set it as Options.Checkpoint. A nil *TaskLog saves nothing.
// Writes are safe for concurrent use.
type TaskLog struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	err error

	rd       *recordReader // the saved runs still to read back; nil for none
	peek     *loggedTask   // the next saved run, read but not yet handed out
	Replayed int           // runs read back so far

	// The snapshots (tasksnapshot.go), taken when w is a LogFile.
	f           LogFile
	head        []byte         // the header record
	stages      []*loggedStage // by stage, as the study begins them
	snap, since int64          // the bytes of the last snapshot, and of the folded runs' records after it
	keep, lost  bool           // whether the runs are kept for snapshots; whether one was not
}

// loggedTask is one record read back from a task log: a run, a run its
// stage's snapshot holds, or the snapshot.
type loggedTask struct {
	kind         byte
	stage, index int
	vecs         [][]float64
	state        []byte // of a snapshot
	off, size    int64
}

// NewTaskLog starts the task log of study kind with the given StudyID on
// w, which must be empty, for the runs of the build with fingerprint build.
func NewTaskLog(w io.Writer, kind, id, build string) (*TaskLog, error) {
	body, err := json.Marshal(taskLogHeader{taskLogFormat, kind, id, build})
	if err != nil {
		return nil, err
	}
	l := newTaskLog(w, appendRecord(nil, body))
	if _, err := w.Write(l.head); err != nil {
		return nil, err
	}
	return l, nil
}

// newTaskLog returns a task log on w that starts with the header record
// head, and snapshots if w is a LogFile.
func newTaskLog(w io.Writer, head []byte) *TaskLog {
	l := &TaskLog{w: w, head: head, snap: int64(len(head))}
	l.f, _ = w.(LogFile)
	return l
}

// SavedTasks is what ScanTaskLog found in a task log.
type SavedTasks struct {
	Study, ID string // from the header; empty when the header is torn
	Build     string // the fingerprint of the build that computed the runs
	Runs      int    // the runs saved in whole records
	Snapshots int    // the stages whose runs a snapshot holds
	End       int64  // the length up to the last whole record
}

// ScanTaskLog reads a task log through and checks every record. A log
// torn in its header holds nothing: Runs and End are 0. Its error wraps
// ErrDamaged when the log does not read back as it was written.
func ScanTaskLog(r io.Reader) (*SavedTasks, error) {
	rd := newRecordReader(r)
	h, err := rd.header()
	if errors.Is(err, errTorn) {
		return &SavedTasks{}, nil
	} else if err != nil {
		return nil, err
	}
	out := &SavedTasks{Study: h.Study, ID: h.ID, Build: h.Build, End: rd.off}
	stage, runs, snap := 0, 0, false // runs and snap: of the stage
	for {
		t, err := rd.task()
		if errors.Is(err, errTorn) || errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if t.stage < stage {
			return nil, damaged(t.off, "a run of stage %d after stage %d", t.stage, stage)
		} else if t.stage > stage {
			stage, runs, snap = t.stage, 0, false
		}
		switch {
		case t.kind == snapshotRecord && (runs > 0 || snap):
			return nil, damaged(t.off, "a snapshot of stage %d after its runs", stage)
		case t.kind == snapshotRecord:
			snap = true
			out.Snapshots++
		case t.kind == foldedRecord && !snap:
			return nil, damaged(t.off, "a run of stage %d held by a snapshot it lacks", stage)
		default:
			runs++
			out.Runs++
		}
		out.End = rd.off
	}
}

// ResumeTaskLog continues a task log: the runs saved on r (a log that
// ScanTaskLog has checked, without its torn tail) are read back as the
// study reaches their stage, and the runs it computes are appended on w.
func ResumeTaskLog(r io.Reader, w io.Writer) (*TaskLog, error) {
	rd := newRecordReader(r)
	if _, err := rd.header(); err != nil {
		return nil, err
	}
	l := newTaskLog(w, slices.Clone(rd.head))
	l.rd = rd
	return l, nil
}

// begin returns the number of the study's next stage, whose runs' first
// vectors fold into st; st is nil for a stage that keeps its runs whole.
func (l *TaskLog) begin(st stageState) int {
	if l == nil {
		return 0
	}
	l.stages = append(l.stages, &loggedStage{folds: st != nil, state: st})
	if st != nil && l.f != nil && !l.lost {
		l.keep = true
	}
	return len(l.stages) - 1
}

// replay hands keep every run the log saved for stage, each a run of
// tasks by index with vectors of the lengths in shape, and returns how
// many it handed back. keep is called in the order the runs were saved.
// For a stage that folds its runs into st, a snapshot sets st and the
// runs it holds are handed to restore instead, without their first
// vector; keep then folds the others into st.
func (l *TaskLog) replay(stage, tasks int, shape []int, st stageState, keep, restore func(i int, vecs [][]float64)) (n int, err error) {
	if l == nil {
		return 0, nil
	}
	seen := make([]bool, tasks)
	snapOff, held, folded := int64(-1), 0, 0 // the snapshot's offset, the runs it holds, those read
	defer func() {
		if err == nil && snapOff >= 0 && folded != held {
			err = damaged(snapOff, "the snapshot of stage %d holds %d runs; the checkpoint saved %d of them", stage, held, folded)
		}
	}()
	for l.rd != nil || l.peek != nil {
		if l.peek == nil {
			t, err := l.rd.task()
			if errors.Is(err, errTorn) || errors.Is(err, io.EOF) {
				l.rd = nil
				break
			} else if err != nil {
				return n, err
			}
			l.peek = &t
		}
		t := l.peek
		want := shape
		if t.kind == foldedRecord && len(shape) > 0 {
			want = shape[1:]
		}
		switch {
		case t.stage > stage:
			return n, nil
		case t.stage < stage:
			return n, damaged(t.off, "a run of stage %d after stage %d", t.stage, stage)
		case t.kind == snapshotRecord:
			if st == nil || n > 0 || snapOff >= 0 {
				return n, damaged(t.off, "a snapshot of stage %d where it has none", stage)
			}
			if held, err = st.decode(t.state); err != nil {
				return n, damaged(t.off, "the snapshot of stage %d: %v", stage, err)
			}
			snapOff = t.off
			l.snap += t.size
			l.peek = nil
			continue
		case t.kind == foldedRecord && snapOff < 0:
			return n, damaged(t.off, "a run of stage %d held by a snapshot it lacks", stage)
		case t.index >= tasks || seen[t.index]:
			return n, damaged(t.off, "run %d of stage %d: not a run of the study's stage, or saved twice", t.index, stage)
		case !fits(t.vecs, want):
			return n, damaged(t.off, "run %d of stage %d does not have the study's numbers of values", t.index, stage)
		}
		seen[t.index] = true
		if t.kind == foldedRecord {
			restore(t.index, t.vecs)
			folded++
		} else {
			keep(t.index, t.vecs)
		}
		l.retain(stage, t.index, t.vecs, t.kind == foldedRecord, t.size)
		n++
		l.Replayed++
		l.peek = nil
	}
	return n, nil
}

// fits reports whether vecs has the lengths of shape.
func fits(vecs [][]float64, shape []int) bool {
	if len(vecs) != len(shape) {
		return false
	}
	for i, v := range vecs {
		if len(v) != shape[i] {
			return false
		}
	}
	return true
}

// add appends the record of run index of stage. The first write error is
// kept and returned by every later call.
func (l *TaskLog) add(stage, index int, vecs [][]float64) error {
	return l.save(stage, index, vecs, func() {})
}

// save appends the record of run index of stage, then calls keep, which
// folds the run into its stage's state if it has one, and takes a
// snapshot if one is due: a snapshot holds exactly the runs kept. Without
// a log, save only calls keep. The first write error is kept and returned
// by every later call.
func (l *TaskLog) save(stage, index int, vecs [][]float64, keep func()) error {
	if l == nil {
		keep()
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	l.buf = encodeRun(l.buf[:0], runRecord, stage, index, vecs)
	rec := appendRecord(nil, l.buf)
	if _, l.err = l.w.Write(rec); l.err != nil {
		return l.err
	}
	keep()
	l.retain(stage, index, vecs, false, int64(len(rec)))
	if l.due() {
		l.err = l.snapshot()
	}
	return l.err
}

// encodeRun appends to b the body of a run's record of the given kind.
func encodeRun(b []byte, kind byte, stage, index int, vecs [][]float64) []byte {
	b = append(b, kind)
	b = binary.AppendUvarint(b, uint64(stage))
	b = binary.AppendUvarint(b, uint64(index))
	b = binary.AppendUvarint(b, uint64(len(vecs)))
	for _, v := range vecs {
		b = binary.AppendUvarint(b, uint64(len(v)))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b
}

// appendRecord appends the record of body to dst.
func appendRecord(dst, body []byte) []byte {
	start := len(dst)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(body)))
	dst = binary.LittleEndian.AppendUint32(dst, ^uint32(len(body)))
	dst = append(dst, body...)
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli))
}

// errTorn is a record cut short by the end of the log.
var errTorn = errors.New("torn record")

// damaged returns an error wrapping ErrDamaged at offset off.
func damaged(off int64, format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", ErrDamaged, off, fmt.Sprintf(format, args...))
}

// recordReader reads the records of a task log.
type recordReader struct {
	r    *bufio.Reader
	off  int64 // of the next record
	buf  []byte
	head []byte // the header record, once read
}

func newRecordReader(r io.Reader) *recordReader { return &recordReader{r: bufio.NewReader(r)} }

// next returns the body of the next record, io.EOF at the end of the log
// and errTorn for a record cut short by it.
func (rd *recordReader) next() ([]byte, error) {
	var head [8]byte
	if _, err := io.ReadFull(rd.r, head[:]); errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errTorn
	} else if err != nil {
		return nil, err
	}
	n := binary.LittleEndian.Uint32(head[:4])
	if ^n != binary.LittleEndian.Uint32(head[4:]) || int64(n) > int64(maxRecord) {
		return nil, damaged(rd.off, "the record's length is damaged")
	}
	if cap(rd.buf) < 8+int(n)+4 {
		rd.buf = make([]byte, 8+int(n)+4)
	}
	b := rd.buf[:8+int(n)+4]
	copy(b, head[:])
	if _, err := io.ReadFull(rd.r, b[8:]); errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errTorn
	} else if err != nil {
		return nil, err
	}
	if crc32.Checksum(b[:8+n], castagnoli) != binary.LittleEndian.Uint32(b[8+n:]) {
		return nil, damaged(rd.off, "the record's checksum does not match")
	}
	rd.off += int64(len(b))
	return b[8 : 8+n], nil
}

// header reads the log's header record.
func (rd *recordReader) header() (taskLogHeader, error) {
	var h taskLogHeader
	body, err := rd.next()
	if errors.Is(err, io.EOF) {
		return h, errTorn
	} else if err != nil {
		return h, err
	}
	if json.Unmarshal(body, &h) != nil || h.Build != "" && !market.IsFingerprint(h.Build) {
		return h, damaged(0, "not a checkpoint")
	} else if h.Format != taskLogFormat {
		return h, fmt.Errorf("%w (checkpoint format %d; this version reads %d)", ErrOtherVersion, h.Format, taskLogFormat)
	}
	rd.head = appendRecord(nil, body)
	return h, nil
}

// task reads the next run's record.
func (rd *recordReader) task() (loggedTask, error) {
	off := rd.off
	body, err := rd.next()
	if err != nil {
		return loggedTask{}, err
	}
	d := decoder{b: body}
	t := loggedTask{off: off, size: rd.off - off}
	if k := d.bytes(1); d.err == nil {
		t.kind = k[0]
	}
	t.stage = int(d.uvarint(math.MaxInt32))
	switch t.kind {
	case runRecord, foldedRecord:
		t.index = int(d.uvarint(math.MaxInt32))
		t.vecs = make([][]float64, d.uvarint(maxVectors))
		for i := range t.vecs {
			t.vecs[i] = d.floats(d.uvarint(uint64(len(d.b) / 8)))
		}
	case snapshotRecord:
		t.state = slices.Clone(d.b)
		d.b = nil
	default:
		d.err = errors.New("no such kind of record")
	}
	if d.err != nil || len(d.b) != 0 {
		return loggedTask{}, damaged(off, "the record does not decode")
	}
	return t, nil
}
