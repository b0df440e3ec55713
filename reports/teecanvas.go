package reports

import (
	"image"
	"image/color"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// teeCanvas draws on two canvases of one size at once, so a figure is laid
// out once for its PNG and its SVG: every call goes to both, in order.
type teeCanvas struct{ a, b vg.CanvasSizer }

// Size returns the size of the first canvas.
func (t teeCanvas) Size() (w, h vg.Length) { return t.a.Size() }

// SetLineWidth sets the line width on both canvases.
func (t teeCanvas) SetLineWidth(w vg.Length) { t.a.SetLineWidth(w); t.b.SetLineWidth(w) }

// SetLineDash sets the dash pattern on both canvases.
func (t teeCanvas) SetLineDash(pattern []vg.Length, offset vg.Length) {
	t.a.SetLineDash(pattern, offset)
	t.b.SetLineDash(pattern, offset)
}

// SetColor sets the colour on both canvases.
func (t teeCanvas) SetColor(c color.Color) { t.a.SetColor(c); t.b.SetColor(c) }

// Rotate rotates both canvases.
func (t teeCanvas) Rotate(rad float64) { t.a.Rotate(rad); t.b.Rotate(rad) }

// Translate translates both canvases.
func (t teeCanvas) Translate(pt vg.Point) { t.a.Translate(pt); t.b.Translate(pt) }

// Scale scales both canvases.
func (t teeCanvas) Scale(x, y float64) { t.a.Scale(x, y); t.b.Scale(x, y) }

// Push saves the state of both canvases.
func (t teeCanvas) Push() { t.a.Push(); t.b.Push() }

// Pop restores the state of both canvases.
func (t teeCanvas) Pop() { t.a.Pop(); t.b.Pop() }

// Stroke strokes path on both canvases.
func (t teeCanvas) Stroke(path vg.Path) { t.a.Stroke(path); t.b.Stroke(path) }

// Fill fills path on both canvases.
func (t teeCanvas) Fill(path vg.Path) { t.a.Fill(path); t.b.Fill(path) }

// FillString draws text on both canvases.
func (t teeCanvas) FillString(f font.Face, pt vg.Point, text string) {
	t.a.FillString(f, pt, text)
	t.b.FillString(f, pt, text)
}

// DrawImage draws img on both canvases.
func (t teeCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	t.a.DrawImage(rect, img)
	t.b.DrawImage(rect, img)
}
