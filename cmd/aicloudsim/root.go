package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK        = 0
	exitRunFailed = 1
	exitBadInput  = 2
)

// exitError is an error with the exit code it should end the program with.
// Errors that are not exitErrors come from cobra's argument and flag
// parsing and are usage errors.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// badInput marks err as a problem with the user's input (exit code 2).
func badInput(err error) error { return &exitError{exitBadInput, err} }

// runFailed marks err as a failed run (exit code 1).
func runFailed(err error) error { return &exitError{exitRunFailed, err} }

// run is the program: it parses args, runs the command, writes results to
// stdout and errors to stderr, one per line, and returns the exit code. It
// never panics: a panic is reported as a failed run.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "internal error: %v\nThis is a bug in aicloudsim; please report it with the command line and this trace:\n%s", r, debug.Stack())
			code = exitRunFailed
		}
	}()
	if args == nil {
		args = []string{} // cobra reads os.Args when args are nil
	}
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		printError(stderr, ee.err)
		return ee.code
	}
	printError(stderr, usageError(err))
	path := "aicloudsim"
	if cmd != nil {
		path = cmd.CommandPath()
	}
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", path)
	return exitBadInput
}

// printError writes err to w, one line per error, with no prefix of its
// own: a scenario error starts with its file:line:col.
func printError(w io.Writer, err error) {
	if msg := strings.TrimRight(err.Error(), "\n"); msg != "" {
		fmt.Fprintln(w, msg)
	}
}

// usageError folds cobra's multi-line "Did you mean this?" suggestions
// into the one-line error: unknown command "rnu" for "aicloudsim" (did you
// mean "run"?).
func usageError(err error) error {
	const hint = "\n\nDid you mean this?\n"
	msg := err.Error()
	i := strings.Index(msg, hint)
	if i < 0 {
		return err
	}
	var quoted []string
	for _, s := range strings.Fields(msg[i+len(hint):]) {
		quoted = append(quoted, strconv.Quote(s))
	}
	return fmt.Errorf("%s (did you mean %s?)", msg[:i], strings.Join(quoted, " or "))
}

// newRoot builds the command tree. Commands write to the writers given,
// never to os.Stdout or os.Stderr.
func newRoot(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "aicloudsim",
		Short: "Simulate the race for China's AI cloud market",
		Long: `aicloudsim is a discrete-event market and strategy simulation of China's AI
cloud market: ByteDance, Alibaba, Nvidia, the Western labs and the other
domestic clouds compete with chips and models whose physics the engine models.

Scenarios are YAML files (or embedded names such as "baseline"); a what-if is
a few lines with "extends: baseline", or --set path=value on the command line.
Every run is reproducible from (scenario, seed).

Exit codes: 0 ok, 1 run failed, 2 bad input.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       reports.Version(),
	}
	root.SetVersionTemplate("aicloudsim {{.Version}}\n")
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return err })
	root.PersistentPreRunE = checkOutFlag
	root.AddCommand(newRunCmd(), newValidateCmd(), newListCmd(), newExplainCmd(), newSchemaCmd())
	root.AddCommand(newMonteCarloCmd(), newMergeCmd())
	root.AddCommand(newPlayCmd())
	root.AddCommand(newSweepCmd(), newSensitivityCmd(), newCompareCmd())
	root.AddCommand(newTournamentCmd())
	root.AddCommand(newDiscoverCmd(), newCalibrateCmd())
	root.AddCommand(newVersionCmd())
	root.AddCommand(newServeCmd())
	addCompletions(root)
	return root
}

// setFlag adds the repeatable --set flag to c.
func setFlag(c *cobra.Command, sets *[]string) {
	c.Flags().StringArrayVar(sets, "set", nil, "override `path=value` in the scenario (repeatable), e.g. chips.zhenwu-810e.memory_bandwidth=0.7TB/s")
}
