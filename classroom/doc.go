// Package classroom runs classroom games: teams of students each play one
// company of a scenario (ByteDance, Alibaba, Nvidia, the Western labs, ...)
// for a number of rounds, one simulated quarter each, by handing in a
// decision file per round. It may import scenarios, market, agents,
// hardware and reports, never cmd.
//
// A game lives in a folder:
//
//	game.yaml                      the game: scenario hash, seed, teams, rounds, the round
//	                               being played and the files accepted so far
//	scenario.yaml                  the scenario, frozen at Init (after extends and --set)
//	round-01/templates/<team>.yaml what the team sees before the round: its state, the
//	                               allowed ranges and the built-in strategy's proposal
//	round-01/decisions/<team>.yaml the file the team hands in (a copy of its template, edited)
//	round-01/reports/<team>.md     after Next: the team's round report
//	round-01/reports/leaderboard.md, leaderboard.csv   the class scorecard
//	round-01/teacher/              the whole game so far: report.html and the charts
//
// Round k is the k-th quarterly decision after the scenario's start day
// (round 1 of the baseline is 2026-04-01); the start-day decision stays with
// the built-in strategies. [Game.Next] replays the whole game from the
// start with every accepted decision file, each team's company played by a
// scripted agent that returns the file's decisions on its round's decision
// day and otherwise delegates to the company's built-in strategy. So a game
// is a pure function of its folder: the same files give byte-identical
// reports, and a file changed after its round was played is refused.
package classroom
