package web_test

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

var loadFor = flag.Duration("web.load", 3*time.Second, "how long TestLoad runs (the issue's full load test: -web.load=60s)")

// Every company of the baseline, one team each.
var allTeams = []string{"bytedance", "alibaba", "huawei-cloud", "tencent", "baidu", "others", "western", "nvidia", "huawei", "t-head"}

var fieldRE = regexp.MustCompile(`name="f\.([^"]+)" value="([^"]*)"`)

// loadLog collects what the clients saw.
type loadLog struct {
	mu       sync.Mutex
	accepted map[string][]string // "round/team" → reasons accepted, in the order the client saw them
	codes    map[int]int
	whatIfs  [2][]time.Duration // latency of the what-ifs answered 200: new ones, revisited ones
	errs     []string
}

func (l *loadLog) code(c int) {
	l.mu.Lock()
	l.codes[c]++
	l.mu.Unlock()
}

func (l *loadLog) fail(format string, args ...any) {
	l.mu.Lock()
	if len(l.errs) < 20 {
		l.errs = append(l.errs, fmt.Sprintf(format, args...))
	}
	l.mu.Unlock()
}

// TestLoad: 40 team clients (four per company) submit and revise
// decisions, with mistakes among them, while 20 analysts run what-ifs and
// the teacher plays a round half way. Afterwards every accepted
// submission is on disk, no answer was a 5xx, and the what-ifs' p95
// latency is reported. It runs for -web.load (3 s; 2 s with -short; the
// full load test is -web.load=60s), as a long check (AICLOUDSIM_LONG_TESTS=1).
func TestLoad(t *testing.T) {
	t.Parallel() // the other tests that run beside it only add to the load
	testenv.SkipUnlessLong(t, "keeps both cores busy for -web.load")
	d := *loadFor
	if testing.Short() {
		d = 2 * time.Second
	}
	defer debug.SetGCPercent(debug.SetGCPercent(web.GCPercent)) // as serve runs
	dir := newGame(t, allTeams, 3)
	s, base := studio(t, web.Options{Game: dir})
	l := links(s, base)
	log := &loadLog{accepted: map[string][]string{}, codes: map[int]int{}}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for i := range 40 {
		team := allTeams[i%len(allTeams)]
		wg.Go(func() { teamClient(t, log, team, i, l["team "+team], deadline) })
	}
	for i := range 20 {
		wg.Go(func() { analyst(log, base, i, deadline) })
	}
	wg.Go(func() {
		time.Sleep(d / 2)
		c := client()
		_, page := get(t, c, l["teacher"])
		csrf, round := hidden(page)
		code, body := postForm(t, c, l["teacher"]+"/play", url.Values{"csrf": {csrf}, "round": {round}})
		log.code(code)
		if code != http.StatusSeeOther {
			log.fail("teacher play: %d %.300s", code, body)
		}
	})
	wg.Wait()

	for _, e := range log.errs {
		t.Error(e)
	}
	for c, n := range log.codes {
		if c >= 500 {
			t.Errorf("%d answers were %d", n, c)
		}
	}
	// Every accepted submission is on disk: each team's file of each round
	// is the one it last handed in (or, with several clients per team, one
	// of those accepted).
	g, err := classroom.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.Status(); err != nil {
		t.Fatalf("the game after the load: %v", err)
	}
	keys := make([]string, 0, len(log.accepted))
	for k := range log.accepted {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	n := 0
	for _, k := range keys {
		round, team, _ := strings.Cut(k, "/")
		var r int
		fmt.Sscan(round, &r)
		data, err := os.ReadFile(filepath.Join(dir, classroom.DecisionPath(r, team)))
		if err != nil {
			t.Errorf("%s: accepted submissions, but no file: %v", k, err)
			continue
		}
		ok := false
		for _, reason := range log.accepted[k] {
			ok = ok || strings.Contains(string(data), reason)
		}
		if !ok {
			t.Errorf("%s: the file on disk is none of the %d accepted submissions\n%s", k, len(log.accepted[k]), data)
		}
		n += len(log.accepted[k])
	}
	if n == 0 {
		t.Errorf("no submission was accepted")
	}
	t.Logf("load for %v: %d submissions accepted; answers by status %v", d, n, log.codes)
	for i, kind := range []string{"new what-ifs", "revisited what-ifs"} {
		ds := log.whatIfs[i]
		t.Logf("%d %s answered, latency p50 %v, p95 %v", len(ds), kind,
			quantile(ds, 0.5).Round(time.Millisecond), quantile(ds, 0.95).Round(time.Millisecond))
		if len(ds) == 0 {
			t.Errorf("no %s were answered", kind)
		}
	}
}

// teamClient opens its team's page, hands in the form (every third time
// with a mistake), and again, until the deadline.
func teamClient(t *testing.T, log *loadLog, team string, id int, page string, deadline time.Time) {
	c := client()
	for n := 0; time.Now().Before(deadline); n++ {
		code, body := get(t, c, page)
		log.code(code)
		if code != 200 {
			log.fail("%s: GET page %d", team, code)
			return
		}
		csrf, round := hidden(body)
		if round == "" {
			return // the game is over
		}
		form := url.Values{"csrf": {csrf}, "round": {round}}
		fields := fieldRE.FindAllStringSubmatch(body, -1)
		for _, f := range fields {
			form.Set("f."+f[1], htmlUnescape(f[2]))
		}
		reason := fmt.Sprintf("client %d submission %d", id, n)
		form.Set("reason", reason)
		mistake := n%3 == 2 && len(fields) > 0
		if mistake {
			form.Set("f."+fields[0][1], "plenty")
		}
		code, body = postForm(t, c, page+"/decisions", form)
		log.code(code)
		switch {
		case mistake && code != 422 && code != 409:
			log.fail("%s: a mistake answered %d", team, code)
		case code == http.StatusSeeOther:
			log.mu.Lock()
			log.accepted[round+"/"+team] = append(log.accepted[round+"/"+team], reason)
			log.mu.Unlock()
		case code == 409 || (mistake && code == 422):
		default:
			log.fail("%s: a valid form answered %d: %.300s", team, code, body)
		}
	}
}

// analyst runs what-ifs of the baseline until the deadline: half the
// analysts new ones every time (each a run), half a few popular ones
// (mostly answered from the store of recent runs).
func analyst(log *loadLog, base string, id int, deadline time.Time) {
	c := client()
	rng := rand.New(rand.NewPCG(uint64(id), 7))
	kind := id % 2
	for n := 0; time.Now().Before(deadline); n++ {
		body := strings.NewReader(fmt.Sprintf(`{"scenario": "baseline", "set": {"costs.pue": %g}}`, 1.15+float64(rng.IntN(8))/100))
		if kind == 0 {
			body = strings.NewReader(fmt.Sprintf(`{"scenario": "baseline", "set": {"costs.pue": %g, "costs.electricity": "$%g/kWh"}}`,
				1.15+float64(id)/100, 0.06+float64(n%50)/1000))
		}
		t0 := time.Now()
		resp, err := c.Post(base+"/api/runs", "application/json", body)
		if err != nil {
			log.fail("what-if: %v", err)
			return
		}
		resp.Body.Close()
		log.code(resp.StatusCode)
		switch resp.StatusCode {
		case 200:
			log.mu.Lock()
			log.whatIfs[kind] = append(log.whatIfs[kind], time.Since(t0))
			log.mu.Unlock()
		case 429:
			if resp.Header.Get("Retry-After") == "" {
				log.fail("a %d without Retry-After", resp.StatusCode)
			}
			time.Sleep(200 * time.Millisecond)
		default:
			log.fail("what-if answered %d", resp.StatusCode)
		}
	}
}

// quantile returns the q-quantile of ds, 0 for none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1))]
}
