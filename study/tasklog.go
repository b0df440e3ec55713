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
	"sync"
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
// StudyID); every other is a run: stage, index and the number of vectors
// (uvarints), then each vector's length (uvarint) and its float64s. Records
// are appended whole, in the order the runs finish; a resumed study
// appends after the records it read, so stages never decrease along the
// log. Only the last record can be torn (the process died while writing
// it): it is dropped and its run computed again. Anything else that does
// not read back (a length and its complement that disagree, a checksum
// that does not match, a body that does not decode, a run saved twice or
// out of its stage) is damage, an error wrapping ErrDamaged that names the
// record's offset: a single flipped byte anywhere is refused, never read as
// a different number. Writes need no fsync: a killed process's writes are
// in the system's cache; only a crash of the machine can lose them, and it
// loses whole pages at the end, which read back as a torn tail.

// ErrDamaged is wrapped by the errors of a task log that does not read
// back as it was written.
var ErrDamaged = errors.New("damaged")

// taskLogFormat versions the task log.
const taskLogFormat = 1

// taskLogHeader is the body of a task log's first record.
type taskLogHeader struct {
	Format int    `json:"checkpoint"`
	Study  string `json:"study"` // the command: sweep, sensitivity or compare
	ID     string `json:"id"`    // StudyID of what the study computes
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
	stage    int           // stages handed out so far
	Replayed int           // runs read back so far
}

// loggedTask is one run read back from a task log.
type loggedTask struct {
	stage, index int
	vecs         [][]float64
	off          int64
}

// NewTaskLog starts the task log of study kind with the given StudyID on
// w, which must be empty.
func NewTaskLog(w io.Writer, kind, id string) (*TaskLog, error) {
	body, err := json.Marshal(taskLogHeader{taskLogFormat, kind, id})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(appendRecord(nil, body)); err != nil {
		return nil, err
	}
	return &TaskLog{w: w}, nil
}

// SavedTasks is what ScanTaskLog found in a task log.
type SavedTasks struct {
	Study, ID string // from the header; empty when the header is torn
	Runs      int    // the runs saved in whole records
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
	out := &SavedTasks{Study: h.Study, ID: h.ID, End: rd.off}
	stage := 0
	for {
		t, err := rd.task()
		if errors.Is(err, errTorn) || errors.Is(err, io.EOF) {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		if t.stage < stage {
			return nil, damaged(t.off, "a run of stage %d after stage %d", t.stage, stage)
		}
		stage = t.stage
		out.Runs++
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
	return &TaskLog{w: w, rd: rd}, nil
}

// nextStage returns the number of the study's next stage.
func (l *TaskLog) nextStage() int {
	if l == nil {
		return 0
	}
	l.stage++
	return l.stage - 1
}

// replay hands keep every run the log saved for stage, each a run of
// tasks by index with vectors of the lengths in shape, and returns how
// many it handed. keep is called in the order the runs were saved.
func (l *TaskLog) replay(stage, tasks int, shape []int, keep func(i int, vecs [][]float64)) (int, error) {
	if l == nil {
		return 0, nil
	}
	seen, n := make([]bool, tasks), 0
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
		switch {
		case t.stage > stage:
			return n, nil
		case t.stage < stage:
			return n, damaged(t.off, "a run of stage %d after stage %d", t.stage, stage)
		case t.index >= tasks || seen[t.index]:
			return n, damaged(t.off, "run %d of stage %d: not a run of the study's stage, or saved twice", t.index, stage)
		case !fits(t.vecs, shape):
			return n, damaged(t.off, "run %d of stage %d does not have the study's numbers of values", t.index, stage)
		}
		seen[t.index] = true
		keep(t.index, t.vecs)
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
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	b := binary.AppendUvarint(l.buf[:0], uint64(stage))
	b = binary.AppendUvarint(b, uint64(index))
	b = binary.AppendUvarint(b, uint64(len(vecs)))
	for _, v := range vecs {
		b = binary.AppendUvarint(b, uint64(len(v)))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	rec := appendRecord(nil, b)
	l.buf = b
	_, l.err = l.w.Write(rec)
	return l.err
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
	r   *bufio.Reader
	off int64 // of the next record
	buf []byte
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
	if json.Unmarshal(body, &h) != nil || h.Format != taskLogFormat {
		return h, damaged(0, "not a checkpoint of this version")
	}
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
	t := loggedTask{off: off, stage: int(d.uvarint(math.MaxInt32)), index: int(d.uvarint(math.MaxInt32))}
	t.vecs = make([][]float64, d.uvarint(maxVectors))
	for i := range t.vecs {
		t.vecs[i] = d.floats(d.uvarint(uint64(len(d.b) / 8)))
	}
	if d.err != nil || len(d.b) != 0 {
		return loggedTask{}, damaged(off, "the record does not decode")
	}
	return t, nil
}
