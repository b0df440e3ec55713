package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
)

// gameSite is a classroom game served over the web. The game folder is
// the single source of truth: every page reads it, every submission and
// every played round writes it, so the CLI and the web interoperate.
// Operations on the game are serialised by mu.
type gameSite struct {
	dir    string
	teams  []string
	tokens *tokens

	mu    sync.Mutex
	game  *classroom.Game
	desk  *classroom.Desk // the current round's; nil once the game is over
	stamp fileStamp       // game.yaml when game was loaded
}

// fileStamp tells whether a file has changed: its size and time.
type fileStamp struct {
	size int64
	mod  time.Time
}

// stampOf is the stamp of the file at path, zero if it cannot be read.
func stampOf(path string) fileStamp {
	st, err := os.Stat(path)
	if err != nil {
		return fileStamp{}
	}
	return fileStamp{st.Size(), st.ModTime()}
}

// openGameSite loads the game in dir and its tokens.
func openGameSite(dir string) (*gameSite, error) {
	g, err := classroom.Load(dir)
	if err != nil {
		return nil, err
	}
	t, err := loadTokens(dir, g.Teams)
	if err != nil {
		return nil, err
	}
	site := &gameSite{dir: dir, teams: g.Teams, tokens: t}
	return site, site.reload()
}

// reload reads the game folder again, and replays to the current round if
// it has changed (a round played from the CLI, say). mu is held, or the
// site is new.
func (gs *gameSite) reload() error {
	stamp := stampOf(filepath.Join(gs.dir, classroom.GameFile))
	if gs.game != nil && stamp == gs.stamp && stamp != (fileStamp{}) && (gs.desk != nil || gs.game.Over()) {
		return nil
	}
	g, err := classroom.Load(gs.dir)
	if err != nil {
		return err
	}
	gs.stamp = stamp
	if gs.game != nil && gs.desk != nil && g.Round == gs.game.Round && !g.Over() {
		gs.game = g
		return nil
	}
	gs.game, gs.desk = g, nil
	if g.Over() {
		return nil
	}
	d, err := g.Desk()
	if err != nil {
		return err
	}
	gs.desk = d
	return nil
}

// holder authenticates a request by the token in its path; a wrong or
// missing token answers 404, as a page that does not exist would.
func (s *Server) holder(w http.ResponseWriter, r *http.Request) (holder, bool) {
	h, ok := s.game.tokens.who(r.PathValue("token"), s.game.teams)
	if !ok {
		notFound(w)
	}
	return h, ok
}

// checkPost authenticates a POST: its token, its CSRF token, and its
// origin when the browser names one.
func (s *Server) checkPost(w http.ResponseWriter, r *http.Request) (holder, bool) {
	h, ok := s.holder(w, r)
	if !ok {
		return h, false
	}
	if o := r.Header.Get("Origin"); o != "" && o != "null" { // "null": a privacy setting; the CSRF token still holds
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			http.Error(w, "forbidden: the form came from another site", http.StatusForbidden)
			return h, false
		}
	}
	if err := r.ParseForm(); err != nil {
		if isTooLarge(err) {
			http.Error(w, fmt.Sprintf("the form is larger than %d KB", maxBody>>10), http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "bad form: "+err.Error(), http.StatusBadRequest)
		}
		return h, false
	}
	if !s.game.tokens.csrfOK(h.token, r.PostForm.Get("csrf")) {
		http.Error(w, "forbidden: the form has expired or came from another page; reload the page and send it again", http.StatusForbidden)
		return h, false
	}
	return h, true
}

// handleGame serves the page a token opens: the teacher's or a team's.
func (s *Server) handleGame(w http.ResponseWriter, r *http.Request) {
	h, ok := s.holder(w, r)
	if !ok {
		return
	}
	gs := s.game
	gs.mu.Lock()
	defer gs.mu.Unlock()
	if err := gs.reload(); err != nil {
		s.gameError(w, err)
		return
	}
	if h.teacher {
		s.teacherPage(w, h, nil)
		return
	}
	s.teamPage(w, h, nil, http.StatusOK)
}

// gameError answers a game folder that cannot be read or played: its
// problem is the teacher's to fix on disk, and the CLI says the same.
func (s *Server) gameError(w http.ResponseWriter, err error) {
	s.logf("game %s: %v", s.game.dir, err)
	code := http.StatusInternalServerError
	if errors.Is(err, classroom.ErrBadInput) {
		code = http.StatusConflict
	}
	http.Error(w, "the game folder has a problem (the teacher can run `aicloudsim play status` on it):\n"+err.Error(), code)
}

// handleReport serves a played round's report as HTML: a team's own, or
// for the teacher any team's (?team=) or the leaderboard.
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	h, ok := s.holder(w, r)
	if !ok {
		return
	}
	gs := s.game
	k, err := strconv.Atoi(r.PathValue("round"))
	gs.mu.Lock()
	played := len(gs.game.Played)
	gs.mu.Unlock()
	if err != nil || k < 1 || k > played {
		notFound(w)
		return
	}
	name := h.team
	if h.teacher {
		name = r.URL.Query().Get("team")
	}
	if q := r.URL.Query().Get("team"); q != "" && !h.teacher && q != h.team {
		notFound(w) // a team reads only its own report
		return
	}
	if name == "" || name == "leaderboard" {
		name = "leaderboard"
	} else if !contains(gs.teams, name) {
		notFound(w)
		return
	}
	md, err := os.ReadFile(filepath.Join(gs.dir, classroom.RoundDir(k), "reports", name+".md"))
	if err != nil {
		notFound(w)
		return
	}
	s.render(w, "report.html", map[string]any{"Title": fmt.Sprintf("Round %d", k), "Back": "/game/" + h.token, "Body": markdown(string(md)),
		"Chart": fmt.Sprintf("/game/%s/chart/%d", h.token, k)})
}

// handleTeacherFile serves a file of a played round's teacher folder
// (report.html, charts) to the teacher. The name must be one of the
// folder's files: nothing from the request reaches the file system
// unchecked.
func (s *Server) handleTeacherFile(w http.ResponseWriter, r *http.Request) {
	gs := s.game
	_, k, ok := s.playedRound(w, r, true)
	if !ok {
		return
	}
	dir := filepath.Join(gs.dir, classroom.RoundDir(k), "teacher")
	name := r.PathValue("name")
	entries, err := os.ReadDir(dir)
	if err != nil {
		notFound(w)
		return
	}
	for _, e := range entries {
		if e.Name() != name || !e.Type().IsRegular() {
			continue
		}
		if filepath.Ext(name) == ".html" {
			// The run's own report: self-contained, with its styles inline.
			w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'")
		}
		http.ServeFile(w, r, filepath.Join(dir, e.Name()))
		return
	}
	notFound(w)
}

// playedRound authenticates a request (as the teacher's, with
// teacherOnly) and reads the played round in its path; anything else
// answers 404.
func (s *Server) playedRound(w http.ResponseWriter, r *http.Request, teacherOnly bool) (*classroom.Game, int, bool) {
	h, ok := s.holder(w, r)
	if !ok {
		return nil, 0, false
	}
	gs := s.game
	k, err := strconv.Atoi(r.PathValue("round"))
	gs.mu.Lock()
	g := gs.game
	gs.mu.Unlock()
	if (teacherOnly && !h.teacher) || err != nil || k < 1 || k > len(g.Played) {
		notFound(w)
		return nil, 0, false
	}
	return g, k, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
