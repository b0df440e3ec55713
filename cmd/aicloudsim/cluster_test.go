package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// buildBinary builds aicloudsim, once per test process, into the folder
// TestMain made, and returns the folder, to put on PATH. The tests that run
// the binary as processes are long checks: they skip unless
// AICLOUDSIM_LONG_TESTS=1.
func buildBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary and runs it as separate processes")
	}
	testenv.SkipUnlessLong(t, "builds the binary and runs it as separate processes")
	binary.once.Do(func() {
		// Without VCS stamping the binary records the version a test
		// binary does, "(devel)", so its outputs can equal in-process ones
		// whatever GOFLAGS the machine sets.
		cmd := exec.Command("go", "build", "-buildvcs=false", "-o", filepath.Join(binary.dir, "aicloudsim"), ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.dir
}

// binary is the aicloudsim the tests build once and run as processes.
var binary struct {
	dir  string
	once sync.Once
	err  error
}

// TestMain makes the folder for the binary and removes it at the end.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "aicloudsim-test-bin-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary.dir = dir
	// Tests that are not about them run without the context ensemble and
	// the drivers (each costs dozens of runs); TestRunOpensWithFindingsAndDrivers
	// turns them on.
	defaultContextRuns, defaultDrivers = 0, false
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// process runs a command with extra environment variables and the binary
// first on PATH, and returns its combined output.
func process(bin string, env []string, name string, args ...string) *exec.Cmd {
	if name == "aicloudsim" {
		name = filepath.Join(bin, name) // exec.Command looks names up on this process's PATH
	}
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, v := range []string{"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"} {
		cmd.Env = append(cmd.Env, v+"=") // empty is unset: not inherited from a CI runner that is a Slurm job
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// runAtOnce runs the commands at once and fails the test if any fails.
func runAtOnce(t *testing.T, cmds []*exec.Cmd) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(cmds))
	for i, c := range cmds {
		wg.Go(func() {
			if out, err := c.CombinedOutput(); err != nil {
				errs[i] = fmt.Errorf("%s: %v\n%s", strings.Join(c.Args, " "), err, out)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}

// readmeBlock returns the fenced code block of README.md that starts with
// prefix.
func readmeBlock(t *testing.T, prefix string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
		if strings.HasPrefix(m[1], prefix) {
			return m[1]
		}
	}
	t.Fatalf("README.md has no code block starting with %q", prefix)
	return ""
}

// TestClusterShardsAsProcesses runs the shards of a study as separate
// operating-system processes, three ways: plain --shard flags; the
// README's Kubernetes Indexed Job commands with JOB_COMPLETION_INDEX set
// as the Job controller sets it; and the README's Slurm array and merge
// scripts with the variables Slurm sets. Each set of shards is merged by
// the binary and must equal a single in-process run byte for byte.
func TestClusterShardsAsProcesses(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	tmp := t.TempDir()
	scenario, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	single := func(runs, seed string) map[string][]byte {
		dir := filepath.Join(tmp, "single-"+runs+"-"+seed)
		mustRun(t, "montecarlo", scenario, "--runs", runs, "--seed", seed, "--out", dir, "--quiet")
		return readDir(t, dir, ensembleFiles)
	}

	t.Run("flags", func(t *testing.T) {
		var cmds []*exec.Cmd
		var dirs []string
		for k := range 4 {
			dir := filepath.Join(tmp, "flags", fmt.Sprint(k))
			dirs = append(dirs, dir)
			cmds = append(cmds, process(bin, nil, "aicloudsim", "montecarlo", scenario, "--runs", "21", "--seed", "1",
				"--shard", fmt.Sprintf("%d/4", k), "--jobs", "1", "--out", dir, "--quiet"))
		}
		runAtOnce(t, cmds)
		merged := filepath.Join(tmp, "flags", "merged")
		runAtOnce(t, []*exec.Cmd{process(bin, nil, "aicloudsim", append([]string{"merge", "--quiet", "--out", merged}, dirs...)...)})
		sameFiles(t, "shards as processes", readDir(t, merged, ensembleFiles), single("21", "1"))
	})

	t.Run("kubernetes", func(t *testing.T) {
		results := filepath.Join(tmp, "k8s")
		jobs := kubernetesJobs(t, readmeBlock(t, "apiVersion: batch/v1"))
		if len(jobs) != 2 || jobs[0].Spec.CompletionMode != "Indexed" || jobs[0].Spec.Completions != 8 {
			t.Fatalf("want an Indexed Job of 8 completions and a merge Job; got %+v", jobs)
		}
		// The README's study is 10,000 baseline runs; this one is 16 tiny runs.
		local := strings.NewReplacer("/results", results, " baseline ", " "+scenario+" ", "--runs 10000", "--runs 16")
		script := local.Replace(jobs[0].script(t))
		var cmds []*exec.Cmd
		for k := range jobs[0].Spec.Completions {
			cmds = append(cmds, process(bin, []string{fmt.Sprintf("JOB_COMPLETION_INDEX=%d", k)}, "/bin/sh", "-c", script))
		}
		runAtOnce(t, cmds)
		runAtOnce(t, []*exec.Cmd{process(bin, nil, "/bin/sh", "-c", local.Replace(jobs[1].script(t)))})
		sameFiles(t, "the Kubernetes Indexed Job", readDir(t, filepath.Join(results, "merged"), ensembleFiles), single("16", "1"))

		// A restarted pod continues its shard: here, one that is already done.
		out, err := process(bin, []string{"JOB_COMPLETION_INDEX=3"}, "/bin/sh", "-c", script).CombinedOutput()
		if err != nil || len(out) != 0 {
			t.Errorf("rerunning a finished pod: %v, output %q", err, out)
		}
	})

	t.Run("slurm", func(t *testing.T) {
		array := readmeBlock(t, "#!/bin/bash\n#SBATCH --job-name=aicloudsim-mc\n")
		merge := readmeBlock(t, "#!/bin/bash\n#SBATCH --job-name=aicloudsim-merge\n")
		out := filepath.Join(tmp, "slurm")
		common := []string{"SCENARIO=" + scenario, "RUNS=13", "SEED=4", "OUT=" + out, "SLURM_CPUS_PER_TASK=1"}
		var cmds []*exec.Cmd
		for k := range 3 { // --array=5-7: the task ids count from SLURM_ARRAY_TASK_MIN
			env := append([]string{fmt.Sprintf("SLURM_ARRAY_TASK_ID=%d", 5+k), "SLURM_ARRAY_TASK_MIN=5", "SLURM_ARRAY_TASK_COUNT=3"}, common...)
			cmds = append(cmds, process(bin, env, "/bin/bash", "-c", array))
		}
		runAtOnce(t, cmds)
		runAtOnce(t, []*exec.Cmd{process(bin, common, "/bin/bash", "-c", merge)})
		sameFiles(t, "the Slurm array", readDir(t, filepath.Join(out, "merged"), ensembleFiles), single("13", "4"))
	})
}

// kubernetesJob is the part of a Job manifest the test reads.
type kubernetesJob struct {
	Spec struct {
		CompletionMode string `yaml:"completionMode"`
		Completions    int    `yaml:"completions"`
		Template       struct {
			Spec struct {
				Containers []struct {
					Command []string `yaml:"command"`
					Args    []string `yaml:"args"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// script returns the shell script the Job's container runs with sh -c.
func (j kubernetesJob) script(t *testing.T) string {
	c := j.Spec.Template.Spec.Containers
	if len(c) != 1 || strings.Join(c[0].Command, " ") != "/bin/sh -c" || len(c[0].Args) != 1 {
		t.Fatalf("want one container running a script with /bin/sh -c; got %+v", c)
	}
	return c[0].Args[0]
}

func kubernetesJobs(t *testing.T, manifest string) []kubernetesJob {
	t.Helper()
	var jobs []kubernetesJob
	d := yaml.NewDecoder(strings.NewReader(manifest))
	for {
		var j kubernetesJob
		if err := d.Decode(&j); err != nil {
			break
		}
		jobs = append(jobs, j)
	}
	return jobs
}

// TestClusterInterruptBySignal sends SIGINT to a running study and checks
// that the process writes the outputs of the runs done, exits with 1 and
// prints the command that continues (TestInterruptAndResume runs it).
func TestClusterInterruptBySignal(t *testing.T) {
	t.Parallel()
	bin := buildBinary(t)
	tmp := t.TempDir()
	scenario, err := filepath.Abs(tinyScenario)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "mc")
	const runs = "300000" // minutes of work: the signal comes long before the end
	cmd := process(bin, nil, "aicloudsim", "montecarlo", scenario, "--runs", runs, "--out", dir, "--quiet")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the study is under way: its runs.csv exists.
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(checkpointRowsPath(dir)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the study did not start within 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitRunFailed {
		t.Fatalf("after SIGINT: %v, want exit code 1; stderr:\n%s", err, stderr.String())
	}
	msg := stderr.String()
	want := "To continue: aicloudsim montecarlo " + scenario + " --runs " + runs + " --seed 7 --out " + dir + " --resume"
	if !strings.Contains(msg, "interrupted after ") || !strings.Contains(msg, want) {
		t.Errorf("stderr:\n%s\nwant it to say %q", msg, want)
	}
	p := progressOf(t, dir)
	done := p["done"].(float64)
	if done < 1 || done >= 300000 {
		t.Errorf("progress.json says %v runs are done", done)
	}
	readDir(t, dir, ensembleFiles)
	if m, _ := filepath.Glob(dir + ".*"); len(m) > 0 {
		t.Errorf("working files were left behind: %q", m)
	}
}
