package scenarios

import (
	"testing"

	"go.yaml.in/yaml/v3"
)

// Opening an embedded scenario twice gives two trees that share no node:
// a --set on one, or an edit of its nodes, leaves the next Open as the
// catalogue says, with the same hash and positions as a fresh parse.
func TestOpenEmbeddedCopies(t *testing.T) {
	const set = "segments.llm-api.buyers.cohorts=7"
	for _, name := range []string{"baseline", "price-war"} { // price-war extends baseline
		data, _ := embedded(name)
		fresh, err := Load(name+".yaml", data, resolve, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		changed, err := Open(name, []string{set})
		if err != nil {
			t.Fatal(err)
		}
		changed.Tree.Root.Content[1].Value = "edited" // a caller scribbling on its copy
		a, err := Open(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Open(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a.Hash != hashTree(fresh) || b.Hash != a.Hash || changed.Hash == a.Hash {
			t.Errorf("%s: hashes fresh %.8s, opened %.8s and %.8s, with --set %.8s", name, hashTree(fresh), a.Hash, b.Hash, changed.Hash)
		}
		if got := a.Scenario.Segments["llm-api"].Buyers.Cohorts; got == 7 {
			t.Errorf("%s: a --set on an earlier Open reached a later one", name)
		}
		shared := map[*yaml.Node]bool{}
		walk(a.Tree.Root, func(n *yaml.Node) { shared[n] = true })
		walk(b.Tree.Root, func(n *yaml.Node) {
			if shared[n] {
				t.Fatalf("%s: two Opens share a node", name)
			}
		})
		// Every node keeps the file and line a fresh parse gives it.
		var want, got []Pos
		walk(fresh.Root, func(n *yaml.Node) { want = append(want, fresh.Pos(n)) })
		walk(b.Tree.Root, func(n *yaml.Node) { got = append(got, b.Tree.Pos(n)) })
		if len(got) != len(want) {
			t.Fatalf("%s: %d nodes, a fresh parse has %d", name, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: node %d at %v, a fresh parse says %v", name, i, got[i], want[i])
			}
		}
	}
}

func walk(n *yaml.Node, f func(*yaml.Node)) {
	f(n)
	for _, c := range n.Content {
		walk(c, f)
	}
}

// A file that extends an embedded scenario gets the parent from the
// catalogue's parse, and two such loads share no node with each other or
// with the cache; a parent with other bytes under an embedded name is
// parsed from those bytes.
func TestParentFromCatalogueIsACopy(t *testing.T) {
	child := []byte("extends: baseline\nname: child\n")
	load := func(resolve Resolver) *Tree {
		t.Helper()
		tr, err := Load("child.yaml", child, resolve, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		return tr
	}
	a, b := load(resolve), load(resolve)
	seen := map[*yaml.Node]bool{}
	walk(a.Root, func(n *yaml.Node) { seen[n] = true })
	walk(b.Root, func(n *yaml.Node) {
		if seen[n] {
			t.Fatal("two loads share a node")
		}
	})
	if hashTree(a) != hashTree(b) {
		t.Error("two loads of one file differ")
	}
	other := load(func(ref, from string) (string, []byte, error) {
		return "baseline.yaml", []byte("name: not the catalogue's\n"), nil
	})
	if v := other.Root.Content[keyIndex(other.Root, "name")+1].Value; v != "child" {
		t.Errorf("name = %q", v)
	}
	if keyIndex(other.Root, "segments") >= 0 {
		t.Error("a parent with other bytes under an embedded name came from the catalogue")
	}
}
