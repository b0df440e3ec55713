package scenarios

import (
	"strings"
	"testing"
	"time"
)

func TestDecodeNum(t *testing.T) {
	const chip = "name: t\nchips:\n  x:\n    vendor: v\n    "
	tests := []struct {
		src    string
		want   string // errors; "" for none
		reason string
	}{
		{chip + "memory_bandwidth: 4.0TB/s\n", "", "scalar form"},
		{chip + "memory_bandwidth: {value: 1.8TB/s, source: vendor, range: [0.7TB/s, 2TB/s]}\n", "", "mapping form"},
		{chip + "memory_bandwidth: 4.0\n", `t.yaml:5:23: chips.x.memory_bandwidth: missing unit in "4.0", e.g. 4.0TB/s or 700GB/s`, "bare bandwidth"},
		{chip + "memory_bandwidth: 90TB/s\n", "t.yaml:5:23: chips.x.memory_bandwidth 90000 GB/s is outside the plausible range [10, 20000] GB/s", "range tag"},
		{chip + "power: -400W\n", "t.yaml:5:12: chips.x.power must not be negative, got -400 W", "negative without a range that allows it"},
		{chip + "memory_bandwidth: {source: s}\n", `t.yaml:5:23: chips.x.memory_bandwidth: missing required key "value"`, "value is required"},
		{chip + "memory_bandwidth: {value: 1TB/s, sorce: s}\n", `t.yaml:5:38: unknown key "sorce" in chips.x.memory_bandwidth; a number takes value, source and range (did you mean "source"?)`, "strict keys"},
		{chip + "memory_bandwidth: {value: 1TB/s, range: [2TB/s, 3TB/s]}\n", "t.yaml:5:31: chips.x.memory_bandwidth 1000 GB/s is outside its range [2000 GB/s, 3000 GB/s]", "range must contain value"},
		{chip + "memory_bandwidth: {value: 1TB/s, range: [1TB/s]}\n", "t.yaml:5:45: chips.x.memory_bandwidth.range: expected [low, high], got a sequence", "two bounds"},
		{chip + "memory_bandwidth: {value: 1TB/s, range: [1, 2TB/s]}\n", `t.yaml:5:46: chips.x.memory_bandwidth.range: missing unit in "1", e.g. 4.0TB/s or 700GB/s`, "bounds use the field's unit"},
		{chip + "memory_bandwidth: {value: 1TB/s, range: [1GB/s, 2TB/s]}\n", "t.yaml:5:46: chips.x.memory_bandwidth.range 1 GB/s is outside the plausible range [10, 20000] GB/s", "bounds are checked against the range tag"},
		{chip + "memory_bandwidth: {value: 1TB/s, source: [a]}\n", "t.yaml:5:46: chips.x.memory_bandwidth.source: expected a string, got a sequence", "source is text"},
		{chip + "memory_bandwidth: [1TB/s]\n", "t.yaml:5:23: chips.x.memory_bandwidth: expected a number such as 4.0TB/s or 700GB/s, or a mapping with value, source and range; got a sequence", "kind"},
		{chip + "memory_bandwidth: {value: ~}\n", "t.yaml:5:31: chips.x.memory_bandwidth: expected a number, got null", "null value"},
		{"name: t\nmarket: $90m\n", `t.yaml:2:9: market: unknown unit "m" in "$90m"; want K, M, B, bn, T, e.g. $90B, $12.5K, ¥1.4M or 20000 (units are case-sensitive: did you mean "M"?)`, "case hint reaches the user"},
		{"name: t\nmarket: $90T\n", "t.yaml:2:9: market $90T is outside the plausible range [$1B, $10T]", "money is formatted as money"},
		{"name: t\nloss: -$5B\n", "", "a range tag with a negative low allows negatives"},
		{"name: t\nelasticity: -1.5\n", "", "plain numbers may be negative"},
		{"name: t\nshare: 150%\n", "t.yaml:2:8: share 1.5 is outside the plausible range [0, 1]", "fractions"},
		{"name: t\nprices: {doubao: ¥3.2/image}\n", "t.yaml:2:18: prices.doubao: price \"¥3.2/image\" is per image; want a price per Mtok", "map elements get the field's unit"},
		{"name: t\nstart: 2026-2-14\n", `t.yaml:2:8: start: bad date "2026-2-14"; want YYYY-MM-DD, e.g. 2026-02-14`, "dates are strict"},
		{"name: t\nstart: 2026-02-30\n", `t.yaml:2:8: start: bad date "2026-02-30"; want YYYY-MM-DD, e.g. 2026-02-14`, "no February 30th"},
		{"name: t\nstart: 2026-02-14T10:00:00Z\n", `t.yaml:2:8: start: bad date "2026-02-14T10:00:00Z"; want YYYY-MM-DD, e.g. 2026-02-14`, "a date, not a time"},
		{"name: t\nstart: {y: 2026}\n", "t.yaml:2:8: start: expected a date such as 2026-02-14, got a mapping", "kind"},
		{chip[:len(chip)-len("vendor: v\n    ")] + "vendor: [a]\n", "t.yaml:4:13: chips.x.vendor: expected a string, got a sequence", "Str is a scalar"},
	}
	for _, tt := range tests {
		_, got := decodeSrc(tt.src)
		if got != tt.want {
			t.Errorf("%q:\n got %s\nwant %s\n(%s)", tt.src, got, tt.want, tt.reason)
		}
	}
}

func TestDecodeNumFields(t *testing.T) {
	s, errs := decodeSrc("name: t\nchips:\n  zw:\n    vendor: alibaba\n" +
		"    memory_bandwidth: {value: 1.8TB/s, source: \"vendor sheet\", range: [0.7TB/s, 2TB/s]}\n" +
		"    memory: 96GB\nstart: 2026-02-14\n")
	if errs != "" {
		t.Fatal(errs)
	}
	c := s.Chips["zw"]
	want := Num{Value: 1800, Source: "vendor sheet", Low: 700, High: 2000, Ranged: true,
		Pos: Pos{"t.yaml", 5, 31}, Path: "chips.zw.memory_bandwidth"}
	if c.Bandwidth != want {
		t.Errorf("mapping Num = %+v\nwant %+v", c.Bandwidth, want)
	}
	want = Num{Value: 96e9, Pos: Pos{"t.yaml", 6, 13}, Path: "chips.zw.memory"}
	if c.Memory != want {
		t.Errorf("scalar Num = %+v\nwant %+v", c.Memory, want)
	}
	if c.Power.Present() || !c.Memory.Present() {
		t.Errorf("Present: absent power %v, given memory %v", c.Power.Present(), c.Memory.Present())
	}
	if c.Vendor != (Str{"alibaba", Pos{"t.yaml", 4, 13}}) {
		t.Errorf("Str = %+v", c.Vendor)
	}
	day := time.Date(2026, 2, 14, 0, 0, 0, 0, time.UTC)
	if !s.Start.Day.Equal(day) || s.Start.Day.Location() != time.UTC || s.Start.String() != "2026-02-14" || s.Start.Pos != (Pos{"t.yaml", 7, 8}) {
		t.Errorf("Date = %+v; want %v at t.yaml:7:8", s.Start, day)
	}
}

func TestParseRangeTag(t *testing.T) {
	tests := []struct {
		tag    string
		want   numOpts
		err    string
		reason string
	}{
		{"10,20000", numOpts{ranged: true, lo: 10, hi: 20000, hasLo: true, hasHi: true}, "", "both ends"},
		{"0,", numOpts{ranged: true, hasLo: true}, "", "open high end"},
		{",1e6", numOpts{ranged: true, hi: 1e6, hasHi: true}, "", "open low end"},
		{"5", numOpts{}, "want \"lo,hi\"", "one number"},
		{"2,1", numOpts{}, "low is above high", "reversed"},
		{"1GB/s,2", numOpts{}, "range tag", "canonical plain numbers only"},
	}
	for _, tt := range tests {
		got, err := parseRangeTag(tt.tag)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseRangeTag(%q) error %v; want %q (%s)", tt.tag, err, tt.err, tt.reason)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseRangeTag(%q) = %+v, %v; want %+v (%s)", tt.tag, got, err, tt.want, tt.reason)
		}
	}
}
