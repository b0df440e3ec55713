package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCountsAreCapped gives every count a user can type a huge value and
// checks that the command refuses it at once, before allocating for it,
// naming the flag and the limit.
func TestCountsAreCapped(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	const huge = "1000000000"
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"montecarlo", tinyScenario, "--runs", huge}, "--runs 1000000000: the limit is 1000000"},
		{[]string{"montecarlo", tinyScenario, "--jobs", huge}, "--jobs 1000000000: the limit is 256"},
		{[]string{"montecarlo", tinyScenario, "--shard", "0/" + huge}, "the shard count is at most 100000"},
		{[]string{"montecarlo", tinyScenario, "--shard-index", "0", "--shard-count", huge}, "the shard count is at most 100000"},
		{[]string{"sensitivity", tinyScenario, "--trajectories", huge}, "--trajectories 1000000000: the limit is 10000"},
		{[]string{"sensitivity", tinyScenario, "--levels", huge}, "--levels 1000000000: the limit is 100"},
		{[]string{"sensitivity", tinyScenario, "--runs", huge}, "--runs 1000000000: the limit is 1000"},
		{[]string{"sensitivity", tinyScenario, "--trajectories", "9000", "--runs", "100"}, "the limit is 100000: use fewer --runs or --trajectories"},
		{[]string{"sensitivity", tinyScenario, "--jobs", huge}, "--jobs 1000000000: the limit is 256"},
		{[]string{"compare", tinyScenario, tinyScenario, "--runs", huge}, "--runs 1000000000: the limit is 100000"},
		{[]string{"compare", tinyScenario, tinyScenario, "--attribution-runs", huge}, "--attribution-runs 1000000000: the limit is 1000"},
		{[]string{"compare", tinyScenario, tinyScenario, "--runs", "99999"}, "the comparison would take"},
		{[]string{"sweep", tinyScenario, "--set", "costs.pue=1..2:" + huge}, "at most 200 steps"},
		{[]string{"validate", "baseline", "--set", "segments.llm-api.buyers.cohorts=" + huge}, "outside the plausible range"},
	}
	for _, tc := range tests {
		start := time.Now()
		r := cli(t, append(tc.args, "--out", out)...)
		if tc.args[0] == "validate" {
			r = cli(t, tc.args...)
		}
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s took %v to refuse", strings.Join(tc.args, " "), d)
		}
	}
}

// TestStudiesStopOnSIGTERM starts long studies as processes, sends
// SIGTERM and checks that each stops within a second, with exit code 1.
func TestStudiesStopOnSIGTERM(t *testing.T) {
	bin := buildBinary(t)
	scenario, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"compare", scenario, scenario, "--runs", "49000"},
		{"sensitivity", scenario, "--trajectories", "2000", "--runs", "4"},
		{"montecarlo", scenario, "--runs", "900000"},
		{"sweep", scenario, "--set", "costs.pue=1.0..2.0:200", "--runs", "400"},
	} {
		t.Run(args[0], func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			cmd := process(bin, nil, "aicloudsim", append(args, "--quiet", "--jobs", "2", "--out", out)...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The checkpoint is made just before the first run.
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				if _, err := os.Stat(checkpointPath(out)); err == nil {
					break
				}
			}
			time.Sleep(200 * time.Millisecond)
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			sent := time.Now()
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err = <-done:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 10 s after SIGTERM")
			}
			took := time.Since(sent)
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != exitRunFailed {
				t.Errorf("after SIGTERM: %v, want exit code 1; stderr:\n%s", err, stderr.String())
			}
			if want := "To continue: aicloudsim " + args[0]; !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), " --resume") {
				t.Errorf("after SIGTERM, stderr lacks %q ... --resume:\n%s", want, stderr.String())
			}
			if took > 3*time.Second { // a second when idle, and slack for a loaded machine
				t.Errorf("took %v to stop after SIGTERM; stderr:\n%s", took, stderr.String())
			}
		})
	}
}
