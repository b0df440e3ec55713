package reports

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWriteMetricsCSV(t *testing.T) {
	r := tinyResult()
	var b bytes.Buffer
	if err := WriteMetricsCSV(&b, r, tinyRunID); err != nil {
		t.Fatal(err)
	}
	golden(t, "metrics.csv", b.Bytes())

	rows, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	if err != nil {
		t.Fatalf("output is not valid CSV: %v", err)
	}
	if len(rows) != len(r.Records)+1 {
		t.Fatalf("%d rows, want a header and %d records", len(rows), len(r.Records))
	}
	for i, rec := range r.Records {
		row := rows[i+1]
		if row[1] != r.Scenario {
			t.Fatalf("row %d: scenario %q, want %q (quoting lost?)", i+1, row[1], r.Scenario)
		}
		if want := r.Date(rec.Day).Format(time.DateOnly); row[3] != want {
			t.Errorf("row %d: date %s, want %s", i+1, row[3], want)
		}
		seg := rec.Segment
		if seg == "" {
			seg = TotalSegment
		}
		if row[4] != rec.Company || row[6] != seg || row[7] != rec.Metric {
			t.Errorf("row %d: %q, out of record order", i+1, row[4:8])
		}
		if want := map[bool]string{false: RoleProvider, true: RoleSupplier}[rec.Company == "chipco"]; rec.Company != "market" && row[5] != want {
			t.Errorf("row %d: %s has role %q, want %q", i+1, rec.Company, row[5], want)
		}
		if row[8] == "" && !strings.HasPrefix(rec.Metric, "tiny") && rec.Metric != "negative" {
			t.Errorf("row %d: metric %s has no unit", i+1, rec.Metric)
		}
		v, err := strconv.ParseFloat(row[9], 64)
		if err != nil || v != rec.Value {
			t.Errorf("row %d: value %q does not read back as %v", i+1, row[9], rec.Value)
		}
	}
}

// errWriter fails every write after n bytes.
type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errShort
	}
	w.n -= len(p)
	return len(p), nil
}

var errShort = &shortError{}

type shortError struct{}

func (*shortError) Error() string { return "disk full" }

func TestWritersReportWriteErrors(t *testing.T) {
	r := tinyResult()
	for _, tc := range []struct {
		name  string
		write func(w *errWriter) error
	}{
		{"csv", func(w *errWriter) error { return WriteMetricsCSV(w, r, tinyRunID) }},
		{"jsonl", func(w *errWriter) error { return WriteEventsJSONL(w, r, tinyRunID) }},
		{"summary", func(w *errWriter) error { return WriteSummary(w, r, Meta{RunID: tinyRunID}) }},
	} {
		if err := tc.write(&errWriter{n: 100}); err != errShort {
			t.Errorf("%s: error %v, want the writer's error: a failed write must not pass silently", tc.name, err)
		}
	}
}
