package study

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
)

// A checkpoint saves every run of a Monte Carlo study as soon as it is
// computed, so that a process killed outright (SIGKILL, a node lost) loses
// at most the runs in flight, and --resume continues from the rest. It is
// a log of records framed as a TaskLog's are (length, its complement, body,
// CRC-32C; see tasklog.go): a header (JSON) with the identity of the state
// it starts from, then one record per finished run, in the order runs
// finished, whose body is
//
//	shard run j (uvarint) | row (count, then each field's length and
//	bytes, uvarints) | cells (count, float64s) | outcomes (count, float64s)
//
// little-endian. A torn last record ends the log: its run is computed
// again. A damaged record is refused (ErrDamaged), never read as other
// numbers. Writes need no fsync: a killed process's writes are in the
// system's cache; only a crash of the machine can lose them.

// checkpointFormat versions the checkpoint log. Format 1, a JSON header
// line and records without the length's complement, is read as stale.
const checkpointFormat = 2

// checkpointHeader is the log's first line.
type checkpointHeader struct {
	Format int      `json:"checkpoint"`
	Base   Identity `json:"base"`
}

// maxRecord bounds one record's length when reading: a run of the largest
// scenario has a few hundred thousand cells.
const maxRecord = 64 << 20

// Log is the writer of a checkpoint; Run appends to it. It is safe for
// concurrent use.
type Log struct {
	mu       sync.Mutex
	w        io.Writer
	buf, rec []byte
	err      error
}

// NewLog starts a checkpoint of st, as it is now, on w.
func NewLog(w io.Writer, st *State) (*Log, error) {
	b, err := json.Marshal(checkpointHeader{checkpointFormat, st.identity()})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(appendRecord(nil, b)); err != nil {
		return nil, err
	}
	return &Log{w: w}, nil
}

// add appends the record of the shard's j-th run. The first write error
// is kept and returned by every later call.
func (l *Log) add(j int, row []string, cells, outcomes []float64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return l.err
	}
	b := binary.AppendUvarint(l.buf[:0], uint64(j))
	b = binary.AppendUvarint(b, uint64(len(row)))
	for _, f := range row {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	for _, xs := range [][]float64{cells, outcomes} {
		b = binary.AppendUvarint(b, uint64(len(xs)))
		for _, x := range xs {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	l.buf = b
	l.rec = appendRecord(l.rec[:0], b)
	_, l.err = l.w.Write(l.rec)
	return l.err
}

// loggedRun is one run read back from a checkpoint.
type loggedRun struct {
	j               int
	row             []string
	cells, outcomes []float64
}

// Replayed is what Replay read from a checkpoint.
type Replayed struct {
	Rows [][]string // the rows of runs.csv of the runs added, in run order
	End  int64      // the length of the checkpoint up to its last whole record
}

// Replay adds to st, which must be the state the checkpoint on r started
// from, every run the checkpoint holds up to the first run it lacks. It
// returns nil, and changes nothing, when the checkpoint starts from
// another state or is of an earlier format (it is stale), or is empty.
// Runs after a gap (those in flight when the process died) and a torn
// last record are left out: Run computes them again. A damaged record is
// an error wrapping ErrDamaged, and st is left as it was. To continue the
// checkpoint, truncate it to End and append with AppendLog.
func (s *Study) Replay(r io.Reader, st *State) (*Replayed, error) {
	br := bufio.NewReader(r)
	if formatOne(br) {
		return nil, nil // a checkpoint of an earlier version
	}
	rd := newRecordReader(br)
	body, err := rd.next()
	if errors.Is(err, io.EOF) || errors.Is(err, errTorn) {
		return nil, nil // not even a header: nothing was saved
	} else if err != nil {
		return nil, err
	}
	var h checkpointHeader
	if json.Unmarshal(body, &h) != nil {
		return nil, damaged(0, "the header does not decode")
	}
	if h.Format != checkpointFormat || h.Base != st.identity() {
		return nil, nil
	}
	out := &Replayed{End: rd.off}
	got := map[int]loggedRun{}
	width := len(s.Header())
	for {
		off := rd.off
		body, err := rd.next()
		if errors.Is(err, io.EOF) || errors.Is(err, errTorn) {
			break
		} else if err != nil {
			return nil, err
		}
		run, err := decodeRun(body, s.Layout, width)
		if err != nil {
			return nil, damaged(off, "%v", err)
		}
		out.End = rd.off
		if run.j >= st.Done && run.j < st.ShardRuns {
			got[run.j] = run
		}
	}
	for {
		run, ok := got[st.Done]
		if !ok {
			break
		}
		if i := st.Shard.Run(run.j); run.row[0] != strconv.Itoa(i) {
			return nil, fmt.Errorf("the checkpoint's record of run %d says it is run %q", i, run.row[0])
		}
		st.Agg.add(run.cells, run.outcomes)
		st.Done++
		out.Rows = append(out.Rows, run.row)
	}
	return out, nil
}

// formatOne reports whether the checkpoint on r is of format 1: a JSON
// header line that says so. A damaged checkpoint of this format is not.
func formatOne(r *bufio.Reader) bool {
	head, _ := r.Peek(4096)
	line, _, ok := bytes.Cut(head, []byte("\n"))
	var h checkpointHeader
	return ok && json.Unmarshal(line, &h) == nil && h.Format == 1
}

// AppendLog continues, on w, a checkpoint that Replay has read.
func AppendLog(w io.Writer) *Log { return &Log{w: w} }

// decodeRun decodes the body of a run's record and checks its sizes
// against the layout and the width of runs.csv.
func decodeRun(body []byte, l *Layout, width int) (loggedRun, error) {
	d := decoder{b: body}
	run := loggedRun{j: int(d.uvarint(math.MaxInt32))}
	nf := int(d.uvarint(uint64(width)))
	for range nf {
		run.row = append(run.row, string(d.bytes(d.uvarint(uint64(len(d.b))))))
	}
	run.cells = d.floats(d.uvarint(uint64(l.Cells())))
	run.outcomes = d.floats(d.uvarint(uint64(len(l.Outcomes))))
	if d.err != nil || len(d.b) != 0 || nf != width || len(run.cells) != l.Cells() || len(run.outcomes) != len(l.Outcomes) {
		return loggedRun{}, errors.New("the record does not fit the study")
	}
	return run, nil
}

// decoder reads the fields of a record, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint(limit uint64) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 || v > limit {
		d.err = errors.New("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes(n uint64) []byte {
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errors.New("short record")
		return nil
	}
	out := d.b[:n]
	d.b = d.b[n:]
	return out
}

func (d *decoder) floats(n uint64) []float64 {
	b := d.bytes(8 * n)
	out := make([]float64, 0, n)
	for k := 0; k+8 <= len(b); k += 8 {
		out = append(out, math.Float64frombits(binary.LittleEndian.Uint64(b[k:])))
	}
	return slices.Clip(out)
}
