package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/render/epub"
	"github.com/anthology-book/anthology/internal/render/kepub"
	"github.com/anthology-book/anthology/internal/render/pdf"
)

// Formats lists the formats Run writes, as Options.Formats names them:
// "cover" is the printed book's wraparound cover.
func Formats() []string { return []string{"epub", "pdf", "cover"} }

// DefaultFormats lists the formats written unless others are asked.
func DefaultFormats() []string { return []string{"epub", "pdf"} }

// finishing is what a renderer does after its last post, as progress
// shows it.
var finishing = map[string]string{"epub": "packaging EPUB", "pdf": "drawing PDF", "cover": "drawing cover"}

// fileName is the name of the file of a format for a book named name.
func fileName(name, format string) string {
	if format == "cover" {
		return name + "-cover.pdf"
	}
	return name + "." + format
}

// pending is a book written to a temporary file, not yet in place.
type pending struct {
	tmp, path string
	rank      int // of its format in Options.Formats: files go in place in that order
}

// renderOrder is the order the formats are rendered in: the PDF first,
// so that the EPUB can mark its pages and the cover's spine can follow
// its page count, and the cover last. The files are still put in place,
// and reported, in the order asked.
func renderOrder(formats []string) []string {
	order := slices.Clone(formats)
	rank := func(f string) int {
		switch f {
		case "pdf":
			return 0
		case "cover":
			return 2
		}
		return 1
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	return order
}

// write renders the prepared book in every format asked for, then puts
// the files in place together.
func write(ctx context.Context, opts Options, res *Result) error {
	for _, f := range opts.Formats {
		if !slices.Contains(Formats(), f) {
			return fmt.Errorf("unknown format %q (want %s)", f, strings.Join(Formats(), ", "))
		}
	}
	if slices.Contains(opts.Formats, "cover") && opts.Paper != "" && !slices.Contains(pdf.Papers, opts.Paper) {
		return &InputError{Msg: fmt.Sprintf("unknown paper %q (want %s)", opts.Paper, strings.Join(pdf.Papers, ", "))}
	}
	if err := checkFonts(opts, res); err != nil {
		return err
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
	removeStaleTemps(dir, name)
	if err := checkTargets(dir, name, opts); err != nil {
		return err
	}
	defer collectSooner(opts.TuneGC, b)()
	var files []pending
	placed := false
	defer func() { // also when a renderer panics, before Run recovers
		if !placed {
			for _, f := range files {
				os.Remove(f.tmp)
			}
		}
	}()
	create := func(path string, rank int) (*os.File, error) {
		tmp, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
		if err != nil {
			return nil, err
		}
		files = append(files, pending{tmp: tmp.Name(), path: path, rank: rank})
		return tmp, nil
	}
	finish := func(tmp *os.File, path string) error {
		if err := tmp.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return os.Chmod(tmp.Name(), 0o644)
	}
	add := func(path string, rank int, render func(w *os.File) error) error {
		tmp, err := create(path, rank)
		if err != nil {
			return err
		}
		if err := render(tmp); err != nil {
			tmp.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		return finish(tmp, path)
	}
	posts := len(b.Posts())
	order := renderOrder(opts.Formats)
	var edition *book.PrintEdition // the PDF's pages, for the EPUB to mark
	var volumes []pdf.Volume       // the PDF's files, for the covers to count
	for i, format := range order {
		// Only the EPUB reads the posts after the PDF: the cover counts
		// the PDF's pages.
		last := !slices.Contains(order[i+1:], "epub")
		rank := slices.Index(opts.Formats, format)
		opts.progress("writing "+strings.ToUpper(format), posts, finishing[format])
		path := filepath.Join(dir, fileName(name, format))
		var err error
		switch format {
		case "pdf":
			edition, volumes, err = writePDF(ctx, dir, name, opts, res, last, func(path string) (*os.File, error) { return create(path, rank) }, finish)
		case "cover":
			err = writeCovers(ctx, dir, name, opts, res, volumes, func(path string, render func(w *os.File) error) error { return add(path, rank, render) })
		default:
			err = add(path, rank, func(w *os.File) error { return writeEPUB(ctx, w, opts, res, edition) })
		}
		if err != nil {
			return err
		}
		if format == "epub" && opts.Kobo {
			epubTmp := files[len(files)-1].tmp
			if err := add(kepub.Name(path), rank, func(w *os.File) error { return writeKobo(ctx, w, epubTmp) }); err != nil {
				return err
			}
		}
	}
	slices.SortStableFunc(files, func(a, b pending) int { return a.rank - b.rank })
	if n := len(res.Report.Warnings); opts.Strict && n > 0 {
		return &InputError{
			Msg:  fmt.Sprintf("%d warning%s and --strict is set; nothing was written", n, plural(n)),
			Hint: "fix what the warnings say, or leave out --strict",
		}
	}
	if err := ctx.Err(); err != nil {
		return err // stopped while a renderer was finishing: keep the old books
	}
	// The volumes' names are known only now: one in a folder's way would
	// stop the renames below halfway.
	for _, f := range files {
		if fi, err := os.Lstat(f.path); err == nil && fi.IsDir() {
			return &InputError{
				Msg:  fmt.Sprintf("cannot write %q: a folder of that name is in the way", f.path),
				Hint: "move the folder, or choose another name with --name",
			}
		}
	}
	placed = true
	for i, f := range files {
		if err := os.Rename(f.tmp, f.path); err != nil {
			for _, rest := range files[i:] {
				os.Remove(rest.tmp)
			}
			return err
		}
		res.Files = append(res.Files, f.path)
	}
	return nil
}

// outputNames are the file names a build named name may write, whatever
// its formats.
func outputNames(name string) []string {
	var names []string
	for _, f := range Formats() {
		names = append(names, fileName(name, f))
	}
	return append(names, kepub.Name(name+".epub"))
}

// tempPattern is the os.CreateTemp pattern of the temporary file a book
// named file is written to, beside it: ".NAME.FORMAT.*.tmp".
func tempPattern(file string) string { return "." + file + ".*.tmp" }

// isTempOf reports whether entry is a temporary file os.CreateTemp made
// from tempPattern(file): the star is a run of digits, so that the
// temporary files of "book" are told apart from those of "book.epub".
func isTempOf(entry, file string) bool {
	prefix, suffix := "."+file+".", ".tmp"
	if len(entry) <= len(prefix)+len(suffix) || !strings.HasPrefix(entry, prefix) || !strings.HasSuffix(entry, suffix) {
		return false
	}
	for _, r := range entry[len(prefix) : len(entry)-len(suffix)] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps removes, from dir, the temporary files a build of the
// same name left when it was killed before it could clean up. Two builds
// of one name into one folder at once would replace each other's books
// anyway; this makes the second one also take the first one's files.
func removeStaleTemps(dir, name string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // then creating the temporary files reports it
	}
	files := outputNames(name)
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		for _, file := range append(files, volumeOf(name, e.Name())...) {
			if isTempOf(e.Name(), file) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// volumeOf returns the names of the PDF and cover of the volume of a book
// named name whose temporary file entry may be: ".NAME-7.pdf.123.tmp"
// gives NAME-7.pdf and NAME-7-cover.pdf.
func volumeOf(name, entry string) []string {
	rest, ok := strings.CutPrefix(entry, "."+name+"-")
	if !ok {
		return nil
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 {
		return nil
	}
	n, err := strconv.Atoi(rest[:i])
	if err != nil {
		return nil
	}
	vol := volumeName(name, n)
	return []string{fileName(vol, "pdf"), fileName(vol, "cover")}
}

// checkTargets refuses, before any work, a book whose place holds a folder:
// renaming onto it would fail after the other formats were put in place.
func checkTargets(dir, name string, opts Options) error {
	var files []string
	for _, f := range opts.Formats {
		files = append(files, fileName(name, f))
		if f == "epub" && opts.Kobo {
			files = append(files, kepub.Name(name+".epub"))
		}
	}
	for _, file := range files {
		path := filepath.Join(dir, file)
		if fi, err := os.Lstat(path); err == nil && fi.IsDir() {
			return &InputError{
				Msg:  fmt.Sprintf("cannot write %q: a folder of that name is in the way", path),
				Hint: "move the folder, or choose another name with --name",
			}
		}
	}
	return nil
}

// writeEPUB writes the EPUB; edition, when set, is the PDF made in the same
// run, whose pages it marks.
func writeEPUB(ctx context.Context, w io.Writer, opts Options, res *Result, edition *book.PrintEdition) error {
	cw := &countingWriter{w: w}
	// The page list, and what the package and its summary say of it,
	// come with a print edition made in the same run.
	res.Book.Access.PageList = edition != nil
	err := epub.Write(ctx, cw, res.Book, res.Docs, epub.Options{PostDone: opts.postDone(), PrintEdition: edition, EmbedFonts: opts.EmbedFonts}, res.Report)
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

// volumeName is the base name of volume n of a book named name: the name
// itself for a book printed whole (n = 0).
func volumeName(name string, n int) string {
	if n == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(n)
}

// pdfOptions are the options of the PDF and of the page counts of its
// covers.
func pdfOptions(opts Options) pdf.Options {
	return pdf.Options{PageSize: opts.PageSize, Bleed: opts.Bleed, Grayscale: opts.Grayscale, MaxPages: opts.MaxPages, Fonts: fontSearch(opts)}
}

// writePDF writes the PDF, or its volumes, each into a temporary file
// create makes and finish closes, and returns its pages, as the EPUB
// marks them, and its files. A book in volumes gives the EPUB no page
// list: its page numbers restart in each volume. last says that no format
// is rendered after it.
func writePDF(ctx context.Context, dir, name string, opts Options, res *Result, last bool,
	create func(path string) (*os.File, error), finish func(tmp *os.File, path string) error) (*book.PrintEdition, []pdf.Volume, error) {
	res.PostPages = map[string]PageRange{}
	edition := &book.PrintEdition{Name: printEditionName(res.Book)}
	po := pdfOptions(opts)
	po.PostDone = opts.postDone()
	po.ReleaseDocs = last
	po.PostPages = func(id string, first, last int) {
		res.PostPages[id] = PageRange{First: first, Last: last}
	}
	po.PrintPages = func(pages []book.PageStart) { edition.Pages = pages }
	temps := map[int]*os.File{}
	paths := map[int]string{}
	defer func() {
		for _, tmp := range temps {
			tmp.Close() // a second Close after finish only fails
		}
	}()
	open := func(n int) (io.Writer, error) {
		if tmp := temps[n]; tmp != nil {
			// drawn again: its references to later volumes moved
			if err := tmp.Truncate(0); err != nil {
				return nil, err
			}
			_, err := tmp.Seek(0, io.SeekStart)
			return tmp, err
		}
		paths[n] = filepath.Join(dir, fileName(volumeName(name, n), "pdf"))
		tmp, err := create(paths[n])
		temps[n] = tmp
		return tmp, err
	}
	vols, err := pdf.WriteVolumes(ctx, open, res.Book, res.Docs, po, res.Report)
	if err != nil {
		return nil, nil, fmt.Errorf("write %s: %w", filepath.Join(dir, fileName(name, "pdf")), err)
	}
	for _, v := range vols {
		if err := finish(temps[v.Number], paths[v.Number]); err != nil {
			return nil, nil, err
		}
	}
	if vols[0].Number != 0 {
		res.PostPages, edition = nil, nil
	}
	return edition, vols, nil
}

// writeCovers writes the wraparound cover of each PDF of the book, with add:
// volumes, when set, are the PDF's files made in the same run, whose pages
// they count; else the book is laid out to count them.
func writeCovers(ctx context.Context, dir, name string, opts Options, res *Result, volumes []pdf.Volume,
	add func(path string, render func(w *os.File) error) error) error {
	if volumes == nil {
		var err error
		if volumes, err = pdf.VolumePages(ctx, res.Book, res.Docs, pdfOptions(opts)); err != nil {
			return err
		}
	}
	for _, v := range volumes {
		path := filepath.Join(dir, fileName(volumeName(name, v.Number), "cover"))
		err := add(path, func(w *os.File) error {
			return pdf.WriteCover(w, res.Book, pdf.CoverOptions{PageSize: opts.PageSize, Paper: opts.Paper, Pages: v.Pages, Front: res.printCover, Fonts: fontSearch(opts)}, res.Report)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// fontSearch is where the PDF looks for fonts: the book file's fonts,
// from its folder, then the machine's (Options.FontDirs, else
// fontconfig's folders).
func fontSearch(opts Options) pdf.FontSearch {
	search := pdf.FontSearch{Dirs: opts.FontDirs}
	if cfg := opts.BookFile; cfg != nil {
		dir := "."
		if cfg.Path != "" {
			dir = filepath.Dir(cfg.Path)
		}
		for _, f := range cfg.Fonts {
			if !filepath.IsAbs(f) {
				f = filepath.Join(dir, f)
			}
			search.Files = append(search.Files, f)
		}
	}
	return search
}

// checkFonts stops the build before anything is written when the PDF or
// its cover would print the letters of a script that no font has.
func checkFonts(opts Options, res *Result) error {
	if !slices.Contains(opts.Formats, "pdf") && !slices.Contains(opts.Formats, "cover") {
		return nil
	}
	var err error
	if slices.Contains(opts.Formats, "pdf") {
		err = pdf.CheckFonts(res.Book, res.Docs, fontSearch(opts))
	} else {
		err = pdf.CheckCoverFonts(res.Book, fontSearch(opts))
	}
	var missing *pdf.MissingFontError
	if errors.As(err, &missing) {
		return &InputError{Msg: missing.Error() + "; nothing was written", Hint: missing.Hint()}
	}
	if err != nil {
		return &InputError{Msg: err.Error(), Hint: "name a TrueType font (.ttf, or .ttc of TrueType faces) in the book file's fonts:"}
	}
	return nil
}

// printEditionName names the PDF as the EPUB's page list gives its source.
func printEditionName(b *book.Book) string {
	title := b.Title
	if strings.TrimSpace(title) == "" {
		title = b.Locale().Untitled
	}
	return title + " (PDF)"
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
