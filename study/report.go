package study

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// Report returns what the ensemble reports show of st.
func (st *State) Report() *reports.Ensemble {
	l := st.Agg.Layout
	e := &reports.Ensemble{
		Scenario: st.Scenario, Title: st.Title, Hash: st.Hash, Seed: st.Seed,
		Runs: st.Runs, Done: int(st.Agg.Runs),
		Companies: l.Companies, Segments: l.Segments,
		Bands: st.Agg.Bands(), Finals: st.Agg.Finals(),
		FinalYear: l.FinalYear, FinalMonths: len(l.final),
	}
	if st.Shard != Whole {
		e.Shard = st.Shard.String()
	}
	e.Sampling = "Latin hypercube"
	if st.Sampling == Random {
		e.Sampling = "independent random draws"
	}
	for _, p := range st.Params {
		e.Params = append(e.Params, reports.EnsembleParam{
			Path: p.Path, Aliases: p.Aliases, Value: p.Format(p.Value),
			Low: p.Format(p.Low), High: p.Format(p.High), Source: p.Source,
		})
	}
	return e
}

var paramsHeader = []string{"path", "aliases", "unit", "value", "low", "high", "distribution", "source", "at"}

// WriteParamsCSV writes the study's parameters, one row per parameter in
// runs.csv order: path, other paths set to the same value (separated by
// spaces), unit tag, value, low and high in canonical units, distribution
// ("triangular" or "fixed"), source and position in the scenario.
func WriteParamsCSV(w io.Writer, params []Param) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(paramsHeader); err != nil {
		return err
	}
	for _, p := range params {
		dist := "triangular"
		if p.Fixed() {
			dist = "fixed"
		}
		row := []string{p.Path, strings.Join(p.Aliases, " "), p.Unit, formatValue(p.Value), formatValue(p.Low), formatValue(p.High), dist, p.Source, p.At}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
