package pdf

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

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
	f.Add("$$x^2$$", "> a $$\\frac{1}{2}$$ b\n>\n> $$\n> \\begin{align} x &= y \\\\ z \\end{align}\n> $$\n\n- \\\\(\\alpha_{i}^{2}\\\\)\n")
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

// FuzzShapeBidi shapes arbitrary text and puts its words in visual order:
// whatever the input, shaping only ever joins letters (never more
// characters than it was given), the words of a line are the words given,
// reordered, and reversing a word keeps its bytes.
func FuzzShapeBidi(f *testing.F) {
	f.Add("كتبت هذه المقالة في الصباح", false)
	f.Add("שָׁלוֹם (עולם) 123 and English", true)
	f.Add("لا بلا ـب ء \u064e\u0644\u064e\u0627", true)
	f.Add("\xff\xfe(ب]", false)
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		shaped := shapeArabic(s)
		if n, m := utf8.RuneCountInString(shaped), utf8.RuneCountInString(s); n > m {
			t.Fatalf("shaping made %d characters of %d", n, m)
		}
		if !hasArabic(s) && shaped != s {
			t.Fatalf("shaping changed text without Arabic: %q", shaped)
		}
		if r := reverseText(s); len(r) != len(s) {
			t.Fatalf("reversing %q made %d bytes of %d", s, len(r), len(s))
		}
		var items []ibox
		for i, w := range strings.Fields(shaped) {
			if i > 0 {
				items = append(items, ibox{kind: kGlue})
			}
			items = append(items, ibox{kind: kBox, text: w})
		}
		markBidi(items)
		out := visualOrder(items, rtl)
		if len(out) != len(items) {
			t.Fatalf("%d items in visual order, want %d", len(out), len(items))
		}
		// a right-to-left word is drawn reversed, its brackets mirrored:
		// compare the words' characters, in order of value
		chars := func(w string) string {
			rs := []rune(w)
			for i, r := range rs {
				if m, ok := mirrored[r]; ok && m < r {
					rs[i] = m
				}
			}
			slices.Sort(rs)
			return string(rs)
		}
		var in, got []string
		for i := range items {
			in = append(in, chars(items[i].text))
			got = append(got, chars(out[i].text))
		}
		slices.Sort(in)
		slices.Sort(got)
		if !slices.Equal(in, got) {
			t.Fatalf("visual order of %q has the words %q", in, got)
		}
	})
}
