package study

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Change is one way a scenario differs from another after extends and
// --set: a number (its value or its range), a date, a string or flag, a
// whole list whose length differs, or a map entry that one side lacks.
type Change struct {
	Path  string   // dotted path, e.g. "chips.zhenwu-810e.memory_bandwidth"
	Paths []string // Path and the other paths changed with it: a number written once and reused through a YAML anchor
	Kind  string   // number, range, date, value, list or entry
	A, B  string   // the two sides for people, e.g. "1.8 TB/s (range 0.7 TB/s – 2 TB/s)"

	bpos scenarios.Pos // where the second scenario writes a number, to join anchored copies
}

// String is "path: a → b".
func (in Change) String() string { return in.Path + ": " + in.A + " → " + in.B }

// skipped are the top-level keys that are not inputs of a run: names and
// descriptions, the seed (a comparison runs every scenario with the same
// seeds), and the targets and checks that test a run without changing it.
var skipped = []string{"name", "title", "description", "seed", "targets", "checks"}

// Diff lists the inputs in which b differs from a, sorted by path (list
// indices in numeric order). Sources are documentation and are ignored;
// lists of equal length are compared element by element, lists of
// different lengths as a whole. The walk is by reflection over the decoded
// scenarios, in time linear in their size.
func Diff(a, b *scenarios.Scenario) []Change {
	d := &differ{}
	d.value("", "", reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem())
	return joinAnchored(d.out)
}

type differ struct{ out []Change }

func (d *differ) add(in Change) { d.out = append(d.out, in) }

// value compares a and b, of the same type, at path; unit is the unit tag
// of the enclosing field.
func (d *differ) value(path, unit string, a, b reflect.Value) {
	t := a.Type()
	switch {
	case t == numType:
		d.num(path, unit, a.Interface().(scenarios.Num), b.Interface().(scenarios.Num))
		return
	case t == reflect.TypeFor[scenarios.Date]():
		da, db := a.Interface().(scenarios.Date), b.Interface().(scenarios.Date)
		if da.Present() != db.Present() || !da.Day.Equal(db.Day) {
			d.add(Change{Path: path, Kind: "date", A: dateText(da), B: dateText(db)})
		}
		return
	case t == reflect.TypeFor[scenarios.Str]():
		sa, sb := a.Interface().(scenarios.Str), b.Interface().(scenarios.Str)
		if sa.Value != sb.Value {
			d.add(Change{Path: path, Kind: "value", A: strText(sa.Value), B: strText(sb.Value)})
		}
		return
	case t == reflect.TypeFor[scenarios.Pos]():
		return
	case t == reflect.TypeFor[yaml.Node]():
		na, nb := a.Interface().(yaml.Node), b.Interface().(yaml.Node)
		ya, _ := yaml.Marshal(&na)
		yb, _ := yaml.Marshal(&nb)
		if string(ya) != string(yb) {
			d.add(Change{Path: path, Kind: "value", A: strings.TrimSpace(string(ya)), B: strings.TrimSpace(string(yb))})
		}
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		switch {
		case a.IsNil() && b.IsNil():
		case a.IsNil() || b.IsNil():
			kind := "entry"
			if t.Elem().Kind() != reflect.Struct {
				kind = "value"
			}
			d.add(Change{Path: path, Kind: kind, A: presence(a), B: presence(b)})
		default:
			d.value(path, unit, a.Elem(), b.Elem())
		}
	case reflect.Struct:
		d.fields(path, a, b)
	case reflect.Map:
		d.entries(path, unit, a, b)
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			d.add(Change{Path: path, Kind: "list", A: entries(a.Len()), B: entries(b.Len())})
			return
		}
		for i := range a.Len() {
			d.value(join(path, strconv.Itoa(i)), unit, a.Index(i), b.Index(i))
		}
	default:
		if !a.Equal(b) {
			d.add(Change{Path: path, Kind: "value", A: fmt.Sprint(a.Interface()), B: fmt.Sprint(b.Interface())})
		}
	}
}

// fields compares the YAML fields of two structs.
func (d *differ) fields(path string, a, b reflect.Value) {
	t := a.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
			continue
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			d.fields(path, a.Field(i), b.Field(i))
			continue
		case name == "":
			name = strings.ToLower(f.Name)
		}
		if (path == "" && slices.Contains(skipped, name)) || (name == "source" && f.Type.Kind() == reflect.String) {
			continue
		}
		d.value(join(path, name), f.Tag.Get("unit"), a.Field(i), b.Field(i))
	}
}

// entries compares two maps key by key, in key order.
func (d *differ) entries(path, unit string, a, b reflect.Value) {
	var keys []string
	for _, m := range []reflect.Value{a, b} {
		for _, k := range m.MapKeys() {
			if !slices.Contains(keys, k.String()) {
				keys = append(keys, k.String())
			}
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		ea, eb := a.MapIndex(reflect.ValueOf(k)), b.MapIndex(reflect.ValueOf(k))
		p := join(path, k)
		switch {
		case ea.IsValid() && eb.IsValid():
			d.value(p, unit, ea, eb)
		case a.Type().Elem() == numType:
			var na, nb scenarios.Num
			if ea.IsValid() {
				na = ea.Interface().(scenarios.Num)
			}
			if eb.IsValid() {
				nb = eb.Interface().(scenarios.Num)
			}
			d.num(p, unit, na, nb)
		default:
			d.add(Change{Path: p, Kind: "entry", A: presence(ea), B: presence(eb)})
		}
	}
}

// num compares two numbers: their presence, value and range.
func (d *differ) num(path, unit string, a, b scenarios.Num) {
	sameRange := a.Ranged == b.Ranged && (!a.Ranged || (a.Low == b.Low && a.High == b.High))
	switch {
	case !a.Present() && !b.Present():
		return
	case a.Present() != b.Present() || a.Value != b.Value:
		d.add(Change{Path: path, Kind: "number", A: numText(unit, a), B: numText(unit, b), bpos: b.Pos})
	case !sameRange:
		d.add(Change{Path: path, Kind: "range", A: numText(unit, a), B: numText(unit, b), bpos: b.Pos})
	}
}

// joinAnchored makes one input of the numbers that the second scenario
// writes once and copies to several paths through a YAML anchor, and
// sorts the inputs by path.
func joinAnchored(ins []Change) []Change {
	slices.SortStableFunc(ins, func(a, b Change) int { return comparePaths(a.Path, b.Path) })
	var out []Change
	first := map[scenarios.Pos]int{}
	for _, in := range ins {
		in.Paths = []string{in.Path}
		if in.Kind == "number" || in.Kind == "range" {
			if i, ok := first[in.bpos]; ok && in.bpos.Line > 0 && out[i].A == in.A && out[i].B == in.B {
				out[i].Paths = append(out[i].Paths, in.Path)
				continue
			}
			first[in.bpos] = len(out)
		}
		out = append(out, in)
	}
	return out
}

// comparePaths orders dotted paths key by key, list indices by value.
func comparePaths(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, errx := strconv.Atoi(as[i])
		y, erry := strconv.Atoi(bs[i])
		var c int
		if errx == nil && erry == nil {
			c = x - y
		} else {
			c = strings.Compare(as[i], bs[i])
		}
		if c != 0 {
			return c
		}
	}
	return len(as) - len(bs)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// numText formats a number for the diff, with its range.
func numText(unit string, n scenarios.Num) string {
	if !n.Present() {
		return "(not given)"
	}
	s := readable(unit, n.Value)
	switch {
	case n.Ranged && n.Low == n.High:
		s += " (range fixed)"
	case n.Ranged:
		s += " (range " + readable(unit, n.Low) + " – " + readable(unit, n.High) + ")"
	}
	return s
}

func dateText(d scenarios.Date) string {
	if !d.Present() {
		return "(not given)"
	}
	return d.String()
}

func strText(s string) string {
	if s == "" {
		return "(not given)"
	}
	return s
}

func presence(v reflect.Value) string {
	if !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		return "(absent)"
	}
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Bool {
		return strconv.FormatBool(v.Elem().Bool())
	}
	return "(present)"
}

func entries(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return strconv.Itoa(n) + " entries"
}

// applyInput puts the second scenario's YAML at every path of in into t,
// a copy of the first's merged tree, or deletes it there if the second
// lacks it.
func applyChange(t *scenarios.Tree, from *yaml.Node, in Change) error {
	for _, p := range in.Paths {
		segs := strings.Split(p, ".")
		val := lookup(from, segs)
		if val != nil {
			val = cloneNode(val)
		}
		if err := place(t.Root, segs, val); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
	}
	return nil
}

// lookup returns the node at segs under n, or nil.
func lookup(n *yaml.Node, segs []string) *yaml.Node {
	for _, s := range segs {
		switch n.Kind {
		case yaml.MappingNode:
			i := keyIndex(n, s)
			if i < 0 {
				return nil
			}
			n = n.Content[i+1]
		case yaml.SequenceNode:
			j, err := strconv.Atoi(s)
			if err != nil || j < 0 || j >= len(n.Content) {
				return nil
			}
			n = n.Content[j]
		default:
			return nil
		}
	}
	return n
}

// place sets the node at segs under root to val, adding the last key if
// it is missing, or deletes it if val is nil.
func place(root *yaml.Node, segs []string, val *yaml.Node) error {
	parent := lookup(root, segs[:len(segs)-1])
	last := segs[len(segs)-1]
	switch {
	case parent == nil:
		return fmt.Errorf("the reference scenario has no %s", strings.Join(segs[:len(segs)-1], "."))
	case parent.Kind == yaml.MappingNode:
		i := keyIndex(parent, last)
		switch {
		case i >= 0 && val != nil:
			parent.Content[i+1] = val
		case i >= 0:
			parent.Content = slices.Delete(parent.Content, i, i+2)
		case val != nil:
			parent.Content = append(parent.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: last}, val)
		}
	case parent.Kind == yaml.SequenceNode:
		j, err := strconv.Atoi(last)
		if err != nil || j < 0 || j >= len(parent.Content) || val == nil {
			return fmt.Errorf("cannot set element %s of a list of %d", last, len(parent.Content))
		}
		parent.Content[j] = val
	default:
		return fmt.Errorf("%s is not a mapping", strings.Join(segs[:len(segs)-1], "."))
	}
	return nil
}

// keyIndex returns the index of key in mapping m's Content, or -1.
func keyIndex(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return i
		}
	}
	return -1
}
