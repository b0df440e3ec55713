package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestServeBadInput(t *testing.T) {
	tests := []struct {
		name, why string
		args      []string
		want      string
	}{
		{"no game", "a folder that is not a game is the user's mistake",
			[]string{"serve", "--addr", "127.0.0.1:0", "--game", filepath.Join(t.TempDir(), "none")}, "is not a game folder"},
		{"bad address", "an address that cannot be listened on",
			[]string{"serve", "--addr", "not an address"}, "--addr not an address"},
		{"arguments", "serve takes flags only", []string{"serve", "baseline"}, "unknown command"},
	}
	for _, tc := range tests {
		var out, errb bytes.Buffer
		if code := run(tc.args, &out, &errb); code != exitBadInput || !strings.Contains(errb.String(), tc.want) {
			t.Errorf("%s: exit %d\n%s\nwant %d and %q (%s)", tc.name, code, errb.String(), exitBadInput, tc.want, tc.why)
		}
	}
}

// lockedBuffer is a buffer safe to write from the server's goroutine.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServe: serve prints its links one a line, answers on them, warns
// about an address the network can reach, and stops when told to.
func TestServe(t *testing.T) {
	var out, errb lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, &out, &errb, serveOptions{addr: "0.0.0.0:0"}) }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "api ") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "whatif http://127.0.0.1:") || !strings.HasPrefix(lines[1], "api http://127.0.0.1:") {
		t.Fatalf("serve printed %q", lines)
	}
	if !strings.Contains(errb.String(), "warning: listening on") {
		t.Errorf("no warning for an address the network can reach: %q", errb.String())
	}
	resp, err := http.Get(strings.Fields(lines[1])[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "baseline") {
		t.Errorf("GET %s: %d %.200s", lines[1], resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve stopped with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
