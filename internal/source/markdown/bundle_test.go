package markdown

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
)

// TestHugoLeafBundleResources leaves out the Markdown files a Hugo leaf
// bundle holds beside its index (and below it): Hugo reads them as the
// page's resources, not as pages. A folder without an index is no bundle.
func TestHugoLeafBundleResources(t *testing.T) {
	post := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2021-03-04\n---\nSome words.\n")}
	}
	fsys := fstest.MapFS{
		"hugo.toml":                            {Data: []byte("title = \"Site\"\n")},
		"content/posts/trip/index.md":          post("Trip"),
		"content/posts/trip/notes.md":          post("Notes"),
		"content/posts/trip/drafts/second.md":  post("Second"),
		"content/posts/trip/inner/index.md":    post("Inner"),
		"content/posts/walk/index.fr.md":       post("Walk"),
		"content/posts/walk/outline.md":        post("Outline"),
		"content/posts/loose/first.md":         post("First"),
		"content/posts/loose/second.md":        post("Loose second"),
		"content/posts/branch/_index.md":       post("Branch"),
		"content/posts/branch/leaf.md":         post("Leaf"),
		"content/posts/plain.md":               post("Plain"),
		"content/posts/.context.md":            post("Hidden"),
		"content/posts/trip/.scratch.markdown": post("Scratch"),
	}
	got, rep := siteTitles(t, fsys)
	compareLines(t, "posts", got, []string{"First", "Leaf", "Loose second", "Plain", "Trip", "Walk"})
	compareLines(t, "notes", notesWith(rep, "resource"), []string{
		"site/content/posts/trip/drafts/second.md: a resource of the page bundle posts/trip/ (Hugo publishes the folder of an index.md as one page), not a post",
		"site/content/posts/trip/inner/index.md: a resource of the page bundle posts/trip/ (Hugo publishes the folder of an index.md as one page), not a post",
		"site/content/posts/trip/notes.md: a resource of the page bundle posts/trip/ (Hugo publishes the folder of an index.md as one page), not a post",
		"site/content/posts/walk/outline.md: a resource of the page bundle posts/walk/ (Hugo publishes the folder of an index.md as one page), not a post",
	})
}

// TestDotFilesSkipped leaves out files whose names start with a dot, on
// every kind of site, as hidden folders are.
func TestDotFilesSkipped(t *testing.T) {
	for _, name := range []string{".context.md", ".notes.markdown", ".Index.md"} {
		if IsPostFile("posts/" + name) {
			t.Errorf("IsPostFile(%q) = true, want false", name)
		}
	}
	b, err := LoadBlog(context.Background(), fstest.MapFS{
		"_config.yml":                 {Data: []byte("title: Site\n")},
		"_posts/2020-01-01-mine.md":   {Data: []byte("---\ntitle: Mine\n---\nText.\n")},
		"_posts/.2020-01-02-aside.md": {Data: []byte("---\ntitle: Aside\n---\nText.\n")},
	}, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Posts[0].Title != "Mine" {
		t.Errorf("%d posts, want Mine alone", len(b.Posts))
	}
}
