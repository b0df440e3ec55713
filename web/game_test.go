package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

// gameStudio serves a two-team, two-round game of the baseline.
func gameStudio(t *testing.T) (dir, base string, l map[string]string) {
	t.Helper()
	dir = newGame(t, []string{"alibaba", "nvidia"}, 2)
	s, base := studio(t, web.Options{Game: dir})
	return dir, base, links(s, base)
}

func TestGameLinksAndTokens(t *testing.T) {
	dir, base, l := gameStudio(t)
	for _, k := range []string{"whatif", "api", "teacher", "team alibaba", "team nvidia"} {
		if l[k] == "" {
			t.Errorf("no %q link in %v", k, l)
		}
	}
	st, err := os.Stat(filepath.Join(dir, web.TokensFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", web.TokensFile, st.Mode().Perm())
	}
	for k, u := range l {
		if !strings.HasPrefix(u, base+"/game/") {
			continue
		}
		if tok := strings.TrimPrefix(u, base+"/game/"); len(tok)*6 < 128 {
			t.Errorf("%s: token %q has under 128 bits", k, tok)
		}
	}
	// A restarted server hands out the same links.
	s2, err := web.New(web.Options{Game: dir})
	if err != nil {
		t.Fatal(err)
	}
	if l2 := links(s2, base); l2["teacher"] != l["teacher"] || l2["team nvidia"] != l["team nvidia"] {
		t.Errorf("links changed on restart: %v, then %v", l, l2)
	}
}

// TestGameAccess: a wrong or missing token, or another holder's, answers
// exactly what a page that does not exist answers.
func TestGameAccess(t *testing.T) {
	_, base, l := gameStudio(t)
	c := client()
	_, missing := get(t, c, base+"/no-such-page")
	alibaba := l["team alibaba"]
	nvidiaTok := strings.TrimPrefix(l["team nvidia"], base+"/game/")
	teacherTok := strings.TrimPrefix(l["teacher"], base+"/game/")
	tests := []struct{ name, url, why string }{
		{"no token", base + "/game/", "no token opens nothing"},
		{"wrong token", base + "/game/AAAAAAAAAAAAAAAAAAAAAAAAAAA", "a guess opens nothing"},
		{"token prefix", l["teacher"][:len(l["teacher"])-1], "a token must match whole"},
		{"token with suffix", l["teacher"] + "x", "a token must match whole"},
		{"another team's report", alibaba + "/report/1?team=nvidia", "a team reads only its own report (no round played yet either)"},
		{"teacher files as a team", alibaba + "/teacher/1/report.html", "the teacher's folder is the teacher's"},
		{"traversal", l["teacher"] + "/teacher/1/..%2f..%2fgame.yaml", "no path from a request reaches the file system"},
		{"traversal in round", l["teacher"] + "/report/..%2f..", "round numbers only"},
	}
	for _, tc := range tests {
		code, body := get(t, c, tc.url)
		if code != 404 || body != missing {
			t.Errorf("%s: GET %s = %d %q; want 404 %q (%s)", tc.name, tc.url, code, body, missing, tc.why)
		}
	}
	// POSTs with a team's token cannot play the round; with a wrong
	// token, or without the page's CSRF token, nothing happens.
	_, page := get(t, c, alibaba)
	csrf, round := hidden(page)
	if csrf == "" || round != "1" {
		t.Fatalf("the team page has no CSRF token or round\n%s", page)
	}
	posts := []struct {
		name, url string
		form      url.Values
		code      int
		why       string
	}{
		{"team plays", alibaba + "/play", url.Values{"csrf": {csrf}, "round": {"1"}}, 404, "only the teacher plays a round"},
		{"teacher submits", l["teacher"] + "/decisions", url.Values{"csrf": {csrf}, "round": {"1"}}, 403, "the team's CSRF token is not the teacher's"},
		{"no csrf", alibaba + "/decisions", url.Values{"round": {"1"}, "f.rnd": {"$3B"}}, 403, "a form without the page's token is refused"},
		{"other team's csrf", base + "/game/" + nvidiaTok + "/decisions", url.Values{"csrf": {csrf}, "round": {"1"}}, 403, "a CSRF token is tied to its page"},
		{"wrong token", base + "/game/" + teacherTok + "x/play", url.Values{"csrf": {csrf}}, 404, "a wrong token reveals nothing"},
	}
	for _, tc := range posts {
		code, body := postForm(t, c, tc.url, tc.form)
		if code != tc.code {
			t.Errorf("%s: POST %s = %d, want %d (%s)\n%.300s", tc.name, tc.url, code, tc.code, tc.why, body)
		}
	}
	code, _ := postForm(t, c, alibaba+"/decisions", url.Values{"csrf": {csrf}, "round": {"1"}}, "Origin", "http://evil.example")
	if code != 403 {
		t.Errorf("a form posted from another site answered %d, want 403", code)
	}
	code, _ = postForm(t, c, alibaba+"/decisions", url.Values{"csrf": {csrf}, "round": {"1"}, "reason": {strings.Repeat("x", 70<<10)}})
	if code != 413 {
		t.Errorf("a 70 KB form answered %d, want 413", code)
	}
}

var problemRE = regexp.MustCompile(`data-key="([^"]+)">(?s:.*?)<span class="problem" role="alert">([^<]*)</span>`)

// TestGamePlay plays a round over the web: a team submits a form with a
// mistake and sees the file's error at the field, fixes it, submits; the
// teacher sees it, plays the round; both pages show round 2.
func TestGamePlay(t *testing.T) {
	dir, _, l := gameStudio(t)
	c := client()
	alibaba, teacher := l["team alibaba"], l["teacher"]
	_, page := get(t, c, alibaba)
	csrf, _ := hidden(page)
	for _, want := range []string{"Where you stand", "prices.llm-api", "orders.zhenwu-810e", "rnd", "Not handed in yet"} {
		if !strings.Contains(page, want) {
			t.Errorf("the team page lacks %q", want)
		}
	}
	if strings.Contains(page, "chip_prices") {
		t.Errorf("Alibaba's page offers Nvidia's chip prices")
	}

	// A mistake: a price far out of range, and a script in the reason.
	bad := url.Values{"csrf": {csrf}, "round": {"1"}, "f.prices.llm-api": {"$99/Mtok"}, "f.rnd": {"$3B"},
		"reason": {`<script>alert("x")</script> undercut`}}
	code, page := postForm(t, c, alibaba+"/decisions", bad)
	if code != 422 {
		t.Fatalf("a form with a mistake answered %d, want 422\n%s", code, page)
	}
	m := problemRE.FindStringSubmatch(page)
	if m == nil || m[1] != "prices.llm-api" {
		t.Fatalf("no problem shown at prices.llm-api: %v\n%s", m, page)
	}
	// The same words as the file error `play status` prints.
	file := "team: alibaba\nround: 1\nprices:\n  llm-api: $99/Mtok\n"
	path := filepath.Join(dir, classroom.DecisionPath(1, "alibaba"))
	if err := os.WriteFile(path, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	g, err := classroom.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := g.Status()
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Teams[0].Problems) != 1 || htmlUnescape(m[2]) != st.Teams[0].Problems[0].Msg {
		t.Errorf("the form says %q; the file error is %v", htmlUnescape(m[2]), st.Teams[0].Problems)
	}
	// A file put in the folder by hand shows its problems on the page.
	if _, p := get(t, c, alibaba); !strings.Contains(p, "your file round-01/decisions/alibaba.yaml:4:") || !strings.Contains(p, "Not handed in yet") {
		t.Errorf("the team page does not show the problems of a file put in by hand")
	}
	os.Remove(path)
	if strings.Contains(page, "<script>alert") {
		t.Errorf("the reason came back unescaped")
	}

	// Fixed.
	good := url.Values{"csrf": {csrf}, "round": {"1"}, "f.prices.llm-api": {"$0.30/Mtok"}, "f.rnd": {"$3B"}, "f.open_weights": {"true"},
		"reason": {`<b>undercut</b> ByteDance`}}
	if code, body := postForm(t, c, alibaba+"/decisions", good); code != 303 {
		t.Fatalf("a valid form answered %d, want 303\n%s", code, body)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the accepted decisions are not on disk: %v", err)
	}
	if !strings.Contains(string(data), `llm-api: "$0.30/Mtok"`) || !strings.Contains(string(data), "open_weights: true\n") {
		t.Errorf("decision file:\n%s", data)
	}
	_, page = get(t, c, alibaba)
	if !strings.Contains(page, "Handed in.") || !strings.Contains(page, `value="$0.30/Mtok"`) {
		t.Errorf("the team page does not show the handed-in decisions")
	}

	// The teacher sees it (escaped) and plays.
	_, tpage := get(t, c, teacher)
	if !strings.Contains(tpage, "&lt;b&gt;undercut&lt;/b&gt;") || strings.Contains(tpage, "<b>undercut") {
		t.Errorf("the teacher page does not show the team's file escaped")
	}
	if !strings.Contains(tpage, `class="state-valid"`) {
		t.Errorf("the teacher page does not show alibaba's file as valid")
	}
	tcsrf, round := hidden(tpage)
	if code, body := postForm(t, c, teacher+"/play", url.Values{"csrf": {tcsrf}, "round": {round}}); code != 303 {
		t.Fatalf("playing the round answered %d\n%s", code, body)
	}
	g, err = classroom.Load(dir)
	if err != nil || g.Round != 2 {
		t.Fatalf("after play the game is at round %v (%v), want 2", g, err)
	}
	_, tpage = get(t, c, teacher)
	_, page = get(t, c, alibaba)
	for name, p := range map[string]string{"teacher": tpage, "team": page} {
		if !strings.Contains(p, "round 2 of 2") || !strings.Contains(p, "Leaderboard after round 1") {
			t.Errorf("the %s page does not show round 2 and the leaderboard", name)
		}
	}
	// Playing again with the old form does not play round 2.
	if _, body := postForm(t, c, teacher+"/play", url.Values{"csrf": {tcsrf}, "round": {"1"}}); !strings.Contains(body, "has been played already") {
		t.Errorf("a second click on round 1's button was not refused")
	}
	// A revision of round 1 after it was played is refused.
	if code, _ := postForm(t, c, alibaba+"/decisions", good); code != 409 {
		t.Errorf("a round 1 form after round 1 was played answered %d, want 409", code)
	}
	code, rep := get(t, c, alibaba+"/report/1")
	if code != 200 || !strings.Contains(rep, "<table>") || !strings.Contains(rep, "Round 1 report: Alibaba Cloud") {
		t.Errorf("the round report: %d\n%.400s", code, rep)
	}
	if code, _ := get(t, c, alibaba+"/report/1?team=nvidia"); code != 404 {
		t.Errorf("alibaba read nvidia's report: %d", code)
	}
	if code, rep := get(t, c, teacher+"/report/1?team=nvidia"); code != 200 || !strings.Contains(rep, "Nvidia") {
		t.Errorf("the teacher cannot read nvidia's report: %d", code)
	}
	if code, _ := get(t, c, teacher+"/teacher/1/report.html"); code != 200 {
		t.Errorf("the teacher's report: %d", code)
	}
	if code, svg := get(t, c, teacher+"/chart/1"); code != 200 || !strings.Contains(svg, "R1") {
		t.Errorf("the teacher's chart with round markers: %d", code)
	}
	if code, _ := get(t, c, alibaba+"/chart/1"); code != 200 {
		t.Errorf("a team cannot see the chart of public shares: %d", code)
	}
	if code, _ := get(t, c, alibaba+"/chart/2"); code != 404 {
		t.Errorf("a chart of a round not played: %d", code)
	}
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}
