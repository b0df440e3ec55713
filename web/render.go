package web

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
)

// funcs are the templates' formatting helpers.
var funcs = template.FuncMap{
	"pct":  func(x float64) string { return fmt.Sprintf("%.1f%%", 100*x) },
	"pp":   func(x float64) string { return fmt.Sprintf("%+.1f", 100*x) },
	"usdB": usdB,
	"num":  func(x float64) string { return fmt.Sprintf("%g", x) },
	"sub":  func(a, b float64) float64 { return a - b },
	"changed": func(a, b float64) bool {
		return math.Abs(a-b) > 1e-9*math.Max(1, math.Abs(b))
	},
}

// render executes a page template into a buffer first, so that a failing
// template answers a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, name string, data any) {
	var b bytes.Buffer
	if err := s.pages.ExecuteTemplate(&b, name, data); err != nil {
		s.logf("rendering %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// usdB writes dollars in billions: $1.9B, -$2.1B.
func usdB(x float64) string {
	if x <= -0.05e9 {
		return fmt.Sprintf("-$%.1fB", -x/1e9)
	}
	return fmt.Sprintf("$%.1fB", math.Max(x, 0)/1e9)
}
