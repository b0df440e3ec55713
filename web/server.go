package web

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Limits of a request.
const (
	maxBody           = 64 << 10 // bytes of a request body
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 2 * time.Minute // playing a round of a big game takes a while
	idleTimeout       = time.Minute
	runWait           = 30 * time.Second // longest a request waits for a run
)

// GCPercent is the garbage collector setting `aicloudsim serve` runs
// with: a run allocates much and keeps little, and at the default (100)
// collection takes some 40% of a what-if's CPU time; at 400 it takes a
// fraction of that, for a heap of some tens of megabytes more.
const GCPercent = 400

// Options configure a Server.
type Options struct {
	// Game is a game folder made by `aicloudsim play init`, served to its
	// teams and teacher; "" serves only the what-if pages and the API.
	Game string
	// Workers bounds the runs computed at a time; 0 means one per CPU.
	Workers int
	// Queue bounds the runs waiting for a worker; beyond it requests get
	// 429. 0 means 4 per worker.
	Queue int
	// Log receives one line per failed request; nil discards them.
	Log *log.Logger
}

// Server is the web studio: one type owning the routes, the middleware
// and the state behind them (the run store, the game).
type Server struct {
	opt   Options
	mux   *http.ServeMux
	pool  *pool
	runs  *runStore
	pages *template.Template
	game  *gameSite // nil without a game
	mcs   *monteCarlos
}

// New returns a server for opt. With a game, it reads the game folder and
// its access tokens (creating them on first use).
func New(opt Options) (*Server, error) {
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.Queue <= 0 {
		opt.Queue = 4 * opt.Workers
	}
	pages, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s := &Server{opt: opt, mux: http.NewServeMux(), pool: newPool(opt.Workers, opt.Queue), pages: pages}
	s.runs = newRunStore(s.pool, 64)
	s.mcs = &monteCarlos{byID: map[string]*monteCarlo{}}
	if opt.Game != "" {
		if s.game, err = openGameSite(opt.Game); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// Close stops the server's background work: a Monte Carlo under way.
func (s *Server) Close() { s.mcs.stop() }

// routes registers every route; each resource's file has its handlers.
func (s *Server) routes() {
	assets, _ := fs.Sub(assetFS, "assets")
	s.mux.Handle("GET /assets/", http.StripPrefix("/assets/", http.FileServerFS(assets)))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/whatif", http.StatusFound)
	})
	s.mux.HandleFunc("GET /whatif", s.handleWhatIf)
	s.mux.HandleFunc("GET /api/scenarios", s.handleScenarios)
	s.mux.HandleFunc("GET /api/scenarios/{name}", s.handleScenario)
	s.mux.HandleFunc("POST /api/runs", s.handleRun)
	s.mux.HandleFunc("GET /api/runs/{id}/charts/{name}", s.handleChart)
	s.mux.HandleFunc("GET /api/runs/{id}/whatif.yaml", s.handleYAML)
	s.mux.HandleFunc("GET /api/runs/{id}/files.zip", s.handleZip)
	s.mux.HandleFunc("POST /api/montecarlo", s.handleMonteCarlo)
	s.mux.HandleFunc("GET /api/montecarlo/{id}", s.handleMonteCarloStatus)
	if s.game != nil {
		s.mux.HandleFunc("GET /game/{token}", s.handleGame)
		s.mux.HandleFunc("POST /game/{token}/decisions", s.handleSubmit)
		s.mux.HandleFunc("POST /game/{token}/play", s.handlePlay)
		s.mux.HandleFunc("GET /game/{token}/report/{round}", s.handleReport)
		s.mux.HandleFunc("GET /game/{token}/teacher/{round}/{name}", s.handleTeacherFile)
		s.mux.HandleFunc("GET /game/{token}/chart/{round}", s.handleGameChart)
	}
}

// ServeHTTP serves a request through the middleware: security headers,
// a cap on the body, and a recovered panic answered as a plain 500.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	// Page URLs carry access tokens: never send them to another site.
	// (With no-referrer, browsers would send a form's Origin as "null".)
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.logf("internal error serving %s %s: %v", r.Method, r.URL.Path, v)
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
	}()
	s.mux.ServeHTTP(w, r)
}

func (s *Server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		s.opt.Log.Printf(format, args...)
	}
}

// HTTPServer returns an http.Server for s on addr with every timeout set,
// so that slow clients cannot hold connections open.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr: addr, Handler: s, ErrorLog: s.opt.Log,
		ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: 16 << 10,
	}
}

// Links lists what s serves at base (e.g. "http://127.0.0.1:8080"), one
// line each: "whatif <url>", "api <url>", and with a game "teacher <url>"
// and "team <id> <url>" per team.
func (s *Server) Links(base string) []string {
	out := []string{"whatif " + base + "/whatif", "api " + base + "/api/scenarios"}
	if s.game != nil {
		out = append(out, "teacher "+base+"/game/"+s.game.tokens.Teacher)
		for _, t := range s.game.teams {
			out = append(out, fmt.Sprintf("team %s %s/game/%s", t, base, s.game.tokens.Teams[t]))
		}
	}
	return out
}

// Loopback reports whether addr (host:port) listens only on this machine.
// A host name other than localhost counts as reachable from the network.
func Loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// notFound answers 404 with the standard library's body, the same for a
// missing page and a wrong token, so that an answer reveals nothing.
func notFound(w http.ResponseWriter) { http.Error(w, "404 page not found", http.StatusNotFound) }

// errTooLarge is a body over maxBody.
func isTooLarge(err error) bool {
	var m *http.MaxBytesError
	return errors.As(err, &m)
}
