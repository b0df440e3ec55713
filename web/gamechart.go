package web

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/seed-e89a7ce8/aicloudsim/classroom"
	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// maxMetricsBytes bounds the teacher's metrics.csv the chart reads.
const maxMetricsBytes = 256 << 20

// handleGameChart draws the game until a played round: every company's
// revenue share month by month (public numbers, so teams see it too),
// with a marker where each round began: GET /game/{token}/chart/{round}.
func (s *Server) handleGameChart(w http.ResponseWriter, r *http.Request) {
	g, k, ok := s.playedRound(w, r, false)
	if !ok {
		return
	}
	svg, err := gameChart(g, k)
	if err != nil {
		s.logf("game chart: %v", err)
		notFound(w)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write(svg)
}

// gameChart draws round k's teacher metrics: revenue shares of all paid
// segments by company, and a marker at the start of each round.
func gameChart(g *classroom.Game, k int) ([]byte, error) {
	f, err := os.Open(filepath.Join(g.Dir, classroom.RoundDir(k), "teacher", "metrics.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	shares, err := readShares(io.LimitReader(f, maxMetricsBytes))
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Revenue share of the paid segments, rounds 1 to %d marked", k)
	p.Title.TextStyle.Font.Size = 11
	p.Y.Label.Text = "%"
	p.X.Tick.Marker = yearTicks{}
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.TextStyle.Font.Size = 7
	var ids []string
	for id := range shares {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	top := 0.0
	for _, xy := range shares {
		for _, v := range xy {
			top = max(top, v.Y)
		}
	}
	top = math.Ceil(top*1.25/10) * 10
	for _, id := range ids {
		l, err := plotter.NewLine(shares[id])
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = reports.CompanyColor(id), vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(id, l)
	}
	for j := 1; j <= k; j++ {
		from, _ := g.Dates(j)
		x := yearOf(from)
		m, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: top}})
		if err != nil {
			return nil, err
		}
		m.Color, m.Dashes = color.Gray{Y: 0x80}, []vg.Length{vg.Points(2), vg.Points(2)}
		p.Add(m)
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: []plotter.XY{{X: x, Y: top}}, Labels: []string{fmt.Sprintf(" R%d", j)}})
		if err != nil {
			return nil, err
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font.Size = 8
		}
		p.Add(lab)
	}
	c := vgsvg.New(2*chartW, chartH*1.4)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// readShares reads each company's total revenue share by month from a
// run's metrics.csv, in percent.
func readShares(r io.Reader) (map[string]plotter.XYs, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	for _, c := range []string{"date", "company", "segment", "metric", "value"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("metrics.csv has no %s column", c)
		}
	}
	out := map[string]plotter.XYs{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if rec[col["metric"]] != market.MetricRevenueShare || rec[col["segment"]] != "" || rec[col["company"]] == market.Market {
			continue
		}
		d, err1 := time.Parse(time.DateOnly, rec[col["date"]])
		v, err2 := strconv.ParseFloat(rec[col["value"]], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		id := rec[col["company"]]
		out[id] = append(out[id], plotter.XY{X: yearOf(d), Y: 100 * v})
	}
}

// yearOf is a date as a fractional year.
func yearOf(t time.Time) float64 { return float64(t.Year()) + float64(t.YearDay()-1)/365 }
