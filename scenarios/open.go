package scenarios

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotFound is returned (wrapped) when a scenario name or file does not exist.
var ErrNotFound = errors.New("scenario not found")

// Opened is a scenario ready to build: its schema values, the merged YAML
// it was decoded from and the hash that identifies it.
type Opened struct {
	*Scenario
	Tree *Tree
	Hash string // hex SHA-256 of what the merged tree says after extends and --set (see hashTree)
}

// Open loads a scenario by embedded name (see Catalogue) or file path,
// resolves `extends`, applies the `--set` overrides in order, decodes it
// strictly and returns every problem at once, each as file:line:col. A
// bad scenario is an ErrorList; a missing one wraps ErrNotFound.
func Open(ref string, sets []string) (*Opened, error) {
	t, ok, err := loadEmbedded(ref)
	if err != nil {
		return nil, err
	}
	if !ok {
		file, data, err := read(ref, "")
		if err != nil {
			return nil, err
		}
		if t, err = Load(file, data, resolve, Limits{}); err != nil {
			return nil, err
		}
	}
	var errs ErrorList
	for _, s := range sets {
		if err := ApplySet(t, s); err != nil {
			var l ErrorList
			if errors.As(err, &l) {
				errs = append(errs, l...)
			} else {
				return nil, err
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	var s Scenario
	if errs := Decode(t, &s); len(errs) > 0 {
		return nil, errs.Err()
	}
	return &Opened{Scenario: &s, Tree: t, Hash: hashTree(t)}, nil
}

// read returns the display name and bytes of ref: an embedded scenario
// name, or a path (relative to the directory of from, when from is a file).
func read(ref, from string) (string, []byte, error) {
	if b, ok := embedded(ref); ok {
		return ref + ".yaml", b, nil
	}
	p := ref
	if from != "" && !filepath.IsAbs(p) && !isEmbeddedName(from) {
		p = filepath.Join(filepath.Dir(from), p)
	}
	st, err := os.Stat(p)
	if err != nil {
		if !strings.ContainsAny(ref, `/\.`) {
			return "", nil, fmt.Errorf("%w: %q is neither an embedded scenario (see `aicloudsim list scenarios`) nor a file", ErrNotFound, ref)
		}
		return "", nil, fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	if st.IsDir() {
		return "", nil, fmt.Errorf("%w: %s is a directory, not a scenario file", ErrNotFound, p)
	}
	if err := regular(p, st); err != nil {
		return "", nil, err
	}
	if st.Size() > int64(DefaultLimits().MaxBytes) {
		return "", nil, fmt.Errorf("%s: file is %d bytes; the limit is %d", p, st.Size(), DefaultLimits().MaxBytes)
	}
	b, err := readAtMost(p, DefaultLimits().MaxBytes)
	if err != nil {
		return "", nil, err
	}
	return filepath.ToSlash(filepath.Clean(p)), b, nil
}

// readAtMost reads file p, failing if it is longer than limit bytes. The
// limit holds for files whose size Stat does not know, such as /dev/zero
// or a pipe.
func readAtMost(p string, limit int) ([]byte, error) {
	f, err := OpenInput(p)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("reading %s: %v", p, err)
	case len(b) > limit:
		return nil, fmt.Errorf("%s: file is more than %d bytes; the limit is %d", p, limit, limit)
	}
	return b, nil
}

// isEmbeddedName reports whether a display name is an embedded scenario's.
func isEmbeddedName(file string) bool {
	_, ok := embedded(strings.TrimSuffix(file, ".yaml"))
	return ok && !strings.Contains(file, "/")
}

// resolve is the Resolver for `extends`.
func resolve(ref, from string) (string, []byte, error) { return read(ref, from) }
