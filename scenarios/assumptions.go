package scenarios

import (
	"cmp"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Assumption is one number a scenario gives, formatted for people: a row
// of a report's assumptions table.
type Assumption struct {
	Path   string // dotted path, e.g. "chips.zhenwu-810e.memory_bandwidth"
	Value  string // in readable units, e.g. "700 GB/s", "$0.45/Mtok", "25%"
	Range  string // "low to high" in the same units, or "" without a range
	Source string // the number's source, or NoSource
}

// NoSource is the Source of an [Assumption] whose number has none, so that
// gaps in the sourcing show in a report.
const NoSource = "(none given)"

// Assumptions lists every number given in s (every [Num] that is
// Present), sorted by path with list indices in numeric order. A number
// that is absent and left to its default is not listed. A number reused
// through a YAML anchor is listed at each of its paths. A number replaced
// by --set keeps the source its mapping had, which described the old
// value, so its Source says it was set on the command line.
//
// Values and ranges are written in the unit of the field's unit tag, to six
// significant digits: with [FormatQuantity], except that fractions read as
// percentages and counts, bytes and FLOP take a magnitude ("671B", "96GB"),
// as scenarios write them. The walk is by reflection over s, in time
// linear in its size.
func (s *Scenario) Assumptions() []Assumption {
	var out []Assumption
	walkNums(reflect.ValueOf(s).Elem(), "", func(n Num, unit string) {
		if !n.Present() {
			return
		}
		a := Assumption{Path: n.Path, Value: formatAssumption(unit, n.Value), Source: cmp.Or(n.Source, NoSource)}
		if n.Ranged {
			a.Range = formatAssumption(unit, n.Low) + " to " + formatAssumption(unit, n.High)
		}
		if n.Pos.File == "--set" {
			a.Source = "--set on the command line"
			if n.Source != "" {
				a.Source += "; the scenario's source, for its own value: " + n.Source
			}
		}
		out = append(out, a)
	})
	slices.SortFunc(out, func(a, b Assumption) int { return comparePaths(a.Path, b.Path) })
	return out
}

var checkSpecType = reflect.TypeFor[CheckSpec]()

// walkNums calls visit for every Num under v with the unit tag of the
// field that holds it. Map keys are visited in sorted order. A CheckSpec's
// fields carry no tags; their units are those of the check kind's shape.
func walkNums(v reflect.Value, unit string, visit func(n Num, unit string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkNums(v.Elem(), unit, visit)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkNums(v.Index(i), unit, visit)
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
		for _, k := range keys {
			walkNums(v.MapIndex(k), unit, visit)
		}
	case reflect.Struct:
		t := v.Type()
		switch t {
		case numType:
			visit(v.Interface().(Num), unit)
			return
		case dateType, strType, posType, nodeType:
			return // no numbers inside
		}
		shape := t
		if t == checkSpecType {
			shape = checkShapes[v.FieldByName("Check").Interface().(Str).Value]
		}
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("yaml") == "-" {
				continue
			}
			walkNums(v.Field(i), fieldUnit(shape, f.Name), visit)
		}
	}
}

// fieldUnit returns the unit tag of t's field name (looking into embedded
// structs), or "" if t is nil or has no such field.
func fieldUnit(t reflect.Type, name string) string {
	if t == nil {
		return ""
	}
	if f, ok := t.FieldByName(name); ok {
		return f.Tag.Get("unit")
	}
	return ""
}

// formatAssumption formats v, in the canonical unit of unit, for a report:
// as FormatQuantity does, except that fractions read as percentages and
// counts, bytes and FLOP take a magnitude ("671B", "128GB", "20PFLOP")
// rather than an exponent, as a scenario writes them.
func formatAssumption(unit string, v float64) string {
	v = roundTo(v, 6)
	switch unit {
	case "fraction":
		return strconv.FormatFloat(roundTo(100*v, 6), 'g', -1, 64) + "%"
	case "count":
		return withMagnitude(v, []string{"", "K", "M", "B", "T"})
	case "bytes":
		return withMagnitude(v, []string{" bytes", "KB", "MB", "GB", "TB", "PB"})
	case "flop":
		return withMagnitude(v, []string{" FLOP", "KFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP", "ZFLOP", "YFLOP"})
	}
	return FormatQuantity(unit, v)
}

// withMagnitude writes v with the largest suffix of a power-of-1000
// sequence (suffixes[i] means 1000^i) that leaves at least 1 in front.
func withMagnitude(v float64, suffixes []string) string {
	i, x := 0, v
	for i+1 < len(suffixes) && math.Abs(x) >= 1000 {
		i, x = i+1, x/1000
	}
	return strconv.FormatFloat(roundTo(x, 6), 'g', -1, 64) + suffixes[i]
}

// roundTo rounds v to n significant digits, so that ¥3.2 reads $0.447552
// rather than $0.44755244755244755 and 7% is not 7.000000000000001%.
func roundTo(v float64, n int) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// comparePaths orders dotted paths key by key, numeric keys (list indices)
// by value, so events.2 comes before events.10. It allocates nothing: a
// scenario's assumptions are sorted with it on every run.
func comparePaths(a, b string) int {
	for {
		x, restA, moreA := strings.Cut(a, ".")
		y, restB, moreB := strings.Cut(b, ".")
		xi, xnum := pathIndex(x)
		yi, ynum := pathIndex(y)
		c := 0
		switch {
		case xnum && ynum:
			c = cmp.Compare(xi, yi)
		case xnum:
			c = -1 // an index before a key; a list is never also a mapping
		case ynum:
			c = 1
		default:
			c = cmp.Compare(x, y)
		}
		if c != 0 {
			return c
		}
		if !moreA || !moreB {
			return cmp.Compare(b2i(moreA), b2i(moreB)) // the path with more keys after
		}
		a, b = restA, restB
	}
}

// pathIndex returns the key k of a path as a number, as strconv.Atoi reads
// it, and whether it is one; a key that cannot start a number is not
// given to Atoi, whose error would be allocated.
func pathIndex(k string) (int, bool) {
	if k == "" || (k[0] < '0' || k[0] > '9') && k[0] != '+' && k[0] != '-' {
		return 0, false
	}
	n, err := strconv.Atoi(k)
	return n, err == nil
}

// b2i is 1 for true, 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
