package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// decode parses the stdout of a -o json command, failing the test on
// anything but exactly one JSON document.
func decode(t *testing.T, r result, v any) {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(r.stdout))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("stdout is not the expected JSON: %v\n%.500s", err, r.stdout)
	}
	if d.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%.500s", r.stdout)
	}
}

func TestListJSON(t *testing.T) {
	var sc jsonList[scenarioJSON]
	decode(t, mustRun(t, "list", "-o", "json"), &sc)
	if sc.Kind != "ScenarioList" || len(sc.Items) < 5 || sc.Items[0].Name != "baseline" || sc.Items[0].Title == "" {
		t.Errorf("list -o json: %+v", sc)
	}
	var chips jsonList[chipJSON]
	decode(t, mustRun(t, "list", "chips", "--output=json", "--set", "chips.h20.price=$12.5K"), &chips)
	found := false
	for _, c := range chips.Items {
		if c.ID == "h20" {
			found = c.PriceUSD == 12500 && c.Origin == "foreign" && strings.Contains(c.Policy, "US:")
		}
		if c.Name == "" || c.HBMGB <= 0 || c.MemoryBandwidthGBps <= 0 {
			t.Errorf("chip %+v lacks figures", c)
		}
	}
	if !found {
		t.Errorf("list chips -o json with --set: no h20 at $12.5K in %+v", chips.Items)
	}
	var models jsonList[modelJSON]
	decode(t, mustRun(t, "list", "models", "-o", "json"), &models)
	if models.Kind != "ModelList" || len(models.Items) == 0 || models.Items[0].Owner == "" {
		t.Errorf("list models -o json: %+v", models)
	}
	var cos jsonList[companyJSON]
	decode(t, mustRun(t, "list", "companies", "-o", "json"), &cos)
	roles := map[string]string{}
	for _, c := range cos.Items {
		roles[c.ID] = c.Role
	}
	if roles["alibaba"] != "provider" || roles["nvidia"] != "supplier" {
		t.Errorf("list companies -o json roles: %v", roles)
	}
	if r := cli(t, "list", "-o", "yaml"); r.code != exitBadInput || !strings.Contains(r.stderr, "want text or json") {
		t.Errorf("-o yaml: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestExplainJSON(t *testing.T) {
	var hw hardwareJSON
	decode(t, mustRun(t, "explain", "hardware", "-o", "json"), &hw)
	if hw.Kind != "HardwareExplanation" || len(hw.Chips) == 0 || len(hw.Serving) < len(hw.Chips) || hw.Costs.PUE < 1 {
		t.Fatalf("explain hardware -o json: %d chips, %d rows, costs %+v", len(hw.Chips), len(hw.Serving), hw.Costs)
	}
	served := 0
	for _, s := range hw.Serving {
		if s.Error == "" && s.USDPerMillionUnits != nil && *s.USDPerMillionUnits > 0 {
			served++
		}
	}
	if served == 0 {
		t.Error("no chip × model pair is served")
	}

	var tree map[string]any
	decode(t, mustRun(t, "explain", "scenario", "-o", "json", "--set", "costs.pue=1.5"), &tree)
	costs, _ := tree["costs"].(map[string]any)
	pue, _ := costs["pue"].(map[string]any)
	if tree["name"] != "baseline" || tree["start"] != "2026-01-01" || pue == nil || pue["value"] != 1.5 {
		t.Errorf("explain scenario -o json: name %v, start %v, costs.pue %v", tree["name"], tree["start"], pue)
	}

	var fit struct {
		Kind     string    `json:"kind"`
		Scenario string    `json:"scenario"`
		Seed     uint64    `json:"seed"`
		Items    []fitJSON `json:"items"`
	}
	decode(t, mustRun(t, "explain", "calibration", "-o", "json"), &fit)
	if fit.Kind != "CalibrationList" || fit.Scenario != "history" || len(fit.Items) == 0 {
		t.Fatalf("explain calibration -o json: %+v", fit)
	}
	for _, f := range fit.Items {
		if f.Simulated == nil || f.Source == "" || f.From > f.To {
			t.Errorf("calibration row %+v", f)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	bad := filepath.Join("testdata", "bad", "bad-date.yaml")
	r := cli(t, "validate", bad, "baseline", "-o", "json")
	if r.code != exitBadInput || !strings.Contains(r.stderr, "1 of 2 scenarios have problems") {
		t.Errorf("exit %d, stderr %q; want 2 and a status line on stderr", r.code, r.stderr)
	}
	var v jsonList[validationJSON]
	decode(t, r, &v)
	if len(v.Items) != 2 || v.Items[0].Valid || !v.Items[1].Valid || len(v.Items[1].Errors) != 0 {
		t.Fatalf("validate -o json: %+v", v)
	}
	want := problemJSON{Posn: bad + ":3:8", File: bad, Line: 3, Column: 8, Path: "start",
		Message: `start: bad date "2026-02-30"; want YYYY-MM-DD, e.g. 2026-02-14`}
	if e := v.Items[0].Errors; len(e) != 1 || e[0] != want {
		t.Errorf("errors %+v, want [%+v]", e, want)
	}
	missing := cli(t, "validate", "no-such-file.yaml", "-o", "json")
	var m jsonList[validationJSON]
	decode(t, missing, &m)
	if len(m.Items) != 1 || m.Items[0].Valid || len(m.Items[0].Errors) != 1 || m.Items[0].Errors[0].Message == "" {
		t.Errorf("a missing file: %+v", m)
	}
}
