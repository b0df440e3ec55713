package scenarios

import (
	"math"
	"strings"
	"testing"
)

func TestParseQuantity(t *testing.T) {
	tests := []struct {
		unit, in string
		want     float64
		err      string // substring of the error; "" for success
		reason   string
	}{
		// usd
		{"usd", "$90B", 90e9, "", "dollar billions as the article writes the market"},
		{"usd", "$12.5K", 12500, "", "fractional thousands"},
		{"usd", "$20000", 20000, "", "plain dollars"},
		{"usd", "20000", 20000, "", "a bare number is dollars"},
		{"usd", "¥1.4M", 1.4e6 / CNYPerUSD, "", "yuan are converted at CNYPerUSD"},
		{"usd", "￥715", 100, "", "full-width yen sign is yuan too"},
		{"usd", "$3bn", 3e9, "", "bn is an accepted spelling of billion"},
		{"usd", "$1.2T", 1.2e12, "", "trillions"},
		{"usd", "US$5M", 5e6, "", "explicit US dollar prefix"},
		{"usd", "-$5M", -5e6, "", "negative amounts parse; the range tag decides if they are allowed"},
		{"usd", "$-5M", -5e6, "", "sign after the currency"},
		{"usd", "$ 90B", 90e9, "", "space after the currency"},
		{"usd", "$90m", 0, `did you mean "M"`, "lower-case m is not million; suffixes are case-sensitive"},
		{"usd", "$90 billion", 0, `unknown unit "billion"`, "only the short suffixes"},
		{"usd", "-$-5M", 0, "cannot read", "two signs"},
		{"usd", "$", 0, "cannot read", "no number"},
		{"usd", "€5", 0, "cannot read", "euros are not supported"},
		{"usd", "$1e400", 0, "not a finite number", "overflow to infinity"},
		// price
		{"price", "¥3.2/Mtok", 3.2 / CNYPerUSD, "", "yuan per million tokens"},
		{"price", "$0.03/image", 0.03, "", "dollars per image"},
		{"price", "$2.1/h", 2.1, "", "dollars per hour"},
		{"price", "$0.08 / kWh", 0.08, "", "spaces around the slash"},
		{"price", "0.5", 0.5, "", "no denominator"},
		{"price/Mtok", "$1.5/Mtok", 1.5, "", "denominator matches the tag"},
		{"price/Mtok", "$1.5", 1.5, "", "denominator may be left out when the tag fixes it"},
		{"price/Mtok", "$1.5/image", 0, "want a price per Mtok", "denominator contradicts the tag"},
		{"price", "$1/M tok", 0, "one word", "denominator must be a single word"},
		{"price", "$1/", 0, "one word", "empty denominator"},
		{"price", "$x/h", 0, "cannot read", "bad amount"},
		// bandwidth
		{"bandwidth", "4.0TB/s", 4000, "", "terabytes per second"},
		{"bandwidth", "700GB/s", 700, "", "gigabytes per second"},
		{"bandwidth", "900 GB/s", 900, "", "space before the unit"},
		{"bandwidth", "4.0", 0, "missing unit", "a bare number is ambiguous"},
		{"bandwidth", "4.0TB", 0, `unknown unit "TB"`, "a size is not a rate"},
		{"bandwidth", "400Gb/s", 0, "bytes: B, not b", "bits are not bytes"},
		{"bandwidth", "4tb/s", 0, `did you mean "TB/s"`, "case hint"},
		// bytes
		{"bytes", "96GB", 96e9, "", "decimal gigabytes"},
		{"bytes", "1.5TB", 1.5e12, "", "decimal terabytes"},
		{"bytes", "64KB", 64e3, "", "decimal kilobytes"},
		{"bytes", "512MB", 512e6, "", "decimal megabytes"},
		{"bytes", "1GiB", 1 << 30, "", "binary gibibytes"},
		{"bytes", "100", 100, "", "a bare number is bytes"},
		{"bytes", "100B", 0, "bytes or billions", "a bare B is ambiguous"},
		{"bytes", "96gb", 0, `did you mean "GB"`, "case hint"},
		// power
		{"power", "400W", 400, "", "watts"},
		{"power", "1.2kW", 1200, "", "kilowatts"},
		{"power", "0.7 kW", 700, "", "space before the unit"},
		{"power", "2MW", 2e6, "", "megawatts"},
		{"power", "400", 0, "missing unit", "bare number"},
		{"power", "400J", 0, `unknown unit "J"`, "energy is not power"},
		// tflops
		{"tflops", "148TFLOPS", 148, "", "teraFLOPS"},
		{"tflops", "1.9PFLOPS", 1900, "", "petaFLOPS"},
		{"tflops", "989 TFLOPS", 989, "", "space before the unit"},
		{"tflops", "989", 0, "missing unit", "bare number"},
		{"tflops", "2.5PFLOP", 0, `unknown unit "PFLOP"`, "an amount is not a rate"},
		// flop
		{"flop", "2.5PFLOP", 2.5e15, "", "peta FLOP"},
		{"flop", "4e15", 4e15, "", "bare number with exponent"},
		{"flop", "300TFLOP", 300e12, "", "tera FLOP"},
		{"flop", "300TFLOPS", 0, `unknown unit "TFLOPS"`, "a rate is not an amount"},
		// count
		{"count", "397B", 397e9, "", "parameters in billions"},
		{"count", "17B", 17e9, "", "billions"},
		{"count", "8K", 8000, "", "thousands"},
		{"count", "1.2M", 1.2e6, "", "millions"},
		{"count", "600K", 600e3, "", "thousands"},
		{"count", "100M", 100e6, "", "millions"},
		{"count", "1e6", 1e6, "", "exponent"},
		{"count", "42", 42, "", "plain"},
		{"count", "8k", 0, `did you mean "K"`, "case-sensitive suffix"},
		{"count", "many", 0, "cannot read", "not a number"},
		// fraction
		{"fraction", "25%", 0.25, "", "percent"},
		{"fraction", "0.25", 0.25, "", "plain fraction"},
		{"fraction", "12.5 %", 0.125, "", "space before percent"},
		{"fraction", "25 percent", 0, "unknown unit", "only %"},
		// duration
		{"duration", "90d", 90, "", "days"},
		{"duration", "12w", 84, "", "weeks"},
		{"duration", "6mo", 182.625, "", "months of 30.4375 days"},
		{"duration", "2y", 730.5, "", "years of 365.25 days"},
		{"duration", "90", 90, "", "bare number is days"},
		{"duration", "3m", 0, "unknown unit", "m could be minutes or months"},
		// number
		{"number", "1.5", 1.5, "", "plain"},
		{"number", "-2e3", -2000, "", "negative with exponent"},
		{"number", ".5", 0.5, "", "leading dot"},
		{"number", "NaN", 0, "cannot read", "NaN is not a number here"},
		{"number", "Inf", 0, "cannot read", "infinity is rejected"},
		{"number", "1e999", 0, "not a finite number", "overflow"},
		{"number", "0x10", 0, "unknown unit", "no hex"},
		{"number", "1_000", 0, "unknown unit", "no digit separators"},
		{"number", "", 0, "cannot read", "empty"},
		// unknown kinds
		{"furlongs", "1", 0, `unknown unit "furlongs"`, "unknown unit tag"},
		{"bandwidth/Mtok", "1GB/s", 0, "unknown unit", "only price takes a denominator"},
	}
	for _, tt := range tests {
		got, err := ParseQuantity(tt.unit, tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseQuantity(%q, %q): %v; want %g (%s)", tt.unit, tt.in, err, tt.want, tt.reason)
		case tt.err == "" && math.Abs(got-tt.want) > 1e-12*math.Abs(tt.want):
			t.Errorf("ParseQuantity(%q, %q) = %g; want %g (%s)", tt.unit, tt.in, got, tt.want, tt.reason)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ParseQuantity(%q, %q) = %g, %v; want error containing %q (%s)", tt.unit, tt.in, got, err, tt.err, tt.reason)
		}
	}
}

func TestFormatQuantity(t *testing.T) {
	tests := []struct {
		unit   string
		v      float64
		want   string
		reason string
	}{
		{"usd", 90e9, "$90B", "billions get a B"},
		{"usd", 12500, "$12.5K", "thousands get a K"},
		{"usd", -5e6, "-$5M", "sign before the currency"},
		{"usd", 0.5, "$0.5", "below a thousand, no suffix"},
		{"price/Mtok", 3, "$3/Mtok", "the tag's denominator is kept"},
		{"bandwidth", 90000, "90000 GB/s", "canonical unit after the number"},
		{"fraction", 0.25, "0.25", "dimensionless"},
		{"bogus", 2, "2", "unknown units format as plain numbers"},
	}
	for _, tt := range tests {
		if got := FormatQuantity(tt.unit, tt.v); got != tt.want {
			t.Errorf("FormatQuantity(%q, %g) = %q; want %q (%s)", tt.unit, tt.v, got, tt.want, tt.reason)
		}
	}
}

func TestCanonicalUnit(t *testing.T) {
	for tag, want := range map[string]string{
		"bandwidth": "GB/s", "usd": "USD", "price": "USD/unit", "price/W": "USD/W", "fraction": "fraction",
		"count": "count", "duration": "days", "number": "", "no-such-unit": "",
	} {
		if got := CanonicalUnit(tag); got != want {
			t.Errorf("CanonicalUnit(%q) = %q, want %q", tag, got, want)
		}
	}
}
