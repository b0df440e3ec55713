package scenarios

import (
	"sync"

	"go.yaml.in/yaml/v3"
)

// embeddedTrees holds each embedded scenario as Load returns it, parsed
// and extended once per process: the catalogue cannot change while the
// program runs, and a study or the web studio opens the same scenario
// again and again. Open hands out copies.
var embeddedTrees sync.Map // name → *Tree

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
	for _, f := range t.files {
		if !isEmbeddedName(f) {
			return t, true, nil // it extends a file, which may change: no cache
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
