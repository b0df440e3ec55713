package main

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// isTerminal reports whether w is a terminal (a character device), the
// only place a progress bar belongs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress is the montecarlo progress bar on stderr, or nothing.
type progress struct {
	stderr io.Writer
	p      *mpb.Progress
	bar    *mpb.Bar
	mu     sync.Mutex
}

// newProgress returns a bar counting total runs when show is set, else a
// progress that draws nothing.
func newProgress(stderr io.Writer, show bool, total int) *progress {
	pr := &progress{stderr: stderr}
	if !show || total <= 0 {
		return pr
	}
	pr.p = mpb.New(mpb.WithOutput(stderr), mpb.WithWidth(48))
	pr.bar = pr.p.AddBar(int64(total),
		mpb.PrependDecorators(decor.Name("runs "), decor.CountersNoUnit("%d / %d", decor.WCSyncWidth)),
		mpb.AppendDecorators(decor.Percentage(decor.WCSyncSpace), decor.Name("  eta "), decor.AverageETA(decor.ET_STYLE_GO)),
	)
	return pr
}

// set moves the bar to done runs.
func (pr *progress) set(done int) {
	if pr.bar != nil {
		pr.bar.SetCurrent(int64(done))
	}
}

// printf writes a line above the bar, or to stderr when there is none.
func (pr *progress) printf(format string, args ...any) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	if pr.p != nil {
		fmt.Fprintf(pr.p, format, args...)
		return
	}
	fmt.Fprintf(pr.stderr, format, args...)
}

// finish completes the bar, or leaves it where it stopped, and waits for
// it to be drawn for the last time.
func (pr *progress) finish(complete bool) {
	if pr.bar == nil {
		return
	}
	if !complete {
		pr.bar.Abort(false)
	}
	pr.p.Wait()
}
