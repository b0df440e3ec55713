package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// TestRunWritesReport checks report.html: its charts in the shared
// baseline run, and the rest in a run with an override and no charts.
func TestRunWritesReport(t *testing.T) {
	t.Parallel()
	base, r := baselineRun(t)
	files := readOut(t, base)
	if want := "wrote " + base + ": report.html, summary.md, metrics.csv, events.jsonl, scenario.yaml, datapackage.json and 19 charts\n"; !strings.HasPrefix(r.stdout, want) {
		t.Errorf("stdout should name the main files and count the charts:\n got %q\nwant %q", strings.SplitAfter(r.stdout, "\n")[0], want)
	}
	page := string(files["report.html"])
	if len(page) > 1_500_000 {
		t.Errorf("report.html is %d bytes, more than 1.5 MB", len(page))
	}
	for name, png := range files {
		if strings.HasSuffix(name, ".png") && !strings.Contains(page, `id="chart-`+strings.TrimSuffix(name, ".png")+`"`) {
			t.Errorf("report.html lacks the chart %s", name)
		}
		if strings.HasSuffix(name, ".png") && len(png) < 10_000 {
			t.Errorf("%s is %d bytes: is it empty?", name, len(png))
		}
	}
	dir := filepath.Join(t.TempDir(), "run")
	mustRun(t, "run", "--quiet", "--out", dir, "--set", "costs.pue=1.4", "--charts=false")
	page = string(readData(t, dir)["report.html"])
	for _, tc := range []struct{ want, reason string }{
		{"<h1>China AI cloud race", "the scenario's title"},
		{"<code>--set costs.pue=1.4</code>", "the overrides"},
		{`<td class="path"><code>chips.zhenwu-810e.memory_bandwidth</code></td><td class="n">1800 GB/s</td><td class="n">700 GB/s to 2000 GB/s</td><td>facts §1`, "an assumption with its range and source"},
		{`<td class="path"><code>costs.pue</code></td><td class="n">1.4</td>`, "the overridden number"},
		{"— match-lowest: ", "a decision's reason"},
		{"Nvidia", "Nvidia's China business"},
	} {
		if !strings.Contains(page, tc.want) {
			t.Errorf("report.html lacks %s: %q", tc.reason, tc.want)
		}
	}
	if !strings.Contains(page, `id="calibration"`) || !strings.Contains(page, "Volcano Engine token share, Q1 2026") {
		t.Error("the baseline lists targets for its first quarter, so its report should have the calibration table")
	}
}

// A scenario without targets gets no calibration section.
func TestRunWithoutTargetsHasNoCalibration(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "plain")
	mustRun(t, "run", "baseline", "--quiet", "--out", dir, "--set", "targets=[]", "--charts=false")
	if files := readData(t, dir); bytes.Contains(files["report.html"], []byte(`id="calibration"`)) {
		t.Error("a scenario with no targets should have no calibration table")
	}
}

func TestRunReportsCalibration(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "history")
	mustRun(t, "run", "history", "--quiet", "--out", dir, "--charts=false")
	files := readData(t, dir)
	for _, f := range []string{"report.html", "summary.md"} {
		if !bytes.Contains(files[f], []byte("Calibration against the sources")) || !bytes.Contains(files[f], []byte("Omdia via facts §3")) {
			t.Errorf("%s of the history backtest lacks the calibration table", f)
		}
	}
}

func TestRunRejectsBadTargets(t *testing.T) {
	tmp := t.TempDir()
	file := filepath.Join(tmp, "bad-target.yaml")
	src := "extends: baseline\nname: bad-target\ntargets:\n  - {name: x, kind: revenue_shares, company: alibaba, from: 2026-01-01, to: 2026-06-30, value: 30%, source: test}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	r := cli(t, "run", file, "--out", out)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "bad-target.yaml:4:") || !strings.Contains(r.stderr, `not "revenue_shares"`) {
		t.Errorf("exit %d, stderr %q; want 2 and the target's position", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a run with a bad target wrote output")
	}
}

// TestRunReplacesOlderOutput checks that a folder written before the run
// wrote report.html and datapackage.json, holding only the four files it
// wrote then, is still replaced: the set of files has grown, not changed.
func TestRunReplacesOlderOutput(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "old")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"events.jsonl", "metrics.csv", "scenario.yaml", "summary.md"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustRun(t, "run", "--quiet", "--out", dir, "--charts=false")
	if files := readData(t, dir); string(files["summary.md"]) == "old" {
		t.Error("summary.md was not replaced")
	}
	mustRun(t, "run", "--quiet", "--out", dir, "--charts=false") // and the new output replaces itself
	readData(t, dir)
}

// TestReportInChromium opens report.html in headless Chromium, as
// scripts/screenshot-report.sh does, and checks that the browser draws a
// page: the screenshot exists and is not blank, and the DOM it parsed has
// the report's title and every chart. It needs the chromium command
// (Debian's chromium package) and skips without it.
func TestReportInChromium(t *testing.T) {
	t.Parallel()
	seen := browsedReport(t)
	b, err := os.ReadFile(seen.shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got.Dx() != 1400 || got.Dy() != 4000 {
		t.Errorf("screenshot is %v, want 1400×4000", got)
	}
	if ink, distinct := inked(img); ink < 0.02 || distinct < 50 {
		t.Errorf("the screenshot looks blank: %.2f%% of the pixels inked, %d distinct grey levels", 100*ink, distinct)
	}

	dom := seen.dom
	if !strings.Contains(dom, "<h1>China AI cloud race") {
		t.Errorf("the DOM Chromium parsed lacks the title:\n%.500s", dom)
	}
	if n := strings.Count(dom, "<img "); n != 19 {
		t.Errorf("the DOM Chromium parsed has %d images, want the 19 charts", n)
	}
}

// browsed is what headless Chromium made of the shared baseline run's
// report.html (see baselineRun): a screenshot, a PDF printed as a reader's
// "Print to PDF" does, and the DOM it parsed.
type browsed struct {
	page, shot, pdf, dom string
}

// browser is the one Chromium session the browser tests share: starting
// Chromium and loading the report cost seconds, so one launch makes the
// screenshot, the PDF and the DOM together.
var browser struct {
	once sync.Once
	seen browsed
	err  error
}

// browsedReport returns what Chromium made of the baseline's report. It
// skips without the chromium command (Debian's chromium package), with
// -short, and unless the long checks are asked for (AICLOUDSIM_LONG_TESTS=1).
func browsedReport(t *testing.T) browsed {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH; install it (apt-get install chromium) to check report.html in a browser")
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	testenv.SkipUnlessLong(t, "drives Chromium")
	dir, _ := baselineRun(t)
	browser.once.Do(func() {
		tmp := filepath.Join(binary.dir, "chromium")
		s := browsed{shot: filepath.Join(tmp, "report.png"), pdf: filepath.Join(tmp, "report.pdf")}
		if s.page, browser.err = filepath.Abs(filepath.Join(dir, "report.html")); browser.err == nil {
			s.dom, browser.err = chromium(path, tmp, "--screenshot="+s.shot, "--window-size=1400,4000",
				"--print-to-pdf="+s.pdf, "--no-pdf-header-footer", "--dump-dom", "file://"+s.page)
		}
		browser.seen = s
	})
	if browser.err != nil {
		t.Fatal(browser.err)
	}
	return browser.seen
}

// chromium runs headless Chromium with args and a fresh profile under tmp,
// with networking features that would reach out turned off, and returns
// its standard output.
func chromium(browser, tmp string, args ...string) (string, error) {
	profile := filepath.Join(tmp, "profile")
	if err := os.MkdirAll(profile, 0o755); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile,
	}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// inked returns the share of pixels, on a 4-pixel grid, that are not
// white, and how many distinct grey levels (by luminance) it saw.
func inked(img image.Image) (float64, int) {
	b := img.Bounds()
	levels := map[uint32]bool{}
	var n, ink int
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl, _ := img.At(x, y).RGBA()
			l := (299*r + 587*g + 114*bl) / 1000 >> 8
			levels[l] = true
			n++
			if l < 0xf0 {
				ink++
			}
		}
	}
	return float64(ink) / float64(n), len(levels)
}
