package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// CNYPerUSD converts yuan amounts ("¥1.4M") to US dollars. It is an
// estimate: research/domain-facts.md notes that sources convert at roughly
// 7.1–7.2 CNY per USD, and this is the middle of that band.
const CNYPerUSD = 7.15

// A unit tag (`unit:"..."` on a Num field) names the kind of quantity a
// field holds. ParseQuantity turns a readable string into the kind's
// canonical unit:
//
//	usd        "$90B", "$12.5K", "¥1.4M", "20000"  → US dollars
//	price      "¥3.2/Mtok", "$0.03/image", "$2.1/h" → US dollars per unit
//	price/W    like price, but the unit word, if written, must be W
//	bandwidth  "4.0TB/s", "700GB/s", "900 GB/s"     → GB/s
//	bytes      "96GB", "1.5TB", "64KB", "100"       → bytes (1GB = 1e9)
//	power      "400W", "1.2kW", "0.7 kW"            → W
//	tflops     "148TFLOPS", "1.9PFLOPS"             → TFLOPS
//	flop       "2.5PFLOP", "300TFLOP", "4e15"       → FLOP
//	count      "397B", "8K", "1.2M", "1e6", "42"    → a plain count
//	fraction   "25%", "0.25"                        → 0.25
//	duration   "90d", "12w", "6mo", "2y", "90"      → days
//	number     "1.5", "-2e3"                        → itself
//
// Money and count suffixes are case-sensitive: K, M, B (or bn), T are 1e3,
// 1e6, 1e9, 1e12. A month is 30.4375 days and a year 365.25 days.
// Non-finite values are always errors.

// suffix is a unit written after a number and its factor to the canonical unit.
type suffix struct {
	text   string
	factor float64
}

// unitKind describes how one kind of quantity is written.
type unitKind struct {
	canon    string   // canonical unit for messages; "" if dimensionless
	suffixes []suffix // accepted units; text "" means a bare number is allowed
	example  string   // shown in error messages
}

var magnitudes = []suffix{{"", 1}, {"K", 1e3}, {"M", 1e6}, {"B", 1e9}, {"bn", 1e9}, {"T", 1e12}}

var unitKinds = map[string]unitKind{
	"usd":   {canon: "USD", suffixes: magnitudes, example: "$90B, $12.5K, ¥1.4M or 20000"},
	"price": {canon: "USD", suffixes: magnitudes, example: "$0.03/image or ¥3.2/Mtok"},
	"bandwidth": {canon: "GB/s", example: "4.0TB/s or 700GB/s", suffixes: []suffix{
		{"KB/s", 1e-6}, {"MB/s", 1e-3}, {"GB/s", 1}, {"TB/s", 1e3}, {"PB/s", 1e6},
		{"GBps", 1}, {"TBps", 1e3}}},
	"bytes": {canon: "bytes", example: "96GB or 64KB", suffixes: []suffix{
		{"", 1}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15},
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}}},
	"power": {canon: "W", example: "400W or 1.2kW", suffixes: []suffix{
		{"W", 1}, {"kW", 1e3}, {"KW", 1e3}, {"MW", 1e6}, {"GW", 1e9}}},
	"tflops": {canon: "TFLOPS", example: "989TFLOPS or 1.9PFLOPS", suffixes: []suffix{
		{"GFLOPS", 1e-3}, {"TFLOPS", 1}, {"PFLOPS", 1e3}, {"EFLOPS", 1e6}}},
	"flop": {canon: "FLOP", example: "2.5PFLOP or 4e15", suffixes: []suffix{
		{"", 1}, {"FLOP", 1}, {"GFLOP", 1e9}, {"TFLOP", 1e12}, {"PFLOP", 1e15},
		{"EFLOP", 1e18}, {"ZFLOP", 1e21}, {"YFLOP", 1e24}}},
	"count":    {suffixes: magnitudes, example: "397B, 8K, 1.2M or 42"},
	"fraction": {suffixes: []suffix{{"", 1}, {"%", 0.01}}, example: "25% or 0.25"},
	"duration": {canon: "days", example: "90d, 12w, 6mo or 2y", suffixes: []suffix{
		{"", 1}, {"d", 1}, {"w", 7}, {"mo", 30.4375}, {"y", 365.25},
		{"days", 1}, {"weeks", 7}, {"months", 30.4375}, {"years", 365.25}}},
	"number": {suffixes: []suffix{{"", 1}}, example: "1.5 or 2e6"},
}

var (
	numberRE = regexp.MustCompile(`^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(.*)$`)
	wordRE   = regexp.MustCompile(`^[\pL\pN_-]+$`)
)

// currencies are the money prefixes, longest first, with their units per USD.
var currencies = []struct {
	sym  string
	perD float64
}{{"US$", 1}, {"CN¥", CNYPerUSD}, {"$", 1}, {"¥", CNYPerUSD}, {"￥", CNYPerUSD}}

// splitUnit splits a unit tag into its kind and, for "price/word", the
// required denominator.
func splitUnit(unit string) (kind unitKind, name, per string, err error) {
	name, per, _ = strings.Cut(unit, "/")
	k, ok := unitKinds[name]
	if !ok || (per != "" && name != "price") || (per != "" && !wordRE.MatchString(per)) {
		return unitKind{}, "", "", fmt.Errorf("unknown unit %q", unit)
	}
	return k, name, per, nil
}

// ParseQuantity parses s, written as described for unit tags above, and
// returns its value in the canonical unit of unit. The error names the
// expected form. Negative values parse; whether they are allowed is up to
// the caller (Decode allows them only where a range tag does).
func ParseQuantity(unit, s string) (float64, error) {
	k, name, per, err := splitUnit(unit)
	if err != nil {
		return 0, err
	}
	s = strings.TrimSpace(s)
	var v float64
	switch name {
	case "usd":
		v, err = parseMoney(k, s)
	case "price":
		v, err = parsePrice(k, s, per)
	default:
		v, err = parseWithSuffix(k, s, s)
	}
	if err != nil {
		return 0, err
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return v, nil
}

// parseWithSuffix parses s, a number followed by one of k's suffixes.
// Messages quote whole, the string as the user wrote it.
func parseWithSuffix(k unitKind, s, whole string) (float64, error) {
	m := numberRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("cannot read %q as a quantity; want e.g. %s", whole, k.example)
	}
	x, err := strconv.ParseFloat(m[1], 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("cannot read %q as a number", whole)
	}
	unit := m[2]
	for _, u := range k.suffixes {
		if u.text == unit {
			return x * u.factor, nil
		}
	}
	if unit == "" {
		return 0, fmt.Errorf("missing unit in %q, e.g. %s", whole, k.example)
	}
	return 0, fmt.Errorf("unknown unit %q in %q; want %s, e.g. %s%s", unit, whole, suffixList(k), k.example, caseHint(k, unit))
}

// suffixList names the accepted suffixes of k for messages.
func suffixList(k unitKind) string {
	var names []string
	for _, u := range k.suffixes {
		if u.text != "" {
			names = append(names, u.text)
		}
	}
	if len(names) == 0 {
		return "a plain number"
	}
	return strings.Join(names, ", ")
}

// caseHint explains common slips: a bare B for bytes, bits for bytes, and a
// unit that differs from an accepted one only in case.
func caseHint(k unitKind, unit string) string {
	if unit == "B" && k.canon == "bytes" {
		return " (a bare B could mean bytes or billions: write bytes as a plain number)"
	}
	bits := strings.HasSuffix(unit, "b/s") || strings.HasSuffix(unit, "bps")
	if bits && unit[0] >= 'A' && unit[0] <= 'Z' {
		return " (bandwidth is in bytes: B, not b)"
	}
	for _, u := range k.suffixes {
		if u.text != "" && strings.EqualFold(u.text, unit) {
			return fmt.Sprintf(" (units are case-sensitive: did you mean %q?)", u.text)
		}
	}
	return ""
}

// parseMoney parses an amount with an optional sign, currency prefix and
// magnitude suffix, and converts it to US dollars.
func parseMoney(k unitKind, s string) (float64, error) {
	rest, sign, signed := s, 1.0, false
	if r, ok := strings.CutPrefix(rest, "-"); ok {
		rest, sign, signed = r, -1, true
	} else if r, ok := strings.CutPrefix(rest, "+"); ok {
		rest, signed = r, true
	}
	perUSD := 1.0
	for _, c := range currencies {
		if r, ok := strings.CutPrefix(rest, c.sym); ok {
			rest, perUSD = strings.TrimSpace(r), c.perD
			break
		}
	}
	if signed && strings.IndexAny(rest, "+-") == 0 {
		return 0, fmt.Errorf("cannot read %q as an amount; want e.g. %s", s, k.example)
	}
	v, err := parseWithSuffix(k, rest, s)
	if err != nil {
		return 0, err
	}
	return sign * v / perUSD, nil
}

// parsePrice parses money optionally followed by "/word". If per is not
// empty the word, when written, must equal it.
func parsePrice(k unitKind, s, per string) (float64, error) {
	amount, word, hasWord := strings.Cut(s, "/")
	word = strings.TrimSpace(word)
	if hasWord && !wordRE.MatchString(word) {
		return 0, fmt.Errorf("price %q must end in /<one word>, e.g. %s", s, k.example)
	}
	if hasWord && per != "" && word != per {
		return 0, fmt.Errorf("price %q is per %s; want a price per %s", s, word, per)
	}
	return parseMoney(k, strings.TrimSpace(amount))
}

// FormatQuantity formats v, in the canonical unit of unit, for messages:
// money as "$90B", other kinds as "90000 GB/s".
func FormatQuantity(unit string, v float64) string {
	k, name, per, err := splitUnit(unit)
	if err != nil {
		return formatFloat(v)
	}
	switch name {
	case "usd", "price":
		s := formatMoney(v)
		if per != "" {
			s += "/" + per
		}
		return s
	}
	if k.canon == "" {
		return formatFloat(v)
	}
	return formatFloat(v) + " " + k.canon
}

// formatMoney formats a USD amount with a magnitude suffix.
func formatMoney(v float64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	for i := len(magnitudes) - 1; i > 0; i-- {
		m := magnitudes[i]
		if m.text != "bn" && v >= m.factor {
			return sign + "$" + formatFloat(v/m.factor) + m.text
		}
	}
	return sign + "$" + formatFloat(v)
}

// formatFloat formats v in the shortest form that reads back exactly.
func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// parseNumber parses a plain finite decimal number (no unit, no hex, no
// underscores, no Inf or NaN).
func parseNumber(s string) (float64, error) {
	return ParseQuantity("number", s)
}

// CanonicalUnit returns the unit that values of unit tag unit are held in
// after parsing, for data dictionaries: "GB/s" for bandwidth, "USD/Mtok"
// for price/Mtok, "USD/unit" for a price of any unit, "fraction", "count"
// or "" for a plain number or an unknown tag.
func CanonicalUnit(unit string) string {
	k, name, per, err := splitUnit(unit)
	switch {
	case err != nil:
		return ""
	case name == "price" && per != "":
		return "USD/" + per
	case name == "price":
		return "USD/unit"
	case name == "fraction", name == "count":
		return name
	}
	return k.canon
}
