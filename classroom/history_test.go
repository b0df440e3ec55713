package classroom

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// TestReplayChecksTheHistory plays a round and checks that game.yaml
// records the fingerprint of its numbers, that the next round's replay
// gives the same, and that a replay giving others (as another version of
// aicloudsim or another CPU architecture can) is refused, with a message
// that names game.yaml, the platform and what to do, before anything is
// written.
func TestReplayChecksTheHistory(t *testing.T) {
	t.Parallel()
	g := newGame(t, 3, "alibaba")
	if _, err := next(t, g); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(g.Dir, GameFile)
	text := read(t, path)
	m := regexp.MustCompile(`(?m)^    history: ([0-9a-f]{16})$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("game.yaml records no history of round 1:\n%s", text)
	}
	fresh, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if fresh.Played[0].History != m[1] {
		t.Errorf("loaded history %q, game.yaml says %q", fresh.Played[0].History, m[1])
	}
	if _, err := fresh.Status(); err != nil {
		t.Errorf("status with the build that played round 1: %v", err)
	}

	// The numbers of another build.
	if err := os.WriteFile(path, []byte(strings.Replace(text, m[1], "0123456789abcdef", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "this build of aicloudsim replays rounds 1-1 with other numbers than the build that played them (history 0123456789abcdef in " +
		path + "; this build, on " + market.Platform() + ", gives " + m[1] + ")"
	_, err = next(t, g)
	if err == nil || !errors.Is(err, ErrBadInput) || !strings.Contains(err.Error(), want) ||
		!strings.Contains(err.Error(), "play the game on with the build that played round 1") {
		t.Errorf("Next with another build's history: %v\nwant %q", err, want)
	}
	if _, err := os.Stat(filepath.Join(g.Dir, RoundDir(2), "reports")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the refused round wrote its reports: %v", err)
	}
	again, err := Load(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := again.Status(); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("Status with another build's history: %v", err)
	}

	// An edited history that is not a fingerprint is refused when the
	// game loads, without quoting it.
	long := strings.Repeat("x", 5000)
	if err := os.WriteFile(path, []byte(strings.Replace(text, m[1], long, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(g.Dir); err == nil || !strings.Contains(err.Error(), "the history of played round 1 is not a fingerprint") || strings.Contains(err.Error(), "xxxxxxxx") {
		t.Errorf("Load with a history that is no fingerprint: %.300v", err)
	}

	// A game begun before histories were kept plays on unchecked.
	if err := os.WriteFile(path, []byte(strings.Replace(text, "    history: "+m[1]+"\n", "", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := next(t, g)
	if err != nil {
		t.Fatalf("a game without histories: %v", err)
	}
	if out.Round != 2 {
		t.Errorf("played round %d, want 2", out.Round)
	}
	if !strings.Contains(read(t, path), "    history: ") {
		t.Error("round 2 recorded no history")
	}
	// Round 3's replay matches round 2's history.
	if _, err := next(t, g); err != nil {
		t.Errorf("round 3 after round 2's history: %v", err)
	}
}
