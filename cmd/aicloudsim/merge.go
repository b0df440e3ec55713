package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// mergeOptions are the flags of `aicloudsim merge`.
type mergeOptions struct {
	out   string
	quiet bool
}

func newMergeCmd() *cobra.Command {
	var opt mergeOptions
	c := &cobra.Command{
		Use:   "merge DIR...",
		Short: "Join the shards of a Monte Carlo study into its outputs",
		Long: `Merge reads the output folders of the shards of one montecarlo study (run
with --shard k/n, or --shard-index and --shard-count) and writes the study's
outputs into one folder (out/<scenario>-mc unless --out is given): the same
files, byte for byte, that one process running every run would write.

It refuses, with exit code 2, folders of different studies (scenario, seed
or number of runs), unfinished shards, and shards that leave runs out or
hold a run twice.`,
		Example: `  aicloudsim merge out/baseline-mc-shard-*
  aicloudsim merge results/shard-0 results/shard-1 results/shard-2 --out results/merged`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return merge(c.OutOrStdout(), c.ErrOrStderr(), args, opt)
		},
	}
	c.Flags().StringVar(&opt.out, "out", "", "output `folder` (default: out/<scenario>-mc)")
	c.Flags().BoolVarP(&opt.quiet, "quiet", "q", false, "print nothing on success")
	return c
}

// merge runs the command.
func merge(stdout, stderr io.Writer, dirs []string, opt mergeOptions) error {
	var ins []study.Input
	var yaml []byte
	for i, dir := range dirs {
		st, err := readEnsemble(dir)
		if isNotExist(err) {
			return badInput(fmt.Errorf("%s is not the output of a montecarlo shard: it has no %s", dir, progressFile))
		}
		if err != nil {
			return badInput(err)
		}
		y, err := os.ReadFile(filepath.Join(dir, scenarioFile))
		if err != nil {
			return badInput(err)
		}
		if i == 0 {
			yaml = y // shards of one study have one scenario (Merge checks the hashes)
		}
		ins = append(ins, study.Input{Name: dir, State: st})
	}
	merged, err := study.Merge(ins)
	if err != nil {
		return badInput(err)
	}
	dir := opt.out
	if dir == "" {
		dir = defaultOutDir(merged.Scenario) + "-mc"
	}
	for _, in := range dirs {
		if same, _ := sameDir(in, dir); same {
			return badInput(fmt.Errorf("--out %s is one of the shards; choose another folder", dir))
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
	rows := func(w io.Writer) error {
		var rs []study.RowsInput
		for _, in := range ins {
			f, err := os.Open(filepath.Join(in.Name, runsFile))
			if err != nil {
				return err
			}
			defer f.Close()
			rs = append(rs, study.RowsInput{Name: in.Name, State: in.State, Rows: f})
		}
		return study.MergeRows(w, rs)
	}
	if err := rows(io.Discard); err != nil { // check every shard's runs.csv before writing
		return badInput(err)
	}
	names, err := writeEnsemble(dir, merged, true, rows, yaml)
	if err != nil {
		return runFailed(err)
	}
	if !opt.quiet {
		shards := make([]string, len(ins))
		for i, in := range ins {
			shards[i] = in.State.Shard.String()
		}
		slices.Sort(shards)
		fmt.Fprintf(stdout, "merged %d shards (%v)\n", len(ins), shards)
		printEnsemble(stdout, dir, names, merged)
	}
	return nil
}

// sameDir reports whether two paths name the same folder.
func sameDir(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
