package hardware

import (
	"fmt"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	huge := dense70
	huge.ID, huge.TotalParamsB, huge.ActiveParamsB = "huge", 3000, 3000
	chips := []Chip{h20, h100}
	ws := []Workload{moe397, huge, image12}
	rows := Table(chips, ws, testCosts)

	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s/%s err=%t", r.Chip, r.Workload, r.Err != ""))
	}
	want := []string{
		"h20/moe-397b-a17b err=false", "h20/huge err=true", "h20/image-12b err=false",
		"h100/moe-397b-a17b err=false", "h100/huge err=true", "h100/image-12b err=false",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows (chips outer, input order, unservable pairs kept) =\n%s\nwant\n%s",
			strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r := rows[1]; !strings.Contains(r.Err, "does not fit") || r.UnitsPerSecPerChip != 0 {
		t.Errorf("unservable row = %+v, want Err mentioning the fit and zero numbers", r)
	}
	if s, _ := Serve(h20, moe397, testCosts); rows[0] != s {
		t.Errorf("row 0 = %+v, want what Serve returns: %+v", rows[0], s)
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		v      float64
		want   string
		reason string
	}{
		{445.1935, "445.2", "hundreds keep one decimal"},
		{12345.6, "12346", "thousands drop decimals rather than use an exponent"},
		{0.4355728, "0.4356", "below one keeps four significant digits"},
		{2.5, "2.500", "units keep three decimals"},
		{0.000123625, "0.0001236", "small media rates stay readable"},
	}
	for _, tt := range tests {
		if got := num(tt.v); got != tt.want {
			t.Errorf("num(%g) = %q, want %q (%s)", tt.v, got, tt.want, tt.reason)
		}
	}
}

// BenchmarkTable serves 8 workloads on 6 chips.
func BenchmarkTable(b *testing.B) {
	var chips []Chip
	for i, c := range []Chip{h100, h20, zhenwu} {
		for j, bw := range []float64{1, 0.5} {
			c := c
			c.ID = fmt.Sprintf("chip-%d-%d", i, j)
			c.MemoryBandwidthGBps *= bw
			chips = append(chips, c)
		}
	}
	var ws []Workload
	for i, w := range []Workload{dense70, moe397, image12, moe397} {
		for j, ctx := range []float64{4096, 32768} {
			w := w
			w.ID = fmt.Sprintf("w-%d-%d", i, j)
			w.ContextTokens = ctx
			if i == 3 {
				w.MinTokensPerSecPerUser = 0 // no SLO: the batch search runs to the KV limit
			}
			ws = append(ws, w)
		}
	}
	for b.Loop() {
		Table(chips, ws, testCosts)
	}
}

// Text rows show the serving efficiency, the mix, both rates and the cached
// share; image rows show none of them.
func TestWriteTableTextColumns(t *testing.T) {
	w := moe397
	w.InputTokensPerOutputToken, w.CachedInputShare = 3.6, 0.56
	c := h20
	c.ServingEfficiency = 0.37
	rows := Table([]Chip{c}, []Workload{w, image12}, testCosts)
	var b strings.Builder
	if err := WriteTable(&b, rows); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	text := strings.Fields(lines[1])
	// CHIP MODEL UNIT CHIPS BATCH BOUND EFF IN:OUT PREFILL/S DECODE/S UNITS/S/CHIP $/CHIP-H $/M UNITS NOTE...
	want := []string{"h20", "moe-397b-a17b", "token", "9", "618", "compute", "37%", "3.6:1",
		num(rows[0].PrefillTokensPerSecPerChip), num(rows[0].DecodeTokensPerSecPerChip), num(rows[0].UnitsPerSecPerChip)}
	if strings.Join(text[:len(want)], " ") != strings.Join(want, " ") {
		t.Errorf("text row %q, want it to start %q", lines[1], want)
	}
	if !strings.Contains(lines[1], "56% of input cached") {
		t.Errorf("text row %q does not give the cached share", lines[1])
	}
	if img := strings.Fields(lines[2]); img[6] != "-" || img[7] != "-" {
		t.Errorf("image row %q shows an efficiency or a mix", lines[2])
	}
}
