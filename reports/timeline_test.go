package reports

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

func TestEventLabel(t *testing.T) {
	long := "Spring Festival: Doubao passes 100M DAU; Alibaba spends CNY 3B promoting the Qwen app and much more besides that"
	tests := []struct {
		name, reason string
		e            market.Entry
		want         string
	}{
		{
			"release", "a release is named by its model, without the capability note",
			market.Entry{Kind: market.KindRelease, Summary: "Alibaba Cloud releases Qwen 3.5 (capability 76.0, open weights)"},
			"Qwen 3.5",
		},
		{
			"release with parentheses in the name", "only the capability note goes; the model's own parentheses stay",
			market.Entry{Kind: market.KindRelease, Summary: "ByteDance (Volcano Engine) releases Doubao 2.0 (Seed 2.0 Pro) (capability 76.5)"},
			"Doubao 2.0 (Seed 2.0 Pro)",
		},
		{
			"launch", "a chip launch loses its specifications",
			market.Entry{Kind: market.KindLaunch, Summary: "T-Head Zhenwu 810E launches (domestic, 1800 GB/s memory)"},
			"T-Head Zhenwu 810E launches",
		},
		{
			"long shock", "cut at a word boundary with an ellipsis",
			market.Entry{Kind: market.KindShock, Summary: long},
			"Spring Festival: Doubao passes 100M DAU; Alibaba spends CNY 3B promoting the Qwen app…",
		},
		{
			"multi-line", "line breaks would break the lane layout",
			market.Entry{Kind: market.KindShock, Summary: "a\nmulti-line  shock"},
			"a multi-line shock",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := eventLabel(tc.e)
			if got != tc.want {
				t.Errorf("%s:\n got %q\nwant %q", tc.reason, got, tc.want)
			}
			if n := utf8.RuneCountInString(got); n > maxLabel {
				t.Errorf("label of %d runes, want at most %d", n, maxLabel)
			}
		})
	}
}

func TestTimelineLanes(t *testing.T) {
	d := newChartData(tinyResult())
	var got []string
	for _, ln := range d.timelineEvents() {
		got = append(got, ln.name)
	}
	// The tiny log has a policy, a release and a shock; decisions and
	// deliveries are not drawn, and the empty chip-launch lane is dropped.
	if want := "Policy,Model releases,Shocks"; strings.Join(got, ",") != want {
		t.Errorf("lanes %q, want %s", got, want)
	}
}

// TestTimelineLabelsDoNotOverlap lays the baseline's events out on canvases
// of several widths and checks that labels in one row keep apart and stay
// on the canvas.
func TestTimelineLabelsDoNotOverlap(t *testing.T) {
	r, _ := baselineRun(t)
	d := newChartData(r)
	for _, widthPx := range []float64{500, 900, 1300} {
		tl := &timeline{lanes: d.timelineEvents(), style: textStyle(13, false, colorText)}
		p := plot.New()
		p.X.Min, p.X.Max = 0, float64(r.Days) // the whole horizon: releases run to its end
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: px(widthPx), Y: px(500)}}}
		rows := tl.layout(c, p)
		trX, _ := p.Transforms(&c)
		var sum int
		for _, ln := range tl.lanes {
			sum += ln.rows
			type span struct{ lo, hi vg.Length }
			byRow := map[int][]span{}
			for _, e := range ln.events {
				lo, hi := tl.span(trX(e.day), e.label, e.left)
				if hi > c.Max.X+1e-6 && lo > c.Min.X {
					t.Errorf("width %v: %q runs off the right edge", widthPx, e.label)
				}
				byRow[e.row] = append(byRow[e.row], span{lo, hi})
			}
			for row, spans := range byRow {
				sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
				for i := 1; i < len(spans); i++ {
					if spans[i].lo < spans[i-1].hi+px(labelSpace)-1e-6 {
						t.Errorf("width %v, lane %s, row %d: labels overlap at %v", widthPx, ln.name, row, spans[i].lo)
					}
				}
			}
		}
		if want := float64(sum) + laneGap*float64(len(tl.lanes)-1); rows != want {
			t.Errorf("width %v: height %v rows, want %v", widthPx, rows, want)
		}
	}
}
