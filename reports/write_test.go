package reports

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// content returns a writer function that writes s.
func content(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// failing writes some bytes and then fails, as a writer does when the disk
// fills up half-way.
func failing(w io.Writer) error {
	io.WriteString(w, "half a file")
	return errors.New("disk full")
}

// listDir returns the names in dir, sorted.
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// readDir returns name → contents of the files in dir.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, n := range listDir(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = string(b)
	}
	return m
}

func TestWriteDirCreates(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out", "baseline")
	err := WriteDir(dir, map[string]func(io.Writer) error{"a.csv": content("1,2\n"), "b.md": content("# b\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(readDir(t, dir)); got != fmt.Sprint(map[string]string{"a.csv": "1,2\n", "b.md": "# b\n"}) {
		t.Errorf("wrote %s", got)
	}
	if got := listDir(t, filepath.Join(root, "out")); !slices.Equal(got, []string{"baseline"}) {
		t.Errorf("out holds %q, want only the output folder (no temporary folders left)", got)
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("output folder mode %v (%v), want 0755, not MkdirTemp's 0700", st.Mode().Perm(), err)
	}
}

func TestWriteDirReplacesEarlierOutput(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "run")
	if err := WriteDir(dir, map[string]func(io.Writer) error{"a.csv": content("old"), "b.md": content("old")}); err != nil {
		t.Fatal(err)
	}
	if err := WriteDir(dir, map[string]func(io.Writer) error{"a.csv": content("new"), "b.md": content("new"), "c.png": content("new")}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(readDir(t, dir)); got != fmt.Sprint(map[string]string{"a.csv": "new", "b.md": "new", "c.png": "new"}) {
		t.Errorf("after a rerun the folder holds %s", got)
	}
	if got := listDir(t, root); !slices.Equal(got, []string{"run"}) {
		t.Errorf("root holds %q, want only the output folder", got)
	}
}

func TestWriteDirFailureLeavesNothingBehind(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing bool
	}{
		{"new folder", false},
		{"earlier output", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := filepath.Join(root, "a", "b", "run")
			if tc.existing {
				if err := WriteDir(dir, map[string]func(io.Writer) error{"m.csv": content("kept")}); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteDir(dir, map[string]func(io.Writer) error{"m.csv": content("new"), "z.md": failing})
			if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "z.md") {
				t.Fatalf("err = %v, want the writer's error naming the file", err)
			}
			if !tc.existing {
				if got := listDir(t, root); len(got) != 0 {
					t.Errorf("root holds %q after a failed write, want nothing (not even the parents it created)", got)
				}
				return
			}
			if got := fmt.Sprint(readDir(t, dir)); got != fmt.Sprint(map[string]string{"m.csv": "kept"}) {
				t.Errorf("earlier output became %s, want it untouched", got)
			}
			if got := listDir(t, filepath.Dir(dir)); !slices.Equal(got, []string{"run"}) {
				t.Errorf("parent holds %q, want only the earlier output", got)
			}
		})
	}
}

func TestWriteDirRefuses(t *testing.T) {
	files := map[string]func(io.Writer) error{"m.csv": content("x")}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, root string) string // returns the dir to write
		files map[string]func(io.Writer) error
		want  string
	}{
		{"parent is a file", func(t *testing.T, root string) string {
			mustWrite(t, filepath.Join(root, "file"), "")
			return filepath.Join(root, "file", "run")
		}, files, "not a directory"},
		{"dir is a file", func(t *testing.T, root string) string {
			mustWrite(t, filepath.Join(root, "run"), "")
			return filepath.Join(root, "run")
		}, files, "not a folder"},
		{"dir holds other files", func(t *testing.T, root string) string {
			mustWrite(t, filepath.Join(root, "home", "thesis.tex"), "precious")
			return filepath.Join(root, "home")
		}, files, `"thesis.tex"`},
		{"dir holds a folder", func(t *testing.T, root string) string {
			if err := os.MkdirAll(filepath.Join(root, "run", "m.csv"), 0o755); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(root, "run")
		}, files, `"m.csv"`},
		{"dir is a symlink", func(t *testing.T, root string) string {
			if err := os.Mkdir(filepath.Join(root, "real"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("real", filepath.Join(root, "run")); err != nil {
				t.Skip("no symlinks:", err)
			}
			return filepath.Join(root, "run")
		}, files, "symbolic link"},
		{"file name escapes", func(t *testing.T, root string) string { return filepath.Join(root, "run") },
			map[string]func(io.Writer) error{"../evil": content("x")}, "not a plain file name"},
		{"file name is a path", func(t *testing.T, root string) string { return filepath.Join(root, "run") },
			map[string]func(io.Writer) error{"a/b": content("x")}, "not a plain file name"},
		{"file name is dot-dot", func(t *testing.T, root string) string { return filepath.Join(root, "run") },
			map[string]func(io.Writer) error{"..": content("x")}, "not a plain file name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			dir := tc.setup(t, root)
			before := snapshot(t, root)
			err := WriteDir(dir, tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one containing %s", err, tc.want)
			}
			if after := snapshot(t, root); after != before {
				t.Errorf("a refused write changed the tree:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

func mustWrite(t *testing.T, path, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// snapshot lists every path under root with its contents.
func snapshot(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s ", p)
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%q ", data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// An earlier run of another scenario leaves charts with other names; they
// are replaced with the folder, but a folder of pictures alone is not an
// output and is refused.
func TestWriteDirReplacesOtherCharts(t *testing.T) {
	files := map[string]func(io.Writer) error{
		"summary.md": func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
	}
	for _, tc := range []struct {
		name    string
		old     []string
		wantErr bool
	}{
		{"old run with other charts", []string{"summary.md", "share-old-segment.png"}, false},
		{"pictures only", []string{"holiday.png"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, n := range tc.old {
				if err := os.WriteFile(filepath.Join(dir, n), []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := WriteDir(dir, files)
			if (err != nil) != tc.wantErr {
				t.Fatalf("WriteDir: %v, want error %v", err, tc.wantErr)
			}
			_, statErr := os.Stat(filepath.Join(dir, tc.old[len(tc.old)-1]))
			if kept := statErr == nil; kept != tc.wantErr {
				t.Errorf("old file kept = %v, want %v", kept, tc.wantErr)
			}
		})
	}
}

// TestWriteFileAtomic checks that the file is replaced whole, with the mode
// asked for, and that no temporary is left beside it.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens.json")
	for i, c := range []struct {
		data string
		perm os.FileMode
	}{{"first", 0o600}, {"second, longer", 0o644}} {
		if err := WriteFileAtomic(path, []byte(c.data), c.perm); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != c.data {
			t.Fatalf("write %d: read %q, %v; want %q", i, got, err, c.data)
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != c.perm {
			t.Errorf("write %d: mode %v, want %v", i, st.Mode().Perm(), c.perm)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("the folder holds %d entries, want the file alone", len(ents))
	}
	if err := WriteFileAtomic(dir+"/", []byte("x"), 0o644); err == nil {
		t.Error("a folder path was accepted as a file name")
	}
}
