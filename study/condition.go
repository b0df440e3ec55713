package study

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Condition is a yes/no question about one run of a Monte Carlo study,
// written over the columns of its runs.csv, e.g.
//
//	revenue_share:bytedance:2030 > revenue_share:alibaba:2030
//	profit:alibaba < 0 and chips.zhenwu-810e.price >= 8000
//
// It is comparisons (>, <, >=, <=) joined by "and". Each side is a number
// (30% is 0.3) or a column: its runs.csv name ("bytedance.revenue_share",
// "chips.h20.price"), or an outcome as --outcome writes it, with an
// optional year that must be the study's final year, whose outcomes
// runs.csv holds: revenue_share:<provider>[:year], revenue:<company>[:year],
// profit:<provider>[:year], export_fees:<supplier>[:year].
type Condition struct {
	Text  string
	terms []comparison
}

// comparison is one "a op b"; a column index ≥ 0, or a constant.
type comparison struct {
	a, b operand
	op   string
}

type operand struct {
	col   int // -1 for a constant
	value float64
	text  string // as written
}

// outcomeMetrics maps an outcome kind to its runs.csv metric.
var outcomeMetrics = map[string]string{
	"revenue_share": "revenue_share", "revenue": "revenue_usd", "profit": "profit_usd", "export_fees": "export_fees_usd",
}

// ParseCondition reads a condition over the columns of header, whose
// outcomes are of finalYear. Errors give the character position.
func ParseCondition(text string, header []string, finalYear int) (*Condition, error) {
	toks, err := lexCondition(text)
	if err != nil {
		return nil, err
	}
	c := &Condition{Text: text}
	for i := 0; i < len(toks); {
		if len(toks)-i < 3 {
			return nil, fmt.Errorf("col %d: a comparison needs the form <a> <op> <b>", toks[len(toks)-1].pos)
		}
		a, op, b := toks[i], toks[i+1], toks[i+2]
		if !isOp(op.text) {
			return nil, fmt.Errorf("col %d: want >, <, >= or <=, not %q", op.pos, op.text)
		}
		var cmp comparison
		if cmp.a, err = resolve(a, header, finalYear); err != nil {
			return nil, err
		}
		if cmp.b, err = resolve(b, header, finalYear); err != nil {
			return nil, err
		}
		cmp.op = op.text
		c.terms = append(c.terms, cmp)
		i += 3
		if i < len(toks) {
			if !strings.EqualFold(toks[i].text, "and") {
				return nil, fmt.Errorf("col %d: want \"and\" between comparisons, not %q", toks[i].pos, toks[i].text)
			}
			i++
			if i == len(toks) {
				return nil, fmt.Errorf("col %d: nothing after \"and\"", toks[i-1].pos)
			}
		}
	}
	if len(c.terms) == 0 {
		return nil, fmt.Errorf("the condition is empty")
	}
	return c, nil
}

// Columns returns the runs.csv columns the condition reads, in order.
func (c *Condition) Columns() []int {
	var out []int
	for _, t := range c.terms {
		for _, o := range []operand{t.a, t.b} {
			if o.col >= 0 {
				out = append(out, o.col)
			}
		}
	}
	return out
}

// Holds evaluates the condition on one row of runs.csv values. A NaN
// makes a comparison false.
func (c *Condition) Holds(row []float64) bool {
	for _, t := range c.terms {
		a, b := t.a.of(row), t.b.of(row)
		var ok bool
		switch t.op {
		case ">":
			ok = a > b
		case "<":
			ok = a < b
		case ">=":
			ok = a >= b
		case "<=":
			ok = a <= b
		}
		if !ok {
			return false
		}
	}
	return true
}

// Closest returns, for a condition of one comparison, the row that comes
// closest to meeting it (or meets it by the widest margin) and the two
// sides' values there; ok is false for a condition of several comparisons.
func (c *Condition) Closest(rows [][]float64) (i int, a, b float64, ok bool) {
	if len(c.terms) != 1 || len(rows) == 0 {
		return 0, 0, 0, false
	}
	t := c.terms[0]
	best := math.Inf(-1)
	for k, row := range rows {
		m := t.a.of(row) - t.b.of(row)
		if t.op == "<" || t.op == "<=" {
			m = -m
		}
		if m > best {
			best, i = m, k
		}
	}
	return i, t.a.of(rows[i]), t.b.of(rows[i]), true
}

// Sides returns the text of the two sides of a one-comparison condition.
func (c *Condition) Sides() (a, b string) {
	if len(c.terms) != 1 {
		return "", ""
	}
	return c.terms[0].a.text, c.terms[0].b.text
}

func (o operand) of(row []float64) float64 {
	if o.col < 0 {
		return o.value
	}
	return row[o.col]
}

type token struct {
	text string
	pos  int // 1-based character column
}

func isOp(s string) bool { return s == ">" || s == "<" || s == ">=" || s == "<=" }

// lexCondition splits text into words and operators.
func lexCondition(text string) ([]token, error) {
	var out []token
	r := []rune(text)
	for i := 0; i < len(r); {
		switch c := r[i]; {
		case unicode.IsSpace(c):
			i++
		case c == '<' || c == '>':
			op := string(c)
			if i+1 < len(r) && r[i+1] == '=' {
				op += "="
			}
			out = append(out, token{op, i + 1})
			i += len(op)
		case c == '=' || c == '!':
			return nil, fmt.Errorf("col %d: comparisons are >, <, >= and <=", i+1)
		default:
			j := i
			for j < len(r) && !unicode.IsSpace(r[j]) && r[j] != '<' && r[j] != '>' && r[j] != '=' && r[j] != '!' {
				j++
			}
			out = append(out, token{string(r[i:j]), i + 1})
			i = j
		}
	}
	return out, nil
}

// resolve turns a word into a constant or a column of header.
func resolve(t token, header []string, finalYear int) (operand, error) {
	if v, err := parseNumber(t.text); err == nil {
		return operand{col: -1, value: v, text: t.text}, nil
	}
	name := t.text
	if parts := strings.Split(name, ":"); len(parts) >= 2 {
		metric, ok := outcomeMetrics[parts[0]]
		if !ok || len(parts) > 3 {
			return operand{}, fmt.Errorf("col %d: %q: an outcome is revenue_share, revenue, profit or export_fees:<company>[:year]", t.pos, name)
		}
		if len(parts) == 3 {
			y, err := strconv.Atoi(parts[2])
			if err != nil || y != finalYear {
				return operand{}, fmt.Errorf("col %d: %q: runs.csv holds the outcomes of the final year, %d, only", t.pos, name, finalYear)
			}
		}
		name = parts[1] + "." + metric
	}
	for i, h := range header {
		if h == name {
			return operand{col: i, text: t.text}, nil
		}
	}
	return operand{}, fmt.Errorf("col %d: runs.csv has no column %q%s", t.pos, name, scenarios.DidYouMean(name, header))
}

// parseNumber reads a number, with an optional trailing % (hundredths).
func parseNumber(s string) (float64, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		v, err := strconv.ParseFloat(p, 64)
		return v / 100, err
	}
	return strconv.ParseFloat(s, 64)
}
