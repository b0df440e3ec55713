package market

import (
	"math"
	"time"

	"github.com/seed-e89a7ce8/aicloudsim/hardware"
)

// Config is everything a run needs besides its agents and seed. The scenarios
// package builds it from YAML; tests build it by hand. Slices are in a fixed
// order (the order results are reported in); cross references are by index.
type Config struct {
	Name  string
	Start time.Time // first simulated day, UTC midnight
	Days  int       // horizon length in days

	Segments   []Segment
	Providers  []Provider
	Chips      []hardware.Chip
	ChipLaunch []Day // first day each chip can be delivered, index-aligned with Chips
	Models     []Model
	Suppliers  []Supplier

	Costs  hardware.Costs
	Policy []ChipPolicy // one per chip, same order as Chips: the rules at Start
	Rules  ChinaRules

	Events []Scheduled // dated scenario events
	Shocks []Shock     // random events with a yearly hazard
	Checks []Check     // user-declared checks, evaluated at every settlement

	// Race is the production function of model generations; Lines are the
	// labs' endogenous generations.
	Race  Race
	Lines []Line

	// OpenServingFactor scales the capability of a rival's open-weights model
	// when a provider serves it instead of its own (0..1).
	OpenServingFactor float64
	// IdlePowerFraction is the share of TDP a chip draws when idle.
	IdlePowerFraction float64
	// OpexShareOfRevenue covers sales, support and G&A as a share of revenue.
	OpexShareOfRevenue float64
	// RnDCapability is the capability points a release gains (or loses) per
	// unit of ln(actual / planned cumulative R&D of its owner since Start):
	// spending e times the plan adds RnDCapability points, with diminishing
	// returns.
	RnDCapability float64
}

// SegmentKind says how a segment's volume turns into money.
type SegmentKind int

const (
	// Paid segments sell units at a price; their spend is revenue.
	Paid SegmentKind = iota
	// Users segments count monthly active users of free assistants; they use
	// capacity but earn no direct revenue.
	Users
	// Adoption segments are developer adoption shares of open models; they
	// use no capacity and earn no revenue.
	Adoption
)

// Segment is one market a provider can sell into.
type Segment struct {
	ID, Name string
	Unit     string // display unit of volume, e.g. "Mtok"
	Kind     SegmentKind
	// Serves selects what capacity the segment consumes and which capability
	// dimension its buyers weigh: "llm", "media" or "compute".
	Serves string

	// Spend is the reference yearly spend in USD (Paid) or the reference user
	// count (Users); Price is the reference price per unit in USD. Reference
	// volume per month is Spend/Price/12 (Paid) or Spend (Users).
	Spend      Path
	Price      Path
	Elasticity float64 // price elasticity of volume, ε > 0
	Festivals  []Window

	// ValuePerUserMonth is what one monthly active user of a Users segment
	// is worth to the provider's group (advertising, subscriptions, commerce),
	// USD per month. It is reported apart from cloud revenue and is not cash.
	ValuePerUserMonth float64

	// TokensPerUserMonth converts a Users segment's users into served tokens per month.
	TokensPerUserMonth float64

	Buyers Buyers
	// Target is the calibration target at Start, one share per provider
	// (index-aligned with Config.Providers); TargetRevenue says whether it is
	// a revenue share (true) or a volume share.
	Target        []float64
	TargetRevenue bool
}

// Window is a seasonal demand multiplier over a date span.
type Window struct {
	Name       string
	From       Day
	Days       int
	Multiplier float64
}

// Buyers describes the cohort population of a segment. Every cohort draws its
// preference weights around these means; Dispersion is the log-normal σ.
type Buyers struct {
	Cohorts     int
	SizeTail    float64 // Pareto tail index of cohort sizes (>1; smaller = heavier)
	Price       float64 // α: weight on −ln(price / reference price)
	Quality     float64 // β_q per capability index point
	Open        float64 // β_open for providers offering open weights
	Domestic    float64 // β_dom per unit of domestic-chip share of fleet, for state-linked cohorts
	Ecosystem   float64 // β_eco per unit of provider ecosystem strength
	Dispersion  float64
	StateLinked float64 // share of cohorts that are state-linked
	Hazard      float64 // monthly probability a cohort reconsiders
	NewsHazard  float64 // extra probability in a month with a release in the segment
	Switching   float64 // fraction of a reconsidering cohort's volume that stays put (0..1)
}

// Path is a piecewise-linear function of time from anchor points, held flat
// beyond the ends. Values between anchors are interpolated geometrically
// when Log is set (for quantities that grow exponentially).
type Path struct {
	Days   []Day
	Values []float64
	Log    bool
}

// Provider is a company that serves one or more segments.
type Provider struct {
	ID, Name string
	Western  bool // serves Chinese buyers from abroad: unlimited capacity, restricted access
	// Access is the availability to each segment's buyers in (0,1], per
	// segment; it enters utility as ln(access).
	Access []float64
	Serves []bool // per segment: does the provider sell there
	// HomeChip is the chip whose cost a Western provider serves at (its
	// capacity outside China is not modelled), −1 for none.
	HomeChip int
	Price    []float64
	// Ecosystem is the distribution strength per segment (Douyin for
	// ByteDance, Taobao for Alibaba), 0..1.
	Ecosystem []float64
	CashUSD   float64
	RnDUSDYr  float64
	Funding   Funding
	// TrainingShare is the share of the fleet reserved for training at
	// Start (a decision moves it); TrainingFLOPsPerYear is a Western lab's
	// training compute, whose fleet the market does not model.
	TrainingShare        float64
	TrainingFLOPsPerYear Path
	// Fleet at Start: chip mix (shares per chip index) and the utilisation the
	// fleet is sized to at Start.
	FleetMix         []float64
	StartUtilisation float64
	CapexUSDYr       Path // capex budget per year for chips
	// ClosedFrom, when positive, is the day from which the provider stops
	// releasing open weights: models it releases then or later are closed
	// whatever the scenario says (a strategy choice, e.g. Alibaba retreating
	// from open Qwen). 0 means it keeps each model's own choice.
	ClosedFrom Day
}

// Model is an AI model a provider releases.
type Model struct {
	ID, Name   string
	Owner      int    // provider index
	Serves     string // "llm" or "media"
	Capability float64
	Open       bool
	Release    Day
	Workload   hardware.Workload
	// SlipProb is the chance the release slips; SlipMaxDays bounds the delay.
	SlipProb    float64
	SlipMaxDays int
	// EarlyProb is the chance the release comes early (drawn only when it
	// does not slip); EarlyMaxDays bounds how early.
	EarlyProb    float64
	EarlyMaxDays int
	// Endogenous models have no release date: they are the generations of
	// a [Line], released when the [Race] says so, at the capability it gives.
	Endogenous bool
}

// Supplier makes chips and sells them to providers.
type Supplier struct {
	ID, Name string
	Owner    int // provider index with first call on output, −1 for none
	Chips    []int
	// Output per chip (index-aligned with Chips): units per quarter.
	Output    []Path
	LeadDays  int
	UnitCost  []float64 // cost per unit to the supplier, USD
	ListPrice []float64 // price per unit charged to outside buyers, USD
	// TransferPrice is what the owner pays per unit (0: unit cost).
	TransferPrice []float64
	External      bool // sells to providers other than its owner
	Agent         bool // prices are set by an agent with this supplier's ID
	// ChipLeadDays, when set (index-aligned with Chips), replaces LeadDays
	// for a chip by a dated path of days wherever it is positive, e.g. a
	// chip shipped from stock from some date on. An empty path keeps
	// LeadDays.
	ChipLeadDays []Path
}

// Lead is the days from an order on day d to the delivery of the
// supplier's chip slot k.
func (sc *Supplier) Lead(k int, d Day) int {
	if k < len(sc.ChipLeadDays) {
		if l := math.Round(sc.ChipLeadDays[k].At(d)); l > 0 {
			return int(l)
		}
	}
	return sc.LeadDays
}

// ChipPolicy is the rule set for one chip at a moment.
type ChipPolicy struct {
	USAllowed     bool    // US export licence available for China
	FeeRate       float64 // share of China revenue paid to the US government
	CapPerQuarter float64 // US volume cap for China, units per quarter (0 = none)
	Approved      bool    // China allows imports/purchases
	// Discouraged is China's guidance against buying the chip: a soft
	// steer, not a ban. Orders stay possible; each buyer weighs the
	// guidance in its own chip choice.
	Discouraged bool
}

// ChinaRules are domestic rules that apply across chips.
type ChinaRules struct {
	// DomesticShareMin is the minimum share of domestic chips in new orders
	// ("pair purchases with domestic chips").
	DomesticShareMin float64
	// StateDomesticWeight multiplies the domestic preference of state-linked buyers.
	StateDomesticWeight float64
}

// PolicyPatch changes the fields of a [ChipPolicy] that are set.
type PolicyPatch struct {
	USAllowed     *bool
	FeeRate       *float64
	CapPerQuarter *float64
	Approved      *bool
	Discouraged   *bool
}

// Apply returns p with the patch's fields replaced.
func (pp PolicyPatch) Apply(p ChipPolicy) ChipPolicy {
	if pp.USAllowed != nil {
		p.USAllowed = *pp.USAllowed
	}
	if pp.FeeRate != nil {
		p.FeeRate = *pp.FeeRate
	}
	if pp.CapPerQuarter != nil {
		p.CapPerQuarter = *pp.CapPerQuarter
	}
	if pp.Approved != nil {
		p.Approved = *pp.Approved
	}
	if pp.Discouraged != nil {
		p.Discouraged = *pp.Discouraged
	}
	return p
}

// RulesPatch changes the fields of [ChinaRules] that are set.
type RulesPatch struct {
	DomesticShareMin    *float64
	StateDomesticWeight *float64
}

// Apply returns r with the patch's fields replaced.
func (rp RulesPatch) Apply(r ChinaRules) ChinaRules {
	if rp.DomesticShareMin != nil {
		r.DomesticShareMin = *rp.DomesticShareMin
	}
	if rp.StateDomesticWeight != nil {
		r.StateDomesticWeight = *rp.StateDomesticWeight
	}
	return r
}

// Scheduled is a dated scenario event.
type Scheduled struct {
	Day     Day
	Kind    EventKind
	Summary string
	Source  string
	// Fields used by the kind:
	Chip     int // policy change
	Policy   PolicyPatch
	Rules    RulesPatch
	Provider int
	Segment  int
	Value    float64 // new price, demand multiplier
	Days     int     // demand shock duration
}

// Shock is a random event: it arrives as a Poisson process with PerYear
// expected arrivals a year (so the chance of at least one in a year is
// 1 − e^−PerYear), at most Max times, and applies its Effect each time.
type Shock struct {
	Name     string
	PerYear  float64
	Max      int
	Effect   Scheduled
	Earliest Day
}

// EventKind says what a [Scheduled] event does.
type EventKind int

const (
	// EventPolicy patches the rules of chip Chip with Policy.
	EventPolicy EventKind = iota
	// EventRules patches the Chinese cross-chip rules with Rules.
	EventRules
	// EventPrice sets Provider's price in Segment to Value (USD per unit).
	EventPrice
	// EventDemand multiplies Segment's demand by Value for Days days.
	EventDemand
	// EventNews only writes Summary to the log (and raises buyers'
	// reconsideration hazard in Segment when Segment ≥ 0).
	EventNews
)
