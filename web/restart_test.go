package web_test

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
)

// serveProcess is `aicloudsim serve` running as a child process.
type serveProcess struct {
	cmd   *exec.Cmd
	links map[string]string
}

// startServe starts the binary on a free loopback port for game dir and
// reads the links it prints.
func startServe(t *testing.T, bin, dir string, teams int) *serveProcess {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--game", dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	p := &serveProcess{cmd: cmd, links: map[string]string{}}
	lines := bufio.NewScanner(out)
	want := 3 + teams // whatif, api, teacher, teams
	done := make(chan struct{})
	go func() {
		defer close(done)
		for len(p.links) < want && lines.Scan() {
			l := lines.Text()
			i := strings.LastIndex(l, " ")
			p.links[l[:i]] = l[i+1:]
		}
		go io.Copy(io.Discard, out)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("serve printed no links within a minute")
	}
	if len(p.links) < want {
		t.Fatalf("serve printed %v", p.links)
	}
	return p
}

// buildBinary builds aicloudsim into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "aicloudsim")
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command on PATH to build the server: %v", err)
	}
	build := exec.Command(gobin, "build", "-o", bin, "../cmd/aicloudsim")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestKillAndRestart: a server killed with SIGKILL while a team is
// handing in decisions, restarted on the same folder, serves the same
// game with the same links, and no accepted submission is lost.
func TestKillAndRestart(t *testing.T) {
	t.Parallel() // mostly waiting for the server's processes
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	testenv.SkipUnlessLong(t, "builds the binary, kills its server and restarts it")
	bin := buildBinary(t)
	teams := []string{"alibaba", "bytedance", "nvidia"}
	dir := newGame(t, teams, 2)
	p := startServe(t, bin, dir, len(teams))

	// Two teams hand in; the third keeps revising while the server dies.
	accepted := map[string]string{}
	c := client()
	submit := func(team, reason string) (int, error) {
		page := p.links["team "+team]
		resp, err := c.Get(page)
		if err != nil {
			return 0, err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf, round := hidden(string(body))
		form := url.Values{"csrf": {csrf}, "round": {round}, "reason": {reason}}
		for _, f := range fieldRE.FindAllStringSubmatch(string(body), -1) {
			form.Set("f."+f[1], htmlUnescape(f[2]))
		}
		resp, err = c.PostForm(page+"/decisions", form)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	for _, team := range teams[:2] {
		if code, err := submit(team, team+" before the kill"); err != nil || code != 303 {
			t.Fatalf("%s: %d %v", team, code, err)
		}
		accepted[team] = team + " before the kill"
	}
	stop := make(chan struct{})
	inFlight := make(chan string, 1)
	go func() {
		defer close(inFlight)
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			default:
			}
			reason := fmt.Sprintf("nvidia revision %d", n)
			code, err := submit("nvidia", reason)
			if err != nil {
				inFlight <- reason // the answer was lost with the server
				return
			}
			if code == 303 {
				accepted["nvidia-last"] = reason
			}
		}
	}()
	time.Sleep(1500 * time.Millisecond)
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
	lost := <-inFlight
	close(stop)

	q := startServe(t, bin, dir, len(teams))
	for k, v := range p.links {
		if strings.HasPrefix(k, "team") || k == "teacher" {
			if q.links[k] != strings.Replace(v, hostOf(v), hostOf(q.links[k]), 1) {
				t.Errorf("%s: link %s before, %s after the restart", k, v, q.links[k])
			}
		}
	}
	g, err := classroom.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	st, err := g.Status()
	if err != nil {
		t.Fatal(err)
	}
	for _, ts := range st.Teams {
		data, err := os.ReadFile(filepath.Join(dir, ts.File))
		want := accepted[ts.Team]
		if ts.Team == "nvidia" {
			want = accepted["nvidia-last"]
		}
		switch {
		case want == "":
			t.Errorf("%s: nothing was accepted before the kill", ts.Team)
		case err != nil:
			t.Errorf("%s: accepted %q, and the file is gone: %v", ts.Team, want, err)
		case !ts.HandedIn || len(ts.Problems) > 0:
			t.Errorf("%s: after the restart the file is not valid: %v", ts.Team, ts.Problems)
		case !strings.Contains(string(data), want) && (lost == "" || !strings.Contains(string(data), lost)):
			t.Errorf("%s: accepted %q last, the file holds\n%s", ts.Team, want, data)
		}
	}
	// The restarted server takes the next revision.
	p = q
	if code, err := submit("nvidia", "after the restart"); err != nil || code != 303 {
		t.Errorf("a submission after the restart: %d %v", code, err)
	}
	t.Logf("killed with %s accepted last (%q in flight); the restarted server kept it", accepted["nvidia-last"], lost)
}

// hostOf is the host:port of a URL.
func hostOf(u string) string {
	x, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return x.Host
}
