package pdf

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// Volume is one PDF of a printed book.
type Volume struct {
	// Number is the volume's number, from 1, or 0 for a book printed
	// whole.
	Number int
	// Pages is its page count, blank pages included.
	Pages int
}

// WriteVolumes lays out b and writes it as Write does, to the writer open
// gives for 0, unless the book takes more than opts.MaxPages pages: then
// it is split, at chapter boundaries where it can be, at a post boundary
// where one chapter alone is too long, into volumes of at most that many
// pages, written one after another to the writers open gives for 1, 2, …
// Each volume has its own title page ("Volume 1 · 2005–2011", the years
// of its posts), imprint and contents, numbers its pages from 1 and ends
// on a blank verso; a link to a post in another volume prints where it is,
// "(vol. 2, p. 15)". Only one volume is laid out at a time, so memory
// follows the largest volume, not the book.
//
// open may be asked for a volume again when a page number that volume
// prints, of a post in a later one, moved as the later one was laid out:
// what the writer got before is then to be dropped. opts.PostPages and
// opts.PrintPages are told only of a book printed whole.
func WriteVolumes(ctx context.Context, open func(volume int) (io.Writer, error), b *book.Book, docs markup.Docs, opts Options, rep *book.Report) ([]Volume, error) {
	return volumes(ctx, open, b, docs, opts, rep)
}

// VolumePages returns the volumes WriteVolumes would write, drawing
// nothing: what a cover's spine follows when no PDF is written with it.
func VolumePages(ctx context.Context, b *book.Book, docs markup.Docs, opts Options) ([]Volume, error) {
	opts.PostPages, opts.PrintPages, opts.ReleaseDocs = nil, nil, false
	return volumes(ctx, nil, b, docs, opts, &book.Report{})
}

func volumes(ctx context.Context, open func(int) (io.Writer, error), b *book.Book, docs markup.Docs, opts Options, rep *book.Report) ([]Volume, error) {
	var plan *volumePlan
	if opts.MaxPages > 0 {
		g, err := pageGeometry(opts.PageSize)
		if err != nil {
			return nil, err
		}
		if estimatePages(docs, g) > opts.MaxPages {
			// Likely not to fit: plan the volumes without ever holding
			// the whole book laid out, unless the plan finds it fits.
			if plan, err = planVolumes(ctx, b, docs, opts); err != nil {
				return nil, err
			}
			if len(plan.entries) > 0 && plan.next(0) < len(plan.entries) {
				return splitBook(ctx, open, plan, rep)
			}
		}
	}
	whole := opts
	if opts.MaxPages > 0 {
		// it may not fit after all; a split book needs every post's text
		whole.ReleaseDocs = false
	}
	l, err := layout(ctx, b, docs, whole)
	if err != nil {
		return nil, err
	}
	pages := len(l.pg.pages)
	if opts.MaxPages > 0 && pages > opts.MaxPages {
		if plan == nil {
			if plan, err = planVolumes(ctx, b, docs, opts); err != nil {
				return nil, err
			}
		}
		return splitBook(ctx, open, plan, rep)
	}
	if open != nil {
		w, err := open(0)
		if err != nil {
			return nil, err
		}
		if err := l.finish(ctx, w, docs, opts, rep); err != nil {
			return nil, err
		}
	} else {
		rep.Merge(l.rep)
	}
	return []Volume{{Pages: pages}}, nil
}

// volumeRefs is what the layout of one volume of a split book knows of the
// book around it.
type volumeRefs struct {
	number int // from 1
	// chapterBase is the number of chapters of the book before the
	// volume's first: chapters keep their numbers from volume to volume.
	chapterBase int
	here        map[string]bool // the volume's posts, by ID
	book        map[string]bool // the book's posts, by ID
	// where says where an anchor of a post of another volume, or of one
	// of its headings, is: in a volume laid out, or guessed for one after.
	where   func(key string) (volPage, bool)
	mu      sync.Mutex         // guards printed: posts are laid out on several goroutines
	printed map[string]volPage // the references the volume printed, as printed
}

// volPage is a page of a volume.
type volPage struct{ vol, page int }

// crossRef returns what a link to post id, at its heading frag when it has
// one, prints in a volume without the post: where it is, as text. A
// printed book cannot follow a link from one volume into another.
func (l *layouter) crossRef(id, frag string) (string, bool) {
	v := l.vol
	if v == nil || v.here[id] || !v.book[id] {
		return "", false
	}
	key := postKey(id)
	at, ok := volPage{}, false
	if frag != "" {
		at, ok = v.where(elementKey(id, frag))
	}
	if ok {
		key = elementKey(id, frag)
	} else {
		at, _ = v.where(key)
	}
	v.mu.Lock()
	v.printed[key] = at
	v.mu.Unlock()
	return "\u00a0(vol.\u00a0" + strconv.Itoa(at.vol) + ", p.\u00a0" + strconv.Itoa(at.page) + ")", true
}

// volumeLine is the line under the author on the title page: the years the
// posts span, and the volume's number in a split book.
func (l *layouter) volumeLine() string {
	years := l.years()
	if l.vol == nil {
		return years
	}
	label := l.b.Locale().VolumeLabel(l.vol.number)
	if years == "" {
		return label
	}
	return label + " · " + years
}

// chapterNumber is the number chapter i of the book laid out has in the
// whole book.
func (l *layouter) chapterNumber(i int) int {
	if l.vol != nil {
		return l.vol.chapterBase + i + 1
	}
	return i + 1
}

// planMarks is what a planning layout (planPass) learns of the book
// besides its anchors: where each post ends.
type planMarks struct {
	// postEnds are the pages laid out once each post of the flow is
	// placed, in the order of postFlow.
	postEnds []int
	// twice are the posts the book holds more than once: the layout of
	// each is kept to be placed again.
	twice map[string]bool
}

// keeps reports whether a layout keeps post id once placed: a planning
// layout keeps only what it places again.
func (m *planMarks) keeps(id string) bool { return m == nil || m.twice[id] }

// placed records the pages laid out after a post is placed; a layout that
// is not planning has no marks.
func (m *planMarks) placed(pg *paginator) {
	if m != nil {
		m.postEnds = append(m.postEnds, len(pg.pages))
	}
}

// planPass lays the book out once, for where its posts fall: each page's
// content is forgotten as it is closed, and each post's as it is placed,
// so that the pass holds little more than a page and the posts being laid
// out. The page numbers it prints are not settled; the volumes it plans
// are laid out again, each on its own.
func planPass(ctx context.Context, b *book.Book, docs markup.Docs, g geometry, fonts *fontSet, hc *hyphenCache,
	cells map[string][2]int, cover *book.Asset, opts Options) (*layouter, error) {
	seen := map[string]bool{}
	opts.plan.twice = map[string]bool{}
	for _, p := range b.Posts() {
		if seen[p.ID] {
			opts.plan.twice[p.ID] = true
		}
		seen[p.ID] = true
	}
	l := &layouter{b: b, docs: docs, g: g, fonts: fonts, hyph: hc, emoji: cells, used: map[string]int{},
		rep: &book.Report{}, laid: map[string]*laidPost{}, workers: newWorkerPool(), cover: cover,
		postDone: opts.PostDone, plan: opts.plan}
	if err := l.layoutBook(ctx); err != nil {
		return nil, err
	}
	return l, nil
}

// flowEntry is a post in the order the book places it, with its chapter.
type flowEntry struct {
	post    *book.Post
	chapter int
}

// volumePlan splits a book into volumes by the pages a planning layout
// found, and checks each split by laying the volume out.
type volumePlan struct {
	b        *book.Book
	docs     markup.Docs
	opts     Options
	entries  []flowEntry
	postEnds []int
	front    int            // pages before the first chapter opener
	contents int            // of them, the contents'
	anchors  map[string]int // of the planning layout, by key
	inBook   map[string]bool
	first    map[string]int // a post's first entry, by ID
	// chapterStarts counts the entries before each that open a chapter.
	chapterStarts []int
}

// planVolumes lays the book out once to learn where its posts fall.
func planVolumes(ctx context.Context, b *book.Book, docs markup.Docs, opts Options) (*volumePlan, error) {
	marks := &planMarks{}
	po := opts
	po.plan, po.ReleaseDocs = marks, false
	l, err := layout(ctx, b, docs, po)
	if err != nil {
		return nil, err
	}
	p := &volumePlan{b: b, docs: docs, opts: opts, postEnds: marks.postEnds, anchors: l.pg.anchors,
		inBook: map[string]bool{}, first: map[string]int{}}
	for ci, ch := range b.Chapters {
		for _, post := range ch.Posts {
			if _, ok := p.first[post.ID]; !ok {
				p.first[post.ID] = len(p.entries)
			}
			p.entries = append(p.entries, flowEntry{post: post, chapter: ci})
			p.inBook[post.ID] = true
		}
	}
	if len(p.postEnds) != len(p.entries) {
		return nil, fmt.Errorf("plan PDF volumes: %d posts placed of %d", len(p.postEnds), len(p.entries))
	}
	p.front = len(l.pg.pages)
	if n, ok := l.pg.anchors[chapterKey(0)]; ok {
		p.front = n - 1
	}
	p.contents = p.front - 2
	if b.CoverGiven && b.Cover != nil {
		p.contents -= 2
	}
	p.chapterStarts = make([]int, len(p.entries)+1)
	for i := range p.entries {
		p.chapterStarts[i+1] = p.chapterStarts[i]
		if !p.continues(i) {
			p.chapterStarts[i+1]++
		}
	}
	return p, nil
}

// ended returns the pages of the planning layout before entry i.
func (p *volumePlan) ended(i int) int {
	if i == 0 {
		return p.front
	}
	return p.postEnds[i-1]
}

// continues reports whether entry i is not its chapter's first.
func (p *volumePlan) continues(i int) bool {
	return i > 0 && i < len(p.entries) && p.entries[i].chapter == p.entries[i-1].chapter
}

// frontPages guesses the pages of a volume's front matter: cover, title
// page and imprint as in the book, and contents in proportion to its
// entries.
func (p *volumePlan) frontPages(start, end int) int {
	chapters := p.chapterStarts[end] - p.chapterStarts[start]
	if p.continues(start) {
		chapters++ // opened again
	}
	all := len(p.entries) + len(p.b.Chapters)
	contents := 1
	if all > 0 {
		contents = (p.contents*(end-start+chapters) + all - 1) / all
	}
	return p.front - p.contents + max(contents, 1) + 1 // and a blank before a recto
}

// estimate guesses the pages of a volume of entries [start, end).
func (p *volumePlan) estimate(start, end int) int {
	pages := p.frontPages(start, end) + p.ended(end) - p.ended(start)
	if p.continues(start) {
		pages += 2 // the chapter opens again, on a recto
	}
	return pages + 1 // an even count
}

// next returns the end of the volume that starts at entry start: as many
// whole chapters as the estimate fits in MaxPages, else as many posts of
// the first one.
func (p *volumePlan) next(start int) int {
	n := p.opts.MaxPages
	end := start
	for end < len(p.entries) {
		chEnd := end + 1
		for chEnd < len(p.entries) && p.entries[chEnd].chapter == p.entries[end].chapter {
			chEnd++
		}
		if p.estimate(start, chEnd) <= n {
			end = chEnd
			continue
		}
		if end == start {
			for end < chEnd && p.estimate(start, end+1) <= n {
				end++
			}
		}
		break
	}
	return max(end, start+1)
}

// shrink returns a shorter end for the volume [start, end) that came out
// too long: without its last chapter when it holds more than one, else
// without its last post.
func (p *volumePlan) shrink(start, end int) int {
	for i := end - 1; i > start; i-- {
		if !p.continues(i) {
			return i
		}
	}
	return end - 1
}

// volumeSpan is the entries [start, end) of a volume.
type volumeSpan struct{ start, end int }

// spans plans the volumes of the entries from entry from on, as next
// would cut them.
func (p *volumePlan) spans(from int) []volumeSpan {
	var spans []volumeSpan
	for start := from; start < len(p.entries); {
		end := p.next(start)
		spans = append(spans, volumeSpan{start, end})
		start = end
	}
	return spans
}

// placeholder guesses, for the layout of a volume before the volumes
// after it are laid out, where the anchor key of a post of those is, when
// spans are their planned entries and number the first's number: only the
// width of the references printed to them depends on it.
func (p *volumePlan) placeholder(key string, number int, spans []volumeSpan) (volPage, bool) {
	page, ok := p.anchors[key]
	rest, isPost := strings.CutPrefix(key, "post:")
	if !ok || !isPost || len(spans) == 0 {
		return volPage{}, false
	}
	id, _, _ := strings.Cut(rest, "#")
	i, ok := p.first[id]
	if !ok || i < spans[0].start {
		return volPage{}, false
	}
	for k, s := range spans {
		if i < s.end {
			return volPage{vol: number + k, page: page - p.ended(s.start) + p.frontPages(s.start, s.end)}, true
		}
	}
	return volPage{}, false
}

// subBook returns the book of the volume of entries [start, end): its
// chapters, each with only its posts of the volume, and the posts'
// documents. The last volume also takes the empty chapters that end the
// book, the first those that open it.
func (p *volumePlan) subBook(start, end int) (*book.Book, markup.Docs, int) {
	sb := *p.b
	sb.Chapters = nil
	first, last := p.entries[start].chapter, p.entries[end-1].chapter
	if start == 0 {
		first = 0
	}
	if end == len(p.entries) {
		last = len(p.b.Chapters) - 1
	}
	docs := markup.Docs{}
	for ci := first; ci <= last; ci++ {
		c := *p.b.Chapters[ci]
		c.Posts = nil
		for i := start; i < end; i++ {
			if e := p.entries[i]; e.chapter == ci {
				c.Posts = append(c.Posts, e.post)
				docs[e.post.ID] = p.docs[e.post.ID]
			}
		}
		sb.Chapters = append(sb.Chapters, &c)
	}
	return &sb, docs, first
}

// volumeState is a volume of a split book as laid out last.
type volumeState struct {
	start, end int
	pages      int
	refs       *volumeRefs
	anchors    map[string]int // its posts' and their headings'
}

// splitBook writes the book in volumes (see WriteVolumes).
func splitBook(ctx context.Context, open func(int) (io.Writer, error), p *volumePlan, rep *book.Report) ([]Volume, error) {
	docs, opts := p.docs, p.opts
	if len(p.entries) == 0 {
		return nil, fmt.Errorf("lay out PDF: the book's front matter alone takes more than the %d pages a volume may have", opts.MaxPages)
	}
	vo := opts
	vo.PostDone, vo.PostPages, vo.PrintPages, vo.ReleaseDocs = nil, nil, nil, false
	var vols []*volumeState
	// where gives a volume's layout the pages of the posts of all other
	// volumes: those laid out, and a guess for the ones after. Each is
	// looked up when a link asks for it: making them all for every volume
	// took time in the square of the posts.
	where := func(v *volumeState, number int) func(string) (volPage, bool) {
		after := sync.OnceValue(func() []volumeSpan { return p.spans(v.end) })
		return func(key string) (volPage, bool) {
			for k := len(vols) - 1; k >= 0; k-- {
				if o := vols[k]; o != v {
					if page, ok := o.anchors[key]; ok {
						return volPage{vol: k + 1, page: page}, true
					}
				}
			}
			return p.placeholder(key, number+1, after())
		}
	}
	lay := func(v *volumeState, number int) (*layouter, error) {
		sb, sdocs, first := p.subBook(v.start, v.end)
		v.refs = &volumeRefs{number: number, chapterBase: first, here: map[string]bool{}, book: p.inBook,
			where: where(v, number), printed: map[string]volPage{}}
		for i := v.start; i < v.end; i++ {
			v.refs.here[p.entries[i].post.ID] = true
		}
		o := vo
		o.vol = v.refs
		// the planned pages, within the limit: a wider gutter than the
		// pages ask is never narrower than a printer allows
		o.expect = min(p.estimate(v.start, v.end), opts.MaxPages)
		l, err := layout(ctx, sb, sdocs, o)
		if err != nil {
			return nil, err
		}
		v.pages = len(l.pg.pages)
		v.anchors = map[string]int{}
		for key, page := range l.pg.anchors {
			if strings.HasPrefix(key, "post:") {
				v.anchors[key] = page
			}
		}
		return l, nil
	}
	draw := func(l *layouter, number int, rep *book.Report) error {
		if open == nil {
			rep.Merge(l.rep)
			return nil
		}
		w, err := open(number)
		if err != nil {
			return err
		}
		if err := l.finish(ctx, w, docs, vo, rep); err != nil {
			return fmt.Errorf("volume %d: %w", number, err)
		}
		return nil
	}
	for start := 0; start < len(p.entries); {
		v := &volumeState{start: start, end: p.next(start)}
		number := len(vols) + 1
		for {
			l, err := lay(v, number)
			if err != nil {
				return nil, err
			}
			if v.pages <= opts.MaxPages {
				vols = append(vols, v)
				if err := draw(l, number, rep); err != nil {
					return nil, err
				}
				break
			}
			if v.end-v.start == 1 {
				return nil, fmt.Errorf("lay out PDF: post %q takes %d pages in a volume of its own, more than the %d a volume may have",
					p.entries[v.start].post.Source, v.pages, opts.MaxPages)
			}
			v.end = p.shrink(v.start, v.end)
		}
		start = v.end
	}
	// A volume laid out before the ones after it guessed their page
	// numbers: draw it again, until every reference printed holds.
	for round := 0; ; round++ {
		var stale []int
		for k, v := range vols {
			if !refsHold(v.refs.printed, vols) {
				stale = append(stale, k)
			}
		}
		if len(stale) == 0 {
			break
		}
		if round == maxPasses {
			return nil, fmt.Errorf("lay out PDF: the page numbers of the volumes did not settle after %d passes", maxPasses)
		}
		for _, k := range stale {
			l, err := lay(vols[k], k+1)
			if err != nil {
				return nil, err
			}
			if vols[k].pages > opts.MaxPages {
				return nil, fmt.Errorf("lay out PDF: volume %d comes to %d pages once its references to the volumes after it are numbered, more than the %d a volume may have",
					k+1, vols[k].pages, opts.MaxPages)
			}
			if err := draw(l, k+1, &book.Report{}); err != nil { // its warnings are told already
				return nil, err
			}
		}
	}
	if opts.ReleaseDocs {
		for _, id := range slices.Sorted(maps.Keys(docs)) {
			docs[id].Release()
		}
	}
	out := make([]Volume, len(vols))
	for k, v := range vols {
		out[k] = Volume{Number: k + 1, Pages: v.pages}
	}
	return out, nil
}

// refsHold reports whether every reference a volume printed names the
// volume and page its target has now.
func refsHold(printed map[string]volPage, vols []*volumeState) bool {
	for key, at := range printed {
		if at.vol < 1 || at.vol > len(vols) || vols[at.vol-1].anchors[key] != at.page {
			return false
		}
	}
	return true
}
