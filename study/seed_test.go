package study

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
)

// TestSeedsSurviveFloat64 reads the seed column of runs.csv the way
// DuckDB, R and JavaScript type it, as float64, and checks every seed
// comes back exactly: "repeat any run" must not depend on the reader.
func TestSeedsSurviveFloat64(t *testing.T) {
	s := newStudy(t, tiny, math.MaxUint64, 30)
	out := execute(t, s, Whole, 1)
	rows, err := csv.NewReader(bytes.NewReader(out.rows)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][1] != "seed" {
		t.Fatalf("runs.csv column 2 is %q, want seed", rows[0][1])
	}
	for _, row := range rows[1:] {
		f, err := strconv.ParseFloat(row[1], 64)
		if err != nil {
			t.Fatal(err)
		}
		if back := strconv.FormatUint(uint64(f), 10); back != row[1] {
			t.Errorf("run %s: seed %s reads back through float64 as %s", row[0], row[1], back)
		}
	}
}

// TestRunSeedsFit53Bits checks the derivation itself over many master
// seeds, including the extremes.
func TestRunSeedsFit53Bits(t *testing.T) {
	for _, seed := range []uint64{0, 1, 42, 1 << 63, math.MaxUint64} {
		for i := range 2000 {
			if s := RunSeed(seed, i); s >= 1<<53 {
				t.Fatalf("RunSeed(%d, %d) = %d, not below 2^53", seed, i, s)
			}
		}
	}
}
