package reports

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// WriteDir creates the folder dir holding one file per entry of files, each
// written by its function, and does it atomically: everything is written
// into a temporary sibling folder (dir + ".tmp-*") that is renamed to dir
// only once every file is complete. On any failure the temporary folder is
// removed and dir, if it existed, is left as it was; no half-written output
// is ever visible at dir. Missing parent folders are created.
//
// An existing dir is replaced, but only if it is an output of an earlier
// run: a folder that holds nothing but regular files with names in files,
// plus, when it holds at least one of those, PNG charts of any name.
// Anything else (a file, a symlink, a folder with other contents) is an
// error, so a mistyped --out never deletes a user's data. File names must
// be plain names, not paths. Files are written in sorted name order.
func WriteDir(dir string, files map[string]func(io.Writer) error) (err error) {
	names, err := fileNames(files)
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	replace, err := replaceable(dir, files)
	if err != nil {
		return err
	}
	created, err := mkdirParents(filepath.Dir(dir))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			removeCreated(created)
		}
	}()
	tmp, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating output folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	step("created " + filepath.Base(tmp))
	for _, name := range names {
		if err := writeFile(filepath.Join(tmp, name), files[name]); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, name), err)
		}
		step("wrote " + name)
	}
	if replace {
		return swap(tmp, dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("moving output into place: %w", err)
	}
	return nil
}

// fileNames returns the sorted names of files, checking each is a plain
// file name that cannot point outside the folder.
func fileNames(files map[string]func(io.Writer) error) ([]string, error) {
	names := make([]string, 0, len(files))
	for name, fn := range files {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) || filepath.Base(name) != name {
			return nil, fmt.Errorf("output file name %q is not a plain file name", name)
		}
		if fn == nil {
			return nil, fmt.Errorf("output file %q has no writer", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	return names, nil
}

// replaceable reports whether dir exists and may be replaced, or returns
// why it may not.
func replaceable(dir string, files map[string]func(io.Writer) error) (bool, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	return checkDir(dir, names)
}

// CheckOutDir returns an error when WriteDir would refuse to replace dir
// with files of the given names: dir is not a folder, or holds something
// other than those files (and, in a folder that holds one of them, PNG
// charts of any name). Commands call it before any work, so a bad --out
// fails at once. A missing dir is fine.
func CheckOutDir(dir string, names []string) error {
	_, err := checkDir(dir, names)
	return err
}

// checkDir reports whether dir exists and may be replaced by files named
// names, or returns why it may not.
func checkDir(dir string, names []string) (bool, error) {
	st, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("checking output folder: %w", err)
	case st.Mode()&fs.ModeSymlink != 0:
		return false, fmt.Errorf("output folder %s is a symbolic link; give the real folder or a new one", dir)
	case !st.IsDir():
		return false, fmt.Errorf("output folder %s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false, err
	}
	// A run output (it holds one of our files) may also hold charts of an
	// earlier run of another scenario, whose chart names differ.
	output := slices.ContainsFunc(entries, func(e fs.DirEntry) bool {
		return e.Type().IsRegular() && slices.Contains(names, e.Name())
	})
	for _, e := range entries {
		ours := slices.Contains(names, e.Name()) || output && strings.HasSuffix(e.Name(), ".png")
		if !ours || !e.Type().IsRegular() {
			return false, fmt.Errorf("refusing to replace %s: it holds %q, which this run does not write; remove it or choose another output folder", dir, e.Name())
		}
	}
	return true, nil
}

// mkdirParents creates dir and its missing parents and returns the folders
// it created, outermost first.
func mkdirParents(dir string) ([]string, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	slices.Reverse(missing)
	for i, d := range missing {
		if err := os.Mkdir(d, 0o755); err != nil {
			removeCreated(missing[:i])
			return nil, fmt.Errorf("creating output folder: %w", err)
		}
	}
	if len(missing) == 0 {
		if st, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("creating output folder: %w", err)
		} else if !st.IsDir() {
			return nil, fmt.Errorf("creating output folder: %s is not a folder", dir)
		}
	}
	return missing, nil
}

// removeCreated removes the folders mkdirParents created, innermost first;
// a folder something else has written into meanwhile is kept.
func removeCreated(dirs []string) {
	for i := len(dirs) - 1; i >= 0; i-- {
		os.Remove(dirs[i])
	}
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, synced and then renamed over path, so a reader sees either the
// old file or the whole new one; the file gets mode perm.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir, base := filepath.Split(path)
	if base == "" {
		return fmt.Errorf("%s: not a file name", path)
	}
	f, err := os.CreateTemp(filepath.Clean(dir+"."), "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// writeFile creates path and fills it with write, flushed and synced.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 64<<10)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// swap replaces the existing folder dir with tmp. Where the system can
// exchange two names in one step (Linux's renameat2 RENAME_EXCHANGE), it
// does, so dir is never missing, and then deletes the old output, now at
// tmp. Elsewhere dir is first moved aside into a holding folder
// (dir.old-*/previous), tmp takes its place and the old output is then
// deleted; if tmp cannot be moved in, the old output is put back, and if
// the process dies between the two renames, Recover puts it back at the
// next start.
func swap(tmp, dir string) error {
	err := exchange(tmp, dir)
	switch {
	case err == nil:
		step("exchanged")
		return os.RemoveAll(tmp)
	case !errors.Is(err, errNoExchange):
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	hold, err := os.MkdirTemp(filepath.Dir(dir), filepath.Base(dir)+".old-*")
	if err != nil {
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	old := filepath.Join(hold, "previous")
	if err := os.Rename(dir, old); err != nil {
		os.Remove(hold)
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	step("moved aside")
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("replacing %s: %w (the previous output is in %s)", dir, err, old)
		}
		os.Remove(hold)
		return fmt.Errorf("replacing %s: %w", dir, err)
	}
	step("moved in")
	return os.RemoveAll(hold)
}
