package scenarios

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// OpenInput opens the file at path for reading if it is a regular file,
// following symbolic links. A FIFO, device or socket is refused: reading
// one could wait for a writer forever or never end. The file is opened
// without blocking, so a FIFO put in its place after the check cannot hang
// the open either, and the opened file is checked again.
func OpenInput(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regular(path, st); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		return nil, err
	}
	if err := regular(path, st); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// regular returns an error unless st describes a regular file.
func regular(path string, st os.FileInfo) error {
	m := st.Mode()
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		return fmt.Errorf("%s is a directory, not a file", path)
	case m&os.ModeNamedPipe != 0:
		return fmt.Errorf("%s is a named pipe (FIFO), not a regular file; save the input to a file", path)
	case m&(os.ModeDevice|os.ModeCharDevice) != 0:
		return fmt.Errorf("%s is a device, not a regular file", path)
	}
	return fmt.Errorf("%s is not a regular file (%s)", path, m.Type())
}

// ReadInput reads the regular file at path (see OpenInput), failing if it
// is longer than limit bytes.
func ReadInput(path string, limit int) ([]byte, error) {
	f, err := OpenInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading %s: %v", path, err)
	case len(b) > limit:
		return nil, fmt.Errorf("%s: file is more than %d bytes; the limit is %d", path, limit, limit)
	}
	return b, nil
}

// Inside reports whether path, with every symbolic link resolved, lies in
// folder dir (also resolved). A path that does not exist is judged by its
// name.
func Inside(dir, path string) (bool, error) {
	d, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return false, err
	}
	p, err := filepath.EvalSymlinks(path)
	if err != nil {
		return false, err
	}
	d, _ = filepath.Abs(d)
	p, _ = filepath.Abs(p)
	rel, err := filepath.Rel(d, p)
	if err != nil {
		return false, nil
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)), nil
}
