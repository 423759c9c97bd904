package pdf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// FuzzLayout lays out arbitrary post bodies and titles: whatever the
// input, the layout ends, without a panic. (Drawing is fpdf's; the tests
// of Write cover it.)
func FuzzLayout(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(sampleDir, "*.md"))
	for _, name := range files[:min(len(files), 4)] {
		if data, err := os.ReadFile(name); err == nil {
			f.Add("A title", string(data))
		}
	}
	f.Add("", "")
	f.Add("\u200d", "| a |\n|---|\n| "+string(make([]byte, 300))+" |\n")
	f.Add("🙂🇫🇷", "- [ ] x\n  - > ```\n    code\n    ```\n\n[^1]\n\n[^1]: note\n\n<div>html <b>text</b></div>\n\n![a](b.png)")
	f.Add("漢字", "# "+string([]rune{0x1F468, 0x200D, 0x1F469, 0xFE0F, 0x20E3, 0x00AD, 0x2028})+"\n\n***\n\n1) a\n2) b\n")
	f.Fuzz(func(t *testing.T, title, body string) {
		p := &book.Post{ID: "p", Title: title, Body: []byte(body), Source: "p.md", Date: time.Date(2020, 2, 2, 0, 0, 0, 0, time.UTC)}
		q := &book.Post{ID: "q", Title: "Link", Body: []byte("[to p](" + markup.PostHref("p", "") + ")")}
		b := &book.Book{Title: title, Chapters: []*book.Chapter{{Title: title, Description: body[:min(len(body), 40)], Posts: []*book.Post{p, q}}}}
		docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
		if err != nil {
			t.Fatal(err)
		}
		// no installed font: a script the bundled fonts lack stops the book
		l, err := layout(context.Background(), b, docs, Options{PageSize: "6x9", Fonts: FontSearch{Dirs: []string{}}})
		var noFont *MissingFontError
		if errors.As(err, &noFont) {
			return
		}
		if err != nil {
			t.Fatalf("layout: %v", err)
		}
		if len(l.pg.pages) < 5 {
			t.Fatalf("%d pages, want at least title, contents, opener and posts", len(l.pg.pages))
		}
	})
}
