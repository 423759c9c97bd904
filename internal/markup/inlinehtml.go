package markup

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// tag is one inline raw HTML tag as goldmark found it.
type tag struct {
	typ  xhtml.TokenType
	name string
	node *xhtml.Node // the element the tag opens, for its attributes
	at   int         // where the tag is in the source
}

// readTag reads the tag a RawHTML node holds. A comment, a processing
// instruction or a declaration reads as an ErrorToken.
func (n *normaliser) readTag(r *ast.RawHTML) tag {
	if t, ok := n.tags[r]; ok {
		return t
	}
	t := readTag(r, n.src)
	n.tags[r] = t
	return t
}

func readTag(r *ast.RawHTML, src []byte) tag {
	var raw []byte
	for i := 0; i < r.Segments.Len(); i++ {
		s := r.Segments.At(i)
		raw = append(raw, s.Value(src)...)
	}
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	typ := z.Next()
	t := z.Token()
	switch typ {
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
		a := atom.Lookup([]byte(t.Data))
		return tag{typ: typ, name: t.Data, node: &xhtml.Node{Type: xhtml.ElementNode, Data: t.Data, DataAtom: a, Attr: t.Attr}, at: r.Segments.At(0).Start}
	}
	return tag{typ: xhtml.ErrorToken}
}

// voidAtoms are the elements that have no end tag.
var voidAtoms = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true, atom.Source: true,
	atom.Track: true, atom.Wbr: true, atom.Param: true,
}

// structured are the elements whose content is read as HTML, not as the
// inlines between their tags: what they show depends on their children's
// attributes.
var structured = map[atom.Atom]bool{atom.Picture: true, atom.Video: true, atom.Audio: true, atom.Object: true, atom.Iframe: true, atom.Svg: true}

// pairInline replaces the inline raw HTML tags among the children of
// parent: goldmark gives an opening and a closing tag as two RawHTML nodes
// with the content between them as siblings. A tag without its pair goes,
// its content stays, as does that of tags nested deeper than MaxDepth.
func (n *normaliser) pairInline(parent ast.Node) {
	for c := parent.FirstChild(); c != nil; {
		r, ok := c.(*ast.RawHTML)
		if !ok {
			c = c.NextSibling()
			continue
		}
		t := n.readTag(r)
		next := r.NextSibling()
		var made []ast.Node
		switch {
		case t.typ == xhtml.StartTagToken && !voidAtoms[t.node.DataAtom] && n.inlineDepth >= MaxDepth:
			n.tooDeep(r.Segments.At(0).Start)
		case t.typ == xhtml.StartTagToken && !voidAtoms[t.node.DataAtom]:
			end := closing(n, r, t.name)
			if end == nil {
				break // unclosed: the content stays as it is
			}
			next = end.NextSibling()
			var content []ast.Node
			for k := r.NextSibling(); k != end; k = k.NextSibling() {
				content = append(content, k)
			}
			for _, k := range content {
				parent.RemoveChild(parent, k)
			}
			parent.RemoveChild(parent, end)
			made = n.pairedElement(t, content)
		case t.typ == xhtml.StartTagToken || t.typ == xhtml.SelfClosingTagToken:
			made = n.voidElement(parent, r, t)
		}
		for _, m := range made {
			parent.InsertBefore(parent, r, m)
		}
		parent.RemoveChild(parent, r)
		c = next
		if len(made) > 0 {
			c = made[0] // content left unwrapped may hold tags of its own
		}
	}
}

// closing returns the RawHTML sibling after open that closes the element
// named name, or nil.
func closing(n *normaliser, open *ast.RawHTML, name string) *ast.RawHTML {
	depth := 0
	for k := open.NextSibling(); k != nil; k = k.NextSibling() {
		r, ok := k.(*ast.RawHTML)
		if !ok {
			continue
		}
		t := n.readTag(r)
		if t.name != name {
			continue
		}
		switch t.typ {
		case xhtml.StartTagToken:
			depth++
		case xhtml.EndTagToken:
			if depth == 0 {
				return r
			}
			depth--
		}
	}
	return nil
}

// voidElement returns the nodes an element without content makes.
func (n *normaliser) voidElement(parent ast.Node, r *ast.RawHTML, t tag) []ast.Node {
	h := t.node
	switch h.DataAtom {
	case atom.Br:
		if prev, ok := r.PreviousSibling().(*ast.Text); ok {
			prev.SetSoftLineBreak(false)
			prev.SetHardLineBreak(true)
			return nil
		}
		br := n.text("")
		br.SetHardLineBreak(true)
		return []ast.Node{br}
	case atom.Img:
		if img := n.image(h); img != nil {
			return []ast.Node{img}
		}
	case atom.Embed:
		holder := ast.NewParagraph()
		n.htmlInline(holder, embedLink(h))
		return children(holder)
	}
	var out []ast.Node
	if id := attr(h, "id"); id != "" {
		out = append(out, NewAnchor(n.scopeID(id)))
	}
	return out
}

// pairedElement returns the nodes an element with its content makes.
func (n *normaliser) pairedElement(t tag, content []ast.Node) []ast.Node {
	h := t.node
	a := h.DataAtom
	if a == atom.Script {
		if link := scriptEmbed(h); link != nil {
			holder := ast.NewParagraph()
			n.htmlInline(holder, link)
			return children(holder)
		}
		return nil
	}
	if dropped[a] || a == atom.Noscript && asksForScripts(n.rawSource(content)) {
		return nil
	}
	if structured[a] {
		html := "<" + t.name + attrsHTML(h) + ">" + n.rawSource(content) + "</" + t.name + ">"
		holder := ast.NewParagraph()
		n.space = false
		n.htmlInlines(holder, n.parseHTML([]byte(html), t.at))
		return children(holder)
	}
	var out []ast.Node
	var box ast.Node
	switch a {
	case atom.A:
		holder := ast.NewParagraph()
		box = n.anchorLink(holder, attr(h, "name"), attr(h, "id"), attr(h, "href"))
		out = children(holder)
	case atom.Code, atom.Kbd, atom.Tt, atom.Samp:
		cs := ast.NewCodeSpan()
		cs.AppendChild(cs, n.text(n.plain(content)))
		return append(anchorOf(n, h), cs)
	default:
		out = anchorOf(n, h)
		box = inlineBox(a)
	}
	if box == nil {
		return append(out, content...)
	}
	for _, c := range content {
		box.AppendChild(box, c)
	}
	n.inlineDepth++
	n.pairInline(box)
	n.inlineDepth--
	return append(out, box)
}

func anchorOf(n *normaliser, h *xhtml.Node) []ast.Node {
	if id := attr(h, "id"); id != "" {
		return []ast.Node{NewAnchor(n.scopeID(id))}
	}
	return nil
}

func children(parent ast.Node) []ast.Node {
	var out []ast.Node
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, c)
	}
	return out
}

// plain returns the text of inline nodes as a reader sees it.
func (n *normaliser) plain(nodes []ast.Node) string {
	var b strings.Builder
	for _, c := range nodes {
		switch v := c.(type) {
		case *ast.Text:
			if v.IsRaw() {
				b.Write(v.Value(n.src))
			} else {
				b.Write(resolve(v.Value(n.src)))
			}
			if v.SoftLineBreak() || v.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(v.Value)
		case *ast.CodeSpan:
			b.WriteString(n.plain(children(v)))
		case *ast.AutoLink:
			b.Write(v.Label(n.src))
		case *ast.RawHTML:
		default:
			b.WriteString(n.plain(children(v)))
		}
	}
	return b.String()
}

// rawSource returns inline nodes as the HTML they were written as, for
// the elements whose content is read as HTML.
func (n *normaliser) rawSource(nodes []ast.Node) string {
	var b strings.Builder
	for _, c := range nodes {
		switch v := c.(type) {
		case *ast.RawHTML:
			for i := 0; i < v.Segments.Len(); i++ {
				s := v.Segments.At(i)
				b.Write(s.Value(n.src))
			}
		case *ast.Text:
			b.WriteString(xhtml.EscapeString(n.plain([]ast.Node{v})))
		default:
			b.WriteString(n.rawSource(children(v)))
		}
	}
	return b.String()
}

func attrsHTML(h *xhtml.Node) string {
	var b strings.Builder
	for _, a := range h.Attr {
		b.WriteString(" " + a.Key + `="` + xhtml.EscapeString(a.Val) + `"`)
	}
	return b.String()
}
