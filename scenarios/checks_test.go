package scenarios

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// buildChild loads src, a file that may extend the embedded scenarios,
// decodes and builds it, and returns the configuration or every problem.
func buildChild(src string) (*market.Config, error) {
	resolveEmbedded := func(ref, from string) (string, []byte, error) {
		if b, ok := embedded(ref); ok {
			return ref + ".yaml", b, nil
		}
		return "", nil, ErrNotFound
	}
	tr, err := Load("child.yaml", []byte(src), resolveEmbedded, Limits{})
	if err != nil {
		return nil, err
	}
	var s Scenario
	if errs := Decode(tr, &s); len(errs) > 0 {
		return nil, errs.Err()
	}
	cfg, _, err := s.Build()
	return cfg, err
}

func TestChecksBuild(t *testing.T) {
	cfg, err := buildChild(`extends: baseline
checks:
  - {check: shares-sum-to-one, segment: llm-api}
  - {check: revenue-within-market, company: alibaba, max: $40B, severity: error}
  - {check: price-above-marginal-cost, allowed_discount: {bytedance: 30%}, tolerance: 1%, severity: warn}
  - {check: utilisation-at-most, max: 0.95}
  - {check: share-at-most, company: bytedance, segment: compute-rental, max: 0.2, basis: revenue}
`)
	if err != nil {
		t.Fatal(err)
	}
	seg := func(id string) int {
		return slicesIndex(cfg.Segments, func(s market.Segment) bool { return s.ID == id })
	}
	prov := func(id string) int {
		return slicesIndex(cfg.Providers, func(p market.Provider) bool { return p.ID == id })
	}
	discount := make([]float64, len(cfg.Providers))
	discount[prov("bytedance")] = 0.3
	want := []market.Check{
		{Kind: market.CheckSharesSumToOne, Segment: seg("llm-api"), Company: -1, Tolerance: 1e-6, Where: "child.yaml:3:5"},
		{Kind: market.CheckRevenueWithinMarket, Segment: -1, Company: prov("alibaba"), Max: 40e9, Tolerance: 1e-9, Where: "child.yaml:4:5"},
		{Kind: market.CheckPriceAboveCost, Segment: -1, Company: -1, Tolerance: 0.01, AllowedDiscount: discount, Warn: true, Where: "child.yaml:5:5"},
		{Kind: market.CheckUtilisationAtMost, Segment: -1, Company: -1, Max: 0.95, Tolerance: 1e-9, Where: "child.yaml:6:5"},
		{Kind: market.CheckShareAtMost, Segment: seg("compute-rental"), Company: prov("bytedance"), Max: 0.2, Revenue: true, Tolerance: 1e-9, Where: "child.yaml:7:5"},
	}
	if !reflect.DeepEqual(cfg.Checks, want) {
		t.Errorf("checks\n%+v\nwant\n%+v", cfg.Checks, want)
	}
}

func slicesIndex[T any](s []T, f func(T) bool) int {
	for i, x := range s {
		if f(x) {
			return i
		}
	}
	return -1
}

func TestChecksErrors(t *testing.T) {
	for _, tc := range []struct {
		check, want, reason string
	}{
		{"{check: share-at-mots, max: 1}", `child.yaml:3:13: checks.0.check: unknown check "share-at-mots" (did you mean "share-at-most"?); the checks are shares-sum-to-one, `,
			"a typo in the kind"},
		{"{max: 1}", `child.yaml:3:5: missing required key "check" in checks.0; the checks are`, "no kind"},
		{"[share-at-most]", "child.yaml:3:5: checks.0: expected a mapping such as {check: shares-sum-to-one}, got a sequence", "not a mapping"},
		{"{check: shares-sum-to-one, company: alibaba}", `child.yaml:3:32: key "company" does not apply to check shares-sum-to-one, which takes check, severity, segment, tolerance`,
			"a key of another kind"},
		{"{check: shares-sum-to-one, compnay: alibaba}", `child.yaml:3:32: unknown key "compnay" in checks.0`, "a key of no kind"},
		{"{check: utilisation-at-most}", `child.yaml:3:5: missing required key "max" in checks.0`, "utilisation needs a bound"},
		{"{check: share-at-most, max: 120%}", "child.yaml:3:33: checks.0.max 1.2 is outside the plausible range [0, 1]", "a share above 1"},
		{"{check: revenue-within-market, max: 50%}", `checks.0.max: unknown unit "%" in "50%"`, "revenue is money"},
		{"{check: share-at-most, max: 50%, company: bytedanse}", `child.yaml:3:47: unknown company "bytedanse" (did you mean "bytedance"?)`, "an unknown company"},
		{"{check: share-at-most, max: 50%, segment: llm}", `child.yaml:3:47: unknown segment "llm"`, "an unknown segment"},
		{"{check: share-at-most, max: 50%, severity: fatal}", "child.yaml:3:48: severity must be one of error, warn, not \"fatal\"", "an unknown severity"},
		{"{check: share-at-most, max: 50%, basis: revenue, segment: consumer-assistant}", "child.yaml:3:45: a revenue share needs a paid segment; consumer-assistant is not one",
			"users segments earn no revenue"},
		{"{check: price-above-marginal-cost, allowed_discount: {nobody: 10%}}", `child.yaml:3:67: unknown company "nobody"`, "discounts are per company"},
	} {
		_, err := buildChild("extends: baseline\nchecks:\n  - " + tc.check + "\n")
		var l ErrorList
		if !errors.As(err, &l) || !strings.HasPrefix(l[0].Error(), tc.want) && !strings.Contains(l[0].Error(), tc.want) {
			t.Errorf("%s: %s\ngot  %v\nwant %q", tc.reason, tc.check, err, tc.want)
		}
	}
}

// Every check shape is a valid decoding schema, and its keys are the
// fields of CheckSpec they are copied into.
func TestCheckShapes(t *testing.T) {
	if len(checkShapes) != len(market.CheckKinds()) {
		t.Errorf("%d shapes for %d check kinds", len(checkShapes), len(market.CheckKinds()))
	}
	spec := reflect.TypeFor[CheckSpec]()
	for name, shape := range checkShapes {
		if err := CheckSchema(reflect.New(shape).Interface()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if checkDocs[name] == "" {
			t.Errorf("%s has no description", name)
		}
		for _, f := range reflect.VisibleFields(shape) {
			if f.Anonymous {
				continue
			}
			if g, ok := spec.FieldByName(f.Name); !ok || g.Type != f.Type {
				t.Errorf("%s: field %s %s has no match in CheckSpec", name, f.Name, f.Type)
			}
		}
	}
}

// A failed check with severity error stops the run with its date and
// values; the CLI turns that into exit code 1.
func TestCheckFailsRun(t *testing.T) {
	cfg, err := buildChild("extends: baseline\nchecks: [{check: share-at-most, company: bytedance, segment: llm-api, max: 40%}]\n")
	if err != nil {
		t.Fatal(err)
	}
	_, err = market.Run(cfg, nil, market.Options{Seed: 1})
	want := "check share-at-most failed on 2026-01-01: bytedance llm-api volume share 49.2% is above 40.0% (declared at child.yaml:2:10)"
	if err == nil || err.Error() != want {
		t.Errorf("run error %v\nwant %s", err, want)
	}
}
