package scenarios

import (
	"fmt"
	"slices"
)

// The parts of the JSON Schema that speak to people in an editor:
// messages for a badly written quantity or date (yaml-language-server
// shows patternErrorMessage instead of the raw regular expression) and
// the suggestions for extends.

// quantityMessage is the message for a string that is not a quantity of
// unit kind k, with an example of the right form.
func quantityMessage(k unitKind, name, per string) string {
	example := k.example
	if name == "price" && per != "" {
		example = "$0.12/" + per + " or ¥0.8/" + per
	}
	return fmt.Sprintf("Not a %s: write it like %s (units: %s).", unitNames[name], example, suffixList(k))
}

// datePattern matches YYYY-MM-DD with a month of 01-12 and a day that the
// month can have (29 February in any year; the loader checks leap years).
const datePattern = `^[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-9]))$`

// dateSchema is the schema of a date.
func dateSchema() map[string]any {
	return map[string]any{
		"type": "string", "format": "date", "pattern": datePattern,
		"patternErrorMessage": "Not a date: write YYYY-MM-DD with a real month and day, e.g. 2026-02-14.",
	}
}

// extendsSchema is the schema of extends: any name or path, with the
// embedded scenarios offered as completions.
func extendsSchema() map[string]any {
	var names []string
	for _, e := range Catalogue() {
		names = append(names, e.Name)
	}
	slices.Sort(names)
	return map[string]any{
		"type": "string", "minLength": 1, "description": schemaDocs["Scenario.extends"],
		"examples": names,
	}
}

// nullable is s or null (a patch's "delete this key"). The value's own
// schema comes first: yaml-language-server reports the first alternative
// that fails, so a bad unit reads "Not a bandwidth: ...", not "Expected
// null".
func nullable(s map[string]any) map[string]any {
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}
