package pdf

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
)

// layouter turns the book into pages of drawing instructions. One layouter
// makes one pass; passes repeat until the page numbers it prints are the
// page numbers it finds.
//
// A pass lays its posts out on several goroutines, each with a layouter of
// its own (a worker, see fork) that shares what no layout changes: the
// book (its prepared images among it), the fonts and patterns and the
// previous pass's page numbers. The pass's own layouter lays out the front matter and puts every
// post on its pages, in book order.
type layouter struct {
	b     *book.Book
	docs  markup.Docs
	cover *book.Asset // printed as the first page when set (a given cover)
	g     geometry
	fonts *fontSet
	hyph  *hyphenCache
	emoji map[string][2]int
	known map[string]int // anchor pages found by the previous pass
	used  map[string]int // anchor pages this pass printed
	rep   *book.Report   // this pass's warnings; a worker's: its post's
	pg    *paginator
	// laid caches each post's items across passes, with the page numbers
	// it printed: a post is laid out again only when one of them moved.
	laid map[string]*laidPost
	// workers lay the posts out; they outlive the pass, with their caches.
	workers *workerPool
	// postDone, when set, is called after each post is laid out.
	postDone func()

	post    *book.Post
	src     []byte
	lang    string
	missed  map[rune]int
	seen    map[string]int // page numbers printed in the current post
	out     []*vitem
	marker  []op      // list marker for the next line, y from its baseline
	pending []op      // anchors and bookmarks for the next line, y from its top
	opBuf   []op      // lineOps's scratch
	boxBuf  []ibox    // boxes's
	kp      kpScratch // breakParagraph's
	// dropDrawn lets render forget each page once it is drawn.
	dropDrawn bool
	// grayscale has render draw images in grey.
	grayscale bool
	// release lets the layout release a post's parsed tree once nothing
	// will lay the post out again (Options.ReleaseDocs).
	release bool
	noHyph  bool
	// words counts the words laid out in the current top-level block of
	// the post's document: where its next line begins.
	words int32
	// vol is the volume laid out, when the book is split (volumes.go).
	vol *volumeRefs
	// plan, when set, makes this a planning layout (planPass).
	plan *planMarks
}

// pageOf returns the page the previous pass found for anchor key, and
// remembers that this pass printed it: in the post being laid out, whose
// numbers the pass records as it places the post, else in the pass.
func (l *layouter) pageOf(key string) int {
	n := l.known[key]
	if l.seen != nil {
		l.seen[key] = n
	} else {
		l.used[key] = n
	}
	return n
}

// fork returns a worker: a layouter for another goroutine, with caches of
// its own, that lays out posts of this book (layPost).
func (l *layouter) fork() *layouter {
	return &layouter{b: l.b, docs: l.docs, g: l.g, fonts: l.fonts.fork(), hyph: l.hyph.fork(),
		emoji: l.emoji, known: l.known, release: l.release, vol: l.vol}
}

// laidPost is a post laid out, kept for the passes after.
type laidPost struct {
	items    []*vitem
	seen     map[string]int // page numbers printed in it
	warnings []book.Warning
}

// reuse returns the items of p from an earlier pass if the page numbers
// it printed still hold.
func (l *layouter) reuse(p *book.Post) *laidPost {
	lp := l.laid[p.ID]
	if lp == nil {
		return nil
	}
	for k, n := range lp.seen {
		if l.known[k] != n {
			return nil
		}
	}
	return lp
}

// converged reports whether every page number printed is where its anchor
// landed.
func (l *layouter) converged() bool {
	for k, n := range l.used {
		if l.pg.anchors[k] != n {
			return false
		}
	}
	return true
}

func (l *layouter) missing(r rune) {
	if l.missed != nil {
		l.missed[r]++
	}
}

// layoutBook makes one pass. The posts that no earlier pass laid out for
// the same page numbers are laid out on other goroutines meanwhile; each
// is placed as soon as it and those before it are ready.
func (l *layouter) layoutBook(ctx context.Context) error {
	flow, trailing := l.postFlow()
	l.pg = newPaginator(l.g.textH())
	l.pg.setGrid(l.g.lead, l.g.size)
	l.pg.forget = l.plan != nil
	front := false
	placeFront := func() {
		if l.b.CoverGiven && l.b.Cover != nil {
			l.pg.newPage(pageCover)
			l.pg.newPage(pageBlank)
		}
		l.titlePage()
		l.contents()
		front = true
	}
	// Posts are laid out on all cores and placed in book order; the front
	// matter is placed while the first posts are being laid out.
	err := parallel.Ordered(ctx, len(flow), func(i int) (*laidPost, error) {
		if !flow[i].layNew {
			return nil, nil
		}
		w := l.workers.get(l)
		defer l.workers.put(w)
		return w.layPost(flow[i].post), nil
	}, func(i int, lp *laidPost) error {
		if !front {
			placeFront()
		}
		for _, c := range flow[i].opens {
			l.chapterOpener(c, l.b.Chapters[c])
		}
		id := flow[i].post.ID
		if lp == nil {
			lp = l.laid[id]
		} else if l.plan.keeps(id) {
			l.laid[id] = lp
		}
		l.postPages(lp)
		l.plan.placed(l.pg)
		if l.postDone != nil {
			l.postDone()
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !front {
		placeFront()
	}
	for _, c := range trailing {
		l.chapterOpener(c, l.b.Chapters[c])
	}
	l.pg.endOnBlankVerso()
	l.pg.finish()
	return nil
}

func (l *layouter) bookLang() string { return langKey(l.b.Lang) }

// text lays out plain text lines in the given style, without hyphenation.
func (l *layouter) text(s string, st style, x, width, lead float64, al align) []*vitem {
	saved := l.noHyph
	l.noHyph = true
	defer func() { l.noHyph = saved }()
	return l.textItems([]span{{text: s, st: st}}, x, width, 0, lead, al)
}

func (l *layouter) titlePage() {
	g := l.g
	l.pg.newPage(pageFront)
	w := g.textW()
	var items []*vitem
	items = append(items, &vitem{h: g.textH() * 0.22})
	title := l.b.Title
	if title == "" {
		title = l.b.Locale().Untitled
	}
	items = append(items, l.text(title, style{face: serif, size: g.size * 2.6}, 0, w, g.size*3.1, alignCenter)...)
	if l.b.Subtitle != "" {
		items = append(items, &vitem{h: g.lead * 0.6})
		items = append(items, l.text(l.b.Subtitle, style{face: serifItalic, size: g.size * 1.4}, 0, w, g.size*1.8, alignCenter)...)
	}
	items = append(items, &vitem{h: g.lead * 3})
	if l.b.Author != "" {
		items = append(items, l.text(l.b.Author, style{face: serif, size: g.size * 1.4}, 0, w, g.size*1.8, alignCenter)...)
	}
	if years := l.volumeLine(); years != "" {
		items = append(items, &vitem{h: g.lead})
		items = append(items, l.text(years, style{face: serifItalic, size: g.size * 1.1}, 0, w, g.lead, alignCenter)...)
	}
	l.addFront(items)
	l.imprintPage()
}

// years returns the years the posts span, "2005–2011", or "".
func (l *layouter) years() string {
	first, last := l.b.Span()
	if first == 0 {
		return ""
	}
	years := strconv.Itoa(first)
	if last != first {
		years += "–" + strconv.Itoa(last)
	}
	return years
}

// imprintPage prints the imprint on the title page's verso, at the foot
// of the page: the title, the copyright of the years the posts span, the
// rights, the edition, the ISBN and the publisher, each as the book file
// gives it, so that no word needs translating.
func (l *layouter) imprintPage() {
	g := l.g
	im := l.b.Imprint
	l.pg.newPage(pageImprint)
	title := l.b.Title
	if title == "" {
		title = l.b.Locale().Untitled
	}
	lines := []string{title, ""}
	copyright := "©"
	if years := l.years(); years != "" {
		copyright += " " + years
	}
	if l.b.Author != "" {
		copyright += " " + l.b.Author
	}
	if copyright != "©" && !strings.Contains(im.Rights, "©") {
		lines = append(lines, copyright)
	}
	lines = append(lines, im.Rights, "", im.Edition)
	if im.ISBN != "" {
		lines = append(lines, "ISBN "+im.ISBN)
	}
	lines = append(lines, "", im.Publisher)
	size := g.smallSz
	var items []*vitem
	for i, line := range lines {
		switch {
		case line != "":
			items = append(items, l.text(line, style{face: serif, size: size}, 0, g.textW(), g.lead, alignLeft)...)
		case i > 0 && lines[i-1] != "": // one blank line between groups
			items = append(items, &vitem{h: g.lead * 0.8})
		}
	}
	for len(items) > 0 && len(items[len(items)-1].ops) == 0 {
		items = items[:len(items)-1]
	}
	used := 0.0
	for _, it := range items {
		used += it.h
	}
	l.pg.addAll(append([]*vitem{{h: max(l.pg.height-used-1, 0)}}, items...))
}

// addFront adds items that are not part of the post flow.
func (l *layouter) addFront(items []*vitem) {
	for _, it := range items {
		l.pg.place(it)
	}
}

func (l *layouter) contents() {
	g := l.g
	l.pg.newRecto(pageFront)
	heading := l.b.Locale().Contents
	items := []*vitem{{h: g.lead * 2}}
	items = append(items, l.text(heading, style{face: serif, size: g.size * 1.8}, 0, g.textW(), g.size*2.4, alignCenter)...)
	items = append(items, &vitem{h: g.lead * 1.5})
	for _, it := range items {
		l.pg.add(it)
	}
	for i, ch := range l.b.Chapters {
		l.pg.add(&vitem{h: g.lead * 0.6, space: true})
		entry := l.tocEntry(chapterTitle(ch), chapterKey(i), 0, style{face: serifBold, size: g.size})
		entry[len(entry)-1].keepNext = true // a chapter's entry stays with its first post
		l.pg.addAll(entry)
		for _, p := range ch.Posts {
			l.pg.addAll(l.tocEntry(postTitle(p), postKey(p.ID), g.size*1.5, style{face: serif, size: g.size}))
		}
	}
}

// tocEntry lays out one line of contents: the title, wrapped before the
// page numbers' column, dot leaders and the right-aligned page number, all
// a link to the entry's page.
func (l *layouter) tocEntry(title, key string, indent float64, st style) []*vitem {
	g := l.g
	st.link = "#" + key
	numCol := l.fonts.width(serif, st.size, "0000")
	gap := st.size
	width := g.textW() - indent - numCol - gap
	saved := l.noHyph
	l.noHyph = true
	lines := l.breakLines(l.boxes([]span{{text: title, st: st}}), width, 0)
	l.noHyph = saved
	if len(lines) == 0 {
		lines = []tline{{last: true}} // a title with nothing to draw still has its number
	}
	lead := g.lead * 1.05
	base := baseline(lead, st.size)
	var items []*vitem
	for i, ln := range lines {
		ops := l.lineOps(ln, indent, base, width, alignLeft)
		if i == len(lines)-1 {
			end := indent + lineWidth(ln)
			num := strconv.Itoa(l.pageOf(key))
			nw := l.fonts.width(st.face, st.size, num)
			right := g.textW()
			dot := l.fonts.width(serif, st.size, ".")
			step := st.size * 0.55
			// dots on a grid from the right margin, so that leaders line up
			k := 1
			for right-numCol-float64(k)*step > end+st.size*0.4 {
				k++
			}
			k--
			first := right - numCol - float64(k)*step
			for j := 0; j < k; j++ {
				ops = append(ops, op{kind: opText, face: serif, size: st.size, gray: 90, x: first + float64(j)*step + (step-dot)/2, y: base, w: dot, text: "."})
			}
			ops = append(ops, op{kind: opText, face: st.face, size: st.size, x: right - nw, y: base, w: nw, text: num},
				op{kind: opLink, x: end, y: 0, w: right - end, h: lead, text: st.link})
		}
		items = append(items, &vitem{h: lead, ops: ops, keepNext: i < len(lines)-1})
	}
	return items
}

func lineWidth(ln tline) float64 {
	w := 0.0
	items := ln.items
	for len(items) > 0 && items[len(items)-1].kind == kGlue {
		items = items[:len(items)-1]
	}
	for _, it := range items {
		if it.kind == kBox || it.kind == kGlue {
			w += it.w
		}
	}
	return w + ln.indent
}

func chapterKey(i int) string  { return "chap:" + strconv.Itoa(i) }
func postKey(id string) string { return "post:" + id }

// postTitle and chapterTitle never return a blank title: each has a line
// in the contents and an entry in the outline.
func postTitle(p *book.Post) string {
	if strings.TrimSpace(p.Title) == "" {
		return "Untitled"
	}
	return p.Title
}

func chapterTitle(c *book.Chapter) string {
	if strings.TrimSpace(c.Title) == "" {
		return "Untitled"
	}
	return c.Title
}

func (l *layouter) chapterOpener(i int, ch *book.Chapter) {
	g := l.g
	l.pg.chapter = chapterTitle(ch)
	l.pg.newRecto(pageOpener)
	w := g.textW()
	items := []*vitem{{h: g.textH() * 0.2}}
	label := l.b.Locale().ChapterLabel(l.chapterNumber(i))
	items = append(items, l.text(label, style{face: serifItalic, size: g.size * 1.1, gray: 70}, 0, w, g.lead*1.2, alignCenter)...)
	items = append(items, &vitem{h: g.lead})
	items = append(items, &vitem{ops: []op{{kind: opAnchor, text: chapterKey(i)}, {kind: opBookmark, text: chapterTitle(ch), level: 0}}})
	items = append(items, l.text(chapterTitle(ch), style{face: serif, size: g.size * 2.2}, 0, w, g.size*2.7, alignCenter)...)
	items = append(items, &vitem{h: g.lead * 0.8}, &vitem{h: g.lead * 0.2, ops: []op{{kind: opLine, x: w*0.5 - 20, y: 0, w: 40, size: 0.5, gray: 90}}})
	if d := strings.TrimSpace(ch.Description); d != "" {
		items = append(items, &vitem{h: g.lead * 1.2})
		items = append(items, l.textItems([]span{{text: d, st: style{face: serifItalic, size: g.size}}}, w*0.1, w*0.8, 0, g.lead, alignCenter)...)
	}
	l.addFront(items)
}

// postPages puts a laid-out post on the pages, from a new page.
func (l *layouter) postPages(lp *laidPost) {
	l.pg.newPage(pageBody)
	for k, n := range lp.seen {
		l.used[k] = n
	}
	l.pg.addAll(lp.items)
	l.rep.Warnings = append(l.rep.Warnings, lp.warnings...)
}

// layPost lays out one post: title, date, body, notes. It runs on a
// worker, and reads nothing that a pass changes but the worker's state.
func (l *layouter) layPost(p *book.Post) *laidPost {
	g := l.g
	l.rep = &book.Report{}
	l.seen = map[string]int{}
	l.post = p
	l.lang = langKey(p.Lang)
	if p.Lang == "" {
		l.lang = l.bookLang()
	}
	l.missed = map[rune]int{}
	l.out = l.out[:0]

	w := g.textW()
	// the post's anchor and outline entry sit on the space above its title,
	// which opens the page
	l.out = append(l.out, &vitem{h: g.lead * 1.5, keepNext: true,
		ops: []op{{kind: opAnchor, text: postKey(p.ID)}, {kind: opBookmark, text: postTitle(p), level: 1}}})
	tsize := g.size * 1.5
	saved := l.noHyph
	l.noHyph = true
	title := l.textItems([]span{{text: postTitle(p), st: style{face: serifBold, size: tsize}}}, 0, w, 0, tsize*1.22, alignLeft)
	l.noHyph = saved
	for _, it := range title {
		it.keepNext = true
	}
	l.out = append(l.out, title...)
	if p.Subtitle != "" {
		l.out = append(l.out, &vitem{h: g.lead * 0.2, keepNext: true})
		l.noHyph = true
		sub := l.textItems([]span{{text: p.Subtitle, st: style{face: serif, size: g.size * 1.1}}}, 0, w, 0, g.size*1.1*1.3, alignLeft)
		l.noHyph = saved
		for _, it := range sub {
			it.keepNext = true
		}
		l.out = append(l.out, sub...)
	}
	if p.Dated() {
		l.out = append(l.out, &vitem{h: g.lead * 0.3, keepNext: true})
		d := l.textItems([]span{{text: p.Dateline, st: style{face: serifItalic, size: g.smallSz, gray: 70}}}, 0, w, 0, g.lead, alignLeft)
		for _, it := range d {
			it.keepNext = true
		}
		l.out = append(l.out, d...)
	}
	l.out = append(l.out, &vitem{h: g.lead * 1.4, keepNext: true})
	for _, it := range l.out {
		it.block = -1 // the title opens the post's first page
	}

	doc := l.docs[p.ID]
	if doc != nil && doc.Root != nil {
		l.src = doc.Source
		l.blocks(doc.Root, bctx{x: 0, width: w, st: style{face: serif, size: g.size}, lead: g.lead, indent: true})
	} else {
		l.rep.Warn(p.Source, 0, "post %q has no parsed text; only its title is printed", p.ID)
	}
	l.pending, l.marker = nil, nil
	l.reportMissing(p)
	lp := &laidPost{items: append([]*vitem(nil), l.out...), seen: l.seen, warnings: l.rep.Warnings}
	if l.release && len(l.seen) == 0 && doc != nil {
		// A post that prints no page number is never laid out again.
		doc.Release()
	}
	l.seen = nil
	return lp
}

func (l *layouter) reportMissing(p *book.Post) {
	if len(l.missed) == 0 {
		return
	}
	runes := make([]rune, 0, len(l.missed))
	total := 0
	for r, n := range l.missed {
		runes = append(runes, r)
		total += n
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })
	var list []string
	for _, r := range runes {
		list = append(list, fmt.Sprintf("U+%04X", r))
	}
	l.rep.Warn(p.Source, p.BodyLine, "%d character(s) that no font covers, printed as %c: %s", total, markerRune, strings.Join(list, ", "))
}

// baseline returns where the baseline of text of size sits in a line of
// height lead: the text is centred on the line.
func baseline(lead, size float64) float64 { return (lead-size)/2 + size*0.78 }
