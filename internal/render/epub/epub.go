// Package epub renders a prepared book as an EPUB 3: a cover, a title page,
// a contents page, then each chapter's opening page followed by one XHTML
// document per post, nested under its chapter in both tables of contents
// (the EPUB 3 navigation document and the NCX older readers use).
//
// The package document, the navigation and every page come from the
// templates in templates/ and go straight into the zip, in reading order,
// with one fixed time on every entry: the same book gives the same bytes.
// Posts are rendered and compressed on all cores and added in book order as
// they are ready, so a book's time and memory grow with its size and no
// faster. Images are the book's prepared images (book.Book.Images); this
// package only places them.
package epub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
)

// Options tunes the EPUB.
type Options struct {
	// PostDone, when set, is called as each post's page is made, to show
	// progress; it is called from several goroutines at once.
	PostDone func()
	// PrintEdition, when set, is the print edition made in the same run:
	// each of its pages is marked where it begins, the navigation lists
	// them, and the package says where they come from.
	PrintEdition *book.PrintEdition
	// EmbedFonts adds the bundled fonts, with their licences, and the
	// @font-face rules that use them, for reading systems that honour a
	// book's fonts.
	EmbedFonts bool
}

// Where things are in the archive. Every file of the publication is under
// root; the pages are in textDir, one folder below the package document.
const (
	root         = "EPUB/"
	textDir      = "xhtml/"
	stylesheet   = "css/book.css"
	coverFile    = "cover.xhtml"
	titleFile    = "title.xhtml"
	contentsFile = "contents.xhtml"
)

func chapterFile(c *book.Chapter) string { return c.ID + ".xhtml" }
func postFile(p *book.Post) string       { return p.ID + ".xhtml" }

// Write renders b as an EPUB 3 to w. docs are the book's prepared
// documents, by post ID; warnings go to rep. Several Writes may run at once.
func Write(ctx context.Context, w io.Writer, b *book.Book, docs markup.Docs, opts Options, rep *book.Report) error {
	if len(b.Chapters) == 0 {
		// Both tables of contents need an entry to be valid.
		return errors.New("write EPUB: the book has no chapters")
	}
	r := newRenderer(b, docs, opts)
	a := newArchive(w, b.Date)
	if err := r.writePackage(a); err != nil {
		return err
	}
	if err := r.writePages(ctx, a, rep); err != nil {
		return err
	}
	if err := a.close(); err != nil {
		return fmt.Errorf("write EPUB: %w", err)
	}
	return nil
}

// renderer holds what every part of one EPUB is made from.
type renderer struct {
	book   *book.Book
	docs   markup.Docs
	opts   Options
	locale *book.Locale
	lang   string         // the book's language
	pages  []page         // every XHTML document, in reading order
	toc    []tocEntry     // the chapters and their posts, for every table of contents
	print  *printPages    // the print edition's pages; nil without one
	fonts  []embeddedFile // the fonts and licences embedded, when asked for
}

// page is one XHTML document of the book. Exactly one of its kinds is set.
type page struct {
	file    string
	front   string        // a front page's template: "cover", "title" or "contents"
	chapter *book.Chapter // a chapter's opening page
	number  int           // the chapter's number, from 1
	post    *book.Post    // a post's page
}

// tocEntry is a line of a table of contents: a chapter with its posts, or
// a post. Lang is set only when it differs from the book's language.
type tocEntry struct {
	File, Title, Lang string
	Order             int // position in the NCX, from 1
	Posts             []tocEntry
	// Marks are the print pages of contents that begin at this line.
	Marks []string
}

func newRenderer(b *book.Book, docs markup.Docs, opts Options) *renderer {
	r := &renderer{book: b, docs: docs, opts: opts, locale: b.Locale(), lang: b.Lang}
	if r.lang == "" {
		r.lang = r.locale.Lang
	}
	if b.Cover != nil {
		r.pages = append(r.pages, page{file: coverFile, front: "cover"})
	}
	r.pages = append(r.pages, page{file: titleFile, front: "title"}, page{file: contentsFile, front: "contents"})
	order := 0
	for i, c := range b.Chapters {
		r.pages = append(r.pages, page{file: chapterFile(c), chapter: c, number: i + 1})
		order++
		chapter := tocEntry{File: chapterFile(c), Title: r.titleOr(c.Title), Order: order}
		for _, p := range c.Posts {
			r.pages = append(r.pages, page{file: postFile(p), post: p})
			order++
			chapter.Posts = append(chapter.Posts, tocEntry{File: postFile(p), Title: r.titleOr(p.Title), Lang: r.otherLang(p), Order: order})
		}
		r.toc = append(r.toc, chapter)
	}
	if opts.PrintEdition != nil {
		r.print = r.markPrintPages(opts.PrintEdition)
		for i := range r.toc {
			r.toc[i].Marks = r.print.entries[r.toc[i].File]
			for j := range r.toc[i].Posts {
				r.toc[i].Posts[j].Marks = r.print.entries[r.toc[i].Posts[j].File]
			}
		}
	}
	return r
}

// titleOr is title, or the locale's word for a missing one: a table of
// contents has no empty entries.
func (r *renderer) titleOr(title string) string {
	if title == "" {
		return r.locale.Untitled
	}
	return title
}

// postLang is the language of a post's document.
func (r *renderer) postLang(p *book.Post) string {
	if p.Lang != "" {
		return p.Lang
	}
	return r.lang
}

// otherLang is the post's language when it is not the book's, else "".
func (r *renderer) otherLang(p *book.Post) string {
	if l := r.postLang(p); l != r.lang {
		return l
	}
	return ""
}

// href is the address of a file of the book, given its path.
func href(name string) string { return (&url.URL{Path: name}).String() }

// writePages renders the pages on all cores and adds them to a in reading
// order, each as soon as it and the ones before it are ready.
func (r *renderer) writePages(ctx context.Context, a *archive, rep *book.Report) error {
	type made struct {
		entry *entry
		rep   book.Report
	}
	return parallel.Ordered(ctx, len(r.pages),
		func(i int) (made, error) {
			var m made
			data, err := r.renderPage(r.pages[i], &m.rep)
			if err != nil {
				return m, err
			}
			m.entry, err = deflated(root+textDir+r.pages[i].file, data)
			return m, err
		},
		func(_ int, m made) error {
			rep.Merge(&m.rep)
			return a.add(m.entry)
		})
}

// years is the span of the book's posts as printed on its title page:
// "2017–2019", or one year.
func years(b *book.Book) string {
	first, last := b.Span()
	switch {
	case first == 0:
		return ""
	case first == last:
		return strconv.Itoa(first)
	default:
		return strconv.Itoa(first) + "–" + strconv.Itoa(last)
	}
}
