package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// checkpointPath is the file beside the output folder dir where a study
// saves its runs as they finish (see study.Replay and study.TaskLog), so
// that a process killed outright loses only the runs in flight. It lives
// until the outputs that hold those runs are written.
func checkpointPath(dir string) string { return filepath.Clean(dir) + ".checkpoint" }

// checkpointRowsPath is the runs.csv of a Monte Carlo study while it runs,
// beside its checkpoint: the checkpoint's snapshots record how far it is
// valid, and the finished output gets a copy of it.
func checkpointRowsPath(dir string) string { return checkpointPath(dir) + "-runs.csv" }

// checkpointFile is the study.LogFile of the checkpoint at path. Replace
// writes path.new and renames it over path.
type checkpointFile struct {
	path string
	f    *os.File
}

// Write appends p to the checkpoint.
func (c *checkpointFile) Write(p []byte) (int, error) { return c.f.Write(p) }

// Replace replaces the checkpoint with b in one rename.
func (c *checkpointFile) Replace(b []byte) error {
	tmp := c.path + ".new"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if c.f != nil {
		c.f.Close() // before the rename, which some systems refuse over an open file
		c.f = nil
	}
	if err := os.Rename(tmp, c.path); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	c.f = f
	return nil
}

// replayCheckpoint sets st to the state that dir's checkpoint saved after
// it, and returns what it read; nil when there is no checkpoint for st.
func replayCheckpoint(s *study.Study, st *study.State, dir string) (*study.Replayed, error) {
	path := checkpointPath(dir)
	f, err := openRegular(path, os.O_RDONLY)
	if f == nil || err != nil {
		return nil, err
	}
	defer f.Close()
	rep, err := s.Replay(f, st)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rep, nil
}

// openRegular opens path with flag if it is a regular file; nil, and no
// error, if there is none.
func openRegular(path string, flag int) (*os.File, error) {
	lst, err := os.Lstat(path)
	if isNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !lst.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file; remove it", path)
	}
	return os.OpenFile(path, flag, 0)
}

// mcCheckpoint is a Monte Carlo study's checkpoint and the runs.csv it
// keeps valid.
type mcCheckpoint struct {
	file     checkpointFile
	rows     *os.File
	rowsPath string
	sum      *study.SumWriter // runs.csv, for study.Run
	log      *study.Log
}

// openMCCheckpoint readies runs.csv and the checkpoint of a study that
// continues st. With rep, what --resume replayed from dir's checkpoint, it
// checks the runs.csv that the checkpoint's process left against the
// checkpoint's snapshot, cuts both files after what they validly hold and
// appends the rows of the runs replayed after the snapshot. Without, it
// starts runs.csv with the rows of dir's output (the runs st holds) and a
// new checkpoint with a snapshot of st.
func openMCCheckpoint(s *study.Study, st *study.State, rep *study.Replayed, dir string) (cp *mcCheckpoint, err error) {
	cp = &mcCheckpoint{file: checkpointFile{path: checkpointPath(dir)}, rowsPath: checkpointRowsPath(dir)}
	defer func() {
		if err != nil {
			cp.close()
		}
	}()
	if rep != nil {
		return cp, cp.resume(s, rep)
	}
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return cp, runFailed(fmt.Errorf("creating output folder: %w", err))
	}
	if cp.rows, err = os.Create(cp.rowsPath); err != nil {
		return cp, runFailed(err)
	}
	cp.sum = study.NewSumWriter(cp.rows)
	if st.Done > 0 {
		old, err := os.Open(filepath.Join(dir, runsFile))
		if err != nil {
			return cp, badInput(fmt.Errorf("--resume: %w", err))
		}
		defer old.Close()
		if err := s.CopyRows(cp.sum, dir, old, st); err != nil {
			return cp, badInput(fmt.Errorf("--resume: %w", err))
		}
	}
	if cp.log, err = study.NewLog(&cp.file, st, cp.sum); err != nil {
		return cp, runFailed(fmt.Errorf("starting the checkpoint %s: %w", cp.file.path, err))
	}
	return cp, nil
}

// resume continues the checkpoint that Replay read as rep, and its runs.csv.
func (cp *mcCheckpoint) resume(s *study.Study, rep *study.Replayed) error {
	var err error
	cp.rows, err = openRegular(cp.rowsPath, os.O_RDWR)
	if err == nil && cp.rows == nil {
		err = fmt.Errorf("%s is missing: the checkpoint %s holds the rows of its runs in it; remove the checkpoint to start the study again", cp.rowsPath, cp.file.path)
	}
	if err != nil {
		return badInput(fmt.Errorf("--resume: %w", err))
	}
	cp.sum, err = rep.ContinueRows(io.NewSectionReader(cp.rows, 0, rep.RowsBytes), cp.rows)
	if errors.Is(err, study.ErrDamaged) {
		return badInput(fmt.Errorf("--resume: %s: %w: it does not hold the rows its checkpoint %s saved; remove both to start the study again", cp.rowsPath, err, cp.file.path))
	} else if err != nil {
		return runFailed(fmt.Errorf("%s: %w", cp.rowsPath, err))
	}
	if err := cutFile(cp.rows, rep.RowsBytes); err != nil {
		return runFailed(err)
	}
	if err := s.WriteReplayed(cp.sum, rep); err != nil {
		return runFailed(err)
	}
	if cp.file.f, err = os.OpenFile(cp.file.path, os.O_WRONLY, 0); err != nil {
		return runFailed(err)
	}
	if err := cutFile(cp.file.f, rep.End); err != nil {
		return runFailed(err)
	}
	cp.log = study.ResumeLog(&cp.file, rep, cp.sum)
	return nil
}

// cutFile truncates f to n bytes and moves its offset to the end.
func cutFile(f *os.File, n int64) error {
	if err := f.Truncate(n); err != nil {
		return err
	}
	_, err := f.Seek(n, io.SeekStart)
	return err
}

// close closes the checkpoint's files.
func (cp *mcCheckpoint) close() {
	for _, f := range []*os.File{cp.file.f, cp.rows} {
		if f != nil {
			f.Close()
		}
	}
	cp.file.f, cp.rows = nil, nil
}

// remove closes and removes the checkpoint's files, once the outputs hold
// its runs.
func (cp *mcCheckpoint) remove() {
	cp.close()
	for _, p := range []string{cp.file.path, cp.file.path + ".new", cp.rowsPath} {
		os.Remove(p)
	}
}
