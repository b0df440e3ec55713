package reports

import (
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
)

// studyPage is the content of the self-contained HTML page of a sweep, a
// sensitivity study or a comparison: a title, a lead paragraph, a table of
// facts and sections of notes, tables, preformatted text and charts.
type studyPage struct {
	Title, Kind, Lead string
	Facts             [][2]string
	Sections          []pageSection
}

type pageSection struct {
	Heading string
	Notes   []string
	Table   *pageTable
	Pre     string
	Charts  []chartView
}

// pageTable is a table; columns listed in Num are numbers, right-aligned.
type pageTable struct {
	Head []string
	Rows [][]string
	Num  map[int]bool
}

// chartSection returns a section holding charts, with their captions.
func chartSection(heading string, charts []Chart) pageSection {
	s := pageSection{Heading: heading}
	for _, c := range charts {
		s.Charts = append(s.Charts, chartView{Title: c.Title, Caption: c.Caption,
			Src: c.src()})
	}
	return s
}

// write renders the page. Its output is a pure function of p.
func (p *studyPage) write(w io.Writer) error { return studyTemplate.Execute(w, p) }

var studyTemplate = template.Must(template.New("study").Funcs(template.FuncMap{"generator": generator}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{generator}}">
<title>{{.Title}}: {{.Kind}}</title>
<style>
body { font-family: "Liberation Sans", Arial, sans-serif; max-width: 1180px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 1.9rem; margin-bottom: 0.2em; }
h2 { font-size: 1.4rem; margin-top: 2.2em; border-bottom: 2px solid #ddd; padding-bottom: 0.2em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.95rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 2em 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption, .note, .lead { color: #555; }
pre { background: #f3f5f7; padding: 0.8em 1em; overflow-x: auto; font-size: 0.9rem; }
code { font-size: 0.95em; }
footer { margin-top: 3em; color: #555; font-size: 0.85rem; border-top: 1px solid #ddd; padding-top: 0.8em; }
` + printCSS + `</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="lead">{{.Lead}}</p>
{{if .Facts}}<table>
<caption>What was run</caption>
<tbody>
{{range .Facts}}<tr><th>{{index . 0}}</th><td>{{index . 1}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{range $sec := .Sections}}{{if .Heading}}<h2>{{.Heading}}</h2>{{end}}
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{if .Pre}}<pre>{{.Pre}}</pre>
{{end}}{{with .Table}}{{$t := .}}<table>
<caption>{{if $sec.Heading}}{{$sec.Heading}}{{else}}{{$.Title}}{{end}}</caption>
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range $i, $c := .}}<td{{if index $t.Num $i}} class="n"{{end}}>{{$c}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{range .Charts}}<figure>
<img {{.Src}} alt="{{.Title}}">
<figcaption>{{.Caption}}</figcaption>
</figure>
{{end}}{{end}}
<footer>Written by {{generator}}. <code>datapackage.json</code> describes every column of the CSV files beside this page.</footer>
</body>
</html>
`))

// WriteSweepHTML writes the self-contained HTML page of a sweep: what was
// swept, the outcomes at every point and the charts.
func WriteSweepHTML(w io.Writer, s *Sweep, charts []Chart) error {
	p := &studyPage{Title: cmpOr(s.Title, s.Scenario), Kind: "sweep",
		Lead: fmt.Sprintf("A sweep of the scenario %s: every combination of the values below, every other number at its value, "+
			"each run with the same %s, so that the differences between points come from the swept numbers.", s.Scenario, seedsText(s.Runs, s.Seed))}
	p.Facts = [][2]string{{"Scenario", s.Scenario}, {"Scenario hash", s.Hash}, {"Points", strconv.Itoa(len(s.Points))},
		{"Runs per point", strconv.Itoa(s.Runs)}, {"Master seed", strconv.FormatUint(s.Seed, 10)}}
	for _, a := range s.Axes {
		p.Facts = append(p.Facts, [2]string{"Swept: " + a.Path, fmt.Sprintf("%s to %s, %d values%s", a.Text[0], a.Text[len(a.Text)-1], len(a.Text), logText(a.Log))})
	}
	t := &pageTable{Num: map[int]bool{}}
	for _, a := range s.Axes {
		t.Head = append(t.Head, a.Path)
	}
	for _, o := range s.Outcomes {
		t.Num[len(t.Head)] = true
		h := o.Label
		if s.Runs > 1 {
			h += " (median [P5–P95])"
		}
		t.Head = append(t.Head, h)
	}
	for _, pt := range s.Points {
		var row []string
		for a, i := range pt.Index {
			row = append(row, s.Axes[a].Text[i])
		}
		for o, st := range pt.Stats {
			c := s.Outcomes[o].Format(st.P[2])
			if s.Runs > 1 {
				c += " [" + s.Outcomes[o].Format(st.P[0]) + " – " + s.Outcomes[o].Format(st.P[4]) + "]"
			}
			row = append(row, c)
		}
		t.Rows = append(t.Rows, row)
	}
	p.Sections = []pageSection{chartSection("Charts", charts), {Heading: "Every point", Table: t,
		Notes: []string{"sweep.csv holds the same in tidy form, values in the scenario's canonical units."}}}
	return p.write(w)
}

// seedsText says which seeds every point ran with.
func seedsText(runs int, seed uint64) string {
	if runs == 1 {
		return fmt.Sprintf("seed (%d)", seed)
	}
	return fmt.Sprintf("%d seeds (derived from master seed %d; their outcomes are averaged or summarised)", runs, seed)
}

func logText(log bool) string {
	if log {
		return ", evenly spaced on a log scale"
	}
	return ", evenly spaced"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// WriteSensitivityHTML writes the self-contained HTML page of a
// sensitivity study: the methods and their run counts, the ranking of the
// numbers for every outcome and the charts.
func WriteSensitivityHTML(w io.Writer, s *Sensitivity, charts []Chart) error {
	p := &studyPage{Title: cmpOr(s.Title, s.Scenario), Kind: "sensitivity",
		Lead: fmt.Sprintf("Which of the %d ranged numbers of the scenario %s move its outcomes most. Every design point runs with the same %s.",
			len(s.Params), s.Scenario, seedsText(s.Runs, s.Seed))}
	p.Facts = [][2]string{{"Scenario", s.Scenario}, {"Scenario hash", s.Hash}, {"Master seed", strconv.FormatUint(s.Seed, 10)},
		{"Seeds per point", strconv.Itoa(s.Runs)}, {"Numbers varied", strconv.Itoa(len(s.Params))}}
	if s.Fixed > 0 {
		p.Facts = append(p.Facts, [2]string{"Ranges of one value (not varied)", strconv.Itoa(s.Fixed)})
	}
	if s.OAT != nil {
		p.Facts = append(p.Facts, [2]string{"One at a time", fmt.Sprintf("%d runs: the base and each number at each end of its range (at most 2k+1 points)", s.OATRuns)})
	}
	if s.Morris != nil {
		p.Facts = append(p.Facts, [2]string{"Morris screening", fmt.Sprintf("%d runs: %d trajectories of k+1 points on a %d-level grid", s.MorrisRuns, s.Trajectories, s.Levels)})
	}
	var sections []pageSection
	for o, out := range s.Outcomes {
		sec := pageSection{Heading: out.Label, Notes: []string{"With every number at its value: " + out.Format(s.Base[o]) + "."}}
		t := &pageTable{Head: []string{"Number", "Range"}, Num: map[int]bool{}}
		if s.OAT != nil {
			t.Head = append(t.Head, "At low end", "At high end", "Swing")
		}
		if s.Morris != nil {
			t.Head = append(t.Head, "Morris μ*", "Morris σ")
		}
		for i := 2; i < len(t.Head); i++ {
			t.Num[i] = true
		}
		order := s.morrisOrderOrNil(o)
		if s.OAT != nil {
			order = s.OATOrder(o)
		}
		for _, i := range order[:min(len(order), 2*DefaultTop)] {
			row := []string{s.Params[i].Path, s.Params[i].RangeText()}
			if s.OAT != nil {
				e := s.OAT[o][i]
				row = append(row, out.Format(e.Low), out.Format(e.High), magnitude(out, e.Swing()))
			}
			if s.Morris != nil {
				e := s.Morris[o][i]
				row = append(row, magnitude(out, e.MuStar), magnitude(out, e.Sigma))
			}
			t.Rows = append(t.Rows, row)
		}
		sec.Table = t
		if len(order) > 2*DefaultTop {
			sec.Notes = append(sec.Notes, fmt.Sprintf("The top %d of %d numbers; sensitivity.csv and morris.csv list them all.", 2*DefaultTop, len(order)))
		}
		sections = append(sections, sec)
	}
	sections = append(sections, chartSection("Charts", charts))
	sections = append(sections, pageSection{Heading: "How to read it", Notes: []string{
		"One at a time: each number is set to the low and to the high end of its range with every other number at its value. " +
			"It is easy to read and shows the direction of each effect, but only around the scenario's values.",
		"Morris: trajectories through the whole box of ranges move each number in turn; μ* is the mean absolute change of the outcome " +
			"(per the number's whole range) and ranks the numbers by importance wherever the others are; σ is the spread of those changes, " +
			"large when the effect is non-linear or depends on other numbers.",
		"The engine has noise of its own (random releases, shocks and buyers). Effects smaller than the change between seeds are not " +
			"resolved; run with --runs 4 or more to average it down.",
	}})
	p.Sections = sections
	return p.write(w)
}

// morrisOrderOrNil is MorrisOrder, or every parameter in order without a
// Morris study.
func (s *Sensitivity) morrisOrderOrNil(o int) []int {
	if s.Morris != nil {
		return s.MorrisOrder(o)
	}
	idx := make([]int, len(s.Params))
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// WriteCompareHTML writes the self-contained HTML page of a comparison:
// the input diff, the final-year outcomes and their differences, the
// attribution and the charts.
func WriteCompareHTML(w io.Writer, c *Comparison, charts []Chart) error {
	first := c.Scenarios[0]
	var names []string
	for _, s := range c.Scenarios {
		names = append(names, s.Name)
	}
	runs := fmt.Sprintf("one run each at the stated values, seed %d", c.Seed)
	if c.Runs > 1 {
		runs = fmt.Sprintf("%d runs each as Monte Carlo ensembles (master seed %d): run i of every scenario has the same seed and the same sampled values of the numbers they share", c.Runs, c.Seed)
	}
	p := &studyPage{Title: strings.Join(names, " against "), Kind: "comparison",
		Lead: "A comparison of " + strings.Join(names, ", ") + " with " + first.Name + " as the reference: " + runs + "."}
	for _, s := range c.Scenarios {
		p.Facts = append(p.Facts, [2]string{"Scenario " + s.Name, cmpOr(s.Title, s.Name) + " (hash " + s.Hash[:min(12, len(s.Hash))] + ")"})
	}
	var pre strings.Builder
	_ = WriteDiffText(&pre, c)
	diff := pageSection{Heading: "What differs", Pre: pre.String(), Notes: []string{
		"Inputs after extends and --set. Names, descriptions, sources, the seed (every scenario runs with the same seeds), " +
			"calibration targets and checks are not inputs of a run and are left out."}}
	year := strconv.Itoa(c.FinalYear)
	t := &pageTable{Head: []string{"Outcome"}, Num: map[int]bool{}}
	for k, s := range c.Scenarios {
		t.Num[len(t.Head)] = true
		t.Head = append(t.Head, s.Name)
		if k > 0 {
			t.Num[len(t.Head)] = true
			h := "Change"
			if c.Runs > 1 {
				h = "Change, median [P5–P95] run by run"
			}
			t.Head = append(t.Head, h)
		}
	}
	for o, out := range c.Outcomes {
		row := []string{out.Label}
		for k, s := range c.Scenarios {
			row = append(row, out.Format(s.Stats[o].P[2]))
			if k > 0 {
				d := s.Deltas[o]
				cell := out.FormatDelta(d.P[2])
				if c.Runs > 1 {
					cell += " [" + out.FormatDelta(d.P[0]) + ", " + out.FormatDelta(d.P[4]) + "]"
				}
				row = append(row, cell)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	final := pageSection{Heading: year + " by scenario", Table: t, Notes: []string{
		"Totals over " + year + "; shares are of all providers' revenue in the paid segments, prices are buyers' spend over volume."}}
	if c.Runs > 1 {
		final.Notes = append(final.Notes, "Values are medians over the runs. Changes are computed run by run (run i of a scenario against run i of "+
			first.Name+"), so the bracket is the uncertainty of the change itself, narrower than that of either scenario.")
	}
	sections := []pageSection{diff, final}
	for i, o := range c.Attributed {
		out := c.Outcomes[o]
		for _, s := range c.Scenarios[1:] {
			a := s.Attribution[i]
			at := &pageTable{Head: []string{"Applied alone", "Effect", "Share of the change"}, Num: map[int]bool{1: true, 2: true}}
			row := func(name string, e float64) []string {
				sh := shareOfGap(e, a.Gap())
				if sh == "" {
					sh = "n/a"
				}
				return []string{name, out.FormatDelta(e), sh}
			}
			for j, g := range s.Groups {
				if g.Alone != "" {
					at.Rows = append(at.Rows, []string{g.Name, "cannot be applied alone: " + g.Alone, ""})
					continue
				}
				at.Rows = append(at.Rows, row(g.Name, a.Effects[j]))
			}
			at.Rows = append(at.Rows, row("interaction (the inputs together)", a.Interaction()), row("total change", a.Gap()))
			sections = append(sections, pageSection{Heading: "Attribution: " + out.Label + ", " + s.Name, Table: at,
				Notes: []string{fmt.Sprintf("%s %s → %s %s, both at their stated values; each input applied alone to %s.",
					first.Name, out.Format(a.A), s.Name, out.Format(a.B), first.Name)}})
		}
	}
	sections = append(sections, chartSection("Charts", charts))
	p.Sections = sections
	return p.write(w)
}
