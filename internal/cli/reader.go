package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/cover"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/lang"
	"github.com/anthology-book/anthology/internal/links"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/render/epub"
	"github.com/anthology-book/anthology/internal/render/kepub"
)

// readerOptions are the compile flags that fit the book to e-readers: its
// cover, its size, and a Kobo edition.
type readerOptions struct {
	cover   string
	maxSize byteSize
	kobo    bool

	// coverImage is the cover made ready by runCompile from the flags and
	// the book file.
	coverImage *book.Asset
}

func (o *readerOptions) addFlags(f *pflag.FlagSet) {
	o.maxSize = imaging.DefaultMaxBytes
	f.StringVar(&o.cover, "cover", "", "cover image, PNG or JPEG (default: the book file's cover:, else one drawn from the title, author and years)")
	f.Var(&o.maxSize, "max-size", `largest EPUB to write, e.g. "50MB" or "20MiB"; images shrink to fit (0: no limit)`)
	f.BoolVar(&o.kobo, "kobo", false, "also write a Kobo edition (.kepub.epub) next to the EPUB")
}

// prepareDocs readies the parsed posts for the renderers: posts without a
// language get one detected from their text, and links between posts point
// inside the book. When nothing stated the book's language (no --lang, no
// lang: in the book file or any post), it becomes the one most posts are
// written in.
func prepareDocs(b *book.Book, docs markup.Docs, o *bookOptions, cfg *config.Config, rep *book.Report) {
	posts := b.Posts()
	stated := o.lang != "" || cfg.Lang != "" || slices.ContainsFunc(posts, func(p *book.Post) bool { return p.Lang != "" })
	lang.Assign(b, docs, rep)
	if !stated {
		if l := mostCommon(posts, func(p *book.Post) string { return book.BaseLang(p.Lang) }); l != "" {
			b.Lang = l
		}
	}
	links.Resolve(b, docs, links.Site{BaseURL: cfg.BaseURL, Permalinks: cfg.Permalinks}, rep)
}

// bookCover returns the cover the options or the book file name, prepared
// for e-readers, else one drawn for the book.
func bookCover(o *readerOptions, cfg *config.Config, b *book.Book) (*book.Asset, error) {
	name := o.cover
	if name == "" && cfg.Cover != "" {
		name = cfg.Cover
		if !filepath.IsAbs(name) && cfg.Path != "" {
			name = filepath.Join(filepath.Dir(cfg.Path), name)
		}
	}
	if name == "" {
		data, err := cover.Generate(b.Title, b.Author, cover.Years(b.Span()))
		if err != nil {
			return nil, err
		}
		return &book.Asset{Name: "images/cover.png", MediaType: imaging.PNG, Data: data}, nil
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, userError{msg: fmt.Sprintf("cover image %q not found", name)}
	}
	if err != nil {
		return nil, fmt.Errorf("read cover: %w", err)
	}
	// A cover is shown full screen: keep it up to the height readers ask for.
	data, mediaType, err := imaging.Prepare(data, name, cover.Height)
	if err != nil || mediaType == imaging.SVG {
		return nil, userError{
			msg:  fmt.Sprintf("cover image %q cannot be used: %v", name, coverProblem(err)),
			hint: "give a PNG or JPEG, ideally 1600x2560 pixels",
		}
	}
	return &book.Asset{Name: "images/cover" + imaging.Ext(mediaType), MediaType: mediaType, Data: data}, nil
}

func coverProblem(err error) error {
	if err == nil {
		return errors.New("SVG covers are not shown by every e-reader")
	}
	return err
}

// shrinkSides are the long sides images are brought down to, one step at
// a time, while the EPUB is over --max-size.
var shrinkSides = []int{imaging.DefaultMaxSide, 1200, 900, 640, 480}

// writeEPUB writes the EPUB within --max-size: when the book is too large
// it is made again with smaller images, and when even the smallest do not
// fit, the error names the largest files.
func writeEPUB(ctx context.Context, w *os.File, b *book.Book, docs markup.Docs, o *compileOptions, rep *book.Report) error {
	b.Cover = o.coverImage
	opts := epub.Options{PostDone: o.postDone}
	var buf bytes.Buffer
	for i, side := range shrinkSides {
		buf.Reset()
		attempt := &book.Report{}
		if err := epub.Write(ctx, &buf, b, docs, opts, attempt); err != nil {
			return err
		}
		last := i == len(shrinkSides)-1
		if o.maxSize == 0 || int64(buf.Len()) <= int64(o.maxSize) || last {
			rep.Merge(attempt)
			if i > 0 {
				rep.Note("images scaled down to %d px on their long side to keep the EPUB under %s", side, o.maxSize.String())
			}
			break
		}
	}
	if o.maxSize > 0 && int64(buf.Len()) > int64(o.maxSize) {
		return userError{
			msg: fmt.Sprintf("the EPUB is %s, over --max-size %s even with images at %d px; its largest files: %s",
				byteSize(buf.Len()), o.maxSize.String(), shrinkSides[len(shrinkSides)-1], largestEntries(buf.Bytes(), 5)),
			hint: "leave out posts with many images, or raise --max-size (Kindle's limit is 50MB)",
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// largestEntries lists the n largest files of a zip with their sizes.
func largestEntries(data []byte, n int) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "(unreadable)"
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.SliceStable(files, func(i, j int) bool {
		if files[i].CompressedSize64 != files[j].CompressedSize64 {
			return files[i].CompressedSize64 > files[j].CompressedSize64
		}
		return files[i].Name < files[j].Name
	})
	var parts []string
	for _, f := range files[:min(n, len(files))] {
		parts = append(parts, fmt.Sprintf("%s (%s)", f.Name, byteSize(f.CompressedSize64)))
	}
	return strings.Join(parts, ", ")
}

// writeKobo writes the Kobo edition of the EPUB at path next to it and
// returns its path.
func writeKobo(ctx context.Context, path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	out := kepub.Name(path)
	err = writeAtomically(out, func(f *os.File) error {
		return kepub.Convert(ctx, f, data)
	})
	if err != nil {
		return "", fmt.Errorf("write %s: %w", out, err)
	}
	return out, nil
}

// byteSize is a size in bytes given on the command line as "50MB",
// "20MiB", "800k" or a plain number of bytes. KB, MB and GB count in 1024s,
// as e-reader stores do.
type byteSize int64

func (s *byteSize) Set(v string) error {
	n, err := parseByteSize(v)
	if err != nil {
		return err
	}
	*s = byteSize(n)
	return nil
}

func (s byteSize) Type() string { return "size" }

func (s byteSize) String() string {
	switch {
	case s == 0:
		return "0"
	case s%(1<<30) == 0:
		return strconv.FormatInt(int64(s>>30), 10) + "GB"
	case s >= 1<<20:
		return strconv.FormatFloat(float64(s)/(1<<20), 'f', -1, 64) + "MB"
	case s >= 1<<10:
		return strconv.FormatFloat(float64(s)/(1<<10), 'f', -1, 64) + "KB"
	}
	return strconv.FormatInt(int64(s), 10) + "B"
}

func parseByteSize(v string) (int64, error) {
	s := strings.ToUpper(strings.TrimSpace(v))
	units := []struct {
		suffix string
		mult   float64
	}{
		{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10},
		{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
		{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1},
	}
	mult := 1.0
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f*mult > 1<<50 {
		return 0, fmt.Errorf("%q is not a size (e.g. 50MB, 20MiB, 800KB)", v)
	}
	return int64(f * mult), nil
}
