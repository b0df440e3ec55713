package parallel

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Each calls do(i) for every i in [0, n), up to GOMAXPROCS calls at once,
// handing them out in order of i, and returns each call's error at its i.
// A panic in a call becomes that call's error, with its stack: the calls
// run on goroutines of their own, where a command's recovery cannot see
// them. Calls must be safe to run together.
func Each(n int, do func(i int) error) []error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				errs[i] = call(do, i)
			}
		})
	}
	wg.Wait()
	return errs
}

// call is do(i) with a panic turned into its error.
func call(do func(int) error, i int) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error: %v\n%s", p, debug.Stack())
		}
	}()
	return do(i)
}
