package study

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// ShareBins is the number of equal bins of the final-share histograms on
// [0, 1] (0.1 percentage point each): fine enough that the report can
// merge them into bins of the width the data call for (Freedman–Diaconis),
// even for a company whose share spreads over a point or two.
const ShareBins = 1000

// Aggregate is the streaming summary of an ensemble's runs: a [Sketch] per
// headline series and month, a Sketch per final-year outcome and a
// histogram of every provider's final-year revenue share. Its size depends
// on the layout, not on the number of runs, and its state only on which
// runs were added, not on their order.
type Aggregate struct {
	Runs     uint64 // runs added
	Layout   *Layout
	Cells    []Sketch   // at Layout.Cell(series, month)
	Outcomes []Sketch   // one per Layout.Outcomes
	Hist     [][]uint64 // per outcome: ShareBins counts for revenue shares, else nil
}

// NewAggregate returns an empty aggregate of layout l.
func NewAggregate(l *Layout) *Aggregate {
	a := &Aggregate{Layout: l, Cells: make([]Sketch, l.Cells()), Outcomes: make([]Sketch, len(l.Outcomes))}
	a.Hist = make([][]uint64, len(l.Outcomes))
	for i, o := range l.Outcomes {
		if o.Metric == market.MetricRevenueShare {
			a.Hist[i] = make([]uint64, ShareBins)
		}
	}
	return a
}

// add adds one run: its cells and its outcomes.
func (a *Aggregate) add(cells, outcomes []float64) {
	a.Runs++
	for i, v := range cells {
		a.Cells[i].Add(v)
	}
	for i, v := range outcomes {
		a.Outcomes[i].Add(v)
		if h := a.Hist[i]; h != nil && !math.IsNaN(v) {
			h[shareBin(v)]++
		}
	}
}

// shareBin returns the histogram bin of a share; shares outside [0, 1]
// count in the end bins.
func shareBin(v float64) int { return min(max(int(v*ShareBins), 0), ShareBins-1) }

// Merge adds the runs of o to a. The layouts must be equal.
func (a *Aggregate) Merge(o *Aggregate) error {
	if !a.Layout.equal(o.Layout) {
		return errors.New("the shards aggregate different series or months")
	}
	a.Runs += o.Runs
	for i := range a.Cells {
		a.Cells[i].Merge(&o.Cells[i])
	}
	for i := range a.Outcomes {
		a.Outcomes[i].Merge(&o.Outcomes[i])
		for b := range a.Hist[i] {
			a.Hist[i][b] += o.Hist[i][b]
		}
	}
	return nil
}

// aggregateFormat versions the encoding of Encode.
const aggregateFormat = 1

// Encode writes a in a binary form (encoding/gob) that DecodeAggregate reads.
func (a *Aggregate) Encode(w io.Writer) error {
	e := gob.NewEncoder(w)
	if err := e.Encode(aggregateFormat); err != nil {
		return err
	}
	return e.Encode(a)
}

// DecodeAggregate reads an aggregate written by Encode and checks that
// its parts fit its layout.
func DecodeAggregate(r io.Reader) (*Aggregate, error) {
	d := gob.NewDecoder(r)
	var format int
	if err := d.Decode(&format); err != nil {
		return nil, err
	}
	if format != aggregateFormat {
		return nil, fmt.Errorf("aggregate format %d; this version reads %d", format, aggregateFormat)
	}
	var a Aggregate
	if err := d.Decode(&a); err != nil {
		return nil, err
	}
	if a.Layout == nil || len(a.Cells) != a.Layout.Cells() || len(a.Outcomes) != len(a.Layout.Outcomes) || len(a.Hist) != len(a.Outcomes) {
		return nil, errors.New("aggregate does not match its layout")
	}
	for i, o := range a.Layout.Outcomes {
		share, n := o.Metric == market.MetricRevenueShare, len(a.Hist[i])
		switch {
		case share && n == 0: // not written: no runs yet
			a.Hist[i] = make([]uint64, ShareBins)
		case share && n != ShareBins, !share && n != 0:
			return nil, errors.New("aggregate histogram does not match its layout")
		case !share:
			a.Hist[i] = nil
		}
	}
	a.Layout.init()
	return &a, nil
}

// quantiles returns the sketch's values at reports.BandQuantiles.
func quantiles(s *Sketch) [5]float64 {
	var p [5]float64
	for i, q := range reports.BandQuantiles {
		p[i] = s.Quantile(q)
	}
	return p
}

// Bands returns the band of every series at every month that at least one
// run recorded, by month and then in layout order.
func (a *Aggregate) Bands() []reports.Band {
	l := a.Layout
	var out []reports.Band
	for m := range l.Months {
		date := l.Date(m)
		for s, se := range l.Series {
			c := &a.Cells[l.Cell(s, m)]
			if c.N == 0 {
				continue
			}
			out = append(out, reports.Band{Date: date, Company: se.Company, Segment: se.Segment, Metric: se.Metric, Runs: c.N, P: quantiles(c)})
		}
	}
	return out
}

// Finals returns the distributions of the final-year outcomes.
func (a *Aggregate) Finals() []reports.FinalOutcome {
	out := make([]reports.FinalOutcome, len(a.Outcomes))
	for i, o := range a.Layout.Outcomes {
		s := &a.Outcomes[i]
		out[i] = reports.FinalOutcome{Company: o.Company, Metric: o.Metric, Runs: s.N, P: quantiles(s)}
		if a.Hist[i] != nil {
			out[i].Bins = append([]uint64(nil), a.Hist[i]...)
		}
	}
	return out
}
