package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// studyOptions are the flags that sweep, sensitivity and compare share.
type studyOptions struct {
	seed      uint64
	seedGiven bool
	sets      []string
	outcomes  []string
	out       string
	jobs      int
	quiet     bool
	resume    bool     // --resume, for the commands with a checkpoint
	again     []string // the command line, quoted, without --out and --resume
}

// studyFlags adds the shared flags to c, with defaultOut the output
// folder's default for --help; ready reads what the flags leave to the
// command.
func studyFlags(c *cobra.Command, opt *studyOptions, defaultOut string) {
	f := c.Flags()
	f.Uint64Var(&opt.seed, "seed", 0, "master seed (default: the scenario's seed, else 1)")
	setFlag(c, &opt.sets)
	f.StringArrayVar(&opt.outcomes, "outcome", nil, "an outcome to study (repeatable), e.g. revenue_share:alibaba, volume_share:bytedance:llm-api, "+
		"revenue:nvidia, profit:alibaba, price:llm-api, export_fees:nvidia (default: Alibaba's and ByteDance's revenue share in the final year)")
	f.StringVar(&opt.out, "out", "", "output `folder` (default: "+defaultOut+")")
	f.IntVar(&opt.jobs, "jobs", 0, "runs computed at once, one goroutine each (default: the cores this process may use)")
	f.BoolVarP(&opt.quiet, "quiet", "q", false, "no progress bar, and print nothing on success")
}

// ready fills in what the flags left to the command: whether --seed was
// given and the default of --jobs.
func (o *studyOptions) ready(c *cobra.Command) error {
	o.seedGiven = c.Flags().Changed("seed")
	if !c.Flags().Changed("jobs") {
		o.jobs = min(runtime.GOMAXPROCS(0), study.MaxJobs)
	}
	if err := study.CheckJobs(o.jobs); err != nil {
		return badInput(err)
	}
	return nil
}

// masterSeed is --seed, or the scenario's own seed, or 1.
func (o *studyOptions) masterSeed(sc *scenarios.Scenario) uint64 {
	if o.seedGiven {
		return o.seed
	}
	return cmp.Or(sc.Seed, 1)
}

// opener opens ref with sets, afresh at every call.
func opener(ref string, sets []string) study.Opener {
	return func() (*scenarios.Opened, error) { return scenarios.Open(ref, sets) }
}

// runStudyWork runs work with a progress bar of total runs on a terminal
// and a context that SIGINT or SIGTERM ends. An interrupted study writes
// nothing.
func runStudyWork(ctx context.Context, stderr io.Writer, quiet bool, total int, work func(context.Context, study.Options) error) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := newProgress(stderr, !quiet && isTerminal(stderr), total)
	err := work(ctx, study.Options{Progress: func(done, _ int) { bar.set(done) }})
	bar.finish(err == nil)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return err
	case errors.Is(err, study.ErrInterrupted):
		return runFailed(fmt.Errorf("interrupted; nothing was written"))
	case err != nil:
		return runError(err)
	}
	return nil
}

// checkStudyDir refuses, before any work, an output folder that WriteDir
// would refuse to replace with the files fixed, the data package and the
// charts.
func checkStudyDir(dir string, fixed []string) error {
	return reports.CheckOutDir(dir, append(slices.Clip(fixed), reports.DataPackageFile))
}

// fileNames returns the sorted names of files.
func fileNames(files map[string]func(io.Writer) error) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// bytesFile returns a writer function for fixed contents.
func bytesFile(b []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(b); return err }
}

// defaultStudyDir is out/<scenario>-<suffix>.
func defaultStudyDir(name, suffix string) string {
	return filepath.Join(defaultOutRoot, dirName(name)+"-"+suffix)
}

// writeStudy adds the charts to a study's files, writes them all into dir
// atomically and, unless quiet, says what it wrote and prints the summary.
func writeStudy(stdout io.Writer, dir string, quiet bool, files map[string]func(io.Writer) error, charts []reports.Chart, summary func(io.Writer)) error {
	for _, c := range charts {
		files[c.Name] = bytesFile(c.PNG)
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: "aicloudsim-study"})
	if err := reports.WriteDir(dir, files); err != nil {
		return runFailed(err)
	}
	if !quiet {
		fmt.Fprintf(stdout, "wrote %s: %s\n", dir, strings.Join(fileNames(files), ", "))
		summary(stdout)
	}
	return nil
}

// runStudyWith runs a study's work on jobs workers with the progress bar of
// runStudyWork and returns its result.
func runStudyWith[T any](ctx context.Context, stderr io.Writer, quiet bool, jobs, total int, run func(context.Context, study.Options) (T, error)) (T, error) {
	var res T
	err := runStudyWork(ctx, stderr, quiet, total, func(ctx context.Context, o study.Options) error {
		o.Jobs = jobs
		var err error
		res, err = run(ctx, o)
		return err
	})
	return res, err
}
