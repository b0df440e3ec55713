package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
	"github.com/seed-e89a7ce8/aicloudsim/study"
)

// TestPoolBounds: at most workers run at once, at most queue wait, and
// the next caller is refused at once.
func TestPoolBounds(t *testing.T) {
	p := newPool(2, 1)
	release := make(chan struct{})
	started := make(chan struct{}, 3)
	done := make(chan error, 3)
	for range 3 {
		go func() {
			done <- p.do(context.Background(), func() { started <- struct{}{}; <-release })
		}()
	}
	<-started
	<-started
	deadline := time.After(2 * time.Second)
	for len(p.admit) < 3 { // the third is waiting for a worker
		select {
		case <-deadline:
			t.Fatal("the third caller never queued")
		default:
			time.Sleep(time.Millisecond)
		}
	}
	select {
	case <-started:
		t.Fatal("a third function ran with two workers")
	default:
	}
	if err := p.do(context.Background(), func() { t.Error("ran past a full queue") }); !errors.Is(err, errBusy) {
		t.Errorf("a fourth caller got %v, want errBusy", err)
	}
	close(release)
	for range 3 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestBusyAnswers429: a full queue answers 429 with Retry-After, not 5xx.
func TestBusyAnswers429(t *testing.T) {
	s, err := New(Options{Workers: 1, Queue: 1})
	if err != nil {
		t.Fatal(err)
	}
	for range cap(s.pool.admit) { // every place taken
		s.pool.admit <- struct{}{}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/runs", strings.NewReader(`{"scenario": "baseline"}`))
	req.Header.Set("Content-Type", "application/json")
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") == "" {
		t.Fatalf("a full pool answered %d (Retry-After %q)\n%s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	for range cap(s.pool.admit) {
		<-s.pool.admit
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest("POST", "/api/runs", strings.NewReader(`{"scenario": "baseline"}`))
	req.Header.Set("Content-Type", "application/json")
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("after the queue emptied, a run answered %d, want 200: a refused run must not stay cached\n%s", rec.Code, rec.Body)
	}
}

// TestTimeouts: the server's connections cannot be held open by a slow
// client.
func TestTimeouts(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("timeouts: header %v, read %v, write %v, idle %v, max header %d", hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout, hs.MaxHeaderBytes)
	}
}

// TestHeldSets: a Monte Carlo of a what-if holds the ranged numbers the
// what-if changed at their new values, and leaves other overrides alone.
func TestHeldSets(t *testing.T) {
	got, err := heldSets(runSpec{Scenario: "baseline", Sets: []string{"chips.zhenwu-810e.memory_bandwidth=700GB/s", "events.0.date=2026-03-01"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`chips.zhenwu-810e.memory_bandwidth={value: "700GB/s"}`, "events.0.date=2026-03-01"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("heldSets = %q, want %q", got, want)
	}
	o, err := scenarios.Open("baseline", got)
	if err != nil {
		t.Fatalf("the held overrides do not load: %v", err)
	}
	for _, p := range study.Params(o.Scenario) {
		if p.Path == "chips.zhenwu-810e.memory_bandwidth" {
			t.Errorf("the changed number still has its range %g to %g", p.Low, p.High)
		}
	}
}

// TestSlowClient: a client that sends half a request and stalls is cut
// off after the header timeout, not held forever (slowloris).
func TestSlowClient(t *testing.T) {
	t.Parallel() // waits for the timeout
	if testing.Short() {
		t.Skip("waits for the header timeout")
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	if hs.ReadHeaderTimeout != readHeaderTimeout || readHeaderTimeout <= 0 {
		t.Fatalf("the server's header timeout is %v, want %v", hs.ReadHeaderTimeout, readHeaderTimeout)
	}
	timeout := readHeaderTimeout
	if !testenv.Long() {
		// The plain run checks the cut-off with a short timeout; the long
		// checks wait for the real one.
		timeout = 300 * time.Millisecond
		hs.ReadHeaderTimeout = timeout
	}
	go hs.Serve(ln)
	defer hs.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /api/scenarios HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(timeout + 10*time.Second))
	_, err = io.ReadAll(conn) // returns when the server closes the connection
	if err != nil {
		t.Fatalf("the server held a stalled request open past %v: %v", timeout+10*time.Second, err)
	}
	if d := time.Since(start); d < timeout/2 || d > timeout+5*time.Second {
		t.Errorf("the stalled request was cut after %v, want about %v", d, timeout)
	}
}
