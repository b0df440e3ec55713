package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// crashFiles are the outputs the crash tests write: the old output holds
// "old" in each, the new one "new".
func crashFiles(content string) map[string]func(io.Writer) error {
	files := map[string]func(io.Writer) error{}
	for _, name := range []string{"a.csv", "b.csv", "report.html"} {
		files[name] = func(w io.Writer) error { _, err := io.WriteString(w, content+" "+name); return err }
	}
	return files
}

// TestCrashHelper is the process TestWriteDirSurvivesCrashAtEveryStep
// kills: it replaces the output folder and exits at step
// $AICLOUDSIM_CRASH_STEP of WriteDir, as a crash or SIGKILL would.
func TestCrashHelper(t *testing.T) {
	dir := os.Getenv("AICLOUDSIM_CRASH_DIR")
	if dir == "" {
		t.Skip("run as a process by TestWriteDirSurvivesCrashAtEveryStep")
	}
	n, _ := strconv.Atoi(os.Getenv("AICLOUDSIM_CRASH_STEP"))
	if os.Getenv("AICLOUDSIM_NO_EXCHANGE") != "" {
		exchange = func(a, b string) error { return errNoExchange }
	}
	k := 0
	writeStep = func(s string) {
		if k == n {
			fmt.Println("crash after", s)
			os.Exit(3)
		}
		k++
	}
	if _, err := LockOutDir(dir); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, crashFiles("new")); err != nil {
		t.Fatal(err)
	}
	os.Exit(0)
}

// TestWriteDirSurvivesCrashAtEveryStep kills a process replacing an output
// folder at every step of WriteDir, with the atomic exchange and with the
// two-rename fallback, and checks that the folder then holds the complete
// old or the complete new output (with the exchange, at once; with the
// fallback, after Recover), and that Recover leaves nothing else behind.
func TestWriteDirSurvivesCrashAtEveryStep(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs the test binary as processes")
	}
	modes := []string{"fallback"}
	if runtime.GOOS == "linux" {
		modes = append(modes, "exchange")
	}
	for _, mode := range modes {
		t.Run(mode, func(t *testing.T) {
			crashes := 0
			for n := 0; n < 50; n++ {
				parent := t.TempDir()
				dir := filepath.Join(parent, "out")
				if err := WriteDir(dir, crashFiles("old")); err != nil {
					t.Fatal(err)
				}
				cmd := exec.Command(os.Args[0], "-test.run=^TestCrashHelper$")
				cmd.Env = append(os.Environ(), "AICLOUDSIM_CRASH_DIR="+dir, "AICLOUDSIM_CRASH_STEP="+strconv.Itoa(n))
				if mode == "fallback" {
					cmd.Env = append(cmd.Env, "AICLOUDSIM_NO_EXCHANGE=1")
				}
				out, err := cmd.CombinedOutput()
				var exit *exec.ExitError
				if err == nil {
					break // fewer than n steps: every step has been crashed at
				}
				if !errors.As(err, &exit) || exit.ExitCode() != 3 {
					t.Fatalf("step %d: %v\n%s", n, err, out)
				}
				crashes++
				what := strings.TrimSpace(string(out))
				if mode == "exchange" {
					checkWhole(t, what, dir)
				}
				unlock, err := LockOutDir(dir)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Recover(dir); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				unlock()
				checkWhole(t, what+", recovered", dir)
				entries, _ := os.ReadDir(parent)
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				if !slices.Equal(names, []string{".out.lock", "out"}) {
					t.Errorf("%s: after Recover the folder holds %q", what, names)
				}
				if err := WriteDir(dir, crashFiles("new")); err != nil {
					t.Errorf("%s: writing again: %v", what, err)
				}
			}
			if crashes < 5 {
				t.Errorf("only %d steps crashed at", crashes)
			}
		})
	}
}

// checkWhole checks that dir holds the whole old or the whole new output.
func checkWhole(t *testing.T, what, dir string) {
	t.Helper()
	for _, content := range []string{"old", "new"} {
		ok := true
		for name := range crashFiles(content) {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || string(b) != content+" "+name {
				ok = false
			}
		}
		if ok {
			return
		}
	}
	entries, err := os.ReadDir(dir)
	t.Errorf("%s: %s holds neither the whole old nor the whole new output (%v, %v)", what, dir, entries, err)
}

// TestLockRefusesSecondWriter takes an output folder's lock twice and
// checks that the second attempt fails at once, naming the holder's PID,
// and succeeds once the first is released.
func TestLockRefusesSecondWriter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "out")
	unlock, err := LockOutDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockOutDir(dir)
	want := fmt.Sprintf("%s is being written by process %d", dir, os.Getpid())
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), want) {
		t.Errorf("second lock: %v; want ErrLocked and %q", err, want)
	}
	unlock()
	unlock2, err := LockOutDir(dir)
	if err != nil {
		t.Fatalf("after unlocking: %v", err)
	}
	unlock2()
}
