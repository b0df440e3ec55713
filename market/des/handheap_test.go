package des_test

import "github.com/seed-e89a7ce8/aicloudsim/market/des"

// handHeap is the baseline the kernel is benchmarked against: the smallest
// non-generic 4-ary min-heap of plain structs ordered by (time, seq), with no
// phases and no payload but an int32 kind.
type handHeap struct {
	h   []handEvent
	seq uint64
}

type handEvent struct {
	t    int64
	seq  uint64
	kind int32
}

func (a handEvent) less(b handEvent) bool {
	return a.t < b.t || a.t == b.t && a.seq < b.seq
}

func (q *handHeap) push(t int64, kind int32) {
	x := handEvent{t, q.seq, kind}
	q.seq++
	q.h = append(q.h, x)
	i := len(q.h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !x.less(q.h[p]) {
			break
		}
		q.h[i] = q.h[p]
		i = p
	}
	q.h[i] = x
}

func (q *handHeap) pop() handEvent {
	h := q.h
	top := h[0]
	n := len(h) - 1
	x := h[n]
	h = h[:n]
	q.h = h
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if h[j].less(h[m]) {
				m = j
			}
		}
		if !h[m].less(x) {
			break
		}
		h[i] = h[m]
		i = m
	}
	if n > 0 {
		h[i] = x
	}
	return top
}

// runHand runs the model to completion on handHeap and returns the number of
// events processed. It mirrors runSim event for event.
func runHand(m *mm1) uint64 {
	var q handHeap
	var events uint64
	q.push(0, int32(arrival))
	for len(q.h) > 0 {
		e := q.pop()
		events++
		now := des.Time(e.t)
		switch kind(e.kind) {
		case arrival:
			next, more, dep, serve := m.arrive(now)
			if serve {
				q.push(int64(dep), int32(departure))
			}
			if more {
				q.push(int64(next), int32(arrival))
			}
		case departure:
			if dep, serve := m.depart(now); serve {
				q.push(int64(dep), int32(departure))
			}
		}
	}
	return events
}
