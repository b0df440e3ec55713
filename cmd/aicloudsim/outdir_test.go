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
		{"/etc", "etc", "an absolute path loses its root"},
		{"/", "scenario", "the root alone leaves nothing"},
		{".", "scenario", "the current folder"},
		{"..", "scenario", "the parent folder"},
		{"a\x00b", "a-b", "a NUL byte cannot reach the file system"},
		{"a\nb\tc", "a-b-c", "control characters"},
		{"\xff\xfe", "scenario", "invalid UTF-8"},
		{"ｅｔｃ", "scenario", "full-width letters are not ASCII"},
		{"a\u202egnp.exe", "a-gnp-exe", "a right-to-left override cannot disguise the name"},
		{"~/x", "x", "no home-folder expansion"},
		{"C:\\Windows", "c-windows", "no drive letter"},
		{"CON", "con_", "Windows device names"},
		{"com1", "com1_", "Windows device names with a digit"},
		{"console", "console", "only exact device names"},
		{strings.Repeat("华", 1000) + "x", "x", "a long non-ASCII name"},
		{strings.Repeat("../", 1000), "scenario", "a long climb"},
	} {
		got := dirName(tc.name)
		if got != tc.want {
			t.Errorf("dirName(%q) = %q, want %q: %s", tc.name, got, tc.want, tc.reason)
		}
		if p := defaultOutDir(tc.name); filepath.Dir(p) != defaultOutRoot || filepath.Base(p) != got {
			t.Errorf("defaultOutDir(%q) = %q escapes %s", tc.name, p, defaultOutRoot)
		}
		if len(got) > maxDirName || strings.ContainsAny(got, "./\\\x00") {
			t.Errorf("dirName(%q) = %q is not a plain folder name", tc.name, got)
		}
	}
}
