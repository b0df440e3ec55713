package classroom

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// maxDecisionBytes bounds a decision file.
const maxDecisionBytes = 64 << 10

// maxReason bounds the reason a team gives, in bytes.
const maxReason = 200

// decisionSpec is the schema of a decision file. Prices are read as text
// so that each can be checked against its segment's unit ($/Mtok, ...).
type decisionSpec struct {
	Team       scenarios.Str            `yaml:"team,required"`
	Round      int                      `yaml:"round,required"`
	Reason     scenarios.Str            `yaml:"reason"`
	Prices     map[string]scenarios.Str `yaml:"prices" max:"50"`
	Orders     map[string]scenarios.Num `yaml:"orders" unit:"count" max:"200"`
	RnD        scenarios.Num            `yaml:"rnd" unit:"usd"`
	ChipPrices map[string]scenarios.Num `yaml:"chip_prices" unit:"usd" max:"200"`
	Pull       map[string]scenarios.Num `yaml:"pull" unit:"duration" max:"200"`
	Training   scenarios.Num            `yaml:"training" unit:"fraction"`
	Funding    scenarios.Num            `yaml:"funding" unit:"usd"`
	// OpenWeights, when given, decides whether the team's next releases
	// publish their weights.
	OpenWeights *bool `yaml:"open_weights"`
}

// decisionFile is a decision file read from disk.
type decisionFile struct {
	path string
	hash string
	tree *scenarios.Tree
	spec decisionSpec
}

// readDecision reads and decodes the decision file at path in the game
// folder dir (see openGameFile). Problems with
// its syntax come back as an ErrorList error; problems with its keys and
// values as the list, with the file as far as it could be decoded; a file
// that cannot be read at all as an error.
func readDecision(dir, path string) (*decisionFile, scenarios.ErrorList, error) {
	f, err := openGameFile(dir, path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDecisionBytes+1))
	if err != nil {
		return nil, nil, err
	}
	return decodeDecision(path, data)
}

// decodeDecision decodes data as the decision file at path, as
// readDecision does.
func decodeDecision(path string, data []byte) (*decisionFile, scenarios.ErrorList, error) {
	if len(data) > maxDecisionBytes {
		return nil, nil, scenarios.ErrorList{{Pos: scenarios.Pos{File: path}, Msg: fmt.Sprintf("a decision file is at most %d KB", maxDecisionBytes>>10)}}
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return nil, nil, scenarios.ErrorList{{Pos: scenarios.Pos{File: path, Line: 1, Col: 1},
			Msg: "the file is saved as UTF-16 (\"Unicode\"); save it as UTF-8 (plain text)"}}
	}
	df := &decisionFile{path: path, hash: fileHash(data)}
	t, err := scenarios.Parse(path, data, scenarios.Limits{MaxBytes: maxDecisionBytes})
	if err != nil {
		return nil, nil, err
	}
	df.tree = t
	return df, scenarios.Decode(t, &df.spec), nil
}

// decider turns one decision file into market decisions, checking it
// against the game and, when lim is not nil, against what the team may
// decide this round.
type decider struct {
	cfg   *market.Config
	df    *decisionFile
	team  string
	round int
	self  int // provider or supplier index
	lim   *limits
	errs  scenarios.ErrorList
	out   []market.Decision
	cause string
}

// decisions checks df as team's file for round k and returns its
// decisions. With lim nil (a round already played) only the file's own
// consistency is checked.
func (g *Game) decisions(df *decisionFile, team string, k int, lim *limits) ([]market.Decision, scenarios.ErrorList) {
	d := &decider{cfg: g.cfg, df: df, team: team, round: k, lim: lim}
	sp := &df.spec
	if sp.Team.Present() && sp.Team.Value != team {
		d.errorf(sp.Team.Pos, "team: this is %s's folder, but the file says team: %s; hand in a file for %s, named after the team",
			team, sp.Team.Value, team)
	}
	if sp.Round != k && sp.Round != 0 {
		d.errorf(d.key("round", ""), "round: this is round %d's folder, but the file says round: %d; start from the round %d template (%s)",
			k, sp.Round, k, TemplatePath(k, team))
	}
	d.cause = "team decision (no reason given)"
	if r := strings.TrimSpace(sp.Reason.Value); r != "" {
		switch {
		case strings.ContainsAny(r, "\n\r"):
			d.errorf(sp.Reason.Pos, "reason: write one line")
		case len(r) > maxReason:
			d.errorf(sp.Reason.Pos, "reason: %d characters; keep it to %d", len(r), maxReason)
		}
		d.cause = "team decision: " + r
	}
	if g.isSupplier(team) {
		d.self = g.supplierIndex(team)
		d.onlyFor("prices", len(sp.Prices) > 0, "providers")
		d.onlyFor("orders", len(sp.Orders) > 0, "providers")
		d.onlyFor("rnd", sp.RnD.Present(), "providers")
		d.onlyFor("pull", len(sp.Pull) > 0, "the Western labs")
		d.onlyFor("training", sp.Training.Present(), "the Chinese clouds")
		d.onlyFor("funding", sp.Funding.Present(), "the Chinese clouds")
		d.onlyFor("open_weights", sp.OpenWeights != nil, "the labs that release models")
		d.chipPrices()
	} else {
		d.self = g.providerIndex(team)
		d.onlyFor("chip_prices", len(sp.ChipPrices) > 0, "chip suppliers")
		if !g.cfg.Providers[d.self].Western {
			d.onlyFor("pull", len(sp.Pull) > 0, "the Western labs")
		} else {
			d.onlyFor("training", sp.Training.Present(), "the Chinese clouds")
			d.onlyFor("funding", sp.Funding.Present(), "the Chinese clouds")
		}
		d.rnd()
		d.training()
		d.funding()
		if ow := sp.OpenWeights; ow != nil {
			open := 0.0
			if *ow {
				open = 1
			}
			d.add(market.Decision{Kind: market.SetOpenWeights, Value: open})
		}
		d.prices()
		d.orders()
		d.pull()
	}
	d.errs.Sort()
	return d.out, d.errs
}

func (d *decider) errorf(pos scenarios.Pos, format string, args ...any) {
	d.errs.Addf(pos, format, args...)
}

// key returns the position of key (or of sub under it) in the file.
func (d *decider) key(key, sub string) scenarios.Pos {
	t := d.df.tree
	root := t.Root
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != key {
			continue
		}
		if sub == "" {
			return t.Pos(root.Content[i])
		}
		if n := root.Content[i+1]; n.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(n.Content); j += 2 {
				if n.Content[j].Value == sub {
					return t.Pos(n.Content[j])
				}
			}
		}
		return t.Pos(root.Content[i])
	}
	return t.Pos(root)
}

// onlyFor reports a key that does not apply to the team's kind of company.
func (d *decider) onlyFor(key string, given bool, who string) {
	if given {
		d.errorf(d.key(key, ""), "%s: only %s decide %s; %s cannot (delete the key)", key, who, key, d.team)
	}
}

// sortedKeys returns m's keys in order, so that problems and decisions
// come out in the same order every time.
func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// lookup finds id among the config's ids, reporting an unknown one.
func (d *decider) lookup(pos scenarios.Pos, what, id string, ids []string) int {
	if i := slices.Index(ids, id); i >= 0 {
		return i
	}
	d.errorf(pos, "unknown %s %q%s", what, id, scenarios.DidYouMean(id, ids))
	return -1
}

// outside reports x outside b, in the field's own terms.
func (d *decider) outside(pos scenarios.Pos, field string, x float64, b *bounds, f func(float64) string) bool {
	if b.contains(x) {
		return false
	}
	d.errorf(pos, "%s: %s is outside the allowed range %s to %s (%s)", field, f(x), f(b.Lo), f(b.Hi), b.Rule)
	return true
}

func (d *decider) add(dec market.Decision) {
	dec.Reason = d.cause
	d.out = append(d.out, dec)
}

func (d *decider) rnd() {
	n := d.df.spec.RnD
	if !n.Present() {
		return
	}
	if d.lim != nil && d.outside(n.Pos, "rnd", n.Value, d.lim.rnd, usd) {
		return
	}
	d.add(market.Decision{Kind: market.SetRnD, Value: n.Value})
}

func (d *decider) training() {
	n := d.df.spec.Training
	if !n.Present() || d.cfg.Providers[d.self].Western {
		return
	}
	if d.lim != nil && d.outside(n.Pos, "training", n.Value, d.lim.training, func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }) {
		return
	}
	d.add(market.Decision{Kind: market.SetTraining, Value: n.Value})
}

func (d *decider) funding() {
	n := d.df.spec.Funding
	if !n.Present() || d.cfg.Providers[d.self].Western {
		return
	}
	if d.lim != nil && d.outside(n.Pos, "funding", n.Value, d.lim.funding, usd) {
		return
	}
	if n.Value > 0 {
		d.add(market.Decision{Kind: market.RequestFunding, Value: n.Value})
	}
}

func (d *decider) prices() {
	var ids, allowed []string
	for s, seg := range d.cfg.Segments {
		ids = append(ids, seg.ID)
		if d.lim != nil && d.lim.prices[s] != nil {
			allowed = append(allowed, seg.ID)
		}
	}
	for _, id := range sortedKeys(d.df.spec.Prices) {
		v := d.df.spec.Prices[id]
		pos := d.key("prices", id)
		s := d.lookup(pos, "segment", id, ids)
		if s < 0 {
			continue
		}
		seg := d.cfg.Segments[s]
		unit := "price"
		if _, err := scenarios.ParseQuantity("price/"+seg.Unit, "1"); err == nil {
			unit = "price/" + seg.Unit
		}
		x, err := scenarios.ParseQuantity(unit, v.Value)
		switch {
		case err != nil:
			d.errorf(v.Pos, "prices.%s: %v", id, err)
			continue
		case x <= 0:
			d.errorf(v.Pos, "prices.%s: a price must be above zero", id)
			continue
		}
		if d.lim != nil {
			b := d.lim.prices[s]
			if b == nil {
				d.errorf(pos, "prices.%s: %s; you set prices in: %s", id, d.lim.pricesWhy[s], list(allowed))
				continue
			}
			if d.outside(v.Pos, "prices."+id, x, b, func(x float64) string { return price(x, seg.Unit) }) {
				continue
			}
		}
		d.add(market.Decision{Kind: market.SetPrice, Segment: s, Value: x})
	}
}

func (d *decider) orders() {
	var ids []string
	for _, c := range d.cfg.Chips {
		ids = append(ids, c.ID)
	}
	var cost float64
	for _, id := range sortedKeys(d.df.spec.Orders) {
		n := d.df.spec.Orders[id]
		pos := d.key("orders", id)
		c := d.lookup(pos, "chip", id, ids)
		if c < 0 {
			continue
		}
		units := math.Round(n.Value)
		if math.Abs(n.Value-units) > 1e-6*math.Max(1, units) {
			d.errorf(n.Pos, "orders.%s: order whole chips, not %s", id, plain(n.Value, 6))
			continue
		}
		if d.lim != nil {
			b := d.lim.orders[c]
			if b == nil {
				if units > 0 {
					d.errorf(pos, "orders.%s: you cannot order the %s now: %s", id, d.cfg.Chips[c].Name, d.lim.ordersWhy[c])
				}
				continue
			}
			if d.outside(n.Pos, "orders."+id, units, b, count) {
				continue
			}
			cost += units * d.lim.offerPrice(c)
		}
		if units > 0 {
			d.add(market.Decision{Kind: market.OrderChips, Chip: c, Value: units})
		}
	}
	if d.lim != nil && cost > d.lim.budget*(1+1e-9) {
		d.errorf(d.key("orders", ""), "orders: they cost %s, more than your cash and funding left, %s", usd(cost), usd(d.lim.budget))
	}
}

func (d *decider) chipPrices() {
	sc := d.cfg.Suppliers[d.self]
	var mine []string
	for _, c := range sc.Chips {
		mine = append(mine, d.cfg.Chips[c].ID)
	}
	for _, id := range sortedKeys(d.df.spec.ChipPrices) {
		n := d.df.spec.ChipPrices[id]
		pos := d.key("chip_prices", id)
		k := d.lookup(pos, "chip of "+sc.Name, id, mine)
		if k < 0 {
			continue
		}
		c := sc.Chips[k]
		if n.Value <= 0 {
			d.errorf(n.Pos, "chip_prices.%s: a price must be above zero", id)
			continue
		}
		if d.lim != nil && d.outside(n.Pos, "chip_prices."+id, n.Value, d.lim.chipPrices[c], usd) {
			continue
		}
		d.add(market.Decision{Kind: market.SetChipPrice, Chip: c, Value: n.Value})
	}
}

func (d *decider) pull() {
	var mine []string
	for _, m := range d.cfg.Models {
		if m.Owner == d.self {
			mine = append(mine, m.ID)
		}
	}
	for _, id := range sortedKeys(d.df.spec.Pull) {
		n := d.df.spec.Pull[id]
		pos := d.key("pull", id)
		if d.lookup(pos, "model of "+d.team, id, mine) < 0 {
			continue
		}
		m := slices.IndexFunc(d.cfg.Models, func(md market.Model) bool { return md.ID == id })
		days := math.Round(n.Value)
		if d.lim != nil {
			b := d.lim.pull[m]
			if b == nil {
				if days > 0 {
					d.errorf(pos, "pull.%s: %s is out already, or due tomorrow", id, d.cfg.Models[m].Name)
				}
				continue
			}
			if d.outside(n.Pos, "pull."+id, days, b, func(x float64) string { return fmt.Sprintf("%gd", x) }) {
				continue
			}
		}
		if days > 0 {
			d.add(market.Decision{Kind: market.PullRelease, Model: m, Value: days})
		}
	}
}

// offerPrice is what the team pays for chip c this round.
func (l *limits) offerPrice(c int) float64 {
	if l.orderPrice == nil {
		return 0
	}
	return l.orderPrice[c]
}

// list joins ids for a message, or says there are none.
func list(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// errorList returns err as a list of problems if it is one.
func errorList(err error) (scenarios.ErrorList, bool) {
	var l scenarios.ErrorList
	if errors.As(err, &l) {
		return l, true
	}
	return nil, false
}
