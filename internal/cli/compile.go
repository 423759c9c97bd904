package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/render/pdf"
)

// compileOptions are the compile command's flags and arguments.
type compileOptions struct {
	bookOptions
	readerOptions
	output  string
	name    string
	formats []string
	// pageSize is the PDF's page size, one of pdf.PageSizes.
	pageSize string
	// postDone counts a post done by the renderer at work, for the
	// progress display; nil when it shows nothing.
	postDone func()
	// lastFormat is set while the last format is written: its renderer
	// may release the parsed posts as it goes.
	lastFormat bool
}

func (o *compileOptions) addFlags(f *pflag.FlagSet) {
	o.bookOptions.addFlags(f)
	o.readerOptions.addFlags(f)
	f.StringVarP(&o.output, "output", "o", ".", "folder to write the book into (created if missing)")
	f.StringVar(&o.name, "name", "", "base name of the output files (default: a slug of the title)")
	f.StringSliceVar(&o.formats, "format", []string{"epub", "pdf"}, "formats to write, comma-separated: "+strings.Join(formatNames(), ", "))
	f.StringVar(&o.pageSize, "page-size", "a5", "PDF page size: "+strings.Join(pdf.PageSizes, ", ")+" (6x9 is in inches)")
}

func newCompileCommand(g *globalOptions) *cobra.Command {
	opts := &compileOptions{}
	cmd := &cobra.Command{
		Use:   "compile [flags] SOURCE...",
		Short: "Make the book from one or more sources",
		Long: `Make the book from one or more sources. Each SOURCE is a folder of Markdown
posts (read recursively), a single .md file, a WordPress export (WXR), a
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

When stderr is a terminal, the build shows its stages and the posts done
on one line of stderr, erased when done; not with -q, and never when
stderr is a file or a pipe.`,
		Example: `  anthology compile content/posts -o book
  anthology compile --title "Notes" --author "Ann Example" --lang en posts/`,
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
		if _, ok := renderers[f]; !ok {
			return fmt.Errorf("unknown format %q (want %s)", f, strings.Join(formatNames(), ", "))
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
	if !slices.Contains(pdf.PageSizes, o.pageSize) {
		return fmt.Errorf("unknown page size %q (want %s)", o.pageSize, strings.Join(pdf.PageSizes, ", "))
	}
	return nil
}

// renderer writes a book in one format.
type renderer func(ctx context.Context, w *os.File, b *book.Book, docs markup.Docs, o *compileOptions, rep *book.Report) error

var renderers = map[string]renderer{
	"epub": func(ctx context.Context, w *os.File, b *book.Book, docs markup.Docs, o *compileOptions, rep *book.Report) error {
		return writeEPUB(ctx, w, b, docs, o, rep)
	},
	"pdf": func(ctx context.Context, w *os.File, b *book.Book, docs markup.Docs, o *compileOptions, rep *book.Report) error {
		return pdf.Write(ctx, w, b, docs, pdf.Options{PageSize: o.pageSize, PostDone: o.postDone, ReleaseDocs: o.lastFormat}, rep)
	},
}

func formatNames() []string {
	names := make([]string, 0, len(renderers))
	for n := range renderers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// finishingStep is what a renderer does after its last post, as the
// progress display names it.
var finishingStep = map[string]string{"epub": "packaging EPUB", "pdf": "drawing PDF"}

func runCompile(ctx context.Context, g *globalOptions, o *compileOptions) error {
	prog := newProgress(g)
	defer prog.Done()
	prog.Stage("reading and grouping posts", -1)
	b, rep, err := assemble(ctx, g, &o.bookOptions)
	if err != nil {
		return err
	}
	defer collectSooner(g, b)()
	cfg, err := loadConfig(&o.bookOptions)
	if err != nil {
		return err
	}
	// The cover, which needs only the title, author and years, is made
	// while the posts are parsed and their languages detected: encoding a
	// drawn one keeps a core busy for a while.
	coverDone := make(chan error, 1)
	go func() {
		var err error
		o.coverImage, err = bookCover(&o.readerOptions, cfg, b)
		coverDone <- err
	}()
	posts := len(b.Posts())
	prog.Stage("parsing", posts)
	docs, err := markup.ParseAll(ctx, b)
	if err != nil {
		<-coverDone
		return err
	}
	prog.Add(posts)
	prepareDocs(b, docs, &o.bookOptions, cfg, rep)
	if err := <-coverDone; err != nil {
		return err
	}
	// A drawn cover suits a reading system's shelf; a printed book gets
	// one only when the blogger gives it.
	b.Cover, b.CoverGiven = o.coverImage, o.cover != "" || cfg.Cover != ""
	name := o.name
	if name == "" {
		name = slugify(b.Title)
	}
	if err := os.MkdirAll(o.output, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	var written []string
	for i, format := range o.formats {
		o.lastFormat = i == len(o.formats)-1
		prog.Stage("writing "+strings.ToUpper(format), posts)
		prog.Then(finishingStep[format])
		o.postDone = prog.postDone()
		path := filepath.Join(o.output, name+"."+format)
		err := writeAtomically(path, func(f *os.File) error {
			return renderers[format](ctx, f, b, docs, o, rep)
		})
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		written = append(written, path)
		if format == "epub" && o.kobo {
			kobo, err := writeKobo(ctx, path)
			if err != nil {
				return err
			}
			written = append(written, kobo)
		}
	}
	prog.Done()
	if err := finishReport(g, &o.bookOptions, rep); err != nil {
		return err
	}
	if !g.quiet {
		fmt.Fprintf(g.stdout, "wrote %s: %s\n", strings.Join(written, ", "), summary(b, rep))
	}
	return nil
}

// writeAtomically writes through a temporary file in the same folder and
// renames it into place, so that a failed build never leaves a partial book.
func writeAtomically(path string, write func(*os.File) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
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
			parts = append(parts, fmt.Sprintf("%d %s", rep.Skipped[r], r))
		}
		s += "; left out: " + strings.Join(parts, ", ")
	}
	if n := len(rep.Warnings); n > 0 {
		s += fmt.Sprintf("; %d warning%s", n, plural(n))
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
