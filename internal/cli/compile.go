package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/build"
	"github.com/anthology-book/anthology/internal/render/pdf"
)

// compileOptions are the compile command's flags and arguments.
type compileOptions struct {
	bookOptions
	readerOptions
	output  string
	name    string
	formats []string
	// pageSize is the PDF's trim: one of pdf.PageSizes, or WxHin, WxHmm.
	pageSize string
	// bleed adds the printers' 0.125 in around every page of the PDF.
	bleed bool
	// embedFonts puts the bundled fonts in the EPUB.
	embedFonts bool
	// paper is the printed book's paper, one of pdf.Papers: the cover's
	// spine width follows it.
	paper string
	// grayscale draws the PDF's images in grey.
	grayscale bool
	// maxPages splits a longer PDF into volumes; 0 takes the book file's
	// printer's limit, if any.
	maxPages int
}

func (o *compileOptions) addFlags(f *pflag.FlagSet) {
	o.bookOptions.addFlags(f)
	o.readerOptions.addFlags(f)
	f.StringVarP(&o.output, "output", "o", ".", "folder to write the book into (created if missing)")
	f.StringVar(&o.name, "name", "", "base name of the output files, without a folder (default: a slug of the title)")
	f.StringSliceVar(&o.formats, "format", build.DefaultFormats(), "formats to write, comma-separated: "+strings.Join(build.Formats(), ", ")+" (cover: the printed book's wraparound cover, BASE-cover.pdf)")
	f.BoolVar(&o.embedFonts, "embed-fonts", false, "embed the bundled fonts (Charis SIL, DejaVu Sans Mono) and their licences in the EPUB")
	f.StringVar(&o.pageSize, "page-size", "a5", "PDF page size (the trim): "+strings.Join(pdf.PageSizes, ", ")+
		" (KDP's trims, in inches), or any WIDTHxHEIGHTin or WIDTHxHEIGHTmm such as 150x230mm; also the trim of each panel of the cover")
	f.BoolVar(&o.bleed, "bleed", false, "add 0.125 in of bleed around every PDF page for print on demand (TrimBox and BleedBox set; the --cover page fills it)")
	f.StringVar(&o.paper, "paper", pdf.Papers[0], "paper of the printed book, for the cover's spine width: "+strings.Join(pdf.Papers, ", "))
	f.BoolVar(&o.grayscale, "grayscale", false, "draw the PDF's images in grey, for black-and-white printing")
	f.IntVar(&o.maxPages, "max-pages", 0, "most pages one PDF may have: a longer book is split into volumes BASE-1.pdf, BASE-2.pdf, … (default: the book file's printer's limit, else none)")
}

func newCompileCommand(g *globalOptions) *cobra.Command {
	opts := &compileOptions{}
	cmd := &cobra.Command{
		Use:   "compile [flags] SOURCE...",
		Short: "Make the book from one or more sources",
		Long: `Make the book from one or more sources. Each SOURCE is a folder of Markdown
posts (read recursively), a single .md file, a WordPress export (WXR), a
Blogger export (its "Back up content" file or Takeout's feed.atom), a
feed (RSS, Atom, JSON Feed) or a plain text file; the kind is told from the
content, and kinds mix freely. A folder without Markdown posts is read as
the exports, feeds and .txt files directly inside it. A post that several
sources hold (same permalink; else same title and day; else same title
where one text starts the other) appears once, with the fullest text; -v
says what was merged.

Posts are ordered by date; each chapter holds the posts of one theme: the
book file's themes first, then shared categories and tags, then groups of
posts with similar text ("anthology plan" shows the chapters and why).
Drafts, and posts dated after the build date, are left out unless --drafts
is given. Posts without a date are placed last in their chapter, with a
warning (an error with --strict).

The book file (anthology.yaml) is read from --config, else from the current
folder, else from the first SOURCE folder; flags win over it.

The build date is SOURCE_DATE_EPOCH when set, else the newest post's date, so
the same sources always make the same bytes.

The PDF prints with its bundled fonts (Latin, Greek, Cyrillic, Arabic,
Hebrew); for other scripts (Chinese, Japanese, Korean…) it takes a TrueType
font from the book file's fonts: list, else one installed on the machine
(fontconfig's folders, or those of ANTHOLOGY_FONT_DIRS, separated by ":";
"none" for no installed font). A script no font has stops the build before
anything is written, with a hint of what to install.

When stderr is a terminal, the build shows its stages and the posts done
on one line of stderr, erased when done; not with -q, and never when
stderr is a file or a pipe.

--format cover writes BASE-cover.pdf, the one-piece cover printers (KDP,
IngramSpark, Lulu) take beside the PDF: back, spine and front with 0.125 in
of bleed all round, each panel the --page-size trim. The spine is the PDF's
page count times the --paper thickness (white 0.002252 in a page, cream
0.0025, color 0.002347) and carries the title and author above 79 pages.
The front is the --cover image (filled and cropped; a warning when it
prints under 300 ppi), else a drawn one; the back holds the book file's
description and a clear 2 x 1.2 in barcode area at the bottom right.

--max-pages N splits a printed book of more than N pages into volumes,
BASE-1.pdf, BASE-2.pdf, … of at most N pages each, at chapter boundaries
(at a post boundary when one chapter alone is longer): each has its own
title page ("Volume 1 · 2005–2011"), imprint and contents, and numbers its
pages from 1; a link to a post in another volume prints "(vol. 2, p. 15)".
With --format cover, each volume gets its cover, BASE-1-cover.pdf, …
The book file's "printer: kdp", "ingram" or "lulu" sets N to the printer's
limit (828, 1200 or 800 pages); --max-pages wins. A book in volumes has no
page list in its EPUB: its page numbers restart in each volume.`,
		Example: `  anthology compile content/posts -o book
  anthology compile --title "Notes" --author "Ann Example" --lang en posts/
  anthology compile --format pdf,cover --page-size 6x9 --paper cream posts/`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.sources = args
			if err := opts.validate(); err != nil {
				return usageError{err: err, cmd: cmd}
			}
			return runCompile(cmd.Context(), g, opts)
		},
	}
	opts.addFlags(cmd.Flags())
	return cmd
}

func (o *compileOptions) validate() error {
	if err := o.themeFlags.validate(); err != nil {
		return err
	}
	for i, f := range o.formats {
		f = strings.ToLower(strings.TrimSpace(f))
		if !slices.Contains(build.Formats(), f) {
			return fmt.Errorf("unknown format %q (want %s)", f, strings.Join(build.Formats(), ", "))
		}
		o.formats[i] = f
	}
	if len(o.formats) == 0 {
		return fmt.Errorf("--format needs at least one format")
	}
	if o.kobo && !slices.Contains(o.formats, "epub") {
		return fmt.Errorf("--kobo makes the Kobo edition from the EPUB: add epub to --format")
	}
	o.pageSize = strings.ToLower(strings.TrimSpace(o.pageSize))
	if err := pdf.CheckPageSize(o.pageSize); err != nil {
		return err
	}
	o.paper = strings.ToLower(strings.TrimSpace(o.paper))
	if !slices.Contains(pdf.Papers, o.paper) {
		return fmt.Errorf("unknown paper %q (want %s)", o.paper, strings.Join(pdf.Papers, ", "))
	}
	if o.maxPages < 0 {
		return fmt.Errorf("--max-pages %d: give a number of pages, or 0 for no limit", o.maxPages)
	}
	if o.name != "" && (o.name != filepath.Base(o.name) || o.name == "." || o.name == "..") {
		return fmt.Errorf("--name %q must be a file name without a folder (use -o for the folder)", o.name)
	}
	return nil
}

func runCompile(ctx context.Context, g *globalOptions, o *compileOptions) error {
	opts, err := o.buildOptions(g)
	if err != nil {
		return err
	}
	opts.Cover = o.cover
	opts.Formats = o.formats
	opts.OutputDir = o.output
	opts.Name = o.name
	opts.PageSize = o.pageSize
	opts.Paper = o.paper
	opts.Bleed = o.bleed
	opts.MaxBytes = int64(o.maxSize)
	opts.Kobo = o.kobo
	opts.EmbedFonts = o.embedFonts
	opts.Grayscale = o.grayscale
	opts.MaxPages = o.maxPages
	if opts.MaxPages == 0 && opts.BookFile != nil {
		opts.MaxPages = opts.BookFile.MaxPages()
	}
	prog := newProgress(g)
	if prog != nil {
		opts.Progress = prog
	}
	res, err := build.Run(ctx, opts)
	prog.Done()
	if res != nil {
		printReport(g, res.Report) // also when the build failed after reading the posts
	}
	if err != nil {
		return err
	}
	if !g.quiet {
		fmt.Fprintf(g.stdout, "wrote %s: %s\n", strings.Join(res.Files, ", "), summary(res.Book, res.Report))
	}
	return nil
}

// summary is the one line a compile prints: what the book holds and what
// was left out.
func summary(b *book.Book, rep *book.Report) string {
	posts := len(b.Posts())
	s := fmt.Sprintf("%d post%s in %d chapter%s", posts, plural(posts), len(b.Chapters), plural(len(b.Chapters)))
	if len(rep.Skipped) > 0 {
		reasons := make([]string, 0, len(rep.Skipped))
		for r := range rep.Skipped {
			reasons = append(reasons, r)
		}
		sort.Strings(reasons)
		var parts []string
		for _, r := range reasons {
			parts = append(parts, leftOut(rep.Skipped[r], r))
		}
		s += "; left out: " + strings.Join(parts, ", ")
	}
	if n := len(rep.Warnings); n > 0 {
		s += fmt.Sprintf("; %d warning%s", n, plural(n))
	}
	return s
}

// countable are the reasons for leaving posts out that are nouns, which
// take an "s" for more than one ("7 drafts"); the others are adjectives
// ("2 future", "1 private").
var countable = map[string]bool{"draft": true, "attachment": true, "page": true, "revision": true, "menu item": true}

// leftOut says how many posts were left out for reason.
func leftOut(n int, reason string) string {
	if countable[reason] {
		return fmt.Sprintf("%d %s%s", n, reason, plural(n))
	}
	return fmt.Sprintf("%d %s", n, reason)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
