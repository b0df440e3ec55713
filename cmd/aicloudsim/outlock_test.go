package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// TestSecondWriterIsRefused holds an output folder's lock as a running
// command does and checks that every command writing there fails at once
// with exit 2 naming the holder's PID, and writes nothing.
func TestSecondWriterIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	unlock, err := reports.LockOutDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	want := fmt.Sprintf("%s is being written by process %d", dir, os.Getpid())
	for _, args := range [][]string{
		{"run", tinyScenario},
		{"montecarlo", tinyScenario, "--runs", "4"},
		{"montecarlo", tinyScenario, "--runs", "4", "--shard", "1/2"},
		{"sweep", tinyScenario, "--set", "costs.pue=1.1..1.3:3"},
		{"sensitivity", tinyScenario},
		{"compare", tinyScenario, tinyScenario},
	} {
		r := cli(t, append(args, "--out", dir, "--quiet")...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
		if _, err := os.Stat(dir); err == nil {
			t.Fatalf("%s wrote %s while another process held it", args[0], dir)
		}
	}
}

// TestSecondGameWriterIsRefused holds a game folder's lock as a running
// play next does and checks that play next and play init fail at once
// with exit 2 naming the holder, and that the game stays where it was.
func TestSecondGameWriterIsRefused(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "game")
	mustRun(t, "play", "init", "baseline", "--teams", "alibaba", "--rounds", "2", "--out", dir)
	before, err := os.ReadFile(filepath.Join(dir, "game.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	unlock, err := reports.LockOutDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("%s is being written by process %d", dir, os.Getpid())
	for _, args := range [][]string{
		{"play", "next", dir},
		{"play", "init", "baseline", "--teams", "alibaba", "--out", dir},
	} {
		if r := cli(t, args...); r.code != exitBadInput || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), r.code, r.stderr, want)
		}
	}
	if r := cli(t, "play", "status", dir); r.code != exitOK {
		t.Errorf("play status, which only reads, while play next runs: exit %d, stderr %q", r.code, r.stderr)
	}
	unlock()
	after, err := os.ReadFile(filepath.Join(dir, "game.yaml"))
	if err != nil || string(after) != string(before) {
		t.Errorf("game.yaml changed under the lock: %v", err)
	}
	mustRun(t, "play", "next", dir)
}

// TestRecoversFromDeadWriter leaves what a killed writer leaves beside an
// output folder and checks that the next command tidies it.
func TestRecoversFromDeadWriter(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	mustRun(t, "run", tinyScenario, "--out", dir, "--quiet", "--charts=false")
	for _, name := range []string{".tmp-123", ".old-456", ".running-789"} {
		if err := os.MkdirAll(filepath.Join(dir+name, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r := mustRun(t, "run", tinyScenario, "--out", dir, "--quiet", "--charts=false")
	if !strings.Contains(r.stderr, "removed "+dir+".tmp-123, left by an interrupted run") {
		t.Errorf("stderr %q does not say what it removed", r.stderr)
	}
	if m, _ := filepath.Glob(dir + ".*-*"); len(m) > 0 {
		t.Errorf("left behind: %q", m)
	}
}

// TestEmptyOutIsRefused: an empty --out is a mistake (an unset variable), not
// the default folder.
func TestEmptyOutIsRefused(t *testing.T) {
	for _, args := range [][]string{{"run", tinyScenario}, {"montecarlo", tinyScenario}, {"sweep", tinyScenario}, {"merge", "x"}} {
		r := cli(t, append(args, "--out", "")...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "--out '': give a folder") {
			t.Errorf("%s --out '': exit %d, stderr %q", args[0], r.code, r.stderr)
		}
	}
}
