// Package reports turns a run's results into files: a tidy CSV of every
// metric, a JSON Lines event log, a Markdown summary, PNG charts and a
// self-contained HTML report that embeds them. It may import market and
// hardware only, never agents or scenarios: it reads the plain data of a
// [market.Result] and knows nothing of YAML; what it shows of a scenario
// (its assumptions, the fit to its sources) comes in [Meta] as plain data.
//
// Every writer is deterministic: the same Result and metadata give the same
// bytes, so a rerun of (scenario, seed) can be compared with cmp. [WriteDir]
// puts a set of files into an output folder atomically, so a folder is
// either the complete output of one run or absent.
package reports
