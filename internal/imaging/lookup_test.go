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
	"github.com/yuin/goldmark/ast"
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

// TestMediaPath reads a post's relative images below the folder its blog
// names for it (Chirpy's media_subpath and img_path, in the post or the
// config's defaults), where a file of the same name elsewhere would make
// the name alone ambiguous.
func TestMediaPath(t *testing.T) {
	a, b, c := encPNG(t, photo(30, 20)), encPNG(t, photo(20, 30)), encPNG(t, photo(10, 10))
	fsys := fstest.MapFS{
		"_config.yml": {Data: []byte("title: x\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {layout: post}\n" +
			"  - scope: {path: _posts/trips, type: posts}\n    values: {media_subpath: /media/trips}\n")},
		"_posts/2020-01-01-a.md":       {Data: []byte("---\ntitle: A\nmedia_subpath: /assets/img/a\n---\n\n![A](shot.png)\n")},
		"_posts/2020-01-02-b.md":       {Data: []byte("---\ntitle: B\nimg_path: /assets/img/b/\n---\n\n![B](./shot.png)\n")},
		"_posts/trips/2020-01-03-c.md": {Data: []byte("---\ntitle: C\n---\n\n![C](shot.png)\n\n![site](/assets/img/a/shot.png)\n")},
		"assets/img/a/shot.png":        {Data: a},
		"assets/img/b/shot.png":        {Data: b},
		"media/trips/shot.png":         {Data: c},
	}
	posts, err := markdown.Load(context.Background(), fsys, ".", "site", markdown.Options{}, &book.Report{})
	if err != nil || len(posts) != 3 {
		t.Fatalf("load: %d posts, %v", len(posts), err)
	}
	for i, p := range posts {
		p.ID = fmt.Sprint("p", i)
	}
	bk := &book.Book{Chapters: []*book.Chapter{{Posts: posts}}}
	docs, rep := prepareBook(t, bk, StageOptions{})
	if len(rep.Warnings) != 0 || len(bk.Images) != 3 {
		t.Fatalf("images %d, warnings %v", len(bk.Images), rep.Warnings)
	}
	// each post shows its own picture: the sizes tell them apart
	want := map[string][]int{"p0": {30}, "p1": {20}, "p2": {10, 30}}
	for id, widths := range want {
		var got []int
		ast.Walk(docs[id].Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if img, ok := n.(*ast.Image); ok && entering {
				got = append(got, bk.Image(string(img.Destination)).Width)
			}
			return ast.WalkContinue, nil
		})
		if !reflect.DeepEqual(got, widths) {
			t.Errorf("%s: widths %v, want %v", id, got, widths)
		}
	}
}

func TestMediaDest(t *testing.T) {
	for _, tt := range []struct{ base, dest, want string }{
		{"", "shot.png", "shot.png"},
		{"/assets/img/a", "shot.png", "/assets/img/a/shot.png"},
		{"assets/img/a/", "./sub/shot.png?v=2", "/assets/img/a/sub/shot.png?v=2"},
		{"/assets/img/a", "/other/shot.png", "/other/shot.png"},
		{"/assets/img/a", "https://x.org/s.png", "https://x.org/s.png"},
		{"/assets/img/a", "data:image/png;base64,AAAA", "data:image/png;base64,AAAA"},
		{"/assets/img/a", "../../../../etc/passwd", "/etc/passwd"},
		{"https://cdn.example/blog/", "shot.png", "https://cdn.example/blog/shot.png"},
	} {
		if got := mediaDest(tt.base, tt.dest); got != tt.want {
			t.Errorf("mediaDest(%q, %q) = %q, want %q", tt.base, tt.dest, got, tt.want)
		}
	}
}
