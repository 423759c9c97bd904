package pdf

import (
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// reportPostPages tells report the pages each post takes in the laid-out
// book, from the page its title opens to the last page of its text,
// counted from 1 as a PDF reader counts them.
func (l *layouter) reportPostPages(report func(id string, first, last int)) {
	ids := map[string]string{} // anchor key -> post ID
	for _, p := range l.b.Posts() {
		ids[postKey(p.ID)] = p.ID
	}
	cur, first, last := "", 0, 0
	flush := func() {
		if cur != "" {
			report(cur, first, last)
		}
		cur = ""
	}
	for _, pg := range l.pg.pages {
		switch pg.kind {
		case pageBlank:
			continue
		case pageFront, pageCover, pageOpener, pageImprint:
			flush()
			continue
		}
		for _, pl := range pg.items {
			for _, o := range pl.it.ops {
				if id, ok := ids[o.text]; ok && o.kind == opAnchor {
					flush()
					cur, first = id, pg.num
				}
			}
		}
		last = pg.num
	}
	flush()
}

// pageStarts tells where each page of the laid-out book begins, blank
// pages included, for a reflowable edition to mark them.
func (l *layouter) pageStarts() []book.PageStart {
	chapters := map[string]string{} // anchor key -> chapter ID
	for i, c := range l.b.Chapters {
		chapters[chapterKey(i)] = c.ID
	}
	posts := map[string]string{} // anchor key -> post ID
	for _, p := range l.b.Posts() {
		posts[postKey(p.ID)] = p.ID
	}
	starts := make([]book.PageStart, 0, len(l.pg.pages))
	fronts, post := 0, ""
	for _, pg := range l.pg.pages {
		s := book.PageStart{Number: pg.num}
		switch pg.kind {
		case pageCover:
			s.Place = book.PageCover
		case pageBlank, pageImprint:
			// The imprint has no place in the flow of a reflowable
			// edition, which keeps it in its package metadata.
			s.Place = book.PageBlank
		case pageFront:
			// the title page, then the contents
			switch fronts++; fronts {
			case 1:
				s.Place = book.PageTitle
			case 2:
				s.Place = book.PageContents
			default:
				s.Place = book.PageContents
				s.Post, s.Chapter = firstEntry(pg, posts, chapters)
			}
		case pageOpener:
			s.Place = book.PageChapter
			s.Chapter = firstAnchor(pg, chapters)
		default:
			if id := firstAnchor(pg, posts); id != "" {
				post = id
			}
			if !showsContent(pg) {
				// nothing of a post's text to mark: it stands with the
				// page after it, as a blank page does
				s.Place = book.PageBlank
				break
			}
			s.Place = book.PagePost
			s.Post = post
			s.Block, s.Word = firstItemPlace(pg)
		}
		starts = append(starts, s)
	}
	return starts
}

// firstAnchor returns what keys maps the first anchor of pg to that it
// knows, or "".
func firstAnchor(pg *page, keys map[string]string) string {
	for _, pl := range pg.items {
		for _, o := range pl.it.ops {
			if id, ok := keys[o.text]; ok && o.kind == opAnchor {
				return id
			}
		}
	}
	return ""
}

// firstEntry returns the post or the chapter whose line of contents opens
// a page of contents, as the first link on the page names it.
func firstEntry(pg *page, posts, chapters map[string]string) (post, chapter string) {
	for _, pl := range pg.items {
		for _, o := range pl.it.ops {
			if o.kind != opLink {
				continue
			}
			key, _ := strings.CutPrefix(o.text, "#")
			if id, ok := posts[key]; ok {
				return id, ""
			}
			if id, ok := chapters[key]; ok {
				return "", id
			}
		}
	}
	return "", ""
}

// showsContent reports whether a page of the flow draws any text or
// picture of a post, not only its running head and folio.
func showsContent(pg *page) bool {
	for _, pl := range pg.items {
		for _, o := range pl.it.ops {
			if o.kind == opText || o.kind == opImage {
				return true
			}
		}
	}
	return false
}

// firstItemPlace returns where the first item of a post's page begins in
// the post's document. A table's header repeated at the top of the page
// stands for the row it is repeated before.
func firstItemPlace(pg *page) (block, word int) {
	if len(pg.items) == 0 {
		return -1, 0
	}
	it := pg.items[0].it
	if len(pg.items) > 1 && pg.items[1].it.header == it {
		it = pg.items[1].it
	}
	return int(it.block), int(it.word)
}
