package study

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// numAt returns the number at a dotted path of s (e.g.
// "chips.zhenwu-810e.memory_bandwidth") and its field's unit tag. A number
// the scenario leaves out, under an entry that exists, is returned with
// Present false. Anything else is an error that names the missing key or
// says what the path holds instead.
func numAt(s *scenarios.Scenario, path string) (scenarios.Num, string, error) {
	v := reflect.ValueOf(s).Elem()
	unit := ""
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		where := strings.Join(segs[:i], ".")
		if where == "" {
			where = "the top level"
		}
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v = reflect.New(v.Type().Elem()).Elem()
			} else {
				v = v.Elem()
			}
		}
		switch {
		case v.Type() == numType:
			return scenarios.Num{}, "", fmt.Errorf("%s is a number; it has no key %q", where, seg)
		case v.Kind() == reflect.Struct:
			f, u, ok := fieldByKey(v, seg)
			if !ok {
				return scenarios.Num{}, "", fmt.Errorf("no key %q in %s%s", seg, where, scenarios.DidYouMean(seg, keysOf(v.Type())))
			}
			v, unit = f, u
		case v.Kind() == reflect.Map:
			e := v.MapIndex(reflect.ValueOf(seg))
			if !e.IsValid() {
				var keys []string
				for _, k := range v.MapKeys() {
					keys = append(keys, k.String())
				}
				slices.Sort(keys)
				return scenarios.Num{}, "", fmt.Errorf("no entry %q in %s%s", seg, where, scenarios.DidYouMean(seg, keys))
			}
			v = e
		case v.Kind() == reflect.Slice:
			j, err := strconv.Atoi(seg)
			if err != nil || j < 0 || j >= v.Len() {
				return scenarios.Num{}, "", fmt.Errorf("%s is a list of %d; no element %q", where, v.Len(), seg)
			}
			v = v.Index(j)
		default:
			return scenarios.Num{}, "", fmt.Errorf("%s is not a mapping; it has no key %q", where, seg)
		}
	}
	if v.Type() != numType {
		return scenarios.Num{}, "", fmt.Errorf("%s is not a number: only numbers can be varied", path)
	}
	return v.Interface().(scenarios.Num), unit, nil
}

// fieldByKey returns the field of struct v whose YAML key is key, looking
// into embedded structs, with its unit tag.
func fieldByKey(v reflect.Value, key string) (reflect.Value, string, bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct && f.Type != numType {
			if fv, u, ok := fieldByKey(v.Field(i), key); ok {
				return fv, u, true
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		if f.IsExported() && name == key {
			return v.Field(i), f.Tag.Get("unit"), true
		}
	}
	return reflect.Value{}, "", false
}

// keysOf lists the YAML keys of struct type t, for suggestions.
func keysOf(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch {
		case name == "-" || !f.IsExported():
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			out = append(out, keysOf(f.Type)...)
		case name == "":
			out = append(out, strings.ToLower(f.Name))
		default:
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}
