package reports

import (
	"math"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func TestFitPeriod(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time
		want     string
		reason   string
	}{
		{day(2025, 1, 1), day(2025, 6, 30), "2025-01 to 2025-06", "whole months read as months"},
		{day(2025, 2, 1), day(2025, 2, 28), "2025-02", "one whole month"},
		{day(2024, 2, 1), day(2024, 2, 29), "2024-02", "a leap February is whole"},
		{day(2025, 1, 15), day(2025, 6, 30), "2025-01-15 to 2025-06-30", "a mid-month start needs dates"},
		{day(2025, 1, 1), day(2025, 6, 29), "2025-01-01 to 2025-06-29", "a mid-month end needs dates"},
	} {
		if got := fitPeriod(tc.from, tc.to); got != tc.want {
			t.Errorf("fitPeriod(%s, %s) = %q, want %q: %s", tc.from.Format(time.DateOnly), tc.to.Format(time.DateOnly), got, tc.want, tc.reason)
		}
	}
}

func TestFitError(t *testing.T) {
	for _, tc := range []struct {
		kind market.TargetKind
		v    float64
		want string
	}{
		{market.TargetRevenueShare, -0.0896, "-9.0 pp"},
		{market.TargetVolumeShare, 0.375, "+37.5 pp"},
		{market.TargetSpend, 3e9, "+$3.00B"},
		{market.TargetRevenue, -4.15e9, "-$4.15B"},
		{market.TargetVolume, 37500, "+3.75e+04"},
		{market.TargetRevenue, math.NaN(), "n/a"},
	} {
		if got := fitError(tc.kind, tc.v); got != tc.want {
			t.Errorf("fitError(%s, %v) = %q, want %q", tc.kind, tc.v, got, tc.want)
		}
	}
}
