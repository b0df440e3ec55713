package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/internal/parallel"
)

// prerender runs the writers of the files of files whose names end in one
// of exts at once, up to one per core, each into memory, and replaces them
// with writers of what they wrote: the work of formatting a run's outputs
// is shared between the cores, and the writing of the folder (in order,
// each file synced) only copies bytes. Writers must be safe to run
// together, as those of a run are: they only read its results. An error
// names the file as dir/name.
func prerender(dir string, files map[string]func(io.Writer) error, exts ...string) error {
	var names []string
	for name := range files {
		if slices.ContainsFunc(exts, func(e string) bool { return strings.HasSuffix(name, e) }) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	out := make([]chunks, len(names))
	errs := parallel.Each(len(names), func(i int) error { return files[names[i]](&out[i]) })
	for i, name := range names {
		if errs[i] != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, name), errs[i])
		}
		files[name] = out[i].writeTo
	}
	return nil
}

// chunks is an in-memory file kept as a list of chunks of up to
// chunkSize bytes: unlike a growing bytes.Buffer, a big file (a run's
// metrics.csv is megabytes) is never copied to a bigger buffer as it
// grows.
type chunks [][]byte

const chunkSize = 256 << 10

// Write appends p.
func (c *chunks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if k := len(*c); k == 0 || len((*c)[k-1]) == chunkSize {
			*c = append(*c, make([]byte, 0, chunkSize))
		}
		last := &(*c)[len(*c)-1]
		m := min(len(p), chunkSize-len(*last))
		*last = append(*last, p[:m]...)
		p = p[m:]
	}
	return n, nil
}

// writeTo writes the chunks to w, in order.
func (c chunks) writeTo(w io.Writer) error {
	for _, b := range c {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
