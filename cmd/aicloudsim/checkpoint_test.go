package main

import (
	"bytes"
	binenc "encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSIGKILLLosesOnlyRunsInFlight kills a Monte Carlo process outright
// while it runs, after its checkpoint has been replaced by snapshots, and
// checks that --resume continues from the runs it had finished (saved in
// its checkpoint and runs.csv) to the same outputs, byte for byte, as an
// uninterrupted study, also when the checkpoint's last record is torn;
// and that a damaged byte anywhere in the checkpoint (its header, its
// snapshot, its runs) or in the saved rows, or rows gone, is refused
// (exit 2, naming the file), with --resume or without.
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
	cp, rowsPath := checkpointPath(dir), checkpointRowsPath(dir)
	killWhen(t, cmd, "a checkpoint", func() bool {
		st, err := os.Stat(rowsPath)
		return err == nil && st.Size() > 40<<10
	})
	if _, err := os.Stat(dir); err == nil {
		t.Skip("the study finished before it was killed")
	}
	saved, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}
	savedRows, err := os.ReadFile(rowsPath)
	if err != nil {
		t.Fatal(err)
	}
	restore := func(t *testing.T, log, rows []byte) {
		t.Helper()
		if err := os.WriteFile(cp, log, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rowsPath, rows, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(saved) > 200<<10 {
		t.Errorf("the checkpoint holds %d bytes: snapshots should keep it small", len(saved))
	}
	args := []string{"montecarlo", scenario, "--runs", runs, "--out", dir}
	r := cli(t, args...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "saved in "+cp+" by a process that was killed); add --resume") {
		t.Errorf("without --resume: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, off := range damageOffsets(t, saved) {
		damaged := bytes.Clone(saved)
		damaged[off] ^= 0x10
		restore(t, damaged, savedRows)
		for _, args := range [][]string{args, append(args, "--resume")} {
			if r := cli(t, args...); r.code != exitBadInput || !strings.Contains(r.stderr, cp+": damaged at byte") {
				t.Errorf("the checkpoint damaged at byte %d, %q: exit %d, stderr %q", off, args[len(args)-1], r.code, r.stderr)
			}
		}
	}
	for _, rows := range [][]byte{flipped(savedRows, 0), flipped(savedRows, 300), savedRows[:200], nil} {
		restore(t, saved, rows)
		if rows == nil {
			os.Remove(rowsPath)
		}
		if r := cli(t, append(args, "--resume")...); r.code != exitBadInput || !strings.Contains(r.stderr, rowsPath) {
			t.Errorf("saved rows damaged, cut or gone: exit %d, stderr %q", r.code, r.stderr)
		}
	}
	for _, tc := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"as killed", func(b []byte) []byte { return b }},
		// A run record torn by the kill; when the kill came right after a
		// snapshot replaced the log (snapshots are written whole, by rename),
		// the first 7 bytes of the next run record stand for it.
		{"torn last record", func(b []byte) []byte {
			if len(b) > snapshotEnd(b) {
				return b[:len(b)-7]
			}
			return append(b, 0x40, 0, 0, 0, 0xbf, 0xff, 0xff)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.RemoveAll(dir)
			restore(t, tc.edit(bytes.Clone(saved)), savedRows)
			interruptAfter = 1 // the resumed study stops after one more run: what it kept shows
			r := cli(t, append(args, "--resume", "--quiet")...)
			interruptAfter = 0
			if r.code != exitRunFailed {
				t.Fatalf("resume: exit %d, stderr %s", r.code, r.stderr)
			}
			if done := progressOf(t, dir)["done"].(float64); done < 100 {
				t.Errorf("only %v runs done after resuming: the checkpoint's runs were lost", done)
			}
			for _, p := range []string{cp, rowsPath, cp + ".new"} {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("%s outlived the outputs that hold its runs", p)
				}
			}
			mustRun(t, append(args, "--resume", "--quiet")...)
			sameFiles(t, "killed and resumed", readDir(t, dir, ensembleFiles), want)
		})
	}
}

// snapshotEnd is the offset just after a Monte Carlo checkpoint's header
// and snapshot (its first two records).
func snapshotEnd(log []byte) int {
	head := 8 + int(binenc.LittleEndian.Uint32(log)) + 4
	return head + 8 + int(binenc.LittleEndian.Uint32(log[head:])) + 4
}

// damageOffsets returns offsets spread over a Monte Carlo checkpoint and,
// more densely, over its snapshot (its second record), which must hold
// some runs.
func damageOffsets(t *testing.T, log []byte) []int {
	t.Helper()
	if len(log) < 8 {
		t.Fatalf("a checkpoint of %d bytes", len(log))
	}
	head := 8 + int(binenc.LittleEndian.Uint32(log)) + 4
	if len(log) < head+8 {
		t.Fatalf("a checkpoint of %d bytes without a snapshot", len(log))
	}
	snap := 8 + int(binenc.LittleEndian.Uint32(log[head:])) + 4
	if done, n := binenc.Uvarint(log[head+9:]); log[head+8] != 'S' || n <= 0 || done == 0 {
		t.Fatalf("the checkpoint's second record is not a snapshot of some runs: the process was killed before a snapshot replaced its first")
	} else {
		t.Logf("killed with a checkpoint of %d bytes: a snapshot of %d runs (%d bytes) and %d bytes of runs after it", len(log), done, snap, len(log)-head-snap)
	}
	offs := flipOffsets(len(log), 10)
	for _, o := range flipOffsets(snap, 10) {
		offs = append(offs, head+o)
	}
	return offs
}

// flipped returns a copy of b with a bit of byte off flipped.
func flipped(b []byte, off int) []byte {
	d := bytes.Clone(b)
	d[off] ^= 0x02
	return d
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
