package scenarios

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"

	"go.yaml.in/yaml/v3"
)

// hashTree returns the hex SHA-256 of what a merged tree says: every
// node's kind, resolved tag and value, and the structure of mappings and
// sequences, with aliases replaced by what they stand for. Comments,
// styles, anchors and positions do not count, so the hash identifies a
// scenario, not how it is written. It walks the tree once, without
// rendering it as YAML; the node limits bound the walk.
func hashTree(t *Tree) string {
	h := sha256.New()
	var buf []byte
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		buf = append(buf[:0], byte(n.Kind))
		switch n.Kind {
		case yaml.ScalarNode:
			buf = appendString(buf, n.ShortTag())
			buf = appendString(buf, n.Value)
			h.Write(buf)
			return
		case yaml.DocumentNode, yaml.SequenceNode, yaml.MappingNode:
			buf = binary.AppendUvarint(buf, uint64(len(n.Content)))
			h.Write(buf)
			for _, c := range n.Content {
				walk(c)
			}
			return
		}
		h.Write(buf)
	}
	if t.Root != nil {
		walk(t.Root)
	}
	return hexSum(h)
}

// appendString appends s with its length first.
func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// LegacyHash is the scenario hash of versions before hashTree: the hex
// SHA-256 of the merged tree rendered as YAML without comments. Files that
// recorded a hash then (a classroom game's game.yaml) are checked against
// it when the current hash does not match.
func LegacyHash(t *Tree) (string, error) {
	root := clone(t.Root)
	var strip func(n *yaml.Node)
	strip = func(n *yaml.Node) {
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, c := range n.Content {
			strip(c)
		}
	}
	strip(root)
	b, err := (&Tree{Root: root, File: t.File}).Marshal()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
