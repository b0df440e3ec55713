package des

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

type push struct {
	at Time
	ph Phase
	v  string
}

// drain pops q empty and returns the values in the order they came out,
// checking on the way that Peek agrees with Pop and that Len counts down.
func drain(t *testing.T, q *Queue[string]) []string {
	t.Helper()
	var got []string
	for q.Len() > 0 {
		n := q.Len()
		p, okp := q.Peek()
		e, ok := q.Pop()
		if !ok || !okp || p != e {
			t.Fatalf("Peek = %+v, %v; Pop = %+v, %v", p, okp, e, ok)
		}
		if q.Len() != n-1 {
			t.Fatalf("Len after Pop = %d, want %d", q.Len(), n-1)
		}
		got = append(got, e.Value)
	}
	return got
}

func TestQueueOrder(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		pushes []push
		want   []string
	}{
		{
			name:   "empty",
			reason: "a queue with nothing pushed yields nothing",
		},
		{
			name:   "time",
			reason: "earlier Time comes out first whatever the push order",
			pushes: []push{{30, 0, "c"}, {10, 0, "a"}, {20, 0, "b"}},
			want:   []string{"a", "b", "c"},
		},
		{
			name:   "time beats phase",
			reason: "a lower phase does not jump ahead of an earlier time",
			pushes: []push{{2, 0, "late-low"}, {1, 9, "early-high"}},
			want:   []string{"early-high", "late-low"},
		},
		{
			name:   "phase",
			reason: "at one Time the lower phase runs first",
			pushes: []push{{5, 2, "settle"}, {5, 0, "order"}, {5, 1, "match"}},
			want:   []string{"order", "match", "settle"},
		},
		{
			name:   "fifo",
			reason: "ties on Time and Phase come out in insertion order",
			pushes: []push{{7, 1, "first"}, {7, 1, "second"}, {7, 1, "third"}, {7, 1, "fourth"}, {7, 1, "fifth"}},
			want:   []string{"first", "second", "third", "fourth", "fifth"},
		},
		{
			name:   "phase then fifo",
			reason: "insertion order breaks ties only within one phase",
			pushes: []push{{1, 1, "b1"}, {1, 0, "a1"}, {1, 1, "b2"}, {1, 0, "a2"}},
			want:   []string{"a1", "a2", "b1", "b2"},
		},
		{
			name:   "negative and extreme times",
			reason: "Time is signed; the extremes of int64 still order correctly",
			pushes: []push{{1 << 62, 0, "max"}, {-5, 0, "neg"}, {-1 << 62, 0, "min"}, {0, 0, "zero"}},
			want:   []string{"min", "neg", "zero", "max"},
		},
		{
			name:   "max phase",
			reason: "phase 255 must not spill into the sequence bits",
			pushes: []push{{3, 255, "p255"}, {3, 254, "p254"}, {3, 255, "p255b"}, {4, 0, "next"}},
			want:   []string{"p254", "p255", "p255b", "next"},
		},
		{
			name:   "descending",
			reason: "every push sifts to the root, exercising all heap levels",
			pushes: []push{{9, 0, "9"}, {8, 0, "8"}, {7, 0, "7"}, {6, 0, "6"}, {5, 0, "5"}, {4, 0, "4"}, {3, 0, "3"}, {2, 0, "2"}, {1, 0, "1"}},
			want:   []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q Queue[string]
			for _, p := range tt.pushes {
				q.Push(p.at, p.ph, p.v)
			}
			if got := drain(t, &q); !slices.Equal(got, tt.want) {
				t.Errorf("order = %q, want %q (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

// TestQueueRandom checks the heap against sort.SliceStable, which orders by
// (Time, Phase) and keeps insertion order among ties by definition. Times and
// phases are drawn from small ranges so that ties are common, and pushes and
// pops alternate in random batches so that the heap is checked while it
// changes shape.
func TestQueueRandom(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		n      int
		times  int // Times drawn from [0, times)
		phases int // Phases drawn from [0, phases)
	}{
		{"all ties", "only insertion order decides", 500, 1, 1},
		{"phase ties", "phase and insertion order decide", 2000, 1, 4},
		{"dense", "many ties on time and phase", 20000, 50, 3},
		{"sparse", "few ties: mostly time decides", 20000, 1 << 30, 256},
		{"odd sizes", "partly filled last family at every size", 4099, 10, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var q Queue[string]
			// ref holds the pending events sorted by (At, Phase, Seq): new
			// ones are appended in Seq order and SliceStable keeps that
			// order among ties.
			var ref []Event[string]
			var seq uint64
			for seq < uint64(tt.n) {
				for range r.IntN(64) + 1 {
					e := Event[string]{At: Time(r.IntN(tt.times)), Phase: Phase(r.IntN(tt.phases)), Seq: seq}
					seq++
					q.Push(e.At, e.Phase, "")
					ref = append(ref, e)
				}
				sortRef(ref)
				for range min(r.IntN(48), len(ref)) {
					want := ref[0]
					ref = ref[1:]
					if got, _ := q.Pop(); got != want {
						t.Fatalf("after %d pushes: got %+v, want %+v (%s)", seq, got, want, tt.reason)
					}
				}
			}
			for i, want := range ref {
				if got, _ := q.Pop(); got != want {
					t.Fatalf("drain %d: got %+v, want %+v (%s)", i, got, want, tt.reason)
				}
			}
			if e, ok := q.Pop(); ok {
				t.Fatalf("Pop on drained queue = %+v, true", e)
			}
		})
	}
}

// sortRef sorts by (At, Phase), keeping the slice order among ties: that is
// the FIFO rule under test.
func sortRef(ref []Event[string]) {
	sort.SliceStable(ref, func(i, j int) bool {
		if ref[i].At != ref[j].At {
			return ref[i].At < ref[j].At
		}
		return ref[i].Phase < ref[j].Phase
	})
}

func TestQueueEmpty(t *testing.T) {
	var q Queue[int]
	if e, ok := q.Peek(); ok || e != (Event[int]{}) {
		t.Errorf("Peek on empty = %+v, %v; want zero, false", e, ok)
	}
	if e, ok := q.Pop(); ok || e != (Event[int]{}) {
		t.Errorf("Pop on empty = %+v, %v; want zero, false", e, ok)
	}
}

func TestQueueReset(t *testing.T) {
	var q Queue[*int]
	for i := range 10 {
		q.Push(Time(i), 0, new(int))
	}
	q.Reset()
	if q.Len() != 0 {
		t.Fatalf("Len after Reset = %d, want 0", q.Len())
	}
	for _, p := range q.h[:cap(q.h)] {
		if p.v != nil {
			t.Fatal("Reset kept a pointer to a discarded value")
		}
	}
	q.Push(4, 1, nil)
	if e, _ := q.Pop(); e.Seq != 0 {
		t.Errorf("Seq after Reset = %d, want 0: Reset restarts the counter", e.Seq)
	}
}

func TestQueuePopReleasesValue(t *testing.T) {
	var q Queue[*int]
	q.Push(1, 0, new(int))
	q.Push(2, 0, new(int))
	q.Pop()
	if q.h[:2][1].v != nil {
		t.Error("Pop left the moved value in the vacated slot")
	}
}

func TestQueueNoAllocAfterGrow(t *testing.T) {
	var q Queue[int]
	q.Grow(64)
	allocs := testing.AllocsPerRun(100, func() {
		for i := range 64 {
			q.Push(Time(64-i), Phase(i%3), i)
		}
		for q.Len() > 0 {
			q.Pop()
		}
	})
	if allocs != 0 {
		t.Errorf("allocs per 64 push/pop = %v, want 0", allocs)
	}
}

func TestQueueSeqOverflowPanics(t *testing.T) {
	var q Queue[int]
	q.seq = seqMask // the last Seq that fits
	q.Push(0, 0, 0)
	defer func() {
		r := recover()
		if s, _ := r.(string); !strings.Contains(s, "overflow") {
			t.Errorf("recovered %v, want an overflow panic", r)
		}
	}()
	q.Push(0, 0, 0)
}
