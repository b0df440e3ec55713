package classroom

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/seed-e89a7ce8/aicloudsim/market"
	"github.com/seed-e89a7ce8/aicloudsim/reports"
	"github.com/seed-e89a7ce8/aicloudsim/scenarios"
)

// File names in a game folder.
const (
	GameFile     = "game.yaml"
	ScenarioFile = "scenario.yaml"
)

// MaxRounds bounds a game's length; round folders have two digits.
const MaxRounds = 99

// formatVersion is the version of game.yaml this package writes and reads.
const formatVersion = 1

// ErrBadInput marks an error caused by the user's input: a flag, a game
// folder or a decision file. Test for it with errors.Is.
var ErrBadInput = errors.New("bad input")

// inputError is an error caused by the user's input.
type inputError struct{ err error }

func (e inputError) Error() string        { return e.err.Error() }
func (e inputError) Unwrap() error        { return e.err }
func (e inputError) Is(target error) bool { return target == ErrBadInput }

// badInput marks err as the user's.
func badInput(err error) error { return inputError{err} }

// badInputf formats an error that is the user's.
func badInputf(format string, args ...any) error { return badInput(fmt.Errorf(format, args...)) }

// Game is a classroom game: a frozen scenario, a seed, the teams and the
// rounds, and the decision files accepted so far.
type Game struct {
	Dir         string   // the game folder
	ScenarioRef string   // the scenario the game was made from, as given to Init
	Sets        []string // the --set overrides given to Init, already in the frozen scenario
	Hash        string   // hash of the frozen scenario (see scenarios.Opened)
	Seed        uint64
	Teams       []string // company ids, in the order given to Init
	Rounds      int
	// Round is the round waiting for decisions, from 1; Rounds+1 once the
	// game is over.
	Round  int
	Played []Played // one per round played, in order

	opened *scenarios.Opened
	cfg    *market.Config // for names and dates only: runs build their own
	days   []market.Day   // decision days: round k is days[k-1]
}

// Played records which decision files a round was played with.
type Played struct {
	Round int
	// Files maps a team to the SHA-256 of the decision file it was played
	// with; a team that is absent had no file and its built-in strategy
	// played.
	Files map[string]string
	// History is the fingerprint of the game's records from its start to
	// the end of the round, as the build that played it computed them (see
	// market.Result.Fingerprint); empty in games begun before it was kept.
	History string
}

// Setup is what Init needs to start a game.
type Setup struct {
	Scenario  string   // an embedded scenario name or a file
	Sets      []string // --set overrides, path=value
	Seed      uint64
	SeedGiven bool // use Seed; otherwise the scenario's seed, else 1
	Teams     []string
	Rounds    int
}

// Init creates the game folder dir (which must not exist, or be empty)
// with its game file, the frozen scenario and the templates of round 1.
func Init(dir string, s Setup) (g *Game, err error) {
	o, err := scenarios.Open(s.Scenario, s.Sets)
	if err != nil {
		return nil, badInput(err)
	}
	cfg, _, err := o.Build()
	if err != nil {
		return nil, badInput(err)
	}
	days := decisionDays(cfg)
	teams, err := checkTeams(cfg, s.Teams)
	if err != nil {
		return nil, err
	}
	switch {
	case s.Rounds < 1:
		return nil, badInputf("--rounds: a game has at least 1 round, not %d", s.Rounds)
	case s.Rounds > min(len(days), MaxRounds):
		return nil, badInputf("--rounds: %s has %d quarterly decisions after its start (%s), so a game has at most %d rounds, not %d",
			o.Name, len(days), market.Calendar{Start: cfg.Start}.Date(0).Format("2006-01-02"), min(len(days), MaxRounds), s.Rounds)
	}
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	frozen, err := o.Tree.Marshal()
	if err != nil {
		return nil, err
	}
	head := fmt.Sprintf("# The scenario of this game, frozen when it began (from %s", s.Scenario)
	if len(s.Sets) > 0 {
		head += " with --set " + strings.Join(s.Sets, " --set ")
	}
	head += ").\n# Do not edit: game.yaml records its hash, and every round replays from it.\n"
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating the game folder: %w", err)
	}
	defer func() {
		if err != nil { // leave no half-made game behind
			if errors.Is(statErr, os.ErrNotExist) {
				os.RemoveAll(dir)
			} else {
				clearDir(dir)
			}
		}
	}()
	if err := writeShared(filepath.Join(dir, ScenarioFile), []byte(head+string(frozen))); err != nil {
		return nil, err
	}
	g = &Game{Dir: dir, ScenarioRef: s.Scenario, Sets: s.Sets, Seed: cmp.Or(o.Seed, 1), Teams: teams, Rounds: s.Rounds, Round: 1}
	if s.SeedGiven {
		g.Seed = s.Seed
	}
	if err := g.open(); err != nil {
		return nil, err
	}
	g.Hash = g.opened.Hash
	if err := g.writeTemplates(1); err != nil {
		return nil, err
	}
	if err := g.save(); err != nil {
		return nil, err
	}
	return g, nil
}

// checkTeams checks team ids against the scenario's companies.
func checkTeams(cfg *market.Config, teams []string) ([]string, error) {
	var ids []string
	for _, p := range cfg.Providers {
		ids = append(ids, p.ID)
	}
	for _, s := range cfg.Suppliers {
		ids = append(ids, s.ID)
	}
	var out []string
	var errs []string
	for _, t := range teams {
		t = strings.TrimSpace(t)
		switch {
		case t == "":
			continue
		case !slices.Contains(ids, t):
			errs = append(errs, fmt.Sprintf("--teams: %q is not a company of the scenario%s", t, scenarios.DidYouMean(t, ids)))
		case slices.Contains(out, t):
			errs = append(errs, fmt.Sprintf("--teams: %s is listed twice", t))
		default:
			out = append(out, t)
		}
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, "--teams: name at least one team")
	}
	if len(errs) > 0 {
		sorted := slices.Clone(ids)
		slices.Sort(sorted)
		errs = append(errs, "the companies are: "+strings.Join(sorted, ", "))
		return nil, badInput(errors.New(strings.Join(errs, "\n")))
	}
	return out, nil
}

// emptyDir checks that dir does not exist or is an empty folder.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return badInputf("%s is a file; a game needs a new folder", dir)
		}
		return err
	case len(entries) > 0:
		return badInputf("%s already exists and is not empty; choose another folder with --out, or delete it", dir)
	}
	return nil
}

// clearDir removes everything inside dir.
func clearDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// gameSpec is the schema of game.yaml.
type gameSpec struct {
	Format   int          `yaml:"format,required"`
	Scenario string       `yaml:"scenario,required"`
	Sets     []string     `yaml:"sets"`
	Hash     string       `yaml:"scenario_hash,required"`
	Seed     uint64       `yaml:"seed,required"`
	Teams    []string     `yaml:"teams,required"`
	Rounds   int          `yaml:"rounds,required"`
	Round    int          `yaml:"round,required"`
	Played   []playedSpec `yaml:"played"`
}

type playedSpec struct {
	Round   int               `yaml:"round,required"`
	Files   map[string]string `yaml:"files"`
	History string            `yaml:"history"`
}

// Load opens the game in folder dir.
func Load(dir string) (*Game, error) {
	path := filepath.Join(dir, GameFile)
	data, err := readGameFile(dir, path, 1<<20)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, badInputf("%s is not a game folder: it has no %s (start a game with `aicloudsim play init`)", dir, GameFile)
		}
		return nil, err
	}
	t, err := scenarios.Parse(path, data, scenarios.Limits{MaxBytes: 1 << 20})
	if err != nil {
		return nil, badInput(err)
	}
	var s gameSpec
	if errs := scenarios.Decode(t, &s); len(errs) > 0 {
		return nil, badInput(errs.Err())
	}
	if s.Format != formatVersion {
		return nil, badInputf("%s: format %d is not one this version reads (%d)", path, s.Format, formatVersion)
	}
	g := &Game{Dir: dir, ScenarioRef: s.Scenario, Sets: s.Sets, Hash: s.Hash, Seed: s.Seed, Teams: s.Teams, Rounds: s.Rounds, Round: s.Round}
	for _, p := range s.Played {
		g.Played = append(g.Played, Played(p))
	}
	if err := g.open(); err != nil {
		return nil, err
	}
	if g.opened.Hash != g.Hash {
		if legacy, err := scenarios.LegacyHash(g.opened.Tree); err == nil && legacy == g.Hash {
			g.Hash = g.opened.Hash // a game begun before the hash was computed from the tree
		}
	}
	if g.opened.Hash != g.Hash {
		return nil, badInputf("%s has changed since the game began (hash %.12s, game.yaml says %.12s): restore it; every round replays from it",
			filepath.Join(dir, ScenarioFile), g.opened.Hash, g.Hash)
	}
	if err := g.check(path); err != nil {
		return nil, err
	}
	return g, nil
}

// check checks game.yaml's fields against each other and the scenario.
func (g *Game) check(path string) error {
	if _, err := checkTeams(g.cfg, g.Teams); err != nil {
		return badInputf("%s: %v", path, err)
	}
	switch {
	case g.Rounds < 1 || g.Rounds > min(len(g.days), MaxRounds):
		return badInputf("%s: rounds %d is not between 1 and %d", path, g.Rounds, min(len(g.days), MaxRounds))
	case g.Round < 1 || g.Round > g.Rounds+1:
		return badInputf("%s: round %d is not between 1 and %d", path, g.Round, g.Rounds+1)
	case len(g.Played) != g.Round-1:
		return badInputf("%s: round %d, but %d rounds are recorded as played", path, g.Round, len(g.Played))
	}
	for i, p := range g.Played {
		if p.Round != i+1 {
			return badInputf("%s: played round %d is recorded as round %d", path, i+1, p.Round)
		}
		if p.History != "" && !market.IsFingerprint(p.History) {
			return badInputf("%s: the history of played round %d is not a fingerprint (16 hex digits); restore the file", path, p.Round)
		}
		for team := range p.Files {
			if !slices.Contains(g.Teams, team) {
				return badInputf("%s: played round %d has a file of %q, which is not a team", path, p.Round, team)
			}
		}
	}
	return nil
}

// open reads and builds the frozen scenario.
func (g *Game) open() error {
	o, err := scenarios.Open(filepath.Join(g.Dir, ScenarioFile), nil)
	if err != nil {
		return badInput(err)
	}
	cfg, _, err := o.Build()
	if err != nil {
		return badInput(err)
	}
	g.opened, g.cfg, g.days = o, cfg, decisionDays(cfg)
	return nil
}

// Over reports whether every round has been played.
func (g *Game) Over() bool { return g.Round > g.Rounds }

// Name is the display name of a company of the game's scenario.
func (g *Game) Name(id string) string {
	for _, p := range g.cfg.Providers {
		if p.ID == id {
			return p.Name
		}
	}
	for _, s := range g.cfg.Suppliers {
		if s.ID == id {
			return s.Name
		}
	}
	return id
}

// Scenario is the name of the game's scenario.
func (g *Game) Scenario() string { return g.cfg.Name }

// RoundDir is the folder of round k, relative to the game folder.
func RoundDir(k int) string { return fmt.Sprintf("round-%02d", k) }

// DecisionPath is where team hands in its file for round k, relative to
// the game folder and slash-separated (reports quote it, and must read
// the same on every system; filepath.Join accepts it).
func DecisionPath(k int, team string) string {
	return path.Join(RoundDir(k), "decisions", team+".yaml")
}

// TemplatePath is team's template for round k, relative to the game
// folder and slash-separated.
func TemplatePath(k int, team string) string {
	return path.Join(RoundDir(k), "templates", team+".yaml")
}

// save writes game.yaml atomically.
func (g *Game) save() error {
	var b strings.Builder
	b.WriteString("# An aicloudsim classroom game. `aicloudsim play next` updates this file; do not edit it.\n")
	fmt.Fprintf(&b, "format: %d\n", formatVersion)
	fmt.Fprintf(&b, "scenario: %s\n", yamlString(g.ScenarioRef))
	if len(g.Sets) > 0 {
		b.WriteString("sets:\n")
		for _, s := range g.Sets {
			fmt.Fprintf(&b, "  - %s\n", yamlString(s))
		}
	}
	fmt.Fprintf(&b, "scenario_hash: %s\n", g.Hash)
	fmt.Fprintf(&b, "seed: %d\n", g.Seed)
	fmt.Fprintf(&b, "teams: [%s]\n", strings.Join(g.Teams, ", "))
	fmt.Fprintf(&b, "rounds: %d\n", g.Rounds)
	fmt.Fprintf(&b, "round: %d   # the round waiting for decisions\n", g.Round)
	if len(g.Played) > 0 {
		b.WriteString("played:   # the SHA-256 of each decision file a round was played with; a team not listed had none\n")
		b.WriteString("          # history: the fingerprint of the game's numbers up to the round's end, which every replay must give\n")
	}
	for _, p := range g.Played {
		fmt.Fprintf(&b, "  - round: %d\n", p.Round)
		if p.History != "" {
			fmt.Fprintf(&b, "    history: %s\n", p.History)
		}
		if len(p.Files) == 0 {
			continue
		}
		b.WriteString("    files:\n")
		for _, team := range g.Teams {
			if h, ok := p.Files[team]; ok {
				fmt.Fprintf(&b, "      %s: %s\n", team, h)
			}
		}
	}
	return writeShared(filepath.Join(g.Dir, GameFile), []byte(b.String()))
}

// yamlString writes s as a YAML scalar, quoted when it needs to be.
func yamlString(s string) string {
	b, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimRight(string(b), "\n")
}

// fileHash is the hex SHA-256 of data.
func fileHash(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// writeShared writes a game file atomically, readable by all (the class
// reads the game folder).
func writeShared(path string, data []byte) error { return reports.WriteFileAtomic(path, data, 0o644) }
