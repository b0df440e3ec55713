package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// Files of an ensemble's output folder that merge and --resume read back.
const (
	progressFile  = "progress.json"
	aggregateFile = "aggregate.gob"
	runsFile      = "runs.csv"
	scenarioFile  = "scenario.yaml"
	trajFile      = "trajectories.csv.gz" // with --keep-runs
)

// writeEnsemble writes the output folder of an ensemble, atomically, from
// its state, its runs.csv (written by rows) and its merged scenario. The
// folder is the same whether the runs were computed in one process or in
// shards and merged, and whatever the number of workers. It returns the
// names of the files written. withCharts draws the charts; extra, if
// given, adds files (the trajectories of --keep-runs).
func writeEnsemble(dir string, st *study.State, withCharts bool, rows func(io.Writer) error, scenarioYAML []byte, extra ...map[string]func(io.Writer) error) ([]string, error) {
	e := st.Report()
	var charts []reports.Chart
	if withCharts {
		var err error
		if charts, err = reports.EnsembleCharts(e); err != nil {
			return nil, err
		}
	}
	files := map[string]func(io.Writer) error{
		runsFile:      rows,
		"bands.csv":   func(w io.Writer) error { return reports.WriteBandsCSV(w, e.Bands) },
		"params.csv":  func(w io.Writer) error { return study.WriteParamsCSV(w, st.Params) },
		progressFile:  st.WriteProgress,
		aggregateFile: st.Agg.Encode,
		scenarioFile:  func(w io.Writer) error { _, err := w.Write(scenarioYAML); return err },
		"report.html": func(w io.Writer) error { return reports.WriteEnsembleHTML(w, e, charts) },
	}
	m, err := study.NewManifest(st, checkedFiles, files)
	if err != nil {
		return nil, err
	}
	files[study.ManifestFile] = m.Write
	for _, c := range charts {
		files[c.Name] = func(w io.Writer) error { _, err := w.Write(c.PNG); return err }
	}
	for _, x := range extra {
		maps.Copy(files, x)
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: st.Scenario + "-montecarlo", Title: st.Title,
		Columns: ensembleColumns(st.Params, st.Agg.Layout.Outcomes)})
	if err := reports.WriteDir(dir, files); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// checkedFiles are the files of an ensemble output that merge and --resume
// read, whose sizes and SHA-256 sums its manifest records.
var checkedFiles = []string{aggregateFile, progressFile, runsFile, scenarioFile}

// ensembleFileNames are the names of every file an ensemble output holds.
func ensembleFileNames() []string {
	return append([]string{aggregateFile, "bands.csv", reports.DataPackageFile, study.ManifestFile, "params.csv", progressFile, "report.html", runsFile, scenarioFile, trajFile}, reports.EnsembleChartNames...)
}

// checkOutDir refuses, before any work, an output folder that
// writeEnsemble would refuse to replace.
func checkOutDir(dir string) error { return reports.CheckOutDir(dir, ensembleFileNames()) }

// readEnsemble reads the state of the ensemble output in dir, after
// checking its files against its manifest. A folder without progress.json
// returns an error wrapping fs.ErrNotExist.
func readEnsemble(dir string) (*study.State, error) {
	if _, err := os.Lstat(filepath.Join(dir, progressFile)); err != nil {
		return nil, err
	}
	m, err := study.VerifyDir(dir, checkedFiles)
	if err != nil {
		return nil, err
	}
	pf, err := os.Open(filepath.Join(dir, progressFile))
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	af, err := os.Open(filepath.Join(dir, aggregateFile))
	if err != nil {
		return nil, fmt.Errorf("%s holds %s but not %s: %w", dir, progressFile, aggregateFile, err)
	}
	defer af.Close()
	st, err := study.ReadState(pf, af)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	if err := m.Check(dir, &st.Progress); err != nil {
		return nil, err
	}
	return st, nil
}

// copyFile returns a writer function that copies the file at path.
func copyFile(path string) func(io.Writer) error {
	return func(w io.Writer) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(w, f)
		return err
	}
}

// isNotExist reports whether err says a file or folder is missing.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// printEnsemble says where an ensemble wrote and gives the final-year
// revenue shares of the largest providers: median and P5–P95.
func printEnsemble(w io.Writer, dir string, names []string, st *study.State) {
	fmt.Fprintf(w, "wrote %s: %s\n", dir, strings.Join(names, ", "))
	e := st.Report()
	fmt.Fprintf(w, "scenario %s, master seed %d, %d runs", e.Scenario, e.Seed, e.Done)
	if e.Shard != "" {
		fmt.Fprintf(w, " (shard %s of a study of %d)", e.Shard, e.Runs)
	}
	fmt.Fprintln(w)
	short := map[string]string{}
	for _, c := range e.Companies {
		short[c.ID] = shortName(c.Name)
	}
	var rows []reports.FinalOutcome
	for _, o := range e.Finals {
		if o.Metric == "revenue_share" && o.Runs > 0 {
			rows = append(rows, o)
		}
	}
	if len(rows) == 0 {
		return
	}
	slices.SortStableFunc(rows, func(a, b reports.FinalOutcome) int { return cmp.Compare(b.P[2], a.P[2]) })
	rows = rows[:min(len(rows), maxHeadline)]
	span := fmt.Sprint(e.FinalYear)
	if e.FinalMonths < 12 {
		span += fmt.Sprintf(" (%d months)", e.FinalMonths)
	}
	fmt.Fprintf(w, "%s revenue share of the paid segments, median [P5–P95] over the runs:\n", span)
	width := 0
	for _, o := range rows {
		width = max(width, len([]rune(short[o.Company])))
	}
	for _, o := range rows {
		fmt.Fprintf(w, "  %-*s %5.1f%%  [%.1f%%–%.1f%%]\n", width, short[o.Company], 100*o.P[2], 100*o.P[0], 100*o.P[4])
	}
}
