package classroom

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDesk: the desk's form is the template's, the unedited template
// passes its check, a file with a mistake gets the file's error, and
// Submit writes what Next then plays.
func TestDesk(t *testing.T) {
	g := newGame(t, 2, "alibaba", "nvidia")
	d, err := g.Desk()
	if err != nil {
		t.Fatal(err)
	}
	f, err := d.Form("alibaba")
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]Field{}
	for _, fd := range f.Fields {
		keys[fd.Key] = fd
	}
	if fd, ok := keys["prices.llm-api"]; !ok || !strings.HasSuffix(fd.Value, "/Mtok") || fd.Low == "" || fd.High == "" {
		t.Errorf("alibaba's form: %+v", f.Fields)
	}
	for _, k := range []string{"rnd", "training", "funding", "open_weights"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("alibaba's form has no %s", k)
		}
	}
	if _, ok := keys["chip_prices.h20"]; ok {
		t.Errorf("alibaba's form has Nvidia's chip prices")
	}
	nf, err := d.Form("nvidia")
	if err != nil || len(nf.Fields) == 0 || !strings.HasPrefix(nf.Fields[0].Key, "chip_prices.") {
		t.Errorf("nvidia's form: %+v %v", nf, err)
	}
	if _, err := d.Form("tencent"); err == nil {
		t.Errorf("a company that is not a team has a form")
	}
	tmpl, err := os.ReadFile(filepath.Join(g.Dir, TemplatePath(1, "alibaba")))
	if err != nil {
		t.Fatal(err)
	}
	if errs := d.Check("alibaba", tmpl); len(errs) > 0 {
		t.Errorf("the unedited template has problems: %v", errs)
	}
	bad := []byte("team: alibaba\nround: 1\nrnd: $900B\n")
	errs := d.Check("alibaba", bad)
	if len(errs) != 1 || errs[0].Pos.File != DecisionPath(1, "alibaba") || errs[0].Pos.Line != 3 || !strings.Contains(errs[0].Msg, "outside the allowed range") {
		t.Errorf("Check of an R&D budget out of range: %v", errs)
	}
	if errs, err := d.Submit("alibaba", bad); err != nil || len(errs) == 0 {
		t.Errorf("Submit took a file with a mistake: %v %v", errs, err)
	}
	if _, had, _ := d.Handed("alibaba"); had {
		t.Errorf("a refused file was written")
	}
	good := []byte("team: alibaba\nround: 1\nrnd: $3B\n")
	if errs, err := d.Submit("alibaba", good); err != nil || len(errs) > 0 {
		t.Fatalf("Submit: %v %v", errs, err)
	}
	out, err := g.Next()
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Submitted) != 1 || out.Submitted[0] != "alibaba" {
		t.Errorf("the round was played with %v", out.Submitted)
	}
	if _, err := d.Submit("alibaba", good); err == nil {
		t.Errorf("a desk took a file after its round was played")
	}
	if from, to := g.Dates(1); from.Format("2006-01-02") != "2026-04-01" || to.Format("2006-01-02") != "2026-06-30" {
		t.Errorf("round 1 is %v to %v", from, to)
	}
}
