package reports

import (
	"html/template"
	"strconv"
)

// noSource is how a number without a source is shown, as
// scenarios.NoSource: WriteHTML counts these rows and marks them.
const noSource = "(none given)"

// unsourced reports whether an assumption's source is missing.
func unsourced(source string) bool { return source == "" || source == noSource }

// reportTemplate is the page WriteHTML fills. Its style is inline and it
// refers to nothing outside itself.
var reportTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"gap":       unsourced,
	"inc":       func(i int) int { return i + 1 },
	"generator": generator,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + many
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{generator}}">
<title>{{.Title}}: aicloudsim run report</title>
<style>
:root { --text: #1b1f24; --muted: #57606a; --rule: #d8dee4; --head: #f3f5f7; --accent: #0b5cad; --up: #1a7f37; --down: #c0392b; --gap: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--text); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.4rem; }
h2 { font-size: 1.45rem; margin: 2.6rem 0 0.6rem; padding-bottom: 0.3rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
p { margin: 0.5rem 0 0.9rem; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code { font: 0.88em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; background: var(--head); padding: 0.05em 0.3em; border-radius: 3px; overflow-wrap: anywhere; }
.lead { color: var(--muted); margin-top: 0; }
.note { color: var(--muted); font-size: 0.93rem; max-width: 60rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 0.6rem 0 1.2rem; font-size: 0.95rem; }
th, td { padding: 0.35rem 0.75rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { background: var(--head); border-bottom: 2px solid var(--rule); white-space: nowrap; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.d { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.a { white-space: nowrap; }
td.path, td.path code { white-space: nowrap; overflow-wrap: normal; }
table.id th { background: none; width: 11rem; border-bottom: 1px solid var(--rule); }
table.wide { width: 100%; }
table.compact { font-size: 0.85rem; }
table.compact th, table.compact td { padding: 0.2rem 0.5rem; }
.up { color: var(--up); font-weight: 600; }
.down { color: var(--down); font-weight: 600; }
.gap { color: var(--gap); font-style: italic; }
.off { color: var(--down); }
nav.toc { background: var(--head); border: 1px solid var(--rule); border-radius: 6px; padding: 0.8rem 1.2rem; margin: 1.5rem 0; }
nav.toc ol { margin: 0.2rem 0; padding-left: 1.4rem; }
nav.toc ol ol { columns: 2; column-gap: 2rem; font-size: 0.92rem; }
nav.toc li { break-inside: avoid; }
ol.moves > li { margin-bottom: 1rem; }
ol.moves ul { margin: 0.3rem 0 0; padding-left: 1.2rem; font-size: 0.92rem; color: var(--muted); }
ol.moves ul li { margin: 0.1rem 0; }
.why { color: var(--text); }
figure { margin: 1.5rem 0 2.5rem; }
figure img { display: block; width: 100%; height: auto; border: 1px solid var(--rule); border-radius: 4px; }
figcaption { color: var(--muted); font-size: 0.93rem; margin-top: 0.5rem; max-width: 60rem; }
details { margin: 0.4rem 0; }
summary { cursor: pointer; font-weight: 600; padding: 0.3rem 0; }
@media (max-width: 900px) { nav.toc ol ol { columns: 1; } main { padding: 1rem 0.8rem 3rem; } }
ul.findings { font-size: 1.12rem; margin: 1rem 0 0.6rem; padding-left: 1.3rem; }
ul.findings li { margin: 0.35rem 0; }
.flag { color: var(--down); font-weight: 600; font-size: 0.92rem; }
.ctx { color: var(--muted); font-size: 0.92rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--rule); padding-top: 0.8rem; }
` + printCSS + `</style>
</head>
<body>
<main>
<header>
<h1>{{.Title}}</h1>
<p class="lead">One run of the scenario <code>{{.Scenario}}</code> simulated by aicloudsim.</p>
{{if .Findings}}<section id="findings">
<ul class="findings">
{{range .Findings}}<li>{{.Text}}{{if .Href}} <a href="{{.Href}}">chart</a>{{end}}{{if .Context}}<br><span class="{{if .Outside}}flag{{else}}ctx{{end}}">{{.Context}}</span>{{end}}</li>
{{end}}</ul>
{{if .ContextNote}}<p class="note">{{.ContextNote}}</p>{{end}}
</section>
{{end}}{{if .DriverLines}}<section id="drivers">
<h2>What drove it</h2>
<ul>
{{range .DriverLines}}<li>{{.}}</li>
{{end}}</ul>
{{range .DriverFigs}}<figure id="{{.ID}}"><img {{.Src}} width="{{.Width}}" height="{{.Height}}" alt="{{.Title}}"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}</section>
{{end}}<table class="id">
<caption>Identity of the run</caption>
<tbody>
<tr><th>Scenario</th><td><code>{{.Scenario}}</code></td></tr>
<tr><th>Seed</th><td>{{.Seed}}</td></tr>
<tr><th>Run</th><td>{{.Run}}, id <code>{{.RunID}}</code></td></tr>
<tr><th>Scenario hash</th><td><code>{{.Hash}}</code></td></tr>
<tr><th>Simulated</th><td>{{.Span}}</td></tr>
{{if .Sets}}<tr><th>Overrides</th><td>{{range $i, $s := .Sets}}{{if $i}}, {{end}}<code>--set {{$s}}</code>{{end}}</td></tr>
{{end}}</tbody>
</table>
</header>

<nav class="toc">
<strong>Contents</strong>
<ol>
{{if .Findings}}<li><a href="#findings">Findings</a></li>
{{end}}{{if .DriverLines}}<li><a href="#drivers">What drove it</a></li>
{{end}}{{if not .Empty}}<li><a href="#results">{{.Year}} by company</a></li>
{{if .Suppliers}}<li><a href="#suppliers">Chip suppliers</a></li>
{{end}}<li><a href="#moves">Biggest share moves</a></li>
{{if .Fit}}<li><a href="#calibration">Calibration against the sources</a></li>
{{end}}{{end}}{{if .Charts}}<li><a href="#charts">Charts</a>
<ol>
{{range .Charts}}<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{end}}</ol></li>
{{end}}{{if .Assumptions}}<li><a href="#assumptions">Assumptions</a></li>
{{end}}<li><a href="#log">Event log</a></li>
</ol>
</nav>
{{if .Empty}}
<p>The run settled no months, so there are no results to report.</p>
{{else}}
<section id="results">
<h2>{{.Year}} by company</h2>
<p class="note">Revenue and profit are totals over the year in US dollars; revenue share is of all providers' revenue in the paid segments ({{.Paid}}). {{.GroupViewNote}} Cash is at the end of the year.</p>
<div class="scroll"><table>
<caption>Revenue, share, profit and cash by company, {{.Year}}</caption>
<thead><tr><th>Company</th><th class="n">Revenue</th><th class="n">Revenue share</th><th class="n">Cloud profit</th><th class="n">Users' group value</th><th class="n">Group view</th><th class="n">Parent funding</th><th class="n">Cash</th></tr></thead>
<tbody>
{{range .Companies}}<tr><td>{{.Name}}</td><td class="n">{{.Revenue}}</td><td class="n">{{.Share}}</td><td class="n">{{.Profit}}</td><td class="n">{{.GroupValue}}</td><td class="n">{{.GroupView}}</td><td class="n">{{.Funding}}</td><td class="n">{{.Cash}}</td></tr>
{{end}}</tbody>
</table></div>
</section>
{{if .Suppliers}}
<section id="suppliers">
<h2>Chip suppliers, {{.SupSpan}}</h2>
<p class="note">{{.SupNote}}</p>
<div class="scroll"><table>
<caption>Chip suppliers' China sales, {{.SupSpan}}</caption>
<thead><tr><th>Supplier</th><th class="n">China sales</th><th class="n">Export fees</th><th class="n">Chips delivered</th><th class="n">China share at end</th></tr></thead>
<tbody>
{{range .Suppliers}}<tr><td>{{.Name}}</td><td class="n">{{.Sales}}</td><td class="n">{{.Fees}}</td><td class="n">{{.Units}}</td><td class="n">{{.Share}}</td></tr>
{{end}}</tbody>
</table></div>
</section>
{{end}}
<section id="moves">
<h2>Biggest share moves</h2>
{{if .Moves}}<p class="note">{{.MovesNote}}</p>
<ol class="moves">
{{range .Moves}}<li><strong>{{.Company}}</strong>, {{.Segment}}, {{.From}} to {{.To}}: {{.Before}} → {{.After}} (<span class="{{if .Up}}up{{else}}down{{end}}">{{.Delta}}</span>)
<ul>
{{range .Causes}}<li><span class="d">{{.Date}}</span> {{.Kind}}: <span class="why">{{.Summary}}</span>{{if .Reason}} — {{.Reason}}{{end}}{{if .Source}} (source: {{.Source}}){{end}}</li>
{{else}}<li>no release, policy change or decision was logged in this span</li>
{{end}}{{if .More}}<li>and {{.More}} more related entries in the <a href="#log">event log</a></li>
{{end}}</ul></li>
{{end}}</ol>
{{else}}<p>{{.NoMoves}}</p>{{end}}
</section>
{{if .Fit}}
<section id="calibration">
<h2>Calibration against the sources</h2>
<p class="note">{{.FitNote}} Relative errors of 10% or more are in red.</p>
<div class="scroll"><table class="wide">
<caption>Simulated against the sources' dated figures</caption>
<thead><tr><th>Target</th><th>Period</th><th class="n">Source's figure</th><th class="n">Simulated</th><th class="n">Error</th><th class="n">Relative error</th><th>Source</th></tr></thead>
<tbody>
{{range .Fit}}<tr><td>{{.Name}}</td><td class="d">{{.Period}}</td><td class="n">{{.Value}}</td><td class="n">{{.Simulated}}</td><td class="n">{{.Error}}</td><td class="n{{if .Off}} off{{end}}">{{.RelError}}</td><td>{{.Source}}</td></tr>
{{end}}</tbody>
</table></div>
</section>
{{end}}{{end}}
{{if .Charts}}
<section id="charts">
<h2>Charts</h2>
<p class="note">Every chart is also a PNG file beside this page, under the name given after its caption.</p>
{{range $i, $c := .Charts}}<figure id="{{$c.ID}}">
<img {{$c.Src}} width="{{$c.Width}}" height="{{$c.Height}}" alt="{{$c.Title}}">
<figcaption><strong>Figure {{inc $i}}.</strong> {{$c.Caption}} <code>{{$c.Name}}</code></figcaption>
</figure>
{{end}}</section>
{{end}}
{{if .Assumptions}}
<section id="assumptions">
<h2>Assumptions</h2>
<p class="note">Every number the scenario gives, after <code>extends</code> and <code>--set</code>, by its path in the scenario. Values are in the units the scenario reads; a range is what Monte Carlo ensembles sample. {{.Unsourced}} of {{len .Assumptions}} numbers give no source; they are marked <span class="gap">(none given)</span>. Numbers left out of the scenario take the model's defaults and are not listed.</p>
<details open>
<summary>{{len .Assumptions}} numbers</summary>
<div class="scroll"><table class="wide compact">
<caption>Every number of the scenario with its range and source</caption>
<thead><tr><th>Path</th><th class="n">Value</th><th class="n">Range</th><th>Source</th></tr></thead>
<tbody>
{{range .Assumptions}}<tr><td class="path"><code>{{.Path}}</code></td><td class="n">{{.Value}}</td><td class="n">{{.Range}}</td><td{{if gap .Source}} class="gap"{{end}}>{{.Source}}</td></tr>
{{end}}</tbody>
</table></div>
</details>
</section>
{{end}}
<section id="log">
<h2>Event log</h2>
<p class="note">The same entries as <code>events.jsonl</code>. A decision's last column is the agent's own reason; an event's is its source.</p>
{{if .Key}}<h3>Scenario events, releases and shocks</h3>
<div class="scroll"><table class="wide compact">
<caption>Scenario events, releases and shocks</caption>
<thead><tr><th>Date</th><th>Kind</th><th>Actor</th><th>Summary</th><th>Source</th></tr></thead>
<tbody>
{{range .Key}}<tr><td class="d">{{.Date}}</td><td>{{.Kind}}</td><td class="a">{{.Actor}}</td><td>{{.Summary}}</td><td>{{.Cause}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}<h3>Everything, by year</h3>
{{range .Years}}<details>
<summary>{{.Year}}: {{plural (len .Entries) "entry" "entries"}}, {{plural .Decisions "decision" "decisions"}}, {{plural .Delivered "delivery" "deliveries"}}</summary>
<div class="scroll"><table class="wide compact">
<caption>Event log, {{.Year}}</caption>
<thead><tr><th>Date</th><th>Kind</th><th>Actor</th><th>Summary</th><th>Reason or source</th></tr></thead>
<tbody>
{{range .Entries}}<tr><td class="d">{{.Date}}</td><td>{{.Kind}}</td><td class="a">{{.Actor}}</td><td>{{.Summary}}</td><td>{{.Cause}}</td></tr>
{{end}}</tbody>
</table></div>
</details>
{{else}}<p>The log is empty.</p>
{{end}}</section>
<footer>Written by <code>aicloudsim run</code> ({{generator}}). The same scenario and seed give the same page, byte for byte; <code>metrics.csv</code> and <code>events.jsonl</code> beside it hold the data.</footer>
</main>
</body>
</html>
`))
