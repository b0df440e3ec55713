package des

import (
	"fmt"
	"slices"
)

// Phase and sequence number share one uint64 sort key: the phase in the top
// 8 bits, the insertion counter in the low 56. Comparing (At, key) as two
// integers then orders by (Time, Phase, Seq).
const (
	seqBits = 56
	seqMask = 1<<seqBits - 1
)

// item is one heap slot. It is stored by value so the heap is a single
// contiguous slice with no per-event allocation.
type item[T any] struct {
	at  Time
	key uint64 // Phase<<seqBits | Seq
	v   T
}

// before reports whether a sorts strictly before b.
func (a *item[T]) before(b *item[T]) bool {
	return a.at < b.at || a.at == b.at && a.key < b.key
}

// Queue is a priority queue of events ordered by (Time, Phase, Seq), where
// Seq counts Pushes on this queue, so events that tie on Time and Phase come
// out in the order they went in. It is a 4-ary min-heap stored inline in a
// slice: Push and Pop are O(log n) and do not allocate once the slice has
// grown to the largest number of pending events.
//
// The zero Queue is empty and ready to use. A Queue must not be copied after
// first use or used from several goroutines at once.
type Queue[T any] struct {
	h   []item[T]
	seq uint64
}

// Len returns the number of pending events. O(1).
func (q *Queue[T]) Len() int { return len(q.h) }

// Grow makes room for n more pending events without reallocating. O(Len()+n)
// when it has to reallocate, O(1) otherwise.
func (q *Queue[T]) Grow(n int) { q.h = slices.Grow(q.h, n) }

// Reset discards every pending event and restarts the Seq counter at zero,
// keeping the allocated capacity. O(Len()), to release the discarded values.
func (q *Queue[T]) Reset() {
	clear(q.h)
	q.h = q.h[:0]
	q.seq = 0
}

// Push adds v to happen at Time at in Phase ph. Its Seq is the number of
// Pushes since the queue was made or Reset. O(log n); allocates only when the
// slice has to grow. It panics after 2^56 Pushes without a Reset.
func (q *Queue[T]) Push(at Time, ph Phase, v T) {
	if q.seq > seqMask {
		panic(fmt.Sprintf("des: Queue sequence counter overflow after %d pushes; call Reset", q.seq))
	}
	x := item[T]{at: at, key: uint64(ph)<<seqBits | q.seq, v: v}
	q.seq++
	h := append(q.h, x)
	// Sift up: move parents down into the hole until x fits.
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !x.before(&h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = x
	q.h = h
}

// Peek returns the next event without removing it, and false if the queue is
// empty. O(1).
func (q *Queue[T]) Peek() (Event[T], bool) {
	if len(q.h) == 0 {
		return Event[T]{}, false
	}
	return q.h[0].event(), true
}

// Pop removes and returns the next event, and false if the queue is empty.
// O(log n), at most 4 comparisons per level of a tree of depth log4(n).
func (q *Queue[T]) Pop() (Event[T], bool) {
	n := len(q.h) - 1
	if n < 0 {
		return Event[T]{}, false
	}
	top := q.h[0].event()
	last := q.h[n]
	q.h[n] = item[T]{} // do not keep the popped value reachable
	q.h = q.h[:n]
	if n > 0 {
		siftDown(q.h, &last)
	}
	return top, true
}

// siftDown places x, which replaces the root of the non-empty heap h, by
// moving the least child up into the hole until x fits. It is the hot loop of
// Pop: the 4-child case is unrolled and works on a 4-element array so that
// the compiler drops the bounds checks.
func siftDown[T any](h []item[T], x *item[T]) {
	n := len(h)
	i := 0
	for {
		c := 4*i + 1
		if c+4 <= n {
			kids := (*[4]item[T])(h[c : c+4])
			m := 0
			if kids[1].before(&kids[m]) {
				m = 1
			}
			if kids[2].before(&kids[m]) {
				m = 2
			}
			if kids[3].before(&kids[m]) {
				m = 3
			}
			if !kids[m].before(x) {
				break
			}
			h[i] = kids[m]
			i = c + m
			continue
		}
		if c >= n {
			break
		}
		// Last, partly filled family: 1 to 3 children.
		m := c
		for j := c + 1; j < n; j++ {
			if h[j].before(&h[m]) {
				m = j
			}
		}
		if h[m].before(x) {
			h[i] = h[m]
			i = m
		}
		break
	}
	h[i] = *x
}

// event converts a heap slot to the public form.
func (it *item[T]) event() Event[T] {
	return Event[T]{At: it.at, Phase: Phase(it.key >> seqBits), Seq: it.key & seqMask, Value: it.v}
}
