package study

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/mat"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// errors returns every target's error for the simulated figures.
func (c *Calibration) errors(sims []float64) []float64 {
	z := make([]float64, len(sims))
	for i, t := range c.Targets {
		z[i] = TargetError(t, sims[i])
		if math.IsNaN(z[i]) {
			z[i] = 0
		}
	}
	return z
}

// screen runs every varied, writable number at both ends of its range and
// ranks the numbers by how much the targets' errors change; it returns
// the Top paths.
func (c *Calibration) screen(ctx context.Context, base, before []float64) ([]string, []reports.CalibrationScreen, error) {
	o, err := c.open()
	if err != nil {
		return nil, nil, err
	}
	var out []reports.CalibrationScreen
	reach := make([]float64, len(c.Targets)) // the largest change of each target's error
	for _, i := range varied(c.Params) {
		p := c.Params[i]
		if !writable(o.Tree, p) {
			continue
		}
		var ends [2][]float64
		for e, v := range []float64{p.Low, p.High} {
			vals := slices.Clone(base)
			vals[i] = v
			sims, err := c.simulate(ctx, vals)
			if err != nil {
				return nil, nil, err
			}
			ends[e] = c.errors(sims)
		}
		var ss float64
		for k := range ends[0] {
			d := ends[1][k] - ends[0][k]
			ss += d * d
			reach[k] = math.Max(reach[k], math.Abs(d))
		}
		out = append(out, reports.CalibrationScreen{Path: p.Path, Effect: math.Sqrt(ss)})
	}
	slices.SortStableFunc(out, func(a, b reports.CalibrationScreen) int {
		return cmp.Or(cmp.Compare(b.Effect, a.Effect), cmp.Compare(a.Path, b.Path))
	})
	var chosen []string
	for k := range out {
		if k < c.Config.Top && out[k].Effect > 0 {
			out[k].Chosen = true
			chosen = append(chosen, out[k].Path)
		}
	}
	if len(chosen) == 0 {
		return nil, nil, fmt.Errorf("no ranged number of %s moves its targets; nothing to fit", c.Scenario)
	}
	c.unreached = nil
	for k, r := range reach {
		if r < 0.1 {
			c.unreached = append(c.unreached, c.Targets[k].Name)
		}
	}
	return chosen, out, nil
}

// report builds the fit table.
func (c *Calibration) report(base, best []float64, idx []int, before, after []float64) *reports.Calibration {
	out := &reports.Calibration{Scenario: c.Scenario, Seeds: c.seeds}
	all := make([]bool, len(c.Targets))
	for i := range all {
		all[i] = true
	}
	out.Before, out.After = c.weightedError(before, all), c.weightedError(after, all)
	for _, i := range idx {
		p := c.Params[i]
		out.Params = append(out.Params, reports.CalibrationParam{
			SensitivityParam: reports.SensitivityParam{Path: p.Path, Unit: p.Unit, Value: base[i], Low: p.Low, High: p.High,
				ValueText: readable(p.Unit, base[i]), LowText: readable(p.Unit, p.Low), HighText: readable(p.Unit, p.High)},
			Fitted: best[i], FittedText: readable(p.Unit, roundSig(best[i], 4)),
		})
	}
	for i, t := range c.Targets {
		tol := "10%"
		if strings.HasSuffix(string(t.Kind), "share") {
			tol = "2 pp"
		}
		out.Rows = append(out.Rows, reports.CalibrationRow{Target: t, Tolerance: tol, Before: before[i], After: after[i],
			ErrorBefore: TargetError(t, before[i]), ErrorAfter: TargetError(t, after[i])})
	}
	return out
}

// identify measures the fitted numbers' identifiability at the best point:
// J, the forward-difference Jacobian of the targets' errors with respect
// to the numbers' positions within their ranges (steps of 5% of a range),
// gives the Gauss–Newton curvature H = JᵀJ. Eigenvectors of H with an
// eigenvalue under 1% of the largest are flat directions; the correlations
// of the pseudo-inverse of H name the pairs the targets cannot separate
// (|r| ≥ 0.8).
func (c *Calibration) identify(ctx context.Context, out *reports.Calibration, best []float64, idx []int, after []float64) error {
	z0 := c.errors(after)
	k := len(idx)
	jac := mat.NewDense(len(z0), k, nil)
	for col, i := range idx {
		p := c.Params[i]
		h := 0.05 * (p.High - p.Low)
		if best[i]+h > p.High {
			h = -h
		}
		vals := slices.Clone(best)
		vals[i] += h
		sims, err := c.simulate(ctx, vals)
		if err != nil {
			return err
		}
		for r, z := range c.errors(sims) {
			jac.Set(r, col, (z-z0[r])/(h/(p.High-p.Low)))
		}
	}
	var hess mat.SymDense
	hess.SymOuterK(1, jac.T())
	var eig mat.EigenSym
	if !eig.Factorize(&hess, true) {
		return nil // no decomposition: leave identifiability empty
	}
	vals := eig.Values(nil)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	top := slices.Max(vals)
	for e, v := range vals {
		if top > 0 && v >= 0.01*top {
			continue
		}
		f := reports.FlatDirection{Curvature: v, Weights: map[string]float64{}}
		for r, i := range idx {
			if w := vecs.At(r, e); math.Abs(w) >= 0.3 {
				f.Weights[c.Params[i].Path] = w
			}
		}
		out.Flat = append(out.Flat, f)
	}
	// Pseudo-inverse over the eigenvalues that are not negligible.
	cov := mat.NewDense(k, k, nil)
	for e, v := range vals {
		if v <= 1e-9*math.Max(top, 1e-300) {
			continue
		}
		for a := range k {
			for b := range k {
				cov.Set(a, b, cov.At(a, b)+vecs.At(a, e)*vecs.At(b, e)/v)
			}
		}
	}
	for a := range k {
		for b := a + 1; b < k; b++ {
			d := math.Sqrt(cov.At(a, a) * cov.At(b, b))
			if d == 0 {
				continue
			}
			if r := cov.At(a, b) / d; math.Abs(r) >= 0.8 {
				out.Pairs = append(out.Pairs, reports.CorrelatedPair{A: c.Params[idx[a]].Path, B: c.Params[idx[b]].Path, Correlation: r})
			}
		}
	}
	return nil
}

// holdOut fits again on the targets but every third and reports the error
// on those it left out.
func (c *Calibration) holdOut(ctx context.Context, out *reports.Calibration, base []float64, idx []int, before []float64) error {
	train := make([]bool, len(c.Targets))
	test := make([]bool, len(c.Targets))
	h := &reports.CalibrationCheck{}
	for i, t := range c.Targets {
		test[i] = i%3 == 2
		train[i] = !test[i]
		out.Rows[i].HeldOut = test[i]
		if test[i] {
			h.Test = append(h.Test, t.Name)
		} else {
			h.Train = append(h.Train, t.Name)
		}
	}
	best, _, err := c.fit(ctx, base, idx, train, c.Config.MaxEvals/2)
	if err != nil {
		return err
	}
	after, err := c.simulate(ctx, best)
	if err != nil {
		return err
	}
	h.TrainBefore, h.TrainAfter = c.weightedError(before, train), c.weightedError(after, train)
	h.TestBefore, h.TestAfter = c.weightedError(before, test), c.weightedError(after, test)
	out.Hold = h
	return nil
}

// FittedYAML writes a scenario that extends the calibrated one and sets
// every fitted number, with its range kept and its source saying it was
// fitted.
func (c *Calibration) FittedYAML(fit *reports.Calibration) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	plain := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	root.Content = append(root.Content, str("extends"), str(c.Ref), str("name"), str(c.Scenario+"-fitted"),
		str("title"), str(c.Title+" (fitted)"))
	for _, fp := range fit.Params {
		i := slices.IndexFunc(c.Params, func(p Param) bool { return p.Path == fp.Path })
		p := c.Params[i]
		for _, path := range append([]string{p.Path}, p.Aliases...) {
			num := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{
				str("value"), plain(exact(p.Unit, roundSig(fp.Fitted, 4))),
				str("range"), {Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{plain(exact(p.Unit, p.Low)), plain(exact(p.Unit, p.High))}},
				str("source"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: c.fittedSource()},
			}}
			setPath(root, strings.Split(path, "."), num)
		}
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# Written by `aicloudsim calibrate %s`: the numbers below were fitted to the\n# scenario's targets (weighted error %.2f before, %.2f after).\n", c.Ref, fit.Before, fit.After)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

// setPath sets the value at segs under the mapping m, adding the mappings
// on the way that are missing.
func setPath(m *yaml.Node, segs []string, val *yaml.Node) {
	for _, s := range segs[:len(segs)-1] {
		i := keyIndex(m, s)
		if i < 0 {
			m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}, &yaml.Node{Kind: yaml.MappingNode})
			i = len(m.Content) - 2
		}
		m = m.Content[i+1]
	}
	last := segs[len(segs)-1]
	if i := keyIndex(m, last); i >= 0 {
		m.Content[i+1] = val
		return
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: last}, val)
}
