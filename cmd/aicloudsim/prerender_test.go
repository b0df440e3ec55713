package main

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestChunks writes pieces of random sizes, some larger than a chunk,
// and checks the chunks hold them in order, none over chunkSize.
func TestChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var c chunks
	var want bytes.Buffer
	for want.Len() < 3*chunkSize {
		p := make([]byte, rng.IntN(chunkSize/3)+rng.IntN(2)*chunkSize)
		for i := range p {
			p[i] = byte(rng.IntN(256))
		}
		if n, err := c.Write(p); n != len(p) || err != nil {
			t.Fatalf("Write = %d, %v; want %d, nil", n, err, len(p))
		}
		want.Write(p)
	}
	var got bytes.Buffer
	if err := c.writeTo(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("the chunks hold %d bytes that differ from the %d written", got.Len(), want.Len())
	}
	for i, b := range c {
		if len(b) > chunkSize {
			t.Errorf("chunk %d holds %d bytes, over %d", i, len(b), chunkSize)
		}
	}
}

// TestPrerender checks that prerender replaces the writers of the
// extensions asked for with their contents, leaves the others, and names
// the file whose writer fails.
func TestPrerender(t *testing.T) {
	calls := 0
	files := map[string]func(io.Writer) error{
		"a.csv":  func(w io.Writer) error { calls++; _, err := io.WriteString(w, "x,y\n"); return err },
		"b.png":  func(w io.Writer) error { return errors.New("must not run") },
		"c.html": func(w io.Writer) error { _, err := io.WriteString(w, "<p>"); return err },
	}
	if err := prerender("out", files, ".csv", ".html"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"a.csv": "x,y\n", "c.html": "<p>"} {
		var b bytes.Buffer
		if err := files[name](&b); err != nil || b.String() != want {
			t.Errorf("%s: wrote %q, %v; want %q", name, b.String(), err, want)
		}
	}
	if calls != 1 {
		t.Errorf("a.csv's writer ran %d times, want once", calls)
	}
	files["d.md"] = func(w io.Writer) error { return errors.New("disk on fire") }
	if err := prerender("out", files, ".md"); err == nil || !strings.Contains(err.Error(), "d.md") || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("a failing writer gives %v, want an error naming out/d.md", err)
	}
}
