package study

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
)

// ManifestFile is the name of the manifest in an ensemble's output folder.
const ManifestFile = "manifest.json"

// manifestFormat versions manifest.json.
const manifestFormat = 1

// Manifest records, at write time, the identity of a study's output and
// the size and SHA-256 of every file that merge and --resume read back, so
// that a damaged, truncated or swapped file is refused instead of read.
type Manifest struct {
	Format   int       `json:"format"`
	Identity Identity  `json:"study"`
	Files    []FileSum `json:"files"`
}

// Identity is what makes an output the output of one study's shard, and
// how far it got.
type Identity struct {
	Scenario string   `json:"scenario"`
	Hash     string   `json:"scenario_hash"`
	Seed     uint64   `json:"seed"`
	Runs     int      `json:"runs"`
	Sampling Sampling `json:"sampling"`
	Shard    Shard    `json:"shard"`
	Done     int      `json:"done"`
	Build    string   `json:"build,omitempty"`
}

// identity returns the identity of the output of p.
func (p *Progress) identity() Identity {
	return Identity{p.Scenario, p.Hash, p.Seed, p.Runs, p.Sampling, p.Shard, p.Done, p.Build}
}

// FileSum is one file's size in bytes and SHA-256 in lower-case hex.
type FileSum struct {
	Name   string `json:"name"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// NewManifest returns the manifest of the output of st, with the files
// whose contents the writer functions produce, in the order given. Each
// function is called once, here, and must write the same bytes when it is
// called again to write the file.
func NewManifest(st *State, names []string, files map[string]func(io.Writer) error) (*Manifest, error) {
	m := &Manifest{Format: manifestFormat, Identity: st.identity()}
	for _, name := range names {
		write, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("internal error: no writer for %s", name)
		}
		h := sha256.New()
		cw := &countWriter{w: h}
		if err := write(cw); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		m.Files = append(m.Files, FileSum{name, cw.n, hex.EncodeToString(h.Sum(nil))})
	}
	return m, nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Write writes m as indented JSON.
func (m *Manifest) Write(w io.Writer) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// maxManifestBytes bounds what ReadManifest reads: a manifest lists a
// handful of files.
const maxManifestBytes = 64 << 10

// VerifyDir reads the manifest of the output folder dir and checks that
// every file it lists, and every file of want, is there with the recorded
// size and SHA-256. Its errors name the file at fault.
func VerifyDir(dir string, want []string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	b, err := readLimited(path, maxManifestBytes)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s is missing: the output is incomplete or was written by an older version, and its files cannot be checked", path)
		}
		return nil, err
	}
	var m Manifest
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s is damaged: %v", path, err)
	}
	// Only the exact bytes Write produces are a manifest: JSON alone would
	// accept a key with a flipped case or extra white space.
	var canon bytes.Buffer
	if err := m.Write(&canon); err != nil || !bytes.Equal(canon.Bytes(), b) {
		return nil, fmt.Errorf("%s is damaged: it is not as this program writes it", path)
	}
	if m.Format != manifestFormat {
		return nil, fmt.Errorf("%s: format %d; this version reads %d", path, m.Format, manifestFormat)
	}
	for _, name := range want {
		if !slices.ContainsFunc(m.Files, func(f FileSum) bool { return f.Name == name }) {
			return nil, fmt.Errorf("%s is damaged: it does not list %s", path, name)
		}
	}
	for _, f := range m.Files {
		if filepath.Base(f.Name) != f.Name || f.Name == ManifestFile {
			return nil, fmt.Errorf("%s is damaged: it lists %q", path, f.Name)
		}
		if err := checkSum(filepath.Join(dir, f.Name), f); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// Check reports whether the manifest describes the output of p.
func (m *Manifest) Check(dir string, p *Progress) error {
	if m.Identity != p.identity() {
		return fmt.Errorf("%s does not describe %s: it records another study or count of runs done", filepath.Join(dir, ManifestFile), filepath.Join(dir, "progress.json"))
	}
	return nil
}

// checkSum checks one file against its recorded size and SHA-256.
func checkSum(path string, want FileSum) error {
	f, st, err := openRegular(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if st.Size() != want.Bytes {
		return fmt.Errorf("%s is damaged: it holds %d bytes, but %s recorded %d when it was written (truncated or edited)", path, st.Size(), ManifestFile, want.Bytes)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, want.Bytes+1)); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != want.SHA256 {
		return fmt.Errorf("%s is damaged: its SHA-256 is %.12s…, but %s recorded %.12s… when it was written (edited or corrupted)", path, got, ManifestFile, want.SHA256)
	}
	return nil
}

// readLimited reads the regular file at path, refusing one larger than
// limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, _, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is damaged: it is larger than %d bytes", path, limit)
	}
	return b, nil
}

// openRegular opens path for reading if it is a regular file, not a
// symbolic link, FIFO or device (opening a FIFO would wait for a writer).
func openRegular(path string) (*os.File, os.FileInfo, error) {
	lst, err := os.Lstat(path)
	if err != nil {
		return nil, nil, err
	}
	if !lst.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil || !os.SameFile(lst, st) {
		f.Close()
		return nil, nil, fmt.Errorf("%s changed while it was opened", path)
	}
	return f, st, nil
}
