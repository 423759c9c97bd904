package confine

import "gopkg.in/yaml.v3"

// YAMLKeys counts the keys of every map below n, stopping past limit;
// line is the first key over the limit. It is how front matter and the
// book file are refused before decoding a number of keys that would take
// yaml.v3 minutes (its duplicate check is quadratic). Aliases are not
// followed: the YAML decoder bounds what they expand to.
func YAMLKeys(n *yaml.Node, limit int) (line int, over bool) {
	count := 0
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		if n.Kind == yaml.MappingNode {
			if keys := len(n.Content) / 2; count+keys > limit {
				line = n.Content[2*(limit-count)].Line // the first key over
				return true
			}
			count += len(n.Content) / 2
		}
		for _, c := range n.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	return line, walk(n)
}

// Duplicate is a key that a YAML map gives twice: Line is where it is
// given again, First where it was given before (1-based lines of the
// parsed text).
type Duplicate struct {
	Key         string
	Line, First int
}

// DropDuplicateKeys removes from every map below n the earlier entries of
// a key the map gives again, so that the last value wins, as Hugo and
// Jekyll read such a map (yaml.v3 refuses it). It returns the repeats in
// the order they come. Merge keys ("<<") may repeat and are kept.
func DropDuplicateKeys(n *yaml.Node) []Duplicate {
	var dups []Duplicate
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode && len(n.Content) >= 4 {
			last := map[string]int{} // key -> index of its last entry
			for i := 0; i+1 < len(n.Content); i += 2 {
				if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value != "<<" {
					if j, seen := last[k.Value]; seen {
						dups = append(dups, Duplicate{Key: k.Value, Line: k.Line, First: n.Content[j].Line})
					}
					last[k.Value] = i
				}
			}
			if len(dups) > 0 {
				kept := n.Content[:0]
				for i := 0; i+1 < len(n.Content); i += 2 {
					k := n.Content[i]
					if k.Kind == yaml.ScalarNode && k.Value != "<<" && last[k.Value] != i {
						continue
					}
					kept = append(kept, n.Content[i], n.Content[i+1])
				}
				n.Content = kept
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	return dups
}
