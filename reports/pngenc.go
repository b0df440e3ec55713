package reports

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"slices"
)

// paletteSize is the number of colours of an encoded chart. A chart is a
// few dozen flat colours plus the shades that anti-aliasing blends at
// their edges; 256 keep every flat colour exactly and the blends within a
// level or two.
const paletteSize = 256

// encodePNG encodes a chart as an 8-bit paletted PNG: about a quarter of
// the bytes of the RGBA image and a fraction of the time to compress, with
// no visible change. The palette is the image's most frequent colours
// (ties broken by colour value, so equal images give equal bytes); any
// other colour maps to its nearest palette entry. The paletted image is
// never made: its rows (each a filter byte, 0, and the pixels' palette
// indices) are kept as spans of equal bytes, which spanDeflater
// compresses looking for repeats of the byte before and of the row above.
func encodePNG(img *image.RGBA) ([]byte, error) {
	s, ok := pngScratches.get()
	if !ok {
		s = new(pngScratch)
	}
	defer pngScratches.put(s)
	s.colors.reset()
	// A chart has about one run in ten pixels: room for that from the
	// start spares copying a growing slice.
	s.runs = countColors(img, &s.colors, slices.Grow(s.runs[:0], img.Rect.Dx()*img.Rect.Dy()/8))
	pal := s.palette()
	w, h := img.Rect.Dx(), img.Rect.Dy()
	s.spans = s.indexSpans(w, h)
	stride := w + 1
	s.zlib = append(s.zlib[:0], 0x78, 0x01) // deflate, 32 KB window, fastest
	s.zlib = s.deflater.deflate(s.zlib, s.spans, stride*h, stride)
	s.zlib = binary.BigEndian.AppendUint32(s.zlib, adler32Spans(s.spans))
	return writePNG(w, h, pal, s.zlib), nil
}

// indexSpans turns s.runs, the runs of an image of w × h pixels, into the
// spans of its filtered rows: a 0 before each row, then its palette
// indices.
func (s *pngScratch) indexSpans(w, h int) []span {
	spans := slices.Grow(s.spans[:0], len(s.runs)+h) // room for the most there can be
	add := func(v uint8, n int) {
		if k := len(spans) - 1; k >= 0 && spans[k].v == v {
			spans[k].n += n
			return
		}
		spans = append(spans, span{v, n})
	}
	runs := s.runs
	for range h {
		add(0, 1)
		for x := 0; x < w; {
			r := runs[0]
			runs = runs[1:]
			add(uint8(s.colors.vals[r.slot]), int(r.n))
			x += int(r.n)
		}
	}
	return spans
}

// writePNG returns the PNG file of a w × h image of 8-bit palette
// indices with palette pal and the zlib stream z of its filtered rows:
// the chunks image/png writes for a paletted image (tRNS only for a
// palette with translucent colours), with one IDAT.
func writePNG(w, h int, pal color.Palette, z []byte) []byte {
	var plte, trns []byte
	lastTranslucent := -1
	for i, c := range pal {
		n := color.NRGBAModel.Convert(c).(color.NRGBA)
		plte = append(plte, n.R, n.G, n.B)
		trns = append(trns, n.A)
		if n.A != 0xff {
			lastTranslucent = i
		}
	}
	out := make([]byte, 0, 8+12*5+13+len(plte)+lastTranslucent+1+len(z))
	out = append(out, "\x89PNG\r\n\x1a\n"...)
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 3 // 8 bits, paletted; deflate, no filter choice, no interlace
	out = appendChunk(out, "IHDR", ihdr[:])
	out = appendChunk(out, "PLTE", plte)
	if lastTranslucent >= 0 {
		out = appendChunk(out, "tRNS", trns[:lastTranslucent+1])
	}
	out = appendChunk(out, "IDAT", z)
	return appendChunk(out, "IEND", nil)
}

// appendChunk appends a PNG chunk: length, type, data and the CRC-32 of
// type and data.
func appendChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(append(out, typ...), data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// pngScratch is what encodePNG reuses from one chart to the next.
type pngScratch struct {
	colors   colorTable
	cols     []colorCount // the palette's candidates
	rest     []colorCount // the other colours
	runs     []colorRun
	spans    []span // the filtered rows
	deflater spanDeflater
	zlib     []byte
}

var pngScratches freeList[*pngScratch]

// countColors counts the pixels of each colour of img into t and appends
// the image's runs of one colour along each row to runs, top to bottom,
// each with its colour's slot in t. A chart is mostly flat colour, so
// this costs a fraction of a table access per pixel, and the runs are
// what encodePNG maps to the palette.
func countColors(img *image.RGBA, t *colorTable, runs []colorRun) []colorRun {
	start, grows := len(runs), t.grows
	defer func() {
		if t.grows != grows { // the slots moved
			for i := range runs[start:] {
				runs[start+i].slot = int32(t.slot(runs[start+i].c))
			}
		}
	}()
	w := img.Rect.Dx()
	var above []uint8
	aboveRuns, aboveGrows := start, t.grows // the row above's first run; the table's growth then
	for y := range img.Rect.Dy() {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		rowRuns := len(runs)
		if w > 0 && aboveGrows == t.grows && bytes.Equal(row, above) {
			// A row like the one above (a chart has many) has its runs.
			for _, r := range runs[aboveRuns:rowRuns] {
				t.vals[r.slot] += r.n
				runs = append(runs, r)
			}
			above, aboveRuns = row, rowRuns
			continue
		}
		above, aboveRuns, aboveGrows = row, rowRuns, t.grows
		for len(row) > 0 {
			// A run: its first pixel, then the pixels equal to it, two at
			// a time while they last; where a pair differs, its first
			// pixel may still be equal.
			first := binary.LittleEndian.Uint32(row)
			pair := uint64(first) | uint64(first)<<32
			n := 4
			for n+8 <= len(row) {
				if x := binary.LittleEndian.Uint64(row[n:]) ^ pair; x != 0 {
					if uint32(x) == 0 {
						n += 4
					}
					break
				}
				n += 8
			}
			if n+8 > len(row) && n+4 <= len(row) && binary.LittleEndian.Uint32(row[n:]) == first {
				n += 4
			}
			c := binary.BigEndian.Uint32(row)
			slot := t.slot(c)
			t.vals[slot] += int32(n / 4)
			runs = append(runs, colorRun{c, int32(n / 4), int32(slot)})
			row = row[n:]
		}
	}
	return runs
}

// colorRun is a run of pixels of one colour along a row, with the slot
// of its colour in the table that counted it.
type colorRun struct {
	c    uint32
	n    int32
	slot int32
}

// palette returns the paletteSize most frequent colours counted in
// s.colors, most frequent first (ties by colour value), and turns each
// colour's count into its palette index: its own entry, or the nearest.
func (s *pngScratch) palette() color.Palette {
	t := &s.colors
	// Only the colours at least as frequent as the paletteSize-th need
	// sorting: find that count from a histogram of counts, then sort the
	// few colours at or above it. Colours with the threshold count are all
	// among them, so ties are broken as a full sort would.
	var hist [4097]int
	t.each(func(_ uint32, n int32) { hist[min(n, 4096)]++ })
	threshold, above := int32(4096), 0
	for ; threshold > 0; threshold-- {
		if above += hist[threshold]; above >= paletteSize {
			break
		}
	}
	cols, rest := s.cols[:0], s.rest[:0]
	t.each(func(c uint32, n int32) {
		if n >= threshold {
			cols = append(cols, colorCount{c, n})
		} else {
			rest = append(rest, colorCount{c, n})
		}
	})
	slices.SortFunc(cols, func(a, b colorCount) int {
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.c, b.c))
	})
	n := min(paletteSize, len(cols))
	rest = append(rest, cols[n:]...)
	s.cols, s.rest = cols, rest
	pal := make(color.Palette, max(n, 1))
	pal[0] = color.RGBA{0xff, 0xff, 0xff, 0xff}
	top := make([]uint32, n)
	for i, c := range cols[:n] {
		pal[i] = unpack(c.c)
		top[i] = c.c
		t.vals[t.slot(c.c)] = int32(i)
	}
	near := newNearest(top)
	for _, c := range rest {
		t.vals[t.slot(c.c)] = int32(near.find(c.c))
	}
	return pal
}

// colorCount is a colour and how many pixels have it.
type colorCount struct {
	c uint32
	n int32
}

// pack packs an RGBA colour into a word.
func pack(c color.RGBA) uint32 {
	return uint32(c.R)<<24 | uint32(c.G)<<16 | uint32(c.B)<<8 | uint32(c.A)
}

// unpack is the inverse of pack.
func unpack(p uint32) color.RGBA {
	return color.RGBA{uint8(p >> 24), uint8(p >> 16), uint8(p >> 8), uint8(p)}
}

// nearestIndex finds the palette colour closest to a colour: the least squared
// distance over the four channels, the lowest index of equals. Entries are
// searched in order of the sum of their channels, outward from the
// colour's, stopping where the difference of sums alone puts an entry
// farther than the best found (four squared channel differences are at
// least a quarter of the square of their sum), so a search looks at a few
// entries rather than all: about 20 on a chart's anti-aliased shades.
type nearestIndex struct {
	bySum []paletteEntry
	start [4*255 + 1]int32 // start[s]: the first entry of bySum with a sum of s or more
}

type paletteEntry struct {
	sum, r, g, b, a int32
	index           int32
}

// newNearest indexes a palette of packed colours.
func newNearest(pal []uint32) nearestIndex {
	n := nearestIndex{bySum: make([]paletteEntry, len(pal))}
	for i, p := range pal {
		r, g, b, a := int32(p>>24), int32(p>>16&0xff), int32(p>>8&0xff), int32(p&0xff)
		n.bySum[i] = paletteEntry{r + g + b + a, r, g, b, a, int32(i)}
	}
	slices.SortFunc(n.bySum, func(a, b paletteEntry) int { return cmp.Or(cmp.Compare(a.sum, b.sum), cmp.Compare(a.index, b.index)) })
	i := int32(0)
	for s := range n.start {
		for int(i) < len(n.bySum) && n.bySum[i].sum < int32(s) {
			i++
		}
		n.start[s] = i
	}
	return n
}

// find returns the palette index nearest to the packed colour p.
func (n *nearestIndex) find(p uint32) int {
	r, g, b, a := int32(p>>24), int32(p>>16&0xff), int32(p>>8&0xff), int32(p&0xff)
	sum := r + g + b + a
	best, bestD := int32(-1), int32(-1)
	try := func(e paletteEntry) {
		d := (e.r-r)*(e.r-r) + (e.g-g)*(e.g-g) + (e.b-b)*(e.b-b) + (e.a-a)*(e.a-a)
		if bestD < 0 || d < bestD || d == bestD && e.index < best {
			best, bestD = e.index, d
		}
	}
	// far reports whether an entry whose sum differs by ds is farther
	// than the best found.
	far := func(ds int32) bool { return bestD >= 0 && ds*ds > 4*bestD }
	start := int(n.start[sum])
	for lo, hi := start-1, start; lo >= 0 || hi < len(n.bySum); {
		if hi < len(n.bySum) {
			if far(n.bySum[hi].sum - sum) {
				hi = len(n.bySum)
			} else {
				try(n.bySum[hi])
				hi++
			}
		}
		if lo >= 0 {
			if far(sum - n.bySum[lo].sum) {
				lo = -1
			} else {
				try(n.bySum[lo])
				lo--
			}
		}
	}
	return int(max(best, 0))
}

// colorTable maps packed colours to a number: an open-addressing hash
// table, several times faster than a map for the tens of thousands of
// lookups a chart needs. The colour 0 (transparent black) is kept apart,
// as 0 marks an empty slot.
type colorTable struct {
	keys  []uint32
	vals  []int32
	n     int // colours in keys
	zero  int // the slot of colour 0 in vals: the last one
	bits  uint
	grows int // how many times the table has grown, moving every slot
}

// reset empties the table, keeping its memory.
func (t *colorTable) reset() {
	if t.keys == nil {
		t.bits = 14
		t.keys = make([]uint32, 1<<t.bits)
		t.vals = make([]int32, 1<<t.bits+1)
	}
	clear(t.keys)
	clear(t.vals)
	t.n = 0
	t.zero = -1
}

// slot returns the index in vals of colour c, adding it with value 0 if
// it is new.
func (t *colorTable) slot(c uint32) int {
	if c == 0 {
		t.zero = len(t.keys)
		return t.zero
	}
	mask := uint32(len(t.keys) - 1)
	for i := (c * 0x9E3779B1) >> (32 - t.bits); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case c:
			return int(i)
		case 0:
			if 2*(t.n+1) > len(t.keys) {
				t.grow()
				return t.slot(c)
			}
			t.keys[i] = c
			t.n++
			return int(i)
		}
	}
}

// grow doubles the table.
func (t *colorTable) grow() {
	keys, vals := t.keys, t.vals
	t.bits++
	t.grows++
	t.keys = make([]uint32, 1<<t.bits)
	t.vals = make([]int32, 1<<t.bits+1)
	t.vals[len(t.keys)] = vals[len(keys)]
	if t.zero >= 0 {
		t.zero = len(t.keys)
	}
	t.n = 0
	for i, k := range keys {
		if k != 0 {
			t.vals[t.slot(k)] = vals[i]
		}
	}
}

// each calls f with every colour and its value.
func (t *colorTable) each(f func(c uint32, v int32)) {
	for i, k := range t.keys {
		if k != 0 {
			f(k, t.vals[i])
		}
	}
	if t.zero >= 0 {
		f(0, t.vals[t.zero])
	}
}
