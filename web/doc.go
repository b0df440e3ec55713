// Package web is the web studio behind `aicloudsim serve`: what-if pages
// with a slider for every ranged number of a scenario, the JSON API they
// use, and a classroom game played over the web. It may import classroom,
// study, scenarios, reports, market and hardware; only cmd imports it.
//
// One [Server] owns the routes and the middleware (body caps, security
// headers, tokens, CSRF checks); each resource has its file: api.go for
// the JSON API (docs/API.md), whatif.go for the what-if page, chart.go for
// its SVG charts, montecarlo.go for the background Monte Carlo, game.go,
// team.go, teacher.go and gamechart.go for the classroom, tokens.go for
// its access tokens. Runs go through a bounded worker pool (pool.go) that
// answers 429 when its queue is full; runs.go keeps the recent ones.
// Templates and assets are embedded: the studio works offline and fetches
// nothing.
package web
