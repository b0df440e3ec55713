package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func newValidateCmd() *cobra.Command {
	var sets []string
	var out outputFormat
	c := &cobra.Command{
		Use:   "validate [scenario...]",
		Short: "Check scenarios without running them",
		Long: `Validate loads and builds each scenario (embedded names or files; every
embedded scenario when none is given) with the --set overrides, and prints
"ok: <scenario>" or "FAIL: <scenario>" for each, and every problem found
to stderr, one per line as file:line:col. It exits with 2 if any scenario
is bad.

With -o json it prints one JSON document to stdout instead, as go vet -json
does: every scenario with "valid" and its errors as objects (posn, file,
line, column, path, message); the exit code is the same.`,
		Example: `  aicloudsim validate
  aicloudsim validate examples/zhenwu-700.yaml --set seed=3
  aicloudsim validate examples/zhenwu-700.yaml -o json`,
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				for _, e := range scenarios.Catalogue() {
					args = append(args, e.Name)
				}
			}
			if out.json() {
				return validateJSON(c.OutOrStdout(), args, sets)
			}
			return validate(c.OutOrStdout(), c.ErrOrStderr(), args, sets)
		},
	}
	setFlag(c, &sets)
	outputFlag(c, &out)
	return c
}

// errReported says validate has already printed the problems.
var errReported = errors.New("")

// validate checks every scenario in refs, printing "ok" or "FAIL" lines to
// stdout and the problems to stderr, and returns bad input if any had one.
func validate(stdout, stderr io.Writer, refs, sets []string) error {
	bad := 0
	for _, ref := range refs {
		if _, err := load(ref, sets); err != nil {
			fmt.Fprintf(stdout, "FAIL: %s\n", ref)
			printError(stderr, errors.Unwrap(err))
			bad++
			continue
		}
		fmt.Fprintf(stdout, "ok: %s\n", ref)
	}
	if bad == 0 {
		return nil
	}
	if len(refs) == 1 {
		return &exitError{exitBadInput, errReported}
	}
	return badInput(fmt.Errorf("%d of %d scenarios have problems", bad, len(refs)))
}

// validateJSON checks every scenario in refs and writes the results as
// one JSON document; it returns bad input, already reported, if any
// scenario had a problem.
func validateJSON(stdout io.Writer, refs, sets []string) error {
	items := make([]validationJSON, 0, len(refs))
	bad := 0
	for _, ref := range refs {
		v := validationJSON{Scenario: ref, Valid: true, Errors: []problemJSON{}}
		if _, err := load(ref, sets); err != nil {
			v.Valid, v.Errors = false, problemObjects(errors.Unwrap(err))
			bad++
		}
		items = append(items, v)
	}
	if err := writeJSON(stdout, jsonList[validationJSON]{"ValidationList", items}); err != nil {
		return err
	}
	if bad > 0 {
		return badInput(fmt.Errorf("%d of %d scenarios have problems", bad, len(refs)))
	}
	return nil
}
