package classroom

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// InvalidError is what Next returns when decision files have problems:
// nothing was played. It matches ErrBadInput.
type InvalidError struct {
	Round    int
	Files    int // how many files have problems
	Problems scenarios.ErrorList
}

// Error lists the problems, one per line, as file:line:col: message.
func (e *InvalidError) Error() string { return e.Problems.Error() }

// Is makes an InvalidError match ErrBadInput.
func (e *InvalidError) Is(target error) bool { return target == ErrBadInput }

// Unwrap returns the problems.
func (e *InvalidError) Unwrap() error { return e.Problems }

// Outcome is what Next did.
type Outcome struct {
	Round     int
	Span      string   // the round's dates
	Submitted []string // teams whose files were played
	Missing   []string // teams without a file: their built-in strategy played
	Wrote     []string // folders written, relative to the game folder
	Standings []Standing
	// NextRound is the round now waiting for decisions, 0 if the game is over.
	NextRound int
	NextSpan  string
}

// Standing is a team's place on the leaderboard.
type Standing struct {
	Team  string
	Rank  int
	Score float64
}

// Next checks every decision file of the current round and, if all are
// valid, plays the round: it replays the game from the start with every
// accepted file, writes the round's reports, leaderboard and teacher's
// report, the next round's templates, and moves the game on a round.
// Teams without a file are played by their built-in strategy. With any
// problem, nothing is written and the error is an *InvalidError listing
// every problem.
func (g *Game) Next() (*Outcome, error) {
	if g.Over() {
		return nil, badInputf("the game is over: all %d rounds have been played", g.Rounds)
	}
	k := g.Round
	q, ps, pre, err := g.toDecisionDay(k)
	if err != nil {
		return nil, err
	}
	rd := g.readRound(k, pre.snaps[q.From])
	if len(rd.problems) > 0 {
		return nil, &InvalidError{Round: k, Files: rd.bad, Problems: rd.problems}
	}
	played := Played{Round: k, Files: map[string]string{}}
	out := &Outcome{Round: k, Span: g.span(q)}
	for _, team := range g.Teams {
		if a, ok := rd.accepted[team]; ok {
			if ps[team] == nil {
				ps[team] = map[int][]market.Decision{}
			}
			ps[team][k] = a.decisions
			played.Files[team] = a.hash
			out.Submitted = append(out.Submitted, team)
		} else {
			out.Missing = append(out.Missing, team)
		}
	}
	capture := []market.Day{q.From}
	if int(q.To) < g.cfg.Days {
		capture = append(capture, q.To)
	}
	run, err := g.replay(ps, q.To, capture...)
	if err != nil {
		return nil, err
	}
	played.History = run.res.Fingerprint()
	bench, err := g.benchmarks(ps, run, q)
	if err != nil {
		return nil, err
	}
	allPlayed := append(slices.Clone(g.Played), played)
	st, err := g.writeRound(q, run, bench, allPlayed)
	if err != nil {
		return nil, err
	}
	for _, s := range st {
		out.Standings = append(out.Standings, Standing{Team: s.Team, Rank: s.Rank, Score: s.Score})
	}
	out.Wrote = []string{filepath.Join(RoundDir(k), "reports"), filepath.Join(RoundDir(k), "teacher")}
	if k < g.Rounds {
		if err := g.writeTemplatesFrom(g.quarterOf(k+1), run.snaps[q.To], newBook(run.res)); err != nil {
			return nil, err
		}
		out.NextRound, out.NextSpan = k+1, g.span(g.quarterOf(k+1))
		out.Wrote = append(out.Wrote, filepath.Join(RoundDir(k+1), "templates"))
	}
	g.Played, g.Round = allPlayed, k+1
	if err := g.save(); err != nil {
		return nil, err
	}
	return out, nil
}

// writeRound writes round q's reports and teacher's report, and returns
// the standings.
func (g *Game) writeRound(q quarter, run *replayed, bench map[string]*book, played []Played) ([]standing, error) {
	b := newBook(run.res)
	st := g.standings(b, bench, q, played)
	files := map[string]func(io.Writer) error{
		"leaderboard.md":  func(w io.Writer) error { return buffered(w, func(w io.Writer) { g.writeLeaderboard(w, st, b, q) }) },
		"leaderboard.csv": func(w io.Writer) error { return buffered(w, func(w io.Writer) { g.writeLeaderboardCSV(w, st, q) }) },
	}
	last := played[len(played)-1]
	for _, team := range g.Teams {
		r := &roundReport{g: g, team: team, q: q, b: b, start: run.snaps[q.From][team], teams: len(g.Teams),
			supplier: g.isSupplier(team)}
		if run.snaps[q.To] != nil {
			r.end = run.snaps[q.To][team]
		}
		_, r.submitted = last.Files[team]
		r.handedIn = map[string]bool{}
		for t := range last.Files {
			r.handedIn[t] = true
		}
		r.self = g.providerIndex(team)
		if r.supplier {
			r.self = g.supplierIndex(team)
		}
		for i := range st {
			if st[i].Team == team {
				r.standing = &st[i]
			}
		}
		files[team+".md"] = func(w io.Writer) error {
			return buffered(w, func(w io.Writer) { r.w = w; r.write() })
		}
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: RoundDir(q.Round) + "-leaderboard", Columns: leaderboardColumns})
	if err := reports.WriteDir(filepath.Join(g.Dir, RoundDir(q.Round), "reports"), files); err != nil {
		return nil, err
	}
	return st, g.writeTeacher(q, run.res)
}

// benchmarks replays the game once per team that has handed in a file,
// with that team's company played by its built-in strategy throughout and
// everyone else as played: what the team is scored against. A team that
// never handed in a file is its own benchmark.
func (g *Game) benchmarks(ps plays, run *replayed, q quarter) (map[string]*book, error) {
	actual := newBook(run.res)
	out := map[string]*book{}
	for _, team := range g.Teams {
		if len(ps[team]) == 0 {
			out[team] = actual
			continue
		}
		r, err := g.replay(ps.without(team), q.To)
		if err != nil {
			return nil, err
		}
		out[team] = newBook(r.res)
	}
	return out, nil
}

// buffered runs write into a buffer and copies it to w.
func buffered(w io.Writer, write func(io.Writer)) error {
	var b bytes.Buffer
	write(&b)
	_, err := w.Write(b.Bytes())
	return err
}

// teacherCharts says whether the teacher's report has its charts. Drawing
// them is most of a round's work; the package's tests turn it off where
// they do not look at them.
var teacherCharts = true

// writeTeacher writes the whole game so far as a run's report: every
// company's numbers, the charts and the full event log, private
// decisions and reasons included. It is for the teacher: project the
// charts, hand out the rest after the game.
func (g *Game) writeTeacher(q quarter, res *market.Result) error {
	ws := make([]hardware.Workload, len(g.cfg.Models))
	for i, m := range g.cfg.Models {
		ws[i] = m.Workload
	}
	var charts []reports.Chart
	if teacherCharts {
		var err error
		charts, err = reports.Charts(res, hardware.Table(g.cfg.Chips, ws, g.cfg.Costs), reports.WithFestivals(reports.SegmentFestivals(g.cfg.Segments)))
		if err != nil {
			return fmt.Errorf("drawing the charts: %w", err)
		}
	}
	id := RoundDir(q.Round)
	meta := reports.Meta{RunID: id, ScenarioHash: g.Hash,
		Title: fmt.Sprintf("Classroom game after round %d of %d (%s)", q.Round, g.Rounds, g.opened.Scenario.Title)}
	files := map[string]func(io.Writer) error{
		"report.html":  func(w io.Writer) error { return reports.WriteHTML(w, res, meta, charts) },
		"summary.md":   func(w io.Writer) error { return reports.WriteSummary(w, res, meta) },
		"metrics.csv":  func(w io.Writer) error { return reports.WriteMetricsCSV(w, res, id) },
		"events.jsonl": func(w io.Writer) error { return reports.WriteEventsJSONL(w, res, id) },
	}
	for _, c := range charts {
		files[c.Name] = func(w io.Writer) error { _, err := w.Write(c.PNG); return err }
	}
	reports.AddDataPackage(files, reports.PackageInfo{Name: res.Scenario, Title: meta.Title})
	return reports.WriteDir(filepath.Join(g.Dir, RoundDir(q.Round), "teacher"), files)
}

// writeTemplates writes round k's templates from a replay to its decision day.
func (g *Game) writeTemplates(k int) error {
	q, _, pre, err := g.toDecisionDay(k)
	if err != nil {
		return err
	}
	return g.writeTemplatesFrom(q, pre.snaps[q.From], newBook(pre.res))
}

// toDecisionDay replays the rounds played so far to round k's decision
// day: the round's quarter, the plays and the replay, captured on that day.
func (g *Game) toDecisionDay(k int) (quarter, plays, *replayed, error) {
	q := g.quarterOf(k)
	ps, err := g.pastPlays()
	if err != nil {
		return q, nil, nil, err
	}
	pre, err := g.replay(ps, q.From, q.From)
	if err != nil {
		return q, ps, nil, err
	}
	return q, ps, pre, g.checkHistory(k, pre)
}

// checkHistory checks that pre, a replay to round k's decision day, gives
// the numbers the rounds before k had when they were played. A replay by
// another build (another version of aicloudsim, or another CPU
// architecture, which rounds differently) can give others, and the round
// it played would then continue a history no team saw.
func (g *Game) checkHistory(k int, pre *replayed) error {
	if k < 2 || k-2 >= len(g.Played) {
		return nil
	}
	want := g.Played[k-2].History
	if want == "" {
		return nil // a game begun before histories were kept
	}
	if got := pre.res.Fingerprint(); got != want {
		return badInputf("this build of aicloudsim replays rounds 1-%d with other numbers than the build that played them "+
			"(history %s in %s; this build, on %s, gives %s): it is another version of aicloudsim, or the same on another CPU architecture; "+
			"play the game on with the build that played round %d",
			k-1, want, filepath.Join(g.Dir, GameFile), market.Platform(), got, k-1)
	}
	return nil
}

// writeTemplatesFrom writes the templates of round q from the teams'
// snapshots on its decision day, and makes its decisions folder.
func (g *Game) writeTemplatesFrom(q quarter, snaps map[string]*snapshot, b *book) error {
	files := map[string]func(io.Writer) error{}
	for _, team := range g.Teams {
		s := snaps[team]
		if s == nil {
			return fmt.Errorf("internal error: no view of %s on %s", team, g.date(q.From).Format("2006-01-02"))
		}
		files[team+".yaml"] = func(w io.Writer) error {
			return buffered(w, func(w io.Writer) { g.writeTemplate(w, team, q, s, b) })
		}
	}
	dir := filepath.Join(g.Dir, RoundDir(q.Round))
	if err := reports.WriteDir(filepath.Join(dir, "templates"), files); err != nil {
		return err
	}
	return os.MkdirAll(filepath.Join(dir, "decisions"), 0o755)
}

// accepted is a valid decision file.
type accepted struct {
	decisions []market.Decision
	hash      string
}

// round is what a round's decisions folder holds.
type round struct {
	accepted map[string]accepted
	problems scenarios.ErrorList
	bad      int                            // files with problems
	perTeam  map[string]scenarios.ErrorList // problems by team
}

// readRound reads and checks round k's decision files against the teams'
// snapshots on its decision day.
func (g *Game) readRound(k int, snaps map[string]*snapshot) *round {
	rd := &round{accepted: map[string]accepted{}, perTeam: map[string]scenarios.ErrorList{}}
	dir := filepath.Join(g.Dir, RoundDir(k), "decisions")
	rd.strays(dir, g.Teams)
	for _, team := range g.Teams {
		path := filepath.Join(g.Dir, DecisionPath(k, team))
		df, errs, err := readDecision(g.Dir, path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		var decs []market.Decision
		if err == nil {
			var more scenarios.ErrorList
			decs, more = g.decisions(df, team, k, limitsOf(g.cfg, snaps[team]))
			errs = append(errs, more...)
			errs.Sort()
		} else if l, ok := errorList(err); ok {
			errs = l
		} else {
			errs = scenarios.ErrorList{{Pos: scenarios.Pos{File: path}, Msg: err.Error()}}
		}
		if len(errs) > 0 {
			rd.problems = append(rd.problems, errs...)
			rd.perTeam[team] = errs
			rd.bad++
			continue
		}
		rd.accepted[team] = accepted{decisions: decs, hash: df.hash}
	}
	rd.problems.Sort()
	return rd
}

// strays reports files in a decisions folder that belong to no team, so
// that a misnamed file is not silently ignored (and its team played by
// the built-in strategy). Hidden files and editor backups (name~) are
// skipped.
func (rd *round) strays(dir string, teams []string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	var names []string
	for _, t := range teams {
		names = append(names, t+".yaml")
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, ".") || strings.HasSuffix(n, "~") || slices.Contains(names, n) {
			continue
		}
		msg := fmt.Sprintf("%q is not a team's decision file; name it <team>.yaml, one of %s%s, or move it out of the folder",
			n, strings.Join(names, ", "), scenarios.DidYouMean(strings.ToLower(n), names))
		if e.IsDir() {
			msg = fmt.Sprintf("%q is a folder; the decision files go directly in %s", n, dir)
		}
		rd.problems.Add(scenarios.Pos{File: filepath.Join(dir, n)}, msg)
		rd.bad++
	}
}

// pastPlays reads the decision files of the rounds played so far, checking
// that each is the file the round was played with.
func (g *Game) pastPlays() (plays, error) {
	ps := plays{}
	var errs scenarios.ErrorList
	for _, p := range g.Played {
		for _, team := range g.Teams {
			path := filepath.Join(g.Dir, DecisionPath(p.Round, team))
			want, had := p.Files[team]
			data, err := readGameFile(g.Dir, path, maxDecisionBytes)
			switch {
			case errors.Is(err, fs.ErrNotExist) && !had:
				continue
			case errors.Is(err, fs.ErrNotExist):
				errs.Addf(scenarios.Pos{File: path}, "round %d was played with this file, and it is gone: restore it (its SHA-256 is %s); the game replays every round from its files", p.Round, want)
				continue
			case err != nil:
				return nil, err
			case !had:
				errs.Addf(scenarios.Pos{File: path}, "arrived after round %d was played (the built-in strategy played %s): move it to %s and make it say round: %d, or delete it",
					p.Round, team, DecisionPath(g.Round, team), g.Round)
				continue
			case fileHash(data) != want:
				errs.Addf(scenarios.Pos{File: path}, "changed after round %d was played with it: restore the file as it was (SHA-256 %s); the game replays every round from its files", p.Round, want)
				continue
			}
			df, derrs, err := readDecision(g.Dir, path)
			if err != nil {
				return nil, fmt.Errorf("reading a played decision file: %w", err)
			}
			decs, more := g.decisions(df, team, p.Round, nil)
			if derrs = append(derrs, more...); len(derrs) > 0 {
				return nil, badInput(derrs.Err())
			}
			if ps[team] == nil {
				ps[team] = map[int][]market.Decision{}
			}
			ps[team][p.Round] = decs
		}
	}
	if len(errs) > 0 {
		return nil, badInput(errs.Err())
	}
	return ps, nil
}

// Status is where a game stands.
type Status struct {
	Round, Rounds int
	Span          string // the current round's dates
	Over          bool
	Teams         []TeamStatus
	// Strays are problems with files that belong to no team.
	Strays scenarios.ErrorList
	Played []Played
}

// TeamStatus is whether a team has handed in a valid file this round.
type TeamStatus struct {
	Team     string
	Name     string
	File     string // where the file goes, relative to the game folder
	HandedIn bool
	Problems scenarios.ErrorList // empty when the file is valid
}

// Status checks the current round's decision files without playing.
func (g *Game) Status() (*Status, error) {
	st := &Status{Round: g.Round, Rounds: g.Rounds, Over: g.Over(), Played: g.Played}
	if st.Over {
		return st, nil
	}
	q := g.quarterOf(g.Round)
	st.Span = g.span(q)
	ps, err := g.pastPlays()
	if err != nil {
		return nil, err
	}
	pre, err := g.replay(ps, q.From, q.From)
	if err != nil {
		return nil, err
	}
	if err := g.checkHistory(g.Round, pre); err != nil {
		return nil, err
	}
	rd := g.readRound(g.Round, pre.snaps[q.From])
	for _, p := range rd.problems {
		if !slices.ContainsFunc(g.Teams, func(t string) bool { return slices.Contains(rd.perTeam[t], p) }) {
			st.Strays = append(st.Strays, p)
		}
	}
	for _, team := range g.Teams {
		ts := TeamStatus{Team: team, Name: g.Name(team), File: DecisionPath(g.Round, team), Problems: rd.perTeam[team]}
		_, ok := rd.accepted[team]
		ts.HandedIn = ok || len(ts.Problems) > 0
		st.Teams = append(st.Teams, ts)
	}
	return st, nil
}
