package main

import (
	"html"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestReportPrintsToPDF prints report.html to PDF with headless Chromium,
// as a reader's "Print to PDF" does, and checks with pdftotext that the
// wide tables survive: every source in the assumptions table and in the
// calibration table is in the PDF in full, and so is the last column's
// heading. It skips without chromium or pdftotext (Debian: apt-get install
// chromium poppler-utils).
func TestReportPrintsToPDF(t *testing.T) {
	t.Parallel()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not on PATH (apt-get install poppler-utils)")
	}
	seen := browsedReport(t)
	page := seen.page
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", seen.pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := newWordIndex(string(out))
	src, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	sources := sourceCells(string(src))
	if len(sources) < 50 {
		t.Fatalf("found only %d source cells in report.html; the table's markup changed?", len(sources))
	}
	missing := 0
	for _, s := range sources {
		if !text.has(s) {
			if missing++; missing <= 5 {
				t.Errorf("the PDF lacks the source %q", s)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d sources are missing from the printed report", missing, len(sources))
	}
	for _, head := range []string{"Relative error", "Reason or source"} {
		if strings.Contains(string(src), head) && !text.has(head) {
			t.Errorf("the PDF lacks the column heading %q", head)
		}
	}
}

// sourceCellRE matches the last cell of an assumptions or calibration row.
var sourceCellRE = regexp.MustCompile(`<td(?: class="gap")?>([^<]{12,})</td></tr>`)

// sourceCells returns the text of every row's last cell that is long
// enough to be a source.
func sourceCells(page string) []string {
	var out []string
	for _, m := range sourceCellRE.FindAllStringSubmatch(page, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

// wordIndex is the words of a PDF's text with where each occurs.
// Printed tables interleave the lines of neighbouring cells, so a cell's
// words are found in order with a few other words between them.
type wordIndex struct {
	words []string
	at    map[string][]int
}

func newWordIndex(text string) *wordIndex {
	x := &wordIndex{words: words(text), at: map[string][]int{}}
	for i, w := range x.words {
		x.at[w] = append(x.at[w], i)
	}
	return x
}

// maxGap is how many other words may come between two words of a cell:
// the lines of the other cells of its row.
const maxGap = 12

// has reports whether the words of s occur in order, each within maxGap
// words of the one before.
func (x *wordIndex) has(s string) bool {
	want := words(s)
	if len(want) == 0 {
		return true
	}
next:
	for _, start := range x.at[want[0]] {
		i := start
		for _, w := range want[1:] {
			j := i + 1
			for ; j < len(x.words) && j <= i+maxGap+1; j++ {
				if x.words[j] == w {
					break
				}
			}
			if j >= len(x.words) || j > i+maxGap+1 {
				continue next
			}
			i = j
		}
		return true
	}
	return false
}

// words splits text into words, and words after each '-' and '/', where
// the printer may break a line.
func words(text string) []string {
	var out []string
	for _, f := range strings.Fields(text) {
		for f != "" {
			i := strings.IndexAny(f, "-/")
			if i < 0 || i == len(f)-1 {
				out = append(out, f)
				break
			}
			out = append(out, f[:i+1])
			f = f[i+1:]
		}
	}
	return out
}
