package study

import "math"

// Triangular is the triangular distribution on [Low, High] with its peak at
// Mode: the distribution an ensemble samples a ranged number from, with the
// scenario's value as the mode. It needs only the three numbers a scenario
// gives, puts the most weight near the stated value and none outside the
// range, and, unlike a uniform, treats the value as the best estimate. A
// mode at an end of the range gives a ramp; Low == High is a point mass.
type Triangular struct{ Low, Mode, High float64 }

// Quantile returns the u-quantile, 0 <= u <= 1 (the inverse of CDF).
func (t Triangular) Quantile(u float64) float64 {
	a, c, b := t.Low, t.Mode, t.High
	if b <= a {
		return a
	}
	if u < (c-a)/(b-a) {
		return a + math.Sqrt(u*(b-a)*(c-a))
	}
	return b - math.Sqrt((1-u)*(b-a)*(b-c))
}

// CDF returns P(X <= x).
func (t Triangular) CDF(x float64) float64 {
	a, c, b := t.Low, t.Mode, t.High
	switch {
	case x < a:
		return 0
	case x >= b:
		return 1
	case x <= c:
		return (x - a) * (x - a) / ((b - a) * (c - a))
	default:
		return 1 - (b-x)*(b-x)/((b-a)*(b-c))
	}
}

// Mean returns (Low + Mode + High) / 3.
func (t Triangular) Mean() float64 { return (t.Low + t.Mode + t.High) / 3 }
