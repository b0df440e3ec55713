package reports

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"image/png"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// WriteHTML writes the report of one run as a single self-contained HTML
// page: the run's identity (scenario, seed, run id, scenario hash, the
// simulated span and the --set overrides), the final year by company, the
// chip suppliers' China sales and export fees, the biggest share moves with
// the log entries around them, the calibration against the scenario's
// sources when meta has fit rows, every chart with its caption (embedded as
// an SVG data URI, listed in a table of contents), the scenario's
// assumptions with their ranges and sources, and the event log with every
// decision's reason, one collapsible table per year.
//
// The page loads nothing: its style is inline and it has no scripts,
// fonts or links outside itself, so it reads the same offline. Every
// string is escaped by html/template, the charts' data URIs by svgSrc.
// The output is a pure function of the arguments (no timestamps), so the
// same run gives the same bytes.
func WriteHTML(w io.Writer, r *market.Result, meta Meta, charts []Chart) error {
	v, err := newReportPage(r, meta, charts)
	if err != nil {
		return err
	}
	return reportTemplate.Execute(w, v)
}

// reportPage is what the HTML template shows, formatted.
type reportPage struct {
	Title, Scenario string
	Seed            uint64
	Run             int
	RunID, Hash     string
	Span            string // the simulated days and months settled
	Sets            []string
	Empty           bool // the run settled no months

	Year, Paid    string // the final year, and the paid segments its shares are of
	GroupViewNote string // what the group-view columns mean
	Companies     []companyCells
	SupSpan       string
	SupNote       string
	Suppliers     []supplierCells

	MovesNote, NoMoves string
	Moves              []moveCells

	FitNote string
	Fit     []fitItem

	Charts []figureCells

	Findings    []findingCells
	ContextNote string
	DriverLines []string
	DriverFigs  []figureCells

	Assumptions []Assumption
	Unsourced   int // assumptions without a source

	Key   []logRow  // scenario events, releases, policy and shocks
	Years []logYear // the whole log, by calendar year
}

type companyCells struct{ Name, Revenue, Share, Profit, GroupValue, GroupView, Funding, Cash string }

type supplierCells struct{ Name, Sales, Fees, Units, Share string }

type moveCells struct {
	Company, Segment, From, To, Before, After, Delta string
	Up                                               bool
	Causes                                           []cause
	More                                             int
}

type figureCells struct {
	ID, Name, Title, Caption string
	Src                      template.HTMLAttr // src="data:…", the SVG or PNG
	Width, Height            int               // pixels
}

type findingCells struct {
	Text, Href, Context string
	Outside             bool
}

type logRow struct{ Date, Kind, Actor, Summary, Cause string }

type logYear struct {
	Year                 int
	Entries              []logRow
	Decisions, Delivered int
}

// newReportPage formats everything WriteHTML shows.
func newReportPage(r *market.Result, meta Meta, charts []Chart) (*reportPage, error) {
	end := r.Date(market.Day(max(r.Days-1, 0)))
	v := &reportPage{
		Title: cmp.Or(meta.Title, r.Scenario), Scenario: r.Scenario, Seed: r.Seed, Run: r.Run,
		RunID: meta.RunID, Hash: meta.ScenarioHash, Sets: meta.Sets,
		Span:  fmt.Sprintf("%s to %s, %d months settled", r.Start.Format(time.DateOnly), end.Format(time.DateOnly), len(r.Months)),
		Empty: len(r.Months) == 0, SupNote: suppliersNote, MovesNote: movesNote, NoMoves: noMoves, FitNote: fitNote,
		Assumptions: meta.Assumptions,
	}
	if !v.Empty {
		s := newSeries(r)
		v.results(r, s)
		for _, m := range describeMoves(r, s) {
			v.Moves = append(v.Moves, moveCells{Company: m.Company, Segment: m.Segment, From: m.From, To: m.To,
				Before: pct(m.Before), After: pct(m.After), Delta: fmt.Sprintf("%+.1f pp", 100*m.Delta), Up: m.Delta > 0,
				Causes: m.Causes, More: m.More})
		}
		v.Fit = fitItems(r, meta.Fit)
	}
	findings := Findings(r, meta.Context)
	for _, c := range charts {
		fig, err := figureOf(c)
		if err != nil {
			return nil, err
		}
		for _, f := range findings {
			if f.Chart == c.Name { // the caption states the finding first
				fig.Caption = f.Text + " " + fig.Caption
			}
		}
		v.Charts = append(v.Charts, fig)
	}
	for _, f := range findings {
		href := "#chart-" + strings.TrimSuffix(f.Chart, ".png")
		if meta.NoCharts {
			href = ""
		}
		v.Findings = append(v.Findings, findingCells{Text: f.Text, Href: href, Context: f.Context, Outside: f.Outside})
	}
	if meta.Context != nil {
		v.ContextNote = fmt.Sprintf("The ensemble is %d runs of the scenario with its ranged numbers sampled and their own seeds; "+
			"a headline outside its P10–P90 is marked unusual.", meta.Context.Runs)
	}
	if meta.Drivers != nil {
		v.DriverLines = meta.Drivers.Sentences(3)
		for _, c := range meta.DriverCharts {
			fig, err := figureOf(c)
			if err != nil {
				return nil, err
			}
			v.DriverFigs = append(v.DriverFigs, fig)
		}
	}
	for _, a := range meta.Assumptions {
		if unsourced(a.Source) {
			v.Unsourced++
		}
	}
	v.log(r)
	return v, nil
}

// figureOf embeds a chart.
func figureOf(c Chart) (figureCells, error) {
	cfg, err := png.DecodeConfig(bytes.NewReader(c.PNG))
	if err != nil {
		return figureCells{}, fmt.Errorf("chart %s: %w", c.Name, err)
	}
	return figureCells{ID: "chart-" + strings.TrimSuffix(c.Name, ".png"), Name: c.Name, Title: c.Title, Caption: c.Caption,
		Src:   c.src(),
		Width: cfg.Width, Height: cfg.Height}, nil
}

// results fills the final-year and supplier tables.
func (v *reportPage) results(r *market.Result, s *series) {
	year, months, rows := FinalYear(r)
	v.Year = strconv.Itoa(year)
	if months < 12 {
		v.Year = fmt.Sprintf("%d (%d months settled)", year, months)
	}
	var paid []string
	for _, sg := range r.Segments {
		if sg.Kind == market.Paid {
			paid = append(paid, sg.Name)
		}
	}
	v.Paid = strings.Join(paid, ", ")
	v.GroupViewNote = groupViewNote
	for _, c := range rows {
		v.Companies = append(v.Companies, companyCells{c.Name, usd(c.RevenueUSD), pct(c.RevenueShare), usd(c.ProfitUSD),
			usd(c.GroupValueUSD), usd(c.GroupViewUSD()), usd(c.FundingUSD), usd(c.CashUSD)})
	}
	v.SupSpan = s.month(0) + " to " + s.month(len(r.Months)-1)
	for _, c := range supplierRows(r, s) {
		v.Suppliers = append(v.Suppliers, supplierCells{c.Name, usd(c.SalesUSD), usd(c.FeesUSD), count(c.Units), pct(c.ShareEnd)})
	}
}

// log fills the key events and the log by year. Actors are shown by their
// short names, as in the charts' legends.
func (v *reportPage) log(r *market.Result) {
	names := map[string]string{}
	for _, c := range r.Companies {
		names[c.ID] = shortName(c)
	}
	dates := dateCache{r: r}
	for _, e := range r.Log {
		row := logRow{Date: dates.format(e.Day), Kind: e.Kind, Actor: cmp.Or(names[e.Actor], e.Actor), Summary: e.Summary, Cause: e.Cause}
		if e.Kind != market.KindDecision && e.Kind != market.KindDelivery {
			v.Key = append(v.Key, row)
		}
		year := r.Date(e.Day).Year()
		if n := len(v.Years); n == 0 || v.Years[n-1].Year != year {
			v.Years = append(v.Years, logYear{Year: year})
		}
		y := &v.Years[len(v.Years)-1]
		y.Entries = append(y.Entries, row)
		switch e.Kind {
		case market.KindDecision:
			y.Decisions++
		case market.KindDelivery:
			y.Delivered++
		}
	}
}
