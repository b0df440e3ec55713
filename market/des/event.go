package des

// Time is a simulated instant, in ticks. The kernel only orders and compares
// Times; what a tick means (a day, a microsecond) is up to the caller.
type Time int64

// Phase orders events that fall at the same Time: the lower Phase runs first.
type Phase uint8

// Event is one scheduled occurrence as handed back by [Queue.Pop] and
// [Sim.Step].
type Event[T any] struct {
	At    Time   // when it happens, in ticks
	Phase Phase  // order among events at the same At, lower first
	Seq   uint64 // insertion counter of the queue it came from; breaks ties FIFO
	Value T      // the caller's payload
}
