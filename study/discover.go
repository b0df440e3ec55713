package study

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// Runs is the table of a Monte Carlo study's runs.csv, as numbers.
type Runs struct {
	Header []string
	Rows   [][]float64
}

// ReadRuns reads runs.csv. name is used in errors, which give the line.
func ReadRuns(name string, r io.Reader) (*Runs, error) {
	cr := csv.NewReader(r)
	h, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out := &Runs{Header: h}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		row := make([]float64, len(rec))
		for j, s := range rec {
			if row[j], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("%s:%d: column %s: %q is not a number", name, line, h[j], s)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	if len(out.Rows) == 0 {
		return nil, fmt.Errorf("%s holds no runs", name)
	}
	return out, nil
}

// Discover asks under which values of the study's varied parameters the
// condition holds: it runs PRIM over the parameter columns of runs and
// the condition's yes/no, and returns the trajectory and the chosen box
// with its limits in the parameters' units.
func Discover(runs *Runs, params []Param, cond *Condition, opt PRIMOptions) (*reports.Discovery, []bool, error) {
	var cols []int
	var inputs []reports.SensitivityParam
	for _, p := range params {
		if p.Fixed() {
			continue
		}
		j := -1
		for k, h := range runs.Header {
			if h == p.Path {
				j = k
			}
		}
		if j < 0 {
			return nil, nil, fmt.Errorf("runs.csv has no column for the parameter %s", p.Path)
		}
		cols = append(cols, j)
		inputs = append(inputs, reports.SensitivityParam{Path: p.Path, Unit: p.Unit, Value: p.Value, Low: p.Low, High: p.High,
			ValueText: readable(p.Unit, p.Value), LowText: readable(p.Unit, p.Low), HighText: readable(p.Unit, p.High)})
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("the study varies no parameter, so there is no box to find")
	}
	x := make([][]float64, len(runs.Rows))
	y := make([]bool, len(runs.Rows))
	for i, row := range runs.Rows {
		x[i] = make([]float64, len(cols))
		for k, j := range cols {
			x[i][k] = row[j]
		}
		y[i] = cond.Holds(row)
	}
	d := &reports.Discovery{Condition: cond.Text, Runs: len(x), Params: inputs, Threshold: opt.Threshold}
	for _, v := range y {
		if v {
			d.Cases++
		}
	}
	if d.Cases == 0 {
		if i, a, b, ok := cond.Closest(runs.Rows); ok {
			sa, sb := cond.Sides()
			d.Closest = fmt.Sprintf("The run that comes closest, run %s, has %s = %s and %s = %s.",
				formatValue(runs.Rows[i][0]), sa, formatValue(roundSig(a, 4)), sb, formatValue(roundSig(b, 4)))
		}
		return d, y, nil
	}
	res, err := PRIM(x, y, opt)
	if err != nil {
		return nil, nil, err
	}
	for _, b := range res.Trajectory {
		d.Trajectory = append(d.Trajectory, reports.DiscoveryBox{Coverage: b.Coverage, Density: b.Density, Support: b.Support, Restricted: b.Restricted})
	}
	d.Chosen = res.Chosen
	b := res.Box
	d.Box = reports.DiscoveryBox{Coverage: b.Coverage, Density: b.Density, Support: b.Support, Restricted: b.Restricted}
	for k, p := range inputs {
		if !b.Restricts(k) {
			continue
		}
		l := reports.DiscoveryLimit{Param: k, Low: math.Max(b.Lo[k], p.Low), High: math.Min(b.Hi[k], p.High)}
		l.LowText, l.HighText = readable(p.Unit, roundSig(l.Low, 3)), readable(p.Unit, roundSig(l.High, 3))
		l.LowSet, l.HighSet = !math.IsInf(b.Lo[k], -1), !math.IsInf(b.Hi[k], 1)
		d.Limits = append(d.Limits, l)
	}
	d.BoxRuns = make([]bool, len(x))
	for i := range x {
		in := true
		for k, v := range x[i] {
			in = in && v >= b.Lo[k] && v <= b.Hi[k]
		}
		d.BoxRuns[i] = in
	}
	return d, y, nil
}
