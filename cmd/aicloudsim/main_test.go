package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports/reportstest"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// result is what one call of run produced.
type result struct {
	code           int
	stdout, stderr string
}

// cli runs the program with args, as a user would from a shell.
func cli(t *testing.T, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return result{code, out.String(), errb.String()}
}

// mustRun runs args and fails the test unless they exit 0.
func mustRun(t *testing.T, args ...string) result {
	t.Helper()
	r := cli(t, args...)
	if r.code != exitOK {
		t.Fatalf("aicloudsim %s: exit %d\nstderr:\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// outputFiles are the files a run writes besides its charts (*.png).
var outputFiles = []string{"datapackage.json", "events.jsonl", "metrics.csv", "report.html", "scenario.yaml", "summary.md"}

// readOut returns the contents of a run's output files, checking that
// they are outputFiles and at least one chart.
func readOut(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	return readRun(t, dir, true)
}

// readData is readOut for a run with --charts=false: outputFiles and no
// chart.
func readData(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	return readRun(t, dir, false)
}

// readRun returns the contents of a run's output files, checking that
// they are outputFiles and, if withCharts, at least one chart, else none.
func readRun(t *testing.T, dir string, withCharts bool) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	charts := 0
	files := map[string][]byte{}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".png") {
			charts++
		} else {
			names = append(names, e.Name())
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	if !slices.Equal(names, outputFiles) || (charts > 0) != withCharts {
		t.Fatalf("%s holds %q and %d charts, want %q and charts: %v", dir, names, charts, outputFiles, withCharts)
	}
	reportstest.CheckDataPackage(t, dir)
	return files
}

func TestRunWritesOutputs(t *testing.T) {
	t.Parallel()
	dir, r := baselineRun(t)
	files := readOut(t, dir)
	if !strings.HasPrefix(r.stdout, "wrote "+dir+": ") || !strings.Contains(r.stdout, "revenue share of the paid segments") {
		t.Errorf("stdout should say where it wrote and give the headline; got\n%s", r.stdout)
	}
	if n := strings.Count(r.stdout, "%  revenue $"); n < 3 || n > 5 {
		t.Errorf("stdout has %d headline share lines, want 3-5:\n%s", n, r.stdout)
	}
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing on success", r.stderr)
	}
	csv := string(files["metrics.csv"])
	if !strings.HasPrefix(csv, "run_id,scenario,seed,date,company,role,segment,metric,unit,value\n") || !strings.Contains(csv, ",baseline,1,2030-12-01,alibaba,provider,total,revenue_share,fraction,") {
		t.Errorf("metrics.csv does not look like a baseline run with seed 1:\n%.300s", csv)
	}
	for _, want := range []string{"# China AI cloud race", "| Seed | 1 |", "## 2030 by company", "## Biggest share moves"} {
		if !strings.Contains(string(files["summary.md"]), want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	if got := slices.Sorted(slices.Values(runDataFiles)); !slices.Equal(got, outputFiles) {
		t.Errorf("runDataFiles, what --out is checked against before the run, is %q; run writes %q", got, outputFiles)
	}
	// scenario.yaml is the merged scenario: a file that runs on its own.
	mustRun(t, "validate", filepath.Join(dir, "scenario.yaml"))

	q := mustRun(t, "run", "--out", filepath.Join(t.TempDir(), "quiet"), "--quiet", "--charts=false")
	if q.stdout != "" || q.stderr != "" {
		t.Errorf("--quiet printed stdout %q, stderr %q", q.stdout, q.stderr)
	}
}

func TestRunDefaultOutDir(t *testing.T) {
	t.Chdir(t.TempDir())
	mustRun(t, "run", "--quiet", "--charts=false")
	readData(t, filepath.Join("out", "baseline"))
}

func TestRunIsReproducible(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	run := func(name string, args ...string) map[string][]byte {
		dir := filepath.Join(tmp, name)
		mustRun(t, append([]string{"run", "--quiet", "--out", dir}, args...)...)
		return readRun(t, dir, !slices.Contains(args, "--charts=false"))
	}
	a := run("a", "--seed", "1")
	shared, _ := baselineRun(t) // the baseline's seed is 1
	def := readOut(t, shared)
	if len(a) != len(def) {
		t.Errorf("runs with seed 1 wrote %d and %d files", len(a), len(def))
	}
	// Two runs with seed 1, one given by --seed and one the scenario's own:
	// every file, charts and report.html too, byte for byte.
	for _, f := range slices.Sorted(maps.Keys(a)) {
		if !bytes.Equal(a[f], def[f]) {
			t.Errorf("%s differs between two runs with seed 1 (--seed 1 and the scenario's own seed 1)", f)
		}
	}
	other := run("c", "--seed", "2", "--charts=false")
	if bytes.Equal(a["metrics.csv"], other["metrics.csv"]) {
		t.Error("seeds 1 and 2 gave the same metrics.csv")
	}
	if bytes.Equal(a["metrics.csv"][:200], other["metrics.csv"][:200]) {
		t.Error("seeds 1 and 2 gave the same run id")
	}
}

func TestRunSetChangesResults(t *testing.T) {
	t.Parallel()
	base, _ := baselineRun(t)
	slow := filepath.Join(t.TempDir(), "slow")
	const set = "chips.zhenwu-810e.memory_bandwidth=0.7TB/s"
	mustRun(t, "run", "--quiet", "--out", slow, "--set", set, "--charts=false")
	a, b := readOut(t, base), readData(t, slow)
	if bytes.Equal(a["metrics.csv"], b["metrics.csv"]) {
		t.Error("halving Zhenwu's memory bandwidth did not change metrics.csv")
	}
	if !bytes.Contains(b["scenario.yaml"], []byte("memory_bandwidth: {value: 0.7TB/s")) {
		t.Error("scenario.yaml does not show the override")
	}
	if !bytes.Contains(b["summary.md"], []byte("`--set "+set+"`")) {
		t.Error("summary.md does not list the override")
	}
}

func TestRunOutParentIsFile(t *testing.T) {
	tmp := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmp, "file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := cli(t, "run", "--out", filepath.Join(tmp, "file", "out"))
	if r.code != exitRunFailed || !strings.Contains(r.stderr, "not a directory") {
		t.Errorf("exit %d, stderr %q; want 1 and an error saying the parent is not a directory", r.code, r.stderr)
	}
	entries, _ := os.ReadDir(tmp)
	if len(entries) != 1 {
		t.Errorf("the temp dir holds %d entries after a failed run, want only the file", len(entries))
	}
}

// TestRunRefusesToReplaceOtherFolders gives run an --out it must not
// replace, as montecarlo and the studies refuse theirs: a folder of other
// files, a file, a symbolic link. Each is bad input (exit 2), and nothing
// there changes.
func TestRunRefusesToReplaceOtherFolders(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	notes := filepath.Join(tmp, "notes")
	if err := os.Mkdir(notes, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(notes, "notes.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(tmp, "link")
	if err := os.Symlink(notes, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ out, want string }{
		{notes, `refusing to replace ` + notes + `: it holds "notes.txt"`},
		{file, "output folder " + file + " exists and is not a folder"},
		{link, "output folder " + link + " is a symbolic link"},
	} {
		r := cli(t, "run", "--quiet", "--out", tc.out, "--charts=false", "--context-runs", "0")
		if r.code != exitBadInput || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("--out %s: exit %d, stderr %q; want 2 and %q", tc.out, r.code, r.stderr, tc.want)
		}
	}
	for _, path := range []string{filepath.Join(notes, "notes.txt"), file} {
		if b, err := os.ReadFile(path); err != nil || string(b) != "keep me" {
			t.Errorf("%s is gone or changed (%q, %v)", path, b, err)
		}
	}
	if entries, _ := os.ReadDir(notes); len(entries) != 1 {
		t.Errorf("%s holds %d entries, want only notes.txt", notes, len(entries))
	}
}

func TestExitCodes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr []string // substrings
	}{
		{"unknown scenario", []string{"run", "no-such-scenario"}, exitBadInput, []string{`"no-such-scenario" is neither an embedded scenario`}},
		{"missing file", []string{"validate", "nope/missing.yaml"}, exitBadInput, []string{"scenario not found", "missing.yaml"}},
		{"bad flag", []string{"run", "--sed", "3"}, exitBadInput, []string{"unknown flag: --sed", "Run 'aicloudsim run --help' for usage."}},
		{"bad flag value", []string{"run", "--seed", "minus-one"}, exitBadInput, []string{"invalid argument", "--help"}},
		{"unknown command", []string{"rnu"}, exitBadInput, []string{`unknown command "rnu" for "aicloudsim" (did you mean "run"?)` + "\nRun 'aicloudsim --help' for usage.\n"}},
		{"too many args", []string{"run", "baseline", "extra"}, exitBadInput, []string{"accepts at most 1 arg", "--help"}},
		{"unknown list", []string{"list", "gpus"}, exitBadInput, []string{`invalid argument "gpus"`}},
		{"unknown explain", []string{"explain", "everything"}, exitBadInput, []string{`unknown command "everything"`}},
		{"bad --set path", []string{"run", "--set", "chips.zhenwu-810.memory_bandwidth=1TB/s"}, exitBadInput,
			[]string{"--set:1:1:", `no key "zhenwu-810"`, `did you mean "zhenwu-810e"?`}},
		{"bad --set value", []string{"validate", "--set", "costs.pue=9"}, exitBadInput, []string{"--set:1:", "costs.pue 9 is outside the plausible range"}},
		{"bad --set syntax", []string{"explain", "scenario", "--set", "costs.pue"}, exitBadInput, []string{"want path=value"}},
		{"explain hardware of a bad scenario", []string{"explain", "hardware", "no-such"}, exitBadInput, []string{"not found"}},
		{"help", []string{"--help"}, exitOK, nil},
		{"explain without a topic", []string{"explain"}, exitOK, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Chdir(t.TempDir()) // a run that wrongly succeeds writes here
			r := cli(t, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if tc.code != exitOK && strings.HasPrefix(r.stderr, "Error:") {
				t.Errorf("stderr starts with cobra's own Error: prefix:\n%s", r.stderr)
			}
			if _, err := os.Stat("out"); err == nil {
				t.Error("a failed command created ./out")
			}
		})
	}
}

func TestValidateCatalogue(t *testing.T) {
	t.Parallel()
	r := mustRun(t, "validate")
	cat := scenarios.Catalogue()
	if len(cat) == 0 {
		t.Fatal("no embedded scenarios")
	}
	for _, e := range cat {
		if !strings.Contains(r.stdout, "ok: "+e.Name+"\n") {
			t.Errorf("validate did not report %s as ok:\n%s", e.Name, r.stdout)
		}
		mustRun(t, "validate", e.Name)
	}
}

func TestValidateReportsEveryBadScenario(t *testing.T) {
	r := cli(t, "validate", "baseline", "testdata/bad/out-of-range.yaml", "testdata/bad/unknown-key.yaml")
	if r.code != exitBadInput {
		t.Fatalf("exit %d, want 2", r.code)
	}
	if want := "ok: baseline\nFAIL: testdata/bad/out-of-range.yaml\nFAIL: testdata/bad/unknown-key.yaml\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}
	for _, want := range []string{"out-of-range.yaml:4:8:", "unknown-key.yaml:7:17:", "2 of 3 scenarios have problems"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

func TestExplainHardware(t *testing.T) {
	r := mustRun(t, "explain", "hardware")
	for _, want := range []string{"T-Head Zhenwu 810E", "CHIP  ", "zhenwu-810e  qwen35", "$/M UNITS", "PREFILL/S", "3.6:1",
		"Validation:", "PREDICTED", "h800         deepseek-v3", "https://arxiv.org/abs/2506.12708"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain hardware lacks %q", want)
		}
	}
	if !(strings.Index(r.stdout, "Validation:") > strings.Index(r.stdout, "zhenwu-810e  qwen35")) {
		t.Error("the validation table should follow the serving table")
	}
	slow := mustRun(t, "explain", "hardware", "--set", "chips.zhenwu-810e.memory_bandwidth=0.7TB/s")
	if slow.stdout == r.stdout {
		t.Error("--set did not change the hardware table")
	}
	if !strings.Contains(slow.stdout, "700 ") {
		t.Error("the chip list does not show the overridden 700 GB/s")
	}
}

func TestExplainScenario(t *testing.T) {
	r := mustRun(t, "explain", "scenario", "testdata/good/what-if.yaml", "--set", "costs.pue=1.5")
	for _, want := range []string{"name: what-if", "memory_bandwidth: {value: 0.7TB/s", "pue: {value: 1.5", "chips:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("explain scenario lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "extends:") {
		t.Error("explain scenario still shows extends; it should print the merged scenario")
	}
	// What explain prints is a scenario of its own.
	file := filepath.Join(t.TempDir(), "merged.yaml")
	if err := os.WriteFile(file, []byte(r.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "validate", file)
}

func TestList(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"list"}, []string{"NAME", "baseline", "China AI cloud race"}},
		{[]string{"list", "scenarios"}, []string{"baseline"}},
		{[]string{"list", "chips"}, []string{"MEMORY GB/S", "zhenwu-810e", "T-Head Zhenwu 810E", "domestic", "US: allowed"}},
		{[]string{"list", "models"}, []string{"CAPABILITY", "qwen35", "alibaba", "open"}},
		{[]string{"list", "companies"}, []string{"bytedance", "western provider", "nvidia", "chip supplier (owned by alibaba)"}},
		{[]string{"list", "chips", "--scenario", "testdata/good/what-if.yaml"}, []string{"zhenwu-810e"}},
	} {
		r := mustRun(t, tc.args...)
		for _, want := range tc.want {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%s lacks %q:\n%s", strings.Join(tc.args, " "), want, r.stdout)
			}
		}
	}
}

// panicWriter panics on every write, standing in for a bug deep inside a
// command.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom") }

func TestPanicIsReportedNotRaised(t *testing.T) {
	var errb bytes.Buffer
	code := run([]string{"list"}, panicWriter{}, &errb)
	if code != exitRunFailed || !strings.Contains(errb.String(), "internal error:") || !strings.Contains(errb.String(), "boom") {
		t.Errorf("exit %d, stderr %q; want 1 and the panic reported", code, errb.String())
	}
}

// TestRunWithoutCharts: --charts=false writes no chart, and the summary
// and the report link to none.
func TestRunWithoutCharts(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	r := mustRun(t, "run", "--out", dir, "--charts=false")
	files := readData(t, dir)
	if !strings.HasPrefix(r.stdout, "wrote "+dir+": report.html, summary.md, metrics.csv, events.jsonl, scenario.yaml and datapackage.json\n") {
		t.Errorf("stdout should name the files and no charts:\n%s", r.stdout)
	}
	summary, page := string(files["summary.md"]), string(files["report.html"])
	if !strings.Contains(summary, "## Findings") || strings.Contains(summary, ".png") {
		t.Errorf("summary.md should state the findings without chart links:\n%.1500s", summary)
	}
	if !strings.Contains(page, `<section id="findings">`) || strings.Contains(page, `href="#chart-`) || strings.Contains(page, "<img ") {
		t.Error("report.html should state the findings with no chart and no link to one")
	}
}
