// Package market simulates China's AI cloud market month by month: demand per
// segment, buyer cohorts choosing providers by multinomial logit, capacity from
// chip fleets with spill-over, chip supply under export and import policy, and a
// monthly settlement with a full ledger. It may import hardware and market/des.
//
// A run is driven by a discrete-event queue ordered by (day, phase, sequence);
// one tick is one [Day] since the scenario's start date. Strategic companies
// are [Agent] values owned by the caller: at each quarterly decision the market
// hands every agent a read-only [View], takes back [Decision] values and applies
// them itself, in a documented order, logging each decision's reason.
//
// The market never imports the agents or scenarios packages; [Run] returns a
// [Result] of plain data that the reports package reads.
package market
