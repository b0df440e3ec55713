package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func newSchemaCmd() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files, for editors",
		Long: `Schema prints a JSON Schema (draft-07) of scenario files, generated from
the loader's own types, so that editors using yaml-language-server (VS Code's
YAML extension, Neovim, Helix, ...) check and complete scenarios as you type.
Save it next to your scenarios and start each file with the modeline

  # yaml-language-server: $schema=./aicloudsim.schema.json

The schema checks keys, types, units, dates, ids and plausible ranges of bare
numbers; validate checks everything else (cross references, sums, ranges of
numbers written with units).`,
		Example: `  aicloudsim schema > aicloudsim.schema.json
  aicloudsim schema --out scenarios/aicloudsim.schema.json`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			b := scenarios.Schema()
			if out == "" {
				_, err := c.OutOrStdout().Write(b)
				return err
			}
			if err := reports.WriteFileAtomic(out, b, 0o644); err != nil {
				return runFailed(fmt.Errorf("writing %s: %w", out, err))
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "write the schema to `file` (atomically) instead of stdout")
	return c
}
