package epub

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"text/template/parse"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/tooltest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const lakeImage = "images/3f2a9c0e51d4b7a6.png"

// testBook is a small book with every kind of page and most of what a post
// can hold: two chapters, three posts (one in French, one undated), an
// image, a footnote, a table, a link between posts, and a cover.
func testBook(t testing.TB) (*book.Book, markup.Docs) {
	t.Helper()
	en := time.Date(2018, 1, 10, 9, 30, 0, 0, time.UTC)
	fr := time.Date(2019, 3, 1, 18, 0, 0, 0, time.FixedZone("CET", 3600))
	b := &book.Book{
		Title:       "Lakes & Mountains",
		Subtitle:    "Notes from the Alps",
		Author:      "Ann Example",
		Lang:        "en",
		Description: "Walks around lakes <and> over passes.",
		Identifier:  "urn:uuid:0b7e8a4c-1d2e-5f3a-9b8c-7d6e5f4a3b2c",
		Date:        time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		Cover:       &book.Asset{Name: "images/cover.png", MediaType: "image/png", Data: testPNG(t, 160, 256), Width: 160, Height: 256},
		Images:      []*book.Asset{{Name: lakeImage, MediaType: "image/png", Data: testPNG(t, 40, 30), Width: 40, Height: 30}},
		Chapters: []*book.Chapter{
			{ID: "c01", Title: "Lakes", Description: "Water, mostly.", Posts: []*book.Post{
				{ID: "p001", Title: "A lake at dawn", Date: en, Dateline: "January 10, 2018", Source: "lake.md",
					Body: []byte("The water was still.[^1]\n\n![The lake at dawn](" + lakeImage + ")\n\n## Later\n\nThe sun came up.\n\n[^1]: And cold.\n")},
				{ID: "p002", Title: "Le lac en hiver", Lang: "fr", Date: fr, Dateline: "1er mars 2019", Source: "lac.md",
					Body: []byte("Le lac était **gelé**. Voir [l’aube](anthology-post:p001#p001-later).\n\n| mois | glace |\n|---|---|\n| mars | oui |\n")},
			}},
			{ID: "c02", Title: "Passes", Posts: []*book.Post{
				{ID: "p003", Title: "Over the pass", Source: "pass.md",
					Body: []byte("An undated walk, with a `code span` and a list:\n\n- up\n- down\n")},
			}},
		},
	}
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b, docs
}

func testPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func write(t testing.TB, b *book.Book, docs markup.Docs) ([]byte, *book.Report) {
	t.Helper()
	var buf bytes.Buffer
	rep := &book.Report{}
	if err := Write(context.Background(), &buf, b, docs, Options{}, rep); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), rep
}

// entries reads an EPUB's files by name.
func entries(t testing.TB, epub []byte) (map[string]string, *zip.Reader) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(epub), int64(len(epub)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc) // checks the CRC-32 too
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		files[f.Name] = string(data)
	}
	return files, zr
}

func TestGolden(t *testing.T) {
	b, docs := testBook(t)
	epub, _ := write(t, b, docs)
	files, _ := entries(t, epub)
	for _, name := range []string{"package.opf", "nav.xhtml", "toc.ncx"} {
		t.Run(name, func(t *testing.T) {
			got, err := canonical(files["EPUB/"+name])
			if err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
			golden := filepath.Join("testdata", "golden", name)
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/render/epub -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s (rerun with -update if the change is meant):\n%s", name, golden, lineDiff(string(want), got))
			}
		})
	}
}

// canonical is an XML document as a reader sees it, one element or text a
// line: attributes sorted, whitespace between elements dropped, escapes
// written one way. It fails unless the document is well-formed.
func canonical(doc string) (string, error) {
	// Token checks that tags match; RawToken keeps prefixes as written.
	for dec := xml.NewDecoder(strings.NewReader(doc)); ; {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
	}
	var toks []xml.Token
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		} else if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) == 0 {
			continue
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	var out strings.Builder
	depth := 0
	line := func(s string) { out.WriteString(strings.Repeat("  ", depth) + s + "\n") }
	for i := 0; i < len(toks); i++ {
		switch tok := toks[i].(type) {
		case xml.ProcInst:
			line("<?" + tok.Target + " " + string(tok.Inst) + "?>")
		case xml.Directive:
			line("<!" + string(tok) + ">")
		case xml.StartElement:
			open := "<" + qname(tok.Name)
			attrs := make([]string, 0, len(tok.Attr))
			for _, a := range tok.Attr {
				attrs = append(attrs, fmt.Sprintf(" %s=%q", qname(a.Name), escapeXML(a.Value)))
			}
			sort.Strings(attrs)
			open += strings.Join(attrs, "") + ">"
			// An element holding text alone stays on one line.
			if i+1 < len(toks) {
				if _, ok := toks[i+1].(xml.EndElement); ok {
					line(open + "</" + qname(tok.Name) + ">")
					i++
					continue
				}
			}
			if i+2 < len(toks) {
				cd, isText := toks[i+1].(xml.CharData)
				_, isEnd := toks[i+2].(xml.EndElement)
				if isText && isEnd {
					line(open + escapeXML(string(bytes.TrimSpace(cd))) + "</" + qname(tok.Name) + ">")
					i += 2
					continue
				}
			}
			line(open)
			depth++
		case xml.EndElement:
			depth--
			line("</" + qname(tok.Name) + ">")
		case xml.CharData:
			line(escapeXML(string(bytes.TrimSpace(tok))))
		}
	}
	return out.String(), nil
}

func qname(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, wl, gl)
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	b, docs := testBook(t)
	first, _ := write(t, b, docs)
	again, _ := write(t, b, docs)
	if !bytes.Equal(first, again) {
		t.Fatal("two writes of the same book differ")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	one, _ := write(t, b, docs)
	if !bytes.Equal(first, one) {
		t.Fatal("the book written on one core differs from the book written on all")
	}
}

// A bigger book, whose pages are made out of order on several cores, still
// comes out the same, with its pages in book order.
func TestDeterministicManyPosts(t *testing.T) {
	b := syntheticBook(200)
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := write(t, b, docs)
	for range 3 {
		if again, _ := write(t, b, docs); !bytes.Equal(first, again) {
			t.Fatal("two writes of the same book differ")
		}
	}
	_, zr := entries(t, first)
	var pages []string
	for _, f := range zr.File {
		if name := strings.TrimPrefix(f.Name, "EPUB/xhtml/"); name != f.Name && name != contentsFile && name != titleFile {
			pages = append(pages, strings.TrimSuffix(strings.TrimPrefix(f.Name, "EPUB/xhtml/"), ".xhtml"))
		}
	}
	var want []string
	for _, c := range b.Chapters {
		want = append(want, c.ID)
		for _, p := range c.Posts {
			want = append(want, p.ID)
		}
	}
	if !slices.Equal(pages, want) {
		t.Errorf("pages in the order %v, want the book's %v", pages, want)
	}
}

// syntheticBook is a book of n posts in chapters of 25.
func syntheticBook(n int) *book.Book {
	b := &book.Book{Title: "Many", Author: "Ann Example", Lang: "en", Identifier: "urn:uuid:00000000-0000-5000-8000-000000000000",
		Date: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	for i := range n {
		if i%25 == 0 {
			b.Chapters = append(b.Chapters, &book.Chapter{ID: fmt.Sprintf("c%03d", i/25+1), Title: fmt.Sprintf("Part %d", i/25+1)})
		}
		c := b.Chapters[len(b.Chapters)-1]
		date := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		c.Posts = append(c.Posts, &book.Post{
			ID: fmt.Sprintf("p%05d", i+1), Title: fmt.Sprintf("Post %d", i+1), Date: date, Dateline: date.Format("January 2, 2006"),
			Body: []byte(strings.Repeat(fmt.Sprintf("Some *words* of post %d, and a footnote.[^n]\n\n", i+1), 1+i%30) + "[^n]: A note.\n"),
		})
	}
	return b
}

func TestEPUBCheck(t *testing.T) {
	b, docs := testBook(t)
	epub, rep := write(t, b, docs)
	if len(rep.Warnings) > 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
	path := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(path, epub, 0o644); err != nil {
		t.Fatal(err)
	}
	tooltest.EPUBCheck(t, path)
}

func TestArchive(t *testing.T) {
	b, docs := testBook(t)
	epub, _ := write(t, b, docs)
	files, zr := entries(t, epub)
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("%s is dated %v, want the build date", f.Name, f.Modified)
		}
	}
	want := []string{
		"mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml", "EPUB/toc.ncx",
		"EPUB/css/book.css", "EPUB/images/cover.png", "EPUB/" + lakeImage,
		"EPUB/xhtml/cover.xhtml", "EPUB/xhtml/title.xhtml", "EPUB/xhtml/contents.xhtml",
		"EPUB/xhtml/c01.xhtml", "EPUB/xhtml/p001.xhtml", "EPUB/xhtml/p002.xhtml", "EPUB/xhtml/c02.xhtml", "EPUB/xhtml/p003.xhtml",
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries\n%q\nwant\n%q", names, want)
	}
	// The container format wants the mimetype first, stored, with nothing
	// before its content: a reader may check the bytes at offset 30.
	if f := zr.File[0]; f.Method != zip.Store || len(f.Extra) != 0 || !bytes.HasPrefix(epub[30:], []byte("mimetypeapplication/epub+zip")) {
		t.Errorf("mimetype is not the first entry, stored and bare")
	}
	// Every file is in the manifest and every item of the manifest is a file.
	for _, name := range names[2:] {
		if name == "EPUB/package.opf" {
			continue
		}
		if !strings.Contains(files["EPUB/package.opf"], `href="`+strings.TrimPrefix(name, "EPUB/")+`"`) {
			t.Errorf("%s is not in the manifest", name)
		}
	}
}

func TestPages(t *testing.T) {
	b, docs := testBook(t)
	epub, _ := write(t, b, docs)
	files, _ := entries(t, epub)
	for name, data := range files {
		if strings.HasSuffix(name, ".xhtml") || strings.HasSuffix(name, ".opf") || strings.HasSuffix(name, ".ncx") || strings.HasSuffix(name, ".xml") {
			if _, err := canonical(data); err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
			}
		}
	}
	tests := []struct {
		file string
		want []string
	}{
		{"cover.xhtml", []string{`lang="en" xml:lang="en"`, `<title>Cover</title>`, `src="../images/cover.png" alt="Cover: Lakes &amp; Mountains by Ann Example"`}},
		{"title.xhtml", []string{`<h1 class="book-title">Lakes &amp; Mountains</h1>`, `Notes from the Alps`, `Ann Example`, `<p class="book-years">2018–2019</p>`}},
		{"contents.xhtml", []string{`<h1>Contents</h1>`, `<a href="c01.xhtml">Lakes</a>`, `<a href="p002.xhtml" lang="fr" xml:lang="fr">Le lac en hiver</a>`}},
		{"c01.xhtml", []string{`<p class="chapter-label">Chapter 1</p>`, `<h1>Lakes</h1>`, `Water, mostly.`, `<a href="p001.xhtml">A lake at dawn</a>`}},
		{"c02.xhtml", []string{`<p class="chapter-label">Chapter 2</p>`}},
		{"p001.xhtml", []string{`lang="en" xml:lang="en"`, `<time datetime="2018-01-10">January 10, 2018</time>`, `src="../` + lakeImage + `"`, `alt="The lake at dawn"`, `epub:type="footnote"`, `id="p001-later"`}},
		{"p002.xhtml", []string{`lang="fr" xml:lang="fr"`, `<title>Le lac en hiver</title>`, `<time datetime="2019-03-01">1er mars 2019</time>`, `href="p001.xhtml#p001-later"`, `<table>`}},
		{"p003.xhtml", []string{`<h1 class="post-title">Over the pass</h1>`}},
	}
	for _, tt := range tests {
		page := files["EPUB/xhtml/"+tt.file]
		for _, want := range tt.want {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s:\n%s", tt.file, want, page)
			}
		}
	}
	if page := files["EPUB/xhtml/p003.xhtml"]; strings.Contains(page, "<time") {
		t.Errorf("the undated post has a date:\n%s", page)
	}
}

// Every word the book adds comes from the locale of its language.
func TestLabelsFollowTheBooksLanguage(t *testing.T) {
	b, docs := testBook(t)
	b.Lang = "fr"
	b.Chapters[1].Posts[0].Title = ""
	epub, _ := write(t, b, docs)
	files, _ := entries(t, epub)
	l := book.LocaleFor("fr")
	tests := map[string][]string{
		"EPUB/nav.xhtml":            {`<h1>` + l.Contents + `</h1>`, `<h2>` + l.Landmarks + `</h2>`, `>` + l.Cover + `</a>`, `>` + l.TitlePage + `</a>`, `>` + l.Start + `</a>`, `>` + l.Untitled + `</a>`},
		"EPUB/xhtml/cover.xhtml":    {`alt="Couverture : Lakes &amp; Mountains, de Ann Example"`},
		"EPUB/xhtml/c02.xhtml":      {`Chapitre 2`},
		"EPUB/xhtml/p001.xhtml":     {`lang="fr" xml:lang="fr"`}, // no language of its own: the book's
		"EPUB/xhtml/contents.xhtml": {`<title>Table des matières</title>`},
	}
	for name, wants := range tests {
		for _, want := range wants {
			if !strings.Contains(files[name], want) {
				t.Errorf("%s lacks %s:\n%s", name, want, files[name])
			}
		}
	}
	for name, data := range files {
		for _, english := range []string{"Contents", "Landmarks", "Title page", "Start of the text", "Untitled", "Chapter ", "Table of Contents", "Cover Image"} {
			if strings.HasSuffix(name, ".xhtml") && strings.Contains(data, ">"+english) {
				t.Errorf("%s of a French book says %q", name, english)
			}
		}
	}
}

func TestBookWithoutCover(t *testing.T) {
	b, docs := testBook(t)
	b.Cover = nil
	b.Author = ""
	epub, _ := write(t, b, docs)
	files, _ := entries(t, epub)
	for name, data := range files {
		if strings.Contains(name, "cover") || strings.Contains(data, "cover") && !strings.HasSuffix(name, ".css") {
			t.Errorf("%s: a book without a cover mentions one", name)
		}
	}
	if opf := files["EPUB/package.opf"]; strings.Contains(opf, "dc:creator") {
		t.Errorf("a book without an author has a creator:\n%s", opf)
	}
	if ncx := files["EPUB/toc.ncx"]; strings.Contains(ncx, "docAuthor") {
		t.Errorf("a book without an author has a docAuthor:\n%s", ncx)
	}
}

// An image the asset stage did not prepare cannot be shown: its alt text
// stays, with a warning.
func TestUnpreparedImage(t *testing.T) {
	b, docs := testBook(t)
	b.Images = nil
	epub, rep := write(t, b, docs)
	files, _ := entries(t, epub)
	page := files["EPUB/xhtml/p001.xhtml"]
	if strings.Contains(page, "<img") || !strings.Contains(page, `<span class="missing-image">The lake at dawn</span>`) {
		t.Errorf("the unprepared image is not replaced by its alt text:\n%s", page)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Source != "lake.md" {
		t.Errorf("warnings %v, want one for lake.md", rep.Warnings)
	}
}

// Whatever the book's strings hold, every document stays well-formed.
func TestEscaping(t *testing.T) {
	b, docs := testBook(t)
	bait := `<b>&amp; "q" 'a'` + "\x01\ttab"
	b.Title, b.Subtitle, b.Author, b.Description, b.Identifier = bait, bait, bait, bait, bait
	b.Chapters[0].Title, b.Chapters[0].Description = bait, bait
	b.Chapters[0].Posts[0].Title, b.Chapters[0].Posts[0].Dateline = bait, bait
	epub, _ := write(t, b, docs)
	files, _ := entries(t, epub)
	for name, data := range files {
		if strings.HasSuffix(name, ".xhtml") || strings.HasSuffix(name, ".opf") || strings.HasSuffix(name, ".ncx") {
			if _, err := canonical(data); err != nil {
				t.Errorf("%s is not well-formed: %v", name, err)
			}
			if strings.Contains(data, "<b>") {
				t.Errorf("%s holds the title's markup unescaped", name)
			}
		}
	}
}

// Every action of the templates prints through x, but a post's Body.
func TestTemplatesEscapeEveryValue(t *testing.T) {
	var check func(name string, n parse.Node)
	check = func(name string, n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				check(name, c)
			}
		case *parse.IfNode:
			check(name, n.List)
			check(name, n.ElseList)
		case *parse.RangeNode:
			check(name, n.List)
			check(name, n.ElseList)
		case *parse.ActionNode:
			if len(n.Pipe.Decl) > 0 {
				return
			}
			cmd := n.Pipe.Cmds[len(n.Pipe.Cmds)-1]
			if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && id.Ident == "x" {
				return
			}
			if f, ok := cmd.Args[0].(*parse.FieldNode); ok && name == "post" && slices.Equal(f.Ident, []string{"Body"}) {
				return
			}
			t.Errorf("template %s prints %s unescaped", name, n)
		}
	}
	for _, tmpl := range templates().Templates() {
		if tmpl.Tree != nil {
			check(tmpl.Name(), tmpl.Tree.Root)
		}
	}
}

func TestPostDone(t *testing.T) {
	b, docs := testBook(t)
	var done atomic.Int32
	if err := Write(context.Background(), io.Discard, b, docs, Options{PostDone: func() { done.Add(1) }}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	if got := done.Load(); got != 3 {
		t.Errorf("PostDone called %d times, want once for each of the 3 posts", got)
	}
}

func TestWriteFails(t *testing.T) {
	b, docs := testBook(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(cancelled, io.Discard, b, docs, Options{}, &book.Report{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	if err := Write(context.Background(), io.Discard, b, markup.Docs{}, Options{}, &book.Report{}); err == nil || !strings.Contains(err.Error(), "lake.md") {
		t.Errorf("unparsed post: got %v, want an error naming it", err)
	}
	if err := Write(context.Background(), io.Discard, &book.Book{Title: "Empty"}, docs, Options{}, &book.Report{}); err == nil {
		t.Error("a book without chapters: no error")
	}
	b.Images = append(b.Images, &book.Asset{Name: "../outside.png", MediaType: "image/png"})
	if err := Write(context.Background(), io.Discard, b, docs, Options{}, &book.Report{}); err == nil {
		t.Error("an image outside the book: no error")
	}
}

func TestMSDOSTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want time.Time
	}{
		{time.Date(2024, 5, 1, 12, 34, 56, 0, time.UTC), time.Date(2024, 5, 1, 12, 34, 56, 0, time.UTC)},
		{time.Date(2024, 5, 1, 23, 30, 0, 0, time.FixedZone("", -3600)), time.Date(2024, 5, 2, 0, 30, 0, 0, time.UTC)},
		{time.Time{}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)},
	}
	for _, tt := range tests {
		date, clock := msDOSTime(tt.in)
		h := zip.FileHeader{ModifiedDate: date, ModifiedTime: clock}
		if got := h.ModTime(); !got.Equal(tt.want) {
			t.Errorf("msDOSTime(%v) reads back as %v, want %v", tt.in, got, tt.want)
		}
	}
}

// BenchmarkWrite shows how writing grows with the book: linearly.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			bk := syntheticBook(n)
			docs, err := markup.ParseAll(context.Background(), bk.Posts(), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := Write(context.Background(), io.Discard, bk, docs, Options{}, &book.Report{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// --embed-fonts puts the fonts, their licences and the rules that use them
// in the book, each in the manifest.
func TestEmbedFonts(t *testing.T) {
	b, docs := testBook(t)
	var buf bytes.Buffer
	if err := Write(context.Background(), &buf, b, docs, Options{EmbedFonts: true}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	files, _ := entries(t, buf.Bytes())
	opf, css := files["EPUB/package.opf"], files["EPUB/css/book.css"]
	for _, f := range append([]string{"CharisSIL-Regular.ttf", "DejaVuSansMono.ttf"}, fontLicences...) {
		if files["EPUB/fonts/"+f] == "" || !strings.Contains(opf, `href="fonts/`+f+`"`) {
			t.Errorf("%s is not in the book and its manifest", f)
		}
	}
	if !strings.Contains(css, `@font-face { font-family: "Charis SIL"; font-weight: bold; font-style: italic; src: url("../fonts/CharisSIL-BoldItalic.ttf"); }`) {
		t.Errorf("no @font-face rule for Charis SIL bold italic:\n%s", css)
	}
}
