package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// This file is the checkpoint of sweep, sensitivity and compare: every
// run is saved in <out>.checkpoint as it finishes (a study.TaskLog), so a
// process killed outright loses only the runs in flight and --resume reads
// the others back. A comparison's checkpoint is replaced from time to
// time by a snapshot of its ensembles (written to <out>.checkpoint.new,
// then renamed). The checkpoint is removed once the outputs that hold its
// runs are written.

// resumeFlag adds --resume to c and records, when the command runs, the
// command line that continues it.
func resumeFlag(c *cobra.Command, opt *studyOptions) {
	c.Flags().BoolVar(&opt.resume, "resume", false, "continue the study that a stopped or killed process saved in <out>.checkpoint")
	run := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		opt.again = commandLine(c, args)
		return run(c, args)
	}
}

// commandLine is the command line of c with args and the flags given,
// each quoted for a POSIX shell, without --out and --resume.
func commandLine(c *cobra.Command, args []string) []string {
	line := []string{"aicloudsim", c.Name()}
	line = append(line, args...)
	c.Flags().Visit(func(f *pflag.Flag) {
		switch {
		case f.Name == "out" || f.Name == "resume":
		case f.Value.Type() == "bool" && f.Value.String() == "true":
			line = append(line, "--"+f.Name)
		case f.Value.Type() == "bool":
			line = append(line, "--"+f.Name+"=false")
		default:
			vals := []string{f.Value.String()}
			if s, ok := f.Value.(pflag.SliceValue); ok {
				vals = s.GetSlice()
			}
			for _, v := range vals {
				line = append(line, "--"+f.Name, v)
			}
		}
	})
	for i, a := range line {
		line[i] = shellQuote(a)
	}
	return line
}

// studyCheckpoint is the checkpoint of a study whose outputs go to a
// folder.
type studyCheckpoint struct {
	path  string
	log   *study.TaskLog
	file  checkpointFile // the checkpoint, as the log writes it
	files []*os.File     // the others open
	again string         // the command that continues the study
}

// openStudyCheckpoint opens the checkpoint of the study kind with the
// given ID (see study.StudyID) whose outputs go to dir, for this build's
// fingerprint build (see study.Fingerprint). With resume it continues the
// checkpoint a stopped or killed process left, refusing one that is
// missing, damaged, another study's or another build's; without, it starts
// a new one, refusing to start over a checkpoint of the same study that
// holds runs. Its errors name the file.
func openStudyCheckpoint(dir, kind, id, build string, opt studyOptions) (*studyCheckpoint, error) {
	cp := &studyCheckpoint{path: checkpointPath(dir), file: checkpointFile{path: checkpointPath(dir)}, again: strings.Join(append(opt.again, "--out", shellQuote(dir), "--resume"), " ")}
	saved, err := scanStudyCheckpoint(cp.path)
	if err != nil {
		return nil, err
	}
	same := saved != nil && saved.Study == kind && saved.ID == id
	switch {
	case opt.resume && saved == nil:
		why := "it was never started with this --out"
		if _, err := os.Stat(dir); err == nil {
			why = "a study that finished removes it, and " + dir + " holds finished outputs"
		}
		return nil, badInput(fmt.Errorf("--resume: there is no %s to continue: no %s (%s)", kind, cp.path, why))
	case opt.resume && !same && saved.ID != "":
		return nil, badInput(fmt.Errorf("--resume: %s was saved by another study (a %s with other scenarios, seed, options or outcomes); give the same command as before with --resume, or remove it", cp.path, saved.Study))
	case opt.resume && same && saved.Build != build:
		return nil, badInput(fmt.Errorf("--resume: %s: %s; continue it with that build, or remove it to start the study again",
			cp.path, study.OtherBuild(saved.Build, build)))
	case !opt.resume && same && saved.Runs > 0:
		return nil, badInput(fmt.Errorf("%s holds %d runs of this study saved by a process that was stopped; add --resume to continue it, or remove it or choose another --out", cp.path, saved.Runs))
	}
	if opt.resume && same {
		err = cp.resume(saved.End)
	} else {
		err = cp.create(kind, id, build)
	}
	if err != nil {
		cp.close()
		return nil, runFailed(fmt.Errorf("opening the checkpoint %s: %w", cp.path, err))
	}
	return cp, nil
}

// scanStudyCheckpoint reads and checks the checkpoint at path; nil when
// there is none.
func scanStudyCheckpoint(path string) (*study.SavedTasks, error) {
	st, err := os.Lstat(path)
	if isNotExist(err) {
		return nil, nil
	} else if err != nil {
		return nil, runFailed(err)
	}
	if !st.Mode().IsRegular() {
		return nil, badInput(fmt.Errorf("%s is not a regular file; remove it", path))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, runFailed(err)
	}
	defer f.Close()
	saved, err := study.ScanTaskLog(f)
	if errors.Is(err, study.ErrDamaged) {
		return nil, badInput(fmt.Errorf("%s: %w: it does not read back as it was written; remove it to start the study again", path, err))
	} else if errors.Is(err, study.ErrOtherVersion) {
		return nil, badInput(fmt.Errorf("%s: %w; remove it to start the study again", path, err))
	} else if err != nil {
		return nil, runFailed(fmt.Errorf("%s: %w", path, err))
	}
	return saved, nil
}

// create starts a new checkpoint.
func (cp *studyCheckpoint) create(kind, id, build string) error {
	f, err := os.Create(cp.path)
	if err != nil {
		return err
	}
	cp.file.f = f
	cp.log, err = study.NewTaskLog(&cp.file, kind, id, build)
	return err
}

// resume continues the checkpoint, cut after its last whole record at
// end: the runs before end are read back, the new ones appended.
func (cp *studyCheckpoint) resume(end int64) error {
	w, err := os.OpenFile(cp.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	cp.file.f = w
	if err := w.Truncate(end); err != nil {
		return err
	}
	r, err := os.Open(cp.path)
	if err != nil {
		return err
	}
	cp.files = append(cp.files, r)
	cp.log, err = study.ResumeTaskLog(io.NewSectionReader(r, 0, end), &cp.file)
	return err
}

// close closes the checkpoint's files.
func (cp *studyCheckpoint) close() {
	for _, f := range append(cp.files, cp.file.f) {
		if f != nil {
			f.Close()
		}
	}
	cp.files, cp.file.f = nil, nil
}

// write writes the study's outputs as writeStudy does, then removes the
// checkpoint, whose runs they now hold.
func (cp *studyCheckpoint) write(stdout io.Writer, dir string, quiet bool, files map[string]func(io.Writer) error, charts []reports.Chart, summary func(io.Writer)) error {
	if err := writeStudy(stdout, dir, quiet, files, charts, summary); err != nil {
		return err
	}
	cp.close()
	os.Remove(cp.path)
	os.Remove(cp.path + ".new")
	return nil
}

// runSaved runs a study as runStudyWith does, saving its runs in the
// checkpoint cp. An interrupted study says where its runs are saved and
// how to continue it; a checkpoint found damaged while it is read back is
// bad input naming the file.
func runSaved[T any](ctx context.Context, stderr io.Writer, cp *studyCheckpoint, quiet bool, jobs, total int, run func(context.Context, study.Options) (T, error)) (T, error) {
	var res T
	done := 0
	err := runStudyWork(ctx, stderr, quiet, total, func(ctx context.Context, o study.Options) error {
		o.Jobs, o.Checkpoint = jobs, cp.log
		progress := o.Progress
		o.Progress = func(d, t int) { done = d; progress(d, t) }
		var err error
		res, err = run(ctx, o)
		switch {
		case errors.Is(err, study.ErrInterrupted):
			return runFailed(fmt.Errorf("interrupted after %d of %d runs; %s holds them.\nTo continue: %s", done, total, cp.path, cp.again))
		case errors.Is(err, study.ErrDamaged):
			return badInput(fmt.Errorf("--resume: %s: %w; remove it to start the study again", cp.path, err))
		}
		return err
	})
	return res, err
}
