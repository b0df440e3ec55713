package des_test

import (
	"fmt"

	"github.com/seed-e89a7ce8/aicloudsim/market/des"
)

// A Queue orders by time, then phase, then insertion order.
func ExampleQueue() {
	var q des.Queue[string]
	q.Push(2, 0, "day 2")
	q.Push(1, 1, "day 1, settle")
	q.Push(1, 0, "day 1, first order")
	q.Push(1, 0, "day 1, second order")
	for q.Len() > 0 {
		e, _ := q.Pop()
		fmt.Println(e.At, e.Phase, e.Value)
	}
	// Output:
	// 1 0 day 1, first order
	// 1 0 day 1, second order
	// 1 1 day 1, settle
	// 2 0 day 2
}

// A Sim runs a handler on each event in order; the handler schedules more.
// Here a machine fails every 3 days and is repaired the next day, and a
// daily report, in a later phase, sees each day's changes.
func ExampleSim() {
	const (
		work des.Phase = iota
		report
	)
	type event struct{ what string }
	var s des.Sim[event]
	s.Schedule(3, work, event{"fail"})
	for day := des.Time(1); day <= 7; day++ {
		s.Schedule(day, report, event{"report"})
	}
	up := true
	s.RunUntil(7, func(e des.Event[event]) {
		switch e.Value.what {
		case "fail":
			up = false
			s.Schedule(s.Now()+1, work, event{"repair"})
		case "repair":
			up = true
			s.Schedule(s.Now()+3, work, event{"fail"})
		case "report":
			fmt.Printf("day %d: up=%v\n", s.Now(), up)
		}
	})
	fmt.Println("processed", s.Processed(), "pending", s.Pending())
	// Output:
	// day 1: up=true
	// day 2: up=true
	// day 3: up=false
	// day 4: up=true
	// day 5: up=true
	// day 6: up=true
	// day 7: up=false
	// processed 10 pending 1
}
