package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// runNamespace is the UUID namespace of run ids. It is fixed forever (a
// changed namespace would change every run id); it was derived once as
// uuid.NewSHA1(uuid.NameSpaceURL, "https://github.com/seed-e89a7ce8/aicloudsim/run").
var runNamespace = uuid.MustParse("cf7a8608-fd4c-577d-8981-ef176aa9b1e4")

// runID identifies run runIndex of a scenario with the given hash and seed,
// so a rerun of the same (scenario, seed, run) has the same id.
func runID(hash string, seed uint64, runIndex int) string {
	return uuid.NewSHA1(runNamespace, []byte(hash+":"+strconv.FormatUint(seed, 10)+":"+strconv.Itoa(runIndex))).String()
}

// runOptions are the flags of `aicloudsim run`.
type runOptions struct {
	seed  uint64
	sets  []string
	out   string
	quiet bool

	contextRuns int  // runs of the context ensemble; 0 for none
	drivers     bool // attribute the share and profit changes to groups of inputs
	charts      bool // draw the charts
}

func newRunCmd() *cobra.Command {
	var opt runOptions
	c := &cobra.Command{
		Use:   "run [scenario-name|file]",
		Short: "Run one simulation and write its data, charts and report",
		Long: `Run simulates a scenario (default "baseline") once and writes, atomically,
one folder with:

  report.html    one self-contained page: results, moves, charts,
                 assumptions with sources, the event log (open it in a browser)
  summary.md     findings, drivers, the final year, segment shares and the
                 biggest share moves
  drivers-*.png  waterfalls of what moved each cloud's share and profit (see
                 aicloudsim explain drivers); not with --drivers=false
  metrics.csv    every monthly metric in tidy long form
  events.jsonl   the event log: releases, policy changes, decisions, deliveries
  scenario.yaml  the scenario after extends and --set
  *.png          the charts: shares, revenue and profit, prices, fleets,
                 serving cost, capability, users, Nvidia in China, timeline

Both reports open with the run's findings: who leads, the biggest moves,
who loses money and Nvidia's China sales, each linked to its chart. Each is
checked against a small ensemble of the scenario (--context-runs runs with
its ranged numbers sampled and their own seeds, no charts): a finding outside
the ensemble's P10-P90 is flagged with the ensemble's median. Then come the
drivers: the change of each cloud's share and profit from the first year to
the last, split into five groups of inputs by exact Shapley values over 32
counterfactual runs.

A scenario that lists dated source figures (targets) gets a calibration
table in summary.md and report.html.

The folder is out/<scenario name> unless --out is given; an earlier run's
folder there is replaced once the new one is complete.`,
		Example: `  aicloudsim run
  aicloudsim run baseline --seed 7
  aicloudsim run --set chips.zhenwu-810e.memory_bandwidth=0.7TB/s --out out/slow-zhenwu
  aicloudsim run examples/zhenwu-700.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return runScenario(c.OutOrStdout(), c.ErrOrStderr(), scenarioArg(args), opt, c.Flags().Changed("seed"))
		},
	}
	c.Flags().Uint64Var(&opt.seed, "seed", 0, "random seed (default: the scenario's seed, else 1)")
	setFlag(c, &opt.sets)
	c.Flags().StringVar(&opt.out, "out", "", "output `folder` (default: out/<scenario name>)")
	c.Flags().BoolVarP(&opt.quiet, "quiet", "q", false, "print nothing on success")
	c.Flags().IntVar(&opt.contextRuns, "context-runs", defaultContextRuns, "runs of the ensemble the findings are checked against (0: none)")
	c.Flags().BoolVar(&opt.drivers, "drivers", defaultDrivers, "attribute each cloud's share and profit change to groups of inputs (32 more runs)")
	c.Flags().BoolVar(&opt.charts, "charts", true, "draw the charts (false: the data, the summary and a report without charts, several times faster)")
	return c
}

// runScenario loads, runs and writes one scenario.
func runScenario(stdout, stderr io.Writer, ref string, opt runOptions, seedGiven bool) error {
	l, err := load(ref, opt.sets)
	if err != nil {
		return err
	}
	dir := opt.out
	if dir == "" {
		dir = defaultOutDir(l.Scenario.Name)
	}
	unlock, err := lockOut(stderr, dir)
	if err != nil {
		return err
	}
	defer unlock()
	// A --out that is a file, a link or a folder of other files fails now,
	// as bad input, not after the run.
	if err := reports.CheckOutDir(dir, runDataFiles); err != nil {
		return badInput(err)
	}
	targets, err := l.CalibrationTargets() // checked before the run: a bad target is bad input
	if err != nil {
		return badInput(err)
	}
	seed := opt.seed
	if !seedGiven {
		seed = cmp.Or(l.Scenario.Seed, 1)
	}
	const runIndex = 0
	r, err := l.simulate(seed, runIndex)
	if err != nil {
		return err
	}
	id := runID(l.Hash, seed, runIndex)
	meta := reports.Meta{RunID: id, ScenarioHash: l.Hash, Title: l.Scenario.Title, Sets: opt.sets, NoCharts: !opt.charts}
	for _, a := range l.Scenario.Assumptions() {
		meta.Assumptions = append(meta.Assumptions, reports.Assumption(a))
	}
	if len(targets) > 0 {
		meta.Fit = market.Fit(r, targets)
	}
	if err := explainRun(l, ref, seed, opt, &meta); err != nil {
		return err
	}
	files, err := runFiles(l, r, meta, opt.charts)
	if err != nil {
		return runFailed(err)
	}
	for _, c := range meta.DriverCharts {
		files[c.Name] = bytesFile(c.PNG)
	}
	if err := prerender(dir, files, ".html", ".md", ".csv", ".jsonl", ".json", ".yaml"); err != nil {
		return runFailed(err)
	}
	if err := reports.WriteDir(dir, files); err != nil {
		return runFailed(err)
	}
	if !opt.quiet {
		printHeadline(stdout, r, dir, files, id)
	}
	return nil
}

// runDataFiles are the files of a run's output other than its charts.
var runDataFiles = []string{"metrics.csv", "events.jsonl", "summary.md", "report.html", "scenario.yaml", reports.DataPackageFile}

// runFiles renders the charts of run r of l (unless withCharts is false)
// and returns the writers of every output file, by name: the data, the
// scenario as run, the summary, the report and one PNG per chart.
func runFiles(l *loaded, r *market.Result, meta reports.Meta, withCharts bool) (map[string]func(io.Writer) error, error) {
	var charts []reports.Chart
	if withCharts {
		var err error
		if charts, err = reports.Charts(r, servingTable(l.cfg), chartOptions(l, meta)...); err != nil {
			return nil, err
		}
	}
	files := map[string]func(io.Writer) error{
		"metrics.csv":  func(w io.Writer) error { return reports.WriteMetricsCSV(w, r, meta.RunID) },
		"events.jsonl": func(w io.Writer) error { return reports.WriteEventsJSONL(w, r, meta.RunID) },
		"summary.md":   func(w io.Writer) error { return reports.WriteSummary(w, r, meta) },
		"report.html":  func(w io.Writer) error { return reports.WriteHTML(w, r, meta, charts) },
		"scenario.yaml": func(w io.Writer) error {
			yaml, err := l.Tree.Marshal()
			if err == nil {
				_, err = w.Write(yaml)
			}
			return err
		},
	}
	for _, c := range charts {
		if _, dup := files[c.Name]; dup {
			return nil, fmt.Errorf("internal error: chart %s has the name of another output file", c.Name)
		}
		files[c.Name] = func(w io.Writer) error { _, err := w.Write(c.PNG); return err }
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: r.Scenario, Title: meta.Title})
	return files, nil
}

// chartOptions gives the charts what the scenario knows beyond the run's
// results: its festival windows and its dated source figures.
func chartOptions(l *loaded, meta reports.Meta) []reports.ChartOption {
	var targets []market.Target
	for _, f := range meta.Fit {
		targets = append(targets, f.Target)
	}
	return []reports.ChartOption{reports.WithFestivals(reports.SegmentFestivals(l.cfg.Segments)), reports.WithTargets(targets)}
}

// maxHeadline is how many companies the run's headline lists.
const maxHeadline = 5

// printHeadline says where the run wrote and gives the final year's
// revenue shares of the largest companies.
func printHeadline(w io.Writer, r *market.Result, dir string, files map[string]func(io.Writer) error, id string) {
	fmt.Fprintf(w, "wrote %s: %s\n", dir, fileList(files))
	fmt.Fprintf(w, "scenario %s, seed %d, run id %s\n", r.Scenario, r.Seed, id)
	year, months, rows := reports.FinalYear(r)
	if len(rows) == 0 {
		return
	}
	slices.SortStableFunc(rows, func(a, b reports.CompanyYear) int { return cmp.Compare(b.RevenueShare, a.RevenueShare) })
	span := strconv.Itoa(year)
	if months < 12 {
		span += fmt.Sprintf(" (%d months)", months)
	}
	fmt.Fprintf(w, "%s revenue share of the paid segments:\n", span)
	rows = rows[:min(len(rows), maxHeadline)]
	width := 0
	for i := range rows {
		rows[i].Name = shortName(rows[i].Name)
		width = max(width, utf8.RuneCountInString(rows[i].Name))
	}
	for _, c := range rows {
		fmt.Fprintf(w, "  %-*s %5.1f%%  revenue $%.2fB\n", width, c.Name, 100*c.RevenueShare, c.RevenueUSD/1e9)
	}
}

// mainFiles are the output files a run always writes, in the order the
// run's first line names them.
var mainFiles = []string{"report.html", "summary.md", "metrics.csv", "events.jsonl", "scenario.yaml", reports.DataPackageFile}

// fileList names the files of a run's output: the main files, then the
// number of charts, as in "report.html, summary.md, metrics.csv,
// events.jsonl, scenario.yaml, datapackage.json and 19 charts".
func fileList(files map[string]func(io.Writer) error) string {
	var names, others []string
	for _, name := range mainFiles {
		if _, ok := files[name]; ok {
			names = append(names, name)
		}
	}
	charts := 0
	for name := range files {
		switch {
		case slices.Contains(mainFiles, name):
		case strings.HasSuffix(name, ".png"):
			charts++
		default:
			others = append(others, name)
		}
	}
	slices.Sort(others)
	names = append(names, others...)
	switch charts {
	case 0:
	case 1:
		names = append(names, "1 chart")
	default:
		names = append(names, strconv.Itoa(charts)+" charts")
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// shortName drops a long company name's parenthesis, so "Other domestic
// (DeepSeek, Kuaishou, ...)" prints as "Other domestic".
func shortName(name string) string {
	if i := strings.Index(name, " ("); i > 0 && utf8.RuneCountInString(name) > 28 {
		return name[:i]
	}
	return name
}
