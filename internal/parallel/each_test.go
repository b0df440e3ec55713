package parallel

import (
	"errors"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// Each calls every index once, returns each call's error at its index,
// turns a panic into that call's error and runs calls at once.
func TestEach(t *testing.T) {
	const n = 200
	var calls [n]atomic.Int32
	var running, most atomic.Int32
	boom := errors.New("boom")
	errs := Each(n, func(i int) error {
		calls[i].Add(1)
		r := running.Add(1)
		defer running.Add(-1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		for range 20000 { // long enough for the workers to overlap
			runtime.Gosched()
			if most.Load() > 1 {
				break
			}
		}
		switch i {
		case 7:
			return boom
		case 11:
			panic("eleven")
		}
		return nil
	})
	for i := range n {
		if c := calls[i].Load(); c != 1 {
			t.Errorf("index %d called %d times", i, c)
		}
		switch {
		case i == 7 && !errors.Is(errs[i], boom):
			t.Errorf("index 7: %v, want boom", errs[i])
		case i == 11 && (errs[i] == nil || !strings.Contains(errs[i].Error(), "internal error: eleven")):
			t.Errorf("index 11: %v, want the panic as an internal error", errs[i])
		case i != 7 && i != 11 && errs[i] != nil:
			t.Errorf("index %d: %v", i, errs[i])
		}
	}
	if runtime.GOMAXPROCS(0) > 1 && most.Load() < 2 {
		t.Error("the calls never ran at once")
	}
	if len(Each(0, func(int) error { panic("called") })) != 0 {
		t.Error("Each(0) returned errors")
	}
}
