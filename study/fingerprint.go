package study

import (
	"fmt"
	"sync"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// A study's runs are the numbers of one build (see market.Result.
// Fingerprint): a study saved by one build and continued or merged by
// another would mix two sets of numbers that no single process computes,
// so checkpoints and progress files record the build's fingerprint, and
// --resume and merge refuse a different one.
//
// The fingerprint is that of a probe: one run of the study's scenario at
// its stated values, with the study's seed. It covers exactly the code the
// study runs, and costs one run, once per scenario and seed in a process.

// Fingerprint returns the fingerprint of this build for the scenario cfg
// with its agents (fresh from the scenario's Build, which the probe uses
// up) and the study's seed: 16 hex digits.
func Fingerprint(cfg *market.Config, agents []market.Agent, seed uint64) (string, error) {
	r, err := market.Run(cfg, agents, market.Options{Seed: seed, NoLog: true})
	if err != nil {
		return "", fmt.Errorf("the probe run at the stated values: %w", err)
	}
	return r.Fingerprint(), nil
}

// probe returns the fingerprint of this build for the scenario o, built
// as cfg with its agents, and seed. A process remembers the fingerprints
// it computed by scenario hash and seed (within one build the same
// scenario and seed give the same numbers), so a server or a test that
// starts many studies of one scenario runs its probe once.
func probe(o *scenarios.Opened, cfg *market.Config, agents []market.Agent, seed uint64) (string, error) {
	key := probeKey{o.Hash, seed}
	probes.mu.Lock()
	fp, ok := probes.m[key]
	probes.mu.Unlock()
	if ok {
		return fp, nil
	}
	fp, err := Fingerprint(cfg, agents, seed)
	if err != nil {
		return "", err
	}
	probes.mu.Lock()
	defer probes.mu.Unlock()
	if probes.m == nil || len(probes.m) >= maxProbes {
		probes.m = map[probeKey]string{} // a bound, not a cache policy: rarely reached
	}
	probes.m[key] = fp
	return fp, nil
}

type probeKey struct {
	hash string
	seed uint64
}

// maxProbes bounds the fingerprints a process remembers.
const maxProbes = 256

var probes struct {
	mu sync.Mutex
	m  map[probeKey]string
}

// OtherBuild describes a fingerprint saved that differs from this build's
// for a message: what differs and why it matters.
func OtherBuild(saved, this string) string {
	if saved == "" {
		return "it was saved by a version of aicloudsim that recorded no build fingerprint"
	}
	return fmt.Sprintf("it was computed by a build of aicloudsim that gives other numbers for this study "+
		"(fingerprint %s; this build, on %s, gives %s): another version of aicloudsim, or the same on another CPU architecture",
		saved, market.Platform(), this)
}
