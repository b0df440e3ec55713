package web

import (
	"context"
	"errors"
)

// errBusy is what a full pool answers: the caller should retry later.
var errBusy = errors.New("the server is busy with other runs; try again in a moment")

// pool runs at most workers functions at a time and lets at most queue
// more wait for a worker; beyond that it refuses at once, so a burst of
// requests cannot pile up unbounded work.
type pool struct {
	slots chan struct{} // held while running
	admit chan struct{} // held while waiting or running
}

// newPool returns a pool of workers workers with room for queue waiting.
func newPool(workers, queue int) *pool {
	return &pool{slots: make(chan struct{}, workers), admit: make(chan struct{}, workers+queue)}
}

// do runs f on a worker. It returns errBusy without running f when the
// queue is full, and ctx's error if ctx ends while f waits.
func (p *pool) do(ctx context.Context, f func()) error {
	select {
	case p.admit <- struct{}{}:
	default:
		return errBusy
	}
	defer func() { <-p.admit }()
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.slots }()
	f()
	return nil
}
