package markup

import (
	"regexp"
	"slices"
	"strings"

	xhtml "golang.org/x/net/html"
)

// fixer adapts a sanitized post fragment to life inside a book: ids scoped
// to the post, EPUB 3 note semantics, images and links mapped by the caller.
type fixer struct {
	prefix string
	opts   XHTMLOptions
}

func (f *fixer) fix(n *xhtml.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == xhtml.ElementNode {
			f.fixElement(c)
		}
		c = next
	}
}

func (f *fixer) fixElement(n *xhtml.Node) {
	if id := attr(n, "id"); id != "" {
		setAttr(n, "id", f.scopeID(id))
	}
	switch n.Data {
	case "a":
		f.fixLink(n)
	case "img":
		if !f.fixImage(n) {
			return
		}
	case "div":
		if hasClass(n, "footnotes") {
			n.Data, n.DataAtom = "section", 0
			setAttr(n, "epub:type", "footnotes")
			setAttr(n, "role", "doc-endnotes")
			for ol := n.FirstChild; ol != nil; ol = ol.NextSibling {
				if ol.Type == xhtml.ElementNode && ol.Data == "ol" {
					for li := ol.FirstChild; li != nil; li = li.NextSibling {
						if li.Type == xhtml.ElementNode && li.Data == "li" {
							setAttr(li, "epub:type", "footnote")
							// inside doc-endnotes, ARIA allows doc-endnote, not doc-footnote
							setAttr(li, "role", "doc-endnote")
						}
					}
				}
			}
		}
	}
	f.fix(n)
}

func (f *fixer) fixLink(n *xhtml.Node) {
	href := attr(n, "href")
	switch {
	case strings.HasPrefix(href, "#"):
		setAttr(n, "href", "#"+f.scopeID(href[1:]))
	case href != "" && f.opts.Link != nil:
		setAttr(n, "href", f.opts.Link(href))
	}
	switch {
	case hasClass(n, "footnote-ref"):
		setAttr(n, "epub:type", "noteref")
		setAttr(n, "role", "doc-noteref")
	case hasClass(n, "footnote-backref"):
		setAttr(n, "role", "doc-backlink")
	}
}

// fixImage maps an image's source, or replaces the image by its alt text.
// It reports whether the image stays.
func (f *fixer) fixImage(n *xhtml.Node) bool {
	src := attr(n, "src")
	if f.opts.Image != nil {
		if mapped, ok := f.opts.Image(src); ok {
			setAttr(n, "src", mapped)
			if !hasAttr(n, "alt") {
				setAttr(n, "alt", "")
			}
			return true
		}
	}
	alt := attr(n, "alt")
	span := &xhtml.Node{Type: xhtml.ElementNode, Data: "span", Attr: []xhtml.Attribute{{Key: "class", Val: "missing-image"}}}
	span.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: alt})
	n.Parent.InsertBefore(span, n)
	n.Parent.RemoveChild(n)
	return false
}

// scopeID makes an id unique within the book and a valid XML name.
func (f *fixer) scopeID(id string) string {
	id = strings.ReplaceAll(id, ":", "-")
	if strings.HasPrefix(id, f.prefix) {
		return id
	}
	return f.prefix + id
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *xhtml.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func setAttr(n *xhtml.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, xhtml.Attribute{Key: key, Val: val})
}

func hasClass(n *xhtml.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

var (
	xmlName   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?$`)
	voidNames = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
		"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}
)

// writeXHTML serializes n as XML: void elements self-closed, attributes
// quoted and unique, characters XML cannot hold dropped.
func writeXHTML(w *strings.Builder, n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		escapeXML(w, n.Data, false)
	case xhtml.ElementNode:
		w.WriteByte('<')
		w.WriteString(n.Data)
		// bluemonday emits attributes in map order; sorting them keeps
		// the bytes of a book the same from one build to the next.
		attrs := slices.Clone(n.Attr)
		slices.SortStableFunc(attrs, func(a, b xhtml.Attribute) int { return strings.Compare(a.Key, b.Key) })
		seen := map[string]bool{}
		for _, a := range attrs {
			if a.Namespace != "" || seen[a.Key] || !xmlName.MatchString(a.Key) {
				continue
			}
			seen[a.Key] = true
			w.WriteByte(' ')
			w.WriteString(a.Key)
			w.WriteString(`="`)
			escapeXML(w, a.Val, true)
			w.WriteByte('"')
		}
		if voidNames[n.Data] {
			w.WriteString("/>")
			return
		}
		w.WriteByte('>')
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeXHTML(w, c)
		}
		w.WriteString("</")
		w.WriteString(n.Data)
		w.WriteByte('>')
	}
}

func escapeXML(w *strings.Builder, s string, inAttr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			w.WriteString("&amp;")
		case r == '<':
			w.WriteString("&lt;")
		case r == '>':
			w.WriteString("&gt;")
		case r == '"' && inAttr:
			w.WriteString("&quot;")
		case r == '\n' && inAttr:
			w.WriteString("&#10;")
		case r == '\t' || r == '\n' || r == '\r':
			w.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not a character XML 1.0 can hold
		default:
			w.WriteRune(r)
		}
	}
}
