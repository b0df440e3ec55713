package study

import (
	"bytes"
	"context"
	"math"
	"slices"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// EnsembleContext runs a small Monte Carlo study of the scenario (runs
// runs from master seed, Latin hypercube sampling, no charts) and returns
// each runs.csv column's values, sorted, for placing one run's headlines
// (reports.Findings).
func EnsembleContext(ctx context.Context, open Opener, seed uint64, runs int, opt Options) (*reports.EnsembleContext, error) {
	s, err := New(open, seed, runs, LatinHypercube)
	if err != nil {
		return nil, err
	}
	st := s.Start(Whole)
	var buf bytes.Buffer
	if err := s.Run(ctx, st, &buf, opt); err != nil {
		return nil, err
	}
	table, err := ReadRuns("ensemble", &buf)
	if err != nil {
		return nil, err
	}
	out := &reports.EnsembleContext{Runs: len(table.Rows), Values: map[string][]float64{}}
	for j, name := range table.Header {
		col := make([]float64, 0, len(table.Rows))
		for _, row := range table.Rows {
			if !math.IsNaN(row[j]) {
				col = append(col, row[j])
			}
		}
		slices.Sort(col)
		out.Values[name] = col
	}
	return out, nil
}
