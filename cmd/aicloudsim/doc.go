// Command aicloudsim runs, checks and explains simulations of China's AI
// cloud market. It is the only package that knows about flags, files and
// exit codes; it may import every project package, and nothing imports it.
//
// Usage:
//
//	aicloudsim run [scenario|file] [--seed N] [--set path=value]... [--out DIR] [--quiet]
//	aicloudsim validate [scenario|file...] [--set path=value]...
//	aicloudsim list [scenarios|chips|models|companies] [--scenario S] [--set path=value]...
//	aicloudsim explain hardware [scenario|file] [--set path=value]...
//	aicloudsim explain scenario [scenario|file] [--set path=value]...
//	aicloudsim explain calibration [scenario|file] [--seed N] [--set path=value]...
//	aicloudsim schema [--out FILE]
//	aicloudsim montecarlo [scenario|file] [--runs N] [--jobs J] [--seed S] [--set path=value]...
//	    [--out DIR] [--sampling lhs|random] [--shard k/n | --shard-index k|auto --shard-count n|auto]
//	    [--resume] [--quiet]
//	aicloudsim merge DIR... [--out DIR] [--quiet]
//	aicloudsim sweep [scenario|file] --set path=a..b:steps[:log] [--set path=a..b:steps] [--runs R]
//	    [--outcome O]... [--seed S] [--set path=value]... [--out DIR] [--jobs J] [--quiet]
//	aicloudsim sensitivity [scenario|file] [--method oat|morris|both] [--runs R] [--trajectories r]
//	    [--levels p] [--top N] [--outcome O]... [--seed S] [--set path=value]... [--out DIR] [--jobs J] [--quiet]
//	aicloudsim compare a b [c...] [--runs N] [--attribution-runs R] [--attribute-by input|entry]
//	    [--outcome O]... [--seed S] [--set path=value]... [--out DIR] [--jobs J] [--quiet]
//	aicloudsim tournament FILE [--runs R] [--jobs J] [--seed S] [--out DIR] [--quiet]
//	aicloudsim play init [scenario] --teams a,b,... [--rounds N] [--out DIR] [--seed N]
//	aicloudsim play status GAME
//	aicloudsim play next GAME
//	aicloudsim serve [--addr 127.0.0.1:8080] [--game GAME] [--workers N]
//
// A scenario is an embedded name (see `aicloudsim list`) or a YAML file;
// the default is "baseline". `run` writes report.html, summary.md,
// metrics.csv, events.jsonl, scenario.yaml and the charts (*.png) into one
// folder (out/<scenario name> unless --out is given), atomically. The seed
// defaults to the scenario's own.
//
// Errors go to stderr one per line; a scenario error starts with its
// file:line:col. Exit codes: 0 success, 1 a run failed (or its output could
// not be written), 2 bad input (an unknown scenario, command or flag, or a
// scenario with errors).
//
// [run] is the whole program as a function of its arguments and output
// streams, so tests drive it end to end.
package main
