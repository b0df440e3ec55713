package study

import (
	"strings"
	"testing"
	"testing/quick"
)

// TestShardsPartitionRuns is the property behind sharding: for any number
// of runs and shards, the shards hold every run exactly once, their sizes
// differ by at most one, and Size, Run and Contains agree.
func TestShardsPartitionRuns(t *testing.T) {
	prop := func(runs16, count8 uint16) bool {
		runs, count := int(runs16%5000), int(count8%300)+1
		owner := make([]int, runs)
		for i := range owner {
			owner[i] = -1
		}
		lo, hi := runs, 0
		for k := range count {
			sh := Shard{k, count}
			size := sh.Size(runs)
			lo, hi = min(lo, size), max(hi, size)
			for j := range size {
				i := sh.Run(j)
				if i >= runs || owner[i] >= 0 || !sh.Contains(i) {
					return false
				}
				owner[i] = k
			}
		}
		for _, k := range owner {
			if k < 0 {
				return false
			}
		}
		return hi-lo <= 1
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 500}); err != nil {
		t.Error(err)
	}
}

func TestParseShard(t *testing.T) {
	tests := []struct {
		in   string
		want Shard
		err  string
	}{
		{"0/1", Shard{0, 1}, ""},
		{"3/4", Shard{3, 4}, ""},
		{" 2 / 8 ", Shard{2, 8}, ""},
		{"4/4", Shard{}, "the index must be from 0 to 3 (shards count from 0)"},
		{"-1/4", Shard{}, "the index must be from 0 to 3"},
		{"0/0", Shard{}, "the shard count must be at least 1"},
		{"1", Shard{}, "want k/n"},
		{"a/b", Shard{}, "whole numbers"},
	}
	for _, tc := range tests {
		got, err := ParseShard(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("ParseShard(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseShard(%q) error = %v, want %q", tc.in, err, tc.err)
		}
	}
}
