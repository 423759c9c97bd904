package markup

import (
	"strings"

	xhtml "golang.org/x/net/html"
)

// figures turns an image that stands alone in its paragraph, and has a
// caption, into a figure with a figcaption, so that reading systems keep
// the two together. The caption is the image's title, or else a paragraph
// right after it holding only emphasized text, which is how Hugo's figure
// shortcode and WordPress's [caption] come out of the sources.
func figures(nodes []*xhtml.Node) []*xhtml.Node {
	out := make([]*xhtml.Node, 0, len(nodes))
	for i := 0; i < len(nodes); i++ {
		n := nodes[i]
		img := loneImage(n)
		if img == nil {
			out = append(out, n)
			continue
		}
		var caption []*xhtml.Node
		if title := attr(img, "title"); strings.TrimSpace(title) != "" {
			caption = []*xhtml.Node{{Type: xhtml.TextNode, Data: title}}
		} else if j := nextElement(nodes, i); j > 0 {
			if em := loneChild(nodes[j], "em"); em != nil {
				caption = detach(em)
				// what lay between the image and its caption is white space
				i = j
			}
		}
		if caption == nil {
			out = append(out, n)
			continue
		}
		out = append(out, figure(n, caption))
	}
	return out
}

// loneImage returns the image a paragraph holds alone (possibly inside a
// link), or nil.
func loneImage(p *xhtml.Node) *xhtml.Node {
	child := loneChild(p, "img")
	if child == nil {
		if a := loneChild(p, "a"); a != nil {
			child = loneChild(a, "img")
		}
	}
	return child
}

// loneChild returns the only element child of a paragraph-like n when it is
// named name and no other text stands beside it.
func loneChild(n *xhtml.Node, name string) *xhtml.Node {
	if n.Type != xhtml.ElementNode || (n.Data != "p" && n.Data != "a") {
		return nil
	}
	var found *xhtml.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == xhtml.ElementNode && c.Data == name && found == nil:
			found = c
		default:
			return nil
		}
	}
	return found
}

// nextElement returns the index of the next element after i when only
// white space stands between, or -1.
func nextElement(nodes []*xhtml.Node, i int) int {
	for j := i + 1; j < len(nodes); j++ {
		switch n := nodes[j]; {
		case n.Type == xhtml.ElementNode:
			return j
		case n.Type == xhtml.TextNode && strings.TrimSpace(n.Data) == "":
		default:
			return -1
		}
	}
	return -1
}

func detach(n *xhtml.Node) []*xhtml.Node {
	var kids []*xhtml.Node
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		n.RemoveChild(c)
		kids = append(kids, c)
		c = next
	}
	return kids
}

// figure makes p a figure: its content, then the caption.
func figure(p *xhtml.Node, caption []*xhtml.Node) *xhtml.Node {
	p.Data, p.DataAtom = "figure", 0
	fc := &xhtml.Node{Type: xhtml.ElementNode, Data: "figcaption"}
	for _, c := range caption {
		fc.AppendChild(c)
	}
	p.AppendChild(fc)
	return p
}
