package reports

import (
	"cmp"
	"encoding/binary"
	"math/bits"
	"slices"
)

// huffmanCode is a prefix code over a small alphabet, as deflate writes
// it: each symbol's code length and its code with the bits reversed, so
// that a bitWriter, which fills bytes from the low bit up, sends the
// code's first bit first.
type huffmanCode struct {
	lengths []uint8
	codes   []uint16
}

// huffmanScratch is what building a code reuses.
type huffmanScratch struct {
	nodes  []huffmanNode
	leaves []huffmanNode
	freq   []int64
	depth  []uint8
}

// huffmanNode is a leaf (a symbol) or an internal node of a Huffman tree.
type huffmanNode struct {
	weight int64
	sym    int32 // the symbol of a leaf; -1 for an internal node
	parent int32 // index in nodes of the parent; -1 for the root
}

// build sets c to a Huffman code for the symbol frequencies freq with no
// code longer than maxBits. Every symbol of frequency 0 gets length 0.
// When fewer than two symbols occur, one more (the lowest unused) gets a
// code, so that the code is complete, as every decoder accepts it.
// Lengths over maxBits are avoided by halving the frequencies (at least
// 1) and building again: a code a little longer than optimal, on the
// rare alphabets whose rarest symbols are thousands of times rarer than
// their commonest. Time is O(n log n) in the n symbols.
func (c *huffmanCode) build(freq []int32, maxBits int, s *huffmanScratch) {
	n := len(freq)
	c.lengths = slices.Grow(c.lengths[:0], n)[:n]
	c.codes = slices.Grow(c.codes[:0], n)[:n]
	clear(c.lengths)
	s.freq = s.freq[:0]
	used := 0
	for _, f := range freq {
		s.freq = append(s.freq, int64(f))
		if f > 0 {
			used++
		}
	}
	for i := 0; used < 2 && i < n; i++ {
		if s.freq[i] == 0 {
			s.freq[i] = 1
			used++
		}
	}
	for !c.lengthsFrom(s, maxBits) {
		for i, f := range s.freq {
			if f > 0 {
				s.freq[i] = max(f>>1, 1)
			}
		}
	}
	c.assign(maxBits)
}

// lengthsFrom builds the Huffman tree of s.freq and sets c.lengths to the
// depths of its leaves, reporting false if one is deeper than maxBits.
// Leaves are merged in order of weight, ties by symbol, so equal
// frequencies give equal codes.
func (c *huffmanCode) lengthsFrom(s *huffmanScratch, maxBits int) bool {
	s.leaves = s.leaves[:0]
	for i, f := range s.freq {
		if f > 0 {
			s.leaves = append(s.leaves, huffmanNode{weight: f, sym: int32(i), parent: -1})
		}
	}
	slices.SortFunc(s.leaves, func(a, b huffmanNode) int {
		return cmp.Or(cmp.Compare(a.weight, b.weight), cmp.Compare(a.sym, b.sym))
	})
	// Two queues: the sorted leaves, and the internal nodes, which are
	// made in order of weight. nodes holds the leaves, then the internal
	// nodes.
	s.nodes = append(s.nodes[:0], s.leaves...)
	nl := len(s.leaves)
	leaf, inner := 0, nl
	take := func() int32 {
		if leaf < nl && (inner >= len(s.nodes) || s.nodes[leaf].weight <= s.nodes[inner].weight) {
			leaf++
			return int32(leaf - 1)
		}
		inner++
		return int32(inner - 1)
	}
	for len(s.nodes)-nl < nl-1 {
		a, b := take(), take()
		p := int32(len(s.nodes))
		s.nodes = append(s.nodes, huffmanNode{weight: s.nodes[a].weight + s.nodes[b].weight, sym: -1, parent: -1})
		s.nodes[a].parent, s.nodes[b].parent = p, p
	}
	// Internal nodes come after their children, so depths fill from the
	// root down.
	s.depth = slices.Grow(s.depth[:0], len(s.nodes))[:len(s.nodes)]
	depth := s.depth
	depth[len(depth)-1] = 0
	for i := len(s.nodes) - 2; i >= 0; i-- {
		depth[i] = depth[s.nodes[i].parent] + 1
	}
	ok := true
	for i := range nl {
		d := depth[i]
		if int(d) > maxBits {
			ok = false
		}
		c.lengths[s.nodes[i].sym] = d
	}
	return ok
}

// assign gives each symbol its canonical code from the code lengths
// (RFC 1951, 3.2.2), bit-reversed for writing.
func (c *huffmanCode) assign(maxBits int) {
	var count, next [16]uint16
	for _, l := range c.lengths {
		count[l]++
	}
	count[0] = 0
	code := uint16(0)
	for b := 1; b <= maxBits; b++ {
		code = (code + count[b-1]) << 1
		next[b] = code
	}
	for i, l := range c.lengths {
		if l == 0 {
			c.codes[i] = 0
			continue
		}
		c.codes[i] = bits.Reverse16(next[l]) >> (16 - l)
		next[l]++
	}
}

// bitWriter appends bits to a byte slice, low bit first, as deflate
// packs them.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

// write appends the n low bits of v (n at most 32).
func (w *bitWriter) write(v uint32, n uint) {
	w.acc |= uint64(v) << w.n
	w.n += n
	if w.n >= 32 {
		w.out = binary.LittleEndian.AppendUint32(w.out, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

// code appends symbol sym of code c.
func (w *bitWriter) code(c *huffmanCode, sym int) {
	w.write(uint32(c.codes[sym]), uint(c.lengths[sym]))
}

// flush appends the last bits, padded with zeros to a whole byte.
func (w *bitWriter) flush() {
	for w.n > 0 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
		w.n = w.n - min(w.n, 8)
	}
	w.acc = 0
}
