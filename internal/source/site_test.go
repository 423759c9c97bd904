package source

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

// TestWordPressComExport reads an export written with the https namespace
// WordPress.com uses: it is an export, not a feed; only its published
// posts are posts; [caption] becomes a figure; two posts sharing a guid
// but not a post_id stay two; the channel names the blog.
func TestWordPressComExport(t *testing.T) {
	const name = "../../testdata/sites/wordpress-com.xml"
	head, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if kind, err := Detect(name, head); kind != WordPress || err != nil {
		t.Fatalf("Detect = %q, %v; want %q", kind, err, WordPress)
	}
	rep := &book.Report{}
	posts, site, err := LoadWithSite(context.Background(), []string{name}, Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, fmt.Sprintf("%s | %s", p.Title, p.Date.Format("2006-01-02")))
		if strings.Contains(string(p.Body), "[caption") {
			t.Errorf("%q keeps its [caption] shortcode:\n%s", p.Title, p.Body)
		}
	}
	want := []string{"Night market | 2022-06-04", "Night market, the second evening | 2022-06-05"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("posts:\n got %q\nwant %q", got, want)
	}
	wantSite := book.Site{Title: "Lantern Street", Author: "Ines Alder", Lang: "en-US", BaseURL: "https://lanternstreet.example.com", From: name}
	if site != wantSite {
		t.Errorf("site:\n got %+v\nwant %+v", site, wantSite)
	}
	for _, n := range rep.Notes {
		if strings.HasPrefix(n, "merged") {
			t.Errorf("posts merged: %s", n)
		}
	}
}

// TestSameGuidSameText merges two copies of one post whose ids differ
// when their texts are the same: a post exported twice.
func TestSameGuidSameText(t *testing.T) {
	a := &book.Post{Title: "A", Source: "x.xml", BodyLine: 1, SourceID: "wordpress:1", Body: []byte("Same words."), Permalinks: []string{"https://b.example/?p=1"}}
	b := &book.Post{Title: "A", Source: "x.xml", BodyLine: 9, SourceID: "wordpress:2", Body: []byte("Same words."), Permalinks: []string{"https://b.example/?p=1"}}
	c := &book.Post{Title: "A", Source: "x.xml", BodyLine: 20, SourceID: "wordpress:3", Body: []byte("Other words."), Permalinks: []string{"https://b.example/?p=1"}}
	got := Merge([]*book.Post{a, b, c}, &book.Report{})
	if len(got) != 2 {
		t.Errorf("Merge kept %d posts, want 2 (the same text merged, another kept)", len(got))
	}
}

// TestExportWithoutNamespaces reads an export whose prefixes are never
// declared, as some hand-made exports are: it is told by its elements'
// local names, and its content is read.
func TestExportWithoutNamespaces(t *testing.T) {
	const export = `<?xml version="1.0"?><rss><channel><title>Bare</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Plain</title><content:encoded><![CDATA[<p>Words without a namespace.</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>A page</title><wp:post_id>2</wp:post_id><wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
</channel></rss>`
	name := filepath.Join(t.TempDir(), "bare.xml")
	if err := os.WriteFile(name, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	if kind, err := Detect(name, []byte(export)); kind != WordPress || err != nil {
		t.Fatalf("Detect = %q, %v; want %q", kind, err, WordPress)
	}
	posts, site, err := LoadWithSite(context.Background(), []string{name}, Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].Title != "Plain" || !strings.Contains(string(posts[0].Body), "Words without a namespace.") {
		t.Fatalf("posts = %+v", posts)
	}
	if site.Title != "Bare" {
		t.Errorf("site title %q, want %q", site.Title, "Bare")
	}
}

// TestFeedNamesTheBlog reads a feed's head as the blog's settings: a book
// made from it is called by the feed's title, not "Atom".
func TestFeedNamesTheBlog(t *testing.T) {
	_, site, err := LoadWithSite(context.Background(), []string{"../../testdata/feeds/alpine-1.atom"}, Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if site.Title != "Carnets alpins" || site.BaseURL != "https://alpine.example.org/" {
		t.Errorf("site = %+v; want the title Carnets alpins and the address https://alpine.example.org/", site)
	}
}
