package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

func TestSchemaCommand(t *testing.T) {
	t.Parallel()
	r := mustRun(t, "schema")
	if r.stdout != string(scenarios.Schema()) {
		t.Error("schema prints something other than scenarios.Schema")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("stdout is not a draft-07 JSON Schema: %v", err)
	}

	dir := t.TempDir()
	out := filepath.Join(dir, "aicloudsim.schema.json")
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = mustRun(t, "schema", "--out", out)
	if r.stdout != "" {
		t.Errorf("with --out, stdout = %q, want nothing", r.stdout)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.Equal(b, scenarios.Schema()) {
		t.Errorf("--out file does not hold the schema (err %v)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want the schema alone (no temporary files)", len(entries))
	}

	r = cli(t, "schema", "--out", filepath.Join(dir, "missing", "x.json"))
	if r.code != exitRunFailed || !strings.Contains(r.stderr, "missing") {
		t.Errorf("writing into a missing folder: exit %d, stderr %q; want 1 and the path", r.code, r.stderr)
	}
	if r := cli(t, "schema", "baseline"); r.code != exitBadInput {
		t.Errorf("schema with an argument: exit %d, want 2", r.code)
	}
}
