package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a scenario source: a file name (or "--set" for a
// command-line override), a 1-based line and a 1-based column. A zero Line
// or Col means unknown.
type Pos struct {
	File      string
	Line, Col int
}

// String formats p as "file:line:col", leaving out the parts that are
// unknown ("file:line" without a column, "file" without a line).
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// compare orders positions by file, line and column.
func (p Pos) compare(q Pos) int {
	return cmp.Or(cmp.Compare(p.File, q.File), cmp.Compare(p.Line, q.Line), cmp.Compare(p.Col, q.Col))
}

// Error is one problem in a scenario, at a position.
type Error struct {
	Pos Pos
	Msg string
}

// Error formats e as "file:line:col: msg".
func (e *Error) Error() string {
	if p := e.Pos.String(); p != "" {
		return p + ": " + e.Msg
	}
	return e.Msg
}

// ErrorList collects the problems found in one pass over a scenario, so all
// of them can be reported at once. The zero value is an empty list.
type ErrorList []*Error

// maxMsgBytes bounds a message, which may quote a value from the input.
const maxMsgBytes = 500

// maxShown is how many errors Error prints.
const maxShown = 100

// Add appends an error with message msg at pos. A message longer than 500
// bytes (a hostile key or value quoted in it) is cut short.
func (l *ErrorList) Add(pos Pos, msg string) {
	if len(msg) > maxMsgBytes {
		cut := maxMsgBytes
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "..."
	}
	*l = append(*l, &Error{Pos: pos, Msg: msg})
}

// Addf appends an error at pos with a message formatted as by fmt.Sprintf.
func (l *ErrorList) Addf(pos Pos, format string, args ...any) {
	l.Add(pos, fmt.Sprintf(format, args...))
}

// Sort orders l by file, line, column and message, and removes exact
// duplicates (the same message at the same position, as happens when a
// shared anchor is expanded twice).
func (l *ErrorList) Sort() {
	slices.SortStableFunc(*l, func(a, b *Error) int {
		return cmp.Or(a.Pos.compare(b.Pos), cmp.Compare(a.Msg, b.Msg))
	})
	*l = slices.CompactFunc(*l, func(a, b *Error) bool { return *a == *b })
}

// Err returns nil if l is empty and otherwise a sorted copy of l as an
// error. The copy can be recovered with errors.As into an ErrorList, and
// each *Error with errors.As into an *Error.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	c := slices.Clone(l)
	c.Sort()
	return c
}

// Error joins the errors one per line, in the order they are in l, up to
// the first 100 and a last line saying how many more there are.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i == maxShown {
			fmt.Fprintf(&b, "\n... and %d more problems", len(l)-maxShown)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors in l, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// DidYouMean returns ` (did you mean "x"?)` where x is the candidate
// closest to name by edit distance, or "" when no candidate is close
// enough to be a likely typo (distance at most 1 for names of up to four
// letters, at most a third of the length for longer ones). Ties go to the
// candidate that sorts first, so the hint is deterministic.
// It costs O(len(candidates)·len(name)²).
func DidYouMean(name string, candidates []string) string {
	limit := max(1, utf8.RuneCountInString(name)/3)
	best, bestD := "", -1
	for _, c := range candidates {
		if c == name || abs(utf8.RuneCountInString(c)-utf8.RuneCountInString(name)) > limit {
			continue // the same, or too far apart in length to be close
		}
		d := editDistance(name, c)
		if bestD < 0 || d < bestD || d == bestD && c < best {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// editDistance is the Levenshtein distance between a and b counted in runes,
// with an adjacent transposition costing 1 (so "prcie" is 1 from "price").
func editDistance(a, b string) int {
	s, t := []rune(a), []rune(b)
	prev2 := make([]int, len(t)+1)
	prev := make([]int, len(t)+1)
	cur := make([]int, len(t)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(s); i++ {
		cur[0] = i
		for j := 1; j <= len(t); j++ {
			cost := 1
			if s[i-1] == t[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && s[i-1] == t[j-2] && s[i-2] == t[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(t)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
