package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSIGKILLLosesOnlyRunsInFlight kills a Monte Carlo process outright
// while it runs, and checks that --resume continues from the runs it had
// finished (saved in its checkpoint) to the same outputs, byte for byte,
// as an uninterrupted study, also when the checkpoint's last record is
// torn; and that a checkpoint with a damaged byte is refused (exit 2,
// naming it), with --resume or without.
func TestSIGKILLLosesOnlyRunsInFlight(t *testing.T) {
	bin := buildBinary(t)
	tmp := t.TempDir()
	scenario, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	const runs = "2000"
	whole := filepath.Join(tmp, "whole")
	mustRun(t, "montecarlo", scenario, "--runs", runs, "--out", whole, "--quiet")
	want := readDir(t, whole, ensembleFiles)

	dir := filepath.Join(tmp, "mc")
	cmd := process(bin, nil, "aicloudsim", "montecarlo", scenario, "--runs", runs, "--jobs", "2", "--out", dir, "--quiet")
	cp := checkpointPath(dir)
	killWhen(t, cmd, "a checkpoint", func() bool {
		st, err := os.Stat(cp)
		return err == nil && st.Size() > 20<<10
	})
	if _, err := os.Stat(dir); err == nil {
		t.Skip("the study finished before it was killed")
	}
	saved, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	args := []string{"montecarlo", scenario, "--runs", runs, "--out", dir}
	r := cli(t, args...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "saved in "+cp+" by a process that was killed); add --resume") {
		t.Errorf("without --resume: exit %d, stderr %q", r.code, r.stderr)
	}
	damaged := bytes.Clone(saved)
	damaged[len(damaged)*2/3] ^= 0x10
	if err := os.WriteFile(cp, damaged, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{args, append(args, "--resume")} {
		if r := cli(t, args...); r.code != exitBadInput || !strings.Contains(r.stderr, cp+": damaged at byte") {
			t.Errorf("a damaged checkpoint, %q: exit %d, stderr %q", args[len(args)-1], r.code, r.stderr)
		}
	}
	for _, tc := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"as killed", func(b []byte) []byte { return b }},
		{"torn last record", func(b []byte) []byte { return b[:len(b)-7] }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(dir)
			if err := os.WriteFile(cp, tc.edit(bytes.Clone(saved)), 0o644); err != nil {
				t.Fatal(err)
			}
			interruptAfter = 1 // the resumed study stops after one more run: what it kept shows
			r := cli(t, append(args, "--resume", "--quiet")...)
			interruptAfter = 0
			if r.code != exitRunFailed {
				t.Fatalf("resume: exit %d, stderr %s", r.code, r.stderr)
			}
			if done := progressOf(t, dir)["done"].(float64); done < 10 {
				t.Errorf("only %v runs done after resuming: the checkpoint's runs were lost", done)
			}
			if _, err := os.Stat(cp); err == nil {
				t.Error("the checkpoint outlived the outputs that hold its runs")
			}
			mustRun(t, append(args, "--resume", "--quiet")...)
			sameFiles(t, "killed and resumed", readDir(t, dir, ensembleFiles), want)
		})
	}
}

// killWhen starts cmd, waits until ready (what it waits for) reports
// true, at most 30 s, and kills the process outright (SIGKILL).
func killWhen(t *testing.T, cmd *exec.Cmd, what string, ready func() bool) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !ready() {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no %s within 30 s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}
