package links

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/markdown"
	"github.com/yuin/goldmark/ast"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testBook is a small blog kept as a Hugo content folder.
func testBook() *book.Book {
	fsys := fstest.MapFS{}
	post := func(id, file, slug, title, day string, permalinks ...string) *book.Post {
		dir, base := "posts", file
		if i := strings.LastIndex(file, "/"); i >= 0 {
			dir, base = "posts/"+file[:i], file[i+1:]
		}
		_ = base
		return &book.Post{
			ID: id, Slug: slug, Title: title, Date: date(day), Permalinks: permalinks,
			Source: "content/posts/" + file, Assets: fsys, AssetDir: dir,
		}
	}
	return &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{
		post("p001", "first-steps.md", "first-steps", "First steps", "2017-08-23", "/2017/08/23/first-steps/"),
		post("p002", "2018-01-02-second.md", "second", "Été à Paris", "2018-01-02", "https://old.example.com/archive/second.html"),
		post("p003", "bundle/index.md", "third-post", "Third post", "2019-03-04"),
		post("p004", "dup-a.md", "dup", "Dup A", "2019-05-05"),
		post("p005", "dup-b.md", "dup", "Dup B", "2019-05-06"),
	}}}}
}

func TestLookup(t *testing.T) {
	b := testBook()
	r := New(b, nil, Site{BaseURL: "https://Example.org/blog/", Permalinks: "/:year/:month/:day/:slug/"})
	from := b.Posts()[0]
	tests := []struct {
		dest, want string
	}{
		// permalinks from front matter, absolute or site-relative
		{"https://example.org/blog/2017/08/23/first-steps/", "anthology-post:p001"},
		{"http://www.EXAMPLE.org/blog/2017/08/23/first-steps", "anthology-post:p001"},
		{"/2017/08/23/first-steps/", "anthology-post:p001"},
		{"/blog/2017/08/23/first-steps/index.html", "anthology-post:p001"},
		{"https://old.example.com/archive/second.html", "anthology-post:p002"},
		{"http://old.example.com/archive/second", "anthology-post:p002"},
		// baseURL plus the permalink pattern, by slug or by title
		{"https://example.org/blog/2019/03/04/third-post/", "anthology-post:p003"},
		{"https://example.org/blog/2018/01/02/ete-a-paris/", "anthology-post:p002"},
		// relative file paths, Hugo ref output, slugs
		{"2018-01-02-second.md", "anthology-post:p002"},
		{"./bundle/index.md", "anthology-post:p003"},
		{"posts/bundle", "anthology-post:p003"},
		{"/posts/first-steps.md", "anthology-post:p001"},
		{"first-steps", "anthology-post:p001"},
		{"../third-post/", "anthology-post:p003"},
		{"first-steps#setup", "anthology-post:p001"},
		{"https://example.org/blog/2017/08/23/first-steps/?utm=x#top", "anthology-post:p001"},
		// not posts of the book
		{"https://example.org/blog/2017/03/24/not-in-the-book/", ""},
		{"https://other.org/2017/08/23/first-steps/", ""},
		{"https://example.org/blog/tags/first-steps/", ""},
		{"mailto:first-steps@example.org", ""},
		{"#first-steps", ""},
		{"", ""},
		{"image.png", ""},
		{"dup", ""}, // two posts share the slug: neither is meant
		{"anthology-post:p001", ""},
		{"http://[::1", ""},
	}
	for _, tt := range tests {
		got, ok := r.Lookup(from, tt.dest)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", tt.dest, got, ok, tt.want)
		}
	}
}

// TestLookupJekyllDefault finds posts by Jekyll's default addresses
// (the "date" style, :categories in lower case first), where two posts
// share a slug on different days.
func TestLookupJekyllDefault(t *testing.T) {
	post := func(id, slug, day string, cats ...string) *book.Post {
		return &book.Post{ID: id, Slug: slug, Title: "T " + id, Date: date(day), Categories: cats, Source: "_posts/" + day + "-" + slug + ".md"}
	}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{
		post("p1", "recap", "2019-01-18"),
		post("p2", "recap", "2020-02-20"),
		post("p3", "projects", "2025-01-28", "Blog", "GSoC"),
	}}}}
	r := New(b, nil, Site{BaseURL: "https://www.example.org", Permalinks: "/:categories/:year/:month/:day/:slug:output_ext"})
	for dest, want := range map[string]string{
		"https://www.example.org/2019/01/18/recap.html":         "anthology-post:p1",
		"https://example.org/2020/02/20/recap.html":             "anthology-post:p2",
		"/blog/gsoc/2025/01/28/projects.html":                   "anthology-post:p3",
		"https://www.example.org/blog/gsoc/2025/01/28/projects": "anthology-post:p3",
		"https://www.example.org/2021/01/01/recap.html":         "",
	} {
		if got, _ := r.Lookup(nil, dest); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", dest, got, want)
		}
	}
}

func TestLookupWithoutSite(t *testing.T) {
	b := testBook()
	r := New(b, nil, Site{})
	if got, ok := r.Lookup(nil, "https://example.org/2017/08/23/first-steps/"); ok {
		t.Errorf("absolute link on an unknown site resolved to %q", got)
	}
	if got, _ := r.Lookup(nil, "/2017/08/23/first-steps/"); got != "anthology-post:p001" {
		t.Errorf("site-relative permalink = %q", got)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Kubernetes, the hard way":   "kubernetes-the-hard-way",
		"L'IA ne remplace pas":       "lia-ne-remplace-pas",
		"  Été -- à Paris!  ":        "ete-a-paris",
		"Brainwave, Tensorflow : AI": "brainwave-tensorflow-ai",
		"":                           "",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRewriteKeepsFragmentOnlyWhenItExists(t *testing.T) {
	b := testBook()
	posts := b.Posts()
	posts[0].Body = []byte("See [setup](third-post#setup) and [nowhere](third-post#nowhere).\n")
	posts[2].Body = []byte("## Setup\n\nText.\n")
	docs := markup.Docs{}
	for _, p := range posts {
		docs[p.ID] = markup.Parse(p)
	}
	if n := Resolve(b, docs, Site{}, nil); n != 2 {
		t.Fatalf("Resolve = %d, want 2", n)
	}
	got := destinations(docs["p001"])
	want := []string{"anthology-post:p003#p003-setup", "anthology-post:p003"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("destinations = %q, want %q", got, want)
	}
}

func TestRewriteAutolinksKeepText(t *testing.T) {
	b := testBook()
	p := b.Posts()[1]
	p.Body = []byte("Before (<https://example.org/2017/08/23/first-steps/>) and www.example.org/2017/08/23/first-steps/ and <https://example.org/elsewhere/>.\n")
	docs := markup.Docs{p.ID: markup.Parse(p)}
	rep := &book.Report{}
	if n := Resolve(b, docs, Site{BaseURL: "https://example.org"}, rep); n != 2 {
		t.Fatalf("Resolve = %d, want 2", n)
	}
	html, err := docs[p.ID].XHTML(markup.XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`(<a href="anthology-post:p001">https://example.org/2017/08/23/first-steps/</a>)`,
		`<a href="anthology-post:p001">www.example.org/2017/08/23/first-steps/</a>`,
		`<a href="https://example.org/elsewhere/">`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("XHTML lacks %s:\n%s", want, html)
		}
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "2 links") {
		t.Errorf("notes = %q", rep.Notes)
	}
}

// TestSample checks the sample blog: the Kubernetes post's link to the
// "hard way" post points inside the book; the Service Fabric post, which
// is not in the book, stays on the web.
func TestSample(t *testing.T) {
	cfg, err := config.Load("../../testdata/sample/anthology.yaml")
	if err != nil {
		t.Fatal(err)
	}
	posts, err := markdown.Load(context.Background(), os.DirFS("../../testdata/sample"), ".", "sample", markdown.Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: posts}}}
	docs := markup.Docs{}
	byTitle := map[string]*book.Post{}
	for i, p := range posts {
		p.ID = "p" + string(rune('a'+i))
		byTitle[p.Title] = p
		docs[p.ID] = markup.Parse(p)
	}
	n := Resolve(b, docs, Site{BaseURL: cfg.BaseURL, Permalinks: cfg.Permalinks}, nil)
	if n < 1 {
		t.Fatalf("Resolve rewrote %d links", n)
	}
	from := byTitle["Kubernetes and Azure Container Instances"]
	to := byTitle["Kubernetes, the hard way, AZCLI style"]
	if from == nil || to == nil {
		t.Fatal("sample posts missing")
	}
	if got := destinations(docs[from.ID]); !contains(got, markup.PostHref(to.ID, "")) {
		t.Errorf("Kubernetes post links to %q, want one to %s", got, to.ID)
	}
	fabric := byTitle["Bring your containers to the cloud"]
	want := "https://cloudinthealps.mandin.net/2017/03/24/containers-azure-and-servicefabric/"
	if got := destinations(docs[fabric.ID]); !contains(got, want) {
		t.Errorf("containers post links to %q, want %s kept", got, want)
	}
	for id, d := range docs {
		for _, dest := range destinations(d) {
			if strings.Contains(dest, "cloudinthealps") && strings.Contains(dest, "kubernetes-thehard-way") {
				t.Errorf("%s still links to %s", id, dest)
			}
		}
	}
}

// destinations lists the link destinations of d in order.
func destinations(d *markup.Doc) []string {
	var out []string
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch l := n.(type) {
		case *ast.Link:
			out = append(out, string(l.Destination))
		case *ast.AutoLink:
			out = append(out, string(l.URL(d.Source)))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"https://example.org/blog/2017/08/23/first-steps/", "../x/", "%zz", "//h/p", "posts/bundle", "#a"} {
		f.Add(s)
	}
	b := testBook()
	r := New(b, nil, Site{BaseURL: "https://example.org/blog/", Permalinks: "/:year/:month/:day/:slug/"})
	f.Fuzz(func(t *testing.T, dest string) {
		href, ok := r.Lookup(b.Posts()[0], dest)
		if _, _, isPost := markup.ParsePostHref(href); ok != isPost {
			t.Fatalf("Lookup(%q) = %q, %v", dest, href, ok)
		}
		if again, _ := r.Lookup(b.Posts()[0], dest); again != href {
			t.Fatalf("Lookup(%q) not deterministic", dest)
		}
	})
}
