package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/reports/reportstest"
)

// TestPlayClassRound plays round 1 from the shell as a teacher of four
// teams would: init, hand in the files (one late, one broken, then
// fixed), check, play, read the reports.
func TestPlayClassRound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "class-game")
	r := mustRun(t, "play", "init", "baseline", "--teams", "bytedance,alibaba,nvidia,western", "--rounds", "8", "--out", dir)
	if !strings.Contains(r.stdout, "created game "+dir+": scenario baseline, seed 1, 4 teams") ||
		!strings.Contains(r.stdout, "round 1 (2026-04-01 to 2026-06-30): the templates are in "+filepath.Join(dir, "round-01", "templates")) {
		t.Errorf("init should say what it made and what to do next; got\n%s", r.stdout)
	}
	decisions := filepath.Join(dir, "round-01", "decisions")
	// The README's example file.
	write(t, filepath.Join(decisions, "bytedance.yaml"), `team: bytedance
round: 1
reason: "undercut Alibaba on tokens"
prices: {llm-api: $0.20/Mtok, multimodal-api: $0.045/generation, compute-rental: $1.35/GPU-hour}
orders: {h200: 90K, ascend-910c: 28.9K}
rnd: $2B
`)
	write(t, filepath.Join(decisions, "alibaba.yaml"), "team: alibaba\nround: 1\nprices:\n  llm-api: $0.4/token\norders:\n  h20: 10k\n")
	tpl, err := os.ReadFile(filepath.Join(dir, "round-01", "templates", "nvidia.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Whatever the built-in strategy proposes, the team prices the H200 at $26K.
	write(t, filepath.Join(decisions, "nvidia.yaml"), regexp.MustCompile(`(?m)^  h200: \$[0-9.]+K`).ReplaceAllString(string(tpl), "  h200: $$26K"))

	r = mustRun(t, "play", "status", dir)
	for _, want := range []string{"round 1 of 8 (2026-04-01 to 2026-06-30)", "bytedance  handed in, valid", "alibaba    handed in, 2 problems:",
		"western    not yet (if nothing arrives, the built-in strategy plays it)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("status should say %q; got\n%s", want, r.stdout)
		}
	}

	r = cli(t, "play", "next", dir)
	broken := filepath.Join(decisions, "alibaba.yaml")
	if r.code != exitBadInput || r.stdout != "" ||
		!strings.Contains(r.stderr, broken+`:4:12: prices.llm-api: price "$0.4/token" is per token; want a price per Mtok`) ||
		!strings.Contains(r.stderr, broken+`:6:8: orders.h20: unknown unit "k" in "10k"`) ||
		!strings.Contains(r.stderr, "round 1 was not played: 2 problems in 1 decision file.") {
		t.Errorf("next with a broken file: exit %d, stdout %q, stderr\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "round-01", "reports")); !os.IsNotExist(err) {
		t.Errorf("a refused round must write nothing: %v", err)
	}

	write(t, broken, "team: alibaba\nround: 1\nprices:\n  llm-api: $0.4/Mtok\n")
	r = mustRun(t, "play", "next", dir)
	if !strings.Contains(r.stderr, "warning: western: no decisions received ("+filepath.Join(decisions, "western.yaml")+"): the built-in strategy played") {
		t.Errorf("next should warn about the late team; stderr\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "round 1 (2026-04-01 to 2026-06-30) played: 3 of 4 teams handed in decisions") ||
		!strings.Contains(r.stdout, "leaderboard (score: improvement over the built-in strategy, %):\n  1. ") ||
		!strings.Contains(r.stdout, "round 2 (2026-07-01 to 2026-09-30): the templates are in") {
		t.Errorf("next should report the round and the leaderboard; stdout\n%s", r.stdout)
	}
	for team, want := range map[string]string{
		"western":   "No decisions received: the built-in strategy played",
		"bytedance": "Why: team decision: undercut Alibaba on tokens",
		"alibaba":   "Alibaba Cloud llm-api price -11% to $0.4/Mtok",
		"nvidia":    "Nvidia prices Nvidia H200 at $26.0K",
	} {
		b, err := os.ReadFile(filepath.Join(dir, "round-01", "reports", team+".md"))
		if err != nil || !strings.Contains(string(b), want) {
			t.Errorf("%s's report should say %q (%v); got\n%s", team, want, err, b)
		}
	}
	reportstest.CheckDataPackage(t, filepath.Join(dir, "round-01", "reports"))
	reportstest.CheckDataPackage(t, filepath.Join(dir, "round-01", "teacher"))
	r = mustRun(t, "play", "status", dir)
	if !strings.Contains(r.stdout, "round 1 played: handed in by bytedance, alibaba, nvidia; built-in strategy for western") ||
		!strings.Contains(r.stdout, "round 2 of 8") {
		t.Errorf("status after round 1; got\n%s", r.stdout)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPlayBadInput(t *testing.T) {
	tmp := t.TempDir()
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no teams", []string{"play", "init", "--out", filepath.Join(tmp, "a")}, "--teams: name the teams' companies"},
		{"an unknown team", []string{"play", "init", "--teams", "bytedance,nvida", "--out", filepath.Join(tmp, "b")},
			`--teams: "nvida" is not a company of the scenario (did you mean "nvidia"?)`},
		{"an unknown scenario", []string{"play", "init", "baselnie", "--teams", "alibaba", "--out", filepath.Join(tmp, "c")}, "neither an embedded scenario"},
		{"not a game", []string{"play", "next", tmp}, "is not a game folder: it has no game.yaml"},
		{"no game given", []string{"play", "status"}, "accepts 1 arg(s), received 0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := cli(t, c.args...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
				t.Errorf("aicloudsim %s: exit %d, stderr\n%s\nwant exit 2 and %q", strings.Join(c.args, " "), r.code, r.stderr, c.want)
			}
		})
	}
}
