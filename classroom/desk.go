package classroom

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// Desk is the current round as the teams see it on its decision day: the
// hand-in desk of a server that takes decisions other than as files. It
// holds one replay of the game to the round's decision day, so many forms
// and checks cost one replay. A Desk is for one round: after Next, open a
// new one. Its methods read and write the game folder, which stays the
// single source of truth; they are not safe for concurrent use.
type Desk struct {
	g     *Game
	q     quarter
	snaps map[string]*snapshot
	b     *book
}

// Desk replays the game to the current round's decision day.
func (g *Game) Desk() (*Desk, error) {
	if g.Over() {
		return nil, badInputf("the game is over: all %d rounds have been played", g.Rounds)
	}
	q, _, pre, err := g.toDecisionDay(g.Round)
	if err != nil {
		return nil, err
	}
	return &Desk{g: g, q: q, snaps: pre.snaps[q.From], b: newBook(pre.res)}, nil
}

// Round is the round the desk takes decisions for.
func (d *Desk) Round() int { return d.q.Round }

// Span is the round's dates: 2026-04-01 to 2026-06-30.
func (d *Desk) Span() string { return d.g.span(d.q) }

// Field is one decision a team may make this round: a key of its decision
// file, with what the template says about it.
type Field struct {
	Key   string // the key in the decision file: "prices.llm-api", "orders.h200", "rnd", "training", "funding", "open_weights", "chip_prices.h20", "pull.gpt6"
	Label string // what it is, e.g. "LLM API price"
	Unit  string // how a value is written, e.g. "$/Mtok", "chips", "$ a year", "days"
	Value string // the built-in strategy's proposal, written as the template writes it; "" for none
	Low   string // the allowed range, written the same way
	High  string
	Rule  string // where the range comes from
}

// Form is what a team decides this round: its fields, and what it knows.
type Form struct {
	Team, Name string
	Round      int
	Span       string
	Decided    string   // the date the decisions apply from
	Standing   []string // the team's own position: private
	News       []string // public events since the last round
	Fields     []Field
}

// Form returns team's decision form for the round: the template's fields,
// ranges and proposals, as data.
func (d *Desk) Form(team string) (*Form, error) {
	s := d.snaps[team]
	if s == nil {
		return nil, badInputf("%q is not a team of this game", team)
	}
	g := d.g
	l := limitsOf(g.cfg, s)
	p := propose(g.cfg, s, l)
	t := &templateWriter{g: g, team: team, q: d.q, s: s, l: l, p: p, b: d.b}
	f := &Form{Team: team, Name: g.Name(team), Round: d.q.Round, Span: g.span(d.q),
		Decided: g.date(d.q.From).Format(time.DateOnly), Standing: t.standing(), News: t.news()}
	add := func(key, label, unit string, b *bounds, v float64, format func(float64) string) {
		f.Fields = append(f.Fields, Field{Key: key, Label: label, Unit: unit, Value: format(v), Low: format(b.Lo), High: format(b.Hi), Rule: b.Rule})
	}
	if s.Supplier {
		for _, cv := range s.Chips {
			if b := l.chipPrices[cv.Chip]; b != nil {
				ch := g.cfg.Chips[cv.Chip]
				add("chip_prices."+ch.ID, ch.Name+" price", "$ a chip", b, p.chipPrices[cv.Chip], usd)
			}
		}
		return f, nil
	}
	for seg, sd := range g.cfg.Segments {
		if b := l.prices[seg]; b != nil {
			add("prices."+sd.ID, sd.Name+" price", "$/"+sd.Unit, b, p.prices[seg], func(x float64) string { return price(x, sd.Unit) })
		}
	}
	if !s.Western {
		for c, ch := range g.cfg.Chips {
			if b := l.orders[c]; b != nil {
				add("orders."+ch.ID, ch.Name+" chips to order", "chips", b, p.orders[c], count)
			}
		}
	}
	add("rnd", "R&D budget", "$ a year", l.rnd, p.rnd, usd)
	if !s.Western && l.training != nil {
		add("training", "share of the fleet for training", "% of the fleet", l.training, p.training,
			func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) })
	}
	if !s.Western && l.funding != nil {
		add("funding", "funding asked of the parent", "$", l.funding, p.funding, usd)
	}
	if !s.Supplier {
		f.Fields = append(f.Fields, Field{Key: "open_weights", Label: "publish the weights of your next releases", Unit: "true or false",
			Low: "false", High: "true", Rule: "true publishes them, false keeps them closed; left out, each model is as the scenario says"})
	}
	for m, b := range l.pull {
		if b != nil {
			add("pull."+g.cfg.Models[m].ID, "days to pull "+g.cfg.Models[m].Name+" forward", "days", b, p.pull[m],
				func(x float64) string { return fmt.Sprintf("%gd", x) })
		}
	}
	return f, nil
}

// Check checks data as team's decision file for the round, as Next would,
// without writing it. Problems name the file where it would go (relative
// to the game folder) and the line and column in data.
func (d *Desk) Check(team string, data []byte) scenarios.ErrorList {
	s := d.snaps[team]
	path := DecisionPath(d.q.Round, team)
	if s == nil {
		return scenarios.ErrorList{{Pos: scenarios.Pos{File: path}, Msg: fmt.Sprintf("%q is not a team of this game", team)}}
	}
	df, errs, err := decodeDecision(path, data)
	if err != nil {
		if l, ok := errorList(err); ok {
			return l
		}
		return scenarios.ErrorList{{Pos: scenarios.Pos{File: path}, Msg: err.Error()}}
	}
	_, more := d.g.decisions(df, team, d.q.Round, limitsOf(d.g.cfg, s))
	errs = append(errs, more...)
	errs.Sort()
	return errs
}

// Submit checks data as team's decision file for the round and, if it has
// no problem, writes it to the round's decisions folder atomically,
// replacing the team's earlier file. It refuses a round that has been
// played since the desk was opened.
func (d *Desk) Submit(team string, data []byte) (scenarios.ErrorList, error) {
	if errs := d.Check(team, data); len(errs) > 0 {
		return errs, nil
	}
	cur, err := Load(d.g.Dir)
	if err != nil {
		return nil, err
	}
	if cur.Round != d.q.Round {
		return nil, badInputf("round %d has been played; the game is at round %d", d.q.Round, cur.Round)
	}
	path := filepath.Join(d.g.Dir, DecisionPath(d.q.Round, team))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return nil, writeShared(path, data)
}

// Handed reads team's decision file for the round, if there is one.
func (d *Desk) Handed(team string) ([]byte, bool, error) {
	data, err := os.ReadFile(filepath.Join(d.g.Dir, DecisionPath(d.q.Round, team)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// Dates returns the first and the last day of round k, counting from 1.
func (g *Game) Dates(k int) (from, to time.Time) {
	q := g.quarterOf(k)
	return g.date(q.From), g.date(q.To - 1)
}
