package reports

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// metricsHeader is the header row of [WriteMetricsCSV].
var metricsHeader = []string{"run_id", "scenario", "seed", "date", "company", "role", "segment", "metric", "unit", "value"}

// WriteMetricsCSV writes r.Records as tidy long-format CSV, one row per
// record in the order the run produced them: run_id, scenario, seed, date
// (YYYY-MM-DD of the settlement month), company, role (provider, supplier
// or market), segment ([TotalSegment] for company totals, a chip id for
// chip metrics), metric, unit (see [MetricUnit]) and value. Values are
// formatted with the fewest digits that read back to the same float64, so
// the output is byte-stable.
func WriteMetricsCSV(w io.Writer, r *market.Result, runID string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(metricsHeader); err != nil {
		return err
	}
	seed := strconv.FormatUint(r.Seed, 10)
	dates := dateCache{r: r}
	roles := companyRoles(r)
	segs := make(map[string]*market.SegmentInfo, len(r.Segments))
	for i := range r.Segments {
		segs[r.Segments[i].ID] = &r.Segments[i]
	}
	row := make([]string, len(metricsHeader))
	for _, rec := range r.Records {
		row[0], row[1], row[2] = runID, r.Scenario, seed
		row[3] = dates.format(rec.Day)
		row[4], row[5], row[6], row[7] = rec.Company, roles[rec.Company], rec.Segment, rec.Metric
		if rec.Segment == "" {
			row[6] = TotalSegment
		}
		row[8] = MetricUnit(rec.Metric, segs[rec.Segment])
		row[9] = strconv.FormatFloat(rec.Value, 'g', -1, 64)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// dateCache formats the date of a day, remembering the last one: records
// come in runs of the same day.
type dateCache struct {
	r    *market.Result
	day  market.Day
	text string
}

func (c *dateCache) format(d market.Day) string {
	if c.text == "" || d != c.day {
		c.day, c.text = d, c.r.Date(d).Format(time.DateOnly)
	}
	return c.text
}
