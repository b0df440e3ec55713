package reports

import (
	"bytes"
	"encoding/xml"
	"image"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

// pathOf builds a vg.Path from points; a nil point closes the path.
func pathOf(pts ...*vg.Point) vg.Path {
	var p vg.Path
	for i, pt := range pts {
		switch {
		case pt == nil:
			p.Close()
		case i == 0:
			p.Move(*pt)
		default:
			p.Line(*pt)
		}
	}
	return p
}

func pt(x, y float64) *vg.Point { return &vg.Point{X: vg.Length(x), Y: vg.Length(y)} }

func TestSVGPathData(t *testing.T) {
	identity := affine{a: 1, d: 1}
	for _, tc := range []struct {
		name, reason string
		path         vg.Path
		want         string
	}{
		{"step", "flat and vertical runs use h and v", pathOf(pt(0, 0), pt(10, 0), pt(10, 5)), "M0 0h10v5"},
		{"run merged", "segments along one line in one direction become one", pathOf(pt(0, 0), pt(1, 0), pt(2, 0), pt(5, 0)), "M0 0h5"},
		{"diagonal merged", "collinear diagonal segments merge too", pathOf(pt(0, 0), pt(1, 2), pt(3, 6)), "M0 0l3 6"},
		{"back and forth", "a run that turns back is not merged; the letter repeats implicitly", pathOf(pt(0, 0), pt(4, 0), pt(1, 0)), "M0 0h4-3"},
		{"zero length", "a segment that goes nowhere is dropped", pathOf(pt(0, 0), pt(0, 0), pt(2, 0)), "M0 0h2"},
		{"nothing drawn", "a path of moves and empty segments writes nothing", pathOf(pt(1, 1), pt(1, 1)), ""},
		{"rounded once", "deltas are between rounded absolute points", pathOf(pt(0, 0), pt(0.4, 1), pt(0.8, 2), pt(1.2, 3)), "M0 0v1l1 1v1"},
		{"close", "z returns to the start; the next segment is relative to it", pathOf(pt(0, 0), pt(3, 0), pt(3, 3), nil, pt(1, 1)), "M0 0h3v3zl1 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p svgPath
			p.reset(identity)
			for _, c := range tc.path {
				p.add(c)
			}
			if got := string(p.bytes()); got != tc.want {
				t.Errorf("%s: got %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
}

// TestSVGPathLandsOnRoundedPoints checks random polylines: replaying the
// relative path data visits only the rounded points of the polyline, in
// order, and ends on the last one, however many segments there are.
func TestSVGPathLandsOnRoundedPoints(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	m := affine{a: 13.33, d: -13.33, f: 8100}
	for range 200 {
		n := 2 + rng.IntN(60)
		var path vg.Path
		var want [][2]int64
		for i := range n {
			p := vg.Point{X: vg.Length(rng.Float64() * 1000), Y: vg.Length(rng.Float64() * 600)}
			if rng.IntN(3) == 0 && i > 0 { // often flat, like monthly steps
				p.Y = path[i-1].Pos.Y
			}
			if i == 0 {
				path.Move(p)
			} else {
				path.Line(p)
			}
			x, y := m.apply(p)
			want = append(want, [2]int64{int64(math.Round(x)), int64(math.Round(y))})
		}
		var sp svgPath
		sp.reset(m)
		for _, c := range path {
			sp.add(c)
		}
		d := string(sp.bytes())
		got := replayPath(t, d)
		if len(got) == 0 || got[len(got)-1] != want[len(want)-1] {
			t.Fatalf("%q ends at %v, want %v", d, got, want[len(want)-1])
		}
		j := 0
		for _, g := range got {
			for j < len(want) && want[j] != g {
				j++
			}
			if j == len(want) {
				t.Fatalf("%q visits %v, not one of the rounded points in order %v", d, g, want)
			}
		}
	}
}

var pathTokenRE = regexp.MustCompile(`[MhvlLz]|-?[0-9]+`)

// replayPath returns the points path data made of M, h, v, l and z visits.
func replayPath(t *testing.T, d string) [][2]int64 {
	t.Helper()
	var pts [][2]int64
	var x, y, sx, sy int64
	cmd := byte(0)
	toks := pathTokenRE.FindAllString(d, -1)
	num := func(i *int) int64 {
		*i++
		v, err := strconv.ParseInt(toks[*i], 10, 64)
		if err != nil {
			t.Fatalf("%q: %v", d, err)
		}
		return v
	}
	for i := 0; i < len(toks); i++ {
		if c := toks[i][0]; c >= 'A' {
			cmd = c
			if c == 'z' {
				x, y = sx, sy
				pts = append(pts, [2]int64{x, y})
			}
			continue
		}
		i-- // a number: the last command repeats
		switch cmd {
		case 'M':
			x, y = num(&i), num(&i)
			sx, sy = x, y
			cmd = 0 // the writer never lets numbers follow an M's pair
		case 'h':
			x += num(&i)
		case 'v':
			y += num(&i)
		case 'l':
			x += num(&i)
			y += num(&i)
		default:
			t.Fatalf("%q: a number after %q", d, cmd)
		}
		pts = append(pts, [2]int64{x, y})
	}
	return pts
}

func TestSVGSrc(t *testing.T) {
	svg := "<svg xmlns='http://www.w3.org/2000/svg'><style>.a{fill:#1a2b3c}</style><text>50% & \"quoted\"\tline\nbreak # <b>  ¥ 云</text></svg>"
	attr := string(svgSrc([]byte(svg)))
	value, ok := strings.CutPrefix(attr, `src="data:image/svg+xml,`)
	if !ok || !strings.HasSuffix(value, `"`) {
		t.Fatalf("not a src attribute with an SVG data URI: %.60q", attr)
	}
	value = strings.TrimSuffix(value, `"`)
	if strings.ContainsAny(value, "\"&#\t\n\r") {
		t.Errorf("the value has a character the attribute or the URL would read differently: %q", value)
	}
	if back, err := url.PathUnescape(value); err != nil || back != svg {
		t.Errorf("the data URI decodes to %q (%v), want the SVG back", back, err)
	}
}

func TestClassName(t *testing.T) {
	seen := map[string]bool{}
	for n := range 2000 {
		c := className(n)
		if seen[c] || c == "" || c[0] < 'a' || c[0] > 'z' {
			t.Fatalf("class %d is %q: repeated or not starting with a letter", n, c)
		}
		seen[c] = true
	}
	if className(0) != "a" || className(25) != "z" || className(26) != "ba" {
		t.Errorf("classes 0, 25, 26 are %q, %q, %q; want a, z, ba", className(0), className(25), className(26))
	}
}

func TestAppendEscapedText(t *testing.T) {
	for _, tc := range []struct{ in, want, reason string }{
		{"A & B <c>", "A &amp; B &lt;c&gt;", "markup is escaped"},
		{"a\tb\nc", "a b c", "a data URI drops tabs and line breaks: they become spaces"},
		{"bad \xff byte \x01", "bad \uFFFD byte \uFFFD", "what XML cannot hold is replaced"},
		{"云 ¥ ·", "云 ¥ ·", "other text is kept as it is"},
	} {
		if got := string(appendEscapedText(nil, tc.in)); got != tc.want {
			t.Errorf("%s: %q gives %q, want %q", tc.reason, tc.in, got, tc.want)
		}
	}
}

// TestChartSVGs checks every SVG of the charts of a small run: well-formed
// XML with the SVG namespace and a view box, every class it uses defined
// in its style, every text fitted to a width.
func TestChartSVGs(t *testing.T) {
	charts, err := Charts(tinyResult(), nil)
	if err != nil {
		t.Fatal(err)
	}
	classRE := regexp.MustCompile(`\.([a-z]+)\{`)
	for _, c := range charts {
		svg := c.SVG
		if !bytes.HasPrefix(svg, []byte("<svg xmlns='http://www.w3.org/2000/svg' width='")) || !bytes.Contains(svg, []byte("viewBox='0 0 ")) {
			t.Errorf("%s: %.100s does not open an SVG with its namespace and view box", c.Name, svg)
		}
		defined := map[string]bool{}
		for _, m := range classRE.FindAllSubmatch(svg, -1) {
			defined[string(m[1])] = true
		}
		d := xml.NewDecoder(bytes.NewReader(svg))
		texts := 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			el, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			attrs := map[string]string{}
			for _, a := range el.Attr {
				attrs[a.Name.Local] = a.Value
			}
			if cl, ok := attrs["class"]; ok && !defined[cl] {
				t.Errorf("%s: <%s> uses class %q, which the style does not define", c.Name, el.Name.Local, cl)
			}
			if el.Name.Local == "text" {
				texts++
				if w, err := strconv.Atoi(attrs["textLength"]); err != nil || w < 0 || attrs["lengthAdjust"] != "spacingAndGlyphs" {
					t.Errorf("%s: a text without a width to fit: %v", c.Name, attrs)
				}
			}
		}
		if texts == 0 {
			t.Errorf("%s: the SVG has no text", c.Name)
		}
	}
}

// TestSVGCanvasDrawImage checks that a raster image is embedded as a PNG
// in the rectangle it is drawn into, the y axis flipped.
func TestSVGCanvasDrawImage(t *testing.T) {
	c := newSVGCanvas(100, 50)
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	c.DrawImage(vg.Rectangle{Min: vg.Point{X: px(10), Y: px(5)}, Max: vg.Point{X: px(30), Y: px(15)}}, img)
	svg := string(c.bytes())
	want := "<image preserveAspectRatio='none' x='100' y='350' width='200' height='100' href='data:image/png;base64,"
	if !strings.Contains(svg, want) {
		t.Errorf("the SVG lacks %q:\n%s", want, svg)
	}
}
