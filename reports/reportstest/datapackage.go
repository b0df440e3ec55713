// Package reportstest holds test helpers for the output folders that
// package reports writes.
package reportstest

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/reports"
)

// Package is the part of a Frictionless Data Package descriptor the
// checks read.
type Package struct {
	Profile   string `json:"profile"`
	Name      string `json:"name"`
	Resources []struct {
		Name   string              `json:"name"`
		Path   string              `json:"path"`
		Data   []map[string]string `json:"data"`
		Schema struct {
			Fields        []reports.Field `json:"fields"`
			MissingValues []string        `json:"missingValues"`
		} `json:"schema"`
	} `json:"resources"`
}

// CheckDataPackage reads dir/datapackage.json and checks it against the
// CSV files in dir, as a Frictionless reader would: every CSV is a
// resource; each resource's header is its fields, in order; every field
// has a type and a description; every non-empty cell parses as its
// field's type (integers of any size, numbers, ISO dates); and every
// metric in metrics.csv has a unit and an entry in the metric dictionary.
// It returns the descriptor.
func CheckDataPackage(t testing.TB, dir string) *Package {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, reports.DataPackageFile))
	if err != nil {
		t.Fatal(err)
	}
	var p Package
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", reports.DataPackageFile, err)
	}
	if p.Profile != "tabular-data-package" || p.Name == "" {
		t.Errorf("%s: profile %q, name %q", reports.DataPackageFile, p.Profile, p.Name)
	}
	csvs, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
	var paths []string
	dictionary := map[string]bool{}
	for _, r := range p.Resources {
		if r.Path == "" {
			for _, row := range r.Data {
				dictionary[row["metric"]] = row["unit"] != "" && row["description"] != ""
			}
			continue
		}
		paths = append(paths, r.Path)
	}
	for _, c := range csvs {
		if !slices.Contains(paths, filepath.Base(c)) {
			t.Errorf("%s is not described in %s", filepath.Base(c), reports.DataPackageFile)
		}
	}
	for _, r := range p.Resources {
		if r.Path == "" {
			continue
		}
		metrics := checkResource(t, filepath.Join(dir, r.Path), r.Schema.Fields)
		for m := range metrics {
			if !dictionary[m] {
				t.Errorf("%s: metric %q has no unit and description in the metric dictionary", r.Path, m)
			}
		}
	}
	return &p
}

// checkResource checks one CSV file against its fields and returns the
// metrics it names (with their units checked), if it has a metric column.
func checkResource(t testing.TB, path string, fields []reports.Field) map[string]bool {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var names []string
	for _, fl := range fields {
		names = append(names, fl.Name)
		if fl.Description == "" || fl.Type == "" {
			t.Errorf("%s: column %q has type %q and description %q", path, fl.Name, fl.Type, fl.Description)
		}
	}
	if !slices.Equal(head, names) {
		t.Fatalf("%s: header %q, the package says %q", path, head, names)
	}
	metricCol, unitCol := slices.Index(head, "metric"), slices.Index(head, "unit")
	metrics := map[string]bool{}
	for line := 2; ; line++ {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, cell := range row {
			if cell != "" && !conforms(fields[i].Type, cell) {
				t.Fatalf("%s:%d: column %s is %s, but holds %q", path, line, head[i], fields[i].Type, cell)
			}
		}
		if metricCol >= 0 && filepath.Base(path) == "metrics.csv" {
			metrics[row[metricCol]] = true
			if unitCol < 0 || row[unitCol] == "" {
				t.Fatalf("%s:%d: metric %s has no unit", path, line, row[metricCol])
			}
		}
	}
	return metrics
}

// conforms reports whether cell is a value of the Table Schema type typ.
func conforms(typ, cell string) bool {
	switch typ {
	case "string":
		return true
	case "integer":
		_, ok := new(big.Int).SetString(cell, 10)
		return ok && !strings.HasPrefix(cell, "+")
	case "number":
		return reports.ParseNumber(cell)
	case "date":
		_, err := time.Parse(time.DateOnly, cell)
		return err == nil
	}
	return false
}
