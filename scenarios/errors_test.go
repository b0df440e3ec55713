package scenarios

import (
	"errors"
	"testing"
)

func TestPosString(t *testing.T) {
	tests := []struct {
		pos    Pos
		want   string
		reason string
	}{
		{Pos{"a.yaml", 12, 5}, "a.yaml:12:5", "full position"},
		{Pos{"a.yaml", 12, 0}, "a.yaml:12", "unknown column is left out, as go/token does"},
		{Pos{"a.yaml", 0, 0}, "a.yaml", "unknown line is left out"},
		{Pos{"", 3, 1}, "3:1", "no file"},
		{Pos{}, "", "nothing known"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q (%s)", tt.pos, got, tt.want, tt.reason)
		}
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	if l.Err() != nil {
		t.Fatal("empty list: Err() != nil")
	}
	l.Add(Pos{"b.yaml", 1, 1}, "late file")
	l.Addf(Pos{"a.yaml", 10, 2}, "unknown key %q", "x")
	l.Add(Pos{"a.yaml", 2, 9}, "second")
	l.Add(Pos{"a.yaml", 2, 9}, "first")
	l.Add(Pos{"a.yaml", 2, 9}, "first") // exact duplicate, e.g. from an expanded anchor
	l.Add(Pos{"a.yaml", 2, 3}, "earlier column")
	err := l.Err()
	const want = "a.yaml:2:3: earlier column\n" +
		"a.yaml:2:9: first\n" +
		"a.yaml:2:9: second\n" +
		"a.yaml:10:2: unknown key \"x\"\n" +
		"b.yaml:1:1: late file"
	if err == nil || err.Error() != want {
		t.Fatalf("Err() =\n%v\nwant\n%s", err, want)
	}
	if l[0].Msg != "late file" {
		t.Errorf("Err() reordered the receiver: first is %q", l[0].Msg)
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 5 {
		t.Errorf("errors.As(ErrorList) = %v, %d errors; want the sorted list of 5", list, len(list))
	}
	var one *Error
	if !errors.As(err, &one) || one.Msg != "earlier column" {
		t.Errorf("errors.As(*Error) = %v; want the first error", one)
	}
	if got := (&Error{Msg: "no position"}).Error(); got != "no position" {
		t.Errorf("Error without position = %q", got)
	}
}

func TestDidYouMean(t *testing.T) {
	keys := []string{"chips", "companies", "memory_bandwidth", "name", "price", "value"}
	tests := []struct {
		name   string
		want   string
		reason string
	}{
		{"prcie", ` (did you mean "price"?)`, "transposition costs one edit"},
		{"chipz", ` (did you mean "chips"?)`, "one substitution"},
		{"memory_bandwith", ` (did you mean "memory_bandwidth"?)`, "one deletion in a long key"},
		{"nam", ` (did you mean "name"?)`, "short names allow one edit"},
		{"xyz", "", "nothing close"},
		{"valeus", ` (did you mean "value"?)`, "a third of the length: two edits in six letters"},
		{"vessel", "", "many edits"},
		{"name", "", "an exact match is not a suggestion"},
	}
	for _, tt := range tests {
		if got := DidYouMean(tt.name, keys); got != tt.want {
			t.Errorf("DidYouMean(%q) = %q; want %q (%s)", tt.name, got, tt.want, tt.reason)
		}
	}
	if got := DidYouMean("ab", []string{"ac", "aa"}); got != ` (did you mean "aa"?)` {
		t.Errorf("tie = %q; want the candidate that sorts first", got)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b   string
		want   int
		reason string
	}{
		{"", "", 0, "empty"},
		{"", "abc", 3, "insertions"},
		{"kitten", "sitting", 3, "classic example"},
		{"ab", "ba", 1, "transposition"},
		{"zhenwu", "zhenwü", 1, "runes, not bytes"},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d; want %d (%s)", tt.a, tt.b, got, tt.want, tt.reason)
		}
	}
}
