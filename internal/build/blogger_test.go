package build

import (
	"context"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
)

// TestBloggerBook makes the book of a Blogger export and of a Takeout
// file: the published posts only, the drafts counted, and the links from
// one post to another's address on blogspot.com (or a country domain of
// it, or the site's path) lead to that post in the book.
func TestBloggerBook(t *testing.T) {
	for _, tc := range []struct {
		file    string
		titles  []string
		skipped map[string]int
		links   map[string][]string // post title -> titles of the posts it links to, or addresses outside the book
	}{
		{
			file:    "blog-03-14-2021.xml",
			titles:  []string{"First tomatoes on the sill", "Pricking out", "A heap for the leaves"},
			skipped: map[string]int{"draft": 1},
			links: map[string][]string{
				// The picture on the web, not downloaded, is a link to it, full size.
				"First tomatoes on the sill": {"https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh-sill/s1600/sill.jpg"},
				"Pricking out":               {"First tomatoes on the sill"},
				"A heap for the leaves":      {"Pricking out"},
			},
		},
		{
			file:    "takeout-feed.atom",
			titles:  []string{"Boats at low tide", "The crane by the quay"},
			skipped: map[string]int{"draft": 1, "trashed": 1, "deleted": 1},
			links:   map[string][]string{"The crane by the quay": {"Boats at low tide", "Boats at low tide"}},
		},
	} {
		t.Run(tc.file, func(t *testing.T) {
			res, err := Run(context.Background(), Options{
				Sources: []string{filepath.Join("../../testdata/feeds", tc.file)}, Formats: []string{"epub"},
				OutputDir: t.TempDir(), Name: "book",
			})
			if err != nil {
				t.Fatal(err)
			}
			posts := res.Book.Posts()
			var titles []string
			byID := map[string]*book.Post{}
			for _, p := range posts {
				titles = append(titles, p.Title)
				byID[p.ID] = p
			}
			if !slices.Equal(titles, tc.titles) {
				t.Errorf("posts = %q, want %q", titles, tc.titles)
			}
			if !maps.Equal(res.Report.Skipped, tc.skipped) {
				t.Errorf("left out = %v, want %v", res.Report.Skipped, tc.skipped)
			}
			for _, p := range posts {
				var got []string
				for _, dest := range linkDestinations(t, res.Docs[p.ID]) {
					if id, _, ok := markup.ParsePostHref(dest); ok {
						dest = byID[id].Title
					}
					got = append(got, dest)
				}
				if want := tc.links[p.Title]; !slices.Equal(got, want) {
					t.Errorf("%q links to %q, want %q", p.Title, got, want)
				}
			}
		})
	}
}

// linkDestinations are the destinations of the links of doc, in order.
func linkDestinations(t *testing.T, doc *markup.Doc) []string {
	t.Helper()
	out, err := doc.XHTML(markup.XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var dests []string
	for _, part := range strings.Split(out, `<a href="`)[1:] {
		dest, _, _ := strings.Cut(part, `"`)
		dests = append(dests, dest)
	}
	return dests
}
