package scenarios

import (
	"bytes"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// embeddedTrees holds each embedded scenario as Load returns it, parsed
// and extended once per process: the catalogue cannot change while the
// program runs, and a study or the web studio opens the same scenario
// again and again. Open hands out copies.
var embeddedTrees sync.Map // name → *Tree

// embeddedParents holds each embedded scenario as Parse returns it, for
// the scenarios that extend it (a user's file that says extends: baseline).
var embeddedParents sync.Map // parentKey → *Tree

type parentKey struct {
	name   string
	limits Limits
}

// parseParent is Parse for a parent named in extends, from a copy of the
// catalogue's parse when the parent is an embedded scenario with the
// catalogue's own bytes.
func parseParent(name string, data []byte, lim Limits) (*Tree, error) {
	// The catalogue's own bytes under the name it goes by: its parse is
	// the cached one, positions included.
	b, ok := embedded(strings.TrimSuffix(name, ".yaml"))
	if !ok || !bytes.Equal(b, data) {
		return Parse(name, data, lim)
	}
	k := parentKey{name, lim.orDefault()}
	if t, ok := embeddedParents.Load(k); ok {
		return t.(*Tree).clone(), nil
	}
	t, err := Parse(name, data, lim)
	if err != nil {
		return nil, err
	}
	embeddedParents.Store(k, t)
	return t.clone(), nil
}

// loadEmbedded returns a private copy of embedded scenario name after
// extends, and whether name is one; errors come from Load.
func loadEmbedded(name string) (*Tree, bool, error) {
	if t, ok := embeddedTrees.Load(name); ok {
		return t.(*Tree).clone(), true, nil
	}
	data, ok := embedded(name)
	if !ok {
		return nil, false, nil
	}
	t, err := Load(name+".yaml", data, resolve, Limits{})
	if err != nil {
		return nil, true, err
	}
	checked := map[string]bool{}
	for _, f := range t.files {
		if !checked[f] {
			if !isEmbeddedName(f) {
				return t, true, nil // it extends a file, which may change: no cache
			}
			checked[f] = true
		}
	}
	embeddedTrees.Store(name, t)
	return t.clone(), true, nil
}

// clone returns a deep copy of t: ApplySet and the callers of Open may
// change the copy's nodes without touching t.
func (t *Tree) clone() *Tree {
	c := &Tree{File: t.File, limits: t.limits, sets: t.sets, files: make(map[*yaml.Node]string, len(t.files))}
	seen := make(map[*yaml.Node]*yaml.Node, len(t.files))
	c.Root = c.copyNode(t.Root, t, seen)
	return c
}

// copyNode copies n and everything below it, recording each copy's file.
func (c *Tree) copyNode(n *yaml.Node, from *Tree, seen map[*yaml.Node]*yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if m, ok := seen[n]; ok {
		return m
	}
	m := new(yaml.Node)
	*m = *n
	seen[n] = m
	if f, ok := from.files[n]; ok {
		c.files[m] = f
	}
	m.Alias = c.copyNode(n.Alias, from, seen)
	if n.Content != nil {
		m.Content = make([]*yaml.Node, len(n.Content))
		for i, k := range n.Content {
			m.Content[i] = c.copyNode(k, from, seen)
		}
	}
	return m
}
