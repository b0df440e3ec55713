// Package parallel runs independent pieces of work on the process's cores:
// the charts of a report, the files of an output folder. It imports nothing
// from the project.
package parallel
