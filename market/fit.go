package market

import (
	"fmt"
	"math"
)

// TargetKind says how a [Target] is measured from a run's records.
type TargetKind string

// Target kinds. Shares are ratios of sums over the period (a half-year's
// revenue share is the company's revenue over the half-year divided by
// everyone's), not averages of monthly shares.
const (
	// TargetRevenueShare is Company's revenue over all companies' revenue in
	// Segment (or in all paid segments when Segment is empty).
	TargetRevenueShare TargetKind = "revenue_share"
	// TargetVolumeShare is Company's served volume over all served volume in Segment.
	TargetVolumeShare TargetKind = "volume_share"
	// TargetVolume is the volume Company (or the whole market when Company
	// is empty) served in Segment over the period, in the segment's unit.
	TargetVolume TargetKind = "volume"
	// TargetRevenue is Company's revenue over the period, USD; a supplier's
	// chip sales count as its revenue.
	TargetRevenue TargetKind = "revenue"
	// TargetSpend is what buyers spent in Segment (all paid segments when
	// empty) over the period, USD.
	TargetSpend TargetKind = "spend"
)

// Target is a dated figure from a source that a run should reproduce.
type Target struct {
	Name             string
	Kind             TargetKind
	Company, Segment string
	From, To         Day // settlement months whose first day falls in [From, To] count
	Value            float64
	Source           string
}

// FitRow compares a target with what a run produced.
type FitRow struct {
	Target    Target
	Simulated float64
	Months    int     // settlements in the period
	Error     float64 // Simulated − Value, in the target's unit
	RelError  float64 // Error / |Value| (NaN when Value is 0)
}

// Fit measures every target on r. A target whose period holds no
// settlement has Months 0 and NaN values.
func Fit(r *Result, targets []Target) []FitRow {
	rows := make([]FitRow, 0, len(targets))
	for _, t := range targets {
		sim, n := measure(r, t)
		row := FitRow{Target: t, Simulated: sim, Months: n, Error: sim - t.Value, RelError: math.NaN()}
		if n == 0 {
			row.Simulated, row.Error = math.NaN(), math.NaN()
		}
		if t.Value != 0 {
			row.RelError = row.Error / math.Abs(t.Value)
		}
		rows = append(rows, row)
	}
	return rows
}

// measure sums the target's records over its period.
func measure(r *Result, t Target) (float64, int) {
	months := 0
	for _, d := range r.Months {
		if d >= t.From && d <= t.To {
			months++
		}
	}
	var num, den float64
	for _, rec := range r.Records {
		if rec.Day < t.From || rec.Day > t.To {
			continue
		}
		switch t.Kind {
		case TargetRevenueShare:
			if rec.Metric != MetricRevenue || rec.Segment != t.Segment || rec.Company == Market || isSupplier(r, rec.Company) {
				continue
			}
			den += rec.Value
			if rec.Company == t.Company {
				num += rec.Value
			}
		case TargetVolumeShare:
			if rec.Metric != MetricVolume || rec.Segment != t.Segment || rec.Company == Market {
				continue
			}
			den += rec.Value
			if rec.Company == t.Company {
				num += rec.Value
			}
		case TargetVolume:
			company := t.Company
			if company == "" {
				company = Market
			}
			if rec.Metric == MetricVolume && rec.Segment == t.Segment && rec.Company == company {
				num += rec.Value
			}
		case TargetRevenue:
			if rec.Metric == MetricRevenue && rec.Segment == "" && rec.Company == t.Company {
				num += rec.Value
			}
		case TargetSpend:
			if rec.Metric == MetricSpend && rec.Company == Market && (t.Segment == "" || rec.Segment == t.Segment) {
				num += rec.Value
			}
		}
	}
	switch t.Kind {
	case TargetRevenueShare, TargetVolumeShare:
		if den == 0 {
			return math.NaN(), months
		}
		return num / den, months
	}
	return num, months
}

func isSupplier(r *Result, id string) bool {
	for _, c := range r.Companies {
		if c.ID == id {
			return c.Supplier
		}
	}
	return false
}

// ValidKind reports whether k is a known target kind.
func ValidKind(k TargetKind) error {
	switch k {
	case TargetRevenueShare, TargetVolumeShare, TargetVolume, TargetRevenue, TargetSpend:
		return nil
	}
	return fmt.Errorf("unknown target kind %q", k)
}

// Format writes v in the unit of targets of kind k: a percentage for
// shares, compact dollars for revenue and spend, a plain number for volumes.
func (k TargetKind) Format(v float64) string {
	switch {
	case math.IsNaN(v):
		return "n/a"
	case k == TargetRevenueShare || k == TargetVolumeShare:
		return fmt.Sprintf("%.1f%%", 100*v)
	case k == TargetRevenue || k == TargetSpend:
		return "$" + money(v)
	}
	return fmt.Sprintf("%.4g", v)
}
