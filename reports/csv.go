package reports

import (
	"bufio"
	"bytes"
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
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(csvFields(metricsHeader...))
	bw.WriteByte('\n')
	prefix := csvFields(runID, r.Scenario, strconv.FormatUint(r.Seed, 10))
	dates := dateCache{r: r}
	roles := companyRoles(r)
	segs := make(map[string]*market.SegmentInfo, len(r.Segments))
	for i := range r.Segments {
		segs[r.Segments[i].ID] = &r.Segments[i]
	}
	// The company, role, segment, metric and unit of a series, as CSV.
	type series struct{ company, segment, metric string }
	middles := map[series][]byte{}
	var last series
	var middle, line []byte
	for _, rec := range r.Records {
		if k := (series{rec.Company, rec.Segment, rec.Metric}); middle == nil || k != last {
			m, ok := middles[k]
			if !ok {
				seg := rec.Segment
				if seg == "" {
					seg = TotalSegment
				}
				m = csvFields(rec.Company, roles[rec.Company], seg, rec.Metric, MetricUnit(rec.Metric, segs[rec.Segment]))
				middles[k] = m
			}
			last, middle = k, m
		}
		line = append(append(line[:0], prefix...), ',')
		line = append(append(line, dates.format(rec.Day)...), ',')
		line = append(append(line, middle...), ',')
		line = append(strconv.AppendFloat(line, rec.Value, 'g', -1, 64), '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// csvFields returns fields as one CSV record without its line end, each
// quoted as encoding/csv quotes it. A formatted number needs no quotes,
// nor does a date.
func csvFields(fields ...string) []byte {
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(fields) // a bytes.Buffer does not fail
	cw.Flush()
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
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
