package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports/reportstest"
)

// tinyScenario is a two-cloud, three-month scenario with ranged numbers,
// shared with the study package's tests.
const tinyScenario = "../../study/testdata/tiny.yaml"

// ensembleFiles are the files an ensemble of the tiny scenario writes.
var ensembleFiles = []string{
	"aggregate.gob", "bands.csv", "datapackage.json", "fan-nvidia.png", "fan-price.png", "fan-revenue-share.png", "fan-revenue.png",
	"hist-final-shares.png", "manifest.json", "params.csv", "progress.json", "report.html", "runs.csv", "scenario.yaml",
}

// readDir returns the files of an output folder, checking their names.
func readDir(t *testing.T, dir string, want []string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var names []string
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
		names = append(names, e.Name())
	}
	if !slices.Equal(names, want) {
		t.Fatalf("%s holds %q, want %q", dir, names, want)
	}
	if slices.ContainsFunc(names, func(n string) bool { return strings.HasSuffix(n, ".csv") }) {
		reportstest.CheckDataPackage(t, dir)
	}
	return files
}

// sameFiles reports every file that differs between two output folders.
func sameFiles(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s: %s differs from the single process's (%d vs %d bytes)", what, name, len(got[name]), len(b))
		}
	}
}

// progressOf reads an output folder's progress.json.
func progressOf(t *testing.T, dir string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "progress.json"))
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMonteCarloWritesOutputs(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "mc")
	r := mustRun(t, "montecarlo", tinyScenario, "--runs", "12", "--out", dir)
	files := readDir(t, dir, ensembleFiles)
	for _, want := range []string{"wrote " + dir + ": aggregate.gob, bands.csv,", "scenario tiny, master seed 7, 12 runs",
		"2026 (3 months) revenue share of the paid segments, median [P5–P95] over the runs:", "Alpha Cloud"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing when stderr is not a terminal", r.stderr)
	}
	runs := strings.Split(strings.TrimSpace(string(files["runs.csv"])), "\n")
	if len(runs) != 13 || !strings.HasPrefix(runs[0], "run,seed,chips.ascend.memory_bandwidth,") || !strings.HasPrefix(runs[12], "11,") {
		t.Errorf("runs.csv should have a header and runs 0 to 11:\n%s", files["runs.csv"])
	}
	if !strings.Contains(runs[0], ",alpha.revenue_share,") || !strings.Contains(runs[0], ",nvidia.export_fees_usd") {
		t.Errorf("runs.csv lacks outcome columns: %s", runs[0])
	}
	if !bytes.HasPrefix(files["bands.csv"], []byte("date,company,segment,metric,runs,p5,p25,p50,p75,p95\n2026-01-01,alpha,total,revenue_share,12,")) {
		t.Errorf("bands.csv does not start as expected:\n%.300s", files["bands.csv"])
	}
	for _, want := range []string{"<h1>Two clouds, three months</h1>", "data:image/svg+xml,<svg ", "chips.ascend.memory_bandwidth", "sources conflict", "1200 GB/s to 1600 GB/s"} {
		if !bytes.Contains(files["report.html"], []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if p := progressOf(t, dir); p["done"] != 12.0 || p["shard"] != "0/1" || p["seed"] != 7.0 {
		t.Errorf("progress.json = %v", p)
	}
	// scenario.yaml is the merged scenario: it runs on its own.
	mustRun(t, "validate", filepath.Join(dir, "scenario.yaml"))

	q := mustRun(t, "montecarlo", tinyScenario, "--runs", "12", "--out", dir, "--quiet")
	if q.stdout != "" || q.stderr != "" {
		t.Errorf("--quiet printed stdout %q, stderr %q", q.stdout, q.stderr)
	}
	sameFiles(t, "a rerun", readDir(t, dir, ensembleFiles), files)
}

func TestMonteCarloDefaultOutDir(t *testing.T) {
	scenario, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	mustRun(t, "montecarlo", scenario, "--runs", "3", "--quiet")
	readDir(t, filepath.Join("out", "tiny-mc"), ensembleFiles)
	mustRun(t, "montecarlo", scenario, "--runs", "3", "--quiet", "--shard", "1/2")
	readDir(t, filepath.Join("out", "tiny-mc-shard-1-of-2"), ensembleFiles)
}

// TestMonteCarloJobsGiveIdenticalOutputs is the determinism promise: every
// file, charts included, is the same for any --jobs.
func TestMonteCarloJobsGiveIdenticalOutputs(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	run := func(jobs string) map[string][]byte {
		dir := filepath.Join(tmp, "jobs"+jobs)
		mustRun(t, "montecarlo", tinyScenario, "--runs", "30", "--jobs", jobs, "--out", dir, "--quiet")
		return readDir(t, dir, ensembleFiles)
	}
	one := run("1")
	sameFiles(t, "--jobs 2", run("2"), one)
	sameFiles(t, "--jobs 7", run("7"), one)
	other := filepath.Join(tmp, "seed")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "30", "--seed", "8", "--out", other, "--quiet")
	if bytes.Equal(readDir(t, other, ensembleFiles)["runs.csv"], one["runs.csv"]) {
		t.Error("master seeds 7 and 8 gave the same runs.csv")
	}
}

// TestShardsMergeInProcess runs three shards and merges them, all through
// the CLI, and compares every file with a single process's.
func TestShardsMergeInProcess(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	single := filepath.Join(tmp, "single")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "20", "--out", single, "--quiet")
	want := readDir(t, single, ensembleFiles)
	var shards []string
	for k, flags := range [][]string{
		{"--shard", "0/3"},
		{"--shard-index", "1", "--shard-count", "3"},
		{"--shard", "2/3", "--jobs", "1"},
	} {
		dir := filepath.Join(tmp, "shard", string(rune('a'+k)))
		// Shards need no charts: merge draws them.
		r := mustRun(t, append([]string{"montecarlo", tinyScenario, "--runs", "20", "--out", dir, "--charts=false"}, flags...)...)
		if !strings.Contains(r.stdout, "join them with `aicloudsim merge") {
			t.Errorf("a shard should say how to merge; stdout:\n%s", r.stdout)
		}
		files := readDir(t, dir, slices.DeleteFunc(slices.Clone(ensembleFiles), func(n string) bool { return strings.HasSuffix(n, ".png") }))
		if !bytes.Contains(files["report.html"], []byte("This folder has no charts")) {
			t.Error("a shard's report without charts does not say why")
		}
		shards = append(shards, dir)
	}
	merged := filepath.Join(tmp, "merged")
	r := mustRun(t, append([]string{"merge", "--out", merged}, shards...)...)
	if !strings.HasPrefix(r.stdout, "merged 3 shards ([0/3 1/3 2/3])\nwrote "+merged) {
		t.Errorf("merge stdout:\n%s", r.stdout)
	}
	sameFiles(t, "merged shards", readDir(t, merged, ensembleFiles), want)
	if bytes.Contains(want["report.html"], []byte("This folder has no charts")) {
		t.Error("a report with charts says it has none")
	}
}

func TestMergeRefuses(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	shard := func(name string, args ...string) string {
		dir := filepath.Join(tmp, name)
		mustRun(t, append([]string{"montecarlo", tinyScenario, "--runs", "9", "--out", dir, "--quiet", "--charts=false"}, args...)...)
		return dir
	}
	s0, s1, s2 := shard("s0", "--shard", "0/3"), shard("s1", "--shard", "1/3"), shard("s2", "--shard", "2/3")
	seed := shard("seed", "--shard", "2/3", "--seed", "3")
	half := shard("half", "--shard", "0/2")
	empty := filepath.Join(tmp, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dirs []string
		want string
	}{
		{"a missing shard", []string{s0, s2}, "3 of 9 runs are missing (runs 1, 4, 7); no output of shard 1/3 was given"},
		{"a duplicate shard", []string{s0, s1, s2, s1}, "run 1 is in both " + s1 + " (shard 1/3) and " + s1 + " (shard 1/3): merge each shard once"},
		{"overlapping shards", []string{s0, s1, s2, half}, "run 0 is in both " + s0 + " (shard 0/3) and " + half + " (shard 0/2)"},
		{"another study", []string{s0, s1, seed}, s0 + " and " + seed + " are shards of different studies: seed 7 vs 3"},
		{"not a shard", []string{s0, empty}, empty + " is not the output of a montecarlo shard: it has no progress.json"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(tmp, "out-"+strings.ReplaceAll(tc.name, " ", "-"))
			r := cli(t, append([]string{"merge", "--out", out}, tc.dirs...)...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("a refused merge wrote %s", out)
			}
		})
	}
}

func TestMonteCarloBadInput(t *testing.T) {
	for _, v := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT"} {
		t.Setenv(v, "") // empty counts as unset
	}
	out := filepath.Join(t.TempDir(), "x")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--runs", "0"}, "--runs must be at least 1, not 0"},
		{[]string{"--jobs", "0"}, "--jobs must be at least 1, not 0"},
		{[]string{"--shard", "3/3"}, "shard 3/3: the index must be from 0 to 2 (shards count from 0)"},
		{[]string{"--shard", "two"}, `shard "two": want k/n`},
		{[]string{"--shard", "0/2", "--shard-index", "0"}, "give --shard k/n or --shard-index and --shard-count, not both"},
		{[]string{"--shard-index", "1"}, "--shard-index and --shard-count go together"},
		{[]string{"--shard-index", "auto", "--shard-count", "2"}, "--shard-index auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set"},
		{[]string{"--shard-index", "0", "--shard-count", "auto"}, "--shard-count auto: SLURM_ARRAY_TASK_COUNT is not set"},
		{[]string{"--shard-index", "x", "--shard-count", "2"}, `--shard-index "x": want a whole number or auto`},
		{[]string{"--resume"}, "--resume: " + out + " holds no study to continue (no progress.json)"},
		{[]string{"--sampling", "sobol"}, `sampling "sobol": want lhs (Latin hypercube) or random`},
		{[]string{"--set", "costs.pue=9"}, "costs.pue 9 is outside the plausible range [1, 3]"},
	}
	for _, tc := range tests {
		r := cli(t, append([]string{"montecarlo", tinyScenario, "--out", out}, tc.args...)...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("montecarlo %s: exit %d, stderr %q; want exit 2 and %q", strings.Join(tc.args, " "), r.code, r.stderr, tc.want)
		}
	}
}

// TestShardIndexFromEnvironment checks --shard-index auto and
// --shard-count auto against the variables Kubernetes and Slurm set.
func TestShardIndexFromEnvironment(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"JOB_COMPLETION_INDEX": "2"}, []string{"--shard-count", "4"}, "2/4"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "5"}, []string{"--shard-count", "auto"}, "3/5"},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_COUNT": "3"}, []string{"--shard-count", "auto"}, "2/3"},
		{map[string]string{"JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "0"}, []string{"--shard-count", "2"}, "1/2"},
	}
	for _, tc := range tests {
		for _, v := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"} {
			t.Setenv(v, "") // empty counts as unset
		}
		for k, v := range tc.env {
			t.Setenv(k, v)
		}
		dir := filepath.Join(t.TempDir(), "shard")
		mustRun(t, append([]string{"montecarlo", tinyScenario, "--runs", "6", "--out", dir, "--quiet", "--charts=false", "--shard-index", "auto"}, tc.args...)...)
		if got := progressOf(t, dir)["shard"]; got != tc.want {
			t.Errorf("env %v: shard %v, want %s", tc.env, got, tc.want)
		}
	}
}

// TestInterruptAndResume stops a study as Ctrl-C does, checks what it
// wrote and said, and continues it with --resume to the same outputs as an
// uninterrupted study.
func TestInterruptAndResume(t *testing.T) {
	tmp := t.TempDir()
	whole := filepath.Join(tmp, "whole")
	mustRun(t, "montecarlo", tinyScenario, "--runs", "40", "--jobs", "2", "--out", whole, "--quiet")
	want := readDir(t, whole, ensembleFiles)

	dir := filepath.Join(tmp, "mc")
	args := []string{"montecarlo", tinyScenario, "--runs", "40", "--jobs", "2", "--out", dir}
	interruptAfter = 5
	r := cli(t, args...)
	interruptAfter = 0
	wantCmd := "To continue: aicloudsim montecarlo " + tinyScenario + " --runs 40 --seed 7 --out " + dir + " --resume"
	if r.code != exitRunFailed || !strings.Contains(r.stderr, "interrupted after ") || !strings.Contains(r.stderr, wantCmd) {
		t.Fatalf("exit %d, stderr:\n%s\nwant exit 1 and %q", r.code, r.stderr, wantCmd)
	}
	partial := readDir(t, dir, ensembleFiles)
	done := progressOf(t, dir)["done"].(float64)
	if done < 5 || done > 13 {
		t.Errorf("progress.json says %v runs are done; want 5 and at most 8 more in flight", done)
	}
	if n := bytes.Count(partial["runs.csv"], []byte("\n")); n != int(done)+1 {
		t.Errorf("runs.csv has %d lines for %v runs done", n, done)
	}
	if !bytes.Contains(partial["report.html"], []byte("unfinished: ")) {
		t.Error("the partial report.html does not say it is unfinished")
	}

	r = cli(t, args...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "holds an unfinished study") || !strings.Contains(r.stderr, "add --resume to continue it") {
		t.Errorf("rerunning without --resume: exit %d, stderr %q; want a refusal", r.code, r.stderr)
	}
	r = cli(t, "montecarlo", tinyScenario, "--runs", "41", "--out", dir, "--resume")
	if r.code != exitBadInput || !strings.Contains(r.stderr, "cannot be continued by this command: it is another study (its values vs this one's): 40 vs 41 runs") {
		t.Errorf("resuming with other --runs: exit %d, stderr %q", r.code, r.stderr)
	}

	mustRun(t, append(args, "--resume", "--jobs", "3", "--quiet")...)
	sameFiles(t, "interrupted and resumed", readDir(t, dir, ensembleFiles), want)
	r = mustRun(t, append(args, "--resume")...)
	if !strings.Contains(r.stdout, "already holds all 40 runs") {
		t.Errorf("resuming a finished study: %q", r.stdout)
	}
}

func TestResumeCommandQuotes(t *testing.T) {
	got := resumeCommand("my what-if.yaml", "out/x", mcOptions{runs: 10, seed: 3, sets: []string{"chips.h20.price=$12K"}, shard: "1/4", sampling: "random"})
	want := `aicloudsim montecarlo 'my what-if.yaml' --runs 10 --seed 3 --set 'chips.h20.price=$12K' --sampling random --shard 1/4 --out out/x --resume`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
