package study_test

import (
	"context"
	"fmt"
	"io"
	"log"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// A study of eight runs of a small scenario, computed as two shards (as
// two machines would) and merged.
func ExampleMerge() {
	open := func() (*scenarios.Opened, error) { return scenarios.Open("testdata/tiny.yaml", nil) }
	s, err := study.New(open, 1, 8, study.LatinHypercube)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range s.Params {
		fmt.Printf("%s: %s in [%s, %s]\n", p.Path, p.Format(p.Value), p.Format(p.Low), p.Format(p.High))
	}
	var ins []study.Input
	for k := range 2 {
		st := s.Start(study.Shard{Index: k, Count: 2})
		if err := s.Run(context.Background(), st, io.Discard, study.Options{Jobs: 2}); err != nil {
			log.Fatal(err)
		}
		ins = append(ins, study.Input{Name: fmt.Sprint("shard ", k), State: st})
	}
	whole, err := study.Merge(ins)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d of %d runs, %d bands\n", whole.Done, whole.Runs, len(whole.Agg.Bands()))
	// Output:
	// chips.ascend.memory_bandwidth: 1600 GB/s in [1200 GB/s, 1600 GB/s]
	// chips.h20.price: $12.5K in [$12K, $13K]
	// costs.electricity: $0.08 in [$0.06, $0.11]
	// costs.memory_efficiency: 70% in [70%, 70%]
	// providers.alpha.strategy.capacity.target_utilisation: 75% in [60%, 85%]
	// segments.llm-api.elasticity: 1.3 in [0.8, 2]
	// 8 of 8 runs, 78 bands
}
