package scenarios

// Scenario is a scenario file after `extends` and `--set` are applied: the
// YAML schema. Maps are keyed by ids (lower-case, digits, '-' and '_');
// numbers are [Num] values in canonical units with their sources and ranges.
type Scenario struct {
	Name        string                   `yaml:"name,required"`
	Title       string                   `yaml:"title"`
	Description string                   `yaml:"description"`
	Start       Date                     `yaml:"start,required"`
	End         Date                     `yaml:"end,required"`
	Seed        uint64                   `yaml:"seed"`
	Market      MarketSpec               `yaml:"market"`
	Costs       CostsSpec                `yaml:"costs,required"`
	ChinaRules  RulesSpec                `yaml:"china_rules"`
	Chips       map[string]*ChipSpec     `yaml:"chips,required" max:"200"`
	Suppliers   map[string]*SupplierSpec `yaml:"suppliers" max:"200"`
	Segments    map[string]*SegmentSpec  `yaml:"segments,required" max:"50"`
	Providers   map[string]*ProviderSpec `yaml:"providers,required" max:"200"`
	Models      map[string]*ModelSpec    `yaml:"models" max:"200"`
	Events      []EventSpec              `yaml:"events" max:"10000"`
	Shocks      []ShockSpec              `yaml:"shocks" max:"1000"`
	Targets     []TargetSpec             `yaml:"targets" max:"10000"`
	Checks      []CheckSpec              `yaml:"checks" max:"100"`
}

// MarketSpec holds market-wide parameters.
type MarketSpec struct {
	OpenServingFactor Num `yaml:"open_serving_factor" unit:"fraction" range:"0,1"`
	IdlePower         Num `yaml:"idle_power" unit:"fraction" range:"0,1"`
	OpexShare         Num `yaml:"opex_share_of_revenue" unit:"fraction" range:"0,0.9"`
	RnDCapability     Num `yaml:"rnd_capability" unit:"number" range:"0,50"`
	// Race is the production function of model generations.
	Race RaceSpec `yaml:"race"`
	// The text traffic mix of every model whose workload does not set its own.
	InputPerOutput   Num `yaml:"input_per_output" unit:"number" range:"0,100"`
	CachedInputShare Num `yaml:"cached_input_share" unit:"fraction" range:"0,0.99"`
}

// RaceSpec parameterises the model-generation race (market.Race).
type RaceSpec struct {
	PacePerDoubling    Num `yaml:"pace_per_doubling" unit:"number" range:"0,50"`
	AlgorithmicPerYear Num `yaml:"algorithmic_per_year" unit:"number" range:"1,100"`
	CatchUp            Num `yaml:"catch_up" unit:"fraction" range:"0,1"`
	MinStep            Num `yaml:"min_step" unit:"number" range:"1.01,100"`
	MinGap             Num `yaml:"min_gap" unit:"duration" range:"30,3650"`
	MaxGap             Num `yaml:"max_gap" unit:"duration" range:"30,3650"`
	TrainingMFU        Num `yaml:"training_mfu" unit:"fraction" range:"0.01,1"`
}

// CostsSpec holds the data-centre cost and efficiency assumptions.
type CostsSpec struct {
	Electricity       Num `yaml:"electricity,required" unit:"price" range:"0.005,1"`
	PUE               Num `yaml:"pue,required" unit:"number" range:"1,3"`
	Overhead          Num `yaml:"overhead_per_chip_hour,required" unit:"price" range:"0,20"`
	ComputeEfficiency Num `yaml:"compute_efficiency,required" unit:"fraction" range:"0.01,1"`
	MemoryEfficiency  Num `yaml:"memory_efficiency,required" unit:"fraction" range:"0.01,1"`
	HBMReserve        Num `yaml:"hbm_reserve" unit:"fraction" range:"0,0.9"`
	ServingEfficiency Num `yaml:"serving_efficiency" unit:"fraction" range:"0.01,1"`
}

// RulesSpec holds China's cross-chip rules (all optional in an event).
type RulesSpec struct {
	DomesticShareMin    Num `yaml:"domestic_share_min" unit:"fraction" range:"0,1"`
	StateDomesticWeight Num `yaml:"state_domestic_weight" unit:"number" range:"0,20"`
}

// ChipSpec is an accelerator.
type ChipSpec struct {
	At              Pos        `yaml:"-"` // position of the entry
	Name            string     `yaml:"name,required"`
	Vendor          string     `yaml:"vendor,required"`
	Origin          Str        `yaml:"origin,required"`
	HBM             Num        `yaml:"hbm,required" unit:"bytes" range:"1e9,1e12"`
	MemoryBandwidth Num        `yaml:"memory_bandwidth,required" unit:"bandwidth" range:"50,30000"`
	Interconnect    Num        `yaml:"interconnect" unit:"bandwidth" range:"0,20000"`
	BF16            Num        `yaml:"bf16,required" unit:"tflops" range:"1,20000"`
	FP8             Num        `yaml:"fp8" unit:"tflops" range:"0,40000"`
	TDP             Num        `yaml:"tdp,required" unit:"power" range:"50,3000"`
	Price           Num        `yaml:"price,required" unit:"usd" range:"100,500000"`
	Lifetime        Num        `yaml:"lifetime,required" unit:"duration" range:"180,5000"`
	Launch          Date       `yaml:"launch"`
	Policy          PolicySpec `yaml:"policy"`
	// Achieved fraction of the roofline for text models on this chip, and
	// per model id.
	ServingEfficiency Num            `yaml:"serving_efficiency" unit:"fraction" range:"0.01,1"`
	ModelEfficiency   map[string]Num `yaml:"model_efficiency" unit:"fraction" range:"0.01,1" max:"200"`
}

// PolicySpec is the rule set for one chip in China; in an event only the
// keys given change.
type PolicySpec struct {
	USAllowed     *bool `yaml:"us_allowed"`
	Fee           Num   `yaml:"fee" unit:"fraction" range:"0,0.9"`
	CapPerQuarter Num   `yaml:"cap_per_quarter" unit:"count" range:"0,1e8"`
	ChinaApproved *bool `yaml:"china_approved"`
	// ChinaDiscouraged is Beijing's guidance against the chip: buyers may
	// still order it, each weighing its guidance_penalty.
	ChinaDiscouraged *bool `yaml:"china_discouraged"`
}

// SupplierSpec is a chip maker.
type SupplierSpec struct {
	At       Pos                    `yaml:"-"` // position of the entry
	Name     string                 `yaml:"name,required"`
	Owner    Str                    `yaml:"owner"`
	LeadTime Num                    `yaml:"lead_time,required" unit:"duration" range:"0,730"`
	External *bool                  `yaml:"external"`
	Chips    map[string]*SupplyChip `yaml:"chips,required" max:"200"`
	Strategy *StrategySpec          `yaml:"strategy"`
}

// SupplyChip is a supplier's output and pricing of one chip.
type SupplyChip struct {
	At       Pos            `yaml:"-"` // position of the entry
	Output   map[string]Num `yaml:"output,required" unit:"count" range:"0,1e8" max:"1000"`
	UnitCost Num            `yaml:"unit_cost,required" unit:"usd" range:"10,500000"`
	Price    Num            `yaml:"price" unit:"usd" range:"10,500000"`
	// TransferPrice is what the supplier's owner pays per chip (default:
	// the unit cost).
	TransferPrice Num `yaml:"transfer_price" unit:"usd" range:"10,500000"`
	// LeadTime replaces the supplier's lead time for this chip, by year or
	// date (e.g. from the day the chip ships from stock).
	LeadTime map[string]Num `yaml:"lead_time" unit:"duration" range:"1,730" max:"1000"`
}

// SegmentSpec is a market segment.
type SegmentSpec struct {
	At            Pos            `yaml:"-"` // position of the entry
	Name          string         `yaml:"name,required"`
	Rank          int            `yaml:"rank"`
	Kind          Str            `yaml:"kind,required"`
	Serves        Str            `yaml:"serves"`
	Unit          string         `yaml:"unit,required"`
	Spend         map[string]Num `yaml:"spend" unit:"usd" range:"1e6,1e13" max:"1000"`
	Users         map[string]Num `yaml:"users" unit:"count" range:"0,5e9" max:"1000"`
	Price         map[string]Num `yaml:"price" unit:"price" range:"1e-6,1e6" max:"1000"`
	Elasticity    Num            `yaml:"elasticity" unit:"number" range:"0,5"`
	TokensPerUser Num            `yaml:"tokens_per_user_month" unit:"count" range:"1,1e12"`
	ValuePerUser  Num            `yaml:"value_per_user_month" unit:"price" range:"0,1000"`
	Festivals     []FestivalSpec `yaml:"festivals" max:"10000"`
	Buyers        BuyersSpec     `yaml:"buyers,required"`
	StartShares   SharesSpec     `yaml:"start_shares,required"`
}

// FestivalSpec is a seasonal demand window such as the Spring Festival.
type FestivalSpec struct {
	Name       string `yaml:"name,required"`
	From       Date   `yaml:"from,required"`
	Days       Num    `yaml:"days,required" unit:"duration" range:"1,120"`
	Multiplier Num    `yaml:"multiplier,required" unit:"number" range:"0.1,10"`
}

// BuyersSpec describes a segment's buyer cohorts.
type BuyersSpec struct {
	At          Pos `yaml:"-"` // position of the entry
	Cohorts     int `yaml:"cohorts,required" range:"1,5000"`
	SizeTail    Num `yaml:"size_tail,required" unit:"number" range:"1.05,10"`
	Price       Num `yaml:"price" unit:"number" range:"0,20"`
	Quality     Num `yaml:"quality" unit:"number" range:"0,5"`
	Open        Num `yaml:"open" unit:"number" range:"0,10"`
	Domestic    Num `yaml:"domestic" unit:"number" range:"0,20"`
	Ecosystem   Num `yaml:"ecosystem" unit:"number" range:"0,20"`
	Dispersion  Num `yaml:"dispersion" unit:"number" range:"0,3"`
	StateLinked Num `yaml:"state_linked" unit:"fraction" range:"0,1"`
	Hazard      Num `yaml:"hazard,required" unit:"fraction" range:"0,1"`
	NewsHazard  Num `yaml:"news_hazard" unit:"fraction" range:"0,1"`
	Switching   Num `yaml:"switching" unit:"fraction" range:"0,1"`
}

// SharesSpec is the calibration target of a segment at the start date.
type SharesSpec struct {
	At     Pos            `yaml:"-"`
	Basis  Str            `yaml:"basis,required"` // volume or revenue
	Source string         `yaml:"source"`
	Shares map[string]Num `yaml:"shares,required" unit:"fraction" range:"0,1" max:"200"`
}

// ProviderSpec is a company selling in the segments.
type ProviderSpec struct {
	At               Pos            `yaml:"-"` // position of the entry
	Name             string         `yaml:"name,required"`
	Rank             int            `yaml:"rank"`
	Western          bool           `yaml:"western"`
	HomeChip         Str            `yaml:"home_chip"`
	Cash             Num            `yaml:"cash" unit:"usd" range:"-1e12,1e13"`
	RnD              Num            `yaml:"rnd" unit:"usd" range:"0,1e12"`
	Capex            map[string]Num `yaml:"capex" unit:"usd" range:"0,1e12" max:"1000"`
	StartUtilisation Num            `yaml:"start_utilisation" unit:"fraction" range:"0.05,1"`
	FleetMix         map[string]Num `yaml:"fleet_mix" unit:"fraction" range:"0,1" max:"200"`
	// ClosedWeightsFrom is the day from which the provider releases no more
	// open weights, whatever its models' open flags say.
	ClosedWeightsFrom Date                        `yaml:"closed_weights_from"`
	Segments          map[string]*ProviderSegment `yaml:"segments,required" max:"50"`
	Strategy          *StrategySpec               `yaml:"strategy"`
	Funding           FundingSpec                 `yaml:"funding"`
	Training          TrainingSpec                `yaml:"training"`
	// Generations are the provider's endogenous model lines, by dimension
	// (llm, media).
	Generations map[string]*GenerationSpec `yaml:"generations" max:"2"`
}

// FundingSpec is a provider's funding policy (market.Funding).
type FundingSpec struct {
	Limit    Num `yaml:"limit" unit:"usd" range:"0,1e13"`
	Patience Num `yaml:"patience" unit:"duration" range:"0,7300"`
	Salvage  Num `yaml:"distress_salvage" unit:"fraction" range:"0,1"`
}

// TrainingSpec is the compute a provider trains its models on.
type TrainingSpec struct {
	Share        Num            `yaml:"share" unit:"fraction" range:"0,0.9"`
	FLOPsPerYear map[string]Num `yaml:"flops_per_year" unit:"flop" range:"0,1e32" max:"1000"`
}

// GenerationSpec is a provider's line of endogenous model generations in one
// dimension: Count models named "<Name> <First>", "<Name> <First+1>", ...,
// each serving like the model Like.
type GenerationSpec struct {
	At    Pos    `yaml:"-"`
	Name  string `yaml:"name,required"`
	First int    `yaml:"first" range:"0,1000"`
	Count int    `yaml:"count,required" range:"0,50"`
	Like  Str    `yaml:"like,required"`
	Open  *bool  `yaml:"open"`
}

// ProviderSegment is a provider's offer in one segment.
type ProviderSegment struct {
	At        Pos `yaml:"-"` // position of the entry
	Price     Num `yaml:"price" unit:"price" range:"1e-6,1e6"`
	Ecosystem Num `yaml:"ecosystem" unit:"number" range:"0,1"`
	Access    Num `yaml:"access" unit:"fraction" range:"0.0001,1"`
}

// StrategySpec chooses and parameterises a company's agent. Kind is
// provider, nvidia, western or none; each kind reads its own keys.
type StrategySpec struct {
	At   Pos `yaml:"-"` // position of the entry
	Kind Str `yaml:"kind,required"`
	// provider
	Pricing  map[string]*PricingSpec `yaml:"pricing" max:"50"`
	Capacity *CapacitySpec           `yaml:"capacity"`
	Sourcing *SourcingSpec           `yaml:"sourcing"`
	RnD      *RnDSpec                `yaml:"rnd"`
	Treasury *TreasurySpec           `yaml:"treasury"`
	// nvidia
	ReferenceModel Str  `yaml:"reference_model"`
	ScarcityRaise  Num  `yaml:"scarcity_raise" unit:"fraction" range:"0,1"`
	Tolerance      Num  `yaml:"tolerance" unit:"fraction" range:"0,5"`
	MaxCut         Num  `yaml:"max_cut" unit:"fraction" range:"0,1"`
	MaxPremium     Num  `yaml:"max_premium" unit:"number" range:"1,5"`
	Optimise       bool `yaml:"optimise"` // profit-maximising prices instead of the rules
	BuyerSharpness Num  `yaml:"buyer_sharpness" unit:"number" range:"1,20"`
	BuyerRisk      Num  `yaml:"buyer_risk" unit:"fraction" range:"0,0.99"`
	BuyerGuidance  Num  `yaml:"buyer_guidance" unit:"fraction" range:"0,0.99"`
	// western
	Decline     Num `yaml:"decline_per_year" unit:"fraction" range:"0,0.95"`
	FloorMarkup Num `yaml:"floor_markup" unit:"fraction" range:"-0.9,10"`
	ReactLead   Num `yaml:"react_lead" unit:"number" range:"0,100"`
	PullDays    Num `yaml:"pull_days" unit:"duration" range:"0,730"`
	ReactCut    Num `yaml:"react_cut" unit:"fraction" range:"0,0.9"`
}

// TreasurySpec is a provider's funding requests and retrenchment rule
// (agents.Funding).
type TreasurySpec struct {
	ReserveMonths  Num `yaml:"reserve_months" unit:"number" range:"0,60"`
	RetrenchMarkup Num `yaml:"retrench_markup" unit:"fraction" range:"-0.5,5"`
	RetrenchCapex  Num `yaml:"retrench_capex" unit:"fraction" range:"0,1"`
}

// PricingSpec is a provider's pricing rule in one segment.
type PricingSpec struct {
	At              Pos  `yaml:"-"` // position of the entry
	Rule            Str  `yaml:"rule,required"`
	Markup          Num  `yaml:"markup" unit:"fraction" range:"-0.9,20"`
	Undercut        Num  `yaml:"undercut" unit:"fraction" range:"-0.9,0.9"`
	QualityBand     Num  `yaml:"quality_band" unit:"number" range:"0,100"`
	Discount        Num  `yaml:"discount" unit:"fraction" range:"0,0.95"`
	From            Date `yaml:"from"`
	To              Date `yaml:"to"`
	FloorMarkup     Num  `yaml:"floor_markup" unit:"fraction" range:"-0.9,10"`
	MaxStep         Num  `yaml:"max_step" unit:"fraction" range:"0,1"`
	HighUtilisation Num  `yaml:"high_utilisation" unit:"fraction" range:"0,1"`
	LowUtilisation  Num  `yaml:"low_utilisation" unit:"fraction" range:"0,1"`
}

// CapacitySpec is a provider's capacity planning.
type CapacitySpec struct {
	At                Pos `yaml:"-"` // position of the entry
	TargetUtilisation Num `yaml:"target_utilisation,required" unit:"fraction" range:"0.1,1"`
	Horizon           Num `yaml:"horizon" unit:"duration" range:"30,1100"`
	UnmetCapture      Num `yaml:"unmet_capture" unit:"fraction" range:"0,1"`
}

// SourcingSpec is a provider's chip sourcing.
type SourcingSpec struct {
	At          Pos       `yaml:"-"` // position of the entry
	ForeignRisk Num       `yaml:"foreign_risk" unit:"fraction" range:"0,0.99"`
	Sharpness   Num       `yaml:"sharpness" unit:"number" range:"1,20"`
	DomesticMin Num       `yaml:"domestic_min" unit:"fraction" range:"0,1"`
	Vendors     []string  `yaml:"vendors" max:"200"` // buy only from these chip vendors
	Risk        *RiskSpec `yaml:"risk"`              // a ban-risk belief that moves with policy events
	// Stockpiling of foreign chips ahead of a feared cut-off.
	StockpileRisk   Num `yaml:"stockpile_risk" unit:"fraction" range:"0,0.99"`
	StockpileMonths Num `yaml:"stockpile_months" unit:"number" range:"0,36"`
	StockpileCash   Num `yaml:"stockpile_cash" unit:"fraction" range:"0,1"`
	// GuidancePenalty is the share of a discouraged chip's value the
	// provider gives up by defying China's guidance (1: it complies fully).
	GuidancePenalty Num `yaml:"guidance_penalty" unit:"fraction" range:"0,1"`
}

// ModelSpec is an AI model release.
type ModelSpec struct {
	At         Pos          `yaml:"-"` // position of the entry
	Name       string       `yaml:"name,required"`
	Owner      Str          `yaml:"owner,required"`
	Serves     Str          `yaml:"serves,required"`
	Capability Num          `yaml:"capability,required" unit:"number" range:"0,200"`
	Open       bool         `yaml:"open"`
	Release    Date         `yaml:"release,required"`
	Slip       SlipSpec     `yaml:"slip"`
	Early      SlipSpec     `yaml:"early"` // the chance and bound of an early release
	Workload   WorkloadSpec `yaml:"workload,required"`
}

// SlipSpec is the chance that a release slips and by how much at most.
type SlipSpec struct {
	Probability Num `yaml:"probability" unit:"fraction" range:"0,1"`
	Max         Num `yaml:"max" unit:"duration" range:"0,730"`
}

// WorkloadSpec is a model's serving profile.
type WorkloadSpec struct {
	At              Pos `yaml:"-"`             // position of the entry
	Kind            Str `yaml:"kind,required"` // text, image or video
	TotalParams     Num `yaml:"total_params,required" unit:"count" range:"1e6,1e14"`
	ActiveParams    Num `yaml:"active_params" unit:"count" range:"1e6,1e14"`
	BytesPerParam   Num `yaml:"bytes_per_param" unit:"number" range:"0.25,4"`
	KVPerToken      Num `yaml:"kv_per_token" unit:"bytes" range:"0,1e8"`
	Context         Num `yaml:"context" unit:"count" range:"0,1e7"`
	MinTokensPerSec Num `yaml:"min_tokens_per_sec" unit:"number" range:"0,1000"`
	InputPerOutput  Num `yaml:"input_per_output" unit:"number" range:"0,100"`
	CachedInput     Num `yaml:"cached_input_share" unit:"fraction" range:"0,0.99"`
	FLOPsPerUnit    Num `yaml:"flops_per_unit" unit:"flop" range:"0,1e20"`
	BytesPerUnit    Num `yaml:"bytes_per_unit" unit:"bytes" range:"0,1e16"`
}

// EventSpec is a dated scenario event. Kind is policy (chip, policy),
// rules (rules), price (provider, segment, price), demand (segment,
// multiplier, days) or news (summary, optional segment).
type EventSpec struct {
	At         Pos        `yaml:"-"` // position of the entry
	Date       Date       `yaml:"date"`
	Kind       Str        `yaml:"kind,required"`
	Summary    string     `yaml:"summary,required"`
	Source     string     `yaml:"source"`
	Chip       Str        `yaml:"chip"`
	Policy     PolicySpec `yaml:"policy"`
	Rules      RulesSpec  `yaml:"rules"`
	Provider   Str        `yaml:"provider"`
	Segment    Str        `yaml:"segment"`
	Price      Num        `yaml:"price" unit:"price" range:"1e-6,1e6"`
	Multiplier Num        `yaml:"multiplier" unit:"number" range:"0,20"`
	Days       Num        `yaml:"days" unit:"duration" range:"1,3650"`
}

// ShockSpec is a random event with a yearly probability.
type ShockSpec struct {
	At       Pos       `yaml:"-"` // position of the entry
	Name     string    `yaml:"name,required"`
	PerYear  Num       `yaml:"per_year,required" unit:"fraction" range:"0,1"`
	Max      int       `yaml:"max" range:"0,100"`
	Earliest Date      `yaml:"earliest"`
	Effect   EventSpec `yaml:"effect,required"`
}

// RnDSpec is a provider's R&D rule.
type RnDSpec struct {
	At          Pos `yaml:"-"`
	Segment     Str `yaml:"segment,required"`
	Trigger     Num `yaml:"trigger" unit:"number" range:"0,100"`
	Step        Num `yaml:"step,required" unit:"fraction" range:"0,1"`
	MaxMultiple Num `yaml:"max_multiple" unit:"number" range:"1,20"`
	// TrainingStep and TrainingMax move the share of the fleet reserved for
	// training when the provider is behind.
	TrainingStep Num `yaml:"training_step" unit:"fraction" range:"0,0.5"`
	TrainingMax  Num `yaml:"training_max" unit:"fraction" range:"0,0.9"`
}

// RiskSpec is a provider's belief that foreign chips will be cut off.
type RiskSpec struct {
	Prior  Num `yaml:"prior,required" unit:"fraction" range:"0,1"`
	Up     Num `yaml:"up" unit:"fraction" range:"0,1"`
	Down   Num `yaml:"down" unit:"fraction" range:"0,1"`
	Revert Num `yaml:"revert" unit:"fraction" range:"0,1"`
	Hedge  Num `yaml:"hedge" unit:"fraction" range:"0,1"`
}
