package reports

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"
)

func TestWriteEventsJSONL(t *testing.T) {
	r := tinyResult()
	var b bytes.Buffer
	if err := WriteEventsJSONL(&b, r, tinyRunID); err != nil {
		t.Fatal(err)
	}
	golden(t, "events.jsonl", b.Bytes())

	sc := bufio.NewScanner(&b)
	n := 0
	for sc.Scan() {
		var ev Event
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&ev); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		e := r.Log[n]
		if ev.RunID != tinyRunID || ev.Date != r.Date(e.Day).Format("2006-01-02") || ev.Kind != e.Kind ||
			ev.Actor != e.Actor || ev.Summary != e.Summary || ev.Cause != e.Cause {
			t.Errorf("line %d = %+v, does not match log entry %+v", n+1, ev, e)
		}
		n++
	}
	if n != len(r.Log) {
		t.Errorf("%d lines, want one per log entry (%d)", n, len(r.Log))
	}
}
