// Command aicloudsim runs, checks and explains simulations of China's AI
// cloud market. It is the only place that knows about flags, files and exit
// codes; see `aicloudsim --help`.
//
// Exit codes: 0 success, 1 a run failed, 2 bad input (an unknown scenario,
// command or flag, or a scenario with errors).
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
