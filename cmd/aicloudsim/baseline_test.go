package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// shared is one `aicloudsim run` of the baseline with the default flags,
// made once per test binary for the tests that only read its outputs.
// They must not write into its folder.
var shared struct {
	once sync.Once
	res  result
	err  error
}

// baselineRun returns the folder of the shared baseline run and what the
// run printed.
func baselineRun(t *testing.T) (dir string, r result) {
	t.Helper()
	dir = filepath.Join(binary.dir, "baseline-run")
	shared.once.Do(func() {
		var out, errb bytes.Buffer
		code := run([]string{"run", "--out", dir}, &out, &errb)
		shared.res = result{code, out.String(), errb.String()}
		if code != exitOK {
			shared.err = fmt.Errorf("aicloudsim run --out %s: exit %d\nstderr:\n%s", dir, code, errb.String())
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return dir, shared.res
}
