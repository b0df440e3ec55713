package study

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is the slice of an ensemble's runs one process computes: run i
// belongs to shard Index of Count when i mod Count == Index. Dealing runs
// round-robin rather than in blocks gives every shard the same number of
// runs (give or take one) spread over the whole index range, so a shard
// that is slow or lost skews no part of the design. The zero Shard is
// invalid; Whole is the single shard of a one-process run.
type Shard struct {
	Index, Count int
}

// Whole is the shard holding every run.
var Whole = Shard{0, 1}

// ParseShard parses "k/n", 0 <= k < n.
func ParseShard(s string) (Shard, error) {
	ks, ns, ok := strings.Cut(s, "/")
	if !ok {
		return Shard{}, fmt.Errorf("shard %q: want k/n, e.g. 0/4 for the first of four shards", s)
	}
	k, err1 := strconv.Atoi(strings.TrimSpace(ks))
	n, err2 := strconv.Atoi(strings.TrimSpace(ns))
	if err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("shard %q: want k/n with whole numbers, e.g. 0/4", s)
	}
	sh := Shard{k, n}
	return sh, sh.Valid()
}

// Valid reports whether 0 <= Index < Count.
func (s Shard) Valid() error {
	switch {
	case s.Count < 1:
		return fmt.Errorf("shard %s: the shard count must be at least 1", s)
	case s.Count > MaxShards:
		return fmt.Errorf("shard %s: the shard count is at most %d", s, MaxShards)
	case s.Index < 0 || s.Index >= s.Count:
		return fmt.Errorf("shard %s: the index must be from 0 to %d (shards count from 0)", s, s.Count-1)
	}
	return nil
}

// String formats s as "k/n".
func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Size returns how many of the runs 0..runs-1 belong to s.
func (s Shard) Size(runs int) int {
	if runs <= s.Index {
		return 0
	}
	return (runs-s.Index-1)/s.Count + 1
}

// Run returns the index in the ensemble of the shard's j-th run.
func (s Shard) Run(j int) int { return s.Index + j*s.Count }

// Contains reports whether run i belongs to s.
func (s Shard) Contains(i int) bool { return i >= 0 && i%s.Count == s.Index }

// MarshalText writes s as "k/n".
func (s Shard) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "k/n".
func (s *Shard) UnmarshalText(b []byte) error {
	sh, err := ParseShard(string(b))
	if err != nil {
		return err
	}
	*s = sh
	return nil
}
