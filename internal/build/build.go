// Package build is the pipeline: the one place that knows the order of the
// stages. Run reads the sources, selects the posts, parses each once,
// detects languages, groups the posts into chapters, resolves links
// between them, prepares their images, and hands the one prepared book to
// each renderer. The command line (internal/cli) maps flags and the book
// file onto Options; tests and benchmarks call Run directly.
package build

import (
	"context"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
	"github.com/anthology-book/anthology/internal/source"
	"github.com/anthology-book/anthology/internal/theme"
)

// Options say which book to make, and where to write it.
type Options struct {
	// Sources are the folders and files to read posts from.
	Sources []string
	// BookFile is the book file's content; nil when there is none. Its
	// title, author, language and cover count only where the fields below
	// leave them empty.
	BookFile *config.Config

	Title, Author, Lang string
	// Cover is the path of the cover image; empty for the book file's,
	// else a drawn one.
	Cover string
	// Drafts keeps drafts, posts dated after the build date and expired
	// posts.
	Drafts bool
	// Date is the build date (SOURCE_DATE_EPOCH); zero means the newest
	// post's date, so a book never depends on when it was made.
	Date time.Time

	// Themes tunes the grouping into chapters; the book file's themes are
	// added to its rules.
	Themes theme.Options
	// Source tunes how exports and feeds are read (media folder), and
	// whether the images on the web of every source are fetched
	// (FetchImages; Fetch.AllowPrivate lets them come from local and
	// private addresses).
	Source source.Options

	// Formats are the files to write, among Formats(); none stops after
	// the chapters are made (what "plan" shows).
	Formats []string
	// OutputDir is the folder the books are written into, and Name their
	// base name (default: a slug of the title).
	OutputDir string
	Name      string
	// PageSize is the PDF's trim, one of pdf.PageSizes or WxHin, WxHmm
	// (pdf.CheckPageSize); the cover's panels are its trim size.
	PageSize string
	// Bleed adds the printers' 0.125 in of bleed around every PDF page.
	Bleed bool
	// MaxPages, when above zero, is the most pages one PDF may have: a
	// longer book is written as volumes NAME-1.pdf, NAME-2.pdf, … (and
	// with the cover format, a cover for each, NAME-1-cover.pdf, …).
	MaxPages int
	// Paper is the printed book's paper, one of pdf.Papers ("" for
	// white): the cover's spine is as thick as its pages.
	Paper string
	// MaxBytes is the largest EPUB to write; images are scaled down to fit
	// (0: no limit).
	MaxBytes int64
	// Kobo also writes a Kobo edition next to the EPUB.
	Kobo bool
	// EmbedFonts puts the bundled fonts and their licences in the EPUB.
	EmbedFonts bool
	// Grayscale draws the PDF's images in grey, for black-and-white
	// printing.
	Grayscale bool
	// FontDirs are the folders searched for installed fonts when the
	// book's text has scripts the bundled fonts lack; nil means
	// fontconfig's folders (pdf.SystemFontDirs).
	FontDirs []string
	// Strict turns every warning into an error: then nothing is written.
	Strict bool

	// TuneGC lets a big book be built with a lower garbage collector
	// target, for memory rather than speed (the command line sets it
	// unless GOGC is in the environment).
	TuneGC bool

	// Progress is told what the build is doing; nil shows nothing.
	Progress Progress
}

// Progress is told the stages of a build and the posts each has done.
// Methods may be called from several goroutines at once.
type Progress interface {
	// Stage starts a stage that goes through total posts (-1: unknown);
	// then, once they are done, it does what then names ("" for nothing).
	Stage(name string, total int, then string)
	// PostDone counts one post done by the current stage.
	PostDone()
}

// Result is what a build made.
type Result struct {
	// Book is the prepared book, chapters and posts in reading order.
	Book *book.Book
	// Docs are the posts' prepared documents by post ID.
	Docs markup.Docs
	// Report holds the warnings, the posts left out and the notes.
	Report *book.Report
	// Files are the paths written, in the order of Options.Formats.
	Files []string
	// PostPages gives, when a PDF was written, the pages each post takes
	// in it, by post ID.
	PostPages map[string]PageRange

	// printCover is the given cover at a printer's resolution, when a
	// printed cover is asked.
	printCover *book.Asset
}

// PageRange is the first and last page of something in the PDF, counted
// from 1 as a PDF reader counts them.
type PageRange struct{ First, Last int }

// InputError is a mistake in what the user gave: one clean line, and a
// hint where one helps.
type InputError struct {
	Msg  string
	Hint string
}

func (e *InputError) Error() string { return e.Msg }

// Run makes the book: every stage in order, then the formats asked for.
// All formats are written to temporary files first and put in place only
// when every one succeeded (and, with Strict, no warning was raised), so a
// failed build never replaces or half-writes a book. When rendering
// fails, the Result is returned with the error, for its report. A panic
// in any stage is returned as a *parallel.PanicError, once the temporary
// files are removed.
func Run(ctx context.Context, opts Options) (res *Result, err error) {
	defer catchPanic(&err)
	res, err = prepare(ctx, opts, true)
	if err != nil {
		return nil, err
	}
	if err := write(ctx, opts, res); err != nil {
		return res, err
	}
	return res, nil
}

// Plan runs the stages that decide the chapters, and no more: what
// "anthology plan" shows.
func Plan(ctx context.Context, opts Options) (res *Result, err error) {
	defer catchPanic(&err)
	return prepare(ctx, opts, false)
}

// catchPanic, deferred, turns a panic into *err: a bug must end the build
// with an error the command line can report, not kill the program.
func catchPanic(err *error) {
	if v := recover(); v != nil {
		*err = parallel.Recovered(v)
	}
}

func (o *Options) progress(name string, total int, then string) {
	if o.Progress != nil {
		o.Progress.Stage(name, total, then)
	}
}

func (o *Options) postDone() func() {
	if o.Progress == nil {
		return nil
	}
	return o.Progress.PostDone
}
