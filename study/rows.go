package study

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// rowReader reads the rows of one runs.csv, checking its header and that
// its rows are the runs of a shard in order.
type rowReader struct {
	name   string
	header []string
	r      *csv.Reader
	shard  Shard
	next   int // the shard's next run j
	done   int // rows the file must hold
}

func newRowReader(name string, r io.Reader, header []string, st *State) (*rowReader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	h, err := cr.Read()
	switch {
	case err == io.EOF:
		return nil, fmt.Errorf("%s: runs.csv is empty; it should start with a header", name)
	case err != nil:
		return nil, fmt.Errorf("%s: runs.csv: %w", name, err)
	case header != nil && !slices.Equal(h, header):
		return nil, fmt.Errorf("%s: runs.csv has the columns %q, want %q", name, h, header)
	}
	return &rowReader{name: name, header: slices.Clone(h), r: cr, shard: st.Shard, done: st.Done}, nil
}

// read returns the shard's next row, which must be its run i.
func (rr *rowReader) read() ([]string, error) {
	want := rr.shard.Run(rr.next)
	if rr.next >= rr.done {
		return nil, fmt.Errorf("%s: runs.csv asked for run %d beyond the %d done", rr.name, want, rr.done)
	}
	row, err := rr.r.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: runs.csv ends after %d rows; progress.json says %d runs are done", rr.name, rr.next, rr.done)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: runs.csv: %w", rr.name, err)
	}
	if got, err := strconv.Atoi(row[0]); err != nil || got != want {
		return nil, fmt.Errorf("%s: runs.csv row %d is run %q, want %d", rr.name, rr.next+2, row[0], want)
	}
	rr.next++
	return row, nil
}

// end checks that the file holds no more rows.
func (rr *rowReader) end() error {
	if _, err := rr.r.Read(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: runs.csv holds more than the %d runs progress.json says are done", rr.name, rr.done)
	}
	return nil
}

// CopyRows copies the runs.csv of state st from r to w, checking that it
// holds the header of study s and exactly the runs st has done, in order,
// so that Run can append the rest.
func (s *Study) CopyRows(w io.Writer, name string, r io.Reader, st *State) error {
	rr, err := newRowReader(name, r, s.Header(), st)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(s.Header()); err != nil {
		return err
	}
	for range st.Done {
		row, err := rr.read()
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	if err := rr.end(); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// RowsInput is one shard's runs.csv for MergeRows.
type RowsInput struct {
	Name  string
	State *State
	Rows  io.Reader
}

// MergeRows writes the runs.csv of the whole study from the shards' files,
// in run order, streaming. The shards must have passed Merge. All files
// must have the same header; each must hold exactly its shard's runs.
func MergeRows(w io.Writer, ins []RowsInput) error {
	if len(ins) == 0 {
		return errors.New("nothing to merge")
	}
	var header []string // the first file's, which all must have
	readers := make([]*rowReader, len(ins))
	for k, in := range ins {
		rr, err := newRowReader(in.Name, in.Rows, header, in.State)
		if err != nil {
			return err
		}
		readers[k], header = rr, rr.header
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	runs := ins[0].State.Runs
	for i := range runs {
		k := slices.IndexFunc(readers, func(rr *rowReader) bool { return rr.shard.Contains(i) })
		if k < 0 {
			return fmt.Errorf("no shard holds run %d", i)
		}
		row, err := readers[k].read()
		if err != nil {
			return err
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	for _, rr := range readers {
		if err := rr.end(); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
