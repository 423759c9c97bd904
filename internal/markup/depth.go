package markup

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MaxDepth is how deep the elements of a post may nest: lists, quotes,
// emphasis, raw HTML elements. Deeper content is kept, flat, at that
// depth. Past a few hundred levels HTML parsers give up (x/net/html at
// 512) and goldmark's list parsing takes time cubic in the depth.
const MaxDepth = 100

// MaxIndent is the widest indentation, in columns, a line of Markdown
// keeps: enough for lists nested MaxDepth/2 deep.
const MaxIndent = 2 * MaxDepth

// capIndent returns body with every line's indentation cut to MaxIndent
// columns (a tab counting to the next multiple of four), and the offset of
// the first line cut, or -1. body is copied only when a line is cut.
func capIndent(body []byte) ([]byte, int) {
	var out []byte
	first := -1
	done := 0 // body[:done] is in out
	for start := 0; start < len(body); {
		end := bytes.IndexByte(body[start:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += start + 1
		}
		cols, i := 0, start
		for ; i < end && (body[i] == ' ' || body[i] == '\t'); i++ {
			if body[i] == '\t' {
				cols += 4 - cols%4
			} else {
				cols++
			}
		}
		if cols > MaxIndent {
			if first < 0 {
				first = start
				out = make([]byte, 0, len(body))
			}
			out = append(out, body[done:start]...)
			out = append(out, bytes.Repeat([]byte{' '}, MaxIndent)...)
			done = i
		}
		start = end
	}
	if first < 0 {
		return body, -1
	}
	return append(out, body[done:]...), first
}

// flattenable are the nodes that only group their children: past
// MaxDepth they go and their children take their place.
func flattenable(c ast.Node) bool {
	switch c.(type) {
	case *ast.List, *ast.ListItem, *ast.Blockquote:
		return true
	case *ast.Image, *ast.CodeSpan, *ast.AutoLink:
		return false
	}
	return c.Type() == ast.TypeInline && c.HasChildren()
}

// capDepth keeps the nodes under parent, at depth, from nesting deeper
// than MaxDepth: lists, quotes and inline boxes deeper than that are
// replaced by their content.
func (n *normaliser) capDepth(parent ast.Node, depth int) {
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if depth >= MaxDepth && flattenable(c) {
			n.tooDeep(nodeStart(c))
			if first := hoist(c); first != nil {
				next = first // the content may nest deeper still
			}
		} else {
			n.capDepth(c, depth+1)
		}
		c = next
	}
}

// nodeStart is where the source of n starts, or -1 when unknown.
func nodeStart(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			return t.Segment.Start
		}
		if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
			return c.Lines().At(0).Start
		}
	}
	return -1
}

// tooDeep records that content at offset at of the source nested too
// deep; the first place is reported.
func (n *normaliser) tooDeep(at int) {
	if n.deepAt == nil {
		n.deepAt = &at
	}
}

// flattenHTML returns raw without the tags nested deeper than MaxDepth,
// their content kept, and whether it left any out. Void elements and
// the tags' order are kept, so what an HTML parser builds of the result
// is the same tree, cut at MaxDepth.
func flattenHTML(raw []byte) ([]byte, bool) {
	if bytes.Count(raw, []byte("<")) <= MaxDepth {
		return raw, false
	}
	var out bytes.Buffer
	cut := false
	depth := 0
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return out.Bytes(), cut
		case xhtml.StartTagToken:
			name, _ := z.TagName()
			if voidAtoms[atom.Lookup(name)] {
				break
			}
			depth++
			if depth > MaxDepth {
				cut = true
				continue
			}
		case xhtml.EndTagToken:
			depth--
			if depth >= MaxDepth {
				continue
			}
			depth = max(depth, 0)
		}
		out.Write(z.Raw())
	}
}
