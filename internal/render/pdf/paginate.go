package pdf

// opKind says what an op draws or marks.
type opKind uint8

const (
	opText     opKind = iota // text in face at size, baseline at y
	opImage                  // image named text in the box x, y, w, h
	opLine                   // line from (x, y) to (x+w, y+h), width size
	opRect                   // filled box
	opLink                   // clickable box; text is a URL or "#" + anchor key
	opAnchor                 // destination text, at y
	opBookmark               // outline entry text at level, at y
)

// op is one drawing instruction, placed relative to the item that holds it:
// x from the left of the text block, y from the top of the item.
//
// A book holds one op per word until its pages are drawn, so the small
// fields come first, packed into one word: 64 bytes an op, not 80.
type op struct {
	kind  opKind
	face  face
	level uint8 // of an outline entry: 0 chapter, 1 post
	gray  uint8 // 0 black, 255 white: text, line and fill colour
	x, y  float64
	w, h  float64
	size  float64
	text  string
}

// vitem is one unbreakable piece of the vertical flow: a line of text, a
// row of a table, an image, or some space.
type vitem struct {
	h   float64
	ops []op
	// keepNext forbids a page break between this item and the next one:
	// headings, the first and next-to-last lines of paragraphs, images and
	// their captions.
	keepNext bool
	// heading marks the lines of a heading, kept with two lines of what
	// follows.
	heading bool
	// space is vertical glue: it is dropped at the top of a page.
	space bool
	// counted says that word was set as the item was made, from the words
	// laid out before it; placePost sets it on the others.
	counted bool
	// block and word are where the item begins in its post's document:
	// the index of the top-level block it belongs to (-1 for the post's
	// title) and how many words of that block come before it.
	block, word int32
	// header is repeated before this item when it opens a page (table rows).
	header *vitem
	// hyphen marks a line that ends with a hyphen: it does not end a recto.
	hyphen bool
}

// pageKind decides what a page shows besides its items.
type pageKind uint8

const (
	pageFront   pageKind = iota // title page, contents: no header, no number
	pageCover                   // the cover image, alone
	pageBlank                   // left empty so that the next page is a recto
	pageOpener                  // chapter opening page: no header, no number
	pageBody                    // running header and page number
	pageImprint                 // the title page's verso: no header, no number
)

type placed struct {
	it *vitem
	y  float64
}

// page is one laid-out page. Its number is its position in the PDF, so
// that the printed number, the TOC and a PDF reader agree.
type page struct {
	num     int
	kind    pageKind
	chapter string // running header of recto pages
	items   []placed
}

// paginator cuts the vertical flow into pages, moving lines that must stay
// together to the next page.
type paginator struct {
	height  float64 // of the text block
	pages   []*page
	cur     *page
	y       float64
	flow    pageKind // kind of the pages an overflow opens
	chapter string
	anchors map[string]int // anchor key -> page number, filled as pages close
	grid    grid           // where a full page's last baseline lands (justify.go)
	// forget drops each page's items as it closes: a planning layout
	// wants only where things fall.
	forget bool
}

func newPaginator(height float64) *paginator {
	return &paginator{height: height, anchors: map[string]int{}}
}

// newPage closes the current page and opens one of the given kind.
func (p *paginator) newPage(kind pageKind) {
	p.closePage()
	p.cur = &page{num: len(p.pages) + 1, kind: kind, chapter: p.chapter}
	p.pages = append(p.pages, p.cur)
	p.y = 0
	if kind != pageBlank && kind != pageImprint {
		p.flow = kind
		if kind == pageOpener {
			p.flow = pageBody
		}
	}
}

// newRecto opens a page of the given kind on the right-hand side, leaving
// a blank page before it when needed.
func (p *paginator) newRecto(kind pageKind) {
	if (len(p.pages)+1)%2 == 0 {
		p.newPage(pageBlank)
	}
	p.newPage(kind)
}

func (p *paginator) closePage() {
	if p.cur == nil {
		return
	}
	for _, pl := range p.cur.items {
		for _, o := range pl.it.ops {
			if o.kind == opAnchor {
				if _, seen := p.anchors[o.text]; !seen {
					p.anchors[o.text] = p.cur.num
				}
			}
		}
	}
	if p.forget {
		p.cur.items = nil
	}
}

// finish closes the last page.
func (p *paginator) finish() { p.closePage() }

// endOnBlankVerso ends the book as printers bind it: on a blank verso, so
// an even count of pages and no text against the back cover.
func (p *paginator) endOnBlankVerso() {
	if p.cur != nil && p.cur.kind != pageBlank {
		p.newPage(pageBlank)
	}
	if len(p.pages)%2 == 1 {
		p.newPage(pageBlank)
	}
}

func (p *paginator) empty() bool {
	for _, pl := range p.cur.items {
		if !pl.it.space {
			return false
		}
	}
	return true
}

func (p *paginator) place(it *vitem) {
	if it.space && p.empty() {
		return
	}
	if it.header != nil && p.empty() {
		p.cur.items = append(p.cur.items, placed{it.header, p.y})
		p.y += it.header.h
	}
	p.cur.items = append(p.cur.items, placed{it, p.y})
	p.y += it.h
}

// add puts it on the current page or, when it does not fit, breaks the page
// at the last place that allows it and carries what follows over.
func (p *paginator) add(it *vitem) {
	if p.y+it.h <= p.height+0.01 || p.empty() {
		p.place(it)
		return
	}
	if it.space && !p.lastKeeps() {
		// The page is full: the space is dropped and the next item opens
		// a page, so that a post ending here leaves no empty page.
		p.fill()
		p.y = p.height + 1
		return
	}
	// Space that does not fit after a heading breaks the page too: the
	// heading goes with it.
	items := p.cur.items
	k := len(items) - 1
	for k >= 0 && (items[k].it.keepNext || p.hyphenTurnsLeaf(items[k].it)) {
		k--
	}
	var carry []*vitem
	if k >= 0 && p.hasContent(items[:k+1]) {
		for _, pl := range items[k+1:] {
			carry = append(carry, pl.it)
		}
		p.cur.items = items[:k+1]
	}
	p.fill()
	p.newPage(p.flow)
	for _, c := range carry {
		p.place(c)
	}
	if p.y+it.h > p.height+0.01 && !p.empty() {
		p.newPage(p.flow) // the carried lines fill the page: give up keeping
	}
	p.place(it)
}

// lastKeeps reports whether the last item placed must stay with the next.
func (p *paginator) lastKeeps() bool {
	n := len(p.cur.items)
	return n > 0 && p.cur.items[n-1].it.keepNext
}

func (p *paginator) hasContent(items []placed) bool {
	for _, pl := range items {
		if !pl.it.space {
			return true
		}
	}
	return false
}

// addAll adds items in order.
func (p *paginator) addAll(items []*vitem) {
	for _, it := range items {
		p.add(it)
	}
}
