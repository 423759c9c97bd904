package pdf

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/imaging"
	"github.com/anthology-book/anthology/internal/markup"
	"gopkg.in/yaml.v3"
)

// frontMatter is the part of a post's front matter these tests read.
type frontMatter struct {
	Title      string   `yaml:"title" toml:"title"`
	Date       any      `yaml:"date" toml:"date"`
	Draft      bool     `yaml:"draft" toml:"draft"`
	Lang       string   `yaml:"lang" toml:"lang"`
	Categories []string `yaml:"categories" toml:"categories"`
	Tags       []string `yaml:"tags" toml:"tags"`
}

var jekyllDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-`)

// loadBlog reads the Markdown posts below dir into a book, the way the
// sources and the theme stage would, without depending on them: these
// tests are about the PDF. Chapters are first categories (else first tags).
func loadBlog(t testing.TB, dir string) (*book.Book, markup.Docs) {
	t.Helper()
	fsys := os.DirFS(dir)
	var posts []*book.Post
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".md" || strings.EqualFold(path.Base(name), "readme.md") {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		p, ok := parsePost(t, name, data)
		if !ok {
			return nil
		}
		p.Assets, p.AssetDir = fsys, path.Dir(name)
		posts = append(posts, p)
		return nil
	})
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	byTheme := map[string]*book.Chapter{}
	var chapters []*book.Chapter
	for _, p := range posts {
		theme := "Other"
		if len(p.Categories) > 0 {
			theme = p.Categories[0]
		} else if len(p.Tags) > 0 {
			theme = p.Tags[0]
		}
		c := byTheme[theme]
		if c == nil {
			c = &book.Chapter{ID: "c-" + theme, Title: theme}
			byTheme[theme] = c
			chapters = append(chapters, c)
		}
		c.Posts = append(c.Posts, p)
	}
	sort.Slice(chapters, func(i, j int) bool { return chapters[i].Title < chapters[j].Title })
	for _, c := range chapters {
		sort.SliceStable(c.Posts, func(i, j int) bool {
			a, b := c.Posts[i], c.Posts[j]
			if !a.Date.Equal(b.Date) {
				return a.Date.Before(b.Date)
			}
			return a.ID < b.ID
		})
	}
	b := &book.Book{Title: "Cloud in the Alps", Author: "Frederi Mandin", Lang: "en",
		Date: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), Chapters: chapters}
	docs, _ := parseAndPrepare(t, b)
	return b, docs
}

// parseAndPrepare parses the posts of b, prepares their images and writes
// their datelines, as the stages before the PDF do, and returns the image
// stage's warnings.
func parseAndPrepare(t testing.TB, b *book.Book) (markup.Docs, *book.Report) {
	t.Helper()
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := &book.Report{}
	if err := imaging.PrepareBook(context.Background(), b, docs, imaging.StageOptions{}, rep); err != nil {
		t.Fatal(err)
	}
	b.WriteDatelines()
	return docs, rep
}

func parsePost(t testing.TB, name string, data []byte) (*book.Post, bool) {
	var fm frontMatter
	body := data
	line := 1
	for _, delim := range []string{"---", "+++"} {
		if !bytes.HasPrefix(data, []byte(delim+"\n")) {
			continue
		}
		end := bytes.Index(data[len(delim)+1:], []byte("\n"+delim+"\n"))
		if end < 0 {
			t.Fatalf("%s: unterminated front matter", name)
		}
		head := data[len(delim)+1 : len(delim)+1+end]
		body = data[len(delim)+1+end+len(delim)+2:]
		line += bytes.Count(data[:len(data)-len(body)], []byte("\n"))
		var err error
		if delim == "---" {
			err = yaml.Unmarshal(head, &fm)
		} else {
			err = toml.Unmarshal(head, &fm)
		}
		if err != nil {
			t.Fatalf("%s: front matter: %v", name, err)
		}
	}
	if fm.Draft {
		return nil, false
	}
	id := strings.TrimSuffix(name, path.Ext(name))
	if path.Base(id) == "index" {
		id = path.Dir(id)
	}
	id = strings.NewReplacer("/", "-", "_", "-").Replace(id)
	p := &book.Post{ID: id, Title: fm.Title, Lang: fm.Lang, Body: body, Source: name, BodyLine: line,
		Categories: fm.Categories, Tags: fm.Tags}
	switch d := fm.Date.(type) {
	case time.Time:
		p.Date = d
	case string:
		if tm, err := time.Parse("2006-01-02", d); err == nil {
			p.Date = tm
		}
	}
	if m := jekyllDate.FindStringSubmatch(path.Base(name)); m != nil && p.Date.IsZero() {
		p.Date, _ = time.Parse("2006-01-02", m[1])
	}
	return p, true
}

// writePDF renders a book into dir and returns the file's path.
func writePDF(t testing.TB, b *book.Book, docs markup.Docs, opts Options, dir string) (string, *book.Report) {
	t.Helper()
	var buf bytes.Buffer
	rep := &book.Report{}
	if err := Write(context.Background(), &buf, b, docs, opts, rep); err != nil {
		t.Fatalf("Write: %v", err)
	}
	out := filepath.Join(dir, "book.pdf")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out, rep
}

const sampleDir = "../../../testdata/sample/posts"

// BenchmarkWrite measures the PDF of the sample blog, or of the blog in
// $ANTHOLOGY_PDF_CORPUS (e.g. one made by make_corpus.py 1000).
func BenchmarkWrite(b *testing.B) {
	dir := sampleDir
	if d := os.Getenv("ANTHOLOGY_PDF_CORPUS"); d != "" {
		dir = d
	}
	bk, docs := loadBlog(b, dir)
	b.ResetTimer()
	for range b.N {
		if err := Write(context.Background(), io.Discard, bk, docs, Options{}, &book.Report{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(bk.Posts())), "posts")
}
