package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// dump writes n compactly in flow style, for comparing trees.
func dump(n *yaml.Node) string {
	var parts []string
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, n.Content[i].Value+": "+dump(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yaml.SequenceNode:
		for _, c := range n.Content {
			parts = append(parts, dump(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case yaml.ScalarNode:
		if isNull(n) {
			return "~"
		}
		return n.Value
	}
	return fmt.Sprintf("<kind %d>", n.Kind)
}

// lookup returns the node at a dotted path of mapping keys, or nil.
func lookup(n *yaml.Node, path string) *yaml.Node {
	for _, seg := range strings.Split(path, ".") {
		i := keyIndex(n, seg)
		if i < 0 {
			return nil
		}
		n = n.Content[i+1]
	}
	return n
}

// laughs builds a billion-laughs document with levels of ten aliases each.
func laughs(levels int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 lol\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	return b.String()
}

func TestParse(t *testing.T) {
	deepAlias := "a: &a " + strings.Repeat("[", 60) + strings.Repeat("]", 60) + "\n" +
		"b: " + strings.Repeat("[", 10) + "*a" + strings.Repeat("]", 10) + "\n"
	tests := []struct {
		name   string
		src    string
		lim    Limits
		want   string // all errors, one per line; "" for success
		reason string
	}{
		{"ok", "a: 1\nb: [x, y]\n", Limits{}, "", "a plain mapping"},
		{"anchors", "base: &b {x: 1}\nc: *b\n", Limits{}, "", "aliases are allowed and expanded"},
		{"syntax", "a: [1,\nb: 2", Limits{}, "t.yaml:2: did not find expected ',' or ']'", "library message gets the file and line"},
		{"tab", "a: 1\n\tb: 2\n", Limits{}, "t.yaml:2: found a tab character that violates indentation", "tabs cannot indent"},
		{"utf8", "a: 1\nb: x\xffy\n", Limits{}, "t.yaml:2:5: invalid UTF-8", "found before the parser, with a column"},
		{"empty", "", Limits{}, "t.yaml:1: the file is empty; want a mapping of keys", "nothing to read"},
		{"comment only", "# nothing\n", Limits{}, "t.yaml:1: the file is empty; want a mapping of keys", "comments are not content"},
		{"two docs", "a: 1\n---\nb: 2\n", Limits{}, "t.yaml:2:1: a second YAML document (---); a scenario file holds one", "one document per file"},
		{"sequence root", "- a\n- b\n", Limits{}, "t.yaml:1:1: the top level must be a mapping of keys, got a sequence", "root kind"},
		{"scalar root", "hello\n", Limits{}, `t.yaml:1:1: the top level must be a mapping of keys, got "hello"`, "root kind"},
		{"merge key", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", Limits{}, "t.yaml:3:3: merge keys (<<) are not supported; use extends", "merge keys are rejected"},
		{"merge crasher", "a: &a\n  <<: *a\n", Limits{}, "t.yaml:2:3: merge keys (<<) are not supported; use extends\n" +
			"t.yaml:2:7: alias *a is used inside the value it names", "the input that crashes yaml.v3's merge handling"},
		{"recursive sequence", "a: &a [1, *a]\n", Limits{}, "t.yaml:1:11: alias *a is used inside the value it names", "a cycle without merge keys"},
		{"quoted <<", "\"<<\": 1\n", Limits{}, "", "a quoted << is an ordinary key"},
		{"billion laughs", laughs(9), Limits{}, "t.yaml:1:1: the document has more than 250000 nodes once aliases are expanded", "1e9 nodes from 90 aliases"},
		{"small laughs", laughs(3), Limits{}, "", "1111 nodes is fine"},
		{"many aliases", "a: &a x\nb: [" + strings.TrimSuffix(strings.Repeat("*a, ", 1001), ", ") + "]\n", Limits{},
			"t.yaml:2:4005: more than 1000 alias references", "the 1001st alias is reported"},
		{"deep", "a: " + strings.Repeat("[", 100) + strings.Repeat("]", 100) + "\n", Limits{},
			"t.yaml:1:67: nesting deeper than 64 levels", "the 65th level is reported (root mapping is level 1)"},
		{"deep via alias", deepAlias, Limits{}, "t.yaml:2:14: nesting deeper than 64 levels through alias *a", "depth counts expanded aliases; the alias is blamed"},
		{"depth ok", "a: " + strings.Repeat("[", 63) + strings.Repeat("]", 63) + "\n", Limits{}, "", "exactly 64 levels"},
		{"too big", "a: 1234567890\n", Limits{MaxBytes: 8}, "t.yaml:1: file is 14 bytes; the limit is 8", "size limit"},
		{"custom tag", "a: !include other.yaml\n", Limits{}, `t.yaml:1:4: unsupported tag "!include"`, "no custom tags"},
		{"binary", "a: !!binary aGk=\n", Limits{}, `t.yaml:1:4: unsupported tag "!!binary"`, "no binary data"},
		{"duplicate", "a: 1\nb: 2\na: 3\n", Limits{}, `t.yaml:3:1: duplicate key "a" (first at line 1)`, "duplicates would make extends ambiguous"},
		{"complex key", "? [a, b]\n: 1\n", Limits{}, "t.yaml:1:3: mapping keys must be strings, got a sequence", "only string keys"},
		{"null key", "~: 1\n", Limits{}, "t.yaml:1:1: mapping keys must be strings, got null", "null is not a key"},
		{"unknown anchor", "a: *nope\n", Limits{}, "t.yaml:1: unknown anchor 'nope' referenced", "library error without a line goes on line 1"},
	}
	for _, tt := range tests {
		tree, err := Parse("t.yaml", []byte(tt.src), tt.lim)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("%s: Parse errors:\n%s\nwant:\n%s\n(%s)", tt.name, got, tt.want, tt.reason)
		}
		if err == nil && (tree == nil || tree.Root.Kind != yaml.MappingNode) {
			t.Errorf("%s: no error but no mapping root", tt.name)
		}
	}
}

func TestParseExpandsAliases(t *testing.T) {
	tree, err := Parse("t.yaml", []byte("base: &b {x: 1}\nc: *b\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	base, c := lookup(tree.Root, "base"), lookup(tree.Root, "c")
	if c == base || c.Kind != yaml.MappingNode || dump(c) != "{x: 1}" {
		t.Fatalf("alias not expanded into a copy: base=%p c=%p %s", base, c, dump(c))
	}
	c.Content[1].Value = "2"
	if dump(base) != "{x: 1}" {
		t.Errorf("changing the copy changed the anchor: %s", dump(base))
	}
	if p := tree.Pos(c.Content[1]); p.String() != "t.yaml:1:14" {
		t.Errorf("copy position = %v; want the anchor's position t.yaml:1:14", p)
	}
}

// files is a Resolver over in-memory files; ref "x" names "x.yaml".
func files(m map[string]string) Resolver {
	return func(ref, from string) (string, []byte, error) {
		name := ref + ".yaml"
		src, ok := m[name]
		if !ok {
			return "", nil, fmt.Errorf("no scenario named %q", ref)
		}
		return name, []byte(src), nil
	}
}

func TestExtend(t *testing.T) {
	base := "name: base\nmarket: $90B\nchips:\n  a: {bw: 1TB/s, mem: 96GB}\n  b: {bw: 2TB/s}\nlist: [1, 2]\n"
	chain := map[string]string{}
	for i := range MaxExtends + 2 {
		chain[fmt.Sprintf("p%d.yaml", i)] = fmt.Sprintf("extends: p%d\nv%d: %d\n", i+1, i, i)
	}
	chain[fmt.Sprintf("p%d.yaml", MaxExtends)] = "v: end\n"
	tests := []struct {
		name   string
		fs     map[string]string
		want   string // merged tree, or the errors
		reason string
	}{
		{"merge", map[string]string{"base.yaml": base,
			"child.yaml": "extends: base\nchips:\n  a: {bw: 0.7TB/s}\n  b: ~\n  c: {bw: 3TB/s}\nlist: [3]\n"},
			"{name: base, market: $90B, chips: {a: {bw: 0.7TB/s, mem: 96GB}, c: {bw: 3TB/s}}, list: [3]}",
			"mappings merge, null deletes, sequences replace, new keys go last"},
		{"scalar over mapping", map[string]string{"base.yaml": "x: {value: 1, source: s}\n", "child.yaml": "extends: base\nx: 2\n"},
			"{x: 2}", "a child scalar replaces a parent mapping whole"},
		{"grandparent", map[string]string{"a.yaml": "x: 1\ny: 1\nz: 1\n", "b.yaml": "extends: a\ny: 2\nz: 2\n",
			"child.yaml": "z: 3\nextends: b\n"}, "{x: 1, y: 2, z: 3}", "nearest file wins; extends may be anywhere"},
		{"no extends", map[string]string{"child.yaml": "x: 1\n"}, "{x: 1}", "nothing to do"},
		{"missing", map[string]string{"child.yaml": "extends: nope\n"},
			`child.yaml:1:10: cannot load parent "nope": no scenario named "nope"`, "resolver error at the extends value"},
		{"cycle", map[string]string{"child.yaml": "extends: b\n", "b.yaml": "x: 1\nextends: child\n"},
			"b.yaml:2:10: extends cycle: child.yaml → b.yaml → child.yaml", "the chain is listed at the extends that closes it"},
		{"self", map[string]string{"child.yaml": "extends: child\n"},
			"child.yaml:1:10: extends cycle: child.yaml → child.yaml", "a file extending itself"},
		{"not a name", map[string]string{"child.yaml": "extends: [a, b]\n"},
			"child.yaml:1:10: extends must name a scenario or a file, e.g. extends: baseline; got a sequence", "one parent only"},
		{"parent broken", map[string]string{"base.yaml": "a: [1,\n", "child.yaml": "extends: base\n"},
			"base.yaml:1: did not find expected node content", "parent errors keep the parent's name"},
		{"delete missing", map[string]string{"base.yaml": "chips: {a: 1}\n", "child.yaml": "extends: base\nchipz: ~\n"},
			`child.yaml:2:1: cannot delete "chipz": the parent has no such key (did you mean "chips"?)`, "a typo in a deletion is not silent"},
		{"long chain ok", chain, "", "filled in below"},
	}
	for _, tt := range tests {
		start := "child.yaml"
		if tt.name == "long chain ok" {
			start = "p0.yaml"
		}
		tree, err := Load(start, []byte(tt.fs[start]), files(tt.fs), Limits{})
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			got = dump(tree.Root)
		}
		if tt.name == "long chain ok" {
			if err != nil || !strings.Contains(got, "v: end") || strings.Contains(got, "extends") {
				t.Errorf("%s: chain of %d parents: %s", tt.name, MaxExtends, got)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s\n(%s)", tt.name, got, tt.want, tt.reason)
		}
	}
	chain[fmt.Sprintf("p%d.yaml", MaxExtends)] = fmt.Sprintf("extends: p%d\n", MaxExtends+1)
	_, err := Load("p0.yaml", []byte(chain["p0.yaml"]), files(chain), Limits{})
	if err == nil || !strings.Contains(err.Error(), "p16.yaml:1:10: extends chain is longer than 16: p0.yaml → p1.yaml") {
		t.Errorf("chain of %d parents: %v; want a chain-length error at p16.yaml", MaxExtends+1, err)
	}
}

func TestExtendPositions(t *testing.T) {
	fs := map[string]string{
		"base.yaml":  "name: base\nchips:\n  a: {bw: 1TB/s, mem: 96GB}\n",
		"child.yaml": "# what-if\nextends: base\nchips:\n  a: {bw: 0.7TB/s}\n",
	}
	tree, err := Load("child.yaml", []byte(fs["child.yaml"]), files(fs), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path, want, reason string
	}{
		{"chips.a.bw", "child.yaml:4:11", "overridden value is the child's"},
		{"chips.a.mem", "base.yaml:3:23", "inherited value is the parent's"},
		{"name", "base.yaml:1:7", "inherited top-level key"},
		{"chips.a", "child.yaml:4:6", "a merged mapping takes the child's position"},
	}
	for _, tt := range tests {
		if got := tree.Pos(lookup(tree.Root, tt.path)).String(); got != tt.want {
			t.Errorf("Pos(%s) = %s; want %s (%s)", tt.path, got, tt.want, tt.reason)
		}
	}
	if got := tree.Pos(tree.Root).File; got != "child.yaml" {
		t.Errorf("merged root is in %s; want child.yaml so missing-key errors point at the child", got)
	}
}

func TestApplySet(t *testing.T) {
	const base = "chips:\n  zhenwu-810e:\n    memory_bandwidth: {value: 1.8TB/s, source: vendor, range: [0.7TB/s, 2TB/s]}\n" +
		"    memory: 96GB\nevents:\n  - {date: 2026-01-29, what: launch}\n"
	const zw = "chips.zhenwu-810e."
	tests := []struct {
		name   string
		sets   []string
		path   string // node to dump after the sets
		want   string // its dump, or the error
		reason string
	}{
		{"scalar", []string{zw + "memory=144GB"}, zw + "memory", "144GB", "replace a scalar"},
		{"keep source", []string{zw + "memory_bandwidth=0.7TB/s"}, zw + "memory_bandwidth",
			"{value: 0.7TB/s, source: vendor, range: [0.7TB/s, 2TB/s]}", "a Num mapping keeps source and range"},
		{"whole num", []string{zw + "memory_bandwidth={value: 1TB/s}"}, zw + "memory_bandwidth",
			"{value: 1TB/s}", "a mapping value replaces the whole Num"},
		{"new key", []string{zw + "power=400W"}, "chips.zhenwu-810e", "{memory_bandwidth: {value: 1.8TB/s, source: vendor, range: [0.7TB/s, 2TB/s]}, memory: 96GB, power: 400W}",
			"a missing last key is added to an existing mapping"},
		{"new id", []string{"chips.h200={memory: 141GB}"}, "chips.h200", "{memory: 141GB}", "a whole new entry"},
		{"index", []string{"events.0.date=2026-02-01"}, "events", "[{date: 2026-02-01, what: launch}]", "sequence elements by index"},
		{"two sets", []string{zw + "memory=1", zw + "memory=2"}, zw + "memory", "2", "later sets win"},
		{"spaces", []string{" " + zw + "memory = 144GB "}, zw + "memory", "144GB", "spaces around = are trimmed"},
		{"typo", []string{"chipz.a.memory=1"}, "",
			`--set:1:1: --set "chipz.a.memory=1": no key "chipz" in the top level (did you mean "chips"?)`, "intermediate keys must exist"},
		{"deep typo", []string{"chips.zhenwu-801e.memory=1"}, "",
			`--set:1:1: --set "chips.zhenwu-801e.memory=1": no key "zhenwu-801e" in chips (did you mean "zhenwu-810e"?)`, "suggestions come from the tree"},
		{"through scalar", []string{zw + "memory.x=1"}, "",
			`--set:1:1: --set "chips.zhenwu-810e.memory.x=1": chips.zhenwu-810e.memory is "96GB", not a mapping`, "cannot descend into a scalar"},
		{"bad index", []string{"events.5.date=x"}, "",
			`--set:1:1: --set "events.5.date=x": events is a sequence of 1; no element "5"`, "index out of range"},
		{"no equals", []string{"chips"}, "",
			`--set:1:1: --set "chips": want path=value, e.g. chips.zhenwu-810e.memory_bandwidth=0.7TB/s`, "form"},
		{"empty value", []string{"a="}, "", `--set:1:1: --set "a=": missing value after =`, "an empty string needs quotes"},
		{"empty segment", []string{"chips..a=1"}, "", `--set:1:1: --set "chips..a=1": bad path "chips..a"`, "double dot"},
		{"bad yaml", []string{"a=[1,"}, "", `--set:1:1: --set "a=[1,": did not find expected node content`, "value syntax"},
		{"second line", []string{"x=1", "chipz.a=1"}, "",
			`--set:2:1: --set "chipz.a=1": no key "chipz" in the top level (did you mean "chips"?)`, "the n-th set is line n"},
	}
	for _, tt := range tests {
		tree, err := Parse("base.yaml", []byte(base), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range tt.sets {
			if err == nil {
				err = ApplySet(tree, s)
			} else {
				_ = ApplySet(tree, s)
			}
		}
		got := ""
		switch {
		case err != nil:
			got = err.Error()
		case lookup(tree.Root, tt.path) == nil:
			got = "<missing " + tt.path + ">"
		default:
			got = dump(lookup(tree.Root, tt.path))
		}
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s\n(%s)", tt.name, got, tt.want, tt.reason)
		}
	}
}

func TestApplySetPositions(t *testing.T) {
	tree, err := Parse("base.yaml", []byte("a: {value: 1, source: s}\nb: 2\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"b=3", "a=[5, 6]"} {
		if err := ApplySet(tree, s); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		n      *yaml.Node
		want   string
		reason string
	}{
		{lookup(tree.Root, "b"), "--set:1:3", "value of the first set starts at column 3"},
		{lookup(tree.Root, "a"), "--set:2:3", "second set is line 2"},
		{lookup(tree.Root, "a").Content[1], "--set:2:7", "flow elements keep their offset"},
	}
	for _, tt := range tests {
		if got := tree.Pos(tt.n).String(); got != tt.want {
			t.Errorf("Pos = %s; want %s (%s)", got, tt.want, tt.reason)
		}
	}
	out, err := tree.Marshal()
	if err != nil || !strings.Contains(string(out), "b: 3") {
		t.Errorf("Marshal = %q, %v; want the set value", out, err)
	}
	var list ErrorList
	if err := ApplySet(tree, "nope"); !errors.As(err, &list) || len(list) != 1 {
		t.Errorf("ApplySet error %v is not an ErrorList of one", err)
	}
}

func TestZeroTree(t *testing.T) {
	var tree Tree
	if err := ApplySet(&tree, "a=1"); err == nil || err.Error() != "--set:1:1: the top level must be a mapping of keys" {
		t.Errorf("ApplySet on a zero Tree: %v", err)
	}
	if err := Extend(&tree, nil); err == nil {
		t.Error("Extend on a zero Tree: no error")
	}
	tree.Root = &yaml.Node{Kind: yaml.MappingNode}
	if err := ApplySet(&tree, "a=1"); err != nil || dump(tree.Root) != "{a: 1}" {
		t.Errorf("ApplySet on a hand-built Tree: %v, %s", err, dump(tree.Root))
	}
}
