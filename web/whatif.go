package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// whatIfPage is the data of the what-if page.
type whatIfPage struct {
	Scenarios []scenarios.Entry
	Spec      runSpec
	Title     string
	Seed      uint64
	Groups    []controlGroup
	Run       *runJSON // nil when the run failed
	Error     string   // why there is no run
	Rows      []rowView
}

// controlGroup is a titled list of controls.
type controlGroup struct {
	Title, Note string
	Controls    []controlView
	Open        bool
}

// controlView is a control with the page's current value.
type controlView struct {
	control
	Current float64 // sliders
	Text    string  // the current value for people, or the date
	Changed bool
}

// rowView is one company's line of the headline table.
type rowView struct {
	ID, Name, Color                    string
	Share, BaseShare, Revenue, BaseRev float64
	Profit, BaseProfit                 float64
}

// handleWhatIf serves the what-if page: GET /whatif?scenario=&seed=&set=path=value...
func (s *Server) handleWhatIf(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	spec := runSpec{Scenario: cmpOr(q.Get("scenario"), "baseline"), Sets: q["set"]}
	if v := q.Get("seed"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			http.Error(w, "seed: want a whole number", http.StatusBadRequest)
			return
		}
		spec.Seed = n
	}
	base, err := open(runSpec{Scenario: spec.Scenario})
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	page := &whatIfPage{Scenarios: catalogue(), Spec: spec, Title: base.Title, Seed: spec.Seed}
	page.Groups = groups(controls(base.Opened), spec.Sets)
	ru, b, err := s.runWithBase(r.Context(), spec)
	switch {
	case err == nil:
		j := ru.json(b)
		page.Run = &j
		page.Seed = ru.Seed
		page.Rows = rows(j)
	case isBadRequest(err):
		page.Error = err.Error()
	case errors.Is(err, errBusy), errors.Is(err, context.DeadlineExceeded):
		page.Error = "the server is busy; the charts come when you move a slider, or reload in a moment"
	default:
		s.logf("what-if page: %v", err)
		page.Error = "the run failed: " + err.Error()
	}
	s.render(w, "whatif.html", page)
}

// groups sorts the controls into the page's sections with the values the
// overrides give them.
func groups(cs []control, sets []string) []controlGroup {
	given := map[string]string{}
	for _, x := range sets {
		p, v, _ := strings.Cut(x, "=")
		given[strings.TrimSpace(p)] = strings.TrimSpace(v)
	}
	gs := []controlGroup{
		{Title: "Main levers", Note: "Starting prices, capex plans and US export fees. Without a range of their own, they move from half to twice their value.", Open: true},
		{Title: "Policy dates", Note: "When each export-control or import rule takes effect."},
		{Title: "Ranged assumptions", Note: "Every number the scenario gives a range, within that range; the source says where the value comes from.", Open: true},
	}
	for _, c := range cs {
		v := controlView{control: c, Current: c.Value, Text: c.Shown}
		if c.Kind == "date" {
			v.Text = c.Date
		}
		if text, ok := given[c.Path]; ok {
			v.Changed = true
			v.Text = text
			if c.Kind != "date" {
				if x, err := scenarios.ParseQuantity(c.Unit, text); err == nil {
					v.Current = x
				}
			}
		}
		switch c.Kind {
		case "lever":
			gs[0].Controls = append(gs[0].Controls, v)
		case "date":
			gs[1].Controls = append(gs[1].Controls, v)
		default:
			gs[2].Controls = append(gs[2].Controls, v)
		}
	}
	return gs
}

// rows pairs the what-if's companies with the unchanged scenario's.
func rows(j runJSON) []rowView {
	var out []rowView
	for _, c := range j.Headline.Companies {
		r := rowView{ID: c.ID, Name: c.Name, Color: c.Color, Share: c.RevenueShare, Revenue: c.RevenueUSD, Profit: c.ProfitUSD}
		for _, b := range j.Base.Companies {
			if b.ID == c.ID {
				r.BaseShare, r.BaseRev, r.BaseProfit = b.RevenueShare, b.RevenueUSD, b.ProfitUSD
			}
		}
		out = append(out, r)
	}
	return out
}
