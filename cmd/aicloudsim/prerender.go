package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
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
	out := make([][]byte, len(names))
	errs := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				var b bytes.Buffer
				errs[i] = files[names[i]](&b)
				out[i] = b.Bytes()
			}
		})
	}
	wg.Wait()
	for i, name := range names {
		if errs[i] != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, name), errs[i])
		}
		files[name] = bytesFile(out[i])
	}
	return nil
}
