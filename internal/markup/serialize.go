package markup

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

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
			footnoteAsides(n)
		}
	case "table":
		wrapTable(n)
	case "th":
		if !hasAttr(n, "scope") {
			setAttr(n, "scope", headerScope(n))
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

// footnoteAsides makes the list of a post's notes one aside per note,
// each an EPUB 3 footnote with its ARIA role, which Apple Books and Kobo
// show as a pop-up. A note's links back to where it is called go before
// its aside, outside its text, so a pop-up shows the note alone; the
// first one, labelled with the note's number, is how the notes read in
// the text's order.
func footnoteAsides(div *xhtml.Node) {
	div.Data, div.DataAtom = "section", 0
	setAttr(div, "epub:type", "footnotes")
	removeAttr(div, "role") // doc-endnotes would want doc-endnote items, not pop-ups
	for ol := div.FirstChild; ol != nil; {
		next := ol.NextSibling
		if ol.Type == xhtml.ElementNode && ol.Data == "ol" {
			number := 1
			for li := ol.FirstChild; li != nil; li = li.NextSibling {
				if li.Type != xhtml.ElementNode || li.Data != "li" {
					continue
				}
				back, aside := footnoteAside(li, number)
				div.InsertBefore(back, ol)
				div.InsertBefore(aside, ol)
				number++
			}
			div.RemoveChild(ol)
		}
		ol = next
	}
}

// footnoteAside makes a note's list item its paragraph of back links and
// its aside.
func footnoteAside(li *xhtml.Node, number int) (back, aside *xhtml.Node) {
	aside = &xhtml.Node{Type: xhtml.ElementNode, Data: "aside", Attr: []xhtml.Attribute{
		{Key: "class", Val: "footnote"}, {Key: "epub:type", Val: "footnote"}, {Key: "id", Val: attr(li, "id")}, {Key: "role", Val: "doc-footnote"},
	}}
	for c := li.FirstChild; c != nil; c = li.FirstChild {
		li.RemoveChild(c)
		aside.AppendChild(c)
	}
	back = &xhtml.Node{Type: xhtml.ElementNode, Data: "p", Attr: []xhtml.Attribute{{Key: "class", Val: "footnote-back"}}}
	var links []*xhtml.Node
	var find func(*xhtml.Node)
	find = func(n *xhtml.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == xhtml.ElementNode && c.Data == "a" && hasClass(c, "footnote-backref") {
				links = append(links, c)
				continue
			}
			find(c)
		}
	}
	find(aside)
	for i, a := range links {
		trimBefore(a)
		a.Parent.RemoveChild(a)
		if i == 0 {
			for c := a.FirstChild; c != nil; c = a.FirstChild {
				a.RemoveChild(c)
			}
			a.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: strconv.Itoa(number) + "."})
		} else {
			back.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: " "})
		}
		back.AppendChild(a)
	}
	return back, aside
}

// trimBefore removes the white space goldmark puts between a note's text
// and its back link.
func trimBefore(n *xhtml.Node) {
	if t := n.PrevSibling; t != nil && t.Type == xhtml.TextNode {
		t.Data = strings.TrimRight(t.Data, " \u00a0\n\t")
	}
}

// wrapTable puts a table in a block a reading system scrolls when the
// table is wider than the screen.
func wrapTable(table *xhtml.Node) {
	wrap := &xhtml.Node{Type: xhtml.ElementNode, Data: "div", Attr: []xhtml.Attribute{{Key: "class", Val: "table"}}}
	table.Parent.InsertBefore(wrap, table)
	table.Parent.RemoveChild(table)
	wrap.AppendChild(table)
}

// headerScope is what a header cell heads: its column in the table's
// head, else its row.
func headerScope(th *xhtml.Node) string {
	for p := th.Parent; p != nil; p = p.Parent {
		if p.Type == xhtml.ElementNode && p.Data == "thead" {
			return "col"
		}
	}
	return "row"
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

func removeAttr(n *xhtml.Node, key string) {
	n.Attr = slices.DeleteFunc(n.Attr, func(a xhtml.Attribute) bool { return a.Key == key })
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

var voidNames = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true,
	"hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

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
		attrs := n.Attr
		if !slices.IsSortedFunc(attrs, byKey) {
			attrs = slices.Clone(attrs)
			slices.SortStableFunc(attrs, byKey)
		}
		written := "" // the last key written: a sorted list has its repeats together
		for _, a := range attrs {
			if a.Namespace != "" || a.Key == written || !isXMLName(a.Key) {
				continue
			}
			written = a.Key
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

func byKey(a, b xhtml.Attribute) int { return strings.Compare(a.Key, b.Key) }

// isXMLName reports whether an attribute's name is one XML can hold: an
// ASCII name with at most one prefix, like "epub:type".
func isXMLName(s string) bool {
	prefix, local, found := strings.Cut(s, ":")
	return isNCName(prefix) && (!found || isNCName(local))
}

func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', c == '_':
		case i > 0 && ('0' <= c && c <= '9' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// escapeXML writes s escaped for XML text, or for a quoted attribute value
// when inAttr. Runs of characters needing nothing are written as they are,
// a post's text being mostly such runs.
func escapeXML(w *strings.Builder, s string, inAttr bool) {
	done := 0 // s[:done] is written
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				// An invalid byte becomes U+FFFD, as when ranging over s.
				w.WriteString(s[done:i])
				w.WriteRune(utf8.RuneError)
				done = i + size
			case r == 0xFFFE || r == 0xFFFF:
				// not a character XML 1.0 can hold
				w.WriteString(s[done:i])
				done = i + size
			}
			i += size
			continue
		}
		var esc string
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"' && inAttr:
			esc = "&quot;"
		case c == '\n' && inAttr:
			esc = "&#10;"
		case c == '\t' || c == '\n' || c == '\r' || c >= 0x20:
			i++
			continue
		default:
			// a control character, which XML 1.0 cannot hold: esc stays empty
		}
		w.WriteString(s[done:i])
		w.WriteString(esc)
		i++
		done = i
	}
	w.WriteString(s[done:])
}
