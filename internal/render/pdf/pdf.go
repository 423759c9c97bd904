// Package pdf renders a book as a print-ready PDF: the last stage of the
// pipeline beside internal/render/epub. It lays out the goldmark AST that
// internal/markup parsed (never HTML) with its own typesetter: embedded
// fonts, hyphenated justified paragraphs, widow and orphan control, a table
// of contents whose page numbers are checked by laying the book out again
// until they hold, and emoji drawn as images. fpdf only draws the result.
package pdf

import (
	"context"
	"fmt"
	"io"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// Options tunes the PDF.
type Options struct {
	// PageSize is the trim: one of PageSizes ("a5", the default when
	// empty, "a4", "letter", KDP's trims in inches such as "6x9"), or
	// WxHin or WxHmm (CheckPageSize).
	PageSize string
	// Bleed adds 0.125 in around every page for the printer to trim: the
	// pages' TrimBox is the page size, their BleedBox and MediaBox the
	// page with its bleed, and a cover printed as the first page fills
	// it.
	Bleed bool
	// PostDone, when set, is called as each post is first laid out, to
	// show progress; it is called from the goroutine that called Write.
	PostDone func()
	// ReleaseDocs lets Write release the posts' parsed trees as soon as it
	// is done with them, when nothing after it needs them: a post that
	// prints no page number once laid out, the others before the book is
	// drawn.
	ReleaseDocs bool
	// PostPages, when set, is told the pages each post takes, by post ID,
	// once the book is laid out.
	PostPages func(id string, first, last int)
	// PrintPages, when set, is told where each page of the book begins,
	// blank pages included, once the book is laid out: what an EPUB of the
	// same book marks to match the PDF's pages.
	PrintPages func([]book.PageStart)
	// Grayscale draws the book's images in grey, for black-and-white
	// printing: the text and rules are grey already.
	Grayscale bool
	// Fonts says where to look for fonts for the scripts the bundled
	// fonts lack; a script no font has stops the book with a
	// *MissingFontError.
	Fonts FontSearch
	// MaxPages, when above zero, is the most pages a PDF of the book may
	// have: WriteVolumes splits a longer book into volumes.
	MaxPages int

	// vol is the volume being laid out, when the book is split.
	vol *volumeRefs
	// plan lays the book out once, forgetting each page's content as it
	// is closed, only to learn where the posts fall (planVolumes).
	plan *planMarks
	// expect is the pages a volume is expected to take: its layout starts
	// with their gutter, rather than find it by laying the volume out
	// twice.
	expect int
}

// maxPasses bounds the layouts made to settle page numbers; two suffice
// unless a page number's width moves a page break.
const maxPasses = 6

// Write lays out b and writes it to w as a PDF. docs holds each post's
// parsed text by post ID, its images prepared (imaging.PrepareBook): an
// image node names one of b.Images. b.Cover is printed as the first page,
// followed by a blank page so the title page stays a recto, when
// b.CoverGiven. Problems that do not stop the book (characters no font
// has) go to rep.
func Write(ctx context.Context, w io.Writer, b *book.Book, docs markup.Docs, opts Options, rep *book.Report) error {
	l, err := layout(ctx, b, docs, opts)
	if err != nil {
		return err
	}
	return l.finish(ctx, w, docs, opts, rep)
}

// finish writes a laid-out book: it tells what opts asks of its pages,
// then draws it, forgetting each page once drawn.
func (l *layouter) finish(ctx context.Context, w io.Writer, docs markup.Docs, opts Options, rep *book.Report) error {
	rep.Merge(l.rep)
	if err := ctx.Err(); err != nil {
		return err
	}
	if opts.PostPages != nil {
		l.reportPostPages(opts.PostPages)
	}
	if opts.PrintPages != nil {
		opts.PrintPages(l.pageStarts())
	}
	if opts.ReleaseDocs {
		for _, d := range docs {
			d.Release()
		}
	}
	// Nothing lays the book out again: its pages can go as they are drawn,
	// so that the laid-out book and fpdf's copy are never both whole, and
	// the workers' caches can go now.
	l.laid, l.workers = nil, nil
	l.dropDrawn = true
	l.grayscale = opts.Grayscale
	return l.render(ctx, w)
}

// layout lays the book out, again until the page numbers it prints hold,
// and again with a wider inside margin when the book has more pages than
// the margin allows.
func layout(ctx context.Context, b *book.Book, docs markup.Docs, opts Options) (*layouter, error) {
	g, err := pageGeometry(opts.PageSize)
	if err != nil {
		return nil, err
	}
	fonts, err := bookFonts(b, docs, false, opts.Fonts)
	if err != nil {
		return nil, err
	}
	g.clearHeader(max(fonts.ascentOf(serif), fonts.ascentOf(serifItalic)))
	if opts.Bleed {
		g.bleed = bleedWidth
	}
	hy, err := hyphenators()
	if err != nil {
		return nil, err
	}
	cells, err := emojiCells()
	if err != nil {
		return nil, err
	}
	hc := &hyphenCache{langs: hy}
	// A cover the blogger gave opens the printed book; a drawn one suits
	// only a reading system's shelf.
	var cover *book.Asset
	if b.CoverGiven {
		cover = b.Cover
	}
	if opts.plan != nil {
		// the gutter of a full volume
		g.inner = max(g.inner, gutter(opts.MaxPages))
		return planPass(ctx, b, docs, g, fonts, hc, cells, cover, opts)
	}
	if opts.expect > 0 {
		g.inner = max(g.inner, gutter(opts.expect))
	}
	// A book sure to need the widest gutter starts with it. Only then may
	// the layout release a post's text early: no later layout needs it.
	if estimatePages(docs, g) > 2*maxGutterPages {
		g.inner = max(g.inner, gutter(maxGutterPages+1))
	}
	release := opts.ReleaseDocs && g.inner >= gutter(maxGutterPages+1)
	lay := func(g geometry, postDone func()) (*layouter, error) {
		return layoutPasses(ctx, b, docs, g, fonts, hc, cells, cover, postDone, release, opts.vol)
	}
	l, err := lay(g, opts.PostDone)
	// A wider gutter makes more pages, never fewer: the margin only grows.
	for err == nil && gutter(len(l.pg.pages)) > g.inner+0.01 {
		g.inner = gutter(len(l.pg.pages))
		l, err = lay(g, nil)
	}
	return l, err
}

// layoutPasses lays the book out on pages of geometry g until the page
// numbers it prints hold.
func layoutPasses(ctx context.Context, b *book.Book, docs markup.Docs, g geometry, fonts *fontSet, hc *hyphenCache,
	cells map[string][2]int, cover *book.Asset, postDone func(), release bool, vol *volumeRefs) (*layouter, error) {
	var known map[string]int
	laid := map[string]*laidPost{}
	workers := newWorkerPool()
	for pass := 0; ; pass++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		l := &layouter{b: b, docs: docs, g: g, fonts: fonts, hyph: hc, emoji: cells,
			known: known, used: map[string]int{}, rep: &book.Report{}, laid: laid, workers: workers, cover: cover, release: release, vol: vol}
		if pass == 0 {
			l.postDone = postDone
		}
		if err := l.layoutBook(ctx); err != nil {
			return nil, err
		}
		if l.converged() {
			return l, nil
		}
		if pass == maxPasses-1 {
			return nil, fmt.Errorf("lay out PDF: page numbers did not settle after %d passes", maxPasses)
		}
		known = l.pg.anchors
	}
}

// estimatePages guesses, low, how many pages the posts take on pages of
// geometry g: a page of text for so many bytes of source, and the page
// each post opens.
func estimatePages(docs markup.Docs, g geometry) int {
	perPage := int(g.textW()/(g.size*0.5)*g.textH()/g.lead) + 1
	pages := 0
	for _, d := range docs {
		if d != nil {
			pages += 1 + len(d.Source)/perPage
		}
	}
	return pages
}
