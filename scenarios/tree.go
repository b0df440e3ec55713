package scenarios

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits bound the work Parse does on one file, so a hostile or broken
// file fails fast instead of exhausting memory. A zero field means the
// default from DefaultLimits.
type Limits struct {
	MaxBytes   int // size of the file
	MaxDepth   int // nesting of mappings and sequences, after alias expansion
	MaxAliases int // alias references (*name)
	MaxNodes   int // nodes after alias expansion (stops "billion laughs")
}

// DefaultLimits returns 2 MiB, depth 64, 1000 aliases and 250,000 nodes:
// some 30 and 65 times the baseline scenario's 60 KB and 3,800 nodes.
// Parsing, merging, hashing and writing the scenario back out cost up to
// 2 KB of memory per node, so even a file at the limits needs well under
// 1 GB (about 500 MB measured).
func DefaultLimits() Limits {
	return Limits{MaxBytes: 2 << 20, MaxDepth: 64, MaxAliases: 1000, MaxNodes: 250_000}
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	return Limits{
		MaxBytes:   cmp.Or(l.MaxBytes, d.MaxBytes),
		MaxDepth:   cmp.Or(l.MaxDepth, d.MaxDepth),
		MaxAliases: cmp.Or(l.MaxAliases, d.MaxAliases),
		MaxNodes:   cmp.Or(l.MaxNodes, d.MaxNodes),
	}
}

// MaxExtends is the longest chain of parents an extends may pull in.
const MaxExtends = 16

// Tree is a parsed scenario: a YAML mapping without aliases, anchors or
// merge keys, plus the file each node came from, so that errors found
// after extends and --set still point at the right file.
type Tree struct {
	Root *yaml.Node // a MappingNode
	File string     // the file Parse read

	limits Limits
	files  map[*yaml.Node]string
	sets   int // ApplySet calls so far
}

// Pos returns the position of n, which must belong to t.
func (t *Tree) Pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{File: t.File, Line: 1}
	}
	f, ok := t.files[n]
	if !ok {
		f = t.File
	}
	return Pos{File: f, Line: max(n.Line, 1), Col: max(n.Column, 0)}
}

// Marshal writes the tree back as YAML, e.g. to show a scenario after
// extends and --set.
func (t *Tree) Marshal() (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("encoding %s: %v", t.File, r)
		}
	}()
	return yaml.Marshal(t.Root)
}

// init readies a Tree not made by Parse and reports whether it has no
// mapping root to work on.
func (t *Tree) init(errs *ErrorList, at Pos) (empty bool) {
	t.limits = t.limits.orDefault()
	if t.files == nil {
		t.files = map[*yaml.Node]string{}
	}
	if t.Root == nil || t.Root.Kind != yaml.MappingNode {
		errs.Add(at, "the top level must be a mapping of keys")
		return true
	}
	return false
}

// record notes that n and everything under it came from file.
func (t *Tree) record(n *yaml.Node, file string) {
	t.files[n] = file
	for _, c := range n.Content {
		t.record(c, file)
	}
}

// Parse reads one YAML document whose top level is a mapping. It rejects
// syntax errors, more than one document, invalid UTF-8, merge keys (<<),
// tags other than the standard ones, duplicate or non-string keys, and
// anything over lim; then it expands aliases into copies. The error, if
// any, is an ErrorList. Parse never panics.
func Parse(file string, data []byte, lim Limits) (*Tree, error) {
	lim = lim.orDefault()
	root, errs := parseNode(file, data, lim)
	if len(errs) == 0 && root.Kind != yaml.MappingNode {
		errs.Addf(Pos{file, max(root.Line, 1), root.Column}, "the top level must be a mapping of keys, got %s", describe(root))
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	t := &Tree{Root: root, File: file, limits: lim, files: map[*yaml.Node]string{}}
	t.record(root, file)
	return t, nil
}

// parseNode parses, checks and expands a single document of any kind.
func parseNode(file string, data []byte, lim Limits) (*yaml.Node, ErrorList) {
	var errs ErrorList
	if len(data) > lim.MaxBytes {
		errs.Addf(Pos{file, 1, 0}, "file is %d bytes; the limit is %d", len(data), lim.MaxBytes)
		return nil, errs
	}
	if line, col, bad := invalidUTF8(data); bad {
		errs.Add(Pos{file, line, col}, "invalid UTF-8")
		return nil, errs
	}
	docs, err := decodeDocs(data)
	switch {
	case err != nil:
		errs = append(errs, yamlError(file, err))
	case len(docs) == 0 || len(docs[0].Content) == 0:
		errs.Add(Pos{file, 1, 0}, "the file is empty; want a mapping of keys")
	case len(docs) > 1:
		errs.Add(Pos{file, max(docs[1].Line, 1), docs[1].Column}, "a second YAML document (---); a scenario file holds one")
	}
	if len(errs) > 0 {
		return nil, errs
	}
	root := docs[0].Content[0]
	c := &checker{file: file, lim: lim, shapes: map[*yaml.Node]shape{}, active: map[*yaml.Node]bool{}}
	c.walk(root)
	c.measure(root)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return expand(root), nil
}

// decodeDocs reads up to two documents, turning a parser panic into an error.
func decodeDocs(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: internal YAML parser error: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for len(docs) < 2 {
		var doc yaml.Node
		if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return docs, err
		}
		docs = append(docs, &doc)
	}
	return docs, nil
}

var yamlLineRE = regexp.MustCompile(`(?s)^yaml: line (\d+): (.*)$`)

// yamlError turns the library's "yaml: line N: msg" into a positioned
// Error; errors without a line are put on line 1.
func yamlError(file string, err error) *Error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return &Error{Pos{file, max(line, 1), 0}, m[2]}
	}
	return &Error{Pos{file, 1, 0}, strings.TrimPrefix(msg, "yaml: ")}
}

// invalidUTF8 finds the first byte that is not valid UTF-8.
func invalidUTF8(data []byte) (line, col int, bad bool) {
	line, col = 1, 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line, col, true
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		data = data[n:]
	}
	return 0, 0, false
}

// stdTags are the tags a scenario may use.
var stdTags = map[string]bool{"!!str": true, "!!int": true, "!!float": true, "!!bool": true,
	"!!null": true, "!!timestamp": true, "!!map": true, "!!seq": true}

// shape is the size and depth of a node with its aliases expanded.
type shape struct{ size, depth int }

// checker finds what Parse rejects in a raw node tree.
type checker struct {
	file    string
	lim     Limits
	errs    ErrorList
	aliases int
	shapes  map[*yaml.Node]shape
	active  map[*yaml.Node]bool // on the measure stack, to find cycles
}

func (c *checker) errorf(n *yaml.Node, format string, args ...any) {
	c.errs.Addf(Pos{c.file, max(n.Line, 1), n.Column}, format, args...)
}

// walk checks each node of the raw tree once, not following aliases.
func (c *checker) walk(n *yaml.Node) {
	if n.Kind == yaml.AliasNode {
		if c.aliases++; c.aliases == c.lim.MaxAliases+1 {
			c.errorf(n, "more than %d alias references", c.lim.MaxAliases)
		}
		return
	}
	if !stdTags[n.Tag] && n.Tag != "!!merge" {
		c.errorf(n, "unsupported tag %q", n.Tag)
	}
	if n.Kind == yaml.MappingNode {
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.key(n.Content[i], seen)
		}
	}
	for _, ch := range n.Content {
		c.walk(ch)
	}
}

// key checks one mapping key: a string, not a merge key, not a duplicate.
func (c *checker) key(k *yaml.Node, seen map[string]*yaml.Node) {
	r := k
	if r.Kind == yaml.AliasNode && r.Alias != nil {
		r = r.Alias
	}
	switch {
	case k.Tag == "!!merge":
		c.errorf(k, "merge keys (<<) are not supported; use extends")
	case r.Kind != yaml.ScalarNode || r.Tag == "!!null":
		c.errorf(k, "mapping keys must be strings, got %s", describe(r))
	case seen[r.Value] != nil:
		c.errorf(k, "duplicate key %q (first at line %d)", r.Value, seen[r.Value].Line)
	default:
		seen[r.Value] = k
	}
}

// measure computes the expanded shape of n, reporting alias cycles, and at
// the root the size and depth limits.
func (c *checker) measure(root *yaml.Node) {
	s := c.shape(root)
	if s.size > c.lim.MaxNodes {
		c.errorf(root, "the document has more than %d nodes once aliases are expanded", c.lim.MaxNodes)
	}
	if s.depth <= c.lim.MaxDepth {
		return
	}
	// Walk down the deepest branch to the first level too deep, and blame
	// the outermost alias on the way, if any.
	n, alias := root, (*yaml.Node)(nil)
	for level := 1; level <= c.lim.MaxDepth; level++ {
		var next *yaml.Node
		for _, ch := range deref(n).Content {
			if next == nil || c.shapes[deref(ch)].depth > c.shapes[deref(next)].depth {
				next = ch
			}
		}
		if next == nil {
			break
		}
		if n = next; alias == nil && n.Kind == yaml.AliasNode {
			alias = n
		}
	}
	if alias != nil {
		c.errorf(alias, "nesting deeper than %d levels through alias *%s", c.lim.MaxDepth, alias.Value)
		return
	}
	c.errorf(n, "nesting deeper than %d levels", c.lim.MaxDepth)
}

// shape returns the expanded size (capped just above the limit) and depth.
func (c *checker) shape(n *yaml.Node) shape {
	t := deref(n)
	if s, ok := c.shapes[t]; ok {
		return s
	}
	if c.active[t] {
		c.errorf(n, "alias *%s is used inside the value it names", n.Value)
		return shape{}
	}
	c.active[t] = true
	s := shape{size: 1}
	for _, ch := range t.Content {
		cs := c.shape(ch)
		s.size = min(s.size+cs.size, c.lim.MaxNodes+1)
		s.depth = max(s.depth, cs.depth)
	}
	if t.Kind == yaml.MappingNode || t.Kind == yaml.SequenceNode {
		s.depth++
	}
	c.active[t] = false
	c.shapes[t] = s
	return s
}

// deref follows an alias to its anchor.
func deref(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// expand replaces aliases with copies of their anchors, in place, in
// document order (so an anchor is expanded before any alias to it).
func expand(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return clone(n.Alias)
	}
	n.Anchor = ""
	for i, ch := range n.Content {
		n.Content[i] = expand(ch)
	}
	return n
}

// clone deep-copies an alias-free node.
func clone(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, ch := range n.Content {
		c.Content[i] = clone(ch)
	}
	return &c
}

// Resolver loads the parent named by `extends: ref` in file fromFile. It
// returns the parent's canonical name (used in positions and to detect
// cycles, so the same file must always get the same name) and contents.
type Resolver func(ref, fromFile string) (name string, data []byte, err error)

// Load parses a file and resolves its extends chain: Parse then Extend.
func Load(file string, data []byte, resolve Resolver, lim Limits) (*Tree, error) {
	t, err := Parse(file, data, lim)
	if err != nil {
		return nil, err
	}
	if err := Extend(t, resolve); err != nil {
		return nil, err
	}
	return t, nil
}

// Extend resolves the root key `extends` of t, recursively, and merges
// t over its parent: mappings merge key by key, any other child value
// replaces the parent's, a number in mapping form ({value: ...}) replaces
// the parent's number whole, and a null child value (~) deletes the key. The
// merged root has no extends key. Errors (a missing parent, a cycle, a
// chain longer than MaxExtends, errors in a parent) are an ErrorList.
func Extend(t *Tree, resolve Resolver) error {
	var errs ErrorList
	if t.init(&errs, Pos{File: t.File, Line: 1}) {
		return errs.Err()
	}
	t.Root = t.extend(t.Root, []string{t.File}, resolve, &errs)
	return errs.Err()
}

// extend returns root merged over its parents; chain lists the files
// from the outermost child to root's file.
func (t *Tree) extend(root *yaml.Node, chain []string, resolve Resolver, errs *ErrorList) *yaml.Node {
	i := keyIndex(root, "extends")
	if i < 0 {
		return root
	}
	ref := root.Content[i+1]
	root.Content = slices.Delete(root.Content, i, i+2)
	if ref.Kind != yaml.ScalarNode || isNull(ref) || ref.Value == "" {
		errs.Addf(t.Pos(ref), "extends must name a scenario or a file, e.g. extends: baseline; got %s", describe(ref))
		return root
	}
	if len(chain) > MaxExtends {
		errs.Addf(t.Pos(ref), "extends chain is longer than %d: %s", MaxExtends, strings.Join(chain, " → "))
		return root
	}
	if resolve == nil {
		errs.Addf(t.Pos(ref), "cannot load parent %q: extends is not available here", ref.Value)
		return root
	}
	name, data, err := resolve(ref.Value, chain[len(chain)-1])
	if err != nil {
		errs.Addf(t.Pos(ref), "cannot load parent %q: %v", ref.Value, err)
		return root
	}
	if slices.Contains(chain, name) {
		errs.Addf(t.Pos(ref), "extends cycle: %s → %s", strings.Join(chain, " → "), name)
		return root
	}
	parent, err := parseParent(name, data, t.limits)
	if err != nil {
		var list ErrorList
		errors.As(err, &list)
		*errs = append(*errs, list...)
		return root
	}
	for n, f := range parent.files {
		t.files[n] = f
	}
	if len(t.files) > t.limits.MaxNodes {
		errs.Addf(t.Pos(ref), "with its parents the scenario has more than %d nodes once aliases are expanded", t.limits.MaxNodes)
		return root
	}
	base := t.extend(parent.Root, append(slices.Clone(chain), name), resolve, errs)
	return t.merge(base, root, errs)
}

// merge merges child over parent and returns the result, reusing the
// child's node so that the merged mapping has the child's position.
func (t *Tree) merge(parent, child *yaml.Node, errs *ErrorList) *yaml.Node {
	if parent.Kind != yaml.MappingNode || child.Kind != yaml.MappingNode {
		return child
	}
	if keyIndex(child, "value") >= 0 {
		// A number in mapping form ({value: ..., source: ..., range: ...})
		// is replaced whole, so a child's value never inherits a range or
		// source that was written for the parent's value.
		return child
	}
	inChild := map[string]int{}
	for i := 0; i+1 < len(child.Content); i += 2 {
		inChild[child.Content[i].Value] = i
	}
	out := make([]*yaml.Node, 0, len(parent.Content)+len(child.Content))
	var parentKeys []string
	for i := 0; i+1 < len(parent.Content); i += 2 {
		k, v := parent.Content[i], parent.Content[i+1]
		parentKeys = append(parentKeys, k.Value)
		j, ok := inChild[k.Value]
		switch {
		case !ok:
			out = append(out, k, v)
		case !isNull(child.Content[j+1]):
			out = append(out, child.Content[j], t.merge(v, child.Content[j+1], errs))
		}
		delete(inChild, k.Value)
	}
	for i := 0; i+1 < len(child.Content); i += 2 {
		k, v := child.Content[i], child.Content[i+1]
		if _, ok := inChild[k.Value]; !ok {
			continue
		}
		if isNull(v) {
			errs.Addf(t.Pos(k), "cannot delete %q: the parent has no such key%s", k.Value, DidYouMean(k.Value, parentKeys))
			continue
		}
		out = append(out, k, v)
	}
	child.Content = out
	return child
}

// ApplySet applies one command-line override "path=value" to t. The path
// is dotted (ids have no dots; a sequence element is addressed by its
// index); the value is read as YAML. Every key on the path must exist
// except the last, which is added if its parent is a mapping. If the
// target is a number in mapping form ({value: ...}) and the new value is
// a scalar, only value is replaced, so source and range are kept. Errors
// are at Pos{File: "--set", Line: n} for the n-th call on t.
func ApplySet(t *Tree, expr string) error {
	t.sets++
	var errs ErrorList
	at := Pos{File: "--set", Line: t.sets, Col: 1}
	if t.init(&errs, at) {
		return errs.Err()
	}
	path, text, ok := strings.Cut(expr, "=")
	path = strings.TrimSpace(path)
	segs := strings.Split(path, ".")
	switch {
	case !ok:
		errs.Addf(at, "--set %q: want path=value, e.g. chips.zhenwu-810e.memory_bandwidth=0.7TB/s", expr)
	case slices.Contains(segs, ""):
		errs.Addf(at, "--set %q: bad path %q", expr, path)
	case strings.TrimSpace(text) == "":
		errs.Addf(at, "--set %q: missing value after =", expr)
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	val, perrs := parseNode("--set", []byte(text), t.limits)
	if len(perrs) > 0 {
		for _, e := range perrs {
			errs.Add(at, fmt.Sprintf("--set %q: %s", expr, e.Msg))
		}
		return errs.Err()
	}
	t.placeSet(val, at.Line, len(expr)-len(text)+1)
	parent := t.Root
	for i, seg := range segs {
		where := cmp.Or(strings.Join(segs[:i], "."), "the top level")
		if parent.Kind == yaml.SequenceNode {
			j, err := strconv.Atoi(seg)
			if err != nil || j < 0 || j >= len(parent.Content) {
				errs.Addf(at, "--set %q: %s is a sequence of %d; no element %q", expr, where, len(parent.Content), seg)
				return errs.Err()
			}
			if i == len(segs)-1 {
				t.replace(parent.Content[j:j+1], val)
			}
			parent = parent.Content[j]
			continue
		}
		if parent.Kind != yaml.MappingNode {
			errs.Addf(at, "--set %q: %s is %s, not a mapping", expr, where, describe(parent))
			return errs.Err()
		}
		j := keyIndex(parent, seg)
		switch {
		case j < 0 && i < len(segs)-1:
			var keys []string
			for k := 0; k < len(parent.Content); k += 2 {
				keys = append(keys, parent.Content[k].Value)
			}
			errs.Addf(at, "--set %q: no key %q in %s%s", expr, seg, where, DidYouMean(seg, keys))
			return errs.Err()
		case j < 0:
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: seg, Line: at.Line, Column: 1}
			t.files[key] = at.File
			parent.Content = append(parent.Content, key, val)
		case i == len(segs)-1:
			t.replace(parent.Content[j+1:j+2], val)
		default:
			parent = parent.Content[j+1]
		}
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

// replace puts val in slot[0], keeping source and range if the slot holds
// a number in mapping form and val is a plain scalar.
func (t *Tree) replace(slot []*yaml.Node, val *yaml.Node) {
	old := slot[0]
	if old.Kind == yaml.MappingNode && val.Kind == yaml.ScalarNode && !isNull(val) {
		for i := 0; i+1 < len(old.Content); i += 2 {
			if old.Content[i].Value == "value" {
				old.Content[i+1] = val
				return
			}
		}
	}
	slot[0] = val
}

// placeSet gives the nodes of a --set value the position line:col+... in
// file "--set", col being where the value starts in the argument.
func (t *Tree) placeSet(n *yaml.Node, line, col int) {
	if n.Line <= 1 {
		n.Column += col - 1
	}
	n.Line = line
	t.files[n] = "--set"
	for _, c := range n.Content {
		t.placeSet(c, line, col)
	}
}
