package study

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCompareCheckpoint times a comparison of the baseline with
// itself as two 10-run ensembles, without a checkpoint and with one saving
// every run to a file (the ensembles' records hold each run's monthly
// series, the largest a checkpoint holds), and resumed from a whole
// checkpoint: what saving and reading back cost against computing.
//
//	go test -run xxx -bench CompareCheckpoint -benchtime 3x ./study/
func BenchmarkCompareCheckpoint(b *testing.B) {
	c, err := NewComparison([]Opener{opener("baseline"), opener("baseline", "costs.pue=1.45")}, nil, 1, CompareConfig{Runs: 10, AttributionRuns: 1})
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "checkpoint")
	run := func(b *testing.B, log *TaskLog) {
		if _, err := c.Run(context.Background(), Options{Jobs: 1, Checkpoint: log}); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("none", func(b *testing.B) {
		for b.Loop() {
			run(b, nil)
		}
	})
	b.Run("saving", func(b *testing.B) {
		for b.Loop() {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			log, err := NewTaskLog(f, "compare", c.ID(), "")
			if err != nil {
				b.Fatal(err)
			}
			run(b, log)
			f.Close()
		}
	})
	b.Run("resumed", func(b *testing.B) {
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ScanTaskLog(f); err != nil {
				b.Fatal(err)
			}
			f.Seek(0, 0)
			log, err := ResumeTaskLog(f, io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			run(b, log)
			if log.Replayed != c.Runs() {
				b.Fatalf("read back %d runs of %d", log.Replayed, c.Runs())
			}
			f.Close()
		}
	})
}
