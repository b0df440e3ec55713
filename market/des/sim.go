package des

import "fmt"

// Sim is a discrete-event simulator: a [Queue] of pending events and a clock
// that jumps to each event as it is taken. It runs on the caller's goroutine
// and starts none.
//
// The zero Sim is ready to use with its clock at Time 0. A Sim must not be
// copied after first use.
type Sim[T any] struct {
	q         Queue[T]
	now       Time
	processed uint64
}

// Now returns the simulated time: the At of the last event taken, or the
// horizon of the last [Sim.RunUntil] if that is later. O(1).
func (s *Sim[T]) Now() Time { return s.now }

// Processed returns how many events have been taken by Step and RunUntil.
// O(1).
func (s *Sim[T]) Processed() uint64 { return s.processed }

// Pending returns how many events are scheduled but not yet taken. O(1).
func (s *Sim[T]) Pending() int { return s.q.Len() }

// Schedule adds v to happen at Time at in Phase ph. Scheduling at Now is
// allowed and runs after the events already due at Now in the same or a
// lower phase. O(log n).
//
// It panics if at is before Now: an event in the past is a bug in the
// caller's model, not bad input.
func (s *Sim[T]) Schedule(at Time, ph Phase, v T) {
	if at < s.now {
		panic(fmt.Sprintf("des: Schedule at time %d, before Now %d (phase %d)", at, s.now, ph))
	}
	s.q.Push(at, ph, v)
}

// Step takes the next event, moves the clock to its At and returns it; it
// returns false and leaves the clock alone if nothing is pending. O(log n).
func (s *Sim[T]) Step() (Event[T], bool) {
	e, ok := s.q.Pop()
	if ok {
		s.now = e.At
		s.processed++
	}
	return e, ok
}

// RunUntil takes, in order, every event with At <= end, moving the clock to
// each and calling handle with it. handle may Schedule further events; those
// due by end are taken in the same call. Afterwards the clock is at end (or
// stays put if it was already later), so nothing can be scheduled before the
// horizon that has been run. O(k log n) for k events taken.
func (s *Sim[T]) RunUntil(end Time, handle func(Event[T])) {
	for len(s.q.h) > 0 && s.q.h[0].at <= end {
		e, _ := s.q.Pop()
		s.now = e.At
		s.processed++
		handle(e)
	}
	if end > s.now {
		s.now = end
	}
}
