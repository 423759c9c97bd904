package markup

import (
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageBreak is where a page of the print edition begins in a post's
// text, as the print edition's renderer counts it: in top-level block
// Block of the document, before its Word-th word (from 0). Words are runs
// of text between word spaces (IsWordSpace), line breaks, images and the
// edges of blocks, however inline elements cut them: both renderers count
// them alike.
type PageBreak struct {
	Block, Word int
	// Label is the page's number as the print edition shows it.
	Label string
}

// IsWordSpace reports whether r separates words: the spaces a line may
// break at. The PDF breaks its lines there; a PageBreak counts words
// between them.
func IsWordSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u2009' || r == '\u200B'
}

// pageBreakNode is the empty element that marks a page break, labelled
// for assistive technology as DPUB-ARIA asks.
func pageBreakNode(b PageBreak) *xhtml.Node {
	return &xhtml.Node{Type: xhtml.ElementNode, Data: "span", DataAtom: atom.Span, Attr: []xhtml.Attribute{
		{Key: "aria-label", Val: b.Label},
		{Key: "epub:type", Val: "pagebreak"},
		{Key: "id", Val: "page-" + b.Label},
		{Key: "role", Val: "doc-pagebreak"},
	}}
}

// placePageBreaks puts the breaks of one top-level block, in order, into
// body, which holds the block's rendering: each before its word, or at the
// end of the block when it has fewer words.
func placePageBreaks(body *xhtml.Node, breaks []PageBreak) {
	first := body.FirstChild // breaks before it keep their order
	for len(breaks) > 0 && breaks[0].Word <= 0 {
		body.InsertBefore(pageBreakNode(breaks[0]), first)
		breaks = breaks[1:]
	}
	w := wordWalker{breaks: breaks}
	w.walk(body)
	for _, b := range w.breaks {
		body.AppendChild(pageBreakNode(b))
	}
}

// wordWalker counts the words of a block's rendering, in document order,
// and puts each page break before its word.
type wordWalker struct {
	breaks []PageBreak
	words  int  // words begun so far
	inWord bool // the text so far ends inside a word
}

// wordBoundaries are the elements a word never runs across, as the PDF
// lays them out: blocks apart, and images and line breaks inside a
// paragraph.
var wordBoundaries = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Pre: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Table: true, atom.Thead: true, atom.Tbody: true, atom.Tfoot: true,
	atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Div: true, atom.Section: true,
	atom.Aside: true, atom.Article: true, atom.Hr: true, atom.Br: true, atom.Img: true,
}

func (w *wordWalker) walk(n *xhtml.Node) {
	for c := n.FirstChild; c != nil && len(w.breaks) > 0; {
		next := c.NextSibling
		switch c.Type {
		case xhtml.TextNode:
			w.text(c)
		case xhtml.ElementNode:
			if attr(c, "role") == "doc-backlink" {
				break // a note's way back: no word of the print edition
			}
			edge := wordBoundaries[c.DataAtom]
			if edge {
				w.inWord = false
			}
			w.walk(c)
			if edge {
				w.inWord = false
			}
		}
		c = next
	}
}

// text counts the words of a text node, splitting it to put a break
// before the word it marks.
func (w *wordWalker) text(n *xhtml.Node) {
	for i, r := range n.Data {
		if IsWordSpace(r) {
			w.inWord = false
			continue
		}
		if w.inWord {
			continue
		}
		w.inWord = true
		if w.breaks[0].Word > w.words {
			w.words++
			continue
		}
		// this word is where the next breaks go: split the text before it
		if i > 0 {
			before := &xhtml.Node{Type: xhtml.TextNode, Data: n.Data[:i]}
			n.Parent.InsertBefore(before, n)
			n.Data = n.Data[i:]
		}
		for len(w.breaks) > 0 && w.breaks[0].Word <= w.words {
			n.Parent.InsertBefore(pageBreakNode(w.breaks[0]), n)
			w.breaks = w.breaks[1:]
		}
		w.words++
		if len(w.breaks) > 0 {
			w.text(n) // the rest of the node, from the word just counted
		}
		return
	}
}
