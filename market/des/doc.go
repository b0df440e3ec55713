// Package des is the discrete-event kernel of the market simulation: a
// deterministic priority queue of timed events and a clock that drives it; it
// imports nothing from the project.
//
// Events are ordered by (Time, Phase, Seq): earlier Time first, then lower
// Phase, then insertion order, so two runs that schedule the same events in
// the same order process them in the same order. Time is an int64 count of
// ticks whose unit the kernel does not know (the market uses days); Phase
// lets a caller say which of several things happening at one instant comes
// first, e.g. orders before settlement.
//
// [Queue] is a generic 4-ary min-heap stored inline in a slice: Push and Pop
// cost O(log n) comparisons of two integers, make no call through an
// interface and, once the slice has grown, allocate nothing. [Sim] adds a
// clock: [Sim.Step] pops the next event and moves the clock to it, and
// [Sim.RunUntil] hands every event up to a horizon to a handler, which may
// schedule more. Nothing here starts a goroutine or reads a clock, an RNG or
// the environment.
package des
