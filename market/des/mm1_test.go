package des_test

import (
	"math"
	"math/rand/v2"

	"github.com/seed-e89a7ce8/aicloudsim/market/des"
)

// An M/M/1 queue written on the kernel: Poisson arrivals at rate λ, one
// server with exponential service at rate μ, first come first served. Time is
// continuous in the model and stored in ticks of 1e-6 time units; rounding
// each draw to the nearest tick changes the means by far less than the test
// tolerances.

const ticksPerUnit = 1e6

// kind is the M/M/1 event payload.
type kind int32

const (
	arrival kind = iota
	departure
)

// Departures run before arrivals at the same tick. With separate random
// streams for arrivals and service the statistics do not depend on this
// choice, which is what lets the hand-rolled heap (no phases) agree exactly.
const (
	departPhase des.Phase = 0
	arrivePhase des.Phase = 1
)

// mm1 is the model state. It decides what to schedule and returns it; the
// driver (des.Sim, or the hand-rolled heap) applies the decisions.
type mm1 struct {
	lambda, mu  float64    // arrival and service rates, per time unit
	inter, serv *rand.Rand // one stream per purpose
	n, warm     int        // customers admitted; the first warm are not measured

	fifo      []des.Time // arrival times of customers in the system, oldest at head
	head      int
	arrived   int
	departed  int
	measuring bool
	start     des.Time // arrival of customer warm: opens the time-average window
	last      des.Time // time of the last change in the number in system

	sojourn  int64 // Σ time in system of measured customers, in ticks
	measured int
	area     int64 // ∫ number in system dt over [start, last], in customer·ticks
}

// newMM1 returns a model of n customers of which the first warm are a
// warm-up, with arrival and service streams derived from seed.
func newMM1(lambda, mu float64, n, warm int, seed uint64) *mm1 {
	return &mm1{
		lambda: lambda, mu: mu, n: n, warm: warm,
		inter: rand.New(rand.NewPCG(seed, 1)),
		serv:  rand.New(rand.NewPCG(seed, 2)),
	}
}

// draw returns an exponential interval with the given rate, in ticks.
func draw(r *rand.Rand, rate float64) des.Time {
	return des.Time(math.Round(r.ExpFloat64() / rate * ticksPerUnit))
}

// inSystem is the number of customers queued or in service.
func (m *mm1) inSystem() int { return len(m.fifo) - m.head }

// advance accrues the area under the number-in-system curve up to now.
func (m *mm1) advance(now des.Time) {
	if m.measuring {
		m.area += int64(m.inSystem()) * int64(now-m.last)
	}
	m.last = now
}

// arrive admits a customer at now. It returns the next arrival, if any, and
// this customer's departure if it found the server idle.
func (m *mm1) arrive(now des.Time) (next des.Time, more bool, dep des.Time, serve bool) {
	m.advance(now)
	if m.arrived == m.warm {
		m.measuring, m.start = true, now
	}
	m.arrived++
	m.fifo = append(m.fifo, now)
	if m.inSystem() == 1 {
		dep, serve = now+draw(m.serv, m.mu), true
	}
	if m.arrived < m.n {
		next, more = now+draw(m.inter, m.lambda), true
	}
	return next, more, dep, serve
}

// depart ends the service of the oldest customer at now and returns the next
// customer's departure, if one is waiting.
func (m *mm1) depart(now des.Time) (dep des.Time, serve bool) {
	m.advance(now)
	if m.departed >= m.warm {
		m.sojourn += int64(now - m.fifo[m.head])
		m.measured++
	}
	m.departed++
	m.head++
	if m.head == len(m.fifo) { // empty: reuse the slice from the start
		m.fifo, m.head = m.fifo[:0], 0
		return 0, false
	}
	return now + draw(m.serv, m.mu), true
}

// meanSojourn is the mean time in system W of the measured customers, in time
// units.
func (m *mm1) meanSojourn() float64 {
	return float64(m.sojourn) / float64(m.measured) / ticksPerUnit
}

// meanInSystem is the time-average number in system L from the arrival of
// the first measured customer to the last departure.
func (m *mm1) meanInSystem() float64 {
	return float64(m.area) / float64(m.last-m.start)
}

// runSim runs the model to completion on des.Sim and returns the number of
// events processed.
func runSim(m *mm1) uint64 {
	var s des.Sim[kind]
	s.Schedule(0, arrivePhase, arrival)
	s.RunUntil(math.MaxInt64, func(e des.Event[kind]) {
		switch e.Value {
		case arrival:
			next, more, dep, serve := m.arrive(e.At)
			if serve {
				s.Schedule(dep, departPhase, departure)
			}
			if more {
				s.Schedule(next, arrivePhase, arrival)
			}
		case departure:
			if dep, serve := m.depart(e.At); serve {
				s.Schedule(dep, departPhase, departure)
			}
		}
	})
	return s.Processed()
}
