package reports

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// BandQuantiles are the quantiles of an ensemble's bands: P5, P25, P50
// (the median), P75 and P95.
var BandQuantiles = [5]float64{0.05, 0.25, 0.5, 0.75, 0.95}

// Band is the distribution of one metric at one date across the runs of
// an ensemble that recorded it.
type Band struct {
	Date                     time.Time
	Company, Segment, Metric string
	Runs                     uint64     // runs with a value
	P                        [5]float64 // at BandQuantiles
}

// Ensemble is what the ensemble reports show: the study's identity, its
// parameters, the bands and the final-year distributions.
type Ensemble struct {
	Scenario, Title string
	Hash            string // hex SHA-256 of the merged scenario
	Seed            uint64 // master seed
	Runs            int    // runs in the design
	Done            int    // runs the outputs hold; less than Runs for a shard or an interrupted study
	Shard           string // "k/n" for one shard of a sharded study, "" for the whole
	Sampling        string // how parameters were drawn, for people: "Latin hypercube" or "independent random draws"
	Companies       []market.CompanyInfo
	Segments        []market.SegmentInfo
	Params          []EnsembleParam
	Bands           []Band         // by date, then series
	Finals          []FinalOutcome // final-year outcomes
	FinalYear       int
	FinalMonths     int // months of FinalYear the runs settle
}

// EnsembleParam is a sampled scenario number, formatted for people.
type EnsembleParam struct {
	Path, Value, Low, High, Source string
	Aliases                        []string // other paths set to the same value
}

// FinalOutcome is the distribution of one run-level outcome over the final
// year: its quantiles at BandQuantiles and, for shares, a histogram.
type FinalOutcome struct {
	Company, Metric string
	Runs            uint64
	P               [5]float64
	Bins            []uint64 // counts over [0, 1] in equal bins; nil if not a share
}

var bandsHeader = []string{"date", "company", "segment", "metric", "runs", "p5", "p25", "p50", "p75", "p95"}

// WriteBandsCSV writes bands in tidy form, one row per band: date
// (YYYY-MM-DD of the settlement month), company, segment ([TotalSegment]
// for company totals), metric, the number of runs with a value, and P5, P25,
// P50, P75 and P95, formatted with the fewest digits that read back to
// the same float64.
func WriteBandsCSV(w io.Writer, bands []Band) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(bandsHeader); err != nil {
		return err
	}
	row := make([]string, len(bandsHeader))
	var last time.Time
	var date string
	for _, b := range bands {
		if date == "" || !b.Date.Equal(last) {
			last, date = b.Date, b.Date.Format(time.DateOnly)
		}
		row[0], row[1], row[2], row[3] = date, b.Company, b.Segment, b.Metric
		if b.Segment == "" {
			row[2] = TotalSegment
		}
		row[4] = strconv.FormatUint(b.Runs, 10)
		for i, v := range b.P {
			row[5+i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
