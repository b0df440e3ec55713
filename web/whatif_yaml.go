package web

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// whatIfYAML writes the what-if s as a scenario file: `extends:` the
// embedded scenario, its seed, and the changes as nested keys. A change
// inside a list (an event's date, say) cannot be merged by key, so the
// whole top-level list is written as the what-if has it. A number given
// as a plain value replaces the parent's {value, range, source} whole,
// as `extends` does: the file says what the what-if assumed, without the
// range written for the original value.
func whatIfYAML(o *opened, s runSpec) ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(parent *yaml.Node, key string) *yaml.Node {
		for i := 0; i+1 < len(parent.Content); i += 2 {
			if parent.Content[i].Value == key {
				return parent.Content[i+1]
			}
		}
		v := &yaml.Node{Kind: yaml.MappingNode}
		parent.Content = append(parent.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, v)
		return v
	}
	scalar := func(parent *yaml.Node, key, value string) {
		parent.Content = append(parent.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key},
			&yaml.Node{Kind: yaml.ScalarNode, Value: value})
	}
	scalar(root, "extends", s.Scenario)
	scalar(root, "seed", fmt.Sprint(o.seed))
	var whole []string // top-level keys copied whole
	for _, set := range s.Sets {
		path, value, _ := strings.Cut(set, "=")
		segs := strings.Split(strings.TrimSpace(path), ".")
		if len(segs) > 1 && isList(o.Tree.Root, segs[0]) {
			if !slices.Contains(whole, segs[0]) {
				whole = append(whole, segs[0])
			}
			continue
		}
		n := root
		for _, seg := range segs[:len(segs)-1] {
			n = add(n, seg)
		}
		var v yaml.Node
		if err := yaml.Unmarshal([]byte(value), &v); err != nil || len(v.Content) != 1 {
			scalar(n, segs[len(segs)-1], strings.TrimSpace(value))
			continue
		}
		n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: segs[len(segs)-1]}, v.Content[0])
	}
	for _, key := range whole {
		for i := 0; i+1 < len(o.Tree.Root.Content); i += 2 {
			if o.Tree.Root.Content[i].Value == key {
				root.Content = append(root.Content, o.Tree.Root.Content[i], o.Tree.Root.Content[i+1])
			}
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# A what-if of the embedded scenario %q, made in the aicloudsim web studio.\n", s.Scenario)
	fmt.Fprintf(&b, "# Run it with: aicloudsim run this-file.yaml\n")
	for _, set := range s.Sets {
		fmt.Fprintf(&b, "#   changed: %s\n", strings.ReplaceAll(set, "\n", " "))
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// isList reports whether the top-level key of root holds a list.
func isList(root *yaml.Node, key string) bool {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == key {
			return root.Content[i+1].Kind == yaml.SequenceNode
		}
	}
	return false
}
