package reports

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// DataPackageFile is the name of the data package descriptor an output
// folder holds beside its CSV files.
const DataPackageFile = "datapackage.json"

// PackageInfo is what a data package says about the output folder as a
// whole, and the descriptions of columns the built-in dictionary does not
// know (a study's parameter paths and outcome columns).
type PackageInfo struct {
	Name    string           // package name; sanitised to lower-case letters, digits, '.', '-' and '_'
	Title   string           // human title, e.g. the scenario's
	Columns map[string]Field // extra column descriptions, by column name
}

// AddDataPackage adds [DataPackageFile] to files: a Frictionless Data
// Package (https://datapackage.org) describing every *.csv in files as a
// tabular data resource (column names, types, units and descriptions),
// plus, when metrics.csv is among them, an inline resource listing each
// metric with its unit and meaning. The descriptor's writer runs each CSV
// writer once more to read its header and column types, so it stays true
// to the files whatever their columns.
func AddDataPackage(files map[string]func(io.Writer) error, info PackageInfo) {
	csvs := map[string]func(io.Writer) error{}
	for name, fn := range files {
		if strings.HasSuffix(name, ".csv") {
			csvs[name] = fn
		}
	}
	files[DataPackageFile] = func(w io.Writer) error { return WriteDataPackage(w, csvs, info) }
}

// dataPackage is the JSON form of a Frictionless Data Package.
type dataPackage struct {
	Profile   string     `json:"profile"`
	Name      string     `json:"name"`
	Title     string     `json:"title,omitempty"`
	Created   string     `json:"x-aicloudsim-version"`
	Resources []resource `json:"resources"`
}

type resource struct {
	Name      string              `json:"name"`
	Path      string              `json:"path,omitempty"`
	Profile   string              `json:"profile"`
	Format    string              `json:"format,omitempty"`
	MediaType string              `json:"mediatype,omitempty"`
	Encoding  string              `json:"encoding,omitempty"`
	Data      []map[string]string `json:"data,omitempty"`
	Schema    schema              `json:"schema"`
}

type schema struct {
	Fields        []Field  `json:"fields"`
	MissingValues []string `json:"missingValues"`
}

// WriteDataPackage writes the data package descriptor of the CSV files
// csvs (name → writer), in name order, as indented JSON.
func WriteDataPackage(w io.Writer, csvs map[string]func(io.Writer) error, info PackageInfo) error {
	names := make([]string, 0, len(csvs))
	for n := range csvs {
		names = append(names, n)
	}
	slices.Sort(names)
	p := dataPackage{Profile: "tabular-data-package", Name: packageName(info.Name), Title: info.Title, Created: Version()}
	for _, name := range names {
		fields, err := inspectCSV(name, csvs[name], info.Columns)
		if err != nil {
			return fmt.Errorf("describing %s: %w", name, err)
		}
		p.Resources = append(p.Resources, resource{
			Name: packageName(strings.TrimSuffix(name, ".csv")), Path: name, Profile: "tabular-data-resource",
			Format: "csv", MediaType: "text/csv", Encoding: "utf-8",
			Schema: schema{Fields: fields, MissingValues: []string{""}},
		})
		if name == "metrics.csv" {
			p.Resources = append(p.Resources, metricsResource())
		}
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// metricsResource lists the metrics of metrics.csv with their units.
func metricsResource() resource {
	r := resource{Name: "metric-dictionary", Profile: "tabular-data-resource", Schema: schema{
		Fields: []Field{
			{Name: "metric", Type: "string", Description: "metric name, as in metrics.csv"},
			{Name: "unit", Type: "string", Description: "unit of its values (metrics.csv's unit column gives the exact unit of each row)"},
			{Name: "description", Type: "string", Description: "what the metric measures"},
		},
		MissingValues: []string{""},
	}}
	for _, m := range metricDescriptions {
		r.Data = append(r.Data, map[string]string{"metric": m.Metric, "unit": m.Unit, "description": m.Description})
	}
	return r
}

// inspectCSV runs write and reads back what it writes: the header gives
// the fields, described from extra or the dictionary; a field the
// dictionary gives no type gets the narrowest of integer, number and
// string that fits every non-empty cell. When every field has a type,
// reading stops after the header and the writer is stopped there.
func inspectCSV(file string, write func(io.Writer) error, extra map[string]Field) ([]Field, error) {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := write(pw)
		pw.CloseWithError(err)
		done <- err
	}()
	fields, err := readFields(file, pr, extra)
	pr.CloseWithError(errReadEnough) // unblocks the writer if reading stopped early
	if werr := <-done; werr != nil && err == nil && !errors.Is(werr, errReadEnough) {
		err = werr
	}
	return fields, err
}

// errReadEnough stops a CSV writer whose output inspectCSV needs no more of.
var errReadEnough = errors.New("read enough")

// readFields reads a CSV from r and returns its described fields.
func readFields(file string, r io.Reader, extra map[string]Field) ([]Field, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	fields := make([]Field, len(head))
	infer := make([]string, len(head)) // narrowest type seen so far; "" for declared fields
	for i, name := range head {
		f, ok := extra[name]
		f.Name = name
		if !ok {
			f, ok = column(file, name)
		}
		if !ok && strings.Contains(name, ".") {
			f = Field{Name: name, Description: "value of the scenario number " + name + " (as --set takes it), in its canonical unit"}
		}
		if f.Type == "" {
			infer[i] = "integer"
		}
		fields[i] = f
	}
	if !slices.ContainsFunc(infer, func(t string) bool { return t != "" }) {
		return fields, nil // every field is typed: the cells change nothing
	}
	for {
		row, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for i, cell := range row {
			if i < len(infer) && infer[i] != "" && cell != "" {
				infer[i] = widen(infer[i], cell)
			}
		}
	}
	for i := range fields {
		if infer[i] != "" {
			fields[i].Type = infer[i]
		}
	}
	return fields, nil
}

// widen returns the narrowest type at least as wide as t that holds cell.
func widen(t, cell string) string {
	if t == "integer" {
		if _, err := strconv.ParseInt(cell, 10, 64); err == nil {
			return t
		}
		t = "number"
	}
	if t == "number" {
		if ParseNumber(cell) {
			return t
		}
	}
	return "string"
}

// ParseNumber reports whether cell is a Frictionless number as the CSV
// files write them: a decimal or exponent float, or NaN, INF, -INF (Go's
// +Inf and -Inf are accepted too).
func ParseNumber(cell string) bool {
	switch cell {
	case "NaN", "INF", "-INF", "+Inf", "-Inf":
		return true
	}
	_, err := strconv.ParseFloat(cell, 64)
	return err == nil && !strings.ContainsAny(cell, "xXpP_")
}

var nameUnsafe = regexp.MustCompile(`[^a-z0-9._-]+`)

// packageName turns s into a valid package or resource name.
func packageName(s string) string {
	n := strings.Trim(nameUnsafe.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if n == "" {
		return "aicloudsim"
	}
	return n
}
