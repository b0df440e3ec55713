package scenarios

import (
	"strings"
	"testing"
)

// A child that restates a number in mapping form replaces the parent's
// number whole: the parent's range and source must not constrain the new
// value, while sibling keys still merge.
func TestExtendReplacesNumberMappings(t *testing.T) {
	parent := "a: {value: 1, range: [0, 2], source: parent}\nb: {c: 1, d: 2}\n"
	child := "extends: parent\na: {value: 5, source: child}\nb: {d: 3}\n"
	res := func(ref, from string) (string, []byte, error) { return "parent.yaml", []byte(parent), nil }
	tr, err := Load("child.yaml", []byte(child), res, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := tr.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{"value: 5", "source: child", "c: 1", "d: 3"} {
		if !strings.Contains(got, want) {
			t.Errorf("merged tree lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"range", "parent"} {
		if strings.Contains(got, gone) {
			t.Errorf("merged tree still has the parent's %q:\n%s", gone, got)
		}
	}
}
