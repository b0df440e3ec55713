package web

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
)

// teacherCharts are the charts of the game so far the teacher's page
// shows, when the last played round has them.
var teacherCharts = []string{"share-total.png", "revenue-profit.png", "timeline.png"}

// teacherPage is the data of the teacher's page.
type teacherPage struct {
	Token, CSRF   string
	Scenario      string
	Round, Rounds int
	Span          string
	Over          bool
	Teams         []teamRow
	Problems      []string // why the last play was refused
	Played        []int
	Last          int // the last round played, 0 for none
	Leaderboard   any
	Charts        []string
	Teams1        []string // the team ids, for links
	HandedIn      int      // files in this round
}

// teamRow is one team on the teacher's page.
type teamRow struct {
	Team, Name string
	State      string // "valid", "problems", "not yet"
	Problems   []string
	File       string // the file handed in, as text
}

// teacherPage renders the teacher's page; problems are why a play was
// refused.
func (s *Server) teacherPage(w http.ResponseWriter, h holder, problems []string) {
	gs := s.game
	g := gs.game
	p := &teacherPage{Token: h.token, CSRF: gs.tokens.csrf(h.token), Scenario: g.Scenario(), Round: g.Round, Rounds: g.Rounds,
		Over: g.Over(), Problems: problems, Last: len(g.Played), Teams1: gs.teams}
	for k := 1; k <= len(g.Played); k++ {
		p.Played = append(p.Played, k)
	}
	if gs.desk != nil {
		p.Span = gs.desk.Span()
		for _, team := range gs.teams {
			row := teamRow{Team: team, Name: g.Name(team), State: "not yet"}
			data, had, err := gs.desk.Handed(team)
			if err != nil {
				s.gameError(w, err)
				return
			}
			if had {
				p.HandedIn++
				row.File = string(data)
				row.State = "valid"
				for _, e := range gs.desk.Check(team, data) {
					row.Problems = append(row.Problems, e.Error())
				}
				if len(row.Problems) > 0 {
					row.State = "problems"
				}
			}
			p.Teams = append(p.Teams, row)
		}
	}
	if p.Last > 0 {
		dir := filepath.Join(gs.dir, classroom.RoundDir(p.Last))
		if md, err := os.ReadFile(filepath.Join(dir, "reports", "leaderboard.md")); err == nil {
			p.Leaderboard = markdown(leaderboardTable(string(md)))
		}
		for _, c := range teacherCharts {
			if _, err := os.Stat(filepath.Join(dir, "teacher", c)); err == nil {
				p.Charts = append(p.Charts, c)
			}
		}
	}
	s.render(w, "teacher.html", p)
}

// handlePlay closes the round and plays it: POST /game/{token}/play, the
// teacher's only. Teams without a valid file are played by their
// built-in strategy, as `play next` does.
func (s *Server) handlePlay(w http.ResponseWriter, r *http.Request) {
	h, ok := s.checkPost(w, r)
	if !ok {
		return
	}
	if !h.teacher {
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
	if want := r.PostForm.Get("round"); want != fmt.Sprint(gs.game.Round) {
		s.teacherPage(w, h, []string{fmt.Sprintf("round %s has been played already; this is round %d", want, gs.game.Round)})
		return
	}
	_, err := gs.game.Next()
	var inv *classroom.InvalidError
	switch {
	case errors.As(err, &inv):
		var problems []string
		for _, e := range inv.Problems {
			problems = append(problems, e.Error())
		}
		s.teacherPage(w, h, problems)
		return
	case errors.Is(err, classroom.ErrBadInput):
		s.teacherPage(w, h, []string{err.Error()})
		return
	case err != nil:
		s.gameError(w, err)
		return
	}
	gs.desk = nil
	if err := gs.reload(); err != nil {
		s.gameError(w, err)
		return
	}
	http.Redirect(w, r, "/game/"+h.token, http.StatusSeeOther)
}

// leaderboardTable cuts the ranking table out of a leaderboard.
func leaderboardTable(md string) string {
	var out []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case strings.HasPrefix(line, "| Rank"):
			in = true
		case in && !strings.HasPrefix(line, "|"):
			return strings.Join(out, "\n")
		}
		if in {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
