package pdf

import (
	"strconv"
	"strings"

	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// bctx is where blocks go: their left edge and width in the text block, and
// the text style they inherit.
type bctx struct {
	x, width float64
	st       style
	lead     float64
	// indent asks for book paragraphs: a paragraph that follows another one
	// starts with an indent instead of a blank line.
	indent bool
	depth  int // of list nesting
}

// textItems lays out inline spans as lines of a paragraph, with no page
// break after its first line nor before its last one.
func (l *layouter) textItems(spans []span, x, width, firstIndent, lead float64, al align) []*vitem {
	l.anchors(spans)
	lines := l.breakParagraph(l.boxes(spans), width, firstIndent, al)
	size := l.g.size
	if len(spans) > 0 {
		size = spans[0].st.size
	}
	base := baseline(lead, size)
	items := make([]*vitem, 0, len(lines))
	for _, ln := range lines {
		it := &vitem{h: lead, ops: l.lineOps(ln, x, base, width, al), counted: true, word: l.words, hyphen: endsWithHyphen(ln)}
		l.words += int32(ln.words)
		l.takePending(it, base)
		items = append(items, it)
	}
	keepLines(items)
	return items
}

// endsWithHyphen reports whether a line ends with a hyphen, added at a
// break or the word's own.
func endsWithHyphen(ln tline) bool {
	items := ln.items
	for len(items) > 0 && items[len(items)-1].kind != kBox {
		items = items[:len(items)-1]
	}
	return len(items) > 0 && strings.HasSuffix(items[len(items)-1].text, "-")
}

// anchors puts the anchors met among spans on the next line made.
func (l *layouter) anchors(spans []span) {
	for _, sp := range spans {
		if sp.anchor != "" {
			l.pending = append(l.pending, op{kind: opAnchor, text: elementKey(l.post.ID, sp.anchor)})
		}
	}
}

// keepLines forbids orphans and widows: no page break after the first line
// or before the last.
func keepLines(items []*vitem) {
	if n := len(items); n >= 2 {
		items[0].keepNext = true
		items[n-2].keepNext = true
	}
}

// takePending puts the waiting list marker, anchors and bookmarks on the
// first line made after them.
func (l *layouter) takePending(it *vitem, base float64) {
	for _, o := range l.marker {
		o.y += base
		it.ops = append(it.ops, o)
	}
	it.ops = append(it.ops, l.pending...)
	l.marker, l.pending = nil, nil
}

// space adds vertical space, merged with space just before it; it keeps
// what precedes with what follows when the preceding item asks so.
func (l *layouter) space(h float64) {
	if n := len(l.out); n > 0 && l.out[n-1].space {
		l.out[n-1].h = max(l.out[n-1].h, h)
		return
	}
	keep := len(l.out) > 0 && l.out[len(l.out)-1].keepNext
	l.out = append(l.out, &vitem{h: h, space: true, keepNext: keep})
}

func (l *layouter) blocks(parent ast.Node, c bctx) {
	prevPara := false
	top := parent.Kind() == ast.KindDocument
	block := 0
	first := len(l.out)
	if top {
		defer func() { keepHeadings(l.out[first:]) }()
	}
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		isPara := false
		start := len(l.out)
		if top {
			l.words = 0
		}
		switch v := n.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			indent := 0.0
			if prevPara && c.indent {
				indent = c.st.size * 1.5
			} else if prevPara {
				l.space(c.lead * 0.45)
			}
			isPara = l.paragraph(n, c, indent)
		case *ast.Heading:
			l.heading(v, c)
		case *ast.List:
			gap := c.lead * 0.4
			if c.depth > 0 {
				gap = 0
			}
			l.space(gap)
			l.list(v, c)
			l.space(gap)
		case *ast.Blockquote:
			l.space(c.lead * 0.5)
			l.quote(v, c)
			l.space(c.lead * 0.5)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			l.space(c.lead * 0.5)
			l.code(n, c)
			l.space(c.lead * 0.5)
		case *ast.ThematicBreak:
			l.space(c.lead * 0.5)
			it := &vitem{h: c.lead}
			w := l.fonts.width(c.st.face, c.st.size, "*")
			for i := -1; i <= 1; i++ {
				it.ops = append(it.ops, op{kind: opText, face: serif, size: c.st.size, x: c.x + c.width/2 + float64(i)*c.st.size*1.5 - w/2, y: baseline(c.lead, c.st.size) + c.st.size*0.2, text: "*"})
			}
			l.out = append(l.out, it)
			l.space(c.lead * 0.5)
		case *east.Table:
			l.space(c.lead * 0.6)
			l.table(v, c)
			l.space(c.lead * 0.6)
		case *east.FootnoteList:
			l.footnotes(v, c)
		case *east.DefinitionList:
			l.space(c.lead * 0.4)
			l.definitions(v, c)
			l.space(c.lead * 0.4)
		case *markup.MathBlock:
			l.space(c.lead * 0.4)
			ms := c.st
			ms.math = true
			l.out = append(l.out, l.textItems(l.collect(v, ms, nil), c.x, c.width, 0, c.lead, alignCenter)...)
			l.space(c.lead * 0.4)
		case *markup.Figure:
			if img := v.Image(); img != nil {
				l.figure(img, v.Caption(), c)
			} else {
				l.figureWithoutImage(v, c)
			}
		default:
			l.blocks(n, c)
		}
		prevPara = isPara
		if top {
			l.stampBlock(l.out[start:], block)
			block++
		}
	}
}

// stampBlock marks items, laid out from top-level block i of the post's
// document, with where each begins in it. An item that holds no words
// (an image, a rule, some space) begins before the words that follow it.
func (l *layouter) stampBlock(items []*vitem, i int) {
	next := l.words
	for k := len(items) - 1; k >= 0; k-- {
		it := items[k]
		it.block = int32(i)
		if it.counted {
			next = it.word
		} else {
			it.word = next
		}
	}
}

// paragraph lays out a paragraph; images in it are drawn between its text
// parts, without a caption (a captioned image is a markup.Figure). It
// reports whether it ended with text.
func (l *layouter) paragraph(n ast.Node, c bctx, indent float64) bool {
	spans := l.collect(n, c.st, nil)
	// An image among words is set in the line at the text's height; one
	// alone in its paragraph is a figure.
	inline := hasText(spans)
	var run []span
	text := false
	flush := func() {
		if hasText(run) {
			l.out = append(l.out, l.textItems(run, c.x, c.width, indent, c.lead, alignJustify)...)
			text = true
			indent = 0
		}
		run = run[:0]
	}
	for _, sp := range spans {
		if img, ok := sp.img.(*ast.Image); ok && inline {
			sp.st = c.st
			run = append(run, sp)
			continue
		} else if ok {
			flush()
			l.figure(img, nil, c)
			text = false
			continue
		}
		if sp.anchor != "" {
			l.anchors([]span{sp})
			continue
		}
		run = append(run, sp)
	}
	flush()
	if !text && len(l.marker) > 0 {
		// an item with no text still shows its marker
		it := &vitem{h: c.lead}
		l.takePending(it, baseline(c.lead, c.st.size))
		l.out = append(l.out, it)
	}
	return text
}

// caption lays out a figure's caption under its image, kept with it, in
// the style st. A nil caption or one with no text lays out nothing.
func (l *layouter) caption(caption ast.Node, st style, c bctx) {
	if caption == nil {
		return
	}
	spans := l.collect(caption, st, nil)
	if !hasText(spans) {
		return
	}
	if n := len(l.out); n > 0 {
		l.out[n-1].keepNext = true
	}
	l.out = append(l.out, &vitem{h: c.lead * 0.4, keepNext: true})
	items := l.textItems(spans, c.x+c.width*0.1, c.width*0.8, 0, l.g.smallSz*1.3, alignCenter)
	for _, it := range items[:len(items)-1] {
		it.keepNext = true
	}
	l.out = append(l.out, items...)
}

func hasText(spans []span) bool {
	for _, s := range spans {
		if s.brk || strings.TrimSpace(s.text) != "" {
			return true
		}
	}
	return false
}

// collect gathers the inline content of n as spans. Texts are as the reader
// sees them: normalisation resolved escapes and entities, and left no raw
// HTML.
func (l *layouter) collect(n ast.Node, st style, out []span) []span {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = l.collectNode(c, st, out)
	}
	return out
}

// collectNode gathers the inline content of c itself as spans, as collect
// does for each child.
func (l *layouter) collectNode(c ast.Node, st style, out []span) []span {
	src := l.src
	switch v := c.(type) {
	case *ast.Text:
		out = appendText(out, string(v.Segment.Value(src)), st)
		if v.HardLineBreak() {
			out = append(out, span{brk: true})
		} else if v.SoftLineBreak() {
			out = appendText(out, " ", st)
		}
	case *ast.String:
		out = appendText(out, string(v.Value), st)
	case *ast.CodeSpan:
		cs := st
		cs.face, cs.size = mono, st.size*0.86
		out = append(out, span{text: plainText(v, src), st: cs})
	case *ast.Emphasis:
		es := st
		if v.Level >= 2 {
			es.face = st.face.withBold()
		} else {
			es.face = st.face.withItalic()
		}
		out = l.collect(v, es, out)
	case *east.Strikethrough:
		ss := st
		ss.strike = true
		out = l.collect(v, ss, out)
	case *ast.Link:
		out = l.link(v, string(v.Destination), st, out)
	case *ast.AutoLink:
		url := string(v.URL(src))
		if v.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
			url = "mailto:" + url
		}
		ls := st
		ls.link = url
		out = append(out, span{text: string(v.Label(src)), st: ls})
	case *ast.Image:
		out = append(out, span{img: v})
	case *markup.Anchor:
		out = append(out, span{anchor: v.ID})
	case *markup.Math:
		ms := st
		ms.math = true
		out = l.collect(v, ms, out)
	case *markup.Script:
		ss := st
		ss.size = st.size * 0.7
		ss.shift = st.shift + st.size*0.36
		if v.Sub {
			ss.shift = st.shift - st.size*0.18
		}
		out = l.collect(v, ss, out)
	case *east.FootnoteLink:
		fs := st
		fs.super, fs.size = true, st.size*0.62
		fs.face = serif
		fs.link = "#" + footnoteKey(l.post.ID, v.Index)
		out = append(out, span{text: strconv.Itoa(v.Index), st: fs})
	case *east.FootnoteBacklink:
	case *east.TaskCheckBox:
		// drawn as the item's marker
	default:
		out = l.collect(c, st, out)
	}
	return out
}

// appendText appends text in style st to the spans, joined to the last
// one when it is text in the same style: the parser splits text at
// characters it looks at twice (the "*" of a keycap "*️⃣", an escape), and
// a word or an emoji sequence cut there would be drawn in pieces.
func appendText(out []span, text string, st style) []span {
	if n := len(out); n > 0 {
		if last := &out[n-1]; last.st == st && !last.brk && last.img == nil && last.anchor == "" && last.emoji == "" {
			last.text += text
			return out
		}
	}
	return append(out, span{text: text, st: st})
}

// link collects a link's text: a link to another post of the book goes to
// its page, or to its heading's page when it names one, and says which page.
func (l *layouter) link(n ast.Node, dest string, st style, out []span) []span {
	ls := st
	if id, frag, ok := markup.ParsePostHref(dest); ok {
		if ref, ok := l.crossRef(id, frag); ok {
			return append(l.collect(n, st, out), span{text: ref, st: st})
		}
		if l.docs[id] == nil {
			return l.collect(n, st, out)
		}
		key := postKey(id)
		page := 0
		if frag != "" {
			// Only headings are anchored: the previous pass found this one,
			// or the link opens the post (also in the first pass, which
			// asks again once it knows).
			if page = l.pageOf(elementKey(id, frag)); page != 0 {
				key = elementKey(id, frag)
			}
		}
		if page == 0 {
			page = l.pageOf(key)
		}
		ls.link = "#" + key
		out = l.collect(n, ls, out)
		return append(out, span{text: "\u00a0(p.\u00a0" + strconv.Itoa(page) + ")", st: ls})
	}
	if frag, ok := strings.CutPrefix(dest, "#"); ok && frag != "" {
		// a place in this post, its id scoped by markup as heading ids are
		ls.link = "#" + elementKey(l.post.ID, frag)
	} else if i := strings.Index(dest, ":"); i > 0 && !strings.ContainsAny(dest[:i], "/?#") {
		ls.link = dest
	}
	return l.collect(n, ls, out)
}

// elementKey is the anchor of the element of a post with the given id.
func elementKey(postID, id string) string { return postKey(postID) + "#" + id }

func footnoteKey(postID string, n int) string { return "fn:" + postID + ":" + strconv.Itoa(n) }

// plainText returns the text under n.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				b.Write(v.Segment.Value(src))
				if v.SoftLineBreak() || v.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(v.Value)
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

func (l *layouter) heading(h *ast.Heading, c bctx) {
	scale := [...]float64{1.35, 1.2, 1.05, 1, 1, 1}[min(max(h.Level, 1), 6)-1]
	st := c.st
	st.size *= scale
	st.face = serifBold
	if h.Level >= 4 {
		st.face = serifBoldItalic
	}
	if len(l.out) > 0 && !l.out[len(l.out)-1].keepNext {
		l.space(c.lead * 1.1)
	}
	if id, ok := h.AttributeString("id"); ok {
		if id, ok := id.([]byte); ok {
			// where links from other posts to this heading land
			l.pending = append(l.pending, op{kind: opAnchor, text: elementKey(l.post.ID, string(id))})
		}
	}
	l.noHyph = true
	items := l.textItems(l.collect(h, st, nil), c.x, c.width, 0, st.size*1.3, alignLeft)
	l.noHyph = false
	for _, it := range items {
		it.keepNext, it.heading = true, true
	}
	l.out = append(l.out, items...)
	l.space(c.lead * 0.45)
}

// keepHeadings keeps each heading with the first two lines of what
// follows it, whatever they are (a one-line paragraph, list items, code),
// so that no page ends on a heading or on a heading and one line.
func keepHeadings(items []*vitem) {
	for i, it := range items {
		if !it.heading || i+1 < len(items) && items[i+1].heading {
			continue
		}
		lines := 0
		for _, next := range items[i+1:] {
			if !next.space {
				if lines++; lines == 2 {
					break
				}
			}
			next.keepNext = true
		}
	}
}

func (l *layouter) quote(q *ast.Blockquote, c bctx) {
	start := len(l.out)
	in := c
	in.x += c.st.size * 1.4
	in.width -= c.st.size * 2
	in.indent = false
	l.blocks(q, in)
	for _, it := range l.out[start:] {
		it.ops = append(it.ops, op{kind: opRect, x: c.x + c.st.size*0.3, y: 0, w: 1.2, h: it.h, gray: 150})
	}
}

// bullets are the list markers by depth.
var bullets = []string{"•", "–", "◦"}

func (l *layouter) list(n *ast.List, c bctx) {
	depth := c.depth
	num := n.Start
	if num == 0 {
		num = 1
	}
	indent := c.st.size * 1.6
	first := true
	for li := n.FirstChild(); li != nil; li = li.NextSibling() {
		if !first && !n.IsTight {
			l.space(c.lead * 0.4)
		}
		first = false
		marker := bullets[depth%len(bullets)]
		face := serif
		if n.IsOrdered() {
			marker = strconv.Itoa(num) + string(n.Marker)
			num++
		}
		if box := taskBox(li); box != nil {
			marker, face = "☐", sans
			if box.IsChecked {
				marker = "☑"
			}
		}
		mw := l.fonts.width(face, c.st.size, marker)
		l.marker = []op{{kind: opText, face: face, size: c.st.size, x: c.x + indent - mw - c.st.size*0.5, w: mw, text: marker}}
		in := c
		in.x += indent
		in.width -= indent
		in.indent = false
		in.depth = depth + 1
		l.blocks(li, in)
		if len(l.marker) > 0 { // an empty item
			it := &vitem{h: c.lead}
			l.takePending(it, baseline(c.lead, c.st.size))
			l.out = append(l.out, it)
		}
	}
}

func taskBox(li ast.Node) *east.TaskCheckBox {
	if b := li.FirstChild(); b != nil {
		if cb, ok := b.FirstChild().(*east.TaskCheckBox); ok {
			return cb
		}
	}
	return nil
}

func (l *layouter) definitions(d *east.DefinitionList, c bctx) {
	for n := d.FirstChild(); n != nil; n = n.NextSibling() {
		switch n.(type) {
		case *east.DefinitionTerm:
			st := c.st
			st.face = st.face.withBold()
			l.out = append(l.out, l.textItems(l.collect(n, st, nil), c.x, c.width, 0, c.lead, alignLeft)...)
			l.out[len(l.out)-1].keepNext = true
		case *east.DefinitionDescription:
			in := c
			in.x += c.st.size * 1.6
			in.width -= c.st.size * 1.6
			in.indent = false
			l.blocks(n, in)
		}
	}
}

// code lays out a code block in the monospace face on a tinted ground,
// wrapping long lines instead of cutting them at the margin.
func (l *layouter) code(n ast.Node, c bctx) {
	g := l.g
	st := style{face: mono, size: g.codeSize}
	lead := st.size * 1.32
	pad := st.size * 0.5
	width := c.width - 2*pad
	charW := l.fonts.width(mono, st.size, "0")
	lines := n.Lines()
	var src []string
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		src = append(src, strings.TrimRight(strings.ReplaceAll(string(s.Value(l.src)), "\t", "    "), "\r\n"))
	}
	for len(src) > 0 && strings.TrimSpace(src[len(src)-1]) == "" {
		src = src[:len(src)-1]
	}
	if len(src) == 0 {
		return
	}
	var items []*vitem
	base := baseline(lead, st.size)
	for _, line := range src {
		lead0 := len(line) - len(strings.TrimLeft(line, " "))
		boxes := l.codeBoxes(line[lead0:], &st)
		if len(boxes) == 0 {
			items = append(items, &vitem{h: lead})
			continue
		}
		indent := min(float64(lead0)*charW, width/2)
		// Continuation lines start after a mark, two characters in: they
		// are that much shorter, so that they end inside the box too.
		cont := 2 * charW
		for j, ln := range l.breakLines(boxes, width-indent-cont, -cont) {
			x, w := c.x+pad+indent, width-indent
			var mark []op
			if j > 0 {
				mark = []op{{kind: opText, face: mono, size: st.size, gray: 120, x: x, y: base, w: charW, text: continuationMark}}
				x, w = x+cont, w-cont
			}
			ln.last, ln.indent = true, 0
			it := &vitem{h: lead, ops: append(mark, l.lineOps(ln, x, base, w, alignLeft)...), counted: true, word: l.words}
			items = append(items, it)
			l.words += int32(ln.words)
		}
	}
	items[0].h += pad
	shift(items[0], pad)
	items[len(items)-1].h += pad
	for _, it := range items {
		it.ops = append([]op{{kind: opRect, x: c.x, y: 0, w: c.width, h: it.h + 0.05, gray: 242}}, it.ops...)
	}
	if len(l.marker) > 0 || len(l.pending) > 0 {
		l.takePending(items[0], base+pad)
	}
	keepLines(items)
	l.out = append(l.out, items...)
}

// continuationMark starts each line of code wrapped from the one before:
// DejaVu Sans Mono draws it, and it is no letter, so it adds no word.
const continuationMark = "\u21aa"

// shift moves an item's drawing down by dy.
func shift(it *vitem, dy float64) {
	for i := range it.ops {
		it.ops[i].y += dy
	}
}

// codeBoxes makes the boxes of one code line: every space is kept, and the
// line may break after any space.
func (l *layouter) codeBoxes(line string, st *style) []ibox {
	var out []ibox
	sw := l.fonts.width(mono, st.size, " ")
	for len(line) > 0 {
		i := strings.IndexByte(line, ' ')
		if i == 0 {
			out = append(out, ibox{kind: kBox, w: sw, text: " ", face: mono, st: st}, ibox{kind: kHyphen, face: mono, st: st})
			line = line[1:]
			continue
		}
		word := line
		if i > 0 {
			word = line[:i]
		}
		line = line[len(word):]
		out = l.wordBoxes(out, word, st)
	}
	return out
}

// footnotes prints a post's notes at its end, under a short rule.
func (l *layouter) footnotes(list *east.FootnoteList, c bctx) {
	g := l.g
	l.space(c.lead * 1.2)
	l.out = append(l.out, &vitem{h: c.lead * 0.6, keepNext: true, ops: []op{{kind: opLine, x: c.x, y: 0, w: c.width * 0.3, size: 0.4}}})
	fc := c
	fc.st.size = g.footnoteSize
	fc.lead = g.footnoteSize * 1.3
	fc.indent = false
	indent := fc.st.size * 1.6
	for n := list.FirstChild(); n != nil; n = n.NextSibling() {
		fn, ok := n.(*east.Footnote)
		if !ok {
			continue
		}
		num := strconv.Itoa(fn.Index) + "."
		nw := l.fonts.width(serif, fc.st.size, num)
		l.marker = []op{{kind: opText, face: serif, size: fc.st.size, x: c.x + indent - nw - fc.st.size*0.4, w: nw, text: num}}
		l.pending = append(l.pending, op{kind: opAnchor, text: footnoteKey(l.post.ID, fn.Index)})
		if d := l.docs[l.post.ID]; d != nil {
			// where a link the post writes to the note points (see markup.FootnoteID)
			l.pending = append(l.pending, op{kind: opAnchor, text: elementKey(l.post.ID, markup.FootnoteID(d.Prefix, fn.Index))})
		}
		in := fc
		in.x += indent
		in.width -= indent
		l.blocks(fn, in)
		l.space(fc.lead * 0.2)
	}
}
