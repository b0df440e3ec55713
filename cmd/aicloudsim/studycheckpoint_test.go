package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// readAll returns every file of an output folder.
func readAll(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if files[e.Name()], err = os.ReadFile(filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// savedRuns returns the runs saved in the checkpoint at path so far.
func savedRuns(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	saved, err := study.ScanTaskLog(f)
	if err != nil {
		return 0
	}
	return saved.Runs
}

// TestStudiesSIGKILLResume kills a sweep, a sensitivity study and a
// comparison outright while they run, and checks that --resume continues
// each from the runs its checkpoint saved to the same outputs, byte for
// byte, as a study never interrupted; that starting over without --resume
// is refused; and that a checkpoint with one damaged byte is refused with
// exit 2 naming it.
func TestStudiesSIGKILLResume(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	tiny, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	toy, err := filepath.Abs(toyScenario)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ args []string }{
		{[]string{"sweep", tiny, "--set", "costs.pue=1.1..1.5:100", "--runs", "12"}},
		{[]string{"sensitivity", tiny, "--trajectories", "200"}},
		{[]string{"compare", tiny, toy, "--runs", "500", "--outcome", "revenue:alpha"}},
	} {
		t.Run(c.args[0], func(t *testing.T) {
			tmp := t.TempDir()
			whole := filepath.Join(tmp, "whole")
			mustRun(t, append(c.args, "--out", whole, "--quiet")...)
			want := readAll(t, whole)

			dir := filepath.Join(tmp, "killed")
			cp := checkpointPath(dir)
			cmd := process(bin, nil, "aicloudsim", append(c.args, "--out", dir, "--quiet", "--jobs", "2")...)
			killWhen(t, cmd, "100 runs saved", func() bool { return savedRuns(cp) >= 100 })
			if _, err := os.Stat(dir); err == nil {
				t.Skip("the study finished before it was killed")
			}
			saved, err := os.ReadFile(cp)
			if err != nil {
				t.Fatal(err)
			}
			// A comparison's checkpoint is replaced by snapshots of its
			// ensembles from its first run on; the others never are.
			sc, err := study.ScanTaskLog(bytes.NewReader(saved))
			if err != nil || (sc.Snapshots > 0) != (c.args[0] == "compare") {
				t.Fatalf("the checkpoint of %d bytes: %+v, %v", len(saved), sc, err)
			}
			args := append(c.args, "--out", dir, "--quiet")
			r := cli(t, args...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, cp+" holds") || !strings.Contains(r.stderr, "add --resume") {
				t.Errorf("without --resume: exit %d, stderr %q", r.code, r.stderr)
			}
			damaged := bytes.Clone(saved)
			damaged[len(damaged)/2] ^= 0x10
			if err := os.WriteFile(cp, damaged, 0o644); err != nil {
				t.Fatal(err)
			}
			r = cli(t, append(args, "--resume")...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, cp+": damaged at byte") {
				t.Errorf("a damaged checkpoint: exit %d, stderr %q", r.code, r.stderr)
			}
			// The same study's checkpoint, begun by a build that computes
			// other numbers (another version, another CPU architecture).
			var other bytes.Buffer
			if _, err := study.NewTaskLog(&other, sc.Study, sc.ID, "0123456789abcdef"); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cp, other.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			r = cli(t, append(args, "--resume")...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, cp+": it was computed by a build of aicloudsim that gives other numbers for this study (fingerprint 0123456789abcdef") ||
				!strings.Contains(r.stderr, "continue it with that build, or remove it") {
				t.Errorf("another build's checkpoint: exit %d, stderr %q", r.code, r.stderr)
			}
			if err := os.WriteFile(cp, saved, 0o644); err != nil {
				t.Fatal(err)
			}
			mustRun(t, append(args, "--resume")...)
			sameFiles(t, "killed and resumed", readAll(t, dir), want)
			if len(readAll(t, dir)) != len(want) {
				t.Errorf("the resumed study wrote %d files, the whole one %d", len(readAll(t, dir)), len(want))
			}
			if _, err := os.Stat(cp); err == nil {
				t.Error("the checkpoint outlived the outputs that hold its runs")
			}
		})
	}
}

// TestStudyCheckpointRefusals: --resume with nothing to continue, or with
// another study's checkpoint, and a checkpoint that is not a regular file
// are refused with exit 2 naming the checkpoint.
func TestStudyCheckpointRefusals(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sweep")
	cp := checkpointPath(dir)
	args := []string{"sweep", tinyScenario, "--set", "costs.pue=1.1..1.5:3", "--out", dir, "--quiet"}
	refused := func(what, want string, args ...string) {
		t.Helper()
		if r := cli(t, args...); r.code != exitBadInput || !strings.Contains(r.stderr, cp) || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 naming %s and saying %q", what, r.code, r.stderr, cp, want)
		}
	}
	refused("nothing to continue", "never started", append(args, "--resume")...)
	mustRun(t, args...)
	if _, err := os.Stat(cp); err == nil {
		t.Error("a finished sweep left its checkpoint")
	}
	refused("a finished study", "holds finished outputs", append(args, "--resume")...)

	f, err := os.Create(cp)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := study.NewTaskLog(f, "sweep", study.StudyID("sweep", "another"), ""); err != nil {
		t.Fatal(err)
	}
	f.Close()
	refused("another study's checkpoint", "saved by another study", append(args, "--resume")...)
	mustRun(t, args...) // without --resume, a new study replaces it

	if err := os.Mkdir(cp, 0o755); err != nil {
		t.Fatal(err)
	}
	refused("a folder", "not a regular file", args...)
}
