package study

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Param is a scenario number with a range: one dimension of the ensemble's
// Latin hypercube. Values are in the canonical unit of Unit (see
// [scenarios.ParseQuantity]).
type Param struct {
	Path    string   `json:"path"`              // dotted path of the number, e.g. "chips.zhenwu-810e.memory_bandwidth"
	Aliases []string `json:"aliases,omitempty"` // other paths of the same number (a YAML anchor reused), set together
	Unit    string   `json:"unit"`              // the field's unit tag
	Value   float64  `json:"value"`             // the mode of the distribution
	Low     float64  `json:"low"`
	High    float64  `json:"high"`
	Source  string   `json:"source,omitempty"`
	At      string   `json:"at"` // file:line:col of the number
}

// Fixed reports whether the range is a single point, so the parameter is
// never varied.
func (p Param) Fixed() bool { return p.Low == p.High }

// SetArg returns the --set argument that gives the parameter the value v
// exactly, e.g. "chips.h20.tdp=512.5W", so one run of an ensemble can be
// repeated with `aicloudsim run --seed S --set ...`. A number reused
// through a YAML anchor needs one --set per path: see SetArgs.
func (p Param) SetArg(path string, v float64) string {
	return path + "=" + exact(p.Unit, v)
}

// SetArgs returns the --set arguments for value v, one per path.
func (p Param) SetArgs(v float64) []string {
	out := []string{p.SetArg(p.Path, v)}
	for _, a := range p.Aliases {
		out = append(out, p.SetArg(a, v))
	}
	return out
}

// exactUnits are the suffixes that write a value in its canonical unit,
// so that ParseQuantity reads back the same float64.
var exactUnits = map[string]string{"bandwidth": "GB/s", "power": "W", "tflops": "TFLOPS"}

// exact formats v, in the canonical unit of unit, so that ParseQuantity
// reads back the same float64.
func exact(unit string, v float64) string {
	num := strconv.FormatFloat(v, 'g', -1, 64)
	name, _, _ := strings.Cut(unit, "/")
	switch {
	case name == "usd" || name == "price":
		if v < 0 {
			return "-$" + num[1:]
		}
		return "$" + num
	default:
		return num + exactUnits[name]
	}
}

// Format writes v for people, in the readable units of the parameter:
// fractions in percent, other kinds as scenarios.FormatQuantity does, to
// at most six significant digits.
func (p Param) Format(v float64) string {
	switch p.Unit {
	case "fraction":
		return strconv.FormatFloat(100*v, 'g', 6, 64) + "%"
	case "number", "count":
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return scenarios.FormatQuantity(p.Unit, v)
}

// found is a ranged number found in a decoded scenario, with a function
// that sets its value.
type found struct {
	num  scenarios.Num
	unit string
	set  func(float64)
}

var numType = reflect.TypeFor[scenarios.Num]()

// discover walks the decoded scenario s and returns every number that
// carries a range, with a setter that changes the number in s.
func discover(s *scenarios.Scenario) []found {
	var out []found
	walk(reflect.ValueOf(s).Elem(), "", &out)
	return out
}

// walk visits v, an addressable value whose enclosing field had the unit
// tag unit, and appends the ranged numbers under it to out.
func walk(v reflect.Value, unit string, out *[]found) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			walk(v.Elem(), unit, out)
		}
	case reflect.Struct:
		if v.Type() == numType {
			n := v.Addr().Interface().(*scenarios.Num)
			if n.Ranged {
				*out = append(*out, found{num: *n, unit: unit, set: func(x float64) { n.Value = x }})
			}
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() {
				walk(v.Field(i), f.Tag.Get("unit"), out)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walk(v.Index(i), unit, out)
		}
	case reflect.Map:
		walkMap(v, unit, out)
	}
}

// walkMap visits the values of a map. They are not addressable, so each is
// copied, walked, and its setters write the copy back into the map.
func walkMap(m reflect.Value, unit string, out *[]found) {
	for _, k := range m.MapKeys() {
		e := m.MapIndex(k)
		if e.Kind() == reflect.Pointer {
			walk(e, unit, out)
			continue
		}
		cp := reflect.New(e.Type()).Elem()
		cp.Set(e)
		var inner []found
		walk(cp, unit, &inner)
		for _, f := range inner {
			set := f.set
			f.set = func(x float64) {
				set(x)
				m.SetMapIndex(k, cp)
			}
			*out = append(*out, f)
		}
	}
}

// binding is a scenario's parameters in the order of a study's Params, with
// the setters of every path of each.
type binding [][]func(float64)

// bind finds the parameters of s. Numbers at the same source position are
// one parameter: YAML anchors and aliases copy a number to several paths,
// and the writer meant one value.
func bind(s *scenarios.Scenario) ([]Param, binding) {
	fs := discover(s)
	slices.SortFunc(fs, func(a, b found) int { return cmp.Compare(a.num.Path, b.num.Path) })
	byPos := map[scenarios.Pos]int{}
	var params []Param
	var b binding
	for _, f := range fs {
		if i, ok := byPos[f.num.Pos]; ok && f.num.Pos.Line > 0 {
			params[i].Aliases = append(params[i].Aliases, f.num.Path)
			b[i] = append(b[i], f.set)
			continue
		}
		byPos[f.num.Pos] = len(params)
		params = append(params, Param{
			Path: f.num.Path, Unit: f.unit, Value: f.num.Value, Low: f.num.Low, High: f.num.High,
			Source: f.num.Source, At: f.num.Pos.String(),
		})
		b = append(b, []func(float64){f.set})
	}
	return params, b
}

// Params returns the numbers of s that carry a range, sorted by path: the
// dimensions an ensemble samples. Numbers copied through a YAML anchor are
// one parameter, named by the first of their paths.
func Params(s *scenarios.Scenario) []Param {
	p, _ := bind(s)
	return p
}

// set gives every parameter its value for one run.
func (b binding) set(values []float64) {
	for i, sets := range b {
		for _, set := range sets {
			set(values[i])
		}
	}
}

// sameParams checks that a worker's copy of the scenario has the same
// parameters as the study's.
func sameParams(want, got []Param) error {
	if len(want) != len(got) {
		return fmt.Errorf("scenario copy has %d ranged numbers, want %d", len(got), len(want))
	}
	for i := range want {
		if want[i].Path != got[i].Path || !slices.Equal(want[i].Aliases, got[i].Aliases) {
			return fmt.Errorf("scenario copy has ranged number %s where %s was expected", got[i].Path, want[i].Path)
		}
	}
	return nil
}
