package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/spf13/cobra"
)

// buildInfo is what `aicloudsim version -o json` prints.
type buildInfo struct {
	Version  string `json:"version"`            // as recorded in every output folder
	Module   string `json:"module,omitempty"`   // the main module's path
	Revision string `json:"revision,omitempty"` // VCS revision the binary was built from
	Time     string `json:"time,omitempty"`     // commit time of that revision
	Modified bool   `json:"modified,omitempty"` // the work tree had changes
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// readBuildInfo returns the build's version, module and revision, from
// runtime/debug.ReadBuildInfo.
func readBuildInfo() buildInfo {
	b := buildInfo{Version: reports.Version(), Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	b.Module = info.Main.Path
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

func newVersionCmd() *cobra.Command {
	var out outputFormat
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version of aicloudsim, its module and VCS revision",
		Long: `Print the version of this build of aicloudsim: the module version (a tag,
or "(devel)" for a build from a work tree), the VCS revision and time it
was built from, and the Go version. Every output folder records the same
version string (report.html, datapackage.json, progress.json).`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			b := readBuildInfo()
			w := c.OutOrStdout()
			if out.json() {
				return writeJSON(w, b)
			}
			fmt.Fprintf(w, "aicloudsim %s\n", b.Version)
			if b.Module != "" {
				fmt.Fprintf(w, "module   %s\n", b.Module)
			}
			if b.Revision != "" {
				dirty := ""
				if b.Modified {
					dirty = " (modified)"
				}
				fmt.Fprintf(w, "revision %s%s %s\n", b.Revision, dirty, b.Time)
			}
			fmt.Fprintf(w, "go       %s %s\n", b.Go, b.Platform)
			return nil
		},
	}
	outputFlag(c, &out)
	return c
}

// writeJSON writes v as indented JSON and a newline, as kubectl -o json
// does.
func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
