package market

import (
	"math/rand/v2"

	"github.com/seed-e89a7ce8/aicloudsim/market/des"
)

// world is the mutable state of one run. Only the market's own code changes
// it; agents see it through a View.
type world struct {
	sim  *des.Sim[event]
	cfg  *Config
	cal  Calendar
	day  Day
	prov []provider
	seg  []segment
	chip []chipState
	sup  []supplier
	mod  []modelState
	// smodel[p][s] is the model provider p serves in segment s (see servingModel).
	smodel [][]int

	rules ChinaRules
	// thr[m][c] is model m's serving throughput on chip c, worked out when
	// first asked for (see modelThroughput); models sharing a workload share
	// the row.
	thr [][]throughput
	// chipHour[c] is the full cost of one chip-hour of chip c, USD.
	chipHour []float64

	lines []lineState // per Config.Lines

	shocks []demandShock
	news   []bool // per segment: news this month (raises the hazard)

	log     []Entry
	noLog   bool // Options.NoLog: log nothing
	records []Record
	months  []Day
	rng     *rand.Rand // market stream: reconsideration draws

	// round caches each segment's cohort utilities while the agents
	// decide (nil otherwise; see segmentUtilities).
	round   []*utilities
	utilBuf []utilities // the buffers round's entries reuse, per segment
	// terms is the round's arena for response curves' per-cohort terms
	// (see takeTerms); it is emptied when a round starts.
	terms []curveTerm
	odds  []float64 // scratch of a response curve's evaluation
	// dimDay and dimDays remember the last answer of daysInMonth.
	dimDay  Day
	dimDays int
	// monthly is the settlement's scratch memory, reused month to month.
	monthly settlementScratch
}

// settlementScratch holds a settlement's working arrays, [segment][provider]
// or [segment][cohort], so that the monthly settlement allocates nothing.
type settlementScratch struct {
	capFull, tot, unserved [][]float64
	spare, add, price, fit []float64 // [provider]
	z                      []float64 // [cohort]
	live, take             []int     // providers
}

// grid returns b as rows × cols, zeroed, reusing its arrays when it can.
func grid(b [][]float64, rows int, cols func(int) int) [][]float64 {
	if len(b) != rows {
		b = make([][]float64, rows)
	}
	for r := range b {
		b[r] = resize(b[r], cols(r))
	}
	return b
}

type provider struct {
	price []float64 // per segment, USD per unit
	rnd   float64   // R&D budget per year, USD
	// rndCum and rndPlan are the R&D spent since Start and what the
	// scenario's budget would have spent, USD.
	rndCum, rndPlan float64
	cash            float64
	// fundingUsed is what the parent has put in since Start; committed is
	// the value of chips allocated and not yet delivered (paid on delivery).
	fundingUsed, committed float64
	// lossMonths counts consecutive months of losses on the group's view.
	lossMonths int
	// training is the share of the fleet reserved for training.
	training float64
	// weights is the provider's open-weights choice for its next releases:
	// +1 open, −1 closed, 0 each model as the scenario says.
	weights int
	// exited marks the segments the provider has left.
	exited []bool
	lots   []lot
	asc    []float64 // calibrated alternative-specific constant per segment

	inTransit []float64 // chips allocated but not yet delivered, per chip

	// capexQuarters is what the provider committed to chips in the last four
	// quarters: one entry per quarter, newest last.
	capexQuarters []float64

	// Last settlement, per segment.
	demand, served, capFull []float64
	revenue                 []float64
	util                    float64
	m                       ledger // accumulated this month
	last                    ledger // last month's, for agents
}

// lot is a batch of identical chips in a fleet.
type lot struct {
	chip        int
	units       float64
	costPerUnit float64 // USD paid per chip
	retire      Day
}

// ledger holds one month's money flows of a provider or supplier.
type ledger struct {
	// Providers.
	revenue, amort, power, overhead, rnd, opex, profit float64
	chipSpend                                          float64 // chips paid for on delivery
	groupValue                                         float64 // value of its users to the group (not cash)
	funding, distress, writeOff                        float64 // parent draws, distress chip sales, shortfall written off
	// Suppliers.
	sales, cogs, fees float64
	unitsSold         []float64 // per chip slot
}

type segment struct {
	cohorts []cohort
	// What the buyers see at this month's settlement, and the brands'
	// constants: a cohort's choice probabilities are computed from them
	// only when the month needs them (see settlementChoice).
	seen attrs
	asc  []float64
	// last is what they saw at the previous settlement. offer counts the
	// settlements at which what they see changed apart from the fleets'
	// domestic shares, domestic those at which the domestic shares (or
	// their weight) changed: a cohort's choice probabilities stay valid
	// while the counts are as when they were computed (for a cohort with no
	// domestic weight, while offer is).
	last            attrs
	offer, domestic int
	// Shares at the last settlement, per provider.
	volShare, revShare   []float64
	unmet, spend         float64
	refPrice0            float64 // average price at Start, scales the reference price path
	pricePath, spendPath pathMemo
}

type cohort struct {
	weight    float64 // share of segment volume
	alpha     float64
	quality   float64
	open      float64
	domestic  float64 // β_dom before the state weight; 0 for cohorts that are not state-linked
	ecosystem float64
	switching float64
	alloc     []float64 // share of the cohort's volume per provider
	p         []float64 // scratch: choice probabilities
	// The segment's offer and domestic counts when p was computed; 0 before.
	pOffer, pDomestic int
	flow              []float64 // scratch: volume served per provider this month
}

type chipState struct {
	policy   ChipPolicy
	launched bool
	supplier int // index, −1 if no supplier sells it
	slot     int // index within the supplier's Chips
}

type supplier struct {
	price  []float64   // current price per chip slot, USD
	orders [][]float64 // per provider, per chip slot: open order in units
	m      ledger
	cash   float64
	// chinaValue holds the value of chips delivered in China over the last
	// twelve months, one entry per month, newest last.
	chinaValue []float64
	output     []pathMemo // per chip slot
}

type modelState struct {
	released   bool
	day        Day     // release day (scheduled, or actual once released)
	capability float64 // at release: the scenario's value adjusted for R&D
	open       bool    // at release: the scenario's flag unless the owner closed its weights
}

type demandShock struct {
	segment     int
	multiplier  float64
	from, until Day
}
