package classroom

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// roundSig rounds x to n significant digits: down (toward −∞) when dir < 0,
// up when dir > 0, to the nearest otherwise.
func roundSig(x float64, n, dir int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	p := math.Pow(10, math.Floor(math.Log10(math.Abs(x)))-float64(n-1))
	q := x / p
	switch {
	case dir < 0:
		q = math.Floor(q + 1e-9)
	case dir > 0:
		q = math.Ceil(q - 1e-9)
	default:
		q = math.Round(q)
	}
	return q * p
}

// plain formats x with at most n significant digits and no exponent,
// trimming trailing zeros: 0.0275, 12.3, 150.
func plain(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	dec := max(0, n-1-int(math.Floor(math.Log10(math.Abs(x)))))
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// magnitude picks the suffix (K, M, B, T) that writes x with a mantissa
// below 1000.
func magnitude(x float64) (float64, string) {
	a := math.Abs(x)
	switch {
	case a >= 1e12:
		return x / 1e12, "T"
	case a >= 1e9:
		return x / 1e9, "B"
	case a >= 1e6:
		return x / 1e6, "M"
	case a >= 1e3:
		return x / 1e3, "K"
	}
	return x, ""
}

// usd formats an amount of US dollars with three significant digits, in a
// form the decision files read back: $2.4B, $22K, -$310M, $0.045.
func usd(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	m, suf := magnitude(roundSig(x, 3, 0))
	return sign + "$" + plain(m, 3) + suf
}

// price formats a price per unit: $0.221/Mtok.
func price(x float64, unit string) string {
	if unit == "" {
		return usd(x)
	}
	return usd(x) + "/" + unit
}

// count formats a number of things with three significant digits: 12.3K,
// 1.5M, 950.
func count(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	m, suf := magnitude(roundSig(x, 3, 0))
	return plain(m, 3) + suf
}

// pct formats a share as a percentage with one decimal: 37.4%.
func pct(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// pp formats a change of a share in percentage points: +1.2 pp.
func pp(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f pp", 100*x)
}

// signed formats a score: +3.2, -0.4, 0.0.
func signed(x float64) string {
	if math.Abs(x) < 0.05 {
		return "0.0"
	}
	return fmt.Sprintf("%+.1f", x)
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}
