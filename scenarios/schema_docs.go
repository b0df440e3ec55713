package scenarios

import (
	"slices"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// schemaEnums lists, by "Type.key", the values the builder accepts for an
// enumerated Str (see the oneOf calls in build*.go). Str fields not listed
// are ids.
var schemaEnums = map[string]func() []string{
	"ChipSpec.origin":    func() []string { return []string{string(hardware.Domestic), string(hardware.Foreign)} },
	"SegmentSpec.kind":   func() []string { return []string{"paid", "users", "adoption"} },
	"SegmentSpec.serves": func() []string { return []string{"llm", "media", "compute"} },
	"SharesSpec.basis":   func() []string { return []string{"volume", "revenue"} },
	"ModelSpec.serves":   func() []string { return []string{"llm", "media"} },
	"WorkloadSpec.kind": func() []string {
		return []string{hardware.Text.String(), hardware.Image.String(), hardware.Video.String()}
	},
	"StrategySpec.kind":  func() []string { return []string{"provider", "western", "nvidia", "chip-vendor", "none"} },
	"EventSpec.kind":     func() []string { return []string{"policy", "rules", "price", "demand", "news"} },
	"checkBase.severity": func() []string { return []string{"error", "warn"} },
	"shareShape.basis":   func() []string { return []string{"volume", "revenue"} },
	"TargetSpec.kind":    targetKinds,
	"PricingSpec.rule": func() []string {
		return pricingRules
	},
}

// targetKinds lists the kinds of calibration targets.
func targetKinds() []string {
	var kinds []string
	for k := range targetUnits {
		kinds = append(kinds, string(k))
	}
	slices.Sort(kinds)
	return kinds
}

// schemaOverrides give the schema of fields whose Go type says too little.
var schemaOverrides = map[string]func() map[string]any{
	// A share, a dollar amount or a volume, by the target's kind.
	"TargetSpec.value": func() map[string]any { return map[string]any{"type": []string{"string", "number"}} },
}

// schemaDocs describe the scenario's types ("ChipSpec") and keys
// ("ChipSpec.hbm") in the JSON Schema, for editors' hover text.
var schemaDocs = map[string]string{
	"Scenario":             "An aicloudsim scenario: the market, its companies, chips and models, and the dated events of a run. A file with `extends` only lists what it changes.",
	"Scenario.extends":     "The scenario this one changes: an embedded name such as baseline, or a path relative to this file. Mappings merge key by key; other values, lists and numbers in {value: ...} form replace the parent's; ~ deletes a key.",
	"Scenario.name":        "Short id of the scenario; runs write to out/<name>.",
	"Scenario.title":       "One-line title for reports.",
	"Scenario.description": "What the scenario asks, for reports.",
	"Scenario.start":       "First simulated day, YYYY-MM-DD.",
	"Scenario.end":         "Last simulated day, YYYY-MM-DD (at most about 50 years after start).",
	"Scenario.seed":        "Default random seed (the --seed flag overrides it).",
	"Scenario.market":      "Market-wide parameters.",
	"Scenario.costs":       "Data-centre costs and serving efficiency.",
	"Scenario.china_rules": "China's rules across chips at the start.",
	"Scenario.chips":       "Accelerators, by id.",
	"Scenario.suppliers":   "Chip makers, by id: output, lead times and prices.",
	"Scenario.segments":    "Market segments, by id.",
	"Scenario.providers":   "Companies selling in the segments, by id.",
	"Scenario.models":      "AI model releases, by id.",
	"Scenario.events":      "Dated events: policy changes, rule changes, price changes, demand shocks and news.",
	"Scenario.shocks":      "Random events with a yearly rate.",
	"Scenario.targets":     "Dated figures from sources that a run should reproduce (see `aicloudsim explain calibration`).",
	"Scenario.checks":      "Checks evaluated at every monthly settlement; a violation fails the run (severity: error) or is logged (severity: warn).",

	"MarketSpec.open_serving_factor":   "Capability a provider gets from serving a rival's open-weights model, relative to the maker's own.",
	"MarketSpec.idle_power":            "Share of TDP an idle chip draws.",
	"MarketSpec.opex_share_of_revenue": "Sales, support and G&A as a share of revenue.",

	"MarketSpec.input_per_output":   "Prompt (input) tokens per generated (output) token in text traffic, for models that do not set their own; 0 prices every token as decode.",
	"MarketSpec.cached_input_share": "Share of prompt tokens served from a prefix cache (no prefill compute), for models that do not set their own.",

	"CostsSpec.electricity":            "Electricity price, e.g. $0.08/kWh.",
	"CostsSpec.pue":                    "Power usage effectiveness of the data centres.",
	"CostsSpec.overhead_per_chip_hour": "Hosting, networking and staff per accelerator-hour, e.g. $0.30/h.",
	"CostsSpec.compute_efficiency":     "Achieved share of peak FLOPs in serving.",
	"CostsSpec.memory_efficiency":      "Achieved share of peak memory bandwidth in decode.",
	"CostsSpec.hbm_reserve":            "Share of HBM kept for activations and the runtime.",

	"CostsSpec.serving_efficiency": "Achieved share of the roofline for text models on chips that do not set their own (see `aicloudsim explain hardware`); unset means 100%.",

	"RulesSpec.domestic_share_min":    "Minimum share of domestic chips in new orders.",
	"RulesSpec.state_domestic_weight": "Multiplier on state-linked buyers' preference for domestic chips.",

	"ChipSpec":                  "An accelerator.",
	"ChipSpec.name":             "Display name.",
	"ChipSpec.vendor":           "Maker, e.g. nvidia, huawei, t-head (sourcing can be restricted to vendors).",
	"ChipSpec.origin":           "domestic (made in China) or foreign (subject to US and Chinese chip rules).",
	"ChipSpec.hbm":              "Memory (HBM) per chip, e.g. 96GB.",
	"ChipSpec.memory_bandwidth": "HBM bandwidth, e.g. 4.0TB/s. Not the chip-to-chip link.",
	"ChipSpec.interconnect":     "Chip-to-chip link bandwidth, e.g. 900GB/s.",
	"ChipSpec.bf16":             "Dense BF16 compute, e.g. 989TFLOPS.",
	"ChipSpec.fp8":              "Dense FP8 compute; used when weights are 1 byte or less.",
	"ChipSpec.tdp":              "Power draw at full load, e.g. 700W.",
	"ChipSpec.price":            "List price per chip.",
	"ChipSpec.lifetime":         "Service life before retirement, e.g. 4y.",
	"ChipSpec.launch":           "First day the chip can be delivered.",
	"ChipSpec.policy":           "The chip's rules in China at the start.",

	"ChipSpec.serving_efficiency": "Achieved share of the roofline for text models on this chip; overrides costs.serving_efficiency.",
	"ChipSpec.model_efficiency":   "Achieved share of the roofline per model id on this chip; overrides serving_efficiency.",

	"PolicySpec.us_allowed":      "Whether the US licenses the chip for China.",
	"PolicySpec.fee":             "Share of China sales paid to the US government.",
	"PolicySpec.cap_per_quarter": "US cap on units shipped to China per quarter (0: none).",
	"PolicySpec.china_approved":  "Whether China allows purchases.",

	"PolicySpec.china_discouraged":  "Whether Beijing's guidance urges buyers to avoid the chip (a soft steer: each buyer weighs its sourcing.guidance_penalty).",
	"SupplyChip.lead_time":          "Days from allocation to delivery of this chip by year or date, e.g. {2025: 90d, 2025-04-09: 21d} (default: the supplier's lead_time).",
	"SourcingSpec.guidance_penalty": "Share of a discouraged chip's value a buyer gives up by defying Beijing's guidance; 100% complies fully (default).",
	"StrategySpec.buyer_guidance":   "The guidance penalty a chip vendor assumes its buyers weigh against a discouraged chip (default 0: it ignores the guidance).",

	"SupplierSpec":           "A chip maker.",
	"SupplierSpec.owner":     "Company with first call on output, at cost.",
	"SupplierSpec.lead_time": "Days from allocation to delivery, e.g. 90d.",
	"SupplierSpec.external":  "Whether it sells to companies other than its owner (default true).",
	"SupplierSpec.chips":     "Output and prices per chip id.",
	"SupplierSpec.strategy":  "The supplier's agent (kind: nvidia or none).",
	"SupplyChip.output":      "Units per quarter, by year or date: {2026: 150K, 2028: 100K}.",
	"SupplyChip.unit_cost":   "Cost per unit to the supplier.",
	"SupplyChip.price":       "Price per unit to outside buyers (default: the chip's price).",

	"SegmentSpec":                       "A market segment.",
	"SegmentSpec.rank":                  "Order in reports (lower first).",
	"SegmentSpec.kind":                  "paid (sells units), users (consumer assistants: capacity, no revenue) or adoption (open-model adoption share).",
	"SegmentSpec.serves":                "What a paid segment sells: llm (tokens), media (generations) or compute (GPU-hours).",
	"SegmentSpec.unit":                  "Display unit of volume, e.g. Mtok.",
	"SegmentSpec.spend":                 "Reference spend per year, by year or date: {2026: $4B, 2029: $31B}.",
	"SegmentSpec.users":                 "Reference monthly users, by year or date (users segments).",
	"SegmentSpec.price":                 "Reference price per unit, by year or date.",
	"SegmentSpec.elasticity":            "Price elasticity of volume.",
	"SegmentSpec.tokens_per_user_month": "Tokens a user consumes per month (users segments).",
	"SegmentSpec.festivals":             "Seasonal demand windows such as the Spring Festival.",
	"SegmentSpec.buyers":                "The buyer cohorts and their preferences.",
	"SegmentSpec.start_shares":          "Shares at the start date that calibration reproduces.",
	"FestivalSpec.from":                 "First day of the window.",
	"FestivalSpec.days":                 "Length of the window.",
	"FestivalSpec.multiplier":           "Demand multiplier during the window.",

	"BuyersSpec.cohorts":      "Number of buyer cohorts.",
	"BuyersSpec.size_tail":    "Pareto tail of cohort sizes (smaller: a few cohorts buy most).",
	"BuyersSpec.price":        "Mean weight on −ln(price).",
	"BuyersSpec.quality":      "Mean weight per capability point.",
	"BuyersSpec.open":         "Mean weight on open weights.",
	"BuyersSpec.domestic":     "Mean weight of state-linked cohorts on the fleet's domestic-chip share.",
	"BuyersSpec.ecosystem":    "Mean weight on a provider's ecosystem.",
	"BuyersSpec.dispersion":   "Log-normal spread of cohort weights.",
	"BuyersSpec.state_linked": "Share of cohorts that are state-linked.",
	"BuyersSpec.hazard":       "Monthly chance a cohort reconsiders.",
	"BuyersSpec.news_hazard":  "Extra chance in a month with news in the segment.",
	"BuyersSpec.switching":    "Share of a reconsidering cohort's volume that stays put.",
	"SharesSpec.basis":        "volume or revenue shares.",
	"SharesSpec.shares":       "Share per company id; they must sum to 1.",

	"ProviderSpec":                   "A company selling in the segments.",
	"ProviderSpec.rank":              "Order in reports (lower first).",
	"ProviderSpec.western":           "Serves China from abroad: unlimited capacity, restricted access.",
	"ProviderSpec.home_chip":         "Chip id whose cost a Western provider serves at.",
	"ProviderSpec.cash":              "Cash at the start.",
	"ProviderSpec.rnd":               "R&D budget per year.",
	"ProviderSpec.capex":             "Chip budget per year, by year or date.",
	"ProviderSpec.start_utilisation": "Utilisation the start fleet is sized to.",
	"ProviderSpec.fleet_mix":         "Start fleet's share per chip id; must sum to 1 (domestic providers).",
	"ProviderSpec.segments":          "The provider's offer per segment id.",
	"ProviderSpec.strategy":          "The provider's agent (kind: provider, western or none).",
	"ProviderSegment.price":          "Price per unit at the start (paid segments).",
	"ProviderSegment.ecosystem":      "Distribution strength in the segment, 0 to 1.",
	"ProviderSegment.access":         "Share of the segment's buyers who can buy from the provider.",

	"StrategySpec":                 "A company's agent. kind chooses it; provider reads pricing, capacity and sourcing; nvidia reads reference_model to max_premium; western reads decline_per_year and floor_markup.",
	"StrategySpec.pricing":         "Pricing rule per paid segment id.",
	"StrategySpec.reference_model": "Model id Nvidia compares chips' cost per throughput on.",
	"PricingSpec.rule":             "cost-plus, match-lowest, penetration (between from and to), hold, or best-response (profit-maximising against the demand model).",
	"PricingSpec.floor_markup":     "Floor on price over full serving cost; negative allows pricing below cost.",
	"CapacitySpec.horizon":         "How far ahead demand is forecast.",
	"SourcingSpec.vendors":         "Buy only from these chip vendors.",

	"ModelSpec":            "An AI model release.",
	"ModelSpec.owner":      "Company id that releases it.",
	"ModelSpec.serves":     "llm or media.",
	"ModelSpec.capability": "Capability index (SWE-bench Verified points for LLMs).",
	"ModelSpec.open":       "Open weights: rivals can serve it too.",
	"ModelSpec.release":    "Release date.",
	"ModelSpec.slip":       "Chance and size of a release delay.",
	"ModelSpec.workload":   "Serving profile for the roofline model.",
	"WorkloadSpec.kind":    "text, image or video.",

	"WorkloadSpec.input_per_output":   "Text: prompt tokens per generated token; overrides market.input_per_output.",
	"WorkloadSpec.cached_input_share": "Text: share of prompt tokens served from a prefix cache; overrides market.cached_input_share.",

	"EventSpec":         "A dated event. kind policy takes chip and policy; rules takes rules; price takes provider, segment and price; demand takes segment, multiplier and days; news takes an optional segment.",
	"EventSpec.summary": "One line for the event log.",
	"EventSpec.source":  "Where the event comes from.",
	"ShockSpec":         "A random event: it arrives at per_year a year on average, at most max times (default 1), from earliest.",
	"ShockSpec.effect":  "The event that happens, without a date.",

	"CheckSpec":                   "A check evaluated at every monthly settlement.",
	"CheckSpec.segment":           "Segment id to check (default: every segment the check applies to).",
	"CheckSpec.company":           "Company id to check (default: every company).",
	"CheckSpec.tolerance":         "Slack before a violation: absolute for shares and utilisation, relative for money and prices.",
	"checkBase.severity":          "error (the default) fails the run with the violation; warn logs it as a check event and goes on.",
	"sharesSumShape.tolerance":    "Allowed deviation of the sum from 1 (default 1e-6).",
	"revenueShape.max":            "Limit on paid revenue per year, e.g. $150B.",
	"priceShape.allowed_discount": "How far below serving cost each company id may price, e.g. {bytedance: 30%}.",
	"utilisationShape.max":        "Highest allowed fleet utilisation.",
	"shareShape.max":              "Highest allowed share.",
	"shareShape.basis":            "volume (default) or revenue share.",
}
