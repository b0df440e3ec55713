package hardware

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// Table serves every workload on every chip and returns one row per pair,
// chips in the outer loop, both in input order. A pair that cannot be served
// (invalid input, or weights too large) is still listed, with Err saying why
// and zero numbers, so the table shows every assumption. It runs in
// O(len(chips) × len(ws) × MaxReplicaChips × MaxBatch) time.
func Table(chips []Chip, ws []Workload, k Costs) []Serving {
	rows := make([]Serving, 0, len(chips)*len(ws))
	for _, c := range chips {
		for _, w := range ws {
			s, err := serve(c, w, k)
			if err != nil {
				s = Serving{Chip: c.ID, Workload: w.ID, Kind: w.Kind, Err: err.Error()}
			}
			rows = append(rows, s)
		}
	}
	return rows
}

// WriteTable writes rows as an aligned text table: chip, model, unit,
// replica chips, batch, bound, and for text the serving efficiency, the
// input:output mix and the prefill (input tokens/s) and decode (output
// tokens/s) rates per chip; then units per second per chip (for text the
// blended input plus output tokens), USD per chip-hour, USD per million
// units (blended for text) and a note (per-sequence speed, SLO and cached
// share for text, or why a pair cannot be served).
func WriteTable(w io.Writer, rows []Serving) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CHIP\tMODEL\tUNIT\tCHIPS\tBATCH\tBOUND\tEFF\tIN:OUT\tPREFILL/S\tDECODE/S\tUNITS/S/CHIP\t$/CHIP-H\t$/M UNITS\tNOTE")
	for _, r := range rows {
		if r.Err != "" {
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t%s\n", r.Chip, r.Workload, r.Kind.Unit(), r.Err)
			continue
		}
		eff, mix, prefill, dec := "-", "-", "-", "-"
		if r.Kind == Text {
			eff = strconv.FormatFloat(100*r.Efficiency, 'f', 0, 64) + "%"
			mix = strconv.FormatFloat(r.InputTokensPerOutputToken, 'g', 3, 64) + ":1"
			prefill, dec = num(r.PrefillTokensPerSecPerChip), num(r.DecodeTokensPerSecPerChip)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			r.Chip, r.Workload, r.Kind.Unit(), r.ReplicaChips, r.Batch, r.Bound, eff, mix, prefill, dec,
			num(r.UnitsPerSecPerChip), num(r.ChipHourUSD), num(r.USDPerMillionUnits), note(r))
	}
	return tw.Flush()
}

// note describes the per-sequence speed of a text row (and the share of
// input served from cache, if any), or "-".
func note(r Serving) string {
	if r.Kind != Text {
		return "-"
	}
	speed := num(1/r.StepSeconds) + " tok/s/seq"
	if !r.SLOMet {
		speed += ", misses SLO"
	}
	if r.CachedInputShare > 0 {
		speed += ", " + strconv.FormatFloat(100*r.CachedInputShare, 'f', 0, 64) + "% of input cached"
	}
	return speed
}

// num formats v with about four significant digits and no exponent for the
// magnitudes a serving table has.
func num(v float64) string {
	a := v
	if a < 0 {
		a = -a
	}
	switch {
	case a >= 1000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
