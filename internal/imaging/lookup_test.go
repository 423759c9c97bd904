package imaging

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

// TestSiteImagesFixture finds images by the addresses the site served them
// at: site-absolute ones in the folders an Eleventy site serves, the
// blog's own absolute addresses, percent-encoded names.
func TestSiteImagesFixture(t *testing.T) {
	posts, err := markdown.Load(context.Background(), os.DirFS("../../testdata/site-images"), ".", "site-images", markdown.Options{}, &book.Report{})
	if err != nil || len(posts) != 1 {
		t.Fatalf("load: %d posts, %v", len(posts), err)
	}
	posts[0].ID = "p1"
	b := &book.Book{Chapters: []*book.Chapter{{Posts: posts}}}
	_, rep := prepareBook(t, b, StageOptions{SiteURL: "https://blog.example/"})
	if len(rep.Warnings) != 0 || len(b.Images) != 4 {
		t.Errorf("images %d, warnings %v", len(b.Images), rep.Warnings)
	}
}

func TestSiteFilesLookup(t *testing.T) {
	img := []byte("not decoded here")
	fsys := fstest.MapFS{
		"eleventy.config.mjs":         {Data: []byte("export default function (c) {\n  c.addPassthroughCopy(\"site/pics\");\n  c.addPassthroughCopy({ \"site/one.png\": \"/logo.png\" });\n  return { dir: { input: \"site\" } };\n}\n")},
		"site/pics/a.png":             {Data: img},
		"site/one.png":                {Data: img},
		"static/s.png":                {Data: img},
		"content/x/images/shot.png":   {Data: img},
		"content/y/images/twin.png":   {Data: img},
		"content/z/images/twin.png":   {Data: img},
		"node_modules/pkg/hidden.png": {Data: img},
	}
	s := newSiteFiles("blog.example", []*book.Post{{Permalinks: []string{"https://old.example.net/p/"}}})
	p := &book.Post{Assets: fsys, AssetDir: "content/x"}
	for _, tt := range []struct {
		ref   string
		found bool
	}{
		{"/pics/a.png", true},
		{"/logo.png", true},
		{"/s.png", true},
		{"/posts/x/images/shot.png", true},
		{"/images/twin.png", false}, // two files end so: neither is meant
		{"/y/images/twin.png", true},
		{"/hidden.png", false},
		{"/nothing.png", false},
	} {
		if _, ok := s.find(p, tt.ref); ok != tt.found {
			t.Errorf("find(%q) = %v, want %v", tt.ref, ok, tt.found)
		}
	}
	var got []string
	for _, dest := range []string{"https://www.blog.example/a/b.png?x=1", "http://old.example.net/c.png", "https://other.example/d.png", "/e.png"} {
		sp, ok := s.sitePath(dest)
		got = append(got, fmt.Sprintf("%s %v", sp, ok))
	}
	want := []string{"/a/b.png true", "/c.png true", " false", " false"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sitePath = %q, want %q", got, want)
	}
}
