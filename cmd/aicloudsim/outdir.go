package main

import (
	"path/filepath"
	"strings"
)

// defaultOutRoot is the folder under which runs write by default.
const defaultOutRoot = "out"

// maxDirName bounds the length of a folder name made from a scenario name.
const maxDirName = 64

// defaultOutDir is where a run of scenario name writes when --out is not
// given: out/<name>, with name sanitised by dirName.
func defaultOutDir(name string) string {
	return filepath.Join(defaultOutRoot, dirName(name))
}

// dirName turns a scenario name into a safe folder name: lower-case
// letters, digits, '-' and '_', every other run of characters replaced by
// one '-', trimmed of leading and trailing '-', at most maxDirName bytes,
// and "scenario" if nothing is left. The result has no separators or dots,
// so it never leaves the folder it is joined to; a name Windows reserves
// for a device (con, nul, com1, ...) gets a trailing '_'.
func dirName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
			dash = r == '-'
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	s := b.String()
	if len(s) > maxDirName {
		s = s[:maxDirName]
	}
	s = strings.Trim(s, "-")
	switch {
	case s == "":
		return "scenario"
	case windowsDevice(s):
		return s + "_"
	}
	return s
}

// windowsDevice reports whether s is a device name on Windows, which
// cannot be a folder there.
func windowsDevice(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	return len(s) == 4 && (s[:3] == "com" || s[:3] == "lpt") && s[3] >= '1' && s[3] <= '9'
}
