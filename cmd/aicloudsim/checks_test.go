package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A check with severity error that fails stops the run with exit code 1
// and the violation's date and values, and writes nothing; with severity
// warn the run completes and the violation is in the event log.
func TestRunChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "class.yaml")
	src := "extends: baseline\nname: class\nchecks:\n  - {check: share-at-most, company: bytedance, segment: llm-api, max: 40%}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	r := cli(t, "run", file, "--out", out)
	want := "check share-at-most failed on 2026-01-01: bytedance llm-api volume share 49.2% is above 40.0% (declared at " + filepath.ToSlash(file) + ":4:5)\n"
	if r.code != exitRunFailed || r.stderr != want {
		t.Errorf("exit %d, stderr %q\nwant exit 1, %q", r.code, r.stderr, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed check left an output folder")
	}

	if err := os.WriteFile(file, []byte(strings.Replace(src, "max: 40%}", "max: 40%, severity: warn}", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "run", file, "--out", out, "--quiet", "--charts=false")
	b, err := os.ReadFile(filepath.Join(out, "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if events := string(b); !strings.Contains(events, `"kind":"check"`) || !strings.Contains(events, "check share-at-most: bytedance llm-api volume share 49.2% is above 40.0%") {
		t.Errorf("events.jsonl lacks the warning:\n%.2000s", events)
	}
}
