package reports

import (
	"strings"

	"github.com/seed-e89a7ce8/aicloudsim/market"
)

// Roles of the companies in metrics.csv.
const (
	RoleProvider = "provider" // sells capacity, API calls or users' attention
	RoleSupplier = "supplier" // sells chips
	RoleMarket   = "market"   // segment-level totals (company "market")
)

// TotalSegment is the segment column of a company's totals across
// segments (or across chips, for fleet_chips) in metrics.csv. Readers such
// as pandas and DuckDB read an empty cell as missing, so the totals get a
// name of their own.
const TotalSegment = "total"

// MetricUnit returns the unit of metric's values in segment seg (nil when
// the row is not about a segment: a total or a chip). Volumes of a paid
// segment are per month ("Mtok/month"), of a users segment a head count
// ("MAU") and of an adoption segment a share; money is "USD/month" unless
// it is a stock (cash) or a price. A metric the table does not know gets
// its unit from its name's suffix: "_usd" is money per month, "_share" a
// fraction; otherwise the unit is empty.
func MetricUnit(metric string, seg *market.SegmentInfo) string {
	switch metric {
	case market.MetricDemand, market.MetricVolume, market.MetricCapacity, market.MetricUnmet:
		return volumeUnit(seg)
	case market.MetricPrice, market.MetricServingCost:
		if seg == nil || seg.Unit == "" {
			return "USD/unit"
		}
		return "USD/" + seg.Unit
	case market.MetricCapability:
		return "index"
	case market.MetricUtilisation:
		return "fraction"
	case market.MetricCash, market.MetricFundingLeft:
		return "USD"
	case market.MetricFleet:
		return "chips"
	case market.MetricUnitsSold:
		return "chips/month"
	case market.MetricChipPrice:
		return "USD/chip"
	}
	switch {
	case strings.HasSuffix(metric, "_usd"):
		return "USD/month"
	case strings.HasSuffix(metric, "_share"):
		return "fraction"
	}
	return ""
}

// volumeUnit is the unit of a segment's volume: per month for paid
// segments, a level for users and adoption segments.
func volumeUnit(seg *market.SegmentInfo) string {
	switch {
	case seg == nil || seg.Unit == "":
		return "units/month"
	case seg.Kind == market.Paid:
		return seg.Unit + "/month"
	}
	return seg.Unit
}

// metricDescriptions say what each metric of metrics.csv measures; the
// data package lists them with their units.
var metricDescriptions = []struct{ Metric, Unit, Description string }{
	{market.MetricDemand, "segment volume unit", "volume buyers wanted from the company (market: from all companies)"},
	{market.MetricVolume, "segment volume unit", "volume served"},
	{market.MetricVolumeShare, "fraction", "share of the segment's served volume"},
	{market.MetricRevenue, "USD/month", "revenue (segment total: revenue in all paid segments)"},
	{market.MetricRevenueShare, "fraction", "share of the segment's revenue (total: of all paid segments)"},
	{market.MetricPrice, "USD per segment unit", "price per unit sold (market: spend over volume)"},
	{market.MetricCapacity, "segment volume unit", "volume the company's whole fleet could serve in the segment"},
	{market.MetricUnmet, "segment volume unit", "volume nobody could serve (company market)"},
	{market.MetricCapability, "index", "quality index the company offers in the segment"},
	{market.MetricServingCost, "USD per segment unit", "cost of serving one unit on the company's fleet"},
	{market.MetricUtilisation, "fraction", "share of the fleet's capacity in use"},
	{market.MetricProfit, "USD/month", "operating profit"},
	{market.MetricCash, "USD", "cash at the end of the month"},
	{market.MetricAmortisation, "USD/month", "capex amortisation"},
	{market.MetricPower, "USD/month", "electricity"},
	{market.MetricOverhead, "USD/month", "operating overhead"},
	{market.MetricRnD, "USD/month", "research and development"},
	{market.MetricOpex, "USD/month", "operating expenses"},
	{market.MetricChipSpend, "USD/month", "spent on chips"},
	{market.MetricFleet, "chips", "chips in service (segment: a chip id, or total)"},
	{market.MetricDomestic, "fraction", "domestic chips' share of the fleet"},
	{market.MetricUnitsSold, "chips/month", "supplier: chips delivered (segment: chip id)"},
	{market.MetricChipPrice, "USD/chip", "supplier: price per chip (segment: chip id)"},
	{market.MetricExportFees, "USD/month", "supplier: fees paid to the US government"},
	{market.MetricChinaShare, "fraction", "supplier: share of the value of chips delivered in China, trailing twelve months"},
	{market.MetricSpend, "USD/month", "market: what buyers spent in the segment"},
	{market.MetricGroupValue, "USD/month", "value of the company's consumer-assistant users to its group (advertising, subscriptions, commerce); not cash"},
	{market.MetricFunding, "USD/month", "drawn from the parent group"},
	{market.MetricFundingLeft, "USD", "what the parent group will still fund"},
	{market.MetricTraining, "fraction", "share of the fleet reserved for training the next models"},
}

// companyRoles maps every company id of r to its role.
func companyRoles(r *market.Result) map[string]string {
	roles := map[string]string{market.Market: RoleMarket}
	for _, c := range r.Companies {
		if c.Supplier {
			roles[c.ID] = RoleSupplier
		} else {
			roles[c.ID] = RoleProvider
		}
	}
	return roles
}
