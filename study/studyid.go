package study

// The IDs of the studies a TaskLog saves: what decides their runs, so
// that --resume continues only the same study.

// ID is the StudyID of the sweep: its scenario, seed, seeds per point,
// axes and outcomes.
func (s *SweepStudy) ID() string {
	var axes []any
	for _, a := range s.Axes {
		axes = append(axes, a.Paths, a.Values)
	}
	return StudyID("sweep", s.Hash, s.Seed, s.Runs, axes, measureIDs(s.Measures))
}

// ID is the StudyID of the sensitivity study: its scenario, seed,
// configuration and outcomes.
func (s *SensitivityStudy) ID() string {
	return StudyID("sensitivity", s.Hash, s.Seed, s.Config, measureIDs(s.Measures))
}

// ID is the StudyID of the comparison: its scenarios, seed, configuration
// and outcomes.
func (c *Comparison) ID() string {
	var hashes []string
	for _, s := range c.Scenarios {
		hashes = append(hashes, s.Opened.Hash)
	}
	return StudyID("compare", hashes, c.Seed, c.Config, measureIDs(c.Outcomes), c.Attributed)
}

// measureIDs returns the IDs of ms.
func measureIDs(ms []Measure) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	return out
}
