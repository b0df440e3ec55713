package scenarios

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestSchemaEditorMessages checks what an editor shows from the schema:
// a human message with an example for every quantity pattern, dates that
// are format: date with a pattern that rejects impossible dates, the
// embedded scenarios offered for extends, and each field's text once
// (quantity definitions have none of their own).
func TestSchemaEditorMessages(t *testing.T) {
	var root struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(Schema(), &root); err != nil {
		t.Fatal(err)
	}
	quantities := 0
	for name, def := range root.Definitions {
		if !strings.HasPrefix(name, "quantity-") {
			continue
		}
		quantities++
		msg, _ := def["patternErrorMessage"].(string)
		if !strings.Contains(msg, "write it like ") || strings.Contains(msg, `\`) || strings.Contains(msg, "(?:") {
			t.Errorf("%s: patternErrorMessage %q should give an example, not a regular expression", name, msg)
		}
		if _, ok := def["description"]; ok {
			t.Errorf("%s has a description; the field's own text says it once", name)
		}
	}
	if quantities < 8 {
		t.Errorf("only %d quantity definitions", quantities)
	}

	start := root.Definitions["Scenario"]["properties"].(map[string]any)["start"].(map[string]any)
	if start["format"] != "date" || start["patternErrorMessage"] == nil {
		t.Errorf("start: %v, want format date and a message", start)
	}
	re := regexp.MustCompile(start["pattern"].(string))
	for date, ok := range map[string]bool{
		"2026-02-14": true, "2026-12-31": true, "2028-02-29": true, "2026-01-31": true,
		"2026-13-45": false, "2026-00-10": false, "2026-04-31": false, "2026-02-30": false, "2026-1-1": false, "26-01-01": false,
	} {
		if re.MatchString(date) != ok {
			t.Errorf("date pattern on %s: match %v, want %v", date, !ok, ok)
		}
	}

	extends := root.Definitions["ScenarioPatch"]["properties"].(map[string]any)["extends"].(map[string]any)
	var offered []string
	for _, v := range extends["examples"].([]any) {
		offered = append(offered, v.(string))
	}
	for _, e := range Catalogue() {
		if !slices.Contains(offered, e.Name) {
			t.Errorf("extends does not offer the embedded scenario %s: %v", e.Name, offered)
		}
	}

	bw := root.Definitions["ChipSpec"]["properties"].(map[string]any)["memory_bandwidth"].(map[string]any)
	if doc, _ := bw["description"].(string); strings.Count(doc, "4.0TB/s") != 1 {
		t.Errorf("chips.*.memory_bandwidth description %q should give the example once", doc)
	}
}
