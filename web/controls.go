package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// control is one input of the what-if page: a slider for a number, or a
// date. Numbers are in the canonical unit of Unit; the page writes a
// value as Prefix + number + Suffix, which the scenario loader reads back
// exactly.
type control struct {
	Path    string  `json:"path"`
	Kind    string  `json:"kind"` // "range" (a ranged number), "lever" (a main lever) or "date"
	Unit    string  `json:"unit"`
	Value   float64 `json:"value"` // the unchanged scenario's value
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
	Step    float64 `json:"step"`
	Prefix  string  `json:"prefix,omitempty"`
	Suffix  string  `json:"suffix,omitempty"`
	Percent bool    `json:"percent,omitempty"` // show as a percentage
	Shown   string  `json:"shown"`             // the value for people, e.g. "1.8 TB/s"
	Range   string  `json:"range,omitempty"`   // the range for people
	Source  string  `json:"source,omitempty"`
	Label   string  `json:"label,omitempty"` // dates: the event's summary
	Date    string  `json:"date,omitempty"`  // dates: YYYY-MM-DD
	MinDate string  `json:"min_date,omitempty"`
	MaxDate string  `json:"max_date,omitempty"`
}

// controls lists the inputs of scenario o: every ranged number, the main
// levers, and the dates of the policy events.
func controls(o *scenarios.Opened) []control {
	var out []control
	for _, p := range study.Params(o.Scenario) {
		if !p.Fixed() {
			out = append(out, numberControl(p, "range"))
		}
	}
	for _, p := range study.Levers(o.Scenario) {
		out = append(out, numberControl(p, "lever"))
	}
	start := o.Start.Day
	end := o.End.Day
	for i, e := range o.Events {
		if e.Kind.Value != "policy" || !e.Date.Present() {
			continue
		}
		out = append(out, control{Path: "events." + strconv.Itoa(i) + ".date", Kind: "date", Label: e.Summary,
			Source: e.Source, Date: e.Date.String(), Shown: e.Date.String(),
			MinDate: start.Format(time.DateOnly), MaxDate: end.Format(time.DateOnly)})
	}
	return out
}

// numberControl is the slider of a number.
func numberControl(p study.Param, kind string) control {
	c := control{Path: p.Path, Kind: kind, Unit: p.Unit, Value: p.Value, Low: p.Low, High: p.High,
		Shown: p.Format(p.Value), Source: p.Source}
	c.Range = p.Format(p.Low) + " to " + p.Format(p.High)
	c.Step = (p.High - p.Low) / 100
	if p.Unit == "count" {
		c.Step = max(1, float64(int(c.Step)))
	}
	// The canonical writing, as study.Param.SetValue does: "$0.45", "700GB/s".
	w := p.SetValue(1)
	i := strings.Index(w, "1")
	c.Prefix, c.Suffix = w[:i], w[i+1:]
	c.Percent = p.Unit == "fraction"
	return c
}
