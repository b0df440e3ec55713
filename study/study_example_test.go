package study_test

import (
	"fmt"
	"log"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// The inputs in which a what-if differs from the baseline, after extends.
func ExampleDiff() {
	base, err := scenarios.Open("baseline", nil)
	if err != nil {
		log.Fatal(err)
	}
	whatIf, err := scenarios.Open("baseline", []string{"chips.zhenwu-810e.memory_bandwidth={value: 0.7TB/s}", "costs.pue=1.4"})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range study.Diff(base.Scenario, whatIf.Scenario) {
		fmt.Println(c)
	}
	// Output:
	// chips.zhenwu-810e.memory_bandwidth: 1.8 TB/s (range 0.7 TB/s – 2 TB/s) → 0.7 TB/s
	// costs.pue: 1.3 (range 1.15 – 1.5) → 1.4 (range 1.15 – 1.5)
}

// A sweep argument, as `aicloudsim sweep --set` reads it.
func ExampleParseAxisSpec() {
	a, err := study.ParseAxisSpec("segments.llm-api.elasticity=0.5..3:6:log")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s from %s to %s, %d values, log %v\n", a.Path, a.From, a.To, a.Steps, a.Log)
	// Output:
	// segments.llm-api.elasticity from 0.5 to 3, 6 values, log true
}

// The Morris design of three numbers: every trajectory moves each number
// once, by two-thirds of its range on a four-level grid.
func ExampleMorrisDesign() {
	d := study.MorrisDesign{K: 3, R: 2, Levels: 4, Seed: 1}
	for _, tr := range d.Trajectories() {
		fmt.Printf("%.2f moves %v\n", tr.Points, tr.Moved)
	}
	// Output:
	// [[0.33 0.33 1.00] [1.00 0.33 1.00] [1.00 0.33 0.33] [1.00 1.00 0.33]] moves [0 2 1]
	// [[1.00 1.00 0.00] [0.33 1.00 0.00] [0.33 0.33 0.00] [0.33 0.33 0.67]] moves [0 1 2]
}
