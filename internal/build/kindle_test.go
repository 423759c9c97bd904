package build

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/language"

	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestKindleKeepsTheBook converts the EPUB of the sample and of the
// agreement blog (which has footnotes) to AZW3 with calibre, as a Kindle
// user would, and reads the AZW3 back: its author and language are the
// book's, its table of contents is the EPUB's, each chapter with its posts
// under it, and every note is still there, linked from its post.
func TestKindleKeepsTheBook(t *testing.T) {
	convert := tooltest.Need(t, "ebook-convert")
	meta := tooltest.Need(t, "ebook-meta")
	for _, name := range []string{"sample", "agreement"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			res, epubPath, _ := buildBoth(t, filepath.Join("../../testdata", name))
			dir := t.TempDir()
			azw3, back := filepath.Join(dir, "book.azw3"), filepath.Join(dir, "back.epub")
			calibre(t, convert, epubPath, azw3)
			calibre(t, convert, azw3, back)

			fields := ebookMeta(t, meta, azw3)
			if got := fields["Author(s)"]; got != res.Book.Author {
				t.Errorf("AZW3 author %q, want %q", got, res.Book.Author)
			}
			if got, want := fields["Languages"], language.Make(res.Book.Lang); language.Make(got) != want {
				t.Errorf("AZW3 language %q, want %q", got, want)
			}

			epub, _ := readZip(t, epubPath)
			azw, ncx := readZip(t, back)
			want := navTOC(t, epub)
			if got := ncxTOC(t, ncx); got != want {
				t.Errorf("AZW3 table of contents:\n%s\nwant the EPUB's:\n%s", got, want)
			}
			var chapters, posts []int
			for _, c := range res.Book.Chapters {
				posts = append(posts, len(c.Posts))
			}
			for _, line := range strings.Split(want, "\n") {
				if !strings.HasPrefix(line, "\t") {
					chapters = append(chapters, 0)
				} else if !strings.HasPrefix(line, "\t\t") {
					chapters[len(chapters)-1]++
				}
			}
			chapters = slices.DeleteFunc(chapters, func(n int) bool { return n == 0 })
			if !slices.Equal(chapters, posts) {
				t.Errorf("the EPUB's table of contents has entries with %v entries under them, want the chapters' posts %v", chapters, posts)
			}

			notes := epubNotes(t, epub)
			if name == "agreement" && len(notes) == 0 {
				t.Error("the agreement blog has footnotes, but its EPUB links to none")
			}
			linked := linkedTexts(t, azw)
			for _, note := range notes {
				if !slices.ContainsFunc(linked, func(s string) bool { return strings.Contains(s, note) }) {
					t.Errorf("the AZW3 has no link to the note %q", note)
				}
			}
			t.Logf("AZW3: author %q, language %q, %d entries in the table of contents, %d notes",
				fields["Author(s)"], fields["Languages"], strings.Count(want, "\n")+1, len(notes))
		})
	}
}

// calibre converts from into to with ebook-convert.
func calibre(t *testing.T, convert, from, to string) {
	t.Helper()
	cmd := exec.Command(convert, from, to)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ebook-convert %s %s: %v\n%s", filepath.Base(from), filepath.Base(to), err, out)
	}
}

var metaLine = regexp.MustCompile(`(?m)^(\S[^:]*?)\s*: (.*)$`)

// ebookMeta returns the fields ebook-meta shows for a book, by name:
// "Author(s)", "Languages".
func ebookMeta(t *testing.T, meta, book string) map[string]string {
	t.Helper()
	out, err := exec.Command(meta, book).CombinedOutput()
	if err != nil {
		t.Fatalf("ebook-meta %s: %v\n%s", book, err, out)
	}
	fields := map[string]string{}
	for _, m := range metaLine.FindAllStringSubmatch(string(out), -1) {
		fields[m[1]] = strings.TrimSpace(m[2])
	}
	return fields
}

// readZip returns the parsed (X)HTML documents of a zip, by path, and its
// NCX, if any.
func readZip(t *testing.T, name string) (docs map[string]*html.Node, ncx []byte) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	docs = map[string]*html.Node{}
	for _, f := range zr.File {
		ext := path.Ext(f.Name)
		if ext != ".xhtml" && ext != ".html" && ext != ".ncx" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s in %s: %v", f.Name, name, err)
		}
		if ext == ".ncx" {
			ncx = data
			continue
		}
		if docs[f.Name], err = html.Parse(bytes.NewReader(data)); err != nil {
			t.Fatalf("%s in %s: %v", f.Name, name, err)
		}
	}
	return docs, ncx
}

// navTOC returns the table of contents of an EPUB's navigation document,
// one entry a line, indented by one tab a level.
func navTOC(t *testing.T, docs map[string]*html.Node) string {
	t.Helper()
	for _, root := range docs {
		for n := range root.Descendants() {
			if n.DataAtom == atom.Nav && hasWord(attr(n, "epub:type"), "toc") {
				var lines []string
				for ol := range n.ChildNodes() {
					if ol.DataAtom == atom.Ol {
						lines = tocLines(lines, ol, 0)
					}
				}
				return strings.Join(lines, "\n")
			}
		}
	}
	t.Fatal("the EPUB has no nav epub:type=toc")
	return ""
}

// ncxPoint is an entry of an NCX table of contents.
type ncxPoint struct {
	Label  string     `xml:"navLabel>text"`
	Points []ncxPoint `xml:"navPoint"`
}

// ncxTOC returns the table of contents of the NCX of an EPUB (calibre
// writes one), as navTOC does.
func ncxTOC(t *testing.T, ncx []byte) string {
	t.Helper()
	var doc struct {
		Points []ncxPoint `xml:"navMap>navPoint"`
	}
	if err := xml.Unmarshal(ncx, &doc); err != nil {
		t.Fatalf("the converted book's NCX: %v", err)
	}
	var lines []string
	var add func(points []ncxPoint, depth int)
	add = func(points []ncxPoint, depth int) {
		for _, p := range points {
			lines = append(lines, strings.Repeat("\t", depth)+strings.Join(strings.Fields(p.Label), " "))
			add(p.Points, depth+1)
		}
	}
	add(doc.Points, 0)
	return strings.Join(lines, "\n")
}

// tocLines appends the entries of a nav's list: <li> holding a label and
// maybe an <ol>.
func tocLines(lines []string, ol *html.Node, depth int) []string {
	for li := range ol.ChildNodes() {
		if li.DataAtom != atom.Li {
			continue
		}
		for c := range li.ChildNodes() {
			switch c.DataAtom {
			case atom.A, atom.Span:
				lines = append(lines, strings.Repeat("\t", depth)+wordsOf(c))
			case atom.Ol:
				lines = tocLines(lines, c, depth+1)
			}
		}
	}
	return lines
}

// epubNotes returns the text of every note a noteref of the EPUB links to.
func epubNotes(t *testing.T, docs map[string]*html.Node) []string {
	t.Helper()
	var notes []string
	for name, root := range docs {
		for n := range root.Descendants() {
			if n.DataAtom != atom.A || !hasWord(attr(n, "epub:type"), "noteref") {
				continue
			}
			target := resolve(docs, name, attr(n, "href"))
			if target == nil {
				t.Errorf("%s: noteref to %q, which is not in the EPUB", name, attr(n, "href"))
				continue
			}
			notes = append(notes, wordsOf(target))
		}
	}
	return notes
}

// linkedTexts returns the text of every element a link of the book
// points to with a fragment.
func linkedTexts(t *testing.T, docs map[string]*html.Node) []string {
	t.Helper()
	var texts []string
	for name, root := range docs {
		for n := range root.Descendants() {
			if href := attr(n, "href"); n.DataAtom == atom.A && strings.Contains(href, "#") {
				if target := resolve(docs, name, href); target != nil {
					texts = append(texts, wordsOf(target))
				}
			}
		}
	}
	return texts
}

// resolve returns the element a link of document from points to, or nil.
func resolve(docs map[string]*html.Node, from, href string) *html.Node {
	file, id, _ := strings.Cut(href, "#")
	doc := from
	if file != "" {
		doc = path.Join(path.Dir(from), file)
	}
	root, ok := docs[doc]
	if !ok || id == "" {
		return nil
	}
	for n := range root.Descendants() {
		if n.Type == html.ElementNode && attr(n, "id") == id {
			return n
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasWord(list, word string) bool { return slices.Contains(strings.Fields(list), word) }

// wordsOf returns the words of n, without the arrows of back links, one
// space between them.
func wordsOf(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data + " ")
		}
	}
	s := strings.NewReplacer("↩", " ", "\uFE0E", " ").Replace(b.String())
	return strings.Join(strings.Fields(s), " ")
}
