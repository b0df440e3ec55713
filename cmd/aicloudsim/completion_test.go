package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// complete asks for the completions of args as a shell would (cobra's
// hidden __complete command) and returns the candidates without their
// descriptions.
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	r := mustRun(t, append([]string{"__complete"}, args...)...)
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if strings.HasPrefix(line, ":") { // the directive
			continue
		}
		name, _, _ := strings.Cut(line, "\t")
		out = append(out, name)
	}
	return out
}

func TestCompletion(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"zhenwu-700.yaml", "notes.txt", "old.yml"} {
		if err := os.WriteFile(filepath.Join(dir, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "studies"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	for _, c := range []struct {
		reason string
		args   []string
		want   []string
		not    []string
	}{
		{"scenario names and files", []string{"run", ""}, []string{"baseline", "price-war", "zhenwu-700.yaml", "old.yml", "studies/"}, []string{"notes.txt"}},
		{"a prefix", []string{"montecarlo", "zh"}, []string{"zhenwu-slow-memory", "zhenwu-700.yaml"}, []string{"baseline"}},
		{"one scenario only", []string{"run", "baseline", ""}, nil, []string{"baseline"}},
		{"compare takes many", []string{"compare", "baseline", "pr"}, []string{"price-war"}, nil},
		{"explain subcommands", []string{"explain", "hardware", "exp"}, []string{"export-ban"}, nil},
		{"--scenario of list", []string{"list", "chips", "--scenario", ""}, []string{"baseline", "history"}, nil},
		{"--sampling", []string{"montecarlo", "--sampling", ""}, []string{"lhs", "random"}, nil},
		{"--method", []string{"sensitivity", "--method", ""}, []string{"oat", "morris", "both"}, nil},
		{"--attribute-by", []string{"compare", "--attribute-by", ""}, []string{"input", "entry"}, nil},
		{"-o", []string{"list", "-o", ""}, []string{"text", "json"}, nil},
		{"--teams, companies not yet given", []string{"play", "init", "baseline", "--teams", "bytedance,"}, []string{"bytedance,alibaba", "bytedance,nvidia"}, []string{"bytedance,bytedance"}},
		{"--outcome from companies and segments", []string{"sweep", "baseline", "--outcome", "revenue_share:ali"},
			[]string{"revenue_share:alibaba", "revenue_share:alibaba:llm-api"}, []string{"revenue_share:alibaba:consumer-assistant"}},
		{"--outcome of a supplier", []string{"sensitivity", "--outcome", "export"}, []string{"export_fees:nvidia"}, nil},
		{"list's things", []string{"list", ""}, []string{"scenarios", "chips", "models", "companies"}, nil},
	} {
		got := complete(t, c.args...)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %q does not offer %q; got %q", c.reason, c.args, w, got)
			}
		}
		for _, n := range c.not {
			if slices.Contains(got, n) {
				t.Errorf("%s: %q offers %q", c.reason, c.args, n)
			}
		}
	}
	sets := complete(t, "run", "--set", "chips.zhenwu-810e.mem")
	if !slices.Equal(sets, []string{"chips.zhenwu-810e.memory_bandwidth="}) {
		t.Errorf("--set completion: %q", sets)
	}
}
