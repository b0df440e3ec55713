package scenarios

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The -update flag rewrites golden files. It is defined only if another
// test file of the package has not defined it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// testScenario is a small schema exercising every supported field type.
type testScenario struct {
	testCommon
	Name    string              `yaml:"name,required"`
	Seed    int64               `yaml:"seed"`
	Runs    uint8               `yaml:"runs"`
	Start   Date                `yaml:"start"`
	Share   Num                 `yaml:"share" unit:"fraction" range:"0,1"`
	Market  Num                 `yaml:"market" unit:"usd" range:"1e9,1e13"`
	Loss    Num                 `yaml:"loss" unit:"usd" range:"-1e12,1e12"`
	Elast   Num                 `yaml:"elasticity" unit:"number"`
	Chips   map[string]testChip `yaml:"chips"`
	Prices  map[string]Num      `yaml:"prices" unit:"price/Mtok"`
	Events  []testEvent         `yaml:"events"`
	Tags    []string            `yaml:"tags"`
	Weight  float64             `yaml:"weight" range:"0,1"`
	Verbose bool                `yaml:"verbose"`
	Kind    testKind            `yaml:"kind"`
	Shock   *testShock          `yaml:"shock"`
	Window  [2]Date             `yaml:"window"`
	Raw     yaml.Node           `yaml:"raw"`
	Ignored string              `yaml:"-"`
}

type testCommon struct {
	Notes string `yaml:"notes"`
}

type testChip struct {
	Vendor    Str  `yaml:"vendor,required"`
	Bandwidth Num  `yaml:"memory_bandwidth" unit:"bandwidth" range:"10,20000"`
	Memory    Num  `yaml:"memory" unit:"bytes"`
	Power     Num  `yaml:"power" unit:"power"`
	Peak      Num  `yaml:"peak" unit:"tflops"`
	Launch    Date `yaml:"launch"`
}

type testEvent struct {
	Date Date   `yaml:"date,required"`
	What string `yaml:"what"`
	Life Num    `yaml:"life" unit:"duration"`
}

// testKind decodes through encoding.TextUnmarshaler.
type testKind int

func (k *testKind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "chat":
		*k = 1
	case "video":
		*k = 2
	default:
		return fmt.Errorf("unknown kind %q; want chat or video", b)
	}
	return nil
}

// testShock decodes through Unmarshaler: a name, or a mapping.
type testShock struct {
	Kind string  `yaml:"kind"`
	Size float64 `yaml:"size"`
}

func (s *testShock) UnmarshalScenario(d *Decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		if n.Value != "small" && n.Value != "big" {
			d.Errorf(n, "%s: unknown shock %q", path, n.Value)
		}
		s.Kind = n.Value
		return
	}
	type plain testShock
	d.Decode(n, path, (*plain)(s))
}

// decodeSrc parses and decodes src as t.yaml and returns the errors, one
// per line.
func decodeSrc(src string) (testScenario, string) {
	var s testScenario
	tree, err := Parse("t.yaml", []byte(src), Limits{})
	if err != nil {
		return s, err.Error()
	}
	return s, errString(Decode(tree, &s).Err())
}

// errString is err.Error(), or "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestDecode(t *testing.T) {
	src := `notes: inline
name: demo
seed: -7
runs: 200
tags: [a, b]
weight: 0.5
verbose: true
kind: video
shock: {kind: big, size: 2}
window: [2026-01-01, 2030-12-31]
raw: {anything: [goes]}
events:
  - {date: 2026-02-14, what: Doubao 2.0, life: 6mo}
  - date: 2026-02-16
`
	s, errs := decodeSrc(src)
	if errs != "" {
		t.Fatal(errs)
	}
	checks := []struct {
		got, want any
		reason    string
	}{
		{s.Notes, "inline", "embedded structs are inlined"},
		{s.Name, "demo", "string"},
		{s.Seed, int64(-7), "signed int"},
		{s.Runs, uint8(200), "small unsigned int"},
		{s.Tags, []string{"a", "b"}, "slice"},
		{s.Weight, 0.5, "float"},
		{s.Verbose, true, "bool"},
		{s.Kind, testKind(2), "TextUnmarshaler"},
		{*s.Shock, testShock{"big", 2}, "Unmarshaler delegating to Decode"},
		{s.Window[1].String(), "2030-12-31", "array of dates"},
		{dump(&s.Raw), "{anything: [goes]}", "raw node"},
		{len(s.Events), 2, "slice of structs"},
		{s.Events[0].Life.Value, 182.625, "duration in days"},
		{s.Events[0].Life.Path, "events.0.life", "paths index sequences"},
		{s.Events[1].What, "", "absent field stays zero"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v; want %#v", c.reason, c.got, c.want)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		src    string
		want   string
		reason string
	}{
		{"name: t\nnmae: u\n", `t.yaml:2:1: unknown key "nmae" in the top level (did you mean "name"?)`, "did-you-mean from yaml tags"},
		{"name: t\nchips: {a: {vendor: v, memory_bandwith: 1TB/s}}\n", `t.yaml:2:24: unknown key "memory_bandwith" in chips.a (did you mean "memory_bandwidth"?)`, "nested unknown key"},
		{"name: t\nIgnored: x\n", `t.yaml:2:1: unknown key "Ignored" in the top level`, `yaml:"-" fields are not keys`},
		{"seed: 1\n", `t.yaml:1:1: missing required key "name" in the top level`, "required at the parent mapping"},
		{"name: ~\n", "t.yaml:1:7: name: required key has no value", "required and null"},
		{"name: t\nchips: {a: {memory: 1GB}}\n", `t.yaml:2:12: missing required key "vendor" in chips.a`, "required in a map element"},
		{"name: t\nchips: [a]\n", "t.yaml:2:8: chips: expected a mapping, got a sequence", "kind"},
		{"name: t\ntags: x\n", `t.yaml:2:7: tags: expected a sequence, got "x"`, "kind"},
		{"name: {a: 1}\n", "t.yaml:1:7: name: expected a string, got a mapping", "kind"},
		{"name: t\nverbose: yes\n", `t.yaml:2:10: verbose: expected true or false, got "yes"`, "YAML 1.2 booleans only"},
		{"name: t\nseed: 1.5\n", `t.yaml:2:7: seed: expected an integer, got "1.5"`, "integers are whole"},
		{"name: t\nruns: 300\n", "t.yaml:2:7: runs: 300 is out of range for uint8", "overflow"},
		{"name: t\nruns: -1\n", "t.yaml:2:7: runs: -1 is out of range for uint8", "unsigned"},
		{"name: t\nweight: abc\n", `t.yaml:2:9: weight: cannot read "abc" as a quantity; want e.g. 1.5 or 2e6`, "float"},
		{"name: t\nweight: .nan\n", `t.yaml:2:9: weight: cannot read ".nan" as a quantity; want e.g. 1.5 or 2e6`, "no NaN"},
		{"name: t\nweight: 2\n", "t.yaml:2:9: weight 2 is outside the plausible range [0, 1]", "range tag on a float"},
		{"name: t\nchips: {Zhenwu.810: {vendor: v}}\n", `t.yaml:2:9: invalid id "Zhenwu.810" in chips: ids use lower-case letters, digits, '-' and '_', and start with a letter or digit`, "ids"},
		{"name: t\nkind: image\n", `t.yaml:2:7: kind: unknown kind "image"; want chat or video`, "TextUnmarshaler error"},
		{"name: t\nshock: huge\n", `t.yaml:2:8: shock: unknown shock "huge"`, "Unmarshaler error"},
		{"name: t\nshock: {kind: big, sise: 2}\n", `t.yaml:2:20: unknown key "sise" in shock (did you mean "size"?)`, "Unmarshaler delegating to Decode"},
		{"name: t\nwindow: [2026-01-01]\n", "t.yaml:2:9: window: expected 2 elements, got 1", "array length"},
		{"name: t\nevents: [{what: x}]\n", `t.yaml:2:10: missing required key "date" in events.0`, "sequence paths"},
	}
	for _, tt := range tests {
		_, got := decodeSrc(tt.src)
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s\n(%s)", tt.src, got, tt.want, tt.reason)
		}
	}
}

func TestDecodeDuplicateKeys(t *testing.T) {
	// Parse rejects duplicates; a hand-built tree checks the decoder's own guard.
	k := func(v string, line int) *yaml.Node {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Line: line, Column: 1}
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Line: 1, Column: 1,
		Content: []*yaml.Node{k("name", 1), k("a", 1), k("name", 2), k("b", 2)}}
	var s testScenario
	got := Decode(&Tree{Root: root, File: "h.yaml"}, &s).Error()
	if want := `h.yaml:2:1: duplicate key "name" (first at h.yaml:1:1)`; got != want {
		t.Errorf("got %s; want %s", got, want)
	}
}

func TestDecodeSchemaBugs(t *testing.T) {
	type noUnit struct {
		X Num `yaml:"x"`
	}
	tree, err := Parse("t.yaml", []byte("x: 1\n"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var v noUnit
	if got := Decode(tree, &v).Error(); !strings.Contains(got, "t.yaml:1:1: internal error: ") || !strings.Contains(got, "Num field has no unit tag") {
		t.Errorf("Num without unit: %s", got)
	}
	if got := Decode(tree, v).Error(); !strings.Contains(got, "internal error: Decode needs a non-nil pointer") {
		t.Errorf("non-pointer: %s", got)
	}
}

func TestCheckSchema(t *testing.T) {
	tests := []struct {
		v      any
		want   string
		reason string
	}{
		{&testScenario{}, "", "the test schema is sound"},
		{struct {
			X Num `yaml:"x"`
		}{}, "Num field has no unit tag", "Num needs a unit"},
		{struct {
			X []Num `yaml:"x" unit:"furlongs"`
		}{}, `unknown unit "furlongs"`, "unit must be known"},
		{struct {
			X float64 `yaml:"x" unit:"usd"`
		}{}, "unit tag on a non-Num field", "unit only on Num"},
		{struct {
			X Num `yaml:"x" unit:"usd" range:"5"`
		}{}, `range tag "5"`, "malformed range"},
		{struct {
			X string `yaml:"x" range:"0,1"`
		}{}, "range tag on a non-numeric field", "range on a string"},
		{struct {
			X int `yaml:"x"`
			Y int `yaml:"x"`
		}{}, `two fields use the key "x"`, "duplicate keys"},
		{struct {
			X map[int]string `yaml:"x"`
		}{}, "map keys must be strings", "ids are strings"},
		{struct {
			X any `yaml:"x"`
		}{}, "cannot decode into interface {}", "no interfaces"},
	}
	for _, tt := range tests {
		err := CheckSchema(tt.v)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%T: %v (%s)", tt.v, err, tt.reason)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%T: %v; want %q (%s)", tt.v, err, tt.want, tt.reason)
		}
	}
}

// TestGolden decodes each testdata/decode/*.yaml (other than parent-*)
// after extends and the "# set: path=value" lines at its top, and compares
// all errors with the .golden file beside it. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	paths, err := filepath.Glob("testdata/decode/*.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	resolve := func(ref, from string) (string, []byte, error) {
		name := filepath.Join(filepath.Dir(from), ref+".yaml")
		data, err := os.ReadFile(name)
		return filepath.ToSlash(name), data, err
	}
	for _, path := range paths {
		if strings.HasPrefix(filepath.Base(path), "parent-") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got := goldenErrors(filepath.ToSlash(path), data, resolve)
		golden := strings.TrimSuffix(path, ".yaml") + ".golden"
		if updating() {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s: errors differ from %s\n got:\n%s\nwant:\n%s", path, golden, got, want)
		}
	}
}

// goldenErrors runs the whole pipeline and returns all errors, one per line.
func goldenErrors(name string, data []byte, resolve Resolver) string {
	tree, err := Load(name, data, resolve, Limits{})
	if err != nil {
		return err.Error() + "\n"
	}
	var errs ErrorList
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if set, ok := strings.CutPrefix(sc.Text(), "# set: "); ok {
			var list ErrorList
			if errors.As(ApplySet(tree, set), &list) {
				errs = append(errs, list...)
			}
		}
	}
	var s testScenario
	errs = append(errs, Decode(tree, &s)...)
	return errString(errs.Err()) + "\n"
}

func FuzzDecode(f *testing.F) {
	seeds := []string{
		"name: t\nchips: {a: {vendor: v, memory_bandwidth: {value: 1TB/s, range: [1GB/s, 2TB/s]}}}\n",
		"extends: parent\nname: t\nmarket: ~\n",
		"extends: self\n",
		"a: &a\n  <<: *a\n",
		"a: &a [*a]\n",
		laughs(4),
		"name: t\nevents: [{date: 2026-02-30}, {date: x, life: 6mo}]\nshock: {kind: 1}\nwindow: [1]\n",
		"name: t\nprices: {a: \"¥3.2/Mtok\", B: 1}\nweight: 1e999\nruns: 1e30\n",
		"\xef\xbb\xbfname: t\n",
		"? [a]\n: 1\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	parent := []byte("name: base\nmarket: $90B\nchips: {a: {vendor: v}}\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		resolve := func(ref, from string) (string, []byte, error) {
			switch ref {
			case "parent":
				return "parent.yaml", parent, nil
			case "self":
				return "f.yaml", data, nil
			}
			return "", nil, errors.New("not found")
		}
		var errs ErrorList
		tree, err := Load("f.yaml", data, resolve, Limits{MaxNodes: 10000})
		if err == nil {
			if err := ApplySet(tree, "chips.a.memory_bandwidth=2TB/s"); err != nil {
				errors.As(err, &errs)
			}
			var s testScenario
			errs = append(errs, Decode(tree, &s)...)
			if _, err := tree.Marshal(); err != nil {
				t.Errorf("Marshal: %v", err)
			}
		} else if !errors.As(err, &errs) {
			t.Fatalf("error is not an ErrorList: %v", err)
		}
		for _, e := range errs {
			if e.Pos.File == "" || e.Pos.Line < 1 {
				t.Errorf("error without file and line: %q", e.Error())
			}
		}
	})
}

// The pipeline a caller runs: parse (or Load, which also resolves
// extends), apply --set overrides, decode, and report every error at once.
func ExampleDecode() {
	type chip struct {
		Vendor    Str `yaml:"vendor,required"`
		Bandwidth Num `yaml:"memory_bandwidth" unit:"bandwidth" range:"10,20000"`
	}
	type scenario struct {
		Name  string          `yaml:"name,required"`
		Chips map[string]chip `yaml:"chips"`
	}
	src := "name: demo\nchips:\n  zhenwu-810e: {vendor: alibaba, memory_bandwidth: 1.8TB/s}\n  h20: {vendr: nvidia}\n"
	tree, err := Parse("demo.yaml", []byte(src), Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := ApplySet(tree, "chips.zhenwu-810e.memory_bandwidth=90TB/s"); err != nil {
		fmt.Println(err)
		return
	}
	var s scenario
	errs := Decode(tree, &s)
	fmt.Println(errs.Err())
	// Output:
	// --set:1:36: chips.zhenwu-810e.memory_bandwidth 90000 GB/s is outside the plausible range [10, 20000] GB/s
	// demo.yaml:4:8: missing required key "vendor" in chips.h20
	// demo.yaml:4:9: unknown key "vendr" in chips.h20 (did you mean "vendor"?)
}
