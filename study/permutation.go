package study

import "math/bits"

// permutation is a keyed pseudorandom bijection of [0, n) that computes
// any element in O(1) time and memory, so a Latin hypercube over a million
// runs needs no table. It is a balanced Feistel network on the smallest
// even number of bits (at least two) that covers n, with cycle walking:
// outputs of n or more are fed back in until one falls below n, which
// keeps the map a bijection on [0, n). The domain is less than 4n, so a
// call takes fewer than four passes on average.
type permutation struct {
	n    uint64
	half uint // bits in each half of the Feistel domain
	keys [6]uint64
}

// newPermutation returns the permutation of [0, n) for the key k.
func newPermutation(n int, k [6]uint64) permutation {
	half := uint(1)
	if n > 1 {
		half = max(1, uint(bits.Len64(uint64(n-1))+1)/2)
	}
	return permutation{n: uint64(n), half: half, keys: k}
}

// at returns the image of i, which must be in [0, n).
func (p permutation) at(i int) int {
	x := uint64(i)
	for {
		x = p.feistel(x)
		if x < p.n {
			return int(x)
		}
	}
}

func (p permutation) feistel(x uint64) uint64 {
	mask := uint64(1)<<p.half - 1
	l, r := x>>p.half, x&mask
	for _, k := range p.keys {
		l, r = r, l^(mix(r^k)&mask)
	}
	return l<<p.half | r
}

// mix is the splitmix64 finaliser: a fast bijective hash of 64 bits.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
