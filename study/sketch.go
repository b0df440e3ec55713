package study

import "math"

// Sketch parameters. Alpha is the relative accuracy: every quantile the
// sketch returns is within Alpha (0.5%) of a value between the two order
// statistics it interpolates. Magnitudes below MinMagnitude count as zero,
// and each sign keeps at most MaxBuckets buckets (a span of about nine
// decades at 0.5%); smaller magnitudes beyond that fold into the lowest
// bucket kept.
const (
	Alpha        = 0.005
	MinMagnitude = 1e-12
	MaxBuckets   = 2048
)

var (
	gamma       = (1 + Alpha) / (1 - Alpha)
	logGamma    = math.Log(gamma)
	bucketScale = 2 / (1 + gamma)
)

// Sketch is a quantile sketch of a stream of numbers: a DDSketch (Masson,
// Rim and Lee, VLDB 2019) with logarithmic buckets of relative width
// 2·Alpha, plus the exact count, minimum and maximum. Its state is a
// function of the multiset of values added, whatever their order, and two
// sketches merge exactly by adding counts, so an ensemble's bands are the
// same for any number of workers or shards. Memory is bounded by
// MaxBuckets per sign, independent of the number of values. The zero
// Sketch is empty and ready to use.
type Sketch struct {
	N        uint64
	Zero     uint64 // values with magnitude below MinMagnitude
	Min, Max float64
	Pos, Neg Store // buckets of positive values and of the magnitudes of negative ones
}

// Store holds the counts of consecutive buckets: Counts[j] counts the
// values whose magnitude falls in bucket Offset+j, (γ^(k-1), γ^k].
type Store struct {
	Offset int32
	Counts []uint64
}

// Add adds x to the sketch; NaN is ignored.
func (s *Sketch) Add(x float64) {
	if math.IsNaN(x) {
		return
	}
	if x == 0 {
		x = 0 // -0 and +0 are one value, whatever order they come in
	}
	if s.N == 0 || x < s.Min {
		s.Min = x
	}
	if s.N == 0 || x > s.Max {
		s.Max = x
	}
	s.N++
	switch {
	case math.Abs(x) < MinMagnitude:
		s.Zero++
	case x > 0:
		s.Pos.add(bucket(x), 1)
	default:
		s.Neg.add(bucket(-x), 1)
	}
}

// Merge adds the values of o to s.
func (s *Sketch) Merge(o *Sketch) {
	if o.N == 0 {
		return
	}
	if s.N == 0 || o.Min < s.Min {
		s.Min = o.Min
	}
	if s.N == 0 || o.Max > s.Max {
		s.Max = o.Max
	}
	s.N += o.N
	s.Zero += o.Zero
	for j, c := range o.Pos.Counts {
		s.Pos.add(o.Pos.Offset+int32(j), c)
	}
	for j, c := range o.Neg.Counts {
		s.Neg.add(o.Neg.Offset+int32(j), c)
	}
}

// bucket returns the bucket of a magnitude m >= MinMagnitude.
func bucket(m float64) int32 { return int32(math.Ceil(math.Log(m) / logGamma)) }

// value is the representative of bucket k: the point within relative
// distance Alpha of every magnitude in the bucket.
func value(k int32) float64 { return bucketScale * math.Exp(float64(k)*logGamma) }

// add adds c to bucket k, growing the store to cover it, then folds the
// buckets more than MaxBuckets below the highest into the lowest kept. The
// fold depends only on the highest bucket ever seen, so the result does
// not depend on the order of adds.
func (st *Store) add(k int32, c uint64) {
	if c == 0 {
		return
	}
	if len(st.Counts) == 0 {
		st.Offset, st.Counts = k, append(st.Counts[:0], c)
		return
	}
	hi := st.Offset + int32(len(st.Counts)) - 1
	switch {
	case k > hi:
		st.Counts = append(st.Counts, make([]uint64, k-hi)...)
		hi = k
	case k < st.Offset:
		k = max(k, hi-MaxBuckets+1) // below the window: folded into its lowest bucket
		if k < st.Offset {
			grown := make([]uint64, int(hi-k)+1)
			copy(grown[st.Offset-k:], st.Counts)
			st.Offset, st.Counts = k, grown
		}
	}
	st.Counts[k-st.Offset] += c
	st.fold()
}

// fold merges the buckets below the window of MaxBuckets into its lowest.
func (st *Store) fold() {
	extra := len(st.Counts) - MaxBuckets
	if extra <= 0 {
		return
	}
	var c uint64
	for _, x := range st.Counts[:extra+1] {
		c += x
	}
	st.Counts = append(st.Counts[:0:0], st.Counts[extra:]...)
	st.Counts[0] = c
	st.Offset += int32(extra)
}

// Quantile returns the q-quantile, 0 <= q <= 1, interpolating linearly
// between the order statistics around rank q·(N-1) as R's default (type 7)
// does, each read from its bucket and clamped to [Min, Max]. It returns
// NaN for an empty sketch. The extreme quantiles are exact, and so is
// every quantile of a constant stream.
func (s *Sketch) Quantile(q float64) float64 {
	if s.N == 0 {
		return math.NaN()
	}
	rank := q * float64(s.N-1)
	lo := uint64(math.Floor(rank))
	vlo := s.at(lo)
	if f := rank - float64(lo); f > 0 && lo+1 < s.N {
		return vlo + f*(s.at(lo+1)-vlo)
	}
	return vlo
}

// at returns the estimate of the order statistic of 0-based rank r.
func (s *Sketch) at(r uint64) float64 {
	switch r {
	case 0:
		return s.Min
	case s.N - 1:
		return s.Max
	}
	v := s.lookup(r)
	return min(max(v, s.Min), s.Max)
}

// lookup walks the buckets from the most negative value up.
func (s *Sketch) lookup(r uint64) float64 {
	var seen uint64
	for j := len(s.Neg.Counts) - 1; j >= 0; j-- {
		if seen += s.Neg.Counts[j]; seen > r {
			return -value(s.Neg.Offset + int32(j))
		}
	}
	if seen += s.Zero; seen > r {
		return 0
	}
	for j, c := range s.Pos.Counts {
		if seen += c; seen > r {
			return value(s.Pos.Offset + int32(j))
		}
	}
	return s.Max
}
