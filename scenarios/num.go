package scenarios

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Num is a number read from a scenario, in the canonical unit of its
// field's unit tag (see ParseQuantity), with where it came from.
//
// In YAML a Num is a scalar ("4.0TB/s", "25%") or a mapping
//
//	memory_bandwidth: {value: 1.8TB/s, source: "vendor sheet", range: [0.7TB/s, 2TB/s]}
//
// where value is required, source is free text and range, in the same
// unit, is the interval Monte Carlo and sensitivity studies sample from;
// it must contain value. A Num whose key is absent has a zero Pos.
type Num struct {
	Value     float64
	Source    string
	Low, High float64 // the range; meaningful only if Ranged
	Ranged    bool
	Pos       Pos    // position of the value
	Path      string // dotted path from the document root, e.g. "chips.zhenwu-810e.memory_bandwidth"
}

// Present reports whether the number was given in the scenario.
func (n Num) Present() bool { return n.Pos.Line > 0 }

// Date is a calendar day written as YYYY-MM-DD. Day is UTC midnight.
type Date struct {
	Day time.Time
	Pos Pos
}

// Present reports whether the date was given in the scenario.
func (d Date) Present() bool { return d.Pos.Line > 0 }

// String formats d as YYYY-MM-DD.
func (d Date) String() string { return d.Day.Format(time.DateOnly) }

// Str is a string with its position, for references (ids of chips,
// companies, models) that a validator checks after decoding.
type Str struct {
	Value string
	Pos   Pos
}

// Present reports whether the string was given in the scenario.
func (s Str) Present() bool { return s.Pos.Line > 0 }

// numOpts are the tags that shape how a number field decodes.
type numOpts struct {
	unit   string // unit tag; "" if none
	ranged bool   // a range tag was given
	lo, hi float64
	hasLo  bool
	hasHi  bool
	maxLen int // max tag: most entries of a map or list; 0 if none
}

// parseRangeTag parses a `range:"lo,hi"` tag in canonical units; either
// bound may be empty for an open end.
func parseRangeTag(tag string) (numOpts, error) {
	lo, hi, ok := strings.Cut(tag, ",")
	if !ok {
		return numOpts{}, fmt.Errorf("range tag %q: want \"lo,hi\"", tag)
	}
	o := numOpts{ranged: true}
	var err error
	if lo = strings.TrimSpace(lo); lo != "" {
		if o.lo, err = parseNumber(lo); err != nil {
			return numOpts{}, fmt.Errorf("range tag %q: %v", tag, err)
		}
		o.hasLo = true
	}
	if hi = strings.TrimSpace(hi); hi != "" {
		if o.hi, err = parseNumber(hi); err != nil {
			return numOpts{}, fmt.Errorf("range tag %q: %v", tag, err)
		}
		o.hasHi = true
	}
	if o.hasLo && o.hasHi && o.lo > o.hi {
		return numOpts{}, fmt.Errorf("range tag %q: low is above high", tag)
	}
	return o, nil
}

// check reports a value that breaks the plausible range of the tag or is
// negative where no range allows it. number fields may be negative.
func (o numOpts) check(d *Decoder, n *yaml.Node, path string, v float64) {
	unit := cmp.Or(o.unit, "number")
	f, canon := formatFloat, ""
	if k, name, _, err := splitUnit(unit); err == nil && (name == "usd" || name == "price") {
		f = func(x float64) string { return FormatQuantity(unit, x) }
	} else if err == nil && k.canon != "" {
		canon = " " + k.canon
	}
	switch {
	case o.hasLo && o.hasHi && (v < o.lo || v > o.hi):
		d.Errorf(n, "%s %s%s is outside the plausible range [%s, %s]%s", path, f(v), canon, f(o.lo), f(o.hi), canon)
	case o.hasLo && v < o.lo:
		d.Errorf(n, "%s %s%s is below the plausible minimum %s%s", path, f(v), canon, f(o.lo), canon)
	case o.hasHi && v > o.hi:
		d.Errorf(n, "%s %s%s is above the plausible maximum %s%s", path, f(v), canon, f(o.hi), canon)
	case v < 0 && unit != "number" && !o.hasLo:
		d.Errorf(n, "%s must not be negative, got %s%s", path, f(v), canon)
	}
}

var numKeys = []string{"range", "source", "value"}

// decodeNum decodes a Num in scalar or mapping form.
func (d *Decoder) decodeNum(n *yaml.Node, path string, o numOpts, out *Num) {
	valNode, rangeNode := n, (*yaml.Node)(nil)
	switch n.Kind {
	case yaml.ScalarNode:
	case yaml.MappingNode:
		valNode = nil
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if !d.checkKey(k, seen) {
				continue
			}
			switch k.Value {
			case "value":
				valNode = v
			case "range":
				rangeNode = v
			case "source":
				if v.Kind != yaml.ScalarNode {
					d.Errorf(v, "%s.source: expected a string, got %s", path, describe(v))
				} else if !isNull(v) {
					out.Source = v.Value
				}
			default:
				d.Errorf(k, "unknown key %q in %s; a number takes value, source and range%s", k.Value, path, DidYouMean(k.Value, numKeys))
			}
		}
		if valNode == nil {
			d.Errorf(n, "%s: missing required key \"value\"", path)
			return
		}
	default:
		d.Errorf(n, "%s: expected a number such as %s, or a mapping with value, source and range; got %s",
			path, unitKinds[strings.Split(o.unit, "/")[0]].example, describe(n))
		return
	}
	v, ok := d.quantity(valNode, path, o.unit)
	if !ok {
		return
	}
	out.Value, out.Pos, out.Path = v, d.Pos(valNode), path
	o.check(d, valNode, path, v)
	if rangeNode != nil {
		d.decodeRange(rangeNode, path, o, out)
	}
}

// decodeRange decodes the range: [low, high] of a Num mapping.
func (d *Decoder) decodeRange(n *yaml.Node, path string, o numOpts, out *Num) {
	if n.Kind != yaml.SequenceNode || len(n.Content) != 2 {
		d.Errorf(n, "%s.range: expected [low, high], got %s", path, describe(n))
		return
	}
	lo, ok1 := d.quantity(n.Content[0], path+".range", o.unit)
	hi, ok2 := d.quantity(n.Content[1], path+".range", o.unit)
	if !ok1 || !ok2 {
		return
	}
	f := func(x float64) string { return FormatQuantity(o.unit, x) }
	if lo > out.Value || out.Value > hi {
		// At the value: after extends or --set it is usually the newer of the two.
		hint := ""
		if out.Pos.File == "--set" {
			hint = fmt.Sprintf("; to go beyond the range, replace the whole number: --set '%s={value: %s}'", path, f(out.Value))
		}
		d.errs.Addf(out.Pos, "%s %s is outside its range [%s, %s]%s", path, f(out.Value), f(lo), f(hi), hint)
		return
	}
	o.check(d, n.Content[0], path+".range", lo)
	o.check(d, n.Content[1], path+".range", hi)
	out.Low, out.High, out.Ranged = lo, hi, true
}

// quantity parses a scalar node as a quantity of unit.
func (d *Decoder) quantity(n *yaml.Node, path, unit string) (float64, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.Errorf(n, "%s: expected a number, got %s", path, describe(n))
		return 0, false
	}
	v, err := ParseQuantity(unit, n.Value)
	if err != nil {
		d.Errorf(n, "%s: %v", path, err)
		return 0, false
	}
	return v, true
}

var dateRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// decodeDate decodes a YYYY-MM-DD scalar.
func (d *Decoder) decodeDate(n *yaml.Node, path string, out *Date) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s: expected a date such as 2026-02-14, got %s", path, describe(n))
		return
	}
	t, err := time.Parse(time.DateOnly, n.Value)
	if err != nil || !dateRE.MatchString(n.Value) {
		d.Errorf(n, "%s: bad date %q; want YYYY-MM-DD, e.g. 2026-02-14", path, n.Value)
		return
	}
	*out = Date{Day: t, Pos: d.Pos(n)}
}

// decodeStr decodes a scalar into a Str.
func (d *Decoder) decodeStr(n *yaml.Node, path string, out *Str) {
	if n.Kind != yaml.ScalarNode {
		d.Errorf(n, "%s: expected a string, got %s", path, describe(n))
		return
	}
	*out = Str{Value: n.Value, Pos: d.Pos(n)}
}
