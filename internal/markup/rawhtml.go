package markup

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawHTML replaces the raw HTML under root, blocks and inline tags, by the
// nodes Markdown makes for the same content, so that no renderer has to
// read HTML.
func (n *normaliser) rawHTML(root ast.Node) {
	for c := root.FirstChild(); c != nil; {
		next := c.NextSibling()
		switch v := c.(type) {
		case *ast.HTMLBlock:
			n.htmlBlock(root, v)
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan:
		case *ast.RawHTML:
			// inline tags are paired within their parent, below
		default:
			n.rawHTML(c)
		}
		c = next
	}
	n.pairInline(root)
}

// htmlBlock puts the blocks an HTML block holds in its place.
func (n *normaliser) htmlBlock(parent ast.Node, b *ast.HTMLBlock) {
	var raw bytes.Buffer
	lines := b.Lines()
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		raw.Write(s.Value(n.src))
	}
	if b.HasClosure() {
		raw.Write(b.ClosureLine.Value(n.src))
	}
	at := -1
	if lines.Len() > 0 {
		at = lines.At(0).Start
	}
	holder := ast.NewDocument()
	n.htmlBlocks(holder, n.parseHTML(raw.Bytes(), at))
	for c := holder.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, b, c)
		c = next
	}
	parent.RemoveChild(parent, b)
}

// parseHTML parses a fragment of HTML, found at offset at of the source,
// as the content of a body element. Elements nested deeper than MaxDepth
// are left out, their content kept.
func (n *normaliser) parseHTML(raw []byte, at int) *xhtml.Node {
	raw, cut := flattenHTML(raw)
	if cut {
		n.tooDeep(at)
	}
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	// A book runs no script: what a page shows without them (noscript's
	// content, a chart's picture) is what it shows.
	nodes, err := xhtml.ParseFragmentWithOptions(bytes.NewReader(raw), body, xhtml.ParseOptionEnableScripting(false))
	if err != nil {
		// x/net/html reads any bytes; its one error left is a stack of
		// open elements that implied ones made too deep: keep the text.
		n.tooDeep(at)
		body.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: htmlText(raw)})
		return body
	}
	for _, c := range nodes {
		body.AppendChild(c)
	}
	dropScriptNotices(body)
	return body
}

// htmlText is the text of an HTML fragment, its tags left out.
func htmlText(raw []byte) string {
	var b strings.Builder
	z := xhtml.NewTokenizer(bytes.NewReader(raw))
	for tt := z.Next(); tt != xhtml.ErrorToken; tt = z.Next() {
		if tt == xhtml.TextToken {
			b.Write(z.Text())
		}
	}
	return b.String()
}

// dropScriptNotices removes the noscript elements below h that ask for
// JavaScript ("Please enable JavaScript to view the comments"): a book has
// none to enable. The others keep their content, which stands in for what
// a script would have shown.
func dropScriptNotices(h *xhtml.Node) {
	for c := h.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Noscript && asksForScripts(textContent(c)) {
			h.RemoveChild(c)
		} else {
			dropScriptNotices(c)
		}
		c = next
	}
}

func asksForScripts(text string) bool {
	return strings.Contains(strings.ToLower(text), "javascript")
}

// blockAtoms are the elements that stand as blocks of their own; the rest
// is inline content, gathered into paragraphs.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Table: true,
	atom.Hr: true, atom.Figure: true, atom.Figcaption: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Main: true,
	atom.Nav: true, atom.Details: true, atom.Summary: true, atom.Center: true, atom.Address: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Form: true, atom.Fieldset: true, atom.Caption: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Noscript: true,
}

// dropped are the elements that show nothing in a book, content and all.
// (An svg element is drawn as a picture: see svgImage.)
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Form: true, atom.Button: true,
	atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Head: true,
	atom.Title: true, atom.Meta: true, atom.Link: true, atom.Source: true, atom.Track: true,
	atom.Param: true, atom.Math: true, atom.Canvas: true, atom.Map: true,
}

// embeds are the players a book cannot hold: each becomes a link to what
// it plays, after its fallback content.
var embeds = map[atom.Atom]bool{atom.Iframe: true, atom.Video: true, atom.Audio: true, atom.Object: true, atom.Embed: true}

// htmlBlocks appends the blocks that the children of h make to parent:
// block elements become blocks, runs of inline content paragraphs.
func (n *normaliser) htmlBlocks(parent ast.Node, h *xhtml.Node) {
	var run []*xhtml.Node
	flush := func() {
		n.paragraph(parent, run)
		run = run[:0]
	}
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && blockAtoms[c.DataAtom] {
			flush()
			n.htmlBlock1(parent, c)
			continue
		}
		run = append(run, c)
	}
	flush()
}

// paragraph appends to parent a paragraph of the inline nodes, unless they
// show nothing. In a list item the paragraph is a tight one.
func (n *normaliser) paragraph(parent ast.Node, nodes []*xhtml.Node) {
	var p ast.Node = ast.NewParagraph()
	if _, ok := parent.(*ast.ListItem); ok {
		p = ast.NewTextBlock()
	}
	n.space = true
	for _, c := range nodes {
		n.htmlInline(p, c)
	}
	trimInlines(p, n.src)
	if p.HasChildren() {
		parent.AppendChild(parent, p)
	}
}

// htmlBlock1 appends the block one element makes.
func (n *normaliser) htmlBlock1(parent ast.Node, h *xhtml.Node) {
	if h.DataAtom == atom.Script {
		if a := scriptEmbed(h); a != nil {
			n.paragraph(parent, []*xhtml.Node{a})
		}
		return
	}
	if dropped[h.DataAtom] {
		return
	}
	id := attr(h, "id")
	switch h.DataAtom {
	case atom.P, atom.Dt, atom.Summary, atom.Caption, atom.Figcaption:
		n.paragraph(parent, anchored(id, h))
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		hd := ast.NewHeading(int(h.Data[1] - '0'))
		if id != "" {
			hd.SetAttributeString("id", []byte(n.scopeID(id)))
		}
		n.space = true
		n.htmlInlines(hd, h)
		trimInlines(hd, n.src)
		parent.AppendChild(parent, hd)
	case atom.Blockquote:
		q := ast.NewBlockquote()
		n.htmlBlocks(q, withAnchor(id, h))
		parent.AppendChild(parent, q)
	case atom.Pre:
		n.anchorBlock(parent, id)
		parent.AppendChild(parent, n.codeBlock(h))
	case atom.Ul, atom.Ol:
		n.anchorBlock(parent, id)
		parent.AppendChild(parent, n.list(h))
	case atom.Table:
		n.anchorBlock(parent, id)
		n.table(parent, h)
	case atom.Hr:
		parent.AppendChild(parent, ast.NewThematicBreak())
	case atom.Figure:
		if f := n.figure(h); f != nil {
			n.anchorBlock(parent, id)
			parent.AppendChild(parent, f)
			return
		}
		n.htmlBlocks(parent, withAnchor(id, h))
	default:
		n.htmlBlocks(parent, withAnchor(id, h))
	}
}

// anchored returns the children of h, after an anchor for id if any.
func anchored(id string, h *xhtml.Node) []*xhtml.Node {
	var out []*xhtml.Node
	if id != "" {
		out = append(out, anchorElement(id))
	}
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// withAnchor returns h with an anchor for id as its first child, so that
// the anchor opens the first paragraph of h's content.
func withAnchor(id string, h *xhtml.Node) *xhtml.Node {
	if id != "" {
		h.InsertBefore(anchorElement(id), h.FirstChild)
	}
	return h
}

// anchorElement is an empty <a name> standing for an id.
func anchorElement(id string) *xhtml.Node {
	return &xhtml.Node{Type: xhtml.ElementNode, Data: "a", DataAtom: atom.A, Attr: []xhtml.Attribute{{Key: "name", Val: id}}}
}

// anchorBlock appends a paragraph holding only the anchor for id, for a
// block that cannot hold one.
func (n *normaliser) anchorBlock(parent ast.Node, id string) {
	if id != "" {
		p := ast.NewParagraph()
		p.AppendChild(p, NewAnchor(n.scopeID(id)))
		parent.AppendChild(parent, p)
	}
}

// codeBlock makes a fenced code block of a pre element: its text as it is,
// its language from a language-x or lang-x class of the pre or its code.
func (n *normaliser) codeBlock(h *xhtml.Node) *ast.FencedCodeBlock {
	lang := language(h)
	for c := h.FirstChild; c != nil && lang == ""; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Code {
			lang = language(c)
		}
	}
	var info *ast.Text
	if lang != "" {
		info = n.text(lang)
	}
	cb := ast.NewFencedCodeBlock(info)
	code := textContent(h)
	code = strings.ReplaceAll(code, "\r\n", "\n")
	if code != "" && !strings.HasSuffix(code, "\n") {
		code += "\n"
	}
	for line := range strings.SplitAfterSeq(code, "\n") {
		if line != "" {
			cb.Lines().Append(n.segment(line))
		}
	}
	return cb
}

func language(h *xhtml.Node) string {
	for _, c := range strings.Fields(attr(h, "class")) {
		if l, ok := strings.CutPrefix(c, "language-"); ok && l != "" {
			return l
		}
		if l, ok := strings.CutPrefix(c, "lang-"); ok && l != "" {
			return l
		}
	}
	return ""
}

// textContent is the text under h, as it is.
func textContent(h *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(h *xhtml.Node) {
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == xhtml.TextNode:
				b.WriteString(c.Data)
			case c.Type == xhtml.ElementNode && c.DataAtom == atom.Br:
				b.WriteByte('\n')
			case c.Type == xhtml.ElementNode && !dropped[c.DataAtom]:
				walk(c)
			}
		}
	}
	walk(h)
	return b.String()
}

// list makes a list of ul or ol; what stands in it outside an li is an
// item of its own.
func (n *normaliser) list(h *xhtml.Node) *ast.List {
	marker := byte('-')
	if h.DataAtom == atom.Ol {
		marker = '.'
	}
	l := ast.NewList(marker)
	if marker == '.' {
		l.Start = 1
		if s, err := strconv.Atoi(attr(h, "start")); err == nil && s >= 0 {
			l.Start = s
		}
	}
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) == "" || c.Type == xhtml.CommentNode {
			continue
		}
		li := ast.NewListItem(2)
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Li {
			n.htmlBlocks(li, withAnchor(attr(c, "id"), c))
		} else {
			n.paragraph(li, []*xhtml.Node{c})
		}
		l.AppendChild(l, li)
	}
	return l
}

// table makes a GFM table of a table element: its caption, if any, is a
// paragraph before it; a first row in thead, or of th cells only, is the
// header.
func (n *normaliser) table(parent ast.Node, h *xhtml.Node) {
	var rows []*xhtml.Node
	header := -1
	var walk func(*xhtml.Node)
	walk = func(h *xhtml.Node) {
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Caption:
				n.paragraph(parent, anchored("", c))
			case atom.Thead, atom.Tbody, atom.Tfoot:
				if c.DataAtom == atom.Thead && header < 0 && hasRow(c) {
					header = len(rows)
				}
				walk(c)
			case atom.Tr:
				rows = append(rows, c)
			}
		}
	}
	walk(h)
	if len(rows) == 0 {
		return
	}
	if header < 0 && allHeaderCells(rows[0]) {
		header = 0
	}
	t := east.NewTable()
	for i, r := range rows {
		row := east.NewTableRow(nil)
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			cell := east.NewTableCell()
			cell.Alignment = alignment(c)
			if i == 0 {
				t.Alignments = append(t.Alignments, cell.Alignment)
			}
			n.space = true
			n.htmlInlines(cell, withAnchor(attr(c, "id"), c))
			trimInlines(cell, n.src)
			row.AppendChild(row, cell)
		}
		row.Alignments = t.Alignments
		if i == header {
			hd := east.NewTableHeader(row)
			hd.Alignments = t.Alignments
			t.AppendChild(t, hd)
			continue
		}
		t.AppendChild(t, row)
	}
	parent.AppendChild(parent, t)
}

func hasRow(h *xhtml.Node) bool {
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.DataAtom == atom.Tr {
			return true
		}
	}
	return false
}

func allHeaderCells(tr *xhtml.Node) bool {
	found := false
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode {
			if c.DataAtom != atom.Th {
				return false
			}
			found = true
		}
	}
	return found
}

func alignment(cell *xhtml.Node) east.Alignment {
	a := strings.ToLower(attr(cell, "align"))
	if style := strings.ToLower(attr(cell, "style")); strings.Contains(style, "text-align") {
		_, v, _ := strings.Cut(style[strings.Index(style, "text-align"):], ":")
		v, _, _ = strings.Cut(v, ";")
		a = strings.TrimSpace(v)
	}
	switch a {
	case "left":
		return east.AlignLeft
	case "right":
		return east.AlignRight
	case "center":
		return east.AlignCenter
	}
	return east.AlignNone
}

// figure makes a Figure of a figure element holding an image and a
// figcaption, or returns nil.
func (n *normaliser) figure(h *xhtml.Node) *Figure {
	var caption, img *xhtml.Node
	var find func(*xhtml.Node)
	find = func(h *xhtml.Node) {
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type != xhtml.ElementNode:
			case c.DataAtom == atom.Figcaption:
				if caption == nil {
					caption = c
				}
			case c.DataAtom == atom.Img || c.DataAtom == atom.Picture:
				if img == nil {
					img = c
				}
			default:
				find(c)
			}
		}
	}
	find(h)
	if caption == nil || img == nil {
		return nil
	}
	image := n.image(img)
	if image == nil {
		return nil
	}
	f := &Figure{}
	var shown ast.Node = image
	if a := img.Parent; a.DataAtom == atom.A && attr(a, "href") != "" {
		link := ast.NewLink()
		link.Destination = []byte(attr(a, "href"))
		link.AppendChild(link, image)
		shown = link
	}
	f.AppendChild(f, shown)
	fc := &FigureCaption{}
	n.space = true
	n.htmlInlines(fc, caption)
	trimInlines(fc, n.src)
	f.AppendChild(f, fc)
	return f
}

// htmlInlines appends the inline nodes the children of h make to parent.
func (n *normaliser) htmlInlines(parent ast.Node, h *xhtml.Node) {
	for c := h.FirstChild; c != nil; c = c.NextSibling {
		n.htmlInline(parent, c)
	}
}

// htmlInline appends the inline nodes h makes to parent. n.space says
// whether what precedes ends in white space, which HTML collapses.
func (n *normaliser) htmlInline(parent ast.Node, h *xhtml.Node) {
	switch h.Type {
	case xhtml.TextNode:
		if s := n.collapse(h.Data); s != "" {
			parent.AppendChild(parent, n.text(s))
		}
		return
	case xhtml.ElementNode:
	default:
		return
	}
	if h.DataAtom == atom.Svg {
		if img := n.svgImage(h); img != nil {
			parent.AppendChild(parent, img)
		}
		return
	}
	if h.DataAtom == atom.Script {
		if a := scriptEmbed(h); a != nil {
			n.htmlInline(parent, a)
		}
		return
	}
	if dropped[h.DataAtom] {
		return
	}
	if embeds[h.DataAtom] {
		if h.DataAtom != atom.Iframe { // an iframe's content is text for old browsers
			n.htmlInlines(parent, h)
		}
		n.htmlInline(parent, embedLink(h))
		return
	}
	if id := attr(h, "id"); id != "" && h.DataAtom != atom.A {
		parent.AppendChild(parent, NewAnchor(n.scopeID(id)))
	}
	switch h.DataAtom {
	case atom.Br:
		hardBreak(parent, n)
		n.space = true
		return
	case atom.Img, atom.Picture:
		if img := n.image(h); img != nil {
			parent.AppendChild(parent, img)
			n.space = false
		}
		return
	case atom.Code, atom.Kbd, atom.Tt, atom.Samp:
		if s := strings.Join(strings.Fields(textContent(h)), " "); s != "" {
			cs := ast.NewCodeSpan()
			cs.AppendChild(cs, n.text(s))
			parent.AppendChild(parent, cs)
			n.space = false
		}
		return
	}
	var box ast.Node
	if h.DataAtom == atom.A {
		box = n.anchorLink(parent, attr(h, "name"), attr(h, "id"), attr(h, "href"))
	} else {
		box = inlineBox(h.DataAtom)
	}
	if box == nil {
		n.htmlInlines(parent, h)
		return
	}
	n.htmlInlines(box, h)
	if box.HasChildren() {
		parent.AppendChild(parent, box)
	}
}

// inlineBox returns the node an inline element becomes, or nil when only
// its content stays.
func inlineBox(a atom.Atom) ast.Node {
	switch a {
	case atom.Em, atom.I, atom.Cite, atom.Var, atom.Dfn:
		return ast.NewEmphasis(1)
	case atom.Strong, atom.B:
		return ast.NewEmphasis(2)
	case atom.Del, atom.S, atom.Strike:
		return east.NewStrikethrough()
	}
	return nil
}

// anchorLink appends the anchor an <a name> or <a id> makes to parent and
// returns the link an <a href> makes, or nil.
func (n *normaliser) anchorLink(parent ast.Node, name, id, href string) ast.Node {
	for _, a := range []string{id, name} {
		if a != "" {
			parent.AppendChild(parent, NewAnchor(n.scopeID(a)))
			if name == id {
				break
			}
		}
	}
	if strings.TrimSpace(href) == "" {
		return nil
	}
	l := ast.NewLink()
	l.Destination = []byte(n.destination(href))
	return l
}

// destination is where a link goes: a link into the post itself names the
// id the post's prefix scopes.
func (n *normaliser) destination(href string) string {
	href = strings.TrimSpace(href)
	if frag, ok := strings.CutPrefix(href, "#"); ok && frag != "" {
		return "#" + n.scopeID(frag)
	}
	return href
}

// hardBreak ends the current line of parent.
func hardBreak(parent ast.Node, n *normaliser) {
	t, ok := parent.LastChild().(*ast.Text)
	if !ok {
		t = n.text("")
		parent.AppendChild(parent, t)
	}
	t.SetSoftLineBreak(false)
	t.SetHardLineBreak(true)
}

// collapse collapses the white space of an HTML text as a browser shows it.
func (n *normaliser) collapse(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\f' {
			if !n.space {
				b.WriteByte(' ')
				n.space = true
			}
			continue
		}
		b.WriteRune(r)
		n.space = false
	}
	return b.String()
}

// trimInlines drops the white space that ends a run of inlines, and the
// empty texts left without a line break.
func trimInlines(parent ast.Node, src []byte) {
	for c := parent.LastChild(); c != nil; c = parent.LastChild() {
		t, ok := c.(*ast.Text)
		if !ok {
			switch c.(type) {
			case *ast.Emphasis, *ast.Link, *east.Strikethrough:
				trimInlines(c, src)
			}
			return
		}
		t.SetHardLineBreak(false)
		t.Segment = t.Segment.TrimRightSpace(src)
		if !t.Segment.IsEmpty() {
			return
		}
		parent.RemoveChild(parent, t)
	}
}

// image makes an ast.Image of an img or picture element, with the best of
// the sources it offers, or returns nil when it offers none.
func (n *normaliser) image(h *xhtml.Node) *ast.Image {
	img := h
	var srcsets []string
	if h.DataAtom == atom.Picture {
		img = nil
		for c := h.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Source:
				srcsets = append(srcsets, attr(c, "srcset"))
			case atom.Img:
				if img == nil {
					img = c
				}
			}
		}
	}
	src := ""
	alt, title := "", ""
	if img != nil {
		srcsets = append(srcsets, attr(img, "srcset"))
		src = strings.TrimSpace(attr(img, "src"))
		alt, title = attr(img, "alt"), attr(img, "title")
	}
	if best := bestCandidate(srcsets); best != "" {
		src = best
	}
	if src == "" {
		return nil
	}
	i := ast.NewImage(ast.NewLink())
	i.Destination = []byte(src)
	if title != "" {
		i.Title = []byte(title)
	}
	if alt == "" {
		// else what the drawing writes: a diagram's labels say what it shows
		alt = textContent(h)
	}
	if alt = strings.Join(strings.Fields(alt), " "); alt != "" {
		i.AppendChild(i, n.text(alt))
	}
	return i
}

// svgImage makes an ast.Image of an svg element written in a post: the
// drawing goes to the image stage as a data: address, which draws it as a
// picture for both books (or leaves its alt text, with a warning). Its
// alt text is its aria-label, else its title element, else its text.
func (n *normaliser) svgImage(h *xhtml.Node) *ast.Image {
	var buf bytes.Buffer
	if err := xhtml.Render(&buf, h); err != nil {
		return nil
	}
	i := ast.NewImage(ast.NewLink())
	i.Destination = []byte("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
	alt := attr(h, "aria-label")
	for c := h.FirstChild; c != nil && alt == ""; c = c.NextSibling {
		if c.Type == xhtml.ElementNode && c.Data == "title" {
			alt = textContent(c)
		}
	}
	if alt == "" {
		// else what the drawing writes: a diagram's labels say what it shows
		alt = textContent(h)
	}
	if alt = strings.Join(strings.Fields(alt), " "); alt != "" {
		i.AppendChild(i, n.text(alt))
	}
	return i
}

// bestCandidate returns the image of the srcsets with the largest width
// descriptor, else the highest density, or "".
func bestCandidate(srcsets []string) string {
	best, bestW, bestX := "", 0.0, 0.0
	for _, set := range srcsets {
		for cand := range strings.SplitSeq(set, ",") {
			f := strings.Fields(cand)
			if len(f) == 0 {
				continue
			}
			d := "1x"
			if len(f) > 1 {
				d = f[1]
			}
			v, err := strconv.ParseFloat(d[:len(d)-1], 64)
			if err != nil {
				continue
			}
			switch d[len(d)-1] {
			case 'w':
				if v > bestW {
					best, bestW = f[0], v
				}
			case 'x':
				if bestW == 0 && v > bestX {
					best, bestX = f[0], v
				}
			}
		}
	}
	return best
}

// embedLink is a link to what an iframe, video, audio, object or embed
// plays, as EmbedTarget finds it, or nothing.
func embedLink(h *xhtml.Node) *xhtml.Node {
	href, label := EmbedTarget(h)
	if href == "" {
		return &xhtml.Node{Type: xhtml.CommentNode}
	}
	a := &xhtml.Node{Type: xhtml.ElementNode, Data: "a", DataAtom: atom.A, Attr: []xhtml.Attribute{{Key: "href", Val: href}}}
	a.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: label})
	return a
}

// scriptEmbed is a link to what a script that embeds something (a gist)
// shows, or nil for any other script.
func scriptEmbed(h *xhtml.Node) *xhtml.Node {
	if href, _ := EmbedTarget(h); href == "" {
		return nil
	}
	return embedLink(h)
}

// scopeID makes an id of the post unique within the book and a valid XML
// name, as heading ids are.
func (n *normaliser) scopeID(id string) string {
	n.ownIDs = true
	id = strings.ReplaceAll(strings.TrimSpace(id), ":", "-")
	id = strings.Join(strings.Fields(id), "-")
	if strings.HasPrefix(id, n.prefix) {
		return id
	}
	return n.prefix + id
}
