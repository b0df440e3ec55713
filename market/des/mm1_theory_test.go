package des_test

import (
	"math"
	"testing"
)

// TestMM1Theory checks the kernel against queueing theory. For an M/M/1 queue
// with ρ = λ/μ = 0.9 the mean time in system is W = 1/(μ−λ) = 10 and the mean
// number in system is L = ρ/(1−ρ) = 9.
//
// Run length and tolerance. At ρ = 0.9 successive sojourn times are strongly
// correlated, so the variance of a mean of n of them is σ²/n with σ² far
// above the variance of one sojourn (100): Daley's formula for the M/M/1 wait
// in queue, ρ(2+5ρ−4ρ²+ρ³)/(μ²(1−ρ)⁴), gives 3.59e4, and 1200 replications
// of 500,000 customers on this kernel measured σ² = 3.67e4 ± 4% for the
// sojourn; we take σ²_W = 3.7e4. For the time average of the number in
// system Whitt's formula σ²_L = 2ρ(1+ρ)/(1−ρ)⁴ = 3.42e4 per unit of time
// applies (the same replications measured 3.48e4). The test
// runs R = 8 independent replications (own seeds) of 510,000 customers,
// discarding the first 10,000 as warm-up (≈ 11,000 time units, about 30
// relaxation times 1/(μ(1−√ρ)²) ≈ 380), so the pooled standard error of W
// is √(3.7e4/4e6) ≈ 0.096 and of L ≈ 0.088. Tolerances are 4 standard
// errors (a 6e-5 chance of a false failure for a correct kernel), i.e. about
// ±4%, while a kernel that misorders or mistimes events is off by far more.
// The 4.1M events take ≈ 0.2 s (≈ 4 s under -race).
//
// Little's law L = λW is also checked per replication, exactly rather than
// statistically: over the window from the first measured arrival to the last
// departure, the area under the number-in-system curve equals the measured
// sojourn times plus the leftover time of the few warm-up customers still
// present when the window opens, so it may exceed their sum only slightly.
func TestMM1Theory(t *testing.T) {
	const (
		lambda, mu = 0.9, 1.0
		rho        = lambda / mu
		reps       = 8
		warm       = 10_000
		n          = 510_000
		// Asymptotic variances of √n·W̄ (measured) and √T·L̄ (Whitt); see above.
		sigma2W = 3.7e4
		sigma2L = 2 * rho * (1 + rho) / ((1 - rho) * (1 - rho) * (1 - rho) * (1 - rho))
		wantW   = 1 / (mu - lambda)
		wantL   = rho / (1 - rho)
	)
	var sumW, sumW2, sumL, window float64
	for r := range reps {
		m := newMM1(lambda, mu, n, warm, uint64(r+1))
		runSim(m)
		if m.measured != n-warm {
			t.Fatalf("replication %d measured %d customers, want %d", r, m.measured, n-warm)
		}
		if extra := m.area - m.sojourn; extra < 0 || float64(extra) > 1e-3*float64(m.sojourn) {
			t.Errorf("replication %d: Little's law: area %d − Σ sojourn %d = %d ticks, want in [0, 0.1%%]",
				r, m.area, m.sojourn, extra)
		}
		w := m.meanSojourn()
		sumW += w
		sumW2 += w * w
		sumL += m.meanInSystem()
		window += float64(m.last-m.start) / ticksPerUnit
	}
	meanW, meanL := sumW/reps, sumL/reps
	seW := math.Sqrt(sigma2W / (reps * (n - warm)))
	seL := math.Sqrt(sigma2L / window)
	// Spread across replications: a cross-check of σ²_W, and a guard against
	// replications that are not independent.
	empSE := math.Sqrt((sumW2 - reps*meanW*meanW) / (reps - 1) / reps)
	t.Logf("W = %.3f ± %.3f (theory %.1f, empirical SE %.3f); L = %.3f ± %.3f (theory %.1f)",
		meanW, seW, wantW, empSE, meanL, seL, wantL)
	if math.Abs(meanW-wantW) > 4*seW {
		t.Errorf("mean time in system W = %.3f, want %.1f ± %.3f (4 SE)", meanW, wantW, 4*seW)
	}
	if math.Abs(meanL-wantL) > 4*seL {
		t.Errorf("mean number in system L = %.3f, want %.1f ± %.3f (4 SE)", meanL, wantL, 4*seL)
	}
	if empSE < seW/4 || empSE > 4*seW {
		t.Errorf("SE across replications = %.3f, want within 4× of %.3f", empSE, seW)
	}
}

// TestMM1HandRolledAgrees runs the same model on the kernel and on the
// hand-rolled heap used as the benchmark baseline. The two must agree to the
// tick: this checks the baseline is the same workload, and the kernel
// against an independent heap.
func TestMM1HandRolledAgrees(t *testing.T) {
	a := newMM1(0.9, 1, 100_000, 1000, 42)
	b := newMM1(0.9, 1, 100_000, 1000, 42)
	ea, eb := runSim(a), runHand(b)
	if ea != eb || a.sojourn != b.sojourn || a.area != b.area || a.last != b.last {
		t.Errorf("kernel: %d events, Σsojourn %d, area %d, end %d; hand-rolled: %d, %d, %d, %d",
			ea, a.sojourn, a.area, a.last, eb, b.sojourn, b.area, b.last)
	}
	if ea != 200_000 {
		t.Errorf("events = %d, want 200000: one arrival and one departure per customer", ea)
	}
}
