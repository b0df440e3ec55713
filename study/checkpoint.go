package study

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
)

// A checkpoint saves every run of a Monte Carlo study as soon as it is
// computed, so that a process killed outright (SIGKILL, a node lost) loses
// at most the runs in flight, and --resume continues from the rest. It is
// a log: a header line (JSON) with the identity of the state it starts
// from, then one record per finished run, in the order runs finished:
//
//	length uint32 | shard run j (uvarint) | row (count, then each field's
//	length and bytes, uvarints) | cells (count, float64s) | outcomes
//	(count, float64s) | CRC-32 (IEEE) of all before it, uint32
//
// little-endian. A torn or damaged record ends the log: the runs after it
// are computed again. Writes need no fsync: a killed process's writes are
// in the system's cache; only a crash of the machine can lose them.

// checkpointFormat versions the checkpoint log.
const checkpointFormat = 1

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
	mu  sync.Mutex
	w   io.Writer
	buf []byte
	err error
}

// NewLog starts a checkpoint of st, as it is now, on w.
func NewLog(w io.Writer, st *State) (*Log, error) {
	b, err := json.Marshal(checkpointHeader{checkpointFormat, st.identity()})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
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
	b := append(l.buf[:0], 0, 0, 0, 0)
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
	binary.LittleEndian.PutUint32(b, uint32(len(b)+4)) // with the CRC
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	l.buf = b
	_, l.err = l.w.Write(b)
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
// another state (it is stale) or is empty. Runs after a gap (those in
// flight when the process died) and a torn or damaged tail are left out:
// Run computes them again. To continue the checkpoint, truncate it to End
// and append with AppendLog.
func (s *Study) Replay(r io.Reader, st *State) (*Replayed, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadBytes('\n')
	if err != nil {
		return nil, nil // not even a header: nothing was saved
	}
	var h checkpointHeader
	if json.Unmarshal(line, &h) != nil || h.Format != checkpointFormat || h.Base != st.identity() {
		return nil, nil
	}
	out := &Replayed{End: int64(len(line))}
	got := map[int]loggedRun{}
	width := len(s.Header())
	for {
		run, n, err := readRecord(br, s.Layout, width)
		if err != nil {
			break // the end, or a torn or damaged record
		}
		out.End += int64(n)
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

// AppendLog continues, on w, a checkpoint that Replay has read.
func AppendLog(w io.Writer) *Log { return &Log{w: w} }

// readRecord reads one record and checks its CRC and its sizes against
// the layout and the width of runs.csv.
func readRecord(r *bufio.Reader, l *Layout, width int) (loggedRun, int, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return loggedRun{}, 0, err
	}
	n := binary.LittleEndian.Uint32(head[:])
	if n < 8 || n > maxRecord {
		return loggedRun{}, 0, errors.New("bad record length")
	}
	b := make([]byte, n)
	copy(b, head[:])
	if _, err := io.ReadFull(r, b[4:]); err != nil {
		return loggedRun{}, 0, err
	}
	body, sum := b[:n-4], binary.LittleEndian.Uint32(b[n-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return loggedRun{}, 0, errors.New("bad record checksum")
	}
	d := decoder{b: body[4:]}
	run := loggedRun{j: int(d.uvarint(math.MaxInt32))}
	nf := int(d.uvarint(uint64(width)))
	for range nf {
		run.row = append(run.row, string(d.bytes(d.uvarint(uint64(len(d.b))))))
	}
	run.cells = d.floats(d.uvarint(uint64(l.Cells())))
	run.outcomes = d.floats(d.uvarint(uint64(len(l.Outcomes))))
	if d.err != nil || len(d.b) != 0 || nf != width || len(run.cells) != l.Cells() || len(run.outcomes) != len(l.Outcomes) {
		return loggedRun{}, 0, errors.New("record does not fit the study")
	}
	return run, int(n), nil
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
