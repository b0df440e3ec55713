package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// repeat joins n copies of line, formatted with its index.
func repeat(n int, line string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, line, i)
	}
	return b.String()
}

// Every limit on what one scenario may ask for fails fast with a message
// at a position, instead of running out of memory or for hours.
func TestLimits(t *testing.T) {
	t.Parallel()
	segs := []string{"llm-api", "multimodal-api", "compute-rental", "consumer-assistant", "global-open-models"}
	cohorts := func(n int) string {
		src := "segments:\n"
		for _, s := range segs {
			src += fmt.Sprintf("  %s: {buyers: {cohorts: %d}}\n", s, n)
		}
		return src
	}
	for _, tc := range []struct {
		name, src, want, reason string
	}{
		{"horizon", "end: 2100-01-01\n", "child.yaml:2:6: a run from 2026-01-01 to 2100-01-01 is 27029 days; the longest is 18263 days (about 50 years)",
			"a run is at most about 50 years"},
		{"horizon beyond durations", "start: 0001-01-01\nend: 9999-12-31\n", "child.yaml:3:6: a run from 0001-01-01 to 9999-12-31 is 3652059 days",
			"the day count does not saturate at 292 years"},
		{"short horizon", "end: 2026-01-15\n", "child.yaml:2:6: end 2026-01-15 must be more than a month after start 2026-01-01", "at least one month"},
		{"cohorts", cohorts(4500), "child.yaml:7:32: segment global-open-models takes the buyer cohorts of all segments to 22500; the limit is 20000",
			"20,000 cohorts across segments"},
		{"cohort months", "end: 2075-12-31\n" + cohorts(4000) + "providers:\n" + repeat(23, "  p%d: {name: p, western: true, segments: {global-open-models: {}}}\n"),
			"child.yaml:2:6: 20000 cohorts × 32 providers × 600 months is 384M cohort-months to simulate; the limit is 250M: use fewer cohorts or providers, or an earlier end",
			"cohorts × providers × months bounds the run time"},
		{"chips", "chips:\n" + repeat(201, "  c%d: {name: x}\n"), "child.yaml:3:3: chips has 208 entries; the limit is 200", "at most 200 chips"},
		{"events", "events:\n" + repeat(10001, "  - {date: 2026-03-01, kind: news, summary: x%d}\n"), "child.yaml:3:3: events has 10001 entries; the limit is 10000",
			"at most 10,000 events"},
		{"festivals", "segments: {llm-api: {festivals: [" + strings.Repeat("{name: f, from: 2026-02-01, days: 5, multiplier: 1.1}, ", 10001) + "]}}\n",
			"segments.llm-api.festivals has 10001 entries; the limit is 10000", "at most 10,000 festivals a segment"},
		{"long id", "models: {" + strings.Repeat("m", 65) + ": {}}\n", "child.yaml:2:10: id mmmmmmmmmmmmmmmmmmmm... in models has 65 characters; ids have at most 64",
			"ids are short"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, err := buildChild("extends: baseline\n" + tc.src)
			var l ErrorList
			if !errors.As(err, &l) || !strings.Contains(l[0].Error(), tc.want) {
				t.Errorf("%s\ngot  %v\nwant %s", tc.reason, err, tc.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// 20,000 cohorts, the most allowed, build for the baseline's five years
// and seven providers.
func TestLimitsAllowLargeRuns(t *testing.T) {
	src := "extends: baseline\nsegments:\n"
	for _, s := range []string{"llm-api", "multimodal-api", "compute-rental", "consumer-assistant", "global-open-models"} {
		src += fmt.Sprintf("  %s: {buyers: {cohorts: 4000}}\n", s)
	}
	if _, err := buildChild(src); err != nil {
		t.Errorf("20,000 cohorts for five years must build: %v", err)
	}
}

// The nodes of a scenario and its parents count together, so a chain of
// files each just under the limit cannot add up to many times it.
func TestExtendsChainNodeLimit(t *testing.T) {
	big := "x: [" + strings.Repeat("1, ", 600) + "]\n"
	res := files(map[string]string{"a.yaml": "extends: b\n" + big, "b.yaml": "extends: c\n" + big, "c.yaml": big})
	_, err := Load("child.yaml", []byte("extends: a\n"+big), res, Limits{MaxNodes: 1500})
	if err == nil || !strings.Contains(err.Error(), "with its parents the scenario has more than 1500 nodes") {
		t.Errorf("got %v, want the chain's node limit", err)
	}
}

// A device (which Stat cannot size) is not read at all; a file is read
// only up to the limit.
func TestReadAtMost(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err := readAtMost("/dev/zero", 1000)
		if err == nil || !strings.Contains(err.Error(), "/dev/zero is a device, not a regular file") {
			t.Errorf("/dev/zero: got %v", err)
		}
	}
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := readAtMost(p, 8); err != nil || string(b) != "name: x\n" {
		t.Errorf("a file at the limit: %q, %v", b, err)
	}
	if _, err := readAtMost(p, 7); err == nil {
		t.Error("a file one byte over the limit was read")
	}
}

// Error lists print at most 100 problems, and a message quoting a huge
// key or value is cut short.
func TestErrorListBounds(t *testing.T) {
	var l ErrorList
	for i := range 150 {
		l.Addf(Pos{File: "f.yaml", Line: i + 1}, "problem %d", i)
	}
	l.Addf(Pos{File: "f.yaml", Line: 200}, "unknown key %q", strings.Repeat("k", 10000))
	lines := strings.Split(l.Error(), "\n")
	if len(lines) != 101 || lines[100] != "... and 51 more problems" {
		t.Errorf("%d lines, last %q; want 100 problems and a count", len(lines), lines[len(lines)-1])
	}
	if m := l[150].Msg; len(m) > 510 || !strings.HasSuffix(m, "...") {
		t.Errorf("a long message is %d bytes", len(m))
	}
}
