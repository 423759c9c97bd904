package markdown

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
)

// TestUntitledPosts calls a post with no title and no heading by the
// start of its text, and tells of them once for the blog; a post that
// says nothing keeps its file's name.
func TestUntitledPosts(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo.toml": {Data: []byte("title = \"Site\"\n")},
		"content/notes/2019-05-06-101500.md": {Data: []byte("---\ndate: 2019-05-06T10:15:00Z\n---\n" +
			"Rain again on the **old** bridge. The river kept rising all night.\n")},
		"content/notes/2019-05-07-090000.md": {Data: []byte("---\ntitle: ''\nslug: '4242'\ndate: 2019-05-07T09:00:00Z\n---\n" +
			"Just finished [a long book](https://example.com/book) about lighthouses and the people who kept them going through every storm\n")},
		"content/notes/2019-05-08-080000.md": {Data: []byte("---\ntitle: ''\ndate: 2019-05-08T08:00:00Z\n---\n" +
			"![](/img/sky.jpg)\n")},
		"content/notes/2019-05-09-070000.md": {Data: []byte("---\ndate: 2019-05-09T07:00:00Z\n---\n# A heading\n\nWords.\n")},
		"content/notes/2019-05-10-070000.md": {Data: []byte("---\ntitle: Named\ndate: 2019-05-10T07:00:00Z\n---\nWords.\n")},
		"content/notes/2019-05-11-070000.md": {Data: []byte("---\ndraft: true\ndate: 2019-05-11T07:00:00Z\n---\nA draft.\n")},
	}
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, p.Title+" | "+p.Slug)
	}
	compareLines(t, "posts", got, []string{
		"Rain again on the old bridge | 101500",
		"Just finished a long book about lighthouses and the people… | 4242",
		"080000 | 080000",
		"A heading | 070000",
		"Named | 070000",
		"A draft | 070000", // the draft is left out of the book: not counted
	})
	var warnings []string
	for _, w := range rep.Warnings {
		warnings = append(warnings, w.Source+": "+w.Msg)
	}
	compareLines(t, "warnings", warnings, []string{"site: 2 of its posts have no title: each is called by the start of its text"})
}

// TestUntitledPostRead tells of a lone file's missing title at its first line.
func TestUntitledPostRead(t *testing.T) {
	rep := &book.Report{}
	p, err := Read([]byte("---\ndate: 2020-01-01\n---\nA short note, then more!\n"), "note.md", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "A short note, then more!" {
		t.Errorf("title %q", p.Title)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].Line != 1 || !strings.Contains(rep.Warnings[0].Msg, "no title") {
		t.Errorf("warnings %+v, want one at line 1", rep.Warnings)
	}
}
