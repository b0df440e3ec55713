package scenarios

import (
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// CheckSpec is a check the scenario declares about every monthly
// settlement (see market.Check), for example
//
//	checks:
//	  - {check: price-above-marginal-cost, segment: llm-api, allowed_discount: {bytedance: 30%}}
//	  - {check: share-at-most, company: bytedance, segment: llm-api, max: 60%, severity: warn}
//
// Check names the kind; each kind takes its own keys (see checkShapes):
// severity (error, the default, fails the run; warn logs the violation and
// goes on), segment and company (default: all), tolerance, and per kind
// max, basis or allowed_discount.
type CheckSpec struct {
	At              Pos
	Check           Str
	Severity        Str
	Segment         Str
	Company         Str
	Tolerance       Num
	Max             Num
	Basis           Str
	AllowedDiscount map[string]Num
}

// checkBase holds the keys every check takes.
type checkBase struct {
	Check    Str `yaml:"check,required"`
	Severity Str `yaml:"severity"`
}

// The keys of each check kind. Field names match CheckSpec's.
type (
	sharesSumShape struct {
		checkBase
		Segment   Str `yaml:"segment"`
		Tolerance Num `yaml:"tolerance" unit:"fraction" range:"0,0.5"`
	}
	revenueShape struct {
		checkBase
		Segment   Str `yaml:"segment"`
		Company   Str `yaml:"company"`
		Tolerance Num `yaml:"tolerance" unit:"fraction" range:"0,0.5"`
		Max       Num `yaml:"max" unit:"usd" range:"1e3,1e15"` // USD a year
	}
	priceShape struct {
		checkBase
		Segment         Str            `yaml:"segment"`
		Company         Str            `yaml:"company"`
		Tolerance       Num            `yaml:"tolerance" unit:"fraction" range:"0,0.5"`
		AllowedDiscount map[string]Num `yaml:"allowed_discount" unit:"fraction" range:"0,1" max:"200"`
	}
	utilisationShape struct {
		checkBase
		Company   Str `yaml:"company"`
		Tolerance Num `yaml:"tolerance" unit:"fraction" range:"0,0.5"`
		Max       Num `yaml:"max,required" unit:"fraction" range:"0,1"`
	}
	shareShape struct {
		checkBase
		Segment   Str `yaml:"segment"`
		Company   Str `yaml:"company"`
		Tolerance Num `yaml:"tolerance" unit:"fraction" range:"0,0.5"`
		Max       Num `yaml:"max,required" unit:"fraction" range:"0,1"`
		Basis     Str `yaml:"basis"` // volume (default) or revenue
	}
)

// checkShapes maps each check kind's name to the struct its keys decode
// into.
var checkShapes = map[string]reflect.Type{
	market.CheckSharesSumToOne.String():      reflect.TypeFor[sharesSumShape](),
	market.CheckRevenueWithinMarket.String(): reflect.TypeFor[revenueShape](),
	market.CheckPriceAboveCost.String():      reflect.TypeFor[priceShape](),
	market.CheckUtilisationAtMost.String():   reflect.TypeFor[utilisationShape](),
	market.CheckShareAtMost.String():         reflect.TypeFor[shareShape](),
}

// checkDocs describes each check kind, for the JSON Schema.
var checkDocs = map[string]string{
	"shares-sum-to-one":         "In every segment with served volume (or in segment), the volume shares sum to 1 within tolerance.",
	"revenue-within-market":     "Each company's revenue in a paid segment is at most what the segment's buyers spent; with max, the paid revenue (of company, or of everyone; in segment, or in every paid segment) runs at most max USD a year.",
	"price-above-marginal-cost": "Each provider's price in a paid segment is at least its serving cost (full cost per unit at its fleet mix and full load) less allowed_discount, per company (for strategies that price below cost).",
	"utilisation-at-most":       "Each domestic provider's fleet utilisation (or company's) is at most max.",
	"share-at-most":             "A company's share (volume, or revenue with basis: revenue) in a segment is at most max; every company and segment unless named.",
}

// checkName returns the name of the check kind whose shape is t, or "".
func checkName(t reflect.Type) string {
	for name, shape := range checkShapes {
		if shape == t {
			return name
		}
	}
	return ""
}

// checkNames lists the check kinds in the market's order.
func checkNames() []string {
	var names []string
	for _, k := range market.CheckKinds() {
		names = append(names, k.String())
	}
	return names
}

// checkKeys returns the keys of a check shape, in field order.
func checkKeys(t reflect.Type) []string {
	si := &structInfo{byName: map[string]int{}}
	if err := addFields(si, t, nil); err != nil {
		panic(err) // a schema bug, caught by the tests
	}
	var keys []string
	for _, f := range si.fields {
		keys = append(keys, f.name)
	}
	return keys
}

// UnmarshalScenario decodes a check: it reads `check` to choose the kind's
// keys, reports keys that belong to other kinds, and decodes the rest.
func (c *CheckSpec) UnmarshalScenario(d *Decoder, n *yaml.Node, path string) {
	names := checkNames()
	if n.Kind != yaml.MappingNode {
		d.Errorf(n, "%s: expected a mapping such as {check: shares-sum-to-one}, got %s", displayPath(path), describe(n))
		return
	}
	c.At = d.Pos(n)
	i := keyIndex(n, "check")
	if i < 0 {
		d.Errorf(n, "missing required key \"check\" in %s; the checks are %s", displayPath(path), strings.Join(names, ", "))
		return
	}
	kind := n.Content[i+1]
	shape, ok := checkShapes[kind.Value]
	if kind.Kind != yaml.ScalarNode || !ok {
		d.Errorf(kind, "%s.check: unknown check %s%s; the checks are %s", path, describe(kind),
			DidYouMean(kind.Value, names), strings.Join(names, ", "))
		return
	}
	keys := checkKeys(shape)
	var all []string
	for _, t := range checkShapes {
		all = append(all, checkKeys(t)...)
	}
	own := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Line: n.Line, Column: n.Column}
	d.tree.files[own] = d.Pos(n).File
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind == yaml.ScalarNode && !slices.Contains(keys, k.Value) && slices.Contains(all, k.Value) {
			d.Errorf(k, "key %q does not apply to check %s, which takes %s", k.Value, kind.Value, strings.Join(keys, ", "))
			continue
		}
		own.Content = append(own.Content, k, n.Content[i+1])
	}
	v := reflect.New(shape)
	d.Decode(own, path, v.Interface())
	out := reflect.ValueOf(c).Elem()
	for i := range shape.NumField() {
		f := shape.Field(i)
		if f.Anonymous {
			for j := range f.Type.NumField() {
				out.FieldByName(f.Type.Field(j).Name).Set(v.Elem().Field(i).Field(j))
			}
			continue
		}
		out.FieldByName(f.Name).Set(v.Elem().Field(i))
	}
}

// checks builds the scenario's checks.
func (b *builder) checks() {
	for i := range b.s.Checks {
		cs := &b.s.Checks[i]
		kind, ok := checkKind(cs.Check.Value)
		if !ok {
			continue // reported by the decoder
		}
		c := market.Check{Kind: kind, Segment: -1, Company: -1, Max: cs.Max.Value,
			Tolerance: or(cs.Tolerance, 1e-9), Where: cs.At.String()}
		if kind == market.CheckSharesSumToOne {
			c.Tolerance = or(cs.Tolerance, 1e-6)
		}
		if cs.Severity.Present() && b.oneOf(cs.Severity, "severity", "error", "warn") {
			c.Warn = cs.Severity.Value == "warn"
		}
		if cs.Segment.Present() {
			c.Segment = b.ref(cs.Segment, "segment", b.segIdx, b.segIDs)
		}
		if cs.Company.Present() {
			c.Company = b.ref(cs.Company, "company", b.provIdx, b.provIDs)
		}
		if cs.Basis.Present() && b.oneOf(cs.Basis, "basis", "volume", "revenue") {
			c.Revenue = cs.Basis.Value == "revenue"
			if c.Revenue && c.Segment >= 0 && b.s.Segments[cs.Segment.Value].Kind.Value != "paid" {
				b.errorf(cs.Basis.Pos, "a revenue share needs a paid segment; %s is not one", cs.Segment.Value)
			}
		}
		if len(cs.AllowedDiscount) > 0 {
			c.AllowedDiscount = make([]float64, len(b.provIDs))
			for _, id := range sortedIDs(cs.AllowedDiscount, func(Num) int { return 0 }) {
				n := cs.AllowedDiscount[id]
				if p := b.ref(Str{Value: id, Pos: n.Pos}, "company", b.provIdx, b.provIDs); p >= 0 {
					c.AllowedDiscount[p] = n.Value
				}
			}
		}
		b.cfg.Checks = append(b.cfg.Checks, c)
	}
}

// checkKind returns the market's kind named name.
func checkKind(name string) (market.CheckKind, bool) {
	for _, k := range market.CheckKinds() {
		if k.String() == name {
			return k, true
		}
	}
	return 0, false
}
