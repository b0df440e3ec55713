package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func newPlayCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "play",
		Short: "Play a classroom game: teams run companies round by round",
		Long: `Play runs a classroom game. Each team plays one company of a scenario
(bytedance, alibaba, nvidia, western, ...) for a number of rounds, one
simulated quarter each. Every round each team hands in a decision file
(prices, chip orders, R&D; chip prices for a supplier); 'play next' checks
them all, plays the quarter and writes a report per team and a leaderboard.
A team that hands in nothing is played by its built-in strategy.

  play init      create a game folder and the round 1 templates
  play status    show the round and who has handed in a valid file
  play next      check every file and play the round

docs/CLASSROOM.md is the teacher's guide, with a 90-minute lesson plan.`,
		Example: `  aicloudsim play init baseline --teams bytedance,alibaba,nvidia,western --rounds 4 --out class-game
  cp class-game/round-01/templates/alibaba.yaml class-game/round-01/decisions/alibaba.yaml
  aicloudsim play status class-game
  aicloudsim play next class-game`,
	}
	c.AddCommand(newPlayInitCmd(), newPlayNextCmd(), newPlayStatusCmd())
	return c
}

// playOptions are the flags of `play init`.
type playOptions struct {
	teams  string
	rounds int
	out    string
	seed   uint64
	sets   []string
}

func newPlayInitCmd() *cobra.Command {
	var opt playOptions
	c := &cobra.Command{
		Use:   "init [scenario-name|file] --teams a,b,...",
		Short: "Create a game folder with the round 1 templates",
		Long: `Init creates a game folder for the scenario (default "baseline"): game.yaml,
the scenario frozen as scenario.yaml, and round-01/templates/<team>.yaml, one
per team, listing the team's state, the allowed ranges and the built-in
strategy's proposal. A team copies its template to round-01/decisions/<team>.yaml,
edits it and hands it in.

Teams are company ids of the scenario: providers such as bytedance, alibaba,
huawei-cloud, tencent, baidu, others and western, or chip suppliers such as
nvidia ('aicloudsim list companies'). Round 1 is the first quarterly decision
after the scenario's start (2026-04-01 for the baseline).`,
		Example: `  aicloudsim play init baseline --teams bytedance,alibaba,nvidia,western --rounds 8 --out class-game
  aicloudsim play init export-ban --teams alibaba,huawei-cloud --rounds 4`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return playInit(c.OutOrStdout(), scenarioArg(args), opt, c.Flags().Changed("seed"))
		},
	}
	c.Flags().StringVar(&opt.teams, "teams", "", "comma-separated company `ids`, one per team (required)")
	c.Flags().IntVar(&opt.rounds, "rounds", 8, "number of rounds (quarters) to play")
	c.Flags().StringVar(&opt.out, "out", "", "game `folder` (default: out/<scenario name>-game); must be new or empty")
	c.Flags().Uint64Var(&opt.seed, "seed", 0, "random seed (default: the scenario's seed, else 1)")
	setFlag(c, &opt.sets)
	return c
}

func playInit(stdout io.Writer, ref string, opt playOptions, seedGiven bool) error {
	if strings.TrimSpace(opt.teams) == "" {
		return badInput(errors.New("--teams: name the teams' companies, e.g. --teams bytedance,alibaba,nvidia,western"))
	}
	dir := opt.out
	if dir == "" {
		o, err := scenarios.Open(ref, opt.sets)
		if err != nil {
			return badInput(err)
		}
		dir = defaultOutDir(o.Name + "-game")
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return err
	}
	defer unlock()
	g, err := classroom.Init(dir, classroom.Setup{Scenario: ref, Sets: opt.sets, Seed: opt.seed, SeedGiven: seedGiven,
		Teams: strings.Split(opt.teams, ","), Rounds: opt.rounds})
	if err != nil {
		return playError(err)
	}
	st, err := g.Status()
	if err != nil {
		return playError(err)
	}
	fmt.Fprintf(stdout, "created game %s: scenario %s, seed %d, %s (%s), %s\n",
		dir, g.Scenario(), g.Seed, plural(len(g.Teams), "team"), strings.Join(g.Teams, ", "), plural(g.Rounds, "round"))
	printRoundTodo(stdout, dir, 1, st.Span)
	return nil
}

// printRoundTodo tells the teacher what happens next in round k.
func printRoundTodo(w io.Writer, dir string, k int, span string) {
	fmt.Fprintf(w, "round %d (%s): the templates are in %s\n", k, span, filepath.Join(dir, classroom.RoundDir(k), "templates"))
	fmt.Fprintf(w, "each team copies its template to %s, edits it and hands it in; then run\n",
		filepath.Join(dir, classroom.RoundDir(k), "decisions", "<team>.yaml"))
	fmt.Fprintf(w, "  aicloudsim play status %s   # who has handed in a valid file\n", dir)
	fmt.Fprintf(w, "  aicloudsim play next %s     # check the files and play the round\n", dir)
}

func newPlayNextCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "next <game>",
		Short: "Check every decision file and play the round",
		Long: `Next checks every team's decision file of the current round and prints every
problem, one per line as file:line:col; if there is any, nothing is played
and it exits with 2. Otherwise it plays the round (a team without a file is
played by its built-in strategy, with a warning), and writes:

  round-NN/reports/<team>.md      each team's round report
  round-NN/reports/leaderboard.md the class scorecard (and leaderboard.csv)
  round-NN/teacher/               report.html and the charts of the game so far,
                                  with every team's private decisions: for the teacher
  round-MM/templates/<team>.yaml  the next round's templates

The game replays from the start every time, so the same files always give the
same reports.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return playNext(c.OutOrStdout(), c.ErrOrStderr(), args[0])
		},
	}
}

func playNext(stdout, stderr io.Writer, dir string) error {
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		// A game folder: one play next at a time (a folder that is not
		// one is refused by Load, and gets no lock file beside it).
		unlock, err := lockDir(dir)
		if err != nil {
			return err
		}
		defer unlock()
	}
	g, err := classroom.Load(dir)
	if err != nil {
		return playError(err)
	}
	out, err := g.Next()
	var inv *classroom.InvalidError
	if errors.As(err, &inv) {
		printError(stderr, inv.Problems)
		files := "files"
		if inv.Files == 1 {
			files = "file"
		}
		return &exitError{exitBadInput, fmt.Errorf("round %d was not played: %s in %d decision %s. Fix them and run 'aicloudsim play next %s' again; "+
			"to let the built-in strategy play a team instead, move its file out of %s",
			inv.Round, problems(len(inv.Problems)), inv.Files, files, dir, filepath.Join(dir, classroom.RoundDir(inv.Round), "decisions"))}
	}
	if err != nil {
		return playError(err)
	}
	for _, team := range out.Missing {
		fmt.Fprintf(stderr, "warning: %s: no decisions received (%s): the built-in strategy played\n",
			team, filepath.Join(dir, classroom.DecisionPath(out.Round, team)))
	}
	fmt.Fprintf(stdout, "round %d (%s) played: %d of %d teams handed in decisions\n", out.Round, out.Span, len(out.Submitted), len(g.Teams))
	var wrote []string
	for _, w := range out.Wrote {
		wrote = append(wrote, filepath.Join(dir, w))
	}
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(wrote, ", "))
	fmt.Fprintf(stdout, "leaderboard (score: improvement over the built-in strategy, %%):\n")
	for _, s := range out.Standings {
		fmt.Fprintf(stdout, "  %d. %-14s %+6.1f\n", s.Rank, s.Team, s.Score)
	}
	if out.NextRound == 0 {
		fmt.Fprintf(stdout, "the game is over: all %d rounds played; %s has the whole game\n", g.Rounds,
			filepath.Join(dir, classroom.RoundDir(out.Round), "teacher", "report.html"))
		return nil
	}
	printRoundTodo(stdout, dir, out.NextRound, out.NextSpan)
	return nil
}

// problems counts problems in words: "1 problem", "3 problems".
func problems(n int) string { return plural(n, "problem") }

// plural counts things in words: "1 team", "4 teams".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

func newPlayStatusCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "status <game>",
		Short: "Show the round and who has handed in a valid decision file",
		Long: `Status shows the game's current round and, for every team, whether its decision
file is in and valid, with every problem as file:line:col. It changes nothing.
It exits with 0 even when files have problems; 'play next' refuses them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return playStatus(c.OutOrStdout(), args[0])
		},
	}
}

func playStatus(w io.Writer, dir string) error {
	g, err := classroom.Load(dir)
	if err != nil {
		return playError(err)
	}
	st, err := g.Status()
	if err != nil {
		return playError(err)
	}
	fmt.Fprintf(w, "game %s: scenario %s, seed %d, %d rounds\n", dir, g.Scenario(), g.Seed, g.Rounds)
	for _, p := range st.Played {
		var in, out []string
		for _, t := range g.Teams {
			if _, ok := p.Files[t]; ok {
				in = append(in, t)
			} else {
				out = append(out, t)
			}
		}
		line := fmt.Sprintf("  round %d played: handed in by %s", p.Round, orNone(in))
		if len(out) > 0 {
			line += "; built-in strategy for " + strings.Join(out, ", ")
		}
		fmt.Fprintln(w, line)
	}
	if st.Over {
		fmt.Fprintln(w, "the game is over")
		return nil
	}
	fmt.Fprintf(w, "round %d of %d (%s): decision files in %s\n", st.Round, st.Rounds, st.Span,
		filepath.Join(dir, classroom.RoundDir(st.Round), "decisions"))
	width := 0
	for _, t := range st.Teams {
		width = max(width, len(t.Team))
	}
	for _, t := range st.Teams {
		switch {
		case len(t.Problems) > 0:
			fmt.Fprintf(w, "  %-*s  handed in, %s:\n", width, t.Team, problems(len(t.Problems)))
			for _, p := range t.Problems {
				fmt.Fprintf(w, "      %s\n", p)
			}
		case t.HandedIn:
			fmt.Fprintf(w, "  %-*s  handed in, valid\n", width, t.Team)
		default:
			fmt.Fprintf(w, "  %-*s  not yet (if nothing arrives, the built-in strategy plays it)\n", width, t.Team)
		}
	}
	for _, p := range st.Strays {
		fmt.Fprintf(w, "  %s\n", p)
	}
	fmt.Fprintf(w, "when the files are in: aicloudsim play next %s\n", dir)
	return nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "nobody"
	}
	return strings.Join(s, ", ")
}

// playError maps a game's error to an exit code: the user's input is 2,
// anything else a failed run.
func playError(err error) error {
	if errors.Is(err, classroom.ErrBadInput) {
		return badInput(err)
	}
	return runFailed(err)
}
