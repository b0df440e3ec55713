package reports

// span is a stretch of n equal bytes v of a byte stream kept as runs;
// spans next to each other differ in v.
type span struct {
	v uint8
	n int
}

// deflate limits (RFC 1951).
const (
	maxMatch   = 258   // the longest match
	minMatch   = 3     // the shortest
	maxDist    = 32768 // the farthest back a match may look
	endOfBlock = 256
)

// Length symbols 257 to 285: the first length of each and its extra bits.
var (
	lengthBase  = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// codeLengthOrder is the order the code lengths of the code-length
	// code are sent in.
	codeLengthOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// lengthSymbol[l-minMatch] is the index in lengthBase of match length l:
// the last base at or below l (258 has a symbol of its own).
var lengthSymbol = func() (t [maxMatch - minMatch + 1]uint8) {
	i := 0
	for l := minMatch; l <= maxMatch; l++ {
		for i+1 < len(lengthBase) && int(lengthBase[i+1]) <= l {
			i++
		}
		t[l-minMatch] = uint8(i)
	}
	return t
}()

// A token is a literal byte (bit 31 clear) or a match: bit 31 set, bit
// 30 set for the far distance (bit 30 clear: distance 1), the length in
// the low bits.
type token uint32

const (
	tokenMatch token = 1 << 31
	tokenFar   token = 1 << 30
)

// spanDeflater compresses a byte stream given as spans into one deflate
// block with its own Huffman codes. It looks for matches at two
// distances only: 1 (a byte repeating the one before) and far (in an
// image, the same pixel one row up); a stream kept as spans is mostly
// such repeats, so the search costs a few steps per span rather than
// hashing every byte. Its scratch memory is reused from one stream to
// the next.
type spanDeflater struct {
	tokens   []token
	litFreq  [286]int32
	distFreq [30]int32
	lit      huffmanCode
	dist     huffmanCode
	cl       huffmanCode
	huff     huffmanScratch
	lengths  []uint8 // the code lengths of both codes, one after the other
	clSyms   []uint8 // the code lengths, run-length coded
	clExtra  []uint8 // the extra bits of each of clSyms
}

// spanCursor is a position in a stream of spans: a span and an offset in
// it.
type spanCursor struct{ k, o int }

// advance moves c forward by n bytes.
func (c *spanCursor) advance(spans []span, n int) {
	for n > 0 {
		left := spans[c.k].n - c.o
		if n < left {
			c.o += n
			return
		}
		n -= left
		c.k++
		c.o = 0
	}
}

// deflate appends to out the deflate encoding of the stream spans (total
// bytes) as one final block, looking back far bytes besides 1 (far ≤ 1
// or beyond the window: not at all), and returns out.
func (d *spanDeflater) deflate(out []byte, spans []span, total, far int) []byte {
	d.tokenize(spans, total, far)
	return d.write(out, far)
}

// tokenize turns spans into literals and matches, greedily: at each
// position the longer of the repeat of the byte before and the match far
// back, if it is at least minMatch long, else a literal.
func (d *spanDeflater) tokenize(spans []span, total, far int) {
	d.tokens = d.tokens[:0]
	clear(d.litFreq[:])
	clear(d.distFreq[:])
	useFar := far > 1 && far <= maxDist
	farSym := distSymbol(max(far, 1))
	var cur, back spanCursor // at p and at p-far
	for p := 0; p < total; {
		s := spans[cur.k]
		run := 0 // bytes from p equal to the byte before
		if cur.o > 0 {
			run = min(s.n-cur.o, maxMatch)
		}
		n, t := run, tokenMatch
		if useFar && p >= far && run < maxMatch {
			if m, a, b := matchLen(spans, cur, back, min(total-p, maxMatch)); m > n && m >= minMatch {
				// A far match leaves both cursors where it ends.
				d.litFreq[257+int(lengthSymbol[m-minMatch])]++
				d.distFreq[farSym]++
				d.tokens = append(d.tokens, tokenMatch|tokenFar|token(m))
				cur, back = a, b
				p += m
				continue
			}
		}
		if n < minMatch {
			n, t = 1, token(s.v)
			d.litFreq[s.v]++
		} else {
			d.litFreq[257+int(lengthSymbol[n-minMatch])]++
			d.distFreq[0]++
			t |= token(n)
		}
		d.tokens = append(d.tokens, t)
		// The far cursor starts when p passes far.
		if q := p + n - far; useFar && q > 0 {
			back.advance(spans, q-max(p-far, 0))
		}
		cur.advance(spans, n)
		p += n
	}
	d.litFreq[endOfBlock]++
}

// matchLen returns how many bytes, up to limit, from cursor a equal those
// from cursor b, and the two cursors moved on by that many.
func matchLen(spans []span, a, b spanCursor, limit int) (int, spanCursor, spanCursor) {
	n := 0
	for n < limit && a.k < len(spans) && spans[a.k].v == spans[b.k].v {
		step := min(spans[a.k].n-a.o, spans[b.k].n-b.o, limit-n)
		n += step
		if a.o += step; a.o == spans[a.k].n {
			a.k, a.o = a.k+1, 0
		}
		if b.o += step; b.o == spans[b.k].n {
			b.k, b.o = b.k+1, 0
		}
	}
	return n, a, b
}

// distSymbol returns the distance symbol of distance dist.
func distSymbol(dist int) int {
	for i := len(distBase) - 1; i > 0; i-- {
		if dist >= int(distBase[i]) {
			return i
		}
	}
	return 0
}

// write appends the block: its header with the two Huffman codes, the
// tokens, and the end of the block.
func (d *spanDeflater) write(out []byte, far int) []byte {
	d.lit.build(d.litFreq[:], 15, &d.huff)
	d.dist.build(d.distFreq[:], 15, &d.huff)
	w := bitWriter{out: out}
	d.header(&w)
	farSym := distSymbol(max(far, 1))
	farExtra := uint32(far - int(distBase[farSym]))
	for _, t := range d.tokens {
		if t&tokenMatch == 0 {
			w.code(&d.lit, int(t))
			continue
		}
		n := int(t & 0xffff)
		ls := lengthSymbol[n-minMatch]
		w.code(&d.lit, 257+int(ls))
		if e := lengthExtra[ls]; e > 0 {
			w.write(uint32(n-int(lengthBase[ls])), uint(e))
		}
		if t&tokenFar == 0 {
			w.code(&d.dist, 0)
		} else {
			w.code(&d.dist, farSym)
			w.write(farExtra, uint(distExtra[farSym]))
		}
	}
	w.code(&d.lit, endOfBlock)
	w.flush()
	return w.out
}

// header writes the block header: final, dynamic codes, then the code
// lengths of both codes, run-length coded and sent in the code-length
// code (RFC 1951, 3.2.7).
func (d *spanDeflater) header(w *bitWriter) {
	nlit := len(d.lit.lengths)
	for nlit > 257 && d.lit.lengths[nlit-1] == 0 {
		nlit--
	}
	ndist := len(d.dist.lengths)
	for ndist > 1 && d.dist.lengths[ndist-1] == 0 {
		ndist--
	}
	d.lengths = append(append(d.lengths[:0], d.lit.lengths[:nlit]...), d.dist.lengths[:ndist]...)
	d.runLengths()
	var freq [19]int32
	for _, s := range d.clSyms {
		freq[s]++
	}
	d.cl.build(freq[:], 7, &d.huff)
	ncl := len(codeLengthOrder)
	for ncl > 4 && d.cl.lengths[codeLengthOrder[ncl-1]] == 0 {
		ncl--
	}
	w.write(1, 1) // the final block
	w.write(2, 2) // dynamic Huffman codes
	w.write(uint32(nlit-257), 5)
	w.write(uint32(ndist-1), 5)
	w.write(uint32(ncl-4), 4)
	for _, s := range codeLengthOrder[:ncl] {
		w.write(uint32(d.cl.lengths[s]), 3)
	}
	for i, s := range d.clSyms {
		w.code(&d.cl, int(s))
		switch s {
		case 16:
			w.write(uint32(d.clExtra[i]), 2)
		case 17:
			w.write(uint32(d.clExtra[i]), 3)
		case 18:
			w.write(uint32(d.clExtra[i]), 7)
		}
	}
}

// runLengths codes d.lengths with the code-length alphabet: 0-15 a
// length, 16 the previous length 3-6 times more, 17 a zero 3-10 times,
// 18 a zero 11-138 times.
func (d *spanDeflater) runLengths() {
	d.clSyms, d.clExtra = d.clSyms[:0], d.clExtra[:0]
	emit := func(s, extra uint8) {
		d.clSyms = append(d.clSyms, s)
		d.clExtra = append(d.clExtra, extra)
	}
	l := d.lengths
	for i := 0; i < len(l); {
		v, run := l[i], 1
		for i+run < len(l) && l[i+run] == v {
			run++
		}
		i += run
		if v == 0 {
			for run >= 11 {
				r := min(run, 138)
				emit(18, uint8(r-11))
				run -= r
			}
			if run >= 3 {
				emit(17, uint8(run-3))
				run = 0
			}
		} else {
			emit(v, 0)
			run--
			for run >= 3 {
				r := min(run, 6)
				emit(16, uint8(r-3))
				run -= r
			}
		}
		for ; run > 0; run-- {
			emit(v, 0)
		}
	}
}

// adler32Spans returns the Adler-32 checksum (RFC 1950) of the stream
// spans, a span at a time: n bytes v add n·v to the first sum and, to
// the second, n times the first sum before them plus v·n(n+1)/2.
// Sums are reduced only when they might overflow: most spans are short.
func adler32Spans(spans []span) uint32 {
	const mod = 65521
	s1, s2 := uint64(1), uint64(0)
	for _, s := range spans {
		v, n := uint64(s.v), uint64(s.n)
		if n >= 1<<16 || s1 >= 1<<32 || s2 >= 1<<62 {
			s1, s2 = s1%mod, s2%mod
			s2 = (s2 + n%mod*s1 + v*(n*(n+1)/2%mod)) % mod
			s1 = (s1 + v*n) % mod
			continue
		}
		s2 += n*s1 + v*(n*(n+1)/2)
		s1 += v * n
	}
	return uint32(s2%mod<<16 | s1%mod)
}
