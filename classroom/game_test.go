package classroom

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// class are the four teams of the issue's classroom.
var class = []string{"bytedance", "alibaba", "nvidia", "western-video"}

// newGame starts a baseline game in a new temporary folder.
func newGame(t *testing.T, rounds int, teams ...string) *Game {
	t.Helper()
	g, err := Init(filepath.Join(t.TempDir(), "game"), Setup{Scenario: "baseline", Teams: teams, Rounds: rounds})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// set replaces the value of the first line `key: ...` (at any indent) in a
// decision file, failing if there is none.
func set(t *testing.T, text, key, value string) string {
	t.Helper()
	re := regexp.MustCompile(`(?m)^(\s*)` + regexp.QuoteMeta(key) + `:.*$`)
	loc := re.FindStringSubmatchIndex(text)
	if loc == nil {
		t.Fatalf("no %q line in\n%s", key, text)
	}
	indent := text[loc[2]:loc[3]]
	return text[:loc[0]] + indent + key + ": " + value + text[loc[1]:]
}

// hand copies team's template of round k into its decisions folder, after
// edit (which may be nil), as a team hands in its file.
func hand(t *testing.T, g *Game, team string, k int, edit func(string) string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(g.Dir, TemplatePath(k, team)))
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if edit != nil {
		text = edit(text)
	}
	path := filepath.Join(g.Dir, DecisionPath(k, team))
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// next loads the game afresh from its folder, as the CLI does, and plays.
func next(t *testing.T, g *Game) (*Outcome, error) {
	t.Helper()
	fresh, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return fresh.Next()
}

// TestClassroomRound plays two rounds as a class of four teams would: one
// team late, one with mistakes that it then fixes, and checks what every
// team reads afterwards.
func TestClassroomRound(t *testing.T) {
	teacherCharts = true // it looks at them
	t.Cleanup(func() { teacherCharts = false })
	g := newGame(t, 3, class...)
	for _, team := range class {
		if tpl := read(t, filepath.Join(g.Dir, TemplatePath(1, team))); !strings.Contains(tpl, "team: "+team+"\nround: 1\n") ||
			!strings.Contains(tpl, "TO HAND IN: copy this file to "+DecisionPath(1, team)) {
			t.Errorf("%s's template should name the team and round and say where to hand in; got\n%s", team, tpl)
		}
	}
	hand(t, g, "bytedance", 1, func(s string) string {
		s = set(t, s, "reason", `"undercut Alibaba on tokens"`)
		return set(t, s, "llm-api", "$0.2/Mtok")
	})
	bad := hand(t, g, "alibaba", 1, func(s string) string {
		s = strings.Replace(s, "\nprices:", "\nprcies:", 1)
		s = set(t, s, "rnd", "$30B")
		return strings.Replace(s, "\norders:\n", "\norders:\n  h20: 10K\n", 1)
	})
	hand(t, g, "nvidia", 1, func(s string) string { return set(t, s, "h200", "$26K") })
	// western is late: no file.

	gameYAML := read(t, filepath.Join(g.Dir, GameFile))
	_, err := next(t, g)
	var inv *InvalidError
	if !errors.As(err, &inv) || !errors.Is(err, ErrBadInput) {
		t.Fatalf("Next with a broken file: got %v, want an *InvalidError matching ErrBadInput", err)
	}
	msg := err.Error()
	for _, want := range []string{
		bad + `:44:1: unknown key "prcies" in the top level (did you mean "prices"?)`,
		"orders.h20: you cannot order the Nvidia H20 now: not approved for import by China",
		"rnd: $30B is outside the allowed range $0 to $10B",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("the problems should include %q; got\n%s", want, msg)
		}
	}
	if inv.Files != 1 || len(inv.Problems) != 3 {
		t.Errorf("got %d problems in %d files, want 3 in 1:\n%s", len(inv.Problems), inv.Files, msg)
	}
	if _, err := os.Stat(filepath.Join(g.Dir, RoundDir(1), "reports")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused round must write no reports: %v", err)
	}
	if got := read(t, filepath.Join(g.Dir, GameFile)); got != gameYAML {
		t.Errorf("a refused round must not change game.yaml:\n%s", got)
	}

	hand(t, g, "alibaba", 1, func(s string) string { return set(t, s, "reason", `"hold prices, keep R&D"`) })
	out, err := next(t, g)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(out.Missing, []string{"western-video"}) || len(out.Submitted) != 3 || out.NextRound != 2 {
		t.Errorf("outcome %+v: want western missing, three handed in, round 2 next", out)
	}
	reportsDir := filepath.Join(g.Dir, RoundDir(1), "reports")
	if r := read(t, filepath.Join(reportsDir, "western-video.md")); !strings.Contains(r, "No decisions received: the built-in strategy played") ||
		!strings.Contains(r, "frontier list prices fall") {
		t.Errorf("the late team's report should say the built-in strategy played, and its reasons; got\n%s", r)
	}
	r := read(t, filepath.Join(reportsDir, "bytedance.md"))
	for _, want := range []string{"Your decision file was played", "llm-api price -23% to $0.2/Mtok",
		"Why: team decision: undercut Alibaba on tokens", "For comparison, the built-in strategy would have: ", "; llm-api price $",
		"## Your rivals (public numbers)", "| Alibaba Cloud |", "### Your fleet at the end of the quarter (private)", "## Your score"} {
		if !strings.Contains(r, want) {
			t.Errorf("bytedance's report should contain %q; got\n%s", want, r)
		}
	}
	if r := read(t, filepath.Join(reportsDir, "nvidia.md")); !strings.Contains(r, "Nvidia prices Nvidia H200 at $26.0K") ||
		!strings.Contains(r, "## The chip suppliers (public numbers)") || strings.Contains(r, "private") {
		t.Errorf("nvidia's report should show its price decision and the suppliers, and no fleet; got\n%s", r)
	}
	lb := read(t, filepath.Join(reportsDir, "leaderboard.md"))
	for _, team := range class {
		if !strings.Contains(lb, "(`"+team+"`)") {
			t.Errorf("the leaderboard should rank %s:\n%s", team, lb)
		}
	}
	if !strings.Contains(lb, "| 0 of 1 |") || !strings.Contains(lb, "benchmark") {
		t.Errorf("the leaderboard should count rounds handed in and explain the benchmark:\n%s", lb)
	}
	for _, f := range []string{filepath.Join(RoundDir(1), "teacher", "report.html"), filepath.Join(RoundDir(1), "teacher", "share-llm-api.png"),
		filepath.Join(RoundDir(1), "reports", "leaderboard.csv"), TemplatePath(2, "western-video")} {
		if _, err := os.Stat(filepath.Join(g.Dir, f)); err != nil {
			t.Errorf("after round 1: %v", err)
		}
	}

	// The late team's round 1 file turns up after the round was played.
	late := hand(t, g, "western-video", 1, nil)
	if _, err := next(t, g); err == nil || !strings.Contains(err.Error(), late+": arrived after round 1 was played") {
		t.Errorf("a file added to a played round must be refused; got %v", err)
	}
	if err := os.Rename(late, filepath.Join(g.Dir, DecisionPath(2, "western-video"))); err != nil {
		t.Fatal(err)
	}
	if _, err := next(t, g); err == nil || !strings.Contains(err.Error(), "round: this is round 2's folder, but the file says round: 1") {
		t.Errorf("a round 1 file moved to round 2 must be caught; got %v", err)
	}
	for _, team := range class {
		hand(t, g, team, 2, nil)
	}
	hand(t, g, "western-video", 2, func(s string) string { return strings.Replace(s, "\npull:\n", "\npull:\n  sora3: 30d\n", 1) })
	out, err = next(t, g)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Missing) != 0 || out.NextRound != 3 {
		t.Errorf("round 2 outcome %+v: want every team in and round 3 next", out)
	}
	if r := read(t, filepath.Join(g.Dir, RoundDir(2), "reports", "western-video.md")); !strings.Contains(r, "Your decision file was played") ||
		!strings.Contains(r, "pulls Western video, late 2026 forward to") {
		t.Errorf("western-video's round 2 report should show its pull; got\n%s", r)
	}

	// Replaying the same files in a new folder gives the same bytes.
	h := newGame(t, 3, class...)
	for k := 1; k <= 2; k++ {
		for _, team := range class {
			if b, err := os.ReadFile(filepath.Join(g.Dir, DecisionPath(k, team))); err == nil && !(k == 1 && team == "western-video") {
				if err := os.WriteFile(filepath.Join(h.Dir, DecisionPath(k, team)), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := next(t, h); err != nil {
			t.Fatal(err)
		}
	}
	sameTree(t, g.Dir, h.Dir)

	// A played file changed afterwards is refused.
	played := filepath.Join(g.Dir, DecisionPath(1, "bytedance"))
	if err := os.WriteFile(played, []byte(set(t, read(t, played), "llm-api", "$0.21/Mtok")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := next(t, g); err == nil || !strings.Contains(err.Error(), played+": changed after round 1 was played") {
		t.Errorf("a played file that changed must be refused; got %v", err)
	}
}

// sameTree checks that two game folders hold the same files with the same
// bytes, apart from the folder names inside game.yaml.
func sameTree(t *testing.T, a, b string) {
	t.Helper()
	n := 0
	err := filepath.WalkDir(a, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, y := read(t, path), read(t, filepath.Join(b, rel))
		if x != y {
			t.Errorf("%s differs between two replays of the same files", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 40 {
		t.Errorf("compared only %d files", n)
	}
}

// TestTeamDecisionsChangeTheOutcome checks that a team's price cut wins
// it volume against its benchmark, its built-in strategy in the same game.
// Alibaba has spare capacity in 2026; ByteDance, running near full, would
// mostly turn the extra buyers away to its rivals.
func TestTeamDecisionsChangeTheOutcome(t *testing.T) {
	g := newGame(t, 2, "alibaba", "bytedance")
	hand(t, g, "alibaba", 1, func(s string) string { return set(t, s, "llm-api", "$0.2/Mtok") })
	if _, err := next(t, g); err != nil {
		t.Fatal(err)
	}
	g, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := g.pastPlays()
	if err != nil {
		t.Fatal(err)
	}
	q := g.quarterOf(1)
	share := func(ps plays) float64 {
		r, err := g.replay(ps, q.To)
		if err != nil {
			t.Fatal(err)
		}
		b := newBook(r.res)
		return b.sum("alibaba", "llm-api", market.MetricVolume, q.From, q.To) / b.sum(market.Market, "llm-api", market.MetricVolume, q.From, q.To)
	}
	played, builtin := share(ps), share(ps.without("alibaba"))
	if played <= builtin+0.02 {
		t.Errorf("a price cut to $0.2/Mtok should win Alibaba volume share: %.2f%% played, %.2f%% with the built-in strategy", 100*played, 100*builtin)
	}
	if _, ok := ps["bytedance"]; ok {
		t.Errorf("bytedance handed in nothing, so nothing of it should be played: %v", ps["bytedance"])
	}
}

// TestUnplayedGameIsTheBuiltInRun checks that a game in which nobody hands
// in a file is the scenario run by its built-in strategies, month for
// month: the scripted agents delegate faithfully and cutting the horizon
// changes nothing before the cut.
func TestUnplayedGameIsTheBuiltInRun(t *testing.T) {
	g := newGame(t, 2, class...)
	q := g.quarterOf(2)
	r, err := g.replay(plays{}, q.To, q.To)
	if err != nil {
		t.Fatal(err)
	}
	cfg, agents, err := g.opened.Build()
	if err != nil {
		t.Fatal(err)
	}
	full, err := market.Run(cfg, agents, market.Options{Seed: g.Seed})
	if err != nil {
		t.Fatal(err)
	}
	want := cut(full, q.To)
	if len(r.res.Records) == 0 || !slices.Equal(r.res.Records, want.Records) || !slices.Equal(r.res.Log, want.Log) {
		t.Errorf("an unplayed game differs from the built-in run: %d records against %d", len(r.res.Records), len(want.Records))
	}
}

// TestUneditedTemplatesAreValid hands in every template unedited, for
// every company of the baseline, and plays two rounds: a team that copies
// its template must never be refused.
func TestUneditedTemplatesAreValid(t *testing.T) {
	g := newGame(t, 2, "bytedance", "alibaba", "huawei-cloud", "tencent", "baidu", "others", "western-video", "nvidia", "huawei", "t-head")
	for k := 1; k <= 2; k++ {
		for _, team := range g.Teams {
			hand(t, g, team, k, nil)
		}
		fresh, err := Load(g.Dir)
		if err != nil {
			t.Fatal(err)
		}
		st, err := fresh.Status()
		if err != nil {
			t.Fatal(err)
		}
		for _, ts := range st.Teams {
			if !ts.HandedIn || len(ts.Problems) > 0 {
				t.Errorf("round %d: %s's unedited template: handed in %v, problems %v", k, ts.Team, ts.HandedIn, ts.Problems)
			}
		}
		if _, err := fresh.Next(); err != nil {
			t.Fatalf("round %d: %v", k, err)
		}
	}
}

// TestDecisionProblems checks the problems a decision file can have, each
// reported at its line and column with a message that says what to do.
func TestDecisionProblems(t *testing.T) {
	g := newGame(t, 2, "bytedance", "nvidia", "western-video")
	header := "team: bytedance\nround: 1\n"
	cases := []struct {
		name, team, file string
		want             []string // each a line:col: message fragment
	}{
		{"unknown segment, with a suggestion", "bytedance", header + "prices:\n  llm-apii: $0.2/Mtok\n",
			[]string{`:4:3: unknown segment "llm-apii" (did you mean "llm-api"?)`}},
		{"a price in the wrong unit", "bytedance", header + "prices:\n  llm-api: $0.2/image\n",
			[]string{`:4:12: prices.llm-api: price "$0.2/image" is per image; want a price per Mtok`}},
		{"a price below the floor", "bytedance", header + "prices:\n  llm-api: $0.001/Mtok\n",
			[]string{":4:12: prices.llm-api: $0.001/Mtok is outside the allowed range", "25% of your serving cost"}},
		{"a price in a free segment", "bytedance", header + "prices:\n  consumer-assistant: $1/MAU\n",
			[]string{":4:3: prices.consumer-assistant: consumer-assistant has no price: its buyers pay nothing; you set prices in: llm-api, multimodal-api, compute-rental"}},
		{"part of a chip", "bytedance", header + "orders:\n  h200: 10.5\n", []string{":4:9: orders.h200: order whole chips, not 10.5"}},
		{"more chips than are made", "bytedance", header + "orders:\n  h200: 2M\n",
			[]string{":4:9: orders.h200: 2M is outside the allowed range 0 to", "up to what the supplier makes this quarter"}},
		{"an unknown chip", "bytedance", header + "orders:\n  h100x: 10K\n", []string{`:4:3: unknown chip "h100x"`}},
		{"negative R&D", "bytedance", header + "rnd: -$1B\n", []string{":3:6: rnd must not be negative"}},
		{"a supplier's key", "bytedance", header + "chip_prices:\n  h200: $20K\n",
			[]string{":3:1: chip_prices: only chip suppliers decide chip_prices; bytedance cannot (delete the key)"}},
		{"a Western key", "bytedance", header + "pull:\n  doubao3: 30d\n", []string{":3:1: pull: only the Western labs decide pull"}},
		{"the wrong team", "bytedance", "team: alibaba\nround: 1\n",
			[]string{":1:7: team: this is bytedance's folder, but the file says team: alibaba"}},
		{"a reason on two lines", "bytedance", header + "reason: |\n  one\n  two\n", []string{":3:9: reason: write one line"}},
		{"a missing round", "bytedance", "team: bytedance\n", []string{`:1:1: missing required key "round" in the top level`}},
		{"not YAML", "bytedance", header + "prices: [\n", []string{":"}},
		{"saved as UTF-16", "bytedance", "\xff\xfet\x00e\x00", []string{":1:1: the file is saved as UTF-16"}},
		{"a chip the supplier does not make", "nvidia", "team: nvidia\nround: 1\nchip_prices:\n  ascend-910c: $20K\n",
			[]string{`:4:3: unknown chip of Nvidia "ascend-910c"`}},
		{"a chip price under cost", "nvidia", "team: nvidia\nround: 1\nchip_prices:\n  h200: $5K\n",
			[]string{":4:9: chip_prices.h200: $5K is outside the allowed range $7K to $44K (from the unit cost $7K to 2× the list price $22K)"}},
		{"a supplier's orders", "nvidia", "team: nvidia\nround: 1\norders:\n  h200: 1K\n",
			[]string{":3:1: orders: only providers decide orders"}},
		{"Western chip orders", "western-video", "team: western-video\nround: 1\norders:\n  h200: 1K\n",
			[]string{":4:3: orders.h200: you cannot order the Nvidia H200 now: the Western labs serve China from abroad"}},
		{"a pull too far", "western-video", "team: western-video\nround: 1\npull:\n  sora3: 200d\n",
			[]string{":4:10: pull.sora3: 200d is outside the allowed range 0d to 90d"}},
		{"a training share too high", "bytedance", header + "training: 95%\n",
			[]string{":3:11: training: 95% is outside the allowed range 0% to 60%"}},
		{"Western training", "western-video", "team: western-video\nround: 1\ntraining: 20%\n",
			[]string{":3:1: training: only the Chinese clouds decide training"}},
		{"a chip maker's open weights", "nvidia", "team: nvidia\nround: 1\nopen_weights: true\n",
			[]string{":3:1: open_weights: only the labs that release models decide open_weights"}},
		{"a pull of someone else's model", "western-video", "team: western-video\nround: 1\npull:\n  doubao3: 30d\n",
			[]string{`:4:3: unknown model of western-video "doubao3"`}},
	}
	fresh, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(g.Dir, DecisionPath(1, c.team))
			if err := os.WriteFile(path, []byte(c.file), 0o644); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(path)
			st, err := fresh.Status()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ts := range st.Teams {
				for _, p := range ts.Problems {
					got = append(got, p.Error())
				}
			}
			all := strings.Join(got, "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) || !strings.HasPrefix(all, path+":") {
					t.Errorf("problems should include %q at %s; got\n%s", w, path, all)
				}
			}
		})
	}
}

// TestStrayFiles checks that a misnamed decision file is an error, not a
// silently missing team.
func TestStrayFiles(t *testing.T) {
	g := newGame(t, 1, "bytedance", "alibaba")
	path := filepath.Join(g.Dir, RoundDir(1), "decisions", "bytdance.yaml")
	if err := os.WriteFile(path, []byte("team: bytedance\nround: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, skip := range []string{".DS_Store", "alibaba.yaml~"} {
		if err := os.WriteFile(filepath.Join(g.Dir, RoundDir(1), "decisions", skip), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := next(t, g)
	want := path + `: "bytdance.yaml" is not a team's decision file; name it <team>.yaml, one of bytedance.yaml, alibaba.yaml (did you mean "bytedance.yaml"?), or move it out of the folder`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestInitProblems(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full")
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		dir  string
		s    Setup
		want string
	}{
		{"an unknown team", "a", Setup{Scenario: "baseline", Teams: []string{"bytdance"}, Rounds: 4},
			`--teams: "bytdance" is not a company of the scenario (did you mean "bytedance"?)`},
		{"a team twice", "b", Setup{Scenario: "baseline", Teams: []string{"alibaba", "alibaba"}, Rounds: 4}, "--teams: alibaba is listed twice"},
		{"no teams", "c", Setup{Scenario: "baseline", Rounds: 4}, "--teams: name at least one team"},
		{"too many rounds", "d", Setup{Scenario: "baseline", Teams: []string{"alibaba"}, Rounds: 40},
			"--rounds: baseline has 19 quarterly decisions after its start (2026-01-01), so a game has at most 19 rounds, not 40"},
		{"no rounds", "e", Setup{Scenario: "baseline", Teams: []string{"alibaba"}, Rounds: 0}, "--rounds: a game has at least 1 round"},
		{"a folder in use", "full", Setup{Scenario: "baseline", Teams: []string{"alibaba"}, Rounds: 2}, "already exists and is not empty"},
		{"an unknown scenario", "f", Setup{Scenario: "baselin", Teams: []string{"alibaba"}, Rounds: 2}, "neither an embedded scenario"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Init(filepath.Join(dir, c.dir), c.s)
			if err == nil || !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want bad input containing %q", err, c.want)
			}
			if c.dir != "full" {
				if _, err := os.Stat(filepath.Join(dir, c.dir)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a failed init must leave no folder behind: %v", err)
				}
			}
		})
	}
	if _, err := Load(dir); err == nil || !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), "is not a game folder") {
		t.Errorf("Load of a folder without game.yaml: %v", err)
	}
}

// TestGameOver plays a one-round game to its end.
func TestGameOver(t *testing.T) {
	g := newGame(t, 1, "alibaba")
	out, err := next(t, g)
	if err != nil {
		t.Fatal(err)
	}
	if out.NextRound != 0 || !slices.Equal(out.Missing, []string{"alibaba"}) {
		t.Errorf("outcome %+v: want the game over", out)
	}
	if _, err := os.Stat(filepath.Join(g.Dir, RoundDir(2))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a finished game needs no round 2 folder: %v", err)
	}
	if _, err := next(t, g); err == nil || !strings.Contains(err.Error(), "the game is over: all 1 rounds have been played") {
		t.Errorf("Next after the last round: %v", err)
	}
	fresh, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := fresh.Status(); err != nil || !st.Over || len(st.Played) != 1 {
		t.Errorf("status of a finished game: %+v, %v", st, err)
	}
}

func TestScenarioFrozen(t *testing.T) {
	g := newGame(t, 1, "alibaba")
	path := filepath.Join(g.Dir, ScenarioFile)
	s := read(t, path)
	if err := os.WriteFile(path, []byte(strings.Replace(s, "seed: 1", "seed: 2", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(g.Dir); err == nil || !strings.Contains(err.Error(), "has changed since the game began") {
		t.Errorf("Load with an edited scenario: %v", err)
	}
}

func ExampleInit() {
	dir, _ := os.MkdirTemp("", "game")
	defer os.RemoveAll(dir)
	g, err := Init(filepath.Join(dir, "class"), Setup{Scenario: "baseline", Teams: []string{"bytedance", "nvidia"}, Rounds: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(g.Scenario(), g.Teams, g.Round, "of", g.Rounds)
	fmt.Println(TemplatePath(1, "bytedance"), "->", DecisionPath(1, "bytedance"))
	// Output:
	// baseline [bytedance nvidia] 1 of 4
	// round-01/templates/bytedance.yaml -> round-01/decisions/bytedance.yaml
}
