package scenarios

import "fmt"

// Limits on the work one run of a scenario may take, so that a mistaken or
// hostile file fails with a clear error instead of exhausting memory or
// running for hours. The buyers' choice tables hold one entry per cohort
// and provider, and every month touches each entry a few times (about 70 ns
// each), so a run at MaxCohortMonths takes some 20 seconds. Lists and maps
// have their own limits in the schema's max tags (for example 200 chips,
// 10,000 events); the horizon is at most MaxHorizonDays; Limits bound a
// file's size, nesting and aliases.
const (
	MaxCohorts      = 20_000      // buyer cohorts across all segments
	MaxCohortPairs  = 1_000_000   // cohorts × providers
	MaxCohortMonths = 250_000_000 // cohorts × providers × simulated months
)

// size checks the scenario against the cohort limits. A problem is
// reported at the segment whose cohorts cross the limit, or at the end
// date for the length of the run.
func (b *builder) size() {
	np := max(1, len(b.provIDs))
	total := 0
	for _, id := range b.segIDs {
		bs := &b.s.Segments[id].Buyers
		before := total
		total += bs.Cohorts
		switch {
		case before <= MaxCohorts && total > MaxCohorts:
			b.errorf(bs.At, "segment %s takes the buyer cohorts of all segments to %d; the limit is %d", id, b.cohorts(), MaxCohorts)
		case before*np <= MaxCohortPairs && total*np > MaxCohortPairs:
			b.errorf(bs.At, "segment %s takes the cohort × provider pairs to %d (%d cohorts × %d providers); the limit is %s",
				id, b.cohorts()*np, b.cohorts(), np, count(MaxCohortPairs))
		}
	}
	months := float64(b.cfg.Days) / 30.4375
	if work := float64(total*np) * months; total <= MaxCohorts && total*np <= MaxCohortPairs && b.cfg.Days <= MaxHorizonDays && work > MaxCohortMonths {
		b.errorf(b.s.End.Pos, "%d cohorts × %d providers × %.0f months is %s cohort-months to simulate; the limit is %s: use fewer cohorts or providers, or an earlier end",
			total, np, months, count(work), count(MaxCohortMonths))
	}
}

// cohorts is the number of buyer cohorts across segments.
func (b *builder) cohorts() int {
	n := 0
	for _, s := range b.s.Segments {
		n += s.Buyers.Cohorts
	}
	return n
}

// count formats a large count readably: 250M, 1.2B.
func count(x float64) string {
	switch {
	case x >= 1e9:
		return fmt.Sprintf("%.3gB", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%.3gM", x/1e6)
	}
	return fmt.Sprintf("%.0f", x)
}
