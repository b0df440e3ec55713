package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

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
			if err := writeFileAtomic(out, b); err != nil {
				return runFailed(err)
			}
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "write the schema to `file` (atomically) instead of stdout")
	return c
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so path is either its old self or complete.
func writeFileAtomic(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("%s: not a file name", path)
	}
	f, err := os.CreateTemp(filepath.Clean(dir+"."), base+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
