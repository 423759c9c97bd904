package build

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/render/epub"
	"github.com/anthology-book/anthology/internal/render/kepub"
	"github.com/anthology-book/anthology/internal/render/pdf"
)

// Formats lists the formats Run writes, as Options.Formats names them.
func Formats() []string { return []string{"epub", "pdf"} }

// finishing is what a renderer does after its last post, as progress
// shows it.
var finishing = map[string]string{"epub": "packaging EPUB", "pdf": "drawing PDF"}

// pending is a book written to a temporary file, not yet in place.
type pending struct {
	tmp, path string
}

// write renders the prepared book in every format asked for, then puts
// the files in place together.
func write(ctx context.Context, opts Options, res *Result) (err error) {
	for _, f := range opts.Formats {
		if !slices.Contains(Formats(), f) {
			return fmt.Errorf("unknown format %q (want %s)", f, strings.Join(Formats(), ", "))
		}
	}
	b := res.Book
	name := opts.Name
	if name == "" {
		name = Slug(b.Title)
	}
	if name != filepath.Base(name) || name == "." || name == ".." {
		return &InputError{Msg: fmt.Sprintf("the output name %q is not a plain file name", name)}
	}
	dir := opts.OutputDir
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create output folder: %w", err)
	}
	defer collectSooner(opts.TuneGC, b)()
	var files []pending
	defer func() {
		if err != nil {
			for _, f := range files {
				os.Remove(f.tmp)
			}
		}
	}()
	add := func(path string, render func(w *os.File) error) error {
		tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
		if err != nil {
			return err
		}
		files = append(files, pending{tmp: tmp.Name(), path: path})
		if err := render(tmp); err != nil {
			tmp.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return os.Chmod(tmp.Name(), 0o644)
	}
	posts := len(b.Posts())
	for i, format := range opts.Formats {
		last := i == len(opts.Formats)-1
		opts.progress("writing "+strings.ToUpper(format), posts, finishing[format])
		path := filepath.Join(dir, name+"."+format)
		err := add(path, func(w *os.File) error {
			switch format {
			case "epub":
				return writeEPUB(ctx, w, opts, res)
			default:
				return writePDF(ctx, w, opts, res, last)
			}
		})
		if err != nil {
			return err
		}
		if format == "epub" && opts.Kobo {
			epubTmp := files[len(files)-1].tmp
			if err := add(kepub.Name(path), func(w *os.File) error { return writeKobo(ctx, w, epubTmp) }); err != nil {
				return err
			}
		}
	}
	if n := len(res.Report.Warnings); opts.Strict && n > 0 {
		return &InputError{
			Msg:  fmt.Sprintf("%d warning%s and --strict is set; nothing was written", n, plural(n)),
			Hint: "fix what the warnings say, or leave out --strict",
		}
	}
	for _, f := range files {
		if err := os.Rename(f.tmp, f.path); err != nil {
			return err
		}
		res.Files = append(res.Files, f.path)
	}
	return nil
}

func writeEPUB(ctx context.Context, w io.Writer, opts Options, res *Result) error {
	cw := &countingWriter{w: w}
	err := epub.Write(ctx, cw, res.Book, res.Docs, epub.Options{PostDone: opts.postDone()}, res.Report)
	if err != nil {
		return err
	}
	if opts.MaxBytes > 0 && cw.n > opts.MaxBytes {
		return &InputError{
			Msg: fmt.Sprintf("the EPUB is %s, over the %s asked for, even with its images at their smallest; its largest images: %s",
				confine.Size(cw.n), confine.Size(opts.MaxBytes), largestImages(res.Book, 5)),
			Hint: "leave out posts with many images, or raise --max-size (Kindle's limit is 50MB)",
		}
	}
	return nil
}

// largestImages names the n largest images of the book with their sizes.
func largestImages(b *book.Book, n int) string {
	images := slices.Clone(b.Images)
	slices.SortStableFunc(images, func(x, y *book.Asset) int { return len(y.Data) - len(x.Data) })
	var parts []string
	for _, a := range images[:min(n, len(images))] {
		parts = append(parts, fmt.Sprintf("%s (%s)", a.Name, confine.Size(int64(len(a.Data)))))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func writePDF(ctx context.Context, w io.Writer, opts Options, res *Result, last bool) error {
	res.PostPages = map[string]PageRange{}
	return pdf.Write(ctx, w, res.Book, res.Docs, pdf.Options{
		PageSize:    opts.PageSize,
		PostDone:    opts.postDone(),
		ReleaseDocs: last,
		PostPages: func(id string, first, last int) {
			res.PostPages[id] = PageRange{First: first, Last: last}
		},
	}, res.Report)
}

// writeKobo writes the Kobo edition of the EPUB at epubPath to w.
func writeKobo(ctx context.Context, w io.Writer, epubPath string) error {
	data, err := os.ReadFile(epubPath)
	if err != nil {
		return err
	}
	return kepub.Convert(ctx, w, data)
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Slug makes a file name from a title: lower-case ASCII letters and
// digits joined by hyphens, accents removed.
func Slug(s string) string {
	var out []rune
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			out = append(out, r)
		case len(out) > 0 && out[len(out)-1] != '-':
			out = append(out, '-')
		}
	}
	slug := strings.Trim(string(out), "-")
	if slug == "" {
		return "book"
	}
	return slug
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
