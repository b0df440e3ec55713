package reports

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// tinyPNG returns a w × h PNG of one colour.
func tinyPNG(t testing.TB, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tinyCharts are two stand-in charts for the tiny run.
func tinyCharts(t testing.TB) []Chart {
	return []Chart{
		{Name: "share-llm-api.png", Title: "LLM API: share", Caption: "Shares add up to 100%.", PNG: tinyPNG(t, 8, 4, color.RGBA{200, 30, 30, 255})},
		{Name: "timeline.png", Title: "Event timeline", Caption: "Policy & releases.", PNG: tinyPNG(t, 6, 3, color.RGBA{30, 30, 200, 255})},
	}
}

// tinyMeta is the metadata of the tiny run's reports: overrides, a few
// assumptions (one without a source) and a fit table.
func tinyMeta(r *market.Result) Meta {
	return Meta{
		RunID: tinyRunID, ScenarioHash: "abc123", Title: "A tiny\nmarket",
		Sets: []string{"costs.pue=1.5", "seed=`7`", "title=a|b<c>"},
		Assumptions: []Assumption{
			{Path: "chips.c1.memory_bandwidth", Value: "1800 GB/s", Range: "700 GB/s to 2000 GB/s", Source: "vendor sheet §2"},
			{Path: "costs.pue", Value: "1.5", Source: "--set on the command line"},
			{Path: "segments.llm-api.elasticity", Value: "1.2", Source: noSource},
		},
		Fit: market.Fit(r, tinyTargets),
	}
}

// tinyTargets exercise every column of the fit table: shares (errors in
// points), money, a volume, a target outside the run and one whose value
// is zero (no relative error).
var tinyTargets = []market.Target{
	{Name: "Alpha revenue share, Q1 2026", Kind: market.TargetRevenueShare, Company: "alpha", From: 0, To: 89, Value: 0.6, Source: "Test report | table 1"},
	{Name: "LLM API spend, Jan-May 2026", Kind: market.TargetSpend, Segment: "llm-api", From: 0, To: 150, Value: 1.2e10, Source: "Test survey"},
	{Name: "Beta tokens, Feb 2026", Kind: market.TargetVolume, Company: "beta", Segment: "llm-api", From: 31, To: 58, Value: 4e5, Source: "Test tokens"},
	{Name: "Alpha revenue, 2025", Kind: market.TargetRevenue, Company: "alpha", From: -365, To: -1, Value: 1e9, Source: "before the run"},
	{Name: "Beta token share, Jan 2026", Kind: market.TargetVolumeShare, Company: "beta", Segment: "llm-api", From: 0, To: 30, Value: 0, Source: "zero"},
}

func renderHTML(t testing.TB, r *market.Result, meta Meta, charts []Chart) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, r, meta, charts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteHTML(t *testing.T) {
	r := tinyResult()
	charts := tinyCharts(t)
	page := renderHTML(t, r, tinyMeta(r), charts)
	for _, c := range charts {
		if !strings.Contains(page, string(c.src())) { // the PNG: these charts have no SVG
			t.Errorf("the page lacks %s as a data URI", c.Name)
		}
	}
	for _, tc := range []struct{ want, reason string }{
		{"<h1>A tiny\nmarket</h1>", "the title"},
		{"<code>tiny, &#34;test&#34;</code>", "the scenario name, escaped"},
		{"<tr><th>Seed</th><td>42</td></tr>", "the seed"},
		{"<code>" + tinyRunID + "</code>", "the run id"},
		{"<code>abc123</code>", "the scenario hash"},
		{"2026-01-01 to 2026-05-31, 5 months settled", "the horizon"},
		{"<code>--set title=a|b&lt;c&gt;</code>", "the overrides, escaped"},
		{`<td>Alpha Cloud</td><td class="n">$6.75B</td><td class="n">45.0%</td>`, "the final year by company"},
		{`<td>ChipCo</td><td class="n">$250.0M</td><td class="n">$62.5M</td>`, "the supplier's China sales and export fees"},
		{`(<span class="down">-25.0 pp</span>)`, "the biggest move"},
		{"Alpha Cloud llm-api price &#43;10% to $0.33/Mtok</span> — cost-plus &lt;margin&gt; &amp; more", "a move's cause with its reason"},
		{`<td>Alpha Cloud llm-api price &#43;10% to $0.33/Mtok</td><td>cost-plus &lt;margin&gt; &amp; more</td>`, "the log with the decision's reason"},
		{`<td class="a">Beta | Labs</td>`, "the log's actors by name"},
		{`<td class="d">2026-01-15</td><td>policy</td><td class="a">policy</td><td>US allows c1 with a 25% fee</td><td>test §1</td>`, "key events with their sources"},
		{"<summary>2026: 9 entries, 5 decisions, 1 delivery</summary>", "the log by year"},
		{`<td class="path"><code>chips.c1.memory_bandwidth</code></td><td class="n">1800 GB/s</td><td class="n">700 GB/s to 2000 GB/s</td><td>vendor sheet §2</td>`, "an assumption with its range and source"},
		{`<td class="gap">(none given)</td>`, "a missing source is marked"},
		{"1 of 3 numbers give no source", "the gaps are counted"},
		{`<td>Alpha revenue share, Q1 2026</td><td class="d">2026-01 to 2026-03</td><td class="n">60.0%</td><td class="n">51.0%</td><td class="n">-9.0 pp</td><td class="n off">-14.9%`, "a fit row"},
		{`<a href="#chart-timeline">Event timeline</a>`, "the table of contents links each chart"},
		{`<figure id="chart-timeline">`, "each chart is a figure"},
		{"<strong>Figure 2.</strong> Policy &amp; releases.", "each chart's caption"},
		{`width="8" height="4" alt="LLM API: share"`, "each image has its size and title"},
	} {
		if !strings.Contains(page, tc.want) {
			t.Errorf("the page lacks %s: %q", tc.reason, tc.want)
		}
	}
	checkSelfContained(t, page, len(charts))
}

func TestWriteHTMLWithoutFitOrAssumptions(t *testing.T) {
	r := tinyResult()
	page := renderHTML(t, r, Meta{RunID: tinyRunID}, nil)
	for _, absent := range []string{`id="calibration"`, `id="assumptions"`, `id="charts"`, "<img"} {
		if strings.Contains(page, absent) {
			t.Errorf("the page has %q though meta and charts are empty", absent)
		}
	}
	checkSelfContained(t, page, 0)

	r.Months, r.Records = nil, nil
	page = renderHTML(t, r, Meta{RunID: tinyRunID}, nil)
	if !strings.Contains(page, "settled no months") {
		t.Error("a run without months should say so")
	}
	checkSelfContained(t, page, 0)
}

// TestWriteHTMLEscapes feeds hostile names, summaries and sources through
// the page: html/template must escape every one of them, in text and in
// attributes.
func TestWriteHTMLEscapes(t *testing.T) {
	const evil = `<script>alert("x")</script><img src=http://evil.example/x onerror=alert(1)>`
	r := tinyResult()
	r.Scenario = evil
	r.Companies[0].Name = evil
	r.Segments[0].Name = evil
	r.Log = append(r.Log, market.Entry{Day: 120, Kind: market.KindDecision, Actor: "alpha", Summary: evil, Cause: evil})
	meta := tinyMeta(r)
	meta.Title, meta.RunID, meta.Sets = evil, evil, []string{evil}
	meta.Assumptions[0].Source = evil
	charts := tinyCharts(t)
	charts[0].Title, charts[0].Caption = `" onload="alert(1)`, evil
	page := renderHTML(t, r, meta, charts)
	for _, bad := range []string{"<script", "<img src=http", `" onload="`, "onerror=alert(1)>"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	if n := strings.Count(page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"); n < 8 {
		t.Errorf("the hostile string shows escaped %d times, want it everywhere it was put (at least 8)", n)
	}
	checkSelfContained(t, page, len(charts))
}

func TestWriteHTMLIsDeterministic(t *testing.T) {
	r := tinyResult()
	charts := tinyCharts(t)
	a := renderHTML(t, r, tinyMeta(r), charts)
	b := renderHTML(t, tinyResult(), tinyMeta(tinyResult()), tinyCharts(t))
	if a != b {
		t.Error("two renders of the same run differ")
	}
}

// TestBaselineReportIsSelfContained renders the whole report of a baseline
// run twice, from its charts (drawn once; TestChartsAreByteIdentical checks
// that drawing them again gives the same bytes), and checks the bytes agree
// and the page needs nothing from outside.
func TestBaselineReportIsSelfContained(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("renders nineteen charts")
	}
	r, _ := baselineRun(t)
	charts := drawnBaseline(t) // TestChartsAreByteIdentical draws them again
	var pages [2]string
	for i := range pages {
		pages[i] = renderHTML(t, r, Meta{RunID: "id", ScenarioHash: "hash"}, charts)
		checkSelfContained(t, pages[i], len(charts))
	}
	if pages[0] != pages[1] {
		t.Error("two renders of the baseline report differ")
	}
}

// maxReportBytes is the most report.html of the baseline may weigh:
// small enough to mail and to open at once.
const maxReportBytes = 1_500_000

// TestBaselineReportSize checks the weight of the baseline's report
// against maxReportBytes, and that the charts, the bulk of it, are
// embedded as SVG text rather than base64.
func TestBaselineReportSize(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("renders nineteen charts")
	}
	r, _ := baselineRun(t)
	charts := drawnBaseline(t)
	page := renderHTML(t, r, Meta{RunID: "id", ScenarioHash: "hash"}, charts)
	if len(page) > maxReportBytes {
		t.Errorf("report.html of the baseline is %d bytes, more than %d", len(page), maxReportBytes)
	}
	svg := 0
	for _, c := range charts {
		svg += len(svgSrc(c.SVG))
	}
	if n := strings.Count(page, `<img src="data:image/svg+xml,<svg `); n != len(charts) || svg > len(page) {
		t.Errorf("%d of %d charts are embedded as SVG text (%d bytes of %d)", n, len(charts), svg, len(page))
	}
	t.Logf("report.html: %d bytes, of which charts %d", len(page), svg)
}

var (
	tagRE  = regexp.MustCompile(`(?s)<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	netRE  = regexp.MustCompile(`(?i)=\s*["']?\s*(https?:)?//`)
	dataRE = regexp.MustCompile(`(?i)\bsrc\s*=\s*"data:[^"]*"`) // an image's data URI, checked by imageData
	attrRE = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)
)

// voidElements have no end tag.
var voidElements = []string{"meta", "img", "br", "wbr", "hr", "input", "link", "source"}

// checkSelfContained fails the test if selfContained finds problems.
func checkSelfContained(t *testing.T, page string, images int) {
	t.Helper()
	for _, p := range selfContained(page, images) {
		t.Error(p)
	}
}

// selfContained parses page as a sequence of tags and returns its
// problems: elements that do not nest and close properly, images that are
// not the expected number of PNG data URIs, links that leave the page, and
// anything (a script, stylesheet, font, frame, CSS url() or network URL)
// that a browser would fetch or run.
func selfContained(page string, images int) []string {
	var out []string
	problem := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	var open []string
	imgs := 0
	for _, m := range tagRE.FindAllStringSubmatch(page, -1) {
		end, name, attrs := m[1] == "/", strings.ToLower(m[2]), m[3]
		if netRE.MatchString(dataRE.ReplaceAllString(attrs, `src="data:"`)) {
			problem("<%s%.80s> points to a URL on the network", name, attrs)
		}
		switch {
		case slices.Contains([]string{"script", "link", "iframe", "object", "embed", "base", "form"}, name):
			problem("the page has a <%s> element", name)
		case end:
			if n := len(open); n == 0 || open[n-1] != name {
				return append(out, fmt.Sprintf("</%s> closes %v", name, open))
			}
			open = open[:len(open)-1]
			continue
		case !slices.Contains(voidElements, name):
			open = append(open, name)
		}
		for _, a := range attrRE.FindAllStringSubmatch(attrs, -1) {
			key, val := strings.ToLower(a[1]), strings.Trim(a[2], `"'`)
			switch {
			case key == "src" && name == "img":
				imgs++
				if err := imageData(val); err != nil {
					problem("<img src=%.60q>: want a PNG or SVG data URI: %v", val, err)
				}
			case key == "href":
				if !strings.HasPrefix(val, "#") {
					problem("<%s href=%q>: links must stay within the page", name, val)
				}
			case key == "src" || key == "srcset" || key == "action" || key == "poster" || key == "data" || strings.HasPrefix(key, "on"):
				problem("<%s %s=%.60q>: nothing may be loaded or run", name, key, val)
			}
		}
	}
	if len(open) > 0 {
		problem("elements left open: %v", open)
	}
	if imgs != images {
		problem("%d images, want %d", imgs, images)
	}
	if i, j := strings.Index(page, "<style>"), strings.Index(page, "</style>"); i >= 0 && j > i {
		if style := page[i:j]; strings.Contains(style, "url(") || strings.Contains(style, "@import") {
			problem("the style loads something: it has url( or @import")
		}
	}
	return out
}

// TestSelfContainedCatches checks the checker: each page breaks one rule.
func TestSelfContainedCatches(t *testing.T) {
	uri := "data:image/png;base64," + base64.StdEncoding.EncodeToString(tinyPNG(t, 2, 2, color.Black))
	for _, tc := range []struct {
		name, page string
		images     int
	}{
		{"network image", `<p><img src="https://example.com/a.png"></p>`, 1},
		{"protocol-relative image", `<img src="//example.com/a.png">`, 1},
		{"network link", `<a href="http://example.com/">x</a>`, 0},
		{"relative link", `<a href="other.html">x</a>`, 0},
		{"script", `<script>alert(1)</script>`, 0},
		{"stylesheet", `<link rel="stylesheet" href="#x">`, 0},
		{"css url", `<style>body { background: url(x.png) }</style>`, 0},
		{"event handler", `<img src="` + uri + `" onload="alert(1)">`, 1},
		{"image not a PNG", `<img src="data:image/png;base64,AAAA">`, 1},
		{"SVG with a script", `<img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(`<svg><script>alert(1)</script></svg>`)) + `">`, 1},
		{"SVG with a handler", `<img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(`<svg onload="alert(1)"></svg>`)) + `">`, 1},
		{"broken SVG", `<img src="data:image/svg+xml;base64,` + base64.StdEncoding.EncodeToString([]byte(`<svg><g></svg>`)) + `">`, 1},
		{"SVG text with a script", `<img src="data:image/svg+xml,<svg><script>alert(1)</script></svg>">`, 1},
		{"SVG text cut at a fragment", `<img src="data:image/svg+xml,<svg><path fill='#000'/></svg>">`, 1},
		{"SVG text with a bad escape", `<img src="data:image/svg+xml,<svg>%zz</svg>">`, 1},
		{"SVG text with a style URL", `<img src="data:image/svg+xml,<svg><style>path{fill:url(x.svg)}</style></svg>">`, 1},
		{"SVG text with a link", `<img src="data:image/svg+xml,<svg><a xlink:href='https://example.com/'>x</a></svg>">`, 1},
		{"unclosed", `<section><table><tr><td>x</td></tr></section>`, 0},
		{"missing image", `<p>no chart</p>`, 1},
	} {
		if len(selfContained(tc.page, tc.images)) == 0 {
			t.Errorf("%s: %s passes the check", tc.name, tc.page)
		}
	}
	if p := selfContained(`<section><p><img src="`+uri+`" alt="x"><a href="#top">top</a></p></section>`, 1); len(p) > 0 {
		t.Errorf("a good page fails: %q", p)
	}
}

// imageData checks that an attribute value is the data URI of a PNG or of
// an SVG that is well-formed XML, loads nothing and runs nothing. The data
// is base64 or, for an SVG, percent-encoded text.
func imageData(attr string) error {
	uri := html.UnescapeString(attr)
	var b []byte
	kind, b64, ok := strings.Cut(uri, ";base64,")
	if ok {
		var err error
		if b, err = base64.StdEncoding.DecodeString(b64); err != nil {
			return err
		}
	} else {
		var text string
		if kind, text, ok = strings.Cut(uri, ","); !ok || kind != "data:image/svg+xml" {
			return errors.New("not a base64 data URI or an SVG one")
		}
		if strings.ContainsAny(text, "#\t\n\r") {
			return errors.New("the SVG data URI has a character a URL reads differently (#, a tab or a line break)")
		}
		s, err := url.PathUnescape(text)
		if err != nil {
			return err
		}
		b = []byte(s)
	}
	switch kind {
	case "data:image/png":
		_, err := png.DecodeConfig(bytes.NewReader(b))
		return err
	case "data:image/svg+xml":
		if bytes.Contains(b, []byte("url(")) || bytes.Contains(b, []byte("@import")) {
			return errors.New("the SVG's style loads something: it has url( or @import")
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			if el, ok := tok.(xml.StartElement); ok {
				switch strings.ToLower(el.Name.Local) {
				case "script", "foreignobject", "use", "image":
					return fmt.Errorf("the SVG has a <%s>", el.Name.Local)
				}
				for _, a := range el.Attr {
					if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || a.Name.Local == "href" {
						return fmt.Errorf("the SVG has a %s attribute", a.Name.Local)
					}
					if a.Name.Local != "xmlns" && strings.Contains(a.Value, "//") {
						return fmt.Errorf("the SVG's %s attribute points to a URL: %q", a.Name.Local, a.Value)
					}
				}
			}
		}
	}
	return fmt.Errorf("an image of type %q", kind)
}

// BenchmarkReport renders everything a run's report needs for one baseline
// run: the nineteen charts, report.html and summary.md. The target is
// well under two seconds.
func BenchmarkReport(b *testing.B) {
	r, table := baselineRun(b)
	meta := Meta{RunID: "id", ScenarioHash: "hash"}
	var w bytes.Buffer
	for b.Loop() {
		charts, err := Charts(r, table)
		if err != nil {
			b.Fatal(err)
		}
		w.Reset()
		if err := WriteHTML(&w, r, meta, charts); err != nil {
			b.Fatal(err)
		}
		if err := WriteSummary(&w, r, meta); err != nil {
			b.Fatal(err)
		}
	}
}
