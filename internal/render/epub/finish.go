package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/internal/book"
)

// finish rewrites the EPUB go-epub writes to zipped: the modification date
// becomes the build date, the package gains dc:date and dc:subject, the
// navigation gains landmarks (a cover's too when the book has one), every
// document states its language, and the archive is written again with no
// timestamps, so the same book gives the same bytes.
func finish(ctx context.Context, w io.Writer, zipped io.Reader, b *book.Book, cover bool) error {
	langs := map[string]string{}
	for _, p := range b.Posts() {
		if p.Lang != "" {
			langs[postFile(p)] = p.Lang
		}
	}
	edit := func(name string, data []byte) []byte {
		switch path.Base(name) {
		case "package.opf":
			data = finishPackage(data, b)
		case "nav.xhtml":
			data = finishNav(frontNavItem.ReplaceAll(data, nil), b, cover)
		case "toc.ncx":
			data = renumberNavPoints(frontNavPoint.ReplaceAll(data, nil))
			data = bytes.Replace(data, []byte("<docAuthor>\n    <text></text>"), []byte("<docAuthor>\n    <text>"+esc(b.Author)+"</text>"), 1)
		}
		if strings.HasSuffix(name, ".xhtml") {
			lang := b.Lang
			if l, ok := langs[path.Base(name)]; ok {
				lang = l
			}
			data = setDocumentLang(data, lang)
		}
		return data
	}
	// Deflating the edited entries again is most of finishing: it is done
	// on all cores, as go-epub writes the entries, while it goes on
	// deflating the next ones. The entries left as they are keep their
	// bytes.
	var (
		entries []*entry
		wg      sync.WaitGroup
		workers = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	err := readZipStream(zipped, func(z *streamEntry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		e := &entry{}
		entries = append(entries, e)
		if !edited(z.name) {
			e.header, e.data = entryHeader(z.name, z.method, z.flags), z.stored
			e.header.CRC32 = z.crc
			e.header.CompressedSize64, e.header.UncompressedSize64 = uint64(len(z.stored)), uint64(len(z.data))
			return nil
		}
		workers <- struct{}{}
		wg.Go(func() {
			defer func() { <-workers }()
			e.header, e.data, e.err = deflatedEntry(z.name, z.flags, edit(z.name, z.data))
		})
		return nil
	})
	wg.Wait()
	if err != nil {
		return fmt.Errorf("reopen EPUB: %w", err)
	}
	for _, e := range entries {
		if e.err != nil {
			return e.err
		}
	}
	// go-epub's in-memory folder lists files in map order: sort them, with
	// the mimetype first as the container format requires.
	slices.SortFunc(entries, func(a, b *entry) int {
		if (a.header.Name == "mimetype") != (b.header.Name == "mimetype") {
			if a.header.Name == "mimetype" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.header.Name, b.header.Name)
	})
	zw := zip.NewWriter(w)
	for _, e := range entries {
		fw, err := zw.CreateRaw(e.header)
		if err != nil {
			return fmt.Errorf("write EPUB entry %q: %w", e.header.Name, err)
		}
		if _, err := fw.Write(e.data); err != nil {
			return fmt.Errorf("write EPUB entry %q: %w", e.header.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write EPUB: %w", err)
	}
	return nil
}

// edited reports whether finish changes the entry of that name.
func edited(name string) bool {
	base := path.Base(name)
	return base == "package.opf" || base == "toc.ncx" || strings.HasSuffix(name, ".xhtml")
}

// entry is an entry of the finished archive, its data compressed already.
type entry struct {
	header *zip.FileHeader
	data   []byte
	err    error
}

// entryHeader is the header zip.Writer.CreateHeader writes for a
// FileHeader holding only a name and a method: no time, and a data
// descriptor after the data. CreateRaw writes the header it is given, so
// each entry gets this whether it was edited or copied. flags are those
// go-epub's entry of that name has.
func entryHeader(name string, method, flags uint16) *zip.FileHeader {
	const (
		zipVersion20   = 20
		dataDescriptor = 0x8
		// go-epub's archive was written by zip.Writer too, which sets this
		// for the names that need it.
		utf8Name = 0x800
	)
	return &zip.FileHeader{
		Name:           name,
		Method:         method,
		Flags:          flags&utf8Name | dataDescriptor,
		CreatorVersion: zipVersion20,
		ReaderVersion:  zipVersion20,
	}
}

// zipDeflateLevel is the level of zip.Writer's own Deflate compressor,
// which go-epub's entries were compressed with: edited entries are
// compressed as the others were.
const zipDeflateLevel = 5

// flateWriters are reused: each holds about a megabyte of state, and a
// book has an entry per post.
var flateWriters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, zipDeflateLevel)
	return w
}}

// deflatedEntry is the entry of that name holding data, compressed as
// zip.Writer compresses a Deflate entry.
func deflatedEntry(name string, flags uint16, data []byte) (*zip.FileHeader, []byte, error) {
	var buf bytes.Buffer
	fw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(fw)
	fw.Reset(&buf)
	if _, err := fw.Write(data); err != nil {
		return nil, nil, fmt.Errorf("compress EPUB entry %q: %w", name, err)
	}
	if err := fw.Close(); err != nil {
		return nil, nil, fmt.Errorf("compress EPUB entry %q: %w", name, err)
	}
	h := entryHeader(name, zip.Deflate, flags)
	h.CRC32 = crc32.ChecksumIEEE(data)
	h.CompressedSize64, h.UncompressedSize64 = uint64(buf.Len()), uint64(len(data))
	return h, buf.Bytes(), nil
}

var emptyCreator = regexp.MustCompile(`\s*<dc:creator id="creator"></dc:creator>|\s*<meta refines="#creator"[^>]*>[^<]*</meta>`)

// sortManifest puts the manifest's items in order of their href: go-epub
// lists stylesheets, fonts and images in map order.
func sortManifest(data []byte) []byte {
	start := bytes.Index(data, []byte("<manifest>"))
	end := bytes.Index(data, []byte("</manifest>"))
	if start < 0 || end < start {
		return data
	}
	start += len("<manifest>")
	items := manifestItem.FindAll(data[start:end], -1)
	slices.SortStableFunc(items, func(a, b []byte) int {
		return strings.Compare(string(manifestHref.Find(a)), string(manifestHref.Find(b)))
	})
	var out bytes.Buffer
	out.Write(data[:start])
	for _, item := range items {
		out.WriteString("\n    ")
		out.Write(item)
	}
	out.WriteString("\n  ")
	out.Write(data[end:])
	return out.Bytes()
}

var (
	manifestItem = regexp.MustCompile(`<item [^>]*>(?:</item>)?`)
	manifestHref = regexp.MustCompile(`href="[^"]*"`)
)

var modified = regexp.MustCompile(`(<meta property="dcterms:modified">)[^<]*(</meta>)`)

func finishPackage(data []byte, b *book.Book) []byte {
	if b.Author == "" {
		// An empty dc:creator is invalid; a book without an author has none.
		data = emptyCreator.ReplaceAll(data, nil)
	}
	data = sortManifest(data)
	stamp := b.Date.UTC().Format("2006-01-02T15:04:05Z")
	data = modified.ReplaceAll(data, []byte("${1}"+stamp+"${2}"))
	var extra strings.Builder
	fmt.Fprintf(&extra, "\n    <dc:date>%s</dc:date>", b.Date.UTC().Format("2006-01-02"))
	for _, theme := range uniqueThemes(b) {
		fmt.Fprintf(&extra, "\n    <dc:subject>%s</dc:subject>", esc(theme))
	}
	return bytes.Replace(data, []byte("</metadata>"), []byte(extra.String()+"\n  </metadata>"), 1)
}

func uniqueThemes(b *book.Book) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range b.Themes() {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// finishNav adds the landmarks reading systems use to open the book at its
// start and to find its contents page.
func finishNav(data []byte, b *book.Book, cover bool) []byte {
	var s strings.Builder
	s.WriteString(`<nav epub:type="landmarks" hidden="hidden"><ol>`)
	if cover {
		fmt.Fprintf(&s, `<li><a epub:type="cover" href="xhtml/%s">%s</a></li>`, coverFile, esc(coverTitle(b.Lang)))
	}
	fmt.Fprintf(&s, `<li><a epub:type="titlepage" href="xhtml/%s">%s</a></li>`, titleFile, esc(b.Title))
	fmt.Fprintf(&s, `<li><a epub:type="toc" href="xhtml/%s">%s</a></li>`, contentsFile, esc(contentsTitle(b.Lang)))
	if len(b.Chapters) > 0 {
		fmt.Fprintf(&s, `<li><a epub:type="bodymatter" href="xhtml/%s">%s</a></li>`, chapterFile(b.Chapters[0]), esc(b.Chapters[0].Title))
	}
	s.WriteString(`</ol></nav>`)
	i := bytes.LastIndex(data, []byte("</body>"))
	if i < 0 {
		return data
	}
	return append(data[:i:i], append([]byte(s.String()), data[i:]...)...)
}

// coverFile is the cover page go-epub writes for Epub.SetCover.
const coverFile = "cover.xhtml"

func coverTitle(lang string) string {
	if book.BaseLang(lang) == "fr" {
		return "Couverture"
	}
	return "Cover"
}

// The title and contents pages are reached through the landmarks; the
// tables of contents list the chapters and their posts only.
var (
	frontNavItem  = regexp.MustCompile(`\s*<li>\s*<a href="xhtml/(?:title|contents)\.xhtml">[^<]*</a>\s*</li>`)
	frontNavPoint = regexp.MustCompile(`\s*<navPoint id="navPoint-\d+">\s*<navLabel>\s*<text>[^<]*</text>\s*</navLabel>\s*<content src="xhtml/(?:title|contents)\.xhtml"></content>\s*</navPoint>`)
)

var navPointID = regexp.MustCompile(`id="navPoint-\d+"`)

// renumberNavPoints numbers toc.ncx's entries in document order: go-epub
// numbers them in map order, which changes from run to run.
func renumberNavPoints(data []byte) []byte {
	n := 0
	return navPointID.ReplaceAllFunc(data, func([]byte) []byte {
		n++
		return []byte(fmt.Sprintf(`id="navPoint-%d"`, n))
	})
}

var htmlOpen = regexp.MustCompile(`<html xmlns="http://www.w3.org/1999/xhtml"`)

func setDocumentLang(data []byte, lang string) []byte {
	if lang == "" || bytes.Contains(data[:min(len(data), 400)], []byte("xml:lang=")) {
		return data
	}
	attrs := fmt.Sprintf(` lang="%s" xml:lang="%s"`, esc(lang), esc(lang))
	loc := htmlOpen.FindIndex(data)
	if loc == nil {
		return data
	}
	return append(data[:loc[1]:loc[1]], append([]byte(attrs), data[loc[1]:]...)...)
}
