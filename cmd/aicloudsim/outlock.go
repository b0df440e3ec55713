package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// lockOut takes the lock of the output folder dir for the rest of the
// command and tidies what earlier writers that died left beside it (see
// reports.Recover), saying so on stderr. It returns the function that
// releases the lock. Another process writing dir is bad input (exit 2).
func lockOut(stderr io.Writer, dir string) (unlock func(), err error) {
	unlock, err = lockDir(dir)
	if err != nil {
		return nil, err
	}
	did, err := reports.Recover(dir)
	for _, d := range did {
		fmt.Fprintln(stderr, d)
	}
	if err != nil {
		unlock()
		return nil, runFailed(err)
	}
	return unlock, nil
}

// lockDir takes the lock of the folder dir for the rest of the command
// and returns the function that releases it. Another process writing dir
// is bad input (exit 2), with a message naming it.
func lockDir(dir string) (unlock func(), err error) {
	unlock, err = reports.LockOutDir(dir)
	if errors.Is(err, reports.ErrLocked) {
		return nil, badInput(err)
	} else if err != nil {
		return nil, runFailed(err)
	}
	return unlock, nil
}

// checkOutFlag refuses an empty --out: a script whose variable is unset
// would otherwise write to the default folder.
func checkOutFlag(c *cobra.Command, _ []string) error {
	if f := c.Flags().Lookup("out"); f != nil && f.Changed && f.Value.String() == "" {
		return badInput(errors.New("--out '': give a folder, or leave --out out for the default"))
	}
	return nil
}
