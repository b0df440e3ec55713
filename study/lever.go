package study

import (
	"path"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// leverPatterns are the paths of the numbers an analyst moves first:
// providers' starting prices and capex plans, and the US fees on chips
// sold to China, at the start and in later policy events. A "*" matches
// one path segment.
var leverPatterns = []string{
	"providers.*.segments.*.price",
	"providers.*.capex.*",
	"chips.*.policy.fee",
	"events.*.policy.fee",
}

// Levers returns the main levers of s, sorted by path: every number
// matching a lever pattern that the scenario gives. Each is a Param; a
// number without a range of its own gets one, from half to twice its
// value (a fraction: from 0 to 100%), so that a slider can move it.
// Numbers that carry a range are left out: they are in Params.
func Levers(s *scenarios.Scenario) []Param {
	var out []Param
	for _, a := range s.Assumptions() {
		if !isLever(a.Path) {
			continue
		}
		n, unit, err := numAt(s, a.Path)
		if err != nil || !n.Present() || n.Ranged {
			continue
		}
		p := Param{Path: a.Path, Unit: unit, Value: n.Value, Low: n.Value / 2, High: 2 * n.Value, Source: n.Source, At: n.Pos.String()}
		if unit == "fraction" {
			p.Low, p.High = 0, 1
		}
		if p.Low > p.High {
			p.Low, p.High = p.High, p.Low
		}
		out = append(out, p)
	}
	return out
}

// isLever reports whether a dotted path matches a lever pattern.
func isLever(p string) bool {
	for _, pat := range leverPatterns {
		if strings.Count(pat, ".") != strings.Count(p, ".") {
			continue
		}
		if ok, _ := path.Match(strings.ReplaceAll(pat, ".", "/"), strings.ReplaceAll(p, ".", "/")); ok {
			return true
		}
	}
	return false
}

// SetValue writes v as the value of a --set argument, in the canonical
// unit so that it reads back exactly: 0.7 TB/s is "700GB/s".
func (p Param) SetValue(v float64) string { return exact(p.Unit, v) }
