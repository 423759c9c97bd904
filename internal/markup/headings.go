package markup

import (
	"fmt"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// scopeHeadingIDs gives the ids a post sets on its headings itself
// ("## Setup {#setup}", as Hugo, Jekyll and Zola read it) the post's
// prefix, as generated ids have, so that they are unique in the book and
// links to them resolve; it reports whether there were any.
func scopeHeadingIDs(root ast.Node, prefix string) (own bool) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if v, ok := h.AttributeString("id"); ok {
			if id, ok := v.([]byte); ok && !strings.HasPrefix(string(id), prefix) {
				scoped := strings.Join(strings.Fields(strings.ReplaceAll(string(id), ":", "-")), "-")
				h.SetAttributeString("id", []byte(prefix+scoped))
				own = true
			}
		}
		return ast.WalkSkipChildren, nil
	})
	return own
}

// placeHeadings puts a post's headings under its title, which both books
// print as the first level: the shallowest heading becomes level 2, the
// others keep their depth relative to the headings above them, and no
// heading is more than one level below the one it follows ("#" then
// "###" become levels 2 and 3).
func placeHeadings(root ast.Node) {
	type placed struct{ from, to int }
	var open []placed // the headings the next one may sit under
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		for len(open) > 0 && open[len(open)-1].from >= h.Level {
			open = open[:len(open)-1]
		}
		level := 2
		if len(open) > 0 {
			level = min(open[len(open)-1].to+1, 6)
		}
		open = append(open, placed{from: h.Level, to: level})
		h.Level = level
		return ast.WalkSkipChildren, nil
	})
}

// SkipsHeadingLevel reports whether a heading of the post is not directly
// under the title or the heading before it: what placeHeadings rules out,
// checked again before the EPUB claims it.
func (d *Doc) SkipsHeadingLevel() bool {
	last, skips := 1, false // the post's title is the first level
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		h, ok := n.(*ast.Heading)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if h.Level > last+1 || h.Level < 2 {
			skips = true
			return ast.WalkStop, nil
		}
		last = h.Level
		return ast.WalkSkipChildren, nil
	})
	return skips
}

// uniqueIDs keeps each id of a post once, as XHTML requires: an anchor
// whose id came before (raw HTML's <a id="x"> written twice) goes, links
// to it landing at the first; a heading whose id came before (two "{#x}")
// gets a number, as generated ids do.
func uniqueIDs(root ast.Node) {
	seen := map[string]bool{}
	var drop []ast.Node
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		v, ok := n.AttributeString("id")
		id, isBytes := v.([]byte)
		if !ok || !isBytes || len(id) == 0 {
			return ast.WalkContinue, nil
		}
		if !seen[string(id)] {
			seen[string(id)] = true
			return ast.WalkContinue, nil
		}
		if _, ok := n.(*Anchor); ok {
			drop = append(drop, n)
			return ast.WalkContinue, nil
		}
		for i := 2; ; i++ {
			if next := fmt.Sprintf("%s-%d", id, i); !seen[next] {
				seen[next] = true
				n.SetAttributeString("id", []byte(next))
				break
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range drop {
		n.Parent().RemoveChild(n.Parent(), n)
	}
}
