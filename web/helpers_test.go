package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

// studio starts a server for opt on loopback and returns its base URL.
func studio(t testing.TB, opt web.Options) (*web.Server, string) {
	t.Helper()
	s, err := web.New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts.URL
}

// newGame makes a game of the baseline in a temporary folder.
func newGame(t testing.TB, teams []string, rounds int) string {
	t.Helper()
	dir := t.TempDir()
	if _, err := classroom.Init(dir, classroom.Setup{Scenario: "baseline", Teams: teams, Rounds: rounds}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// links maps the server's link lines by their leading words: "teacher",
// "team alibaba", "whatif".
func links(s *web.Server, base string) map[string]string {
	out := map[string]string{}
	for _, l := range s.Links(base) {
		i := strings.LastIndex(l, " ")
		out[l[:i]] = l[i+1:]
	}
	return out
}

// client is an HTTP client that does not follow redirects, so tests see
// the 303 a form answers.
func client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get fetches url and returns the status and body.
func get(t testing.TB, c *http.Client, u string) (int, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postForm posts a form and returns the status and body.
func postForm(t testing.TB, c *http.Client, u string, form url.Values, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// postJSON posts v as JSON and decodes the answer into out (if not nil).
func postJSON(t testing.TB, c *http.Client, u string, v any, out any) (int, http.Header, string) {
	t.Helper()
	body, _ := json.Marshal(v)
	resp, err := c.Post(u, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode == 200 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
	}
	return resp.StatusCode, resp.Header, string(b)
}

var hiddenRE = regexp.MustCompile(`name="(csrf|round)" value="([^"]*)"`)

// hidden reads a page form's hidden csrf and round fields.
func hidden(page string) (csrf, round string) {
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		switch m[1] {
		case "csrf":
			csrf = m[2]
		case "round":
			round = m[2]
		}
	}
	return csrf, round
}
