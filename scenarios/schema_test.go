package scenarios

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// compiledSchema compiles Schema with a draft-07 validator, which also
// checks the schema against the draft-07 meta-schema.
func compiledSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	if err := c.AddResource("aicloudsim.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("aicloudsim.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlToJSON reads a YAML document the way yaml-language-server sees it
// (YAML 1.2 core schema: dates are strings, aliases expanded) and returns
// it as JSON values for the validator.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.AliasNode:
			return conv(n.Alias)
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			l := []any{}
			for _, c := range n.Content {
				l = append(l, conv(c))
			}
			return l
		}
		var v any
		switch n.Tag {
		case "!!int", "!!float", "!!bool", "!!null":
			if err := n.Decode(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}
		return n.Value
	}
	b, err := json.Marshal(conv(&doc))
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Every embedded scenario and every good file of the CLI's tests is valid
// against the schema.
func TestSchemaAcceptsScenarios(t *testing.T) {
	s := compiledSchema(t)
	files, _ := filepath.Glob("catalogue/*.yaml")
	good, _ := filepath.Glob("../cmd/aicloudsim/testdata/good/*.yaml")
	files = append(files, good...)
	if len(files) < 6 {
		t.Fatalf("only %d scenario files found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

// Files the schema accepts and rejects. Each case also goes through the
// loader, which must agree: the schema is no looser and no stricter than
// the loader on these.
func TestSchemaCases(t *testing.T) {
	t.Parallel()
	s := compiledSchema(t)
	for _, tc := range []struct {
		name, src string
		ok        bool
		reason    string
	}{
		{"what-if", "extends: baseline\nchips: {zhenwu-810e: {memory_bandwidth: {value: 0.7TB/s, source: x}}}\n", true,
			"a patch needs none of the required keys"},
		{"delete", "extends: baseline\nproviders: {western: {home_chip: ~}}\n", true, "~ deletes a parent's key"},
		{"patch range", "extends: baseline\ncosts: {pue: {range: [1.1, 1.6]}}\n", true,
			"a number mapping without value merges with the parent's"},
		{"bare numbers", "extends: baseline\ncosts: {pue: 1.4, electricity: 0.1}\nchips: {h20: {hbm: 96000000000, lifetime: 1000}}\n", true,
			"a bare number is in the canonical unit where the unit allows one"},
		{"currencies", "extends: baseline\ncosts: {electricity: ¥0.6/kWh}\nchips: {h20: {price: \"US$ 13K\"}}\n", true, "yuan and US$"},
		{"checks", "extends: baseline\nchecks: [{check: share-at-most, company: bytedance, max: 60%, basis: revenue, segment: llm-api}, {check: price-above-marginal-cost, allowed_discount: {bytedance: 30%}}]\n", true,
			"each check kind has its keys"},
		{"unknown key", "extends: baseline\nchips: {h20: {prcie: $1K}}\n", false, "a typo"},
		{"unknown top key", "extends: baseline\nchipz: {}\n", false, "a typo at the top"},
		{"wrong type", "extends: baseline\nchips: {h20: {hbm: true}}\n", false, "a boolean for a size"},
		{"wrong unit", "extends: baseline\nchips: {h20: {memory_bandwidth: 4.0GW}}\n", false, "power for a bandwidth"},
		{"missing unit", "extends: baseline\nchips: {h20: {memory_bandwidth: 4000}}\n", false, "a bandwidth needs its unit"},
		{"out of range", "extends: baseline\ncosts: {pue: 7}\n", false, "a bare number beyond the plausible range"},
		{"negative", "extends: baseline\nchips: {h20: {hbm: -5}}\n", false, "sizes are not negative"},
		{"bad date", "extends: baseline\nstart: 2026-1-1\n", false, "dates are YYYY-MM-DD"},
		{"impossible date", "extends: baseline\nstart: 2026-13-45\n", false, "there is no month 13"},
		{"day beyond the month", "extends: baseline\nstart: 2026-04-31\n", false, "April has 30 days"},
		{"leap day", "extends: baseline\nstart: 2028-02-29\n", true, "2028 is a leap year"},
		{"enum", "extends: baseline\nchips: {h20: {origin: martian}}\n", false, "origin is domestic or foreign"},
		{"bad id", "extends: baseline\nchips: {H20: {name: x}}\n", false, "ids are lower-case"},
		{"bad path key", "extends: baseline\nsegments: {llm-api: {spend: {next-year: $1B}}}\n", false, "spend is keyed by year or date"},
		{"number mapping typo", "extends: baseline\ncosts: {pue: {valeu: 1.3}}\n", false, "a number mapping takes value, source and range"},
		{"range of one", "extends: baseline\ncosts: {pue: {value: 1.3, range: [1.2]}}\n", false, "a range is [low, high]"},
		{"incomplete list element", "extends: baseline\nevents: [{date: 2026-03-01, summary: x}]\n", false,
			"list elements replace the parent's, so they must be complete"},
		{"check kind", "extends: baseline\nchecks: [{check: shares-sum-to-two}]\n", false, "an unknown check"},
		{"check key", "extends: baseline\nchecks: [{check: shares-sum-to-one, max: 1}]\n", false, "max belongs to other checks"},
		{"check needs max", "extends: baseline\nchecks: [{check: utilisation-at-most}]\n", false, "utilisation-at-most needs max"},
		{"no extends", "name: x\nstart: 2026-01-01\n", false, "a file without extends needs every required key"},
		{"not a mapping", "- name: x\n", false, "the top level is a mapping"},
		{"empty extends", "extends: ''\nname: x\n", false, "extends names something"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := s.Validate(yamlToJSON(t, []byte(tc.src)))
			if (err == nil) != tc.ok {
				t.Errorf("schema: valid = %v, want %v (%s): %v", err == nil, tc.ok, tc.reason, err)
			}
			_, lerr := buildChild(tc.src)
			if (lerr == nil) != tc.ok {
				t.Errorf("loader: valid = %v, want %v (%s): %v", lerr == nil, tc.ok, tc.reason, lerr)
			}
		})
	}
}

// Every quantity written as the units tests write it matches its unit's
// pattern, and the patterns compile in Go (ECMAScript accepts the same
// subset: no \p classes, no \x{...}, no lookarounds).
func TestQuantityPatterns(t *testing.T) {
	for name, k := range unitKinds {
		unit := name
		if name == "price" {
			unit = "price/W"
		}
		_, n, per, _ := splitUnit(unit)
		pat := quantityPattern(k, n, per)
		re, err := regexp.Compile(pat)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(pat, `\p`) || strings.Contains(pat, `\x`) || strings.Contains(pat, "(?=") {
			t.Errorf("%s: pattern %q is not portable to ECMAScript", name, pat)
		}
		for _, ex := range strings.FieldsFunc(k.example, func(r rune) bool { return r == ',' || r == ' ' }) {
			if ex == "or" || ex == "e.g." {
				continue
			}
			if name == "price" {
				ex = strings.Split(ex, "/")[0] + "/W"
			}
			_, perr := ParseQuantity(unit, ex)
			if ok := re.MatchString(ex); ok != (perr == nil) {
				t.Errorf("%s: %q matches the pattern: %v; ParseQuantity error: %v", name, ex, ok, perr)
			}
		}
		for _, bad := range []string{"", "abc", "1 2", "NaN", "0x10", "1e", "--1"} {
			if re.MatchString(bad) {
				t.Errorf("%s: pattern accepts %q", name, bad)
			}
		}
	}
}

// The description and enumeration tables name keys that exist, so they
// cannot rot when the schema changes.
func TestSchemaTablesNameKeys(t *testing.T) {
	keys := map[string]bool{"Scenario.extends": true}
	types := map[string]bool{}
	var walk func(rt reflect.Type)
	walk = func(rt reflect.Type) {
		for rt.Kind() == reflect.Pointer || rt.Kind() == reflect.Slice || rt.Kind() == reflect.Map {
			rt = rt.Elem()
		}
		if rt.Kind() != reflect.Struct || types[rt.Name()] || special(rt) && rt != reflect.TypeFor[CheckSpec]() {
			return
		}
		types[rt.Name()] = true
		if rt == reflect.TypeFor[CheckSpec]() {
			for _, sh := range checkShapes {
				walk(sh)
				for _, k := range checkKeys(sh) {
					keys["CheckSpec."+k] = true
				}
			}
			return
		}
		for i := range rt.NumField() {
			f := rt.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			if f.Anonymous {
				walk(f.Type)
				continue
			}
			keys[rt.Name()+"."+name] = true
			walk(f.Type)
		}
	}
	walk(reflect.TypeFor[Scenario]())
	for k := range schemaDocs {
		if !keys[k] && !types[k] {
			t.Errorf("schemaDocs names %q, which is no type or key of the schema", k)
		}
	}
	for k := range schemaEnums {
		if !keys[k] {
			t.Errorf("schemaEnums names %q, which is no key of the schema", k)
		}
	}
	for k := range pathMaps {
		if !keys[k] {
			t.Errorf("pathMaps names %q, which is no key of the schema", k)
		}
	}
	for _, k := range []string{"Scenario.chips", "ChipSpec.memory_bandwidth", "SegmentSpec.kind", "ModelSpec.owner"} {
		if schemaDocs[k] == "" {
			t.Errorf("main key %s has no description", k)
		}
	}
}

// The schema is the same bytes every time (editors and diffs rely on it).
func TestSchemaDeterministic(t *testing.T) {
	if !bytes.Equal(Schema(), Schema()) {
		t.Error("two calls of Schema differ")
	}
}
