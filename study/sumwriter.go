package study

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"io"
)

// SumWriter passes writes on to W, counting their bytes and hashing them
// with SHA-256, so that a checkpoint can record how far a file it writes
// (runs.csv) is valid, and a resumed study can check it.
type SumWriter struct {
	W io.Writer
	n int64
	h hash.Hash
}

// NewSumWriter returns a SumWriter on w that has written nothing.
func NewSumWriter(w io.Writer) *SumWriter { return &SumWriter{W: w, h: sha256.New()} }

// Write writes p to W and counts and hashes the bytes written.
func (s *SumWriter) Write(p []byte) (int, error) {
	n, err := s.W.Write(p)
	s.h.Write(p[:n])
	s.n += int64(n)
	return n, err
}

// Sum returns the number of bytes written and their SHA-256.
func (s *SumWriter) Sum() (int64, [32]byte) {
	var sum [32]byte
	s.h.Sum(sum[:0])
	return s.n, sum
}

// ContinueRows checks that r, runs.csv as the checkpoint's process left
// it, begins with the RowsBytes bytes whose SHA-256 the snapshot recorded,
// and returns a SumWriter on w that has counted and hashed them: w must
// write after them (truncate the file to RowsBytes). Only the bytes up to
// RowsBytes are read. The error says how the file differs.
func (rep *Replayed) ContinueRows(r io.Reader, w io.Writer) (*SumWriter, error) {
	sw := NewSumWriter(io.Discard)
	n, err := io.Copy(sw, io.LimitReader(r, rep.RowsBytes))
	if err != nil {
		return nil, err
	}
	if n < rep.RowsBytes {
		return nil, fmt.Errorf("%w: it holds %d bytes, the checkpoint saved %d", ErrDamaged, n, rep.RowsBytes)
	}
	if _, sum := sw.Sum(); !bytes.Equal(sum[:], rep.RowsSHA256[:]) {
		return nil, fmt.Errorf("%w: its first %d bytes are not those the checkpoint saved", ErrDamaged, rep.RowsBytes)
	}
	sw.W = w
	return sw, nil
}

// WriteReplayed appends to w, runs.csv continued by ContinueRows, the
// rows of the runs Replay added after the snapshot, with the header first
// if w is at the start of the file.
func (s *Study) WriteReplayed(w *SumWriter, rep *Replayed) error {
	if len(rep.Rows) == 0 {
		return nil
	}
	cw := csv.NewWriter(w)
	if n, _ := w.Sum(); n == 0 {
		cw.Write(s.Header())
	}
	cw.WriteAll(rep.Rows)
	return cw.Error()
}

// errRowsWriter says Run was given rows other than its log's.
var errRowsWriter = errors.New("internal error: with Options.Log, Run must write runs.csv to the log's SumWriter")
