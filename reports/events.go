package reports

import (
	"bufio"
	"encoding/json"
	"io"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Event is one line of events.jsonl. The field order is the key order.
type Event struct {
	RunID   string `json:"run_id"`
	Date    string `json:"date"` // YYYY-MM-DD
	Kind    string `json:"kind"`
	Actor   string `json:"actor"`
	Summary string `json:"summary"`
	Cause   string `json:"cause"` // a decision's reason or an event's source; may be empty
}

// WriteEventsJSONL writes r.Log as JSON Lines, one [Event] object per entry
// in log order. HTML characters are not escaped, so summaries read as
// written.
func WriteEventsJSONL(w io.Writer, r *market.Result, runID string) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	dates := dateCache{r: r}
	for _, e := range r.Log {
		ev := Event{RunID: runID, Date: dates.format(e.Day), Kind: e.Kind, Actor: e.Actor, Summary: e.Summary, Cause: e.Cause}
		if err := enc.Encode(ev); err != nil {
			return err
		}
	}
	return bw.Flush()
}
