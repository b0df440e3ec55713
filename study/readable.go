package study

import (
	"math"
	"strconv"

	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// readable writes v, in the canonical unit of a unit tag, as a scenario
// would write it, for charts and tables: fractions in percent, counts,
// bytes and FLOP with a magnitude ("140K", "96GB", "20PFLOP"), bandwidth
// of 100 GB/s or more in TB/s, and the rest as scenarios.FormatQuantity
// does; to at most six significant digits.
func readable(unit string, v float64) string {
	v = roundSig(v, 6)
	switch unit {
	case "fraction":
		return strconv.FormatFloat(roundSig(100*v, 6), 'g', -1, 64) + "%"
	case "count":
		return magnitude(v, []string{"", "K", "M", "B", "T"})
	case "bytes":
		return magnitude(v, []string{" bytes", "KB", "MB", "GB", "TB", "PB"})
	case "flop":
		return magnitude(v, []string{" FLOP", "KFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP"})
	case "bandwidth":
		if math.Abs(v) >= 100 {
			return strconv.FormatFloat(roundSig(v/1000, 6), 'g', -1, 64) + " TB/s"
		}
	case "number":
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return scenarios.FormatQuantity(unit, v)
}

// magnitude writes v with the largest suffix of a power-of-1000 sequence
// that leaves at least 1 in front.
func magnitude(v float64, suffixes []string) string {
	i, x := 0, v
	for i+1 < len(suffixes) && math.Abs(x) >= 1000 {
		i, x = i+1, x/1000
	}
	return strconv.FormatFloat(roundSig(x, 6), 'g', -1, 64) + suffixes[i]
}

// roundSig rounds v to n significant digits.
func roundSig(v float64, n int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', n, 64), 64)
	if err != nil {
		return v
	}
	return r
}
