package study

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// TrajectoriesHeader is the header of trajectories.csv.gz, the long table
// of every run's monthly headline series that montecarlo --keep-runs
// writes: one row per run, month and series with a value (months where a
// series has no value are left out).
var TrajectoriesHeader = []string{"run", "date", "company", "segment", "metric", "value"}

// trajectoryRows appends the long-table rows of run i's cells to buf.
func (l *Layout) trajectoryRows(i int, cells []float64, buf []byte) []byte {
	run := strconv.Itoa(i)
	for s, se := range l.Series {
		for m := range l.Months {
			v := cells[l.Cell(s, m)]
			if math.IsNaN(v) {
				continue
			}
			buf = append(buf, run...)
			buf = append(buf, ',')
			buf = l.Date(m).AppendFormat(buf, time.DateOnly)
			buf = append(buf, ',')
			buf = append(buf, se.Company...)
			buf = append(buf, ',')
			buf = append(buf, se.Segment...)
			buf = append(buf, ',')
			buf = append(buf, se.Metric...)
			buf = append(buf, ',')
			buf = strconv.AppendFloat(buf, v, 'g', -1, 64)
			buf = append(buf, '\n')
		}
	}
	return buf
}

// TrajectoryWriter compresses the long table as runs are added in order.
// Its bytes depend only on the runs' values, so any --jobs gives the same
// file.
type TrajectoryWriter struct {
	gz *gzip.Writer
}

// NewTrajectoryWriter starts the table on w with its header.
func NewTrajectoryWriter(w io.Writer) (*TrajectoryWriter, error) {
	gz, err := gzip.NewWriterLevel(w, gzip.BestSpeed)
	if err != nil {
		return nil, err
	}
	cw := csv.NewWriter(gz)
	cw.Write(TrajectoriesHeader)
	cw.Flush()
	return &TrajectoryWriter{gz: gz}, cw.Error()
}

func (t *TrajectoryWriter) write(b []byte) error { _, err := t.gz.Write(b); return err }

// Close ends the compressed stream; it does not close the underlying writer.
func (t *TrajectoryWriter) Close() error { return t.gz.Close() }

// RunSeries is one run's monthly series, as read back from the table.
type RunSeries map[Series][]float64

// ReadTrajectories reads trajectories.csv.gz and calls keep(run) to ask
// whether to hold a run; it returns the kept runs' series over the months
// of l, by run index. name is used in errors.
func ReadTrajectories(name string, r io.Reader, l *Layout, keep func(run int) bool) (map[int]RunSeries, error) {
	gz, err := gzip.NewReader(bufio.NewReader(r))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer gz.Close()
	cr := csv.NewReader(gz)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = len(TrajectoriesHeader)
	if _, err := cr.Read(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	month := map[string]int{}
	for m := range l.Months {
		month[l.Date(m).Format(time.DateOnly)] = m
	}
	out := map[int]RunSeries{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		run, err := strconv.Atoi(rec[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: run %q is not a number", name, line, rec[0])
		}
		if !keep(run) {
			continue
		}
		m, ok := month[rec[1]]
		v, verr := strconv.ParseFloat(rec[5], 64)
		if !ok || verr != nil {
			return nil, fmt.Errorf("%s:%d: date %q or value %q is not of the study", name, line, rec[1], rec[5])
		}
		t := out[run]
		if t == nil {
			t = RunSeries{}
			out[run] = t
		}
		s := Series{rec[2], rec[3], rec[4]}
		if t[s] == nil {
			t[s] = make([]float64, len(l.Months))
			for k := range t[s] {
				t[s][k] = math.NaN()
			}
		}
		t[s][m] = v
	}
}
