package main

import (
	"testing"

	"github.com/google/uuid"
)

func TestRunNamespaceIsDerived(t *testing.T) {
	want := uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://github.com/seed-e89a7ce8/aicloudsim/run"))
	if runNamespace != want {
		t.Errorf("runNamespace = %s, want %s as documented", runNamespace, want)
	}
}

func TestRunID(t *testing.T) {
	// Pinned: changing how run ids are made changes every published run id.
	if got, want := runID("abc", 1, 0), "5cc20087-a116-52f0-9bf3-0f2bbb746969"; got != want {
		t.Errorf("runID(abc, 1, 0) = %s, want %s", got, want)
	}
	ids := map[string]string{}
	for _, tc := range []struct {
		name, hash string
		seed       uint64
		run        int
	}{
		{"base", "abc", 1, 0},
		{"other hash", "abd", 1, 0},
		{"other seed", "abc", 2, 0},
		{"other run", "abc", 1, 1},
		{"no ambiguity in joining", "abc:1", 0, 0},
	} {
		id := runID(tc.hash, tc.seed, tc.run)
		if u, err := uuid.Parse(id); err != nil || u.Version() != 5 {
			t.Errorf("%s: %s is not a version 5 UUID (%v)", tc.name, id, err)
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("%s and %s share the run id %s", tc.name, prev, id)
		}
		ids[id] = tc.name
	}
}
