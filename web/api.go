package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// scenarioJSON is an embedded scenario in the API.
type scenarioJSON struct {
	Name     string    `json:"name"`
	Title    string    `json:"title"`
	URL      string    `json:"url"`
	Controls []control `json:"controls,omitempty"`
}

// handleScenarios lists the embedded scenarios: GET /api/scenarios.
func (s *Server) handleScenarios(w http.ResponseWriter, r *http.Request) {
	var out []scenarioJSON
	for _, e := range catalogue() {
		out = append(out, scenarioJSON{Name: e.Name, Title: e.Title, URL: "/api/scenarios/" + e.Name})
	}
	writeJSON(w, http.StatusOK, out)
}

// handleScenario lists one scenario's controls: GET /api/scenarios/{name}.
func (s *Server) handleScenario(w http.ResponseWriter, r *http.Request) {
	o, err := open(runSpec{Scenario: r.PathValue("name")})
	if err != nil {
		notFound(w)
		return
	}
	writeJSON(w, http.StatusOK, scenarioJSON{Name: o.Name, Title: o.Title, URL: r.URL.Path, Controls: controls(o.Opened)})
}

// runRequest is the body of POST /api/runs.
type runRequest struct {
	Scenario string                     `json:"scenario"`
	Seed     uint64                     `json:"seed"`
	Set      map[string]json.RawMessage `json:"set"`
}

// companyJSON is a provider's final year.
type companyJSON struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	Color        string  `json:"color"`
	RevenueShare float64 `json:"revenue_share"`
	RevenueUSD   float64 `json:"revenue_usd"`
	ProfitUSD    float64 `json:"profit_usd"`
	CashUSD      float64 `json:"cash_usd"`
}

// headlineJSON is a run's final year by company.
type headlineJSON struct {
	Year      int           `json:"year"`
	Months    int           `json:"months"`
	Companies []companyJSON `json:"companies"`
}

// chartJSON links one chart.
type chartJSON struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// runJSON is the answer to POST /api/runs.
type runJSON struct {
	ID       string       `json:"id"`
	Scenario string       `json:"scenario"`
	Seed     uint64       `json:"seed"`
	Set      []string     `json:"set"` // the overrides as --set arguments, in the order applied
	Headline headlineJSON `json:"headline"`
	Base     headlineJSON `json:"base"` // the unchanged scenario's
	Charts   []chartJSON  `json:"charts"`
	YAML     string       `json:"yaml"`  // the what-if as a scenario file
	Files    string       `json:"files"` // a zip of the run's files
	Page     string       `json:"page"`  // the what-if page of this run
}

// errorJSON is the body of every error the API answers.
type errorJSON struct {
	Error string `json:"error"`
}

// handleRun runs a what-if: POST /api/runs.
func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	var req runRequest
	if !decodeJSON(w, r, &req, "run") {
		return
	}
	spec, err := req.spec()
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorJSON{err.Error()})
		return
	}
	ru, base, err := s.runWithBase(r.Context(), spec)
	if err != nil {
		s.runError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ru.json(base))
}

// decodeJSON reads a request's JSON body into v, strictly (unknown fields
// refused), or answers the error itself and returns false. A body not
// sent as JSON is refused, so that a form on another site cannot post it.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, what string) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, errorJSON{"send the " + what + " as JSON (Content-Type: application/json)"})
		return false
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	switch {
	case err == nil:
		return true
	case isTooLarge(err):
		writeJSON(w, http.StatusRequestEntityTooLarge, errorJSON{fmt.Sprintf("the request is larger than %d KB", maxBody>>10)})
	default:
		writeJSON(w, http.StatusBadRequest, errorJSON{"the request is not a " + what + ": " + err.Error() +
			`; send {"scenario": "baseline", "seed": 1, "set": {"path": "value"}}`})
	}
	return false
}

// spec turns a request into a run spec: the overrides sorted by path,
// each value a string or a number.
func (req runRequest) spec() (runSpec, error) {
	spec := runSpec{Scenario: cmpOr(req.Scenario, "baseline"), Seed: req.Seed}
	paths := make([]string, 0, len(req.Set))
	for p := range req.Set {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		var text string
		raw := req.Set[p]
		if err := json.Unmarshal(raw, &text); err != nil {
			var n json.Number
			if err := json.Unmarshal(raw, &n); err != nil {
				return spec, fmt.Errorf("set %q: give the value as a string such as \"0.7TB/s\" or a number, not %s", p, raw)
			}
			text = n.String()
		}
		spec.Sets = append(spec.Sets, p+"="+text)
	}
	return spec, checkSpec(spec)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// runWithBase computes a run and its base, waiting at most runWait.
func (s *Server) runWithBase(ctx context.Context, spec runSpec) (ru, base *run, err error) {
	ctx, cancel := context.WithTimeout(ctx, runWait)
	defer cancel()
	if base, err = s.runs.get(ctx, spec.base()); err != nil {
		return nil, nil, err
	}
	if ru, err = s.runs.get(ctx, spec); err != nil {
		return nil, nil, err
	}
	return ru, base, nil
}

// runError answers a failed run: 400 for bad input, 429 when the server
// is too busy (the queue is full, or the run waited its time out), 500
// for a broken run.
func (s *Server) runError(w http.ResponseWriter, err error) {
	switch {
	case isBadRequest(err):
		writeJSON(w, http.StatusBadRequest, errorJSON{err.Error()})
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "2")
		writeJSON(w, http.StatusTooManyRequests, errorJSON{err.Error()})
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		w.Header().Set("Retry-After", "5")
		writeJSON(w, http.StatusTooManyRequests, errorJSON{"the run waited too long for a worker: the server is busy; try again in a moment"})
	default:
		s.logf("run failed: %v", err)
		writeJSON(w, http.StatusInternalServerError, errorJSON{"the run failed: " + err.Error()})
	}
}

// json is the API's view of a run.
func (ru *run) json(base *run) runJSON {
	out := runJSON{ID: ru.ID, Scenario: ru.Spec.Scenario, Seed: ru.Seed, Set: ru.Spec.Sets,
		Headline: headline(ru), Base: headline(base),
		YAML: "/api/runs/" + ru.ID + "/whatif.yaml", Files: "/api/runs/" + ru.ID + "/files.zip", Page: pageURL(ru.Spec)}
	if out.Set == nil {
		out.Set = []string{}
	}
	for _, c := range ru.charts {
		out.Charts = append(out.Charts, chartJSON{Name: c.Name, Title: c.Title, URL: "/api/runs/" + ru.ID + "/charts/" + c.Name})
	}
	return out
}

func headline(ru *run) headlineJSON {
	h := headlineJSON{Year: ru.Year, Months: ru.Months, Companies: []companyJSON{}}
	for _, c := range ru.Rows {
		col := reports.CompanyColor(c.ID)
		h.Companies = append(h.Companies, companyJSON{ID: c.ID, Name: c.Name, Color: fmt.Sprintf("#%02x%02x%02x", col.R, col.G, col.B),
			RevenueShare: c.RevenueShare, RevenueUSD: c.RevenueUSD, ProfitUSD: c.ProfitUSD, CashUSD: c.CashUSD})
	}
	return h
}

// pageURL is the what-if page of spec: its state lives in the URL.
func pageURL(spec runSpec) string {
	q := []string{"scenario=" + url.QueryEscape(spec.Scenario)}
	if spec.Seed != 0 {
		q = append(q, "seed="+strconv.FormatUint(spec.Seed, 10))
	}
	for _, x := range spec.Sets {
		q = append(q, "set="+url.QueryEscape(x))
	}
	return "/whatif?" + strings.Join(q, "&")
}

// handleChart serves a chart of a recent run: GET /api/runs/{id}/charts/{name}.
func (s *Server) handleChart(w http.ResponseWriter, r *http.Request) {
	ru, ok := s.runs.lookup(r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	c, ok := ru.chart(r.PathValue("name"))
	if !ok {
		notFound(w)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=3600") // a run id names fixed content
	w.Write(c.SVG)
}

// handleYAML serves a recent run's what-if as a scenario file.
func (s *Server) handleYAML(w http.ResponseWriter, r *http.Request) {
	ru, ok := s.runs.lookup(r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ru.Name+`-whatif.yaml"`)
	w.Write(ru.whatIf)
}

// handleZip runs a recent what-if again and serves all of its files, as
// `aicloudsim run` writes them, in a zip.
func (s *Server) handleZip(w http.ResponseWriter, r *http.Request) {
	ru, ok := s.runs.lookup(r.PathValue("id"))
	if !ok {
		notFound(w)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), runWait)
	defer cancel()
	var b bytes.Buffer
	var err error
	if perr := s.pool.do(ctx, func() { err = writeZip(&b, ru) }); perr != nil {
		err = perr
	}
	if err != nil {
		s.runError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+ru.Name+`-whatif.zip"`)
	w.Write(b.Bytes())
}

// writeZip runs ru's spec and writes its files into a zip: the report,
// summary, data, the scenario as run, the what-if file and the charts.
func writeZip(w io.Writer, ru *run) error {
	o, err := open(ru.Spec)
	if err != nil {
		return err
	}
	res, err := o.simulate()
	if err != nil {
		return err
	}
	cfg, _, err := o.Build()
	if err != nil {
		return err
	}
	ws := make([]hardware.Workload, len(cfg.Models))
	for i, m := range cfg.Models {
		ws[i] = m.Workload
	}
	charts, err := reports.Charts(res, hardware.Table(cfg.Chips, ws, cfg.Costs))
	if err != nil {
		return err
	}
	merged, err := o.Tree.Marshal()
	if err != nil {
		return err
	}
	meta := reports.Meta{RunID: ru.ID, ScenarioHash: o.Hash, Title: o.Title, Sets: ru.Spec.Sets}
	for _, a := range o.Assumptions() {
		meta.Assumptions = append(meta.Assumptions, reports.Assumption(a))
	}
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"report.html", func(w io.Writer) error { return reports.WriteHTML(w, res, meta, charts) }},
		{"summary.md", func(w io.Writer) error { return reports.WriteSummary(w, res, meta) }},
		{"metrics.csv", func(w io.Writer) error { return reports.WriteMetricsCSV(w, res, ru.ID) }},
		{"events.jsonl", func(w io.Writer) error { return reports.WriteEventsJSONL(w, res, ru.ID) }},
		{"scenario.yaml", func(w io.Writer) error { _, err := w.Write(merged); return err }},
		{"whatif.yaml", func(w io.Writer) error { _, err := w.Write(ru.whatIf); return err }},
	}
	for _, c := range charts {
		files = append(files, struct {
			name  string
			write func(io.Writer) error
		}{c.Name, func(w io.Writer) error { _, err := w.Write(c.PNG); return err }})
	}
	z := zip.NewWriter(w)
	for _, f := range files {
		fw, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if err := f.write(fw); err != nil {
			return err
		}
	}
	return z.Close()
}

// writeJSON answers v as JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
