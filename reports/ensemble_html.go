package reports

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// WriteEnsembleHTML writes a self-contained HTML report of an ensemble:
// its identity, the final-year distribution of every company's outcomes,
// the charts (embedded as SVG data URIs, with their captions), the bands of
// the last month, and the sampled parameters with their ranges and
// sources. The output is a pure function of its arguments.
func WriteEnsembleHTML(w io.Writer, e *Ensemble, charts []Chart) error {
	v := ensembleView{E: e, Title: e.Title}
	if v.Title == "" {
		v.Title = e.Scenario
	}
	v.Status = fmt.Sprintf("%d runs", e.Done)
	switch {
	case e.Shard != "":
		v.Status = fmt.Sprintf("shard %s: %d of the study's %d runs; merge the shards for the whole", e.Shard, e.Done, e.Runs)
	case e.Done < e.Runs:
		v.Status = fmt.Sprintf("unfinished: %d of %d runs; continue with --resume", e.Done, e.Runs)
	}
	v.Year = strconv.Itoa(e.FinalYear)
	if e.FinalMonths < 12 {
		v.Year += fmt.Sprintf(" (%d months)", e.FinalMonths)
	}
	names := map[string]string{}
	for _, c := range e.Companies {
		names[c.ID] = c.Name
	}
	for _, o := range e.Finals {
		if o.Runs == 0 || o.P == [5]float64{} { // nothing to show, e.g. a domestic maker's export fees
			continue
		}
		v.Finals = append(v.Finals, quantileRow(names[o.Company], metricLabel(o.Metric), o.Metric, o.P))
	}
	if n := len(e.Bands); n > 0 {
		last := e.Bands[n-1].Date
		v.LastMonth = last.Format("January 2006")
		for _, b := range e.Bands {
			if b.Date.Equal(last) && b.Segment == "" && b.Company != market.Market {
				v.Last = append(v.Last, quantileRow(names[b.Company], metricLabel(b.Metric), b.Metric, b.P))
			}
		}
	}
	for _, c := range charts {
		v.Charts = append(v.Charts, chartView{Title: c.Title, Caption: c.Caption,
			Src: c.src()})
	}
	return ensembleTemplate.Execute(w, v)
}

type ensembleView struct {
	E               *Ensemble
	Title, Status   string
	Year, LastMonth string
	Finals, Last    []qrow
	Charts          []chartView
}

type chartView struct {
	Title, Caption string
	Src            template.HTMLAttr // src="data:…"
}

// qrow is a table row of quantiles, formatted.
type qrow struct {
	Company, Metric string
	P               [5]string
}

func quantileRow(company, label, metric string, p [5]float64) qrow {
	r := qrow{Company: company, Metric: label}
	for i, v := range p {
		r.P[i] = formatMetric(metric, v)
	}
	return r
}

// metricLabel names a metric for people.
func metricLabel(metric string) string {
	switch metric {
	case market.MetricRevenueShare:
		return "revenue share"
	case market.MetricRevenue:
		return "revenue"
	case market.MetricProfit:
		return "profit"
	case market.MetricExportFees:
		return "export fees"
	case market.MetricChinaShare:
		return "share of chips sold in China"
	}
	return metric
}

// formatMetric formats a value of metric: shares in percent, money in
// dollars with a magnitude.
func formatMetric(metric string, v float64) string {
	switch metric {
	case market.MetricRevenueShare, market.MetricVolumeShare, market.MetricChinaShare:
		return pct(v)
	case market.MetricRevenue, market.MetricProfit, market.MetricExportFees:
		return usd(v)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

var ensembleTemplate = template.Must(template.New("ensemble").Funcs(template.FuncMap{
	"date":      func(t time.Time) string { return t.Format(time.DateOnly) },
	"generator": generator,
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="{{generator}}">
<title>{{.Title}}: Monte Carlo ensemble</title>
<style>
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 2em 0; }
figure img { max-width: 100%; }
figcaption, .note { color: #555; }
code { font-size: 0.95em; }
footer { margin-top: 3em; color: #555; font-size: 0.85rem; border-top: 1px solid #ddd; padding-top: 0.8em; }
` + printCSS + `</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>A Monte Carlo ensemble of the scenario <code>{{.E.Scenario}}</code>: {{.Status}}.</p>
<table>
<caption>Identity of the ensemble</caption>
<tbody>
<tr><th>Scenario</th><td><code>{{.E.Scenario}}</code></td></tr>
<tr><th>Scenario hash</th><td><code>{{.E.Hash}}</code></td></tr>
<tr><th>Master seed</th><td>{{.E.Seed}}</td></tr>
<tr><th>Runs</th><td>{{.E.Done}}{{if ne .E.Done .E.Runs}} of {{.E.Runs}}{{end}}</td></tr>
<tr><th>Sampled parameters</th><td>{{len .E.Params}}, {{.E.Sampling}}, triangular distributions</td></tr>
</tbody>
</table>
<p class="note">Each run has its own seed, derived from the master seed and the run's index, and its own values of
the parameters below, drawn ({{.E.Sampling}}) from a triangular distribution on each range with its mode at
the scenario's value. <code>runs.csv</code> lists every run's seed, parameters and outcomes; <code>bands.csv</code>
holds the quantiles of every headline series at every month.</p>
{{if not .Charts}}<p class="note">This folder has no charts: the study ran with <code>--charts=false</code>. <code>aicloudsim merge</code> of its shards, or the study run again without the flag, draws them.</p>{{end}}

{{if .Finals}}<h2>{{.Year}}: distribution over the runs</h2>
<p class="note">Totals over the final simulated year; revenue share is of all providers' revenue in the paid segments.</p>
<table>
<caption>Final-year outcomes by company: quantiles over the runs, {{.Year}}</caption>
<thead><tr><th>Company</th><th>Outcome</th><th>P5</th><th>P25</th><th>Median</th><th>P75</th><th>P95</th></tr></thead>
<tbody>
{{range .Finals}}<tr><td>{{.Company}}</td><td>{{.Metric}}</td>{{range .P}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>{{end}}

{{range .Charts}}<figure>
<img {{.Src}} alt="{{.Title}}">
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}
{{if .Last}}<h2>Bands in {{.LastMonth}}</h2>
<p class="note">Monthly values in the last settled month; every month is in <code>bands.csv</code>.</p>
<table>
<caption>Monthly values by company in {{.LastMonth}}: quantiles over the runs</caption>
<thead><tr><th>Company</th><th>Metric</th><th>P5</th><th>P25</th><th>Median</th><th>P75</th><th>P95</th></tr></thead>
<tbody>
{{range .Last}}<tr><td>{{.Company}}</td><td>{{.Metric}}</td>{{range .P}}<td class="n">{{.}}</td>{{end}}</tr>
{{end}}</tbody>
</table>{{end}}

<h2>Sampled parameters</h2>
{{if .E.Params}}<table>
<caption>The ranged numbers the runs sample, with their sources</caption>
<thead><tr><th>Number</th><th>Value (mode)</th><th>Range</th><th>Source</th></tr></thead>
<tbody>
{{range .E.Params}}<tr><td><code>{{.Path}}</code>{{range .Aliases}}<br><code>{{.}}</code>{{end}}</td><td class="n">{{.Value}}</td><td class="n">{{if eq .Low .High}}fixed{{else}}{{.Low}} to {{.High}}{{end}}</td><td>{{.Source}}</td></tr>
{{end}}</tbody>
</table>
<p class="note">Numbers listed together are one value written once in the scenario and reused through a YAML anchor; they are sampled together.</p>
{{else}}<p>The scenario gives no ranges, so the runs differ only in their random seeds.</p>{{end}}
<footer>Written by <code>aicloudsim montecarlo</code> ({{generator}}). <code>datapackage.json</code> describes every column of the CSV files beside this page.</footer>
</body>
</html>
`))
