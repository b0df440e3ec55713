package web_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/seed-e89a7ce8/aicloudsim/internal/testenv"
	"github.com/seed-e89a7ce8/aicloudsim/web"
)

var shots = flag.String("web.shots", "", "`folder` for the browser tests' screenshots (none when empty)")

// chromium finds a Chromium or Chrome binary; the browser tests are long
// checks (they skip unless AICLOUDSIM_LONG_TESTS=1) and skip only when
// there is none.
func chromium(t *testing.T) string {
	testenv.SkipUnlessLong(t, "drives Chromium")
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on this machine (install it: apt-get install chromium)")
	return ""
}

// browser starts a headless Chromium for one test.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	// The first action starts the browser, which lives as long as the
	// context of that action: this one, without a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// shot saves a full-page screenshot as name.png in -web.shots.
func shot(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if *shots == "" {
			return nil
		}
		png, err := chromedp.FullScreenshot(100)(ctx, t)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(*shots, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(*shots, name+".png"), png, 0o644)
	})
}

// stepTimeout bounds each step of a browser test: a run on a busy machine
// takes a few seconds; playing a round, more.
const stepTimeout = 2 * time.Minute

// run runs an action that returns a value, failing the test on error.
func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// do runs actions, failing the test on error.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserWhatIf moves a slider and sees the charts and the table
// change and the address keep the what-if.
func TestBrowserWhatIf(t *testing.T) {
	t.Parallel() // mostly waiting for the browser
	ctx := browser(t)
	_, base := studio(t, web.Options{})
	slider := chromedp.CSS(`input[id="c-chips.zhenwu-810e.memory_bandwidth"]`)
	chart := chromedp.CSS(`img[data-name="share.svg"]`)
	do(t, ctx, chromedp.Navigate(base+"/whatif"), chromedp.WaitVisible(chart))
	before := run(t, ctx, chromedp.AttributeValue(chart, "src")).Value
	do(t, ctx,
		chromedp.ScrollIntoView(slider),
		chromedp.Focus(slider),
		chromedp.KeyEvent(kb.Home), // the slider to its low end: 700 GB/s
	)
	run(t, ctx, chromedp.Poll[chromedp.Void](`document.querySelector('img[data-name="share.svg"]').getAttribute("src") !== `+jsString(before),
		chromedp.WithPollingTimeout(90*time.Second)))
	after := run(t, ctx, chromedp.AttributeValue(chart, "src")).Value
	addr := run(t, ctx, chromedp.Location())
	delta := run(t, ctx, chromedp.Text(chromedp.CSS(`#headline tbody tr:nth-child(2) td.delta`)))
	do(t, ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`), shot("whatif"))
	// The Monte Carlo of the what-if, in the background, to its table.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`#mc-start`)),
		chromedp.WaitVisible(chromedp.CSS(`#mc-table`)),
		chromedp.ScrollIntoView(chromedp.CSS(`#mc`)),
		shot("whatif-montecarlo"),
	)
	status := run(t, ctx, chromedp.Text(chromedp.CSS(`#mc-status`)))
	if status != "40 runs done" {
		t.Errorf("the Monte Carlo says %q", status)
	}
	if before == after {
		t.Errorf("the chart did not change")
	}
	if !strings.Contains(addr, "set=chips.zhenwu-810e.memory_bandwidth") {
		t.Errorf("the address %s does not keep the what-if", addr)
	}
	if delta == "+0.0" || delta == "" {
		t.Errorf("Alibaba's share did not move with slow Zhenwu memory: %q", delta)
	}
}

// TestBrowserClassroom: a team hands in a form with a mistake, sees the
// error at the field, fixes it and hands it in; the teacher sees it and
// plays the round; both pages show round 2.
func TestBrowserClassroom(t *testing.T) {
	t.Parallel() // mostly waiting for the browser
	ctx := browser(t)
	dir := newGame(t, []string{"alibaba", "nvidia"}, 2)
	s, base := studio(t, web.Options{Game: dir})
	l := links(s, base)
	price := chromedp.CSS(`input[name="f.prices.llm-api"]`)
	problemAt := chromedp.CSS(`.field.bad[data-key="prices.llm-api"] .problem`)
	do(t, ctx,
		chromedp.Navigate(l["team alibaba"]),
		chromedp.WaitVisible(price),
		shot("team"),
		chromedp.SetValue(price, "$99/Mtok"),
		chromedp.SetValue(chromedp.CSS(`#f-reason`), "undercut ByteDance"),
		chromedp.Click(chromedp.CSS(`#submit`)),
		chromedp.WaitVisible(problemAt),
	)
	problem := run(t, ctx, chromedp.Text(problemAt))
	do(t, ctx,
		chromedp.ScrollIntoView(problemAt),
		shot("team-error"),
		chromedp.SetValue(price, "$0.30/Mtok"),
		chromedp.Click(chromedp.CSS(`#submit`)),
		chromedp.WaitVisible(chromedp.CSS(`#state .ok`)),
	)
	state := run(t, ctx, chromedp.Text(chromedp.CSS(`#state`)))
	do(t, ctx, chromedp.Navigate(l["teacher"]), chromedp.WaitVisible(chromedp.CSS(`#status`)), shot("teacher"))
	teacherState := run(t, ctx, chromedp.Text(chromedp.CSS(`#status tbody tr:first-child`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#play-round`)), chromedp.WaitVisible(chromedp.CSS(`img.wide`)), shot("teacher-round-2"))
	teacherHeader := run(t, ctx, chromedp.Text(chromedp.CSS(`header span`)))
	do(t, ctx, chromedp.Navigate(l["team alibaba"]), chromedp.WaitVisible(chromedp.CSS(`#reports`)), shot("team-round-2"))
	teamHeader := run(t, ctx, chromedp.Text(chromedp.CSS(`header span`)))
	do(t, ctx, chromedp.Click(chromedp.CSS(`#reports a`)), chromedp.WaitVisible(chromedp.CSS(`.report table`)), shot("team-report-1"))

	if !strings.Contains(problem, "prices.llm-api: $99/Mtok is outside the allowed range") {
		t.Errorf("the error at the field: %q", problem)
	}
	if !strings.Contains(state, "Handed in") {
		t.Errorf("after the fix the page says %q", state)
	}
	if !strings.Contains(teacherState, "alibaba") || !strings.Contains(teacherState, "valid") {
		t.Errorf("the teacher's page shows %q for alibaba", teacherState)
	}
	if !strings.Contains(teacherHeader, "round 2 of 2") || !strings.Contains(teamHeader, "round 2 of 2") {
		t.Errorf("after the play: teacher %q, team %q", teacherHeader, teamHeader)
	}
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
