package scenarios

import (
	"testing"
)

// TestHashIdentifiesWhatTheScenarioSays: comments, styles and aliases do
// not change the hash; any change of a key, value, type or order does.
func TestHashIdentifiesWhatTheScenarioSays(t *testing.T) {
	base := "a: 1\nb: [x, y]\nc: {d: true}\n"
	hash := func(src string) string {
		t.Helper()
		tr, err := Load("s.yaml", []byte(src), nil, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return hashTree(tr)
	}
	want := hash(base)
	for _, tc := range []struct {
		name, src string
		same      bool
	}{
		{"comments", "# head\na: 1 # one\nb: [x, y]\nc: {d: true}\n# foot\n", true},
		{"block style", "a: 1\nb:\n  - x\n  - y\nc:\n  d: true\n", true},
		{"quoted strings", "a: 1\nb: ['x', \"y\"]\nc: {d: true}\n", true},
		{"an alias", "a: 1\nb: &l [x, y]\nc: {d: true}\n", true},
		{"a value", "a: 2\nb: [x, y]\nc: {d: true}\n", false},
		{"a type", "a: '1'\nb: [x, y]\nc: {d: true}\n", false},
		{"a key", "a: 1\nb: [x, y]\nc: {e: true}\n", false},
		{"an order", "a: 1\nb: [y, x]\nc: {d: true}\n", false},
		{"nesting", "a: 1\nb: [x, [y]]\nc: {d: true}\n", false},
		{"a split value", "a: 1\nb: [xy]\nc: {d: true}\n", false},
	} {
		if got := hash(tc.src) == want; got != tc.same {
			t.Errorf("%s: same hash %v, want %v", tc.name, got, tc.same)
		}
	}
	if hash("x: &a [1, 2]\ny: *a\n") != hash("x: [1, 2]\ny: [1, 2]\n") {
		t.Error("an alias hashes unlike what it stands for")
	}
}

// BenchmarkOpenBaseline opens the embedded baseline as every command
// does: read, extend, decode and hash.
func BenchmarkOpenBaseline(b *testing.B) {
	for b.Loop() {
		if _, err := Open("baseline", nil); err != nil {
			b.Fatal(err)
		}
	}
}
