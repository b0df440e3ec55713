package scenarios

import (
	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// TargetSpec is a dated figure from a source that the scenario should
// reproduce; `aicloudsim explain calibration` compares it with a run.
// Value is read in the unit of its kind: a share ("35.8%"), USD ("$4.6B")
// or a volume in the segment's unit ("536.7e6").
type TargetSpec struct {
	At      Pos    `yaml:"-"`
	Name    string `yaml:"name,required"`
	Kind    Str    `yaml:"kind,required"`
	Company Str    `yaml:"company"`
	Segment Str    `yaml:"segment"`
	From    Date   `yaml:"from,required"`
	To      Date   `yaml:"to,required"`
	Value   Str    `yaml:"value,required"`
	Source  string `yaml:"source,required"`
}

// targetUnits maps a target kind to the unit its value is written in.
var targetUnits = map[market.TargetKind]string{
	market.TargetRevenueShare: "fraction",
	market.TargetVolumeShare:  "fraction",
	market.TargetVolume:       "count",
	market.TargetRevenue:      "usd",
	market.TargetSpend:        "usd",
}

// CalibrationTargets returns the scenario's targets for market.Fit.
func (s *Scenario) CalibrationTargets() ([]market.Target, error) {
	b := &builder{s: s, file: s.Start.Pos.File, cfg: &market.Config{}}
	b.index()
	out := b.targets()
	b.errs.Sort()
	return out, b.errs.Err()
}

func (b *builder) targets() []market.Target {
	var out []market.Target
	for i := range b.s.Targets {
		t := &b.s.Targets[i]
		kind := market.TargetKind(t.Kind.Value)
		if err := market.ValidKind(kind); err != nil {
			b.errorf(t.Kind.Pos, "target kind must be one of revenue_share, volume_share, volume, revenue, spend, not %q", t.Kind.Value)
			continue
		}
		v, err := ParseQuantity(targetUnits[kind], t.Value.Value)
		if err != nil {
			b.errorf(t.Value.Pos, "target value: %v", err)
			continue
		}
		mt := market.Target{Name: t.Name, Kind: kind, Value: v, Source: t.Source,
			From: b.day(t.From), To: b.day(t.To)}
		if t.To.Day.Before(t.From.Day) {
			b.errorf(t.To.Pos, "target period ends (%s) before it starts (%s)", t.To, t.From)
		}
		if t.Company.Present() {
			mt.Company = t.Company.Value
			if _, ok := b.provIdx[mt.Company]; !ok {
				if _, sup := b.s.Suppliers[mt.Company]; !sup {
					b.errorf(t.Company.Pos, "unknown company %q%s", mt.Company, DidYouMean(mt.Company, b.provIDs))
				}
			}
		}
		if t.Segment.Present() {
			mt.Segment = t.Segment.Value
			b.ref(t.Segment, "segment", b.segIdx, b.segIDs)
		}
		need := func(ok bool, what string) {
			if !ok {
				b.errorf(t.At, "a %s target needs %s", kind, what)
			}
		}
		switch kind {
		case market.TargetRevenueShare, market.TargetRevenue:
			need(t.Company.Present(), "a company")
		case market.TargetVolumeShare:
			need(t.Company.Present() && t.Segment.Present(), "a company and a segment")
		case market.TargetVolume:
			need(t.Segment.Present(), "a segment")
		}
		out = append(out, mt)
	}
	return out
}
