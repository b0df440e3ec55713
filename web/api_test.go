package web_test

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

// runAnswer is the part of POST /api/runs' answer the tests read.
type runAnswer struct {
	ID       string   `json:"id"`
	Set      []string `json:"set"`
	Headline struct {
		Year      int `json:"year"`
		Companies []struct {
			ID           string  `json:"id"`
			RevenueShare float64 `json:"revenue_share"`
			RevenueUSD   float64 `json:"revenue_usd"`
		} `json:"companies"`
	} `json:"headline"`
	Base struct {
		Companies []struct {
			ID           string  `json:"id"`
			RevenueShare float64 `json:"revenue_share"`
		} `json:"companies"`
	} `json:"base"`
	Charts []struct{ Name, URL string } `json:"charts"`
	YAML   string                       `json:"yaml"`
	Files  string                       `json:"files"`
	Page   string                       `json:"page"`
}

func TestScenariosList(t *testing.T) {
	_, base := studio(t, web.Options{})
	code, body := get(t, client(), base+"/api/scenarios")
	if code != 200 || !strings.Contains(body, `"name": "baseline"`) {
		t.Fatalf("GET /api/scenarios = %d\n%s", code, body)
	}
	code, body = get(t, client(), base+"/api/scenarios/baseline")
	if code != 200 || !strings.Contains(body, `"path": "chips.zhenwu-810e.memory_bandwidth"`) || !strings.Contains(body, `"kind": "lever"`) {
		t.Fatalf("GET /api/scenarios/baseline = %d, want the ranged numbers and the levers\n%.600s", code, body)
	}
	if code, _ := get(t, client(), base+"/api/scenarios/no-such"); code != 404 {
		t.Errorf("an unknown scenario answered %d, want 404", code)
	}
}

func TestRunWhatIf(t *testing.T) {
	_, base := studio(t, web.Options{})
	c := client()
	var got runAnswer
	code, _, body := postJSON(t, c, base+"/api/runs", map[string]any{
		"scenario": "baseline", "seed": 1, "set": map[string]string{"chips.zhenwu-810e.memory_bandwidth": "0.7TB/s"}}, &got)
	if code != 200 {
		t.Fatalf("POST /api/runs = %d\n%s", code, body)
	}
	if got.Headline.Year != 2030 || len(got.Headline.Companies) == 0 || len(got.Base.Companies) != len(got.Headline.Companies) {
		t.Fatalf("headline %+v, base %+v", got.Headline, got.Base)
	}
	var sum, moved float64
	for i, co := range got.Headline.Companies {
		sum += co.RevenueShare
		moved += math.Abs(co.RevenueShare - got.Base.Companies[i].RevenueShare)
	}
	if math.Abs(sum-1) > 1e-6 {
		t.Errorf("revenue shares sum to %g, want 1", sum)
	}
	if moved == 0 {
		t.Errorf("slow Zhenwu memory changed no company's share: the what-if was not applied")
	}
	if len(got.Charts) != 3 {
		t.Fatalf("%d charts, want 3", len(got.Charts))
	}
	for _, ch := range got.Charts {
		resp, err := c.Get(base + ch.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
			t.Errorf("%s: %d %s", ch.URL, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if !strings.Contains(got.Page, "set=chips.zhenwu-810e.memory_bandwidth%3D0.7TB%2Fs") {
		t.Errorf("page link %q does not carry the what-if", got.Page)
	}

	// The downloaded YAML is a scenario that runs to the same headline.
	code, yaml := get(t, c, base+got.YAML)
	if code != 200 || !strings.Contains(yaml, "extends: baseline") {
		t.Fatalf("GET %s = %d\n%s", got.YAML, code, yaml)
	}
	file := filepath.Join(t.TempDir(), "whatif.yaml")
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := scenarios.Open(file, nil)
	if err != nil {
		t.Fatalf("the downloaded what-if does not load: %v\n%s", err, yaml)
	}
	cfg, agents, err := o.Build()
	if err != nil {
		t.Fatal(err)
	}
	r, err := market.Run(cfg, agents, market.Options{Seed: o.Seed})
	if err != nil {
		t.Fatal(err)
	}
	_, _, rows := reports.FinalYear(r)
	for i, row := range rows {
		if row.RevenueUSD != got.Headline.Companies[i].RevenueUSD {
			t.Errorf("%s: the YAML runs to revenue %g, the API said %g", row.ID, row.RevenueUSD, got.Headline.Companies[i].RevenueUSD)
		}
	}
}

// TestRunBadInput: bad input answers 400 with the message the CLI gives,
// never 500.
func TestRunBadInput(t *testing.T) {
	_, base := studio(t, web.Options{})
	c := client()
	// The CLI's message for the same --set.
	_, cliErr := scenarios.Open("baseline", []string{"chips.zhenwu-810e.memory_bandwidth=fast"})
	if cliErr == nil {
		t.Fatal("want an error from the loader")
	}
	tests := []struct {
		name, why string
		body      any
		code      int
		want      string
	}{
		{"bad value", "the loader's message, path and position as --set gives them",
			map[string]any{"scenario": "baseline", "set": map[string]string{"chips.zhenwu-810e.memory_bandwidth": "fast"}}, 400, cliErr.Error()},
		{"unknown path", "a key that does not exist is named with a suggestion",
			map[string]any{"set": map[string]string{"chips.zhenwu-81oe.memory_bandwidth": "700GB/s"}}, 400, `no key "zhenwu-81oe"`},
		{"unknown scenario", "only embedded scenarios run",
			map[string]any{"scenario": "no-such"}, 400, `scenario "no-such" is not an embedded scenario`},
		{"a path as scenario", "a request never names a file",
			map[string]any{"scenario": "../../etc/passwd"}, 400, "is not an embedded scenario"},
		{"unknown field", "a misspelt field is not ignored",
			map[string]any{"scenaro": "baseline"}, 400, `unknown field "scenaro"`},
		{"value an object", "values are strings or numbers",
			map[string]any{"set": map[string]any{"costs.pue": map[string]int{"a": 1}}}, 400, `set "costs.pue"`},
		{"not JSON", "the body must be a run", "{", 400, "the request is not a run"},
		{"too large", "the body is capped",
			map[string]any{"scenario": strings.Repeat("x", 70<<10)}, 413, "larger than"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var code int
			var body string
			if s, ok := tc.body.(string); ok {
				resp, err := c.Post(base+"/api/runs", "application/json", strings.NewReader(s))
				if err != nil {
					t.Fatal(err)
				}
				b := make([]byte, 4096)
				n, _ := resp.Body.Read(b)
				resp.Body.Close()
				code, body = resp.StatusCode, string(b[:n])
			} else {
				code, _, body = postJSON(t, c, base+"/api/runs", tc.body, nil)
			}
			if code != tc.code || !strings.Contains(body, jsonEscape(tc.want)) {
				t.Errorf("%s: got %d\n%s\nwant %d containing %q", tc.why, code, body, tc.code, tc.want)
			}
		})
	}
	resp, err := c.Post(base+"/api/runs", "text/plain", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("a run sent as text/plain answered %d, want 415: a cross-site form must not start runs", resp.StatusCode)
	}
}

// jsonEscape writes s as it appears inside a JSON string.
func jsonEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return r.Replace(s)
}

func TestWhatIfPage(t *testing.T) {
	_, base := studio(t, web.Options{})
	c := client()
	code, page := get(t, c, base+"/whatif?scenario=baseline&set=chips.zhenwu-810e.memory_bandwidth%3D700GB%2Fs")
	if code != 200 {
		t.Fatalf("GET /whatif = %d\n%s", code, page)
	}
	for _, want := range []string{
		`<div class="control changed" data-path="chips.zhenwu-810e.memory_bandwidth"`, // the URL's change is shown
		`value="700"`,                  // at the URL's value (GB/s)
		`data-suffix="GB/s"`,           // written back in a unit the loader reads
		`/assets/whatif.js`,            // the embedded script
		`/charts/share.svg`,            // the charts
		`data-path="events.0.date"`,    // a policy date
		`providers.alibaba.capex.2026`, // a main lever
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the what-if page lacks %s", want)
		}
	}
	if code, _ := get(t, c, base+"/whatif?scenario=..%2Fgame"); code != 400 {
		t.Errorf("an unknown scenario answered %d, want 400", code)
	}
	if code, js := get(t, c, base+"/assets/whatif.js"); code != 200 || !strings.Contains(js, "/api/runs") {
		t.Errorf("GET /assets/whatif.js = %d", code)
	}
}

func TestLoopback(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1:8080", true}, {"localhost:80", true}, {"[::1]:8080", true},
		{"0.0.0.0:8080", false}, {":8080", false}, {"192.168.1.5:8080", false}, {"example.com:80", false},
	}
	for _, tc := range tests {
		if got := web.Loopback(tc.addr); got != tc.want {
			t.Errorf("Loopback(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
}

// TestMonteCarlo runs a small Monte Carlo of a what-if in the background
// and follows its progress to the spread of the final shares.
func TestMonteCarlo(t *testing.T) {
	_, base := studio(t, web.Options{})
	c := client()
	var mc struct {
		URL    string `json:"url"`
		State  string `json:"state"`
		Done   int    `json:"done"`
		Runs   int    `json:"runs"`
		Error  string `json:"error"`
		Finals []struct {
			ID string     `json:"id"`
			P  [5]float64 `json:"p"`
		} `json:"finals"`
	}
	body, _ := json.Marshal(map[string]any{"scenario": "baseline", "set": map[string]string{"costs.pue": "1.4"}, "runs": 3})
	resp, err := c.Post(base+"/api/montecarlo", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	json.NewDecoder(resp.Body).Decode(&mc)
	resp.Body.Close()
	if resp.StatusCode != 202 || mc.URL == "" || mc.Runs != 3 {
		t.Fatalf("POST /api/montecarlo = %d %+v", resp.StatusCode, mc)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for mc.State != "done" && time.Now().Before(deadline) {
		if mc.State == "failed" || mc.State == "cancelled" {
			t.Fatalf("the Monte Carlo %s: %s", mc.State, mc.Error)
		}
		time.Sleep(200 * time.Millisecond)
		_, b := get(t, c, base+mc.URL)
		if err := json.Unmarshal([]byte(b), &mc); err != nil {
			t.Fatal(err)
		}
	}
	if mc.State != "done" || mc.Done != 3 || len(mc.Finals) == 0 {
		t.Fatalf("after the wait: %+v", mc)
	}
	for _, f := range mc.Finals {
		if !(f.P[0] <= f.P[2] && f.P[2] <= f.P[4]) || f.P[4] > 1 {
			t.Errorf("%s: quantiles %v out of order or beyond 1", f.ID, f.P)
		}
	}
	code, _, msg := postJSON(t, c, base+"/api/montecarlo", map[string]any{"runs": 100000}, nil)
	if code != 400 || !strings.Contains(msg, "1 to 200") {
		t.Errorf("100000 runs answered %d %s", code, msg)
	}
}
