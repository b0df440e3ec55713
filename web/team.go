package web

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// maxReasonField bounds the reason a form sends, before the game's own
// check; the game's message is shown for anything between.
const maxReasonField = 1000

// teamPage is the data of a team's page.
type teamPage struct {
	Token, CSRF   string
	Team, Name    string
	Round, Rounds int
	Over          bool
	Form          *classroom.Form
	Fields        []fieldView
	Reason        string
	ReasonProblem string
	Problems      []string // problems not at one field
	HandedIn      bool     // a valid file is in for this round
	Played        []int    // rounds with a report
	Leaderboard   any      // the last round's leaderboard, as HTML
}

// fieldView is a form field with what the team wrote and its problems.
type fieldView struct {
	classroom.Field
	Input   string
	Problem string
}

// teamPage renders team h's page. With sent, the form shows what was sent
// and its problems.
func (s *Server) teamPage(w http.ResponseWriter, h holder, sent *sentForm, code int) {
	gs := s.game
	g := gs.game
	p := &teamPage{Token: h.token, CSRF: gs.tokens.csrf(h.token), Team: h.team, Name: g.Name(h.team), Round: g.Round, Rounds: g.Rounds, Over: g.Over()}
	for k := 1; k <= len(g.Played); k++ {
		p.Played = append(p.Played, k)
	}
	if n := len(g.Played); n > 0 {
		if md, err := os.ReadFile(filepath.Join(gs.dir, classroom.RoundDir(n), "reports", "leaderboard.md")); err == nil {
			p.Leaderboard = markdown(leaderboardTable(string(md)))
		}
	}
	if gs.desk != nil {
		f, err := gs.desk.Form(h.team)
		if err != nil {
			s.gameError(w, err)
			return
		}
		p.Form = f
		values := map[string]string{}
		data, had, err := gs.desk.Handed(h.team)
		if err != nil {
			s.gameError(w, err)
			return
		}
		if had {
			errs := gs.desk.Check(h.team, data)
			p.HandedIn = len(errs) == 0
			values, p.Reason = fileValues(data)
			for _, e := range errs { // a file put in the folder by hand
				p.Problems = append(p.Problems, "your file "+e.Error())
			}
		}
		for _, fd := range f.Fields {
			v := fieldView{Field: fd, Input: fd.Value}
			if had {
				v.Input = values[fd.Key]
			}
			p.Fields = append(p.Fields, v)
		}
		if sent != nil {
			for i := range p.Fields {
				if sent.values != nil {
					p.Fields[i].Input = sent.values[p.Fields[i].Key]
				}
				p.Fields[i].Problem = sent.problems[p.Fields[i].Key]
			}
			if sent.values != nil {
				p.Reason = sent.reason
			}
			p.ReasonProblem = sent.problems["reason"]
			p.Problems = sent.other
		}
	}
	w.WriteHeader(code)
	s.render(w, "team.html", p)
}

// fileValues reads a decision file's values by form key, and its reason.
func fileValues(data []byte) (map[string]string, string) {
	out := map[string]string{}
	var doc map[string]any
	if yaml.Unmarshal(data, &doc) != nil {
		return out, ""
	}
	reason, _ := doc["reason"].(string)
	for k, v := range doc {
		switch v := v.(type) {
		case map[string]any:
			for sub, x := range v {
				out[k+"."+sub] = fmt.Sprint(x)
			}
		case string, int, float64:
			out[k] = fmt.Sprint(v)
		}
	}
	return out, reason
}

// sentForm is a decision form as a team sent it.
type sentForm struct {
	values   map[string]string
	reason   string
	problems map[string]string // by field key ("reason" too)
	other    []string
}

// handleSubmit takes a team's decisions: POST /game/{token}/decisions. A
// valid form is written to the round's decisions folder; a form with
// problems is shown again with each problem at its field, in the words
// `play status` uses for a file.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	h, ok := s.checkPost(w, r)
	if !ok {
		return
	}
	if h.teacher {
		notFound(w)
		return
	}
	gs := s.game
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if err := gs.reload(); err != nil {
		s.gameError(w, err)
		return
	}
	sent := &sentForm{values: map[string]string{}, problems: map[string]string{}, reason: strings.TrimSpace(r.PostForm.Get("reason"))}
	if gs.desk == nil {
		sent.other = append(sent.other, "the game is over: nothing more can be handed in")
		s.teamPage(w, h, sent, http.StatusConflict)
		return
	}
	if round := r.PostForm.Get("round"); round != strconv.Itoa(gs.desk.Round()) {
		stale := &sentForm{other: []string{fmt.Sprintf("this form was for round %s, which has been played; here is round %d", round, gs.desk.Round())}}
		s.teamPage(w, h, stale, http.StatusConflict)
		return
	}
	form, err := gs.desk.Form(h.team)
	if err != nil {
		s.gameError(w, err)
		return
	}
	for _, f := range form.Fields {
		sent.values[f.Key] = strings.TrimSpace(r.PostForm.Get("f." + f.Key))
	}
	if len(sent.reason) > maxReasonField {
		sent.reason = sent.reason[:maxReasonField]
	}
	data, lines := decisionYAML(h.team, gs.desk.Round(), sent.reason, form.Fields, sent.values)
	problems, err := gs.desk.Submit(h.team, data)
	switch {
	case errors.Is(err, classroom.ErrBadInput):
		sent.other = append(sent.other, err.Error())
		s.teamPage(w, h, sent, http.StatusConflict)
		return
	case err != nil:
		s.gameError(w, err)
		return
	}
	if len(problems) > 0 {
		placeProblems(sent, problems, lines)
		s.teamPage(w, h, sent, http.StatusUnprocessableEntity)
		return
	}
	http.Redirect(w, r, "/game/"+h.token+"?saved=1", http.StatusSeeOther)
}

// decisionYAML writes a form as a decision file, one key a line, and
// returns which form key each line holds (lines from 1). Every value is
// written as a quoted YAML string or a plain scalar YAML reads back as
// the same text, so no input can add keys of its own.
func decisionYAML(team string, round int, reason string, fields []classroom.Field, values map[string]string) ([]byte, map[int]string) {
	var b strings.Builder
	lines := map[int]string{}
	line := 0
	put := func(key, format string, args ...any) {
		line++
		if key != "" {
			lines[line] = key
		}
		fmt.Fprintf(&b, format+"\n", args...)
	}
	put("", "# Handed in through the aicloudsim web studio.")
	put("", "team: %s", team)
	put("", "round: %d", round)
	put("reason", "reason: %s", quote(reason))
	section := ""
	for _, f := range fields {
		v := values[f.Key]
		if v == "" {
			continue // a key left out: the value stays where it is
		}
		top, sub, nested := strings.Cut(f.Key, ".")
		if !nested {
			put(f.Key, "%s: %s", f.Key, quote(v))
			section = ""
			continue
		}
		if top != section {
			put(f.Key, "%s:", top)
			section = top
		}
		put(f.Key, "  %s: %s", sub, quote(v))
	}
	return []byte(b.String()), lines
}

// quote writes s as a one-line YAML scalar that reads back as s: a
// quoted string, or a bare true or false for a yes-or-no decision.
func quote(s string) string {
	if s == "true" || s == "false" {
		return s
	}
	return strconv.Quote(strings.ReplaceAll(s, "\n", " "))
}

// placeProblems puts each problem at the field on its line; the rest go
// to the top of the form.
func placeProblems(sent *sentForm, problems scenarios.ErrorList, lines map[int]string) {
	for _, p := range problems {
		key, ok := lines[p.Pos.Line]
		if !ok {
			sent.other = append(sent.other, p.Msg)
			continue
		}
		if sent.problems[key] != "" {
			sent.problems[key] += "; "
		}
		sent.problems[key] += p.Msg
	}
}
