package reports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// errNoExchange says the system cannot exchange two names atomically, so
// swap falls back to two renames.
var errNoExchange = errors.New("atomic exchange is not supported here")

// exchange swaps the names a and b, which must both exist, in one atomic
// step, or returns an error wrapping errNoExchange. Tests replace it to
// exercise the fallback.
var exchange = renameExchange

// writeStep, if set, is called at every step of WriteDir at which a crash
// leaves something on disk: after the temporary folder is made, after
// each file, and after each rename. Tests set it to kill the process there.
var writeStep func(step string)

// step reports a step of WriteDir to writeStep.
func step(s string) {
	if writeStep != nil {
		writeStep(s)
	}
}

// Temporaries are the siblings of an output folder dir that WriteDir and
// the study commands make while they work: dir.tmp-* (the new output being
// written, or after an exchange the old one being deleted), dir.old-*
// (the old output moved aside by the fallback replace) and dir.running-*
// (a Monte Carlo study's working folder).
var temporaries = []string{".tmp-", ".old-", ".running-"}

// Recover tidies what writers of the output folder dir that died left
// behind: if dir is missing but the fallback replace had moved an earlier
// output aside (dir.old-*/previous), that output is put back at dir; then
// every temporary sibling of dir (dir.tmp-*, dir.old-*, dir.running-*) is
// removed. Call it only while holding dir's lock (LockOutDir), which
// every writer holds for as long as its temporaries live, so that the
// temporaries of a live process are never touched. It returns what it
// did, for a message.
func Recover(dir string) ([]string, error) {
	dir = filepath.Clean(dir)
	stale, err := staleTemporaries(dir)
	if err != nil || len(stale) == 0 {
		return nil, err
	}
	var did []string
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		// Newest first: the last replace moved its output aside last.
		slices.SortFunc(stale, func(a, b string) int { return -strings.Compare(modTime(a), modTime(b)) })
		for _, s := range stale {
			prev := filepath.Join(s, "previous")
			if !strings.Contains(filepath.Base(s), ".old-") {
				continue
			}
			if st, err := os.Lstat(prev); err == nil && st.IsDir() {
				if err := os.Rename(prev, dir); err != nil {
					return did, fmt.Errorf("restoring %s from %s: %w", dir, prev, err)
				}
				did = append(did, fmt.Sprintf("restored %s from %s, where an interrupted replace had left it", dir, prev))
				break
			}
		}
	}
	for _, s := range stale {
		if err := os.RemoveAll(s); err != nil {
			return did, fmt.Errorf("removing %s, left by an interrupted run: %w", s, err)
		}
		did = append(did, "removed "+s+", left by an interrupted run")
	}
	return did, nil
}

// staleTemporaries lists the temporary siblings of dir.
func staleTemporaries(dir string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Dir(dir))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	base := filepath.Base(dir)
	var out []string
	for _, e := range entries {
		name := e.Name()
		for _, t := range temporaries {
			if strings.HasPrefix(name, base+t) && len(name) > len(base+t) {
				out = append(out, filepath.Join(filepath.Dir(dir), name))
				break
			}
		}
	}
	return out, nil
}

// modTime returns the modification time of path as a sortable string.
func modTime(path string) string {
	st, err := os.Lstat(path)
	if err != nil {
		return ""
	}
	return st.ModTime().UTC().Format("2006-01-02T15:04:05.000000000")
}
