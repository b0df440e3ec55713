// Package agents holds the strategies of the companies in the simulation:
// cloud providers (ByteDance's Volcano Engine, Alibaba Cloud and the other
// domestic clouds), Nvidia as a chip supplier, and the Western labs. It may
// import market and hardware.
//
// An agent reads a [market.View] at each quarterly decision and returns
// [market.Decision] values, each with a one-line reason; the market applies
// them. Strategies are built from small rules (pricing, capacity planning,
// sourcing) whose parameters come from the scenario.
package agents
