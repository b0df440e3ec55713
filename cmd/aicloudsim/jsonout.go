package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// The JSON outputs (-o json) follow kubectl's conventions: one JSON
// document on stdout, a list as {"kind": "...List", "items": [...]},
// lower-case snake_case keys, numbers in the units their key names, null
// for a figure that is unknown; status lines and errors stay on stderr.

// jsonList is a kubectl-style list.
type jsonList[T any] struct {
	Kind  string `json:"kind"`
	Items []T    `json:"items"`
}

// num returns v, or nil for NaN and infinities, which JSON cannot hold.
func num(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

type scenarioJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

type chipJSON struct {
	ID                  string   `json:"id"`
	Name                string   `json:"name"`
	Vendor              string   `json:"vendor"`
	Origin              string   `json:"origin"`
	HBMGB               float64  `json:"hbm_gb"`
	MemoryBandwidthGBps float64  `json:"memory_bandwidth_gbps"`
	InterconnectGBps    float64  `json:"interconnect_gbps"`
	BF16TFLOPS          float64  `json:"bf16_tflops"`
	FP8TFLOPS           *float64 `json:"fp8_tflops"` // null: not supported
	TDPW                float64  `json:"tdp_w"`
	PriceUSD            float64  `json:"price_usd"`
	LifetimeYears       float64  `json:"lifetime_years"`
	Launch              string   `json:"launch,omitempty"` // YYYY-MM-DD; empty when on sale from the start
	Policy              string   `json:"policy,omitempty"` // the rules in China at the start
}

type modelJSON struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Owner         string  `json:"owner"`
	Serves        string  `json:"serves"`
	Capability    float64 `json:"capability"`
	OpenWeights   bool    `json:"open_weights"`
	Release       string  `json:"release,omitempty"`
	TotalParamsB  float64 `json:"total_params_b"`
	ActiveParamsB float64 `json:"active_params_b"`
}

type companyJSON struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Role  string   `json:"role"`            // provider, western provider or supplier
	Owner string   `json:"owner,omitempty"` // a supplier's owning provider
	Sells []string `json:"sells"`           // segment ids (providers) or chip ids (suppliers)
}

// chipItems returns the chips of l.
func chipItems(l *loaded) []chipJSON {
	cfg := l.cfg
	items := []chipJSON{}
	for i, c := range cfg.Chips {
		j := chipJSON{ID: c.ID, Name: c.Name, Vendor: c.Vendor, Origin: string(c.Origin), HBMGB: c.HBMGB,
			MemoryBandwidthGBps: c.MemoryBandwidthGBps, InterconnectGBps: c.InterconnectGBps, BF16TFLOPS: c.BF16TFLOPS,
			TDPW: c.TDPW, PriceUSD: c.PriceUSD, LifetimeYears: c.LifetimeYears}
		if c.FP8TFLOPS > 0 {
			j.FP8TFLOPS = &c.FP8TFLOPS
		}
		if i < len(cfg.ChipLaunch) && cfg.ChipLaunch[i] > 0 {
			j.Launch = market.Calendar{Start: cfg.Start}.Date(cfg.ChipLaunch[i]).Format(time.DateOnly)
		}
		if i < len(cfg.Policy) {
			j.Policy = policy(c.Origin == hardware.Domestic, cfg.Policy[i])
		}
		items = append(items, j)
	}
	return items
}

// listJSON writes what `list` lists as a kubectl-style list.
func listJSON(w io.Writer, what string, l *loaded) error {
	switch what {
	case "scenarios":
		items := []scenarioJSON{}
		for _, e := range scenarios.Catalogue() {
			items = append(items, scenarioJSON{e.Name, e.Title})
		}
		return writeJSON(w, jsonList[scenarioJSON]{"ScenarioList", items})
	case "chips":
		return writeJSON(w, jsonList[chipJSON]{"ChipList", chipItems(l)})
	case "models":
		cfg := l.cfg
		items := []modelJSON{}
		for _, m := range cfg.Models {
			j := modelJSON{ID: m.ID, Name: m.Name, Owner: cfg.Providers[m.Owner].ID, Serves: m.Serves, Capability: m.Capability,
				OpenWeights: m.Open, TotalParamsB: m.Workload.TotalParamsB, ActiveParamsB: m.Workload.ActiveParamsB}
			if spec := l.Scenario.Models[m.ID]; spec != nil {
				j.Release = spec.Release.String()
			}
			items = append(items, j)
		}
		return writeJSON(w, jsonList[modelJSON]{"ModelList", items})
	case "companies":
		cfg := l.cfg
		items := []companyJSON{}
		for _, p := range cfg.Providers {
			j := companyJSON{ID: p.ID, Name: p.Name, Role: "provider", Sells: []string{}}
			if p.Western {
				j.Role = "western provider"
			}
			for s, ok := range p.Serves {
				if ok {
					j.Sells = append(j.Sells, cfg.Segments[s].ID)
				}
			}
			items = append(items, j)
		}
		for _, s := range cfg.Suppliers {
			j := companyJSON{ID: s.ID, Name: s.Name, Role: "supplier", Sells: []string{}}
			if s.Owner >= 0 {
				j.Owner = cfg.Providers[s.Owner].ID
			}
			for _, c := range s.Chips {
				j.Sells = append(j.Sells, cfg.Chips[c].ID)
			}
			items = append(items, j)
		}
		return writeJSON(w, jsonList[companyJSON]{"CompanyList", items})
	}
	return fmt.Errorf("nothing to list as %q", what)
}

type servingJSON struct {
	Chip               string   `json:"chip"`
	Model              string   `json:"model"`
	Unit               string   `json:"unit"`
	ReplicaChips       int      `json:"replica_chips"`
	Batch              int      `json:"batch"`
	StepSeconds        *float64 `json:"step_seconds"`
	Bound              string   `json:"bound"`
	Precision          string   `json:"precision"`
	SLOMet             bool     `json:"slo_met"`
	UnitsPerSecPerChip *float64 `json:"units_per_sec_per_chip"`
	ChipHourUSD        *float64 `json:"chip_hour_usd"`
	USDPerMillionUnits *float64 `json:"usd_per_million_units"`
	Error              string   `json:"error,omitempty"` // why the pair cannot be served
}

type costsJSON struct {
	ElectricityUSDPerKWh   float64 `json:"electricity_usd_per_kwh"`
	PUE                    float64 `json:"pue"`
	OverheadUSDPerChipHour float64 `json:"overhead_usd_per_chip_hour"`
	ComputeEfficiency      float64 `json:"compute_efficiency"`
	MemoryEfficiency       float64 `json:"memory_efficiency"`
	HBMReserveFraction     float64 `json:"hbm_reserve_fraction"`
}

// hardwareJSON is what `explain hardware -o json` prints.
type hardwareJSON struct {
	Kind    string        `json:"kind"`
	Chips   []chipJSON    `json:"chips"`
	Costs   costsJSON     `json:"costs"`
	Serving []servingJSON `json:"serving"`
}

// explainHardwareJSON writes the chips, costs and serving table as JSON.
func explainHardwareJSON(w io.Writer, l *loaded) error {
	k := l.cfg.Costs
	out := hardwareJSON{Kind: "HardwareExplanation", Chips: chipItems(l), Serving: []servingJSON{},
		Costs: costsJSON{k.ElectricityUSDPerKWh, k.PUE, k.OverheadUSDPerChipHour, k.ComputeEfficiency, k.MemoryEfficiency, k.HBMReserveFraction}}
	for _, s := range servingTable(l.cfg) {
		out.Serving = append(out.Serving, servingJSON{Chip: s.Chip, Model: s.Workload, Unit: s.Kind.String(),
			ReplicaChips: s.ReplicaChips, Batch: s.Batch, StepSeconds: num(s.StepSeconds), Bound: string(s.Bound),
			Precision: s.Precision, SLOMet: s.SLOMet, UnitsPerSecPerChip: num(s.UnitsPerSecPerChip),
			ChipHourUSD: num(s.ChipHourUSD), USDPerMillionUnits: num(s.USDPerMillionUnits), Error: s.Err})
	}
	return writeJSON(w, out)
}

// explainScenarioJSON writes the merged scenario as JSON: the same tree
// as the YAML, in the same key order, with readable strings ("$90B") kept
// as written and year keys (2026:) as strings.
func explainScenarioJSON(w io.Writer, l *loaded) error {
	b, err := l.Tree.Marshal()
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	var flat bytes.Buffer
	if err := nodeJSON(&flat, &doc, 0); err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, flat.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

// maxNodeDepth bounds the recursion of nodeJSON; the loader already caps
// a scenario's nesting far below it.
const maxNodeDepth = 200

// nodeJSON writes the YAML node n as compact JSON.
func nodeJSON(b *bytes.Buffer, n *yaml.Node, depth int) error {
	if depth > maxNodeDepth {
		return errors.New("scenario nested too deeply to write as JSON")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			b.WriteString("null")
			return nil
		}
		return nodeJSON(b, n.Content[0], depth+1)
	case yaml.AliasNode:
		return nodeJSON(b, n.Alias, depth+1)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := nodeJSON(b, c, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := plainJSON(b, n.Content[i].Value); err != nil {
				return err
			}
			b.WriteByte(':')
			if err := nodeJSON(b, n.Content[i+1], depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return err
	}
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) || n.Tag == "!!timestamp" {
		v = n.Value // dates, .nan and .inf stay as written
	}
	return plainJSON(b, v)
}

// plainJSON writes v as compact JSON without escaping <, > and &, which
// sources quote.
func plainJSON(b *bytes.Buffer, v any) error {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

type fitJSON struct {
	Target        string   `json:"target"`
	Kind          string   `json:"kind"`
	Company       string   `json:"company,omitempty"`
	Segment       string   `json:"segment,omitempty"`
	From          string   `json:"from"`
	To            string   `json:"to"`
	Value         float64  `json:"value"`
	Simulated     *float64 `json:"simulated"`
	Error         *float64 `json:"error"`          // simulated − value, in the target's unit
	RelativeError *float64 `json:"relative_error"` // error / |value|
	Months        int      `json:"months"`
	Source        string   `json:"source"`
}

// writeFitJSON writes the calibration table as JSON.
func writeFitJSON(w io.Writer, l *loaded, seed uint64, rows []market.FitRow) error {
	cal := market.Calendar{Start: l.cfg.Start}
	items := []fitJSON{}
	for _, r := range rows {
		t := r.Target
		items = append(items, fitJSON{Target: t.Name, Kind: string(t.Kind), Company: t.Company, Segment: t.Segment,
			From: cal.Date(t.From).Format(time.DateOnly), To: cal.Date(t.To).Format(time.DateOnly), Value: t.Value,
			Simulated: num(r.Simulated), Error: num(r.Error), RelativeError: num(r.RelError), Months: r.Months, Source: t.Source})
	}
	return writeJSON(w, struct {
		Kind     string    `json:"kind"`
		Scenario string    `json:"scenario"`
		Seed     uint64    `json:"seed"`
		Items    []fitJSON `json:"items"`
	}{"CalibrationList", l.Name, seed, items})
}

// problemJSON is one problem of a scenario, as go vet -json gives a
// diagnostic: its position both whole ("posn") and in parts.
type problemJSON struct {
	Posn    string `json:"posn,omitempty"` // file:line:col
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"` // the scenario path the problem is at, when the message names one
	Message string `json:"message"`
}

// validationJSON is one scenario's result in `validate -o json`.
type validationJSON struct {
	Scenario string        `json:"scenario"`
	Valid    bool          `json:"valid"`
	Errors   []problemJSON `json:"errors"`
}

// pathPrefix matches a message that starts with the scenario path it is
// about, e.g. "chips.h20.price: ...".
var pathPrefix = regexp.MustCompile(`^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*): (.*)$`)

// problemObjects turns a load error into problem objects: one per scenario
// error, or one without a position for any other error.
func problemObjects(err error) []problemJSON {
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		var one *scenarios.Error
		if errors.As(err, &one) {
			list = scenarios.ErrorList{one}
		}
	}
	if len(list) == 0 {
		return []problemJSON{{Message: err.Error()}}
	}
	out := make([]problemJSON, 0, len(list))
	for _, e := range list {
		p := problemJSON{Posn: e.Pos.String(), File: e.Pos.File, Line: e.Pos.Line, Column: e.Pos.Col, Message: e.Msg}
		if m := pathPrefix.FindStringSubmatch(e.Msg); m != nil {
			p.Path = m[1]
		}
		out = append(out, p)
	}
	return out
}
