package build

import (
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
)

// TestDefaultTitle names a book after its source, or after the folder
// above a source whose name says only where posts are kept.
func TestDefaultTitle(t *testing.T) {
	tests := []struct{ src, want string }{
		{"/blogs/slow-roads", "Slow Roads"},
		{"/blogs/made-mistakes/src", "Made Mistakes"},
		{"/blogs/wezm.net/v2/", "Wezm"},
		{"/blogs/alpine_notes/feeds/atom.xml", "Feeds"},
		{"/blogs/alpine_notes/atom.xml", "Alpine Notes"},
		{"/blogs/hugo-blog/public", "Hugo Blog"},
		{"/src", "Src"},
	}
	for _, tt := range tests {
		if got := DefaultTitle(tt.src); got != tt.want {
			t.Errorf("DefaultTitle(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestBookAuthor credits a book to the author of at least half of its
// posts when nothing else names one, and to no one on a team's blog.
func TestBookAuthor(t *testing.T) {
	posts := func(authors ...string) []*book.Post {
		var out []*book.Post
		for _, a := range authors {
			out = append(out, &book.Post{Author: a})
		}
		return out
	}
	tests := []struct {
		name    string
		posts   []*book.Post
		want    string
		warning string
	}{
		{"one author", posts("Ada", "Ada", ""), "Ada", ""},
		{"half of the signed posts", posts("Ada", "Ada", "Bob", "Cy", ""), "Ada", ""},
		{"a team", posts("Ada", "Ada", "Bob", "Cy", "Dee"), "", "none of the posts' 4 authors wrote half of them"},
		{"no one", posts("", ""), "", "no author given; the book has none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &book.Report{}
			b := newBook(Options{Sources: []string{"/blog"}, Title: "T"}, &config.Config{}, book.Site{}, tt.posts, time.Time{}, rep)
			if b.Author != tt.want {
				t.Errorf("author %q, want %q", b.Author, tt.want)
			}
			var warned string
			for _, w := range rep.Warnings {
				warned += w.Msg + "\n"
			}
			if tt.warning == "" && strings.Contains(warned, "author") || !strings.Contains(warned, tt.warning) {
				t.Errorf("warnings %q, want %q", warned, tt.warning)
			}
		})
	}
}
