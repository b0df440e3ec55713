//go:build unix

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cliWithin runs args and fails the test if they take longer than d (a
// read of a FIFO would block forever).
func cliWithin(t *testing.T, d time.Duration, args ...string) result {
	t.Helper()
	done := make(chan result, 1)
	go func() { done <- cli(t, args...) }()
	select {
	case r := <-done:
		return r
	case <-time.After(d):
		t.Fatalf("aicloudsim %s still running after %v", strings.Join(args, " "), d)
	}
	return result{}
}

// TestInputsMustBeRegularFiles gives FIFOs and devices as scenarios and
// checks that each is refused at once with exit 2.
func TestInputsMustBeRegularFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "scenario.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	out := filepath.Join(t.TempDir(), "out")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"validate", fifo}, "is a named pipe (FIFO), not a regular file"},
		{[]string{"run", fifo, "--out", out}, "is a named pipe (FIFO), not a regular file"},
		{[]string{"montecarlo", fifo, "--out", out}, "is a named pipe (FIFO), not a regular file"},
		{[]string{"validate", "/dev/zero"}, "is a device, not a regular file"},
	} {
		r := cliWithin(t, 10*time.Second, tc.args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}

// TestDecisionFilesMustBeRegularAndInside hands in decision files that
// are a FIFO and a symbolic link out of the game folder, and checks that
// play status reports both without hanging or quoting the linked file,
// while a link inside the game folder is read.
func TestDecisionFilesMustBeRegularAndInside(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "game")
	mustRun(t, "play", "init", "baseline", "--teams", "bytedance,alibaba,nvidia", "--rounds", "2", "--out", dir)
	decisions := filepath.Join(dir, "round-01", "decisions")
	if err := syscall.Mkfifo(filepath.Join(decisions, "bytedance.yaml"), 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	secret := filepath.Join(t.TempDir(), "secret.txt")
	write(t, secret, "root:x:0:0:SECRET-CONTENT\n")
	if err := os.Symlink(secret, filepath.Join(decisions, "alibaba.yaml")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "nvidia-draft.yaml"), "team: nvidia\nround: 1\nreason: a link inside the folder\n")
	if err := os.Symlink(filepath.Join("..", "..", "nvidia-draft.yaml"), filepath.Join(decisions, "nvidia.yaml")); err != nil {
		t.Fatal(err)
	}
	r := cliWithin(t, 30*time.Second, "play", "status", dir)
	all := r.stdout + r.stderr
	for _, want := range []string{"bytedance.yaml is a named pipe (FIFO)", "alibaba.yaml is a symbolic link to a file outside the game folder"} {
		if !strings.Contains(all, want) {
			t.Errorf("play status does not say %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "SECRET") || strings.Contains(all, "root:x") {
		t.Errorf("play status quotes the linked file:\n%s", all)
	}
	if !regexp.MustCompile(`nvidia +handed in, valid`).MatchString(all) {
		t.Errorf("a link inside the game folder was not read:\n%s", all)
	}
}

// TestLongSetValueIsExcerpted gives a 100 KB --set value and checks that
// the error quotes only an excerpt of it.
func TestLongSetValueIsExcerpted(t *testing.T) {
	long := strings.Repeat("x", 100<<10)
	for _, set := range []string{"costs.pue=" + long, long + "=1", "costs.pue=1" + strings.Repeat("0", 100<<10)} {
		r := cli(t, "validate", "baseline", "--set", set)
		if r.code != exitBadInput || len(r.stderr) > 2000 {
			t.Errorf("--set of %d bytes: exit %d, %d bytes of stderr; want exit 2 and a short message", len(set), r.code, len(r.stderr))
		}
	}
}
