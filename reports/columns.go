package reports

import "strings"

// Field describes one column of a CSV file in a data package: its
// Frictionless Table Schema type (string, integer, number, date), its unit
// when every value shares one, and what it holds.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Unit        string `json:"unit,omitempty"`
	Description string `json:"description"`
}

// quantileUnit is the unit of a percentile column.
const quantileUnit = "unit of the row's outcome or metric"

// columns describes the columns of the CSV files the program writes, by
// name. A name means the same in every file, except where fileColumns
// says otherwise. Type "" is inferred from the data.
var columns = map[string]Field{
	"run_id":   {Type: "string", Description: "run id: a UUID derived from the scenario hash, the seed and the run index, so a rerun has the same id"},
	"scenario": {Type: "string", Description: "scenario name"},
	"seed":     {Type: "integer", Description: "seed of the run; `aicloudsim run --seed` repeats it (derived seeds are below 2^53, exact as float64)"},
	"date":     {Type: "date", Description: "settlement month (its first day's date)"},
	"company":  {Type: "string", Description: "company id, or \"market\" for segment totals"},
	"role":     {Type: "string", Description: "what the company is: provider, supplier (of chips) or market (segment totals)"},
	"segment":  {Type: "string", Description: "segment id; \"total\" for a company's totals; a chip id for fleet and chip-sales metrics"},
	"metric":   {Type: "string", Description: "metric name; the metric-dictionary resource lists them with their units"},
	"unit":     {Type: "string", Description: "unit of the row's value"},
	"value":    {Type: "number", Description: "the metric's value, in the row's unit"},

	"run":   {Type: "integer", Description: "run index within the ensemble, from 0"},
	"runs":  {Type: "integer", Description: "number of runs the statistics are over"},
	"mean":  {Type: "number", Unit: quantileUnit, Description: "mean over the runs"},
	"p5":    {Type: "number", Unit: quantileUnit, Description: "5th percentile over the runs"},
	"p25":   {Type: "number", Unit: quantileUnit, Description: "25th percentile over the runs"},
	"p50":   {Type: "number", Unit: quantileUnit, Description: "median over the runs"},
	"p75":   {Type: "number", Unit: quantileUnit, Description: "75th percentile over the runs"},
	"p95":   {Type: "number", Unit: quantileUnit, Description: "95th percentile over the runs"},
	"point": {Type: "integer", Description: "index of the sweep point"},

	"outcome":   {Type: "string", Description: "outcome id: company.metric in the final year"},
	"parameter": {Type: "string", Description: "path of the scenario number varied"},
	"path":      {Type: "string", Description: "path of the scenario number, as --set takes it"},
	"aliases":   {Type: "string", Description: "other paths of the same number (YAML anchors), separated by spaces"},
	"low":       {Type: "number", Unit: "the number's canonical unit", Description: "low end of the number's range"},
	"high":      {Type: "number", Unit: "the number's canonical unit", Description: "high end of the number's range"},
	"base":      {Type: "number", Unit: "the number's canonical unit", Description: "the scenario's value of the number"},

	"distribution": {Type: "string", Description: "how the number is sampled between low and high"},
	"source":       {Type: "string", Description: "the scenario's source for the number"},
	"at":           {Type: "string", Description: "where the number is in the scenario file (file:line)"},

	"outcome_low":  {Type: "number", Unit: "the outcome's unit", Description: "outcome with the number at its low end"},
	"outcome_base": {Type: "number", Unit: "the outcome's unit", Description: "outcome with every number at its value"},
	"outcome_high": {Type: "number", Unit: "the outcome's unit", Description: "outcome with the number at its high end"},
	"delta_low":    {Type: "number", Unit: "the outcome's unit", Description: "outcome_low minus outcome_base"},
	"delta_high":   {Type: "number", Unit: "the outcome's unit", Description: "outcome_high minus outcome_base"},
	"swing":        {Type: "number", Unit: "the outcome's unit", Description: "distance between the outcome at the low and the high end"},
	"rank":         {Type: "integer", Description: "rank within the outcome, 1 the largest"},

	"mu":           {Type: "number", Unit: "the outcome's unit", Description: "Morris μ: mean elementary effect over the number's whole range"},
	"mu_star":      {Type: "number", Unit: "the outcome's unit", Description: "Morris μ*: mean absolute elementary effect"},
	"sigma":        {Type: "number", Unit: "the outcome's unit", Description: "Morris σ: standard deviation of the elementary effects"},
	"trajectories": {Type: "integer", Description: "Morris trajectories the effects are over"},

	"delta_mean": {Type: "number", Unit: "the outcome's unit", Description: "mean run-by-run difference from the first scenario (empty for the first)"},
	"delta_p5":   {Type: "number", Unit: "the outcome's unit", Description: "5th percentile of the difference from the first scenario"},
	"delta_p50":  {Type: "number", Unit: "the outcome's unit", Description: "median difference from the first scenario"},
	"delta_p95":  {Type: "number", Unit: "the outcome's unit", Description: "95th percentile of the difference from the first scenario"},

	"also":      {Type: "string", Description: "other paths of the same input"},
	"kind":      {Type: "string", Description: "how the input differs: changed, added or removed"},
	"reference": {Type: "string", Description: "the input in the first (reference) scenario"},
	"group":     {Type: "string", Description: "input group the attribution is by"},

	"reference_value": {Type: "number", Unit: "the outcome's unit", Description: "outcome in the reference scenario"},
	"effect":          {Type: "number", Unit: "the outcome's unit", Description: "the group's share of the difference, in the outcome's unit"},
	"share_of_gap":    {Type: "number", Unit: "fraction", Description: "effect over the whole difference"},

	"variant":              {Type: "string", Description: "strategy variant"},
	"rank_by_mean":         {Type: "integer", Description: "rank by mean outcome, 1 best"},
	"rank_by_worst_decile": {Type: "integer", Description: "rank by the mean of the worst decile, 1 best"},
	"cells":                {Type: "integer", Description: "scenario × seed cells the variant ran"},
	"worst_decile":         {Type: "number", Unit: "the outcome's unit", Description: "mean of the worst tenth of the cells"},
	"worst":                {Type: "number", Unit: "the outcome's unit", Description: "worst cell"},
}

// fileColumns overrides columns for names that mean something else in one
// file.
var fileColumns = map[string]map[string]Field{
	"params.csv": {
		"unit":  {Type: "string", Description: "canonical unit of the number"},
		"value": {Type: "number", Unit: "the number's canonical unit", Description: "the scenario's value of the number"},
	},
	"sensitivity.csv": {
		"unit": {Type: "string", Description: "canonical unit of the number"},
	},
	"inputs.csv": {
		"value": {Type: "string", Description: "the input in this scenario, as written"},
	},
	"attribution.csv": {
		"value": {Type: "number", Unit: "the outcome's unit", Description: "outcome in this scenario"},
	},
	"tournament.csv": {
		"value": {Type: "number", Unit: "the outcome's unit", Description: "the outcome in this cell"},
	},
	"bands.csv": {
		"segment": {Type: "string", Description: "segment id; \"total\" for a company's totals"},
	},
}

// column returns the description of column name of file, and whether
// there is one.
func column(file, name string) (Field, bool) {
	f, ok := fileColumns[file][name]
	if !ok {
		f, ok = columns[name]
	}
	if scen, found := strings.CutPrefix(name, "mean:"); !ok && found {
		f, ok = Field{Type: "number", Unit: "the outcome's unit", Description: "mean outcome in scenario " + scen}, true
	}
	f.Name = name
	return f, ok
}
