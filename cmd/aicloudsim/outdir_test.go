package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDirName(t *testing.T) {
	for _, tc := range []struct {
		name, want, reason string
	}{
		{"baseline", "baseline", "a plain id is kept"},
		{"price_war-2", "price_war-2", "'_' and '-' are allowed"},
		{"Price War!", "price-war", "lower-cased, punctuation and spaces become one '-'"},
		{"../../etc/passwd", "etc-passwd", "no path can leave the out folder"},
		{`..\..\windows`, "windows", "nor with backslashes"},
		{"...", "scenario", "nothing left"},
		{"", "scenario", "empty"},
		{"华为云", "scenario", "non-ASCII letters are dropped"},
		{"a/b", "a-b", "a separator becomes '-'"},
		{strings.Repeat("x", 100), strings.Repeat("x", maxDirName), "long names are cut"},
		{strings.Repeat("x", maxDirName-1) + "!y", strings.Repeat("x", maxDirName-1), "no '-' is left at the cut"},
	} {
		got := dirName(tc.name)
		if got != tc.want {
			t.Errorf("dirName(%q) = %q, want %q: %s", tc.name, got, tc.want, tc.reason)
		}
		if p := defaultOutDir(tc.name); filepath.Dir(p) != defaultOutRoot {
			t.Errorf("defaultOutDir(%q) = %q escapes %s", tc.name, p, defaultOutRoot)
		}
	}
}
