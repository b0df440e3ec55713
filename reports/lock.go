package reports

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is wrapped by LockOutDir's error when another process holds
// the output folder.
var ErrLocked = errors.New("output folder in use")

// LockPath is the lock file of the output folder dir: a hidden sibling,
// .<name>.lock, that outlives the folder's replacements. It holds the PID
// of the last process that took the lock.
func LockPath(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".lock")
}

// LockOutDir takes the lock of the output folder dir for the life of a
// command, creating dir's parent folders if needed, and returns the
// function that releases it. The lock is an advisory lock (flock) on
// LockPath(dir), which the system releases when the process ends however
// it ends, so a crash never leaves the folder locked. If another process
// holds it, LockOutDir fails at once with an error wrapping ErrLocked and
// naming that process. Where the system has no flock it locks nothing.
func LockOutDir(dir string) (unlock func(), err error) {
	path := LockPath(dir)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating output folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking output folder %s: %w", dir, err)
	}
	if err := flock(f); err != nil {
		holder := "another process"
		if b, rerr := os.ReadFile(path); rerr == nil {
			if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil && pid > 0 {
				holder = "process " + strconv.Itoa(pid)
			}
		}
		f.Close()
		if errors.Is(err, ErrLocked) {
			return nil, fmt.Errorf("%w: %s is being written by %s (lock %s); wait for it to finish, or write to another folder", ErrLocked, dir, holder, path)
		}
		return nil, fmt.Errorf("locking output folder %s: %w", dir, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() { f.Close() }, nil
}
