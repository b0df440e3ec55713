// Package reports turns a run's results into files: a tidy CSV of every
// metric, a JSON Lines event log and a Markdown summary (and, later, PNG
// charts and a self-contained HTML report). It may import market and
// hardware only, never agents or scenarios: it reads the plain data of a
// [market.Result] and knows nothing of YAML.
//
// Every writer is deterministic: the same Result and metadata give the same
// bytes, so a rerun of (scenario, seed) can be compared with cmp. [WriteDir]
// puts a set of files into an output folder atomically, so a folder is
// either the complete output of one run or absent.
package reports
