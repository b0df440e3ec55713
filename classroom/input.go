package classroom

import (
	"fmt"
	"io"
	"os"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// openGameFile opens a file of the game folder dir for reading: a regular
// file (not a FIFO, which would hang the game, or a device) and, if it is a
// symbolic link, one to a file inside dir, so that a decision file cannot
// make the game read, and quote in its errors, a file elsewhere.
func openGameFile(dir, path string) (*os.File, error) {
	lst, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if lst.Mode()&os.ModeSymlink != 0 {
		inside, err := scenarios.Inside(dir, path)
		if err != nil {
			return nil, err
		}
		if !inside {
			return nil, fmt.Errorf("%s is a symbolic link to a file outside the game folder; put the file itself in the folder", path)
		}
	}
	return scenarios.OpenInput(path)
}

// readGameFile reads a file of the game folder dir (see openGameFile),
// failing if it is longer than limit bytes.
func readGameFile(dir, path string, limit int) ([]byte, error) {
	f, err := openGameFile(dir, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	if err == nil && len(b) > limit {
		err = fmt.Errorf("%s: file is more than %d bytes; the limit is %d", path, limit, limit)
	}
	return b, err
}
