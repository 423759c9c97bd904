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
