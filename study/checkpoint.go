package study

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
)

// A checkpoint saves a Monte Carlo study as it goes, so that a process
// killed outright (SIGKILL, a node lost) loses at most the runs in flight,
// and --resume continues from the rest. It is a log of records framed as
// a TaskLog's are (length, its complement, body, CRC-32C; see tasklog.go):
//
//   - a header (JSON) with the identity of the state it starts from (the
//     study, its shard and the runs its output folder holds);
//   - a snapshot of the state: the runs done (the shard's first d), the
//     length and SHA-256 of runs.csv up to their rows, and the aggregate
//     of those runs (as Aggregate.Encode writes it);
//   - one record per run finished after the snapshot, in the order the
//     runs finished: its row of runs.csv, its cells and its outcomes.
//
// A run's record holds its monthly series (tens of kilobytes for the
// baseline), so the log would grow with the runs; instead, once the run
// records since the snapshot take twice the snapshot's bytes, the log is
// replaced, in one atomic step (LogFile.Replace), by a new header, a new
// snapshot and the records of the runs that finished but wait for an
// earlier one. The checkpoint therefore stays under about three snapshots
// (the aggregate, whose size depends on the layout, not on the runs) plus
// a record per run in flight, whatever the number of runs, and a run is
// never lost once its record is written.
//
// The bodies are little-endian: a snapshot is
//
//	'S' | done (uvarint) | runs.csv bytes (uvarint) | runs.csv SHA-256 (32 bytes) | aggregate
//
// and a run is
//
//	'R' | shard run j (uvarint) | row (count, then each field's length and
//	bytes, uvarints) | cells (count, float64s) | outcomes (count, float64s).
//
// A torn last record ends the log: its run is computed again. A damaged
// record is refused (ErrDamaged), never read as other numbers; so is a
// runs.csv whose first bytes are not those the snapshot recorded. Writes
// need no fsync: a killed process's writes are in the system's cache; only
// a crash of the machine can lose them.

// checkpointFormat versions the checkpoint log. Format 1 (a JSON header
// line) and format 2 (a record per run, without snapshots) are read as
// stale.
const checkpointFormat = 3

// checkpointHeader is the log's first record.
type checkpointHeader struct {
	Format int      `json:"checkpoint"`
	Base   Identity `json:"base"`
}

// The kinds of record after the header.
const (
	snapshotRecord = 'S'
	runRecord      = 'R'
)

// maxRecord bounds one record's length when reading: a run of the largest
// scenario has a few hundred thousand cells, and a snapshot holds a sketch
// per cell. A snapshot that would be longer is not written (see
// Log.snapshot). Tests lower it.
var maxRecord = 256 << 20

// LogFile is the file a checkpoint is written to. Write appends to it;
// Replace replaces its whole content by b in one atomic step (a process
// that dies meanwhile leaves the old content or the new, never a mix), and
// the writes after it append to the new content.
type LogFile interface {
	io.Writer
	Replace(b []byte) error
}

// Log is the writer of a checkpoint; set it as Options.Log. Run uses it
// from one goroutine; it is not safe for concurrent use.
type Log struct {
	f     LogFile
	rows  *SumWriter // runs.csv, as Run writes it
	head  []byte     // the header record
	snap  int64      // the bytes of the last snapshot's record
	since int64      // the bytes of the run records after it
	buf   []byte
	err   error
}

// NewLog starts, on f, a checkpoint of st, as it is now, whose runs.csv
// is written through rows: it replaces f's content with a header and a
// snapshot of st. rows must hold the header and the rows of st's runs,
// or nothing if st has none.
func NewLog(f LogFile, st *State, rows *SumWriter) (*Log, error) {
	b, err := json.Marshal(checkpointHeader{checkpointFormat, st.identity()})
	if err != nil {
		return nil, err
	}
	l := &Log{f: f, rows: rows, head: appendRecord(nil, b)}
	if err := l.snapshot(st, nil); err != nil {
		return nil, err
	}
	return l, nil
}

// ResumeLog continues, on f, the checkpoint that Replay read as rep: f
// holds the checkpoint cut after its last whole record, and rows is
// runs.csv holding the rows of every run the replayed state has done (see
// Replayed.ContinueRows).
func ResumeLog(f LogFile, rep *Replayed, rows *SumWriter) *Log {
	return &Log{f: f, rows: rows, head: rep.head, snap: rep.snap, since: rep.since}
}

// due reports whether the run records since the last snapshot take twice
// its bytes, so that the next snapshot should replace them.
func (l *Log) due() bool { return l.since >= 2*l.snap }

// snapshot replaces the checkpoint by a header, a snapshot of st and the
// records of the runs in waiting, which finished but are not in st yet.
// The rows of st's runs must have been written to l.rows.
func (l *Log) snapshot(st *State, waiting map[int]*result) error {
	if l.err != nil {
		return l.err
	}
	var agg bytes.Buffer
	if l.err = st.Agg.Encode(&agg); l.err != nil {
		return l.err
	}
	n, sum := l.rows.Sum()
	body := binary.AppendUvarint([]byte{snapshotRecord}, uint64(st.Done))
	body = binary.AppendUvarint(body, uint64(n))
	body = append(body, sum[:]...)
	body = append(body, agg.Bytes()...)
	switch {
	case len(body) > maxRecord && l.snap == 0:
		l.err = fmt.Errorf("the study's aggregate takes %d bytes, more than a checkpoint can hold (%d)", len(body), maxRecord)
		return l.err
	case len(body) > maxRecord:
		// Too large to read back: keep the last snapshot and the runs
		// after it, and try again after as many bytes of runs again.
		l.snap = int64(len(body))
		return nil
	}
	b := appendRecord(slices.Clone(l.head), body)
	l.snap, l.since = int64(len(b)-len(l.head)), 0
	for _, j := range slices.Sorted(maps.Keys(waiting)) {
		r := waiting[j]
		rec := l.record(r.j, r.row, r.cells, r.outcomes)
		l.since += int64(len(rec))
		b = append(b, rec...)
	}
	l.err = l.f.Replace(b)
	return l.err
}

// record returns the record of the shard's j-th run, in a buffer that the
// next call reuses.
func (l *Log) record(j int, row []string, cells, outcomes []float64) []byte {
	b := append(l.buf[:0], runRecord)
	b = binary.AppendUvarint(b, uint64(j))
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
	return appendRecord(nil, b)
}

// add appends the record of the shard's j-th run. The first write error
// is kept and returned by every later call.
func (l *Log) add(j int, row []string, cells, outcomes []float64) error {
	if l.err != nil {
		return l.err
	}
	rec := l.record(j, row, cells, outcomes)
	l.since += int64(len(rec))
	_, l.err = l.f.Write(rec)
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
	Rows [][]string // the rows of runs.csv of the runs added after the snapshot, in run order
	End  int64      // the length of the checkpoint up to its last whole record
	// RowsBytes and RowsSHA256 are the length of runs.csv at the
	// snapshot and the SHA-256 of those bytes: the header and the rows
	// of the snapshot's runs.
	RowsBytes  int64
	RowsSHA256 [32]byte

	head        []byte // the header record
	snap, since int64  // the bytes of the snapshot and of the run records after it
}

// Replay sets st, which must be the state the checkpoint on r started
// from, to the checkpoint's snapshot and adds every run recorded after it
// up to the first run it lacks. It returns nil, and changes nothing, when
// the checkpoint starts from another state or is of an earlier format (it
// is stale), or holds no whole snapshot. Runs after a gap (those in flight
// when the process died) and a torn last record are left out: Run
// computes them again. A damaged record is an error wrapping ErrDamaged,
// and st is left as it was. To continue the checkpoint, check runs.csv
// with ContinueRows, truncate the checkpoint to End and continue it with
// ResumeLog.
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
	out := &Replayed{head: appendRecord(nil, body)}
	off := rd.off
	body, err = rd.next()
	if errors.Is(err, io.EOF) || errors.Is(err, errTorn) {
		return nil, nil // no snapshot: nothing was saved
	} else if err != nil {
		return nil, err
	}
	snap, err := s.decodeSnapshot(body, st, out)
	if err != nil {
		return nil, damaged(off, "%v", err)
	}
	out.End, out.snap = rd.off, rd.off-off
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
		if run.j >= snap.Done && run.j < st.ShardRuns {
			got[run.j] = run
		}
	}
	out.since = out.End - off - out.snap
	for {
		run, ok := got[snap.Done]
		if !ok {
			break
		}
		if i := st.Shard.Run(run.j); run.row[0] != strconv.Itoa(i) {
			return nil, fmt.Errorf("the checkpoint's record of run %d says it is run %q", i, run.row[0])
		}
		snap.Agg.add(run.cells, run.outcomes)
		snap.Done++
		out.Rows = append(out.Rows, run.row)
	}
	*st = *snap
	return out, nil
}

// decodeSnapshot decodes the body of a snapshot of a state that continues
// base, and records its runs.csv in out.
func (s *Study) decodeSnapshot(body []byte, base *State, out *Replayed) (*State, error) {
	d := decoder{b: body}
	if k := d.bytes(1); d.err != nil || k[0] != snapshotRecord {
		return nil, errors.New("not a snapshot")
	}
	done := int(d.uvarint(uint64(base.ShardRuns)))
	out.RowsBytes = int64(d.uvarint(math.MaxInt64))
	copy(out.RowsSHA256[:], d.bytes(32))
	if d.err != nil || done < base.Done {
		return nil, errors.New("the snapshot does not fit the study")
	}
	agg, err := DecodeAggregate(bytes.NewReader(d.b))
	if err != nil {
		return nil, fmt.Errorf("the snapshot's aggregate: %v", err)
	}
	if !s.Layout.equal(agg.Layout) || agg.Runs != uint64(done) {
		return nil, errors.New("the snapshot's aggregate does not fit the study")
	}
	st := *base
	st.Agg, st.Done = agg, done
	return &st, nil
}

// formatOne reports whether the checkpoint on r is of format 1: a JSON
// header line that says so. A damaged checkpoint of this format is not.
func formatOne(r *bufio.Reader) bool {
	head, _ := r.Peek(4096)
	line, _, ok := bytes.Cut(head, []byte("\n"))
	var h checkpointHeader
	return ok && json.Unmarshal(line, &h) == nil && h.Format == 1
}

// decodeRun decodes the body of a run's record and checks its sizes
// against the layout and the width of runs.csv.
func decodeRun(body []byte, l *Layout, width int) (loggedRun, error) {
	d := decoder{b: body}
	if k := d.bytes(1); d.err != nil || k[0] != runRecord {
		return loggedRun{}, errors.New("not a run's record")
	}
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
