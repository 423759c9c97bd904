package epub

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// finish rewrites the EPUB go-epub made: the modification date becomes the
// build date, the package gains dc:date and dc:subject, the navigation gains
// landmarks, every document states its language, and the archive is written
// again with no timestamps, so the same book gives the same bytes.
func finish(w io.Writer, raw []byte, b *book.Book) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return fmt.Errorf("reopen EPUB: %w", err)
	}
	langs := map[string]string{}
	for _, p := range b.Posts() {
		if p.Lang != "" {
			langs[postFile(p)] = p.Lang
		}
	}
	// go-epub's in-memory folder lists files in map order: sort them, with
	// the mimetype first as the container format requires.
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int {
		if (a.Name == "mimetype") != (b.Name == "mimetype") {
			if a.Name == "mimetype" {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Name, b.Name)
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		data, err := readZipFile(f)
		if err != nil {
			return err
		}
		switch {
		case path.Base(f.Name) == "package.opf":
			data = finishPackage(data, b)
		case path.Base(f.Name) == "nav.xhtml":
			data = finishNav(frontNavItem.ReplaceAll(data, nil), b, hasCover(files))
		case path.Base(f.Name) == "toc.ncx":
			data = renumberNavPoints(frontNavPoint.ReplaceAll(data, nil))
			data = bytes.Replace(data, []byte("<docAuthor>\n    <text></text>"), []byte("<docAuthor>\n    <text>"+esc(b.Author)+"</text>"), 1)
		}
		if strings.HasSuffix(f.Name, ".xhtml") {
			lang := b.Lang
			if l, ok := langs[path.Base(f.Name)]; ok {
				lang = l
			}
			data = setDocumentLang(data, lang)
		}
		method := zip.Deflate
		if f.Name == "mimetype" {
			method = zip.Store
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			return fmt.Errorf("write EPUB entry %q: %w", f.Name, err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("write EPUB entry %q: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("write EPUB: %w", err)
	}
	return nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("read EPUB entry %q: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("read EPUB entry %q: %w", f.Name, err)
	}
	return data, nil
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

func hasCover(files []*zip.File) bool {
	return slices.ContainsFunc(files, func(f *zip.File) bool { return path.Base(f.Name) == coverFile })
}

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
