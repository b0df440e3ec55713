package reports

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
)

// Tournament is the result of a strategy tournament: every variant of a
// company's strategy run on every scenario with the same seeds, one
// outcome measured per cell (variant, scenario, seed).
type Tournament struct {
	File        string // the tournament file
	Company     string
	CompanyName string
	Outcome     OutcomeInfo
	Lower       bool // a lower outcome is better
	Scenarios   []string
	Variants    []TournamentVariant
	Seed        uint64
	Runs        int
	Seeds       []uint64      // the seed of each run, common to every cell
	Cells       [][][]float64 // [variant][scenario][run]
	Standings   []Standing    // best first by mean; set by Rank
}

// TournamentVariant is one competing variant: its --set arguments.
type TournamentVariant struct {
	Name string
	Sets []string
}

// Standing is one variant's summary over all its cells. Cells whose
// outcome is undefined (a ratio with a zero denominator) are left out.
type Standing struct {
	Variant     int
	Cells       int       // cells with a defined outcome
	Mean        float64   // over every scenario × seed cell
	WorstDecile float64   // mean of the worst ⌈n/10⌉ cells (the worst cell when n < 10)
	Worst       float64   // the worst cell
	ByScenario  []float64 // mean over the seeds of each scenario
	RankMean    int       // 1 = best mean
	RankWorst   int       // 1 = best worst decile
}

// WorstDecile returns the mean of the worst ⌈n/10⌉ of the finite values:
// the lowest ones, or the highest if lower is better. It is the expected
// outcome in the worst tenth of the cells (a conditional value at risk),
// which, unlike the P10 quantile, counts how bad the worst cells are. NaN
// when no value is finite.
func WorstDecile(xs []float64, lower bool) float64 {
	var v []float64
	for _, x := range xs {
		if finite(x) {
			v = append(v, x)
		}
	}
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	if lower {
		slices.Reverse(v)
	}
	k := (len(v) + 9) / 10
	var sum float64
	for _, x := range v[:k] {
		sum += x
	}
	return sum / float64(k)
}

// finiteMean is the mean of the finite values, and their count.
func finiteMean(xs []float64) (float64, int) {
	var sum float64
	n := 0
	for _, x := range xs {
		if finite(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return sum / float64(n), n
}

// better compares two outcomes, best first; NaN is last.
func (t *Tournament) better(a, b float64) int {
	switch {
	case !finite(a) && !finite(b):
		return 0
	case !finite(a):
		return 1
	case !finite(b):
		return -1
	case t.Lower:
		return cmp.Compare(a, b)
	}
	return cmp.Compare(b, a)
}

// Rank computes the standings: sorted by mean, ties broken by the worst
// decile and then by the variant's order in the file; RankWorst ranks by
// the worst decile, ties broken by the mean.
func (t *Tournament) Rank() {
	t.Standings = nil
	for v, cells := range t.Cells {
		var all []float64
		st := Standing{Variant: v}
		for _, runs := range cells {
			all = append(all, runs...)
			m, _ := finiteMean(runs)
			st.ByScenario = append(st.ByScenario, m)
		}
		st.Mean, st.Cells = finiteMean(all)
		st.WorstDecile = WorstDecile(all, t.Lower)
		st.Worst = math.NaN()
		for _, x := range all {
			if finite(x) && (!finite(st.Worst) || t.better(x, st.Worst) > 0) {
				st.Worst = x
			}
		}
		t.Standings = append(t.Standings, st)
	}
	byWorst := slices.Clone(t.Standings)
	slices.SortStableFunc(byWorst, func(a, b Standing) int {
		return cmp.Or(t.better(a.WorstDecile, b.WorstDecile), t.better(a.Mean, b.Mean))
	})
	rw := map[int]int{}
	for i, s := range byWorst {
		rw[s.Variant] = i + 1
	}
	slices.SortStableFunc(t.Standings, func(a, b Standing) int {
		return cmp.Or(t.better(a.Mean, b.Mean), t.better(a.WorstDecile, b.WorstDecile))
	})
	for i := range t.Standings {
		t.Standings[i].RankMean = i + 1
		t.Standings[i].RankWorst = rw[t.Standings[i].Variant]
	}
}

// WriteTournamentCSV writes every cell, tidy: variant, scenario, seed,
// value (the outcome in its canonical unit; empty when undefined).
func WriteTournamentCSV(w io.Writer, t *Tournament) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"variant", "scenario", "seed", "outcome", "value"}); err != nil {
		return err
	}
	for v, cells := range t.Cells {
		for s, runs := range cells {
			for j, x := range runs {
				val := ""
				if finite(x) {
					val = formatFloat(x)
				}
				row := []string{t.Variants[v].Name, t.Scenarios[s], strconv.FormatUint(t.Seeds[j], 10), t.Outcome.ID, val}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteRankingCSV writes the standings, best mean first: ranks, cells,
// mean, worst decile, worst cell and the mean on each scenario (columns
// mean:<scenario>).
func WriteRankingCSV(w io.Writer, t *Tournament) error {
	cw := csv.NewWriter(w)
	head := []string{"rank_by_mean", "rank_by_worst_decile", "variant", "outcome", "cells", "mean", "worst_decile", "worst"}
	for _, s := range t.Scenarios {
		head = append(head, "mean:"+s)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string {
		if !finite(x) {
			return ""
		}
		return formatFloat(x)
	}
	for _, st := range t.Standings {
		row := []string{strconv.Itoa(st.RankMean), strconv.Itoa(st.RankWorst), t.Variants[st.Variant].Name, t.Outcome.ID,
			strconv.Itoa(st.Cells), num(st.Mean), num(st.WorstDecile), num(st.Worst)}
		for _, m := range st.ByScenario {
			row = append(row, num(m))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// cellsText says how many cells each variant ran.
func (t *Tournament) cellsText() string {
	return fmt.Sprintf("%d scenarios × %d seeds = %d cells", len(t.Scenarios), t.Runs, len(t.Scenarios)*t.Runs)
}

// TournamentCharts renders the tournament's chart,
// tournament-<outcome>.png: each variant's mean and worst decile, in rank
// order. The PNG is a pure function of t.
func TournamentCharts(t *Tournament) ([]Chart, error) {
	out := t.Outcome
	var m float64
	for _, st := range t.Standings {
		m = math.Max(m, maxAbs([]float64{st.Mean, st.WorstDecile}))
	}
	k, label, format := out.axis(m)
	labels := make([]string, len(t.Standings))
	bars := &hbars{n: len(t.Standings)}
	dark := out.color()
	grey := withAlpha(rgb(0x70, 0x70, 0x70), 0.55)
	lo, hi := 0.0, 0.0
	for r, st := range t.Standings {
		labels[r] = fmt.Sprintf("%d. %s", st.RankMean, t.Variants[st.Variant].Name)
		bars.bars = append(bars.bars,
			hbar{Row: r, From: 0, To: st.Mean * k, Offset: 0.18, Height: 0.34, Color: dark, Label: out.Format(st.Mean)},
			hbar{Row: r, From: 0, To: st.WorstDecile * k, Offset: -0.18, Height: 0.34, Color: grey, Label: out.Format(st.WorstDecile)})
		for _, v := range []float64{st.Mean * k, st.WorstDecile * k} {
			if finite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	worse := "lowest"
	if t.Lower {
		worse = "highest"
	}
	f := newFigure("tournament-"+fileID(out.ID)+".png", "Strategy tournament: "+t.CompanyName+", ranked by "+out.Label,
		fmt.Sprintf("Each variant of %s's strategy runs on every scenario (%s) with the same seeds (%s). The coloured bar is "+
			"the mean outcome over all of them; the grey bar is the worst decile, the mean of the %s tenth of the cells "+
			"(the worst cell when there are fewer than ten): how the variant fares when things go badly. Rows are ranked by the mean.",
			t.CompanyName, strings.Join(t.Scenarios, ", "), t.cellsText(), worse))
	p := rowsPlot("", labels)
	p.Add(bars)
	p.X.Label.Text = label
	p.X.Tick.Marker = niceTicks{n: 7, format: format}
	p.X.Min, p.X.Max = padRange(lo, hi, 0.12)
	if lo >= 0 {
		p.X.Min = 0
	}
	fitAxis(&p.X)
	f.panels = [][]*plot.Plot{{p}}
	f.width, f.height = 1600, max(chartHeight, 230+52*len(t.Standings))
	f.legend = []legendItem{
		{"mean over every cell", swatch(dark)},
		{"worst decile", swatch(grey)},
	}
	f.note = fmt.Sprintf("aicloudsim · tournament %s · %s · master seed %d", t.File, t.cellsText(), t.Seed)
	return renderAll([]*figure{f})
}

// WriteTournamentHTML writes the tournament's self-contained HTML page.
func WriteTournamentHTML(w io.Writer, t *Tournament, charts []Chart) error {
	p := &studyPage{Title: "Strategy tournament: " + t.CompanyName, Kind: "tournament",
		Lead: fmt.Sprintf("Every variant of %s's strategy runs on every scenario with the same seeds, so that the differences "+
			"between variants come from the strategies, not the engine's noise. Variants are ranked by the mean of %s over all "+
			"cells and, for robustness, by its worst decile: the mean of the worst tenth of the cells (the worst cell when there "+
			"are fewer than ten).", t.CompanyName, t.Outcome.Label)}
	better := "higher"
	if t.Lower {
		better = "lower"
	}
	p.Facts = [][2]string{{"Tournament file", t.File}, {"Company", t.CompanyName}, {"Outcome", t.Outcome.ID + " (" + better + " is better)"},
		{"Scenarios", strings.Join(t.Scenarios, ", ")}, {"Cells per variant", t.cellsText()},
		{"Master seed", strconv.FormatUint(t.Seed, 10)}}
	rank := &pageTable{Head: []string{"Rank (mean)", "Rank (worst decile)", "Variant", "Mean", "Worst decile", "Worst cell"},
		Num: map[int]bool{0: true, 1: true, 3: true, 4: true, 5: true}}
	for _, s := range t.Scenarios {
		rank.Num[len(rank.Head)] = true
		rank.Head = append(rank.Head, "Mean: "+s)
	}
	for _, st := range t.Standings {
		row := []string{strconv.Itoa(st.RankMean), strconv.Itoa(st.RankWorst), t.Variants[st.Variant].Name,
			t.Outcome.Format(st.Mean), t.Outcome.Format(st.WorstDecile), t.Outcome.Format(st.Worst)}
		for _, m := range st.ByScenario {
			row = append(row, t.Outcome.Format(m))
		}
		rank.Rows = append(rank.Rows, row)
	}
	vt := &pageTable{Head: []string{"Variant", "--set overrides"}}
	for _, v := range t.Variants {
		sets := "(none: the scenario as written)"
		if len(v.Sets) > 0 {
			sets = strings.Join(v.Sets, "  ")
		}
		vt.Rows = append(vt.Rows, []string{v.Name, sets})
	}
	p.Sections = []pageSection{
		{Heading: "Ranking", Table: rank, Notes: []string{"ranking.csv holds the same; tournament.csv every cell, " +
			"each reproducible as aicloudsim run SCENARIO --seed SEED with the variant's --set arguments."}},
		chartSection("Chart", charts),
		{Heading: "Variants", Table: vt},
	}
	return p.write(w)
}
