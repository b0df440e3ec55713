package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// checkpointPath is the file beside the output folder dir where a Monte
// Carlo study saves every run as it finishes (see study.Replay), so that a
// process killed outright loses only the runs in flight. It lives until
// the outputs that hold those runs are written.
func checkpointPath(dir string) string { return filepath.Clean(dir) + ".checkpoint" }

// replayCheckpoint adds to st the runs that dir's checkpoint saved after
// st, and returns what it read; nil when there is no checkpoint for st.
func replayCheckpoint(s *study.Study, st *study.State, dir string) (*study.Replayed, error) {
	path := checkpointPath(dir)
	lst, err := os.Lstat(path)
	if isNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !lst.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file; remove it", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rep, err := s.Replay(f, st)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// openCheckpoint opens the checkpoint that saves the runs st lacks: the
// one rep was read from, cut after its last whole record, or a new one.
// It returns the log and the function that closes the file.
func openCheckpoint(st *study.State, dir string, rep *study.Replayed) (*study.Log, func(), error) {
	path := checkpointPath(dir)
	if rep != nil {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, nil, err
		}
		if err := f.Truncate(rep.End); err != nil {
			f.Close()
			return nil, nil, err
		}
		if _, err := f.Seek(rep.End, 0); err != nil {
			f.Close()
			return nil, nil, err
		}
		return study.AppendLog(f), func() { f.Close() }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	log, err := study.NewLog(f, st)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return log, func() { f.Close() }, nil
}
