package des

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestSimRunUntil(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		end       Time
		want      []string // values handled, in order
		wantNow   Time
		wantLeft  int
		wantCount uint64
	}{
		{
			name:      "before first",
			reason:    "nothing is due, but the clock still moves to the horizon",
			end:       4,
			want:      nil,
			wantNow:   4,
			wantLeft:  3,
			wantCount: 0,
		},
		{
			name:      "inclusive horizon",
			reason:    "events at exactly end are taken, with the ones they schedule at end; b, late, far wait",
			end:       5,
			want:      []string{"a@5", "spawn@5", "child@5"},
			wantNow:   5,
			wantLeft:  3,
			wantCount: 3,
		},
		{
			name:      "spawned later",
			reason:    "an event scheduled by a handler for after an existing one runs after it",
			end:       10,
			want:      []string{"a@5", "spawn@5", "child@5", "b@8", "late@9"},
			wantNow:   10,
			wantLeft:  1,
			wantCount: 5,
		},
		{
			name:      "past horizon stays",
			reason:    "an event scheduled beyond end is left pending",
			end:       100,
			want:      []string{"a@5", "spawn@5", "child@5", "b@8", "late@9"},
			wantNow:   100,
			wantLeft:  1,
			wantCount: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s Sim[string]
			s.Schedule(5, 0, "a")
			s.Schedule(5, 1, "spawn")
			s.Schedule(8, 0, "b")
			var got []string
			s.RunUntil(tt.end, func(e Event[string]) {
				if e.At != s.Now() {
					t.Errorf("%s handled at Now %d, want its At %d", e.Value, s.Now(), e.At)
				}
				got = append(got, fmt.Sprintf("%s@%d", e.Value, e.At))
				if e.Value == "spawn" {
					s.Schedule(s.Now(), 1, "child") // same time and phase: after spawn
					s.Schedule(9, 0, "late")
					s.Schedule(1000, 0, "far")
				}
			})
			if !slices.Equal(got, tt.want) {
				t.Errorf("handled %q, want %q (%s)", got, tt.want, tt.reason)
			}
			if s.Now() != tt.wantNow || s.Processed() != tt.wantCount {
				t.Errorf("Now, Processed = %d, %d; want %d, %d (%s)", s.Now(), s.Processed(), tt.wantNow, tt.wantCount, tt.reason)
			}
			if s.Pending() != tt.wantLeft {
				t.Errorf("Pending = %d, want %d (%s)", s.Pending(), tt.wantLeft, tt.reason)
			}
		})
	}
}

func TestSimRunUntilClockNeverGoesBack(t *testing.T) {
	var s Sim[int]
	s.RunUntil(10, func(Event[int]) {})
	s.RunUntil(3, func(Event[int]) { t.Error("handled an event with nothing scheduled") })
	if s.Now() != 10 {
		t.Errorf("Now after RunUntil(3) = %d, want 10: the clock must not go back", s.Now())
	}
}

func TestSimStep(t *testing.T) {
	var s Sim[string]
	if _, ok := s.Step(); ok || s.Now() != 0 || s.Processed() != 0 {
		t.Fatalf("Step on empty Sim: ok=%v Now=%d Processed=%d; want false, 0, 0", ok, s.Now(), s.Processed())
	}
	s.Schedule(7, 2, "x")
	s.Schedule(7, 1, "y")
	e, ok := s.Step()
	if !ok || e.Value != "y" || s.Now() != 7 || s.Processed() != 1 {
		t.Fatalf("Step = %+v, %v with Now=%d Processed=%d; want y at 7, count 1", e, ok, s.Now(), s.Processed())
	}
	s.Schedule(7, 0, "z") // at Now is allowed even in a lower phase
	if e, _ := s.Step(); e.Value != "z" {
		t.Errorf("Step = %q, want z: it was scheduled at Now in a lower phase than x", e.Value)
	}
}

func TestSimSchedulePastPanics(t *testing.T) {
	var s Sim[int]
	s.Schedule(5, 0, 0)
	s.Step()
	defer func() {
		r := recover()
		s, _ := r.(string)
		if !strings.Contains(s, "time 4, before Now 5") {
			t.Errorf("recovered %v, want a panic naming time 4 and Now 5", r)
		}
	}()
	s.Schedule(4, 0, 0)
}
