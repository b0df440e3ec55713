package scenarios_test

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Open an embedded scenario with a command-line override, then build the
// market configuration and agents it describes.
func ExampleOpen() {
	o, err := scenarios.Open("baseline", []string{"chips.zhenwu-810e.memory_bandwidth=0.7TB/s"})
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, agents, err := o.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cfg.Chips {
		if c.ID == "zhenwu-810e" {
			fmt.Printf("%s: %.0f GB/s memory, %.0f GB/s chip-to-chip\n", c.Name, c.MemoryBandwidthGBps, c.InterconnectGBps)
		}
	}
	fmt.Println(len(cfg.Providers), "providers,", len(agents), "agents")
	// Output:
	// T-Head Zhenwu 810E: 700 GB/s memory, 700 GB/s chip-to-chip
	// 9 providers, 12 agents
}

// Problems are reported all at once, each with its file, line and column.
func ExampleOpen_errors() {
	_, err := scenarios.Open("baseline", []string{"chips.h20.memory_bandwidth=4.0GW", "chips.h20.prcie=$1"})
	fmt.Println(err)
	// Output:
	// --set:1:28: chips.h20.memory_bandwidth: unknown unit "GW" in "4.0GW"; want KB/s, MB/s, GB/s, TB/s, PB/s, GBps, TBps, e.g. 4.0TB/s or 700GB/s
	// --set:2:1: unknown key "prcie" in chips.h20 (did you mean "price"?)
}
