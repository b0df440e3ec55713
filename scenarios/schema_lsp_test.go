package scenarios

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSchemaInYAMLLanguageServer drives yaml-language-server (npm
// install yaml-language-server; the binary on PATH or in
// $YAML_LANGUAGE_SERVER) over the Language Server Protocol, as an editor
// does, with the schema on a file that has a typo'd key, a wrong unit and
// an impossible date: the diagnostics must say so in words (the
// patternErrorMessage, not a regular expression), and completion after
// "extends: " must offer the embedded scenarios. It skips without the
// server.
func TestSchemaInYAMLLanguageServer(t *testing.T) {
	server := os.Getenv("YAML_LANGUAGE_SERVER")
	if server == "" {
		var err error
		if server, err = exec.LookPath("yaml-language-server"); err != nil {
			t.Skip("yaml-language-server is not installed (npm install yaml-language-server)")
		}
	}
	dir := t.TempDir()
	schema := filepath.Join(dir, "aicloudsim.schema.json")
	if err := os.WriteFile(schema, Schema(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := "# yaml-language-server: $schema=file://" + schema + "\n" +
		"extends: \n" +
		"start: 2026-13-45\n" +
		"chips:\n" +
		"  h20:\n" +
		"    prcie: $12K\n" +
		"    memory_bandwidth: 4.0GW\n"
	uri := "file://" + filepath.Join(dir, "what-if.yaml")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, server, "--stdio")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() }()
	c := &lspConn{w: stdin, r: bufio.NewReader(stdout)}

	c.call(t, 1, "initialize", map[string]any{"processId": nil, "rootUri": "file://" + dir, "capabilities": map[string]any{
		"textDocument": map[string]any{"completion": map[string]any{"completionItem": map[string]any{"snippetSupport": false}}},
		"workspace":    map[string]any{"configuration": true},
	}})
	c.wait(t, func(m lspMessage) bool { return m.ID != nil && string(*m.ID) == "1" })
	c.notify(t, "initialized", map[string]any{})
	settings := map[string]any{"yaml": map[string]any{"validate": true, "completion": true, "hover": true, "schemaStore": map[string]any{"enable": false}}}
	c.notify(t, "workspace/didChangeConfiguration", map[string]any{"settings": settings})
	c.notify(t, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": doc}})

	var diags []struct {
		Message string `json:"message"`
		Range   struct {
			Start struct{ Line int } `json:"start"`
		} `json:"range"`
	}
	c.wait(t, func(m lspMessage) bool {
		if m.Method == "workspace/configuration" { // the server asks for its settings
			c.reply(t, m.ID, []any{settings["yaml"]})
			return false
		}
		if m.Method != "textDocument/publishDiagnostics" {
			return false
		}
		var p struct {
			Diagnostics json.RawMessage `json:"diagnostics"`
		}
		json.Unmarshal(m.Params, &p)
		json.Unmarshal(p.Diagnostics, &diags)
		return len(diags) > 0
	})
	byLine := map[int]string{}
	for _, d := range diags {
		byLine[d.Range.Start.Line] += d.Message + "\n"
	}
	for line, want := range map[int]string{
		2: "Not a date: write YYYY-MM-DD",
		5: "prcie",
		6: "Not a bandwidth: write it like 4.0TB/s",
	} {
		if !strings.Contains(byLine[line], want) {
			t.Errorf("line %d: diagnostics %q lack %q", line+1, byLine[line], want)
		}
	}
	for _, d := range diags {
		if strings.Contains(d.Message, `\s*`) || strings.Contains(d.Message, "(?:") {
			t.Errorf("a diagnostic shows a regular expression: %q", d.Message)
		}
	}

	c.call(t, 2, "textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 1, "character": 9}})
	var labels []string
	c.wait(t, func(m lspMessage) bool {
		if m.Method == "workspace/configuration" {
			c.reply(t, m.ID, []any{settings["yaml"]})
			return false
		}
		if m.ID == nil || string(*m.ID) != "2" || m.Method != "" {
			return false
		}
		var res struct {
			Items []struct {
				Label string `json:"label"`
			} `json:"items"`
		}
		json.Unmarshal(m.Result, &res)
		for _, it := range res.Items {
			labels = append(labels, it.Label)
		}
		return true
	})
	for _, e := range Catalogue() {
		found := false
		for _, l := range labels {
			found = found || strings.Trim(l, `"'`) == e.Name
		}
		if !found {
			t.Errorf("completion after extends: lacks %s; got %q", e.Name, labels)
		}
	}
}

// lspMessage is a JSON-RPC message of the Language Server Protocol.
type lspMessage struct {
	ID     *json.RawMessage `json:"id,omitempty"`
	Method string           `json:"method,omitempty"`
	Params json.RawMessage  `json:"params,omitempty"`
	Result json.RawMessage  `json:"result,omitempty"`
}

// lspConn frames messages with Content-Length headers over a stream.
type lspConn struct {
	w io.Writer
	r *bufio.Reader
}

func (c *lspConn) send(t *testing.T, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b); err != nil {
		t.Fatal(err)
	}
}

func (c *lspConn) call(t *testing.T, id int, method string, params any) {
	c.send(t, map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

func (c *lspConn) notify(t *testing.T, method string, params any) {
	c.send(t, map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

func (c *lspConn) reply(t *testing.T, id *json.RawMessage, result any) {
	c.send(t, map[string]any{"jsonrpc": "2.0", "id": id, "result": result})
}

// wait reads messages until done returns true.
func (c *lspConn) wait(t *testing.T, done func(lspMessage) bool) {
	t.Helper()
	for {
		n := -1
		for {
			line, err := c.r.ReadString('\n')
			if err != nil {
				t.Fatalf("reading from the server: %v", err)
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(c.r, b); err != nil {
			t.Fatal(err)
		}
		var m lspMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if done(m) {
			return
		}
	}
}
