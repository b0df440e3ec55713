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
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// mcOptions are the flags of `aicloudsim montecarlo`.
type mcOptions struct {
	runs, jobs    int
	seed          uint64
	seedGiven     bool
	sets          []string
	out           string
	shard         string
	shardIndex    string
	shardCount    string
	sampling      string
	quiet, resume bool
	keepRuns      bool
	charts        bool

	traj *study.TrajectoryWriter // with keepRuns, while the study runs
}

func newMonteCarloCmd() *cobra.Command {
	var opt mcOptions
	c := &cobra.Command{
		Use:   "montecarlo [scenario-name|file]",
		Short: "Run an ensemble of simulations and write bands, fan charts and a report",
		Long: `Montecarlo runs a scenario (default "baseline") --runs times. Run i has its own
seed, derived from the master seed (--seed, default the scenario's) and i,
and its own values of every number that carries a range in the YAML, drawn
by Latin hypercube sampling (or, with --sampling random, independently) from
a triangular distribution on the range with its mode at the number's value. Runs go --jobs at a time, one goroutine
each; the results are the same for any --jobs.

The output folder (out/<scenario>-mc unless --out is given) holds:

  runs.csv        one row per run: its index, seed, sampled parameters and
                  final-year outcomes per company
  bands.csv       P5, P25, P50, P75 and P95 of every headline series
                  (shares, revenue, profit, prices, Nvidia's China sales) per
                  month, company and segment
  params.csv      the sampled parameters with their ranges and sources
  fan-*.png       fan charts: the median with the P25-P75 and P5-P95 bands
  hist-final-shares.png  the final-year revenue shares over the runs (the
                  charts not with --charts=false, e.g. for the shards of a
                  study that merge joins: merge draws them)
  report.html     all of it in one self-contained page
  progress.json, aggregate.gob, scenario.yaml  what merge and --resume read
  trajectories.csv.gz  with --keep-runs: every run's monthly headline series,
                  a long table (run, date, company, segment, metric, value),
                  gzip-compressed; "aicloudsim discover" draws the runs that
                  meet a condition over the fan charts from it
  manifest.json   the study's identity and the SHA-256 of every file merge
                  and --resume read; a damaged file is refused (exit 2)

Sharding: --shard k/n computes the runs i with i mod n = k (k counts from 0)
into its own folder (out/<scenario>-mc-shard-k-of-n); "aicloudsim merge"
joins the folders into the same outputs one process would write. On a
cluster, --shard-index auto reads JOB_COMPLETION_INDEX (Kubernetes Indexed
Jobs) or SLURM_ARRAY_TASK_ID (Slurm arrays), and --shard-count auto reads
SLURM_ARRAY_TASK_COUNT.

Ctrl-C (or SIGTERM) stops handing out runs, lets the runs under way finish,
writes the outputs of the runs done and prints the command that continues
the study: the same one with --resume. A process killed outright loses only
the runs in flight: each run is saved as it finishes in <out>.checkpoint,
which --resume reads; from time to time a snapshot of the study's state
replaces the saved runs, so the checkpoint stays a few megabytes however
many runs there are. runs.csv grows beside it, in <out>.checkpoint-runs.csv.`,
		Example: `  aicloudsim montecarlo --runs 1000
  aicloudsim montecarlo zhenwu-slow-memory --runs 500 --seed 7 --jobs 4
  aicloudsim montecarlo --runs 1000 --shard 2/8
  aicloudsim montecarlo --runs 1000 --shard-index auto --shard-count 8 --out /results/shard-$JOB_COMPLETION_INDEX
  aicloudsim montecarlo --runs 1000 --resume`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opt.seedGiven = c.Flags().Changed("seed")
			if !c.Flags().Changed("jobs") {
				opt.jobs = min(runtime.GOMAXPROCS(0), study.MaxJobs)
			}
			return monteCarlo(c.Context(), c.OutOrStdout(), c.ErrOrStderr(), scenarioArg(args), opt)
		},
	}
	f := c.Flags()
	f.IntVar(&opt.runs, "runs", 100, "number of runs in the study")
	f.IntVar(&opt.jobs, "jobs", 0, "runs computed at once, one goroutine each (default: the cores this process may use)")
	f.Uint64Var(&opt.seed, "seed", 0, "master seed (default: the scenario's seed, else 1)")
	setFlag(c, &opt.sets)
	f.StringVar(&opt.out, "out", "", "output `folder` (default: out/<scenario>-mc, or out/<scenario>-mc-shard-k-of-n)")
	f.StringVar(&opt.shard, "shard", "", "compute only shard `k/n`: the runs i with i mod n = k")
	f.StringVar(&opt.shardIndex, "shard-index", "", "shard index `k`, or auto: $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID")
	f.StringVar(&opt.shardCount, "shard-count", "", "shard count `n`, or auto: $SLURM_ARRAY_TASK_COUNT")
	f.StringVar(&opt.sampling, "sampling", string(study.LatinHypercube), "how to draw the ranged numbers: `lhs` (Latin hypercube) or random (independent draws)")
	f.BoolVarP(&opt.quiet, "quiet", "q", false, "no progress bar, and print nothing on success")
	f.BoolVar(&opt.resume, "resume", false, "continue the unfinished study in the output folder")
	f.BoolVar(&opt.charts, "charts", true, "draw the charts (false: the data and a report without charts)")
	f.BoolVar(&opt.keepRuns, "keep-runs", false, "also write every run's monthly series to "+trajFile+" (not with --shard or --resume)")
	return c
}

// interruptAfter, if positive, makes the next montecarlo stop as Ctrl-C
// would once that many runs are done. Tests set it.
var interruptAfter int

// monteCarlo runs the command.
func monteCarlo(ctx context.Context, stdout, stderr io.Writer, ref string, opt mcOptions) error {
	shard, err := shardOf(opt)
	if err != nil {
		return badInput(err)
	}
	sampling, err := study.ParseSampling(opt.sampling)
	if err != nil {
		return badInput(err)
	}
	switch {
	case opt.runs < 1:
		return badInput(fmt.Errorf("--runs must be at least 1, not %d", opt.runs))
	case opt.runs > study.MaxEnsembleRuns:
		return badInput(fmt.Errorf("--runs %d: the limit is %d", opt.runs, study.MaxEnsembleRuns))
	case opt.keepRuns && (opt.resume || shard != study.Whole):
		return badInput(errors.New("--keep-runs writes the trajectories of a whole study in one go: not with --shard or --resume"))
	}
	if err := study.CheckJobs(opt.jobs); err != nil {
		return badInput(err)
	}
	l, err := load(ref, opt.sets)
	if err != nil {
		return err
	}
	if !opt.seedGiven {
		opt.seed = cmp.Or(l.Scenario.Seed, 1)
	}
	s, err := study.New(func() (*scenarios.Opened, error) { return scenarios.Open(ref, opt.sets) }, opt.seed, opt.runs, sampling)
	if err != nil {
		return badInput(err)
	}
	yaml, err := l.Tree.Marshal()
	if err != nil {
		return runFailed(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultOutDir(l.Scenario.Name) + "-mc"
		if shard != study.Whole {
			dir += fmt.Sprintf("-shard-%d-of-%d", shard.Index, shard.Count)
		}
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkOutDir(dir); err != nil {
		return badInput(err)
	}
	st, rep, err := startState(s, shard, dir, opt.resume)
	if err != nil {
		return err
	}
	if st.Complete() && opt.resume && rep == nil {
		if !opt.quiet {
			fmt.Fprintf(stdout, "%s already holds all %d runs of the shard; nothing to do\n", dir, st.ShardRuns)
		}
		return nil
	}
	return execute(ctx, stdout, stderr, s, st, rep, dir, yaml, ref, opt)
}

// startState returns the state to start from: a new one, or with
// --resume the unfinished one in dir with the runs its checkpoint saved
// since (rep, nil if none). Without --resume it refuses to overwrite an
// unfinished study.
func startState(s *study.Study, shard study.Shard, dir string, resume bool) (st *study.State, rep *study.Replayed, err error) {
	prev, err := readEnsemble(dir)
	switch {
	case resume && isNotExist(err):
		// Killed before its first output: only the checkpoint holds runs.
		st = s.Start(shard)
		if rep, err = replayCheckpoint(s, st, dir); err != nil {
			return nil, nil, badInput(fmt.Errorf("--resume: %w", err))
		} else if rep == nil {
			return nil, nil, badInput(fmt.Errorf("--resume: %s holds no study to continue (no %s)", dir, progressFile))
		}
		return st, rep, nil
	case resume && err != nil:
		return nil, nil, badInput(fmt.Errorf("--resume: %w", err))
	case resume:
		if err := s.Check(prev, shard); err != nil {
			return nil, nil, badInput(fmt.Errorf("--resume: %s cannot be continued by this command: %w", dir, err))
		}
		if rep, err = replayCheckpoint(s, prev, dir); err != nil {
			return nil, nil, badInput(fmt.Errorf("--resume: %w", err))
		}
		return prev, rep, nil
	case err == nil && !prev.Complete():
		return nil, nil, badInput(fmt.Errorf("%s holds an unfinished study (%d of %d runs); add --resume to continue it, or remove it or choose another --out", dir, prev.Done, prev.ShardRuns))
	case isNotExist(err):
		scratch := s.Start(shard)
		rep, err := replayCheckpoint(s, scratch, dir)
		if err != nil {
			return nil, nil, badInput(fmt.Errorf("%w; remove it to start the study again", err))
		}
		if rep != nil && scratch.Done > 0 {
			return nil, nil, badInput(fmt.Errorf("%s holds an unfinished study (%d of %d runs saved in %s by a process that was killed); add --resume to continue it, or remove it or choose another --out",
				dir, scratch.Done, scratch.ShardRuns, checkpointPath(dir)))
		}
	}
	return s.Start(shard), nil, nil
}

// execute runs the study from st (with the runs rep replayed from the
// checkpoint, or nil) and writes its outputs into dir.
func execute(ctx context.Context, stdout, stderr io.Writer, s *study.Study, st *study.State, rep *study.Replayed, dir string, yaml []byte, ref string, opt mcOptions) error {
	var extra []map[string]func(io.Writer) error
	if opt.keepRuns {
		work, err := workFolder(dir)
		if err != nil {
			return err
		}
		defer os.RemoveAll(work)
		trajPath := filepath.Join(work, trajFile)
		f, err := os.Create(trajPath)
		if err != nil {
			return runFailed(err)
		}
		defer f.Close()
		if opt.traj, err = study.NewTrajectoryWriter(f); err != nil {
			return runFailed(err)
		}
		extra = append(extra, map[string]func(io.Writer) error{trajFile: func(w io.Writer) error {
			if err := opt.traj.Close(); err != nil {
				return err
			}
			return copyFile(trajPath)(w)
		}})
	}
	cp, err := openMCCheckpoint(s, st, rep, dir)
	if err != nil {
		return err
	}
	defer cp.close()
	write := func() ([]string, error) {
		names, err := writeEnsemble(dir, st, opt.charts, copyFile(cp.rowsPath), yaml, extra...)
		if err == nil {
			cp.remove() // the outputs now hold its runs
		}
		return names, err
	}
	if err := runStudy(ctx, stderr, s, st, cp, opt); err != nil && !errors.Is(err, study.ErrInterrupted) {
		return runError(err)
	} else if err != nil {
		if _, err := write(); err != nil {
			return runFailed(err)
		}
		return runFailed(fmt.Errorf("interrupted after %d of %d runs; %s holds them.\nTo continue: %s",
			st.Done, st.ShardRuns, dir, resumeCommand(ref, dir, opt)))
	}
	names, err := write()
	if err != nil {
		return runFailed(err)
	}
	if !opt.quiet {
		printEnsemble(stdout, dir, names, st)
		if shard := st.Shard; shard != study.Whole {
			fmt.Fprintf(stdout, "this is shard %s: when all %d shards are done, join them with `aicloudsim merge <their folders>`\n", shard, shard.Count)
		}
	}
	return nil
}

// workFolder creates the folder beside dir where --keep-runs writes the
// trajectories while the study runs.
func workFolder(dir string) (string, error) {
	dir = filepath.Clean(dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", runFailed(fmt.Errorf("creating output folder: %w", err))
	}
	work, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".running-*")
	if err != nil {
		return "", runFailed(fmt.Errorf("creating a working folder: %w", err))
	}
	return work, nil
}

// runStudy computes the runs st lacks, appending their rows to the
// checkpoint's runs.csv, with a progress bar on a terminal. SIGINT or
// SIGTERM stops it as the study's context ending does: the error then
// wraps study.ErrInterrupted.
func runStudy(ctx context.Context, stderr io.Writer, s *study.Study, st *study.State, cp *mcCheckpoint, opt mcOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	sigCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(sigCtx)
	defer cancel()
	bar := newProgress(stderr, !opt.quiet && isTerminal(stderr), st.ShardRuns-st.Done)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigCtx.Done():
			stop() // a second Ctrl-C kills the process at once
			if !opt.quiet {
				bar.printf("stopping: finishing the runs under way and writing what is done (Ctrl-C again to quit at once)\n")
			}
		case <-done:
		}
	}()
	first := st.Done
	err := s.Run(ctx, st, cp.sum, study.Options{Jobs: opt.jobs, Log: cp.log, Trajectories: opt.traj, Progress: func(n, _ int) {
		bar.set(n - first)
		if interruptAfter > 0 && n-first >= interruptAfter {
			cancel()
		}
	}})
	close(done)
	bar.finish(err == nil)
	return err
}

// runError classifies a failed study: a scenario or configuration problem
// (including one the sampled values cause) is bad input; anything else is
// a failed run.
func runError(err error) error {
	var el scenarios.ErrorList
	if errors.As(err, &el) || errors.Is(err, market.ErrConfig) {
		return badInput(err)
	}
	return runFailed(err)
}

// resumeCommand is the command line that continues an interrupted study.
func resumeCommand(ref, dir string, opt mcOptions) string {
	args := []string{"aicloudsim", "montecarlo", ref, "--runs", strconv.Itoa(opt.runs), "--seed", strconv.FormatUint(opt.seed, 10)}
	for _, s := range opt.sets {
		args = append(args, "--set", s)
	}
	if opt.sampling != "" && opt.sampling != string(study.LatinHypercube) {
		args = append(args, "--sampling", opt.sampling)
	}
	if opt.shard != "" || opt.shardIndex != "" {
		sh, _ := shardOf(opt)
		args = append(args, "--shard", sh.String())
	}
	args = append(args, "--out", dir, "--resume")
	for i, a := range args {
		args[i] = shellQuote(a)
	}
	return strings.Join(args, " ")
}

// shellQuote quotes s for a POSIX shell if it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+%@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
