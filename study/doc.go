// Package study runs many versions of a scenario: Monte Carlo ensembles
// whose runs differ in their random seed and in the scenario numbers that
// carry a range (sampled by Latin hypercube); sweeps of one or two numbers;
// sensitivity analyses (one at a time over the ranges, and Morris
// elementary effects); and comparisons of scenarios with a one-at-a-time
// attribution of the gap to each differing input. It may import scenarios,
// market and reports (for the data types it fills), never agents or cmd.
//
// A study is a pure function of (scenario, master seed, number of runs):
// run i gets its seed and its sampled parameters from (seed, i, N) alone, so
// any subset of runs can be computed anywhere. [Shard] names the slice of
// runs one process computes; [Merge] joins the shards' [State]s. The bands
// (quantiles per date, company and metric) are kept in [Aggregate], a set
// of quantile sketches whose state depends only on the multiset of values
// added: the same for any number of workers, any sharding and any order,
// and of a size that does not grow with the number of runs.
//
// The sampling, quantile and sharding schemes are described in
// docs/MONTECARLO.md; sweeps, sensitivity and comparison in docs/STUDIES.md.
package study
