package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// outputFormat is the value of -o/--output: "" (text for people) or
// "json" (data for programs, on stdout; status lines stay on stderr).
type outputFormat string

// outputFormats are the values -o takes.
var outputFormats = []string{"text", "json"}

func (o *outputFormat) String() string { return string(*o) }
func (o *outputFormat) Type() string   { return "format" }
func (o *outputFormat) Set(s string) error {
	switch s {
	case "text", "json":
		*o = outputFormat(s)
		return nil
	}
	return fmt.Errorf("want text or json, not %q", s)
}

// json reports whether the output is JSON.
func (o *outputFormat) json() bool { return *o == "json" }

// outputFlag adds -o/--output to c.
func outputFlag(c *cobra.Command, o *outputFormat) {
	*o = "text"
	c.Flags().VarP(o, "output", "o", "output format: text or json (JSON on stdout, as kubectl -o json)")
	c.RegisterFlagCompletionFunc("output", cobra.FixedCompletions(outputFormats, cobra.ShellCompDirectiveNoFileComp))
}
