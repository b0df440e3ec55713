package market

import "time"

// Result is everything a run produced, as plain data.
type Result struct {
	Scenario string
	Seed     uint64
	Run      int
	Start    time.Time
	Days     int

	Segments  []SegmentInfo
	Companies []CompanyInfo
	Chips     []ChipInfo
	Months    []Day    // the settlement days, one per simulated month
	Records   []Record // tidy: one value per (month, company, segment, metric)
	Log       []Entry
}

// SegmentInfo describes a segment for reports.
type SegmentInfo struct {
	ID, Name, Unit string
	Kind           SegmentKind
}

// CompanyInfo describes a company (provider or supplier) for reports.
type CompanyInfo struct {
	ID, Name string
	Supplier bool
}

// ChipInfo describes a chip for reports.
type ChipInfo struct {
	ID, Name, Vendor string
	Domestic         bool
}

// Record is one observation in tidy long form. Company is a provider or
// supplier id, or [Market] for segment totals. Segment is a segment id, a
// chip id for fleet and chip-sales metrics, or empty for company totals.
type Record struct {
	Day     Day
	Company string
	Segment string
	Metric  string
	Value   float64
}

// Market is the Company of segment-level totals.
const Market = "market"

// Metric names. Money is USD per month unless named otherwise; volumes are in
// the segment's unit per month (users for Users segments, share for Adoption).
const (
	MetricDemand       = "demand"        // volume buyers wanted from the company
	MetricVolume       = "volume"        // volume served
	MetricRevenue      = "revenue_usd"   // monthly revenue
	MetricVolumeShare  = "volume_share"  // share of served volume in the segment
	MetricRevenueShare = "revenue_share" // share of revenue (segment, or all paid segments when Segment is empty)
	MetricPrice        = "price_usd"     // price per unit
	MetricCapacity     = "capacity"      // volume the whole fleet could serve in the segment
	MetricUnmet        = "unmet"         // volume nobody could serve (Company = market)
	MetricCapability   = "capability"    // quality index the company offers in the segment
	MetricServingCost  = "serving_cost_usd"
	MetricUtilisation  = "utilisation"
	MetricProfit       = "profit_usd"
	MetricCash         = "cash_usd"
	MetricAmortisation = "amortisation_usd"
	MetricPower        = "power_usd"
	MetricOverhead     = "overhead_usd"
	MetricRnD          = "rnd_usd"
	MetricOpex         = "opex_usd"
	MetricChipSpend    = "chip_spend_usd"
	MetricFleet        = "fleet_chips"     // chips in service (Segment = chip id, or empty for all)
	MetricDomestic     = "domestic_share"  // domestic chips' share of the fleet's chips
	MetricUnitsSold    = "units_sold"      // supplier: chips delivered (Segment = chip id)
	MetricChipPrice    = "chip_price_usd"  // supplier: price per chip (Segment = chip id)
	MetricExportFees   = "export_fees_usd" // supplier: fees paid to the US government
	MetricChinaShare   = "china_share"     // supplier: share of the value of chips delivered in China
	MetricSpend        = "spend_usd"       // market: what buyers spent
	MetricGroupValue   = "group_value_usd" // value of the provider's consumer users to its group (not cash)
	MetricFunding      = "funding_usd"     // drawn from the parent this month
	MetricFundingLeft  = "funding_left_usd"
	MetricTraining     = "training_share" // share of the fleet reserved for training
)
