package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// flipOffsets returns up to n offsets spread over a file of size bytes,
// always including the first and the last byte.
func flipOffsets(size, n int) []int {
	if size <= n {
		out := make([]int, size)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, n)
	for i := range out {
		out[i] = i * (size - 1) / (n - 1)
	}
	return out
}

// damage changes the file at path with edit and returns a function that
// restores it.
func damage(t *testing.T, path string, edit func([]byte) []byte) (restore func()) {
	t.Helper()
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, edit(append([]byte(nil), orig...)), 0o644); err != nil {
		t.Fatal(err)
	}
	return func() {
		if err := os.WriteFile(path, orig, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMergeRefusesDamagedShards flips one bit at many offsets of every
// file merge reads, and truncates each, and checks that merge refuses every
// damaged shard with exit 2 naming the file, and writes nothing. The plain
// run flips bits at 10 offsets of each file; the long checks
// (AICLOUDSIM_LONG_TESTS=1) at 40.
func TestMergeRefusesDamagedShards(t *testing.T) {
	t.Parallel()
	offsets := 10
	if testenv.Long() {
		offsets = 40
	}
	tmp := t.TempDir()
	var shards []string
	for _, sh := range []string{"0/2", "1/2"} {
		dir := filepath.Join(tmp, "s"+sh[:1])
		mustRun(t, "montecarlo", tinyScenario, "--runs", "6", "--shard", sh, "--out", dir, "--quiet")
		shards = append(shards, dir)
	}
	out := filepath.Join(tmp, "merged")
	args := append([]string{"merge", "--quiet", "--out", out}, shards...)
	mustRun(t, args...)
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	refused := func(what, name string) {
		t.Helper()
		r := cli(t, args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, name) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %s", what, r.code, r.stderr, name)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: merge wrote %s", what, out)
			os.RemoveAll(out)
		}
	}
	for _, name := range append([]string{"manifest.json"}, checkedFiles...) {
		path := filepath.Join(shards[1], name)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range flipOffsets(int(st.Size()), offsets) {
			for _, bit := range []byte{0x01, 0x20} {
				restore := damage(t, path, func(b []byte) []byte { b[off] ^= bit; return b })
				refused(name+" with a bit flipped at "+strconv.Itoa(off), name)
				restore()
			}
		}
		restore := damage(t, path, func(b []byte) []byte { return b[:len(b)/2] })
		refused(name+" truncated", name)
		restore()
		restore = damage(t, path, func(b []byte) []byte { return append(b, '\n') })
		refused(name+" with a byte appended", name)
		restore()
	}
	if err := os.Remove(filepath.Join(shards[0], "manifest.json")); err != nil {
		t.Fatal(err)
	}
	refused("a shard without its manifest", "manifest.json")
}

// TestResumeRefusesDamagedOutput damages an interrupted study's files and
// checks that --resume refuses each with exit 2 naming the file.
func TestResumeRefusesDamagedOutput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mc")
	args := []string{"montecarlo", tinyScenario, "--runs", "30", "--jobs", "1", "--out", dir, "--quiet"}
	interruptAfter = 4
	r := cli(t, args...)
	interruptAfter = 0
	if r.code != exitRunFailed {
		t.Fatalf("interrupting: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, name := range append([]string{"manifest.json"}, checkedFiles...) {
		path := filepath.Join(dir, name)
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, off := range flipOffsets(int(st.Size()), 8) {
			restore := damage(t, path, func(b []byte) []byte { b[off] ^= 0x04; return b })
			r := cli(t, append(args, "--resume")...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, name) {
				t.Errorf("%s with a bit flipped at %d: exit %d, stderr %q; want exit 2 naming it", name, off, r.code, r.stderr)
			}
			restore()
		}
	}
	mustRun(t, append(args, "--resume")...)
}
