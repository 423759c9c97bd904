package epub

import (
	"strconv"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// printPages are the pages of the print edition as this EPUB marks them:
// where each marker goes, and the page list of the navigation.
type printPages struct {
	// starts holds the labels of the pages that begin at the start of a
	// document, by file.
	starts map[string][]string
	// entries holds the labels of the pages of contents that begin at a
	// line of the contents page, by the file the line points to.
	entries map[string][]string
	// breaks holds the pages that begin in a post's text, by post ID.
	breaks map[string][]markup.PageBreak
	// list is every page in order, as the page list shows it.
	list []pageEntry
}

// pageEntry is a line of the page list: a page's number and its marker.
type pageEntry struct {
	Label, Href string
}

// markPrintPages places a marker for every page of ed. A blank page is
// marked where the next page begins, just before it: it has no text of
// its own, and the list keeps every number of the print edition. Those
// that end the book go with its last page.
func (r *renderer) markPrintPages(ed *book.PrintEdition) *printPages {
	pp := &printPages{starts: map[string][]string{}, entries: map[string][]string{}, breaks: map[string][]markup.PageBreak{}}
	var blank []string
	var last *book.PageStart
	for i, s := range ed.Pages {
		label := strconv.Itoa(s.Number)
		if s.Place == book.PageBlank {
			blank = append(blank, label)
			continue
		}
		for _, l := range append(blank, label) {
			pp.mark(r.pagePlace(s), l)
		}
		blank = blank[:0]
		last = &ed.Pages[i]
	}
	// The blank pages that end the book are marked with its last page.
	if last != nil {
		for _, l := range blank {
			pp.mark(r.pagePlace(*last), l)
		}
	}
	return pp
}

// place is where a page's marker goes: at the start of file, or before
// its line in the contents (entry), or in post's text at block and word.
type place struct {
	file        string
	entry       bool
	post        string
	block, word int
}

func (pp *printPages) mark(at place, label string) {
	file := at.file
	switch {
	case at.entry:
		pp.entries[at.file] = append(pp.entries[at.file], label)
		file = contentsFile
	case at.post != "" && at.block >= 0:
		pp.breaks[at.post] = append(pp.breaks[at.post], markup.PageBreak{Block: at.block, Word: at.word, Label: label})
	default:
		pp.starts[at.file] = append(pp.starts[at.file], label)
	}
	pp.list = append(pp.list, pageEntry{Label: label, Href: href(textDir+file) + "#page-" + label})
}

// pagePlace is where the page s of the print edition begins in this EPUB.
func (r *renderer) pagePlace(s book.PageStart) place {
	switch s.Place {
	case book.PageCover:
		if r.book.Cover != nil {
			return place{file: coverFile}
		}
		return place{file: titleFile}
	case book.PageTitle:
		return place{file: titleFile}
	case book.PageContents:
		switch {
		case s.Post != "":
			return place{file: s.Post + ".xhtml", entry: true}
		case s.Chapter != "":
			return place{file: s.Chapter + ".xhtml", entry: true}
		}
		return place{file: contentsFile}
	case book.PageChapter:
		return place{file: s.Chapter + ".xhtml"}
	default:
		return place{file: s.Post + ".xhtml", post: s.Post, block: s.Block, word: s.Word}
	}
}
