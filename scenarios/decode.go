package scenarios

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Unmarshaler is implemented by schema types that decode themselves, for
// example a union chosen by a "kind" key. UnmarshalScenario reports every
// problem with d.Errorf and may decode parts with d.Decode. It is not
// called for null nodes (an absent value).
type Unmarshaler interface {
	UnmarshalScenario(d *Decoder, n *yaml.Node, path string)
}

// Decoder decodes the nodes of one Tree into Go values, collecting errors.
type Decoder struct {
	tree    *Tree
	errs    ErrorList
	structs map[reflect.Type]*structInfo
}

// Decode decodes the root of t into out, a pointer to a struct, and
// returns every problem found, sorted by position. The schema is read
// from struct tags:
//
//	yaml:"name"              key name (default: the lower-cased field name); "-" skips
//	yaml:"name,required"     the key must be present and not null
//	unit:"bandwidth"         for Num fields (and slices and maps of Num): see ParseQuantity
//	range:"lo,hi"            plausible range in canonical units for Num, int and
//	                         float fields; either end may be empty
//	max:"n"                  at most n entries in a map or list field; a longer
//	                         one is an error and is not decoded
//
// A struct field `At Pos` tagged yaml:"-" receives the position of the
// struct's mapping, for problems about the entry as a whole. A null list
// element is an error.
//
// A Num may be negative only if its range tag has a negative low end
// (or its unit is number). Anonymous struct fields are inlined. Supported types: structs, pointers,
// slices, arrays, map[string]T (keys must be ids: lower-case letters,
// digits, '-' and '_'), string, bool, ints, uints, floats, Num, Date, Str,
// yaml.Node (kept raw), Unmarshaler and encoding.TextUnmarshaler. A null
// value leaves the field as it was. A schema bug (say, a Num without a
// unit tag) is reported as an "internal error" at the node; CheckSchema
// finds such bugs in a test instead.
func Decode(t *Tree, out any) ErrorList {
	d := &Decoder{tree: t, structs: map[reflect.Type]*structInfo{}}
	d.Decode(t.Root, "", out)
	d.errs.Sort()
	return d.errs
}

// Pos returns the position of n in the tree being decoded.
func (d *Decoder) Pos(n *yaml.Node) Pos { return d.tree.Pos(n) }

// Errorf records an error at n.
func (d *Decoder) Errorf(n *yaml.Node, format string, args ...any) {
	d.errs.Addf(d.Pos(n), format, args...)
}

// Decode decodes n into out, a non-nil pointer; path is the dotted path of
// n from the document root ("" for the root).
func (d *Decoder) Decode(n *yaml.Node, path string, out any) {
	defer func() {
		if r := recover(); r != nil {
			d.Errorf(n, "internal error decoding %s: %v", path, r)
		}
	}()
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		d.Errorf(n, "internal error: Decode needs a non-nil pointer, got %T", out)
		return
	}
	d.value(n, path, v.Elem(), numOpts{})
}

var (
	numType    = reflect.TypeFor[Num]()
	posType    = reflect.TypeFor[Pos]()
	dateType   = reflect.TypeFor[Date]()
	strType    = reflect.TypeFor[Str]()
	nodeType   = reflect.TypeFor[yaml.Node]()
	unmarsType = reflect.TypeFor[Unmarshaler]()
	textType   = reflect.TypeFor[encoding.TextUnmarshaler]()
	idRE       = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
)

// MaxIDLen is the longest id of a chip, company, segment or model.
const MaxIDLen = 64

// value decodes n into v, which must be settable.
func (d *Decoder) value(n *yaml.Node, path string, v reflect.Value, o numOpts) {
	if n == nil || isNull(n) {
		return
	}
	if n.Kind == yaml.AliasNode || n.Kind == yaml.DocumentNode {
		d.Errorf(n, "internal error: %s: unexpected YAML node kind %v", path, n.Kind)
		return
	}
	t := v.Type()
	switch {
	case t == numType:
		if o.unit == "" {
			d.Errorf(n, "internal error: %s: Num field has no unit tag", path)
			return
		}
		d.decodeNum(n, path, o, v.Addr().Interface().(*Num))
		return
	case t == dateType:
		d.decodeDate(n, path, v.Addr().Interface().(*Date))
		return
	case t == strType:
		d.decodeStr(n, path, v.Addr().Interface().(*Str))
		return
	case t == nodeType:
		v.Set(reflect.ValueOf(*n))
		return
	case reflect.PointerTo(t).Implements(unmarsType):
		v.Addr().Interface().(Unmarshaler).UnmarshalScenario(d, n, path)
		return
	case reflect.PointerTo(t).Implements(textType):
		if d.scalar(n, path, "a string") {
			if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
				d.Errorf(n, "%s: %v", path, err)
			}
		}
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		d.value(n, path, v.Elem(), o)
	case reflect.Struct:
		d.structValue(n, path, v)
	case reflect.Slice:
		if d.expect(n, path, yaml.SequenceNode) && d.short(n, path, len(n.Content), o) {
			v.Set(reflect.MakeSlice(t, len(n.Content), len(n.Content)))
			d.elems(n, path, v, o)
		}
	case reflect.Array:
		if d.expect(n, path, yaml.SequenceNode) {
			if len(n.Content) != t.Len() {
				d.Errorf(n, "%s: expected %d elements, got %d", path, t.Len(), len(n.Content))
				return
			}
			d.elems(n, path, v, o)
		}
	case reflect.Map:
		d.mapValue(n, path, v, o)
	default:
		d.scalarValue(n, path, v, o)
	}
}

// short reports whether a map or list of length entries is within the
// max tag of its field, and an error if not.
func (d *Decoder) short(n *yaml.Node, path string, entries int, o numOpts) bool {
	if o.maxLen > 0 && entries > o.maxLen {
		d.Errorf(n, "%s has %d entries; the limit is %d", displayPath(path), entries, o.maxLen)
		return false
	}
	return true
}

// elems decodes the elements of sequence n into v.
func (d *Decoder) elems(n *yaml.Node, path string, v reflect.Value, o numOpts) {
	o.maxLen = 0 // the limit is the list's, not its elements'
	for i, c := range n.Content {
		if isNull(c) {
			d.Errorf(c, "%s: empty list element", join(path, strconv.Itoa(i)))
			continue
		}
		d.value(c, join(path, strconv.Itoa(i)), v.Index(i), o)
	}
}

// scalarValue decodes a scalar into a string, bool, integer or float.
func (d *Decoder) scalarValue(n *yaml.Node, path string, v reflect.Value, o numOpts) {
	switch v.Kind() {
	case reflect.String:
		if d.scalar(n, path, "a string") {
			v.SetString(n.Value)
		}
	case reflect.Bool:
		if !d.scalar(n, path, "true or false") {
			return
		}
		switch n.Value {
		case "true", "True", "TRUE":
			v.SetBool(true)
		case "false", "False", "FALSE":
			v.SetBool(false)
		default:
			d.Errorf(n, "%s: expected true or false, got %q", path, n.Value)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if !d.scalar(n, path, "an integer") {
			return
		}
		x, err := parseNumber(n.Value)
		if err != nil || x != math.Trunc(x) {
			d.Errorf(n, "%s: expected an integer, got %q", path, n.Value)
			return
		}
		if v.CanInt() && (x < -(1<<63) || x >= 1<<63 || v.OverflowInt(int64(x))) ||
			v.CanUint() && (x < 0 || x >= 1<<64 || v.OverflowUint(uint64(x))) {
			d.Errorf(n, "%s: %s is out of range for %s", path, n.Value, v.Type())
			return
		}
		if v.CanInt() {
			v.SetInt(int64(x))
		} else {
			v.SetUint(uint64(x))
		}
		o.check(d, n, path, x)
	case reflect.Float32, reflect.Float64:
		if !d.scalar(n, path, "a number") {
			return
		}
		x, err := parseNumber(n.Value)
		if err != nil {
			d.Errorf(n, "%s: %v", path, err)
			return
		}
		v.SetFloat(x)
		o.check(d, n, path, x)
	default:
		d.Errorf(n, "internal error: %s: cannot decode into %s", path, v.Type())
	}
}

// mapValue decodes a mapping keyed by ids into a map[string]T.
func (d *Decoder) mapValue(n *yaml.Node, path string, v reflect.Value, o numOpts) {
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		d.Errorf(n, "internal error: %s: map keys must be strings, not %s", path, t.Key())
		return
	}
	if !d.expect(n, path, yaml.MappingNode) || !d.short(n, path, len(n.Content)/2, o) {
		return
	}
	o.maxLen = 0 // the limit is the map's, not its values'
	if v.IsNil() {
		v.Set(reflect.MakeMapWithSize(t, len(n.Content)/2))
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.checkKey(k, seen) {
			continue
		}
		if !idRE.MatchString(k.Value) {
			d.Errorf(k, "invalid id %q in %s: ids use lower-case letters, digits, '-' and '_', and start with a letter or digit", k.Value, displayPath(path))
			continue
		}
		if len(k.Value) > MaxIDLen {
			d.Errorf(k, "id %.20s... in %s has %d characters; ids have at most %d", k.Value, displayPath(path), len(k.Value), MaxIDLen)
			continue
		}
		e := reflect.New(t.Elem()).Elem()
		d.value(val, join(path, k.Value), e, o)
		v.SetMapIndex(reflect.ValueOf(k.Value).Convert(t.Key()), e)
	}
}

// structValue decodes a mapping into a struct, field by field.
func (d *Decoder) structValue(n *yaml.Node, path string, v reflect.Value) {
	si, err := d.structInfo(v.Type())
	if err != nil {
		d.Errorf(n, "internal error: %v", err)
		return
	}
	if !d.expect(n, path, yaml.MappingNode) {
		return
	}
	if f, ok := v.Type().FieldByName("At"); ok && f.Type == posType && f.Tag.Get("yaml") == "-" {
		v.FieldByIndex(f.Index).Set(reflect.ValueOf(d.Pos(n)))
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.checkKey(k, seen) {
			continue
		}
		j, ok := si.byName[k.Value]
		if !ok {
			d.Errorf(k, "unknown key %q in %s%s", k.Value, displayPath(path), DidYouMean(k.Value, si.names))
			continue
		}
		f := si.fields[j]
		if f.required && isNull(val) {
			d.Errorf(val, "%s: required key has no value", join(path, f.name))
		}
		d.value(val, join(path, f.name), v.FieldByIndex(f.index), f.opts)
	}
	for _, f := range si.fields {
		if _, ok := seen[f.name]; f.required && !ok {
			d.Errorf(n, "missing required key %q in %s", f.name, displayPath(path))
		}
	}
}

// checkKey reports a non-scalar or duplicate mapping key and records k in
// seen. It returns whether the pair should be decoded.
func (d *Decoder) checkKey(k *yaml.Node, seen map[string]*yaml.Node) bool {
	if k.Kind != yaml.ScalarNode || isNull(k) {
		d.Errorf(k, "mapping keys must be strings, got %s", describe(k))
		return false
	}
	if first, dup := seen[k.Value]; dup {
		d.Errorf(k, "duplicate key %q (first at %s)", k.Value, d.Pos(first))
		return false
	}
	seen[k.Value] = k
	return true
}

// expect reports whether n has the given kind, and an error if not.
func (d *Decoder) expect(n *yaml.Node, path string, kind yaml.Kind) bool {
	if n.Kind == kind {
		return true
	}
	want := map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a sequence"}[kind]
	d.Errorf(n, "%s: expected %s, got %s", displayPath(path), want, describe(n))
	return false
}

// scalar reports whether n is a scalar, and an error naming want if not.
func (d *Decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind == yaml.ScalarNode {
		return true
	}
	d.Errorf(n, "%s: expected %s, got %s", displayPath(path), want, describe(n))
	return false
}

// describe names what n is, for "expected X, got Y" messages.
func describe(n *yaml.Node) string {
	switch {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a sequence"
	case isNull(n):
		return "null"
	case n.Kind == yaml.ScalarNode:
		s := n.Value
		if len(s) > 40 {
			s = s[:37] + "..."
		}
		return strconv.Quote(s)
	}
	return "an unexpected node"
}

// isNull reports whether n is a null scalar (~, null or nothing).
func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// join appends a key or index to a dotted path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// displayPath names a path in messages; the root is "the top level".
func displayPath(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

// fieldInfo is one decodable struct field.
type fieldInfo struct {
	name     string
	index    []int
	required bool
	opts     numOpts
}

// structInfo is the decoding schema of a struct type.
type structInfo struct {
	fields []fieldInfo
	byName map[string]int
	names  []string // sorted, for suggestions
}

// structInfo reads (and caches) the schema of struct type t.
func (d *Decoder) structInfo(t reflect.Type) (*structInfo, error) {
	if si, ok := d.structs[t]; ok {
		return si, nil
	}
	si := &structInfo{byName: map[string]int{}}
	if err := addFields(si, t, nil); err != nil {
		return nil, err
	}
	slices.Sort(si.names)
	d.structs[t] = si
	return si, nil
}

// addFields adds the fields of t, whose index path in the outer struct is
// prefix, inlining anonymous struct fields.
func addFields(si *structInfo, t reflect.Type, prefix []int) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		index := append(slices.Clone(prefix), i)
		if name == "-" {
			continue
		}
		if sf.Anonymous && name == "" && !special(sf.Type) {
			if sf.Type.Kind() != reflect.Struct {
				return fmt.Errorf("%s.%s: only struct values can be embedded", t, sf.Name)
			}
			if err := addFields(si, sf.Type, index); err != nil {
				return err
			}
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(sf.Name)
		}
		f := fieldInfo{name: name, index: index, required: slices.Contains(strings.Split(opts, ","), "required")}
		var err error
		if f.opts, err = fieldOpts(t, sf); err != nil {
			return err
		}
		if _, dup := si.byName[name]; dup {
			return fmt.Errorf("%s: two fields use the key %q", t, name)
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, f)
		si.names = append(si.names, name)
	}
	return nil
}

// fieldOpts reads and checks the unit and range tags of a field.
func fieldOpts(t reflect.Type, sf reflect.StructField) (numOpts, error) {
	var o numOpts
	var err error
	if r, ok := sf.Tag.Lookup("range"); ok {
		if o, err = parseRangeTag(r); err != nil {
			return o, fmt.Errorf("%s.%s: %v", t, sf.Name, err)
		}
	}
	o.unit = sf.Tag.Get("unit")
	if m, ok := sf.Tag.Lookup("max"); ok {
		k := sf.Type.Kind()
		if o.maxLen, err = strconv.Atoi(m); err != nil || o.maxLen <= 0 || k != reflect.Map && k != reflect.Slice {
			return o, fmt.Errorf("%s.%s: max tag %q: want a positive count on a map or slice field", t, sf.Name, m)
		}
	}
	elem := sf.Type
	for elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Slice || elem.Kind() == reflect.Array || elem.Kind() == reflect.Map {
		elem = elem.Elem()
	}
	switch {
	case elem == numType && o.unit == "":
		return o, fmt.Errorf("%s.%s: Num field has no unit tag", t, sf.Name)
	case elem != numType && o.unit != "":
		return o, fmt.Errorf("%s.%s: unit tag on a non-Num field", t, sf.Name)
	case o.unit != "":
		if _, _, _, err := splitUnit(o.unit); err != nil {
			return o, fmt.Errorf("%s.%s: %v", t, sf.Name, err)
		}
	}
	isNum := elem == numType || (elem.Kind() >= reflect.Int && elem.Kind() <= reflect.Float64)
	if o.ranged && !isNum {
		return o, fmt.Errorf("%s.%s: range tag on a non-numeric field", t, sf.Name)
	}
	return o, nil
}

// CheckSchema reports schema bugs in the struct types reachable from v
// (a struct or pointer to one): Num fields without a unit tag, unknown
// units, malformed range tags, duplicate keys, unsupported field types.
// Call it from a test of the schema.
func CheckSchema(v any) error {
	d := &Decoder{structs: map[reflect.Type]*structInfo{}}
	return d.checkType(reflect.TypeOf(v), map[reflect.Type]bool{})
}

// special reports whether t decodes as a whole rather than field by field.
func special(t reflect.Type) bool {
	return t == numType || t == dateType || t == strType || t == nodeType ||
		reflect.PointerTo(t).Implements(unmarsType) || reflect.PointerTo(t).Implements(textType)
}

// checkType walks t and the types of its fields.
func (d *Decoder) checkType(t reflect.Type, seen map[reflect.Type]bool) error {
	if t == nil || seen[t] {
		return nil
	}
	seen[t] = true
	if special(t) {
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return d.checkType(t.Elem(), seen)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("%s: map keys must be strings", t)
		}
		return d.checkType(t.Elem(), seen)
	case reflect.Struct:
		si, err := d.structInfo(t)
		if err != nil {
			return err
		}
		for _, f := range si.fields {
			if err := d.checkType(t.FieldByIndex(f.index).Type, seen); err != nil {
				return err
			}
		}
		return nil
	case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64:
		return nil
	}
	if t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 {
		return nil
	}
	return fmt.Errorf("cannot decode into %s", t)
}
