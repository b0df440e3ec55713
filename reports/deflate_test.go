package reports

import (
	"bytes"
	"compress/flate"
	"hash/adler32"
	"io"
	"math/rand/v2"
	"testing"
)

// expand returns the bytes of a stream of spans.
func expand(spans []span) []byte {
	var b []byte
	for _, s := range spans {
		b = append(b, bytes.Repeat([]byte{s.v}, s.n)...)
	}
	return b
}

// randomSpans returns spans like the rows of a chart: long stretches of a
// few values, short ones of many, and rows (of width w) that often repeat
// the row above.
func randomSpans(rng *rand.Rand, w, h, values int) []span {
	var rows [][]byte
	for y := range h {
		row := make([]byte, w)
		if y > 0 && w > 0 && rng.IntN(3) > 0 {
			copy(row, rows[y-1])
			for range rng.IntN(4) {
				row[rng.IntN(w)] = byte(rng.IntN(values))
			}
		} else {
			for x := 0; x < w; {
				n := min(w-x, 1+rng.IntN(1+rng.IntN(2*w)))
				v := byte(rng.IntN(values))
				for i := range n {
					row[x+i] = v
				}
				x += n
			}
		}
		rows = append(rows, row)
	}
	var spans []span
	for _, row := range rows {
		for _, v := range append([]byte{0}, row...) {
			if k := len(spans) - 1; k >= 0 && spans[k].v == v {
				spans[k].n++
			} else {
				spans = append(spans, span{v, 1})
			}
		}
	}
	return spans
}

// TestSpanDeflate checks that what spanDeflater writes inflates to the
// stream it was given, for streams of many shapes, with the far distance
// used, unusable (beyond the window) and off, and with the deflater
// reused; and that adler32Spans agrees with hash/adler32.
func TestSpanDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var d spanDeflater
	cases := []struct {
		name          string
		w, h, values  int
		farOff, noFar bool
	}{
		{name: "one byte", w: 0, h: 1, values: 1},
		{name: "one column", w: 1, h: 300, values: 3},
		{name: "two values", w: 37, h: 50, values: 2},
		{name: "chart-like", w: 480, h: 120, values: 40},
		{name: "every byte value", w: 300, h: 40, values: 256},
		{name: "long runs of one value", w: 5000, h: 3, values: 1},
		{name: "rows wider than the window", w: 40000, h: 3, values: 5},
		{name: "no far matches", w: 200, h: 30, values: 8, noFar: true},
		{name: "spans over 65,535 bytes", w: 100000, h: 2, values: 2},
	}
	for _, c := range cases {
		for trial := range 3 {
			spans := randomSpans(rng, c.w, c.h, c.values)
			want := expand(spans)
			far := c.w + 1
			if c.noFar {
				far = 0
			}
			z := d.deflate(nil, spans, len(want), far)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
			if err != nil {
				t.Fatalf("%s, trial %d: inflating: %v", c.name, trial, err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s, trial %d: inflated %d bytes that differ from the %d given", c.name, trial, len(got), len(want))
			}
			if got, want := adler32Spans(spans), adler32.Checksum(want); got != want {
				t.Fatalf("%s, trial %d: adler32Spans = %08x, want %08x", c.name, trial, got, want)
			}
		}
	}
}

// TestSpanDeflateCompresses checks that repeats cost little: a stream of
// identical rows deflates to a small fraction of its size.
func TestSpanDeflateCompresses(t *testing.T) {
	row := []span{{0, 1}, {7, 100}, {3, 1}, {9, 50}}
	var spans []span
	for range 200 {
		spans = append(spans, row...)
	}
	total := len(expand(spans))
	var d spanDeflater
	if z := d.deflate(nil, spans, total, 152); len(z)*100 > total {
		t.Errorf("%d identical rows of 152 bytes deflate to %d bytes, want under 1%% of %d", 200, len(z), total)
	}
}

// TestHuffmanCode checks codes built from skewed, flat and sparse
// frequencies: no length over the limit, a complete prefix code (the
// Kraft sum is exactly 1), a length for every used symbol and none for
// unused ones, and, below the limit, no commoner symbol with a longer
// code than a rarer one.
func TestHuffmanCode(t *testing.T) {
	fib := make([]int32, 40)
	fib[0], fib[1] = 1, 1
	for i := 2; i < len(fib); i++ {
		fib[i] = fib[i-1] + fib[i-2]
	}
	cases := []struct {
		name    string
		freq    []int32
		maxBits int
	}{
		{"Fibonacci, limited to 15", fib, 15},
		{"Fibonacci, limited to 7", fib[:19], 7},
		{"one symbol", []int32{0, 0, 5, 0}, 15},
		{"no symbol", []int32{0, 0, 0}, 7},
		{"flat", []int32{4, 4, 4, 4, 4, 4, 4, 4, 4}, 15},
		{"sparse", []int32{0, 100, 0, 0, 1, 0, 30, 0, 0, 0, 2}, 15},
	}
	var s huffmanScratch
	var c huffmanCode
	for _, tc := range cases {
		c.build(tc.freq, tc.maxBits, &s)
		kraft, used := 0.0, 0
		for i, l := range c.lengths {
			if int(l) > tc.maxBits {
				t.Errorf("%s: symbol %d has length %d, over %d", tc.name, i, l, tc.maxBits)
			}
			if tc.freq[i] > 0 && l == 0 {
				t.Errorf("%s: symbol %d occurs but has no code", tc.name, i)
			}
			if l > 0 {
				kraft += 1 / float64(uint(1)<<l)
				used++
			}
		}
		if kraft != 1 {
			t.Errorf("%s: Kraft sum %v, want 1 (a complete code)", tc.name, kraft)
		}
		if used < 2 {
			t.Errorf("%s: %d codes, want at least 2", tc.name, used)
		}
		for i := range tc.freq {
			for j := range tc.freq {
				if tc.freq[i] > tc.freq[j] && tc.freq[j] > 0 && c.lengths[i] > c.lengths[j] && int(c.lengths[i]) < tc.maxBits {
					t.Errorf("%s: symbol %d (frequency %d) has a longer code than symbol %d (frequency %d)", tc.name, i, tc.freq[i], j, tc.freq[j])
				}
			}
		}
	}
}

// TestAdler32SpansLong checks adler32Spans where its sums need reducing:
// spans around 2^16 bytes, and a stream long enough for the first sum to
// pass 2^32 unreduced.
func TestAdler32SpansLong(t *testing.T) {
	var spans []span
	for i := range 400 {
		spans = append(spans, span{uint8(255 - i%2), 1<<16 - 1 + i%3})
	}
	h := adler32.New()
	buf := make([]byte, 1<<17)
	for _, s := range spans {
		for i := range s.n {
			buf[i] = s.v
		}
		h.Write(buf[:s.n])
	}
	if got, want := adler32Spans(spans), h.Sum32(); got != want {
		t.Errorf("adler32Spans = %08x, want %08x", got, want)
	}
}
