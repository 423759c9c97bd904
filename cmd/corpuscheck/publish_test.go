package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeFiles writes files (path -> content) under a new folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var testNow = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// postFiles returns the files of s's posts, sorted.
func postFiles(s site) []string {
	var files []string
	for _, p := range s.Posts {
		files = append(files, filepath.ToSlash(p.File))
	}
	slices.Sort(files)
	return files
}

func TestHugoCountsMainSectionsInTheDefaultLanguage(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"config/_default/hugo.toml":         "baseURL = 'https://blog.example/'\ndefaultContentLanguage = 'fr'\n",
		"config/_default/languages.en.toml": "weight = 2\n",
		"config/_default/languages.fr.toml": "weight = 1\n",
		"content/_index.md":                 "---\ntitle: Home\n---\n",
		"content/about.md":                  "---\ntitle: About\n---\nA page, no post.\n",
		"content/posts/_index.md":           "---\ntitle: Posts\n---\n",
		"content/posts/one.md":              "---\ntitle: Un\ndate: 2024-01-02\n---\nBonjour.\n",
		"content/posts/one.en.md":           "---\ntitle: One\ndate: 2024-01-02\n---\nHello.\n",
		"content/posts/two/index.md":        "+++\ntitle = 'Deux'\ndate = 2024-02-03\n+++\nUn paquet.\n",
		"content/posts/two/notes.md":        "---\ntitle: a resource of the bundle\n---\n",
		"content/posts/draft.md":            "---\ntitle: Brouillon\ndraft: true\n---\n",
		"content/posts/later.md":            "---\ntitle: Plus tard\ndate: 2030-01-01\n---\n",
		"content/posts/gone.md":             "---\ntitle: Parti\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\n",
		"content/posts/dup.md":              "---\ntitle: A\ntitle: B\ndate: 2024-03-01\n---\nDeux clés.\n",
		"content/notes/n.md":                "---\ntitle: Note\n---\n",
	})
	s, err := hugoSite(blog{Path: dir, Generator: genHugo}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/posts/dup.md", "content/posts/one.md", "content/posts/two/index.md"}
	if got := postFiles(s); !slices.Equal(got, want) {
		t.Errorf("posts = %v, want %v (rule %s)", got, want, s.Rule)
	}
	if s.BaseURL != "https://blog.example/" {
		t.Errorf("base URL = %q", s.BaseURL)
	}
	for _, w := range []string{"1 draft", "1 future", "1 expired", "language fr"} {
		if !strings.Contains(s.Rule, w) {
			t.Errorf("rule %q does not say %q", s.Rule, w)
		}
	}
}

func TestHugoMainSectionsFromParams(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"hugo.yaml":          "baseURL: https://x.example/\nparams:\n  mainSections: [notes]\n",
		"content/posts/a.md": "---\ntitle: A\n---\n",
		"content/posts/b.md": "---\ntitle: B\n---\n",
		"content/notes/n.md": "---\ntitle: N\n---\n",
	})
	s, err := hugoSite(blog{Path: dir}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if got := postFiles(s); !slices.Equal(got, []string{"content/notes/n.md"}) {
		t.Errorf("posts = %v, want the notes section only", got)
	}
}

func TestJekyllCountsSitePostsOnly(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"_config.yml":                                "url: https://j.example\nsource: build/src\ncollections:\n  faqs:\n    output: true\n  hidden:\n    output: false\n",
		"src/_posts/2020-01-02-first.md":             "---\ntitle: First\n---\nOne.\n",
		"src/_posts/2020-13-02-bad-month.md":         "---\ntitle: Bad\n---\n",
		"src/_posts/notes.md":                        "---\ntitle: No date\n---\n",
		"src/_posts/2021-05-06-hidden.md":            "---\npublished: false\n---\n",
		"src/_posts/2099-01-01-later.md":             "---\ntitle: Later\n---\n",
		"src/_posts/2022-02-02-odd-date.md":          "---\ndate: 2022-02-02 18:30:22 2022 -0800\n---\nOdd.\n",
		"src/travel/_posts/2019-03-04-trip.markdown": "---\n---\nTrip.\n",
		"src/_faqs/what.md":                          "---\ntitle: What\n---\n",
		"src/_faqs/static.md":                        "no front matter\n",
		"src/_hidden/h.md":                           "---\ntitle: H\n---\n",
		"src/_drafts/d.md":                           "---\ntitle: D\n---\n",
	})
	s, err := jekyllSite(blog{Path: dir}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	// _faqs has output: true, yet its documents are pages of their own
	// collection, not site.posts.
	want := []string{"src/_posts/2020-01-02-first.md", "src/_posts/2022-02-02-odd-date.md", "src/travel/_posts/2019-03-04-trip.markdown"}
	if got := postFiles(s); !slices.Equal(got, want) {
		t.Errorf("posts = %v, want %v (rule %s)", got, want, s.Rule)
	}
	if s.BaseURL != "https://j.example" {
		t.Errorf("base URL = %q", s.BaseURL)
	}
}

func TestZolaCountsPagesNotDrafts(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"config.toml":              "base_url = \"https://z.example/v2\"\n[languages.fr]\n",
		"content/_index.md":        "+++\n+++\n",
		"content/about.md":         "+++\ntitle = \"About\"\n+++\n",
		"content/now/index.md":     "+++\ntitle = \"Now\"\n+++\n",
		"content/posts/_index.md":  "+++\n+++\n",
		"content/posts/a.md":       "+++\ntitle = \"A\"\n+++\n",
		"content/posts/a.fr.md":    "+++\ntitle = \"A\"\n+++\n",
		"content/posts/b/index.md": "+++\ntitle = \"B\"\n+++\n",
		"content/posts/b/extra.md": "+++\n+++\n",
		"content/posts/wip.md":     "+++\ndraft = true\n+++\n",
	})
	s, err := zolaSite(blog{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	// The root section's pages (about.md, the bundle now/index.md) are
	// stand-alone pages.
	want := []string{"content/posts/a.md", "content/posts/b/extra.md", "content/posts/b/index.md"}
	if got := postFiles(s); !slices.Equal(got, want) {
		t.Errorf("posts = %v, want %v (rule %s)", got, want, s.Rule)
	}
	if s.BaseURL != "https://z.example/v2" {
		t.Errorf("base URL = %q", s.BaseURL)
	}
}

// TestZolaLeavesOutTemplatePages does not count a page with no text that
// a template makes, its own or its section's page_template (an archive, a
// redirect), nor a page of Zola's page.html left empty is one.
func TestZolaLeavesOutTemplatePages(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"config.toml":                    "base_url = \"https://z.example\"\n",
		"content/posts/_index.md":        "+++\n+++\n",
		"content/posts/a.md":             "+++\ntitle = \"A\"\n+++\n\nText.\n",
		"content/posts/archive.md":       "+++\ntitle = \"Archive\"\ntemplate = \"archive.html\"\n+++\n",
		"content/posts/stub.md":          "+++\ntitle = \"Stub\"\ntemplate = \"page.html\"\n+++\n",
		"content/go/_index.md":           "+++\npage_template = \"redirect.html\"\n+++\n",
		"content/go/deep/_index.md":      "+++\n+++\n",
		"content/go/deep/away.md":        "+++\n[extra]\ntarget = \"https://x.example\"\n+++\n",
		"content/go/deep/words/index.md": "+++\ntitle = \"Words\"\n+++\n\nSome.\n",
	})
	s, err := zolaSite(blog{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"content/go/deep/words/index.md", "content/posts/a.md", "content/posts/stub.md"}
	if got := postFiles(s); !slices.Equal(got, want) {
		t.Errorf("posts = %v, want %v (rule %s)", got, want, s.Rule)
	}
}

// TestZolaCountsListedRootPages counts the pages at the top of a Zola
// site's content folder when its home page lists them and they are more
// than a handful: a blog whose posts all sit there.
func TestZolaCountsListedRootPages(t *testing.T) {
	files := map[string]string{
		"config.toml":              "base_url = \"https://z.example\"\n",
		"content/inside/_index.md": "+++\n+++\n",
		"content/inside/x.md":      "+++\ntitle = \"X\"\n+++\n",
	}
	for i := range 6 {
		files[fmt.Sprintf("content/p%d.md", i)] = "+++\ntitle = \"P\"\n+++\n"
	}
	for _, tt := range []struct {
		index string
		want  int
	}{
		{"+++\nsort_by = \"permalink\"\n+++\n", 7},
		{"+++\npaginate_by = 5\n+++\n", 7},
		{"+++\nsort_by = \"none\"\n+++\n", 1},
		{"+++\n+++\n", 1},
	} {
		files["content/_index.md"] = tt.index
		s, err := zolaSite(blog{Path: writeFiles(t, files)})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(postFiles(s)); got != tt.want {
			t.Errorf("%q: %d posts, want %d (rule %s)", tt.index, got, tt.want, s.Rule)
		}
	}
}

func TestEleventyCountsThePostsCollection(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		".eleventy.js":             "module.exports = () => ({ dir: { input: 'src', output: 'dist' } })\n",
		"src/_data/site.json":      `{"url": "https://e.example"}`,
		"src/posts/posts.json":     `{"tags": "post", "layout": "post.njk"}`,
		"src/posts/a.md":           "---\ntitle: A\n---\n",
		"src/posts/b.md":           "---\ntitle: B\ntags: [css]\n---\n",
		"src/posts/c.md":           "---\ntitle: C\npermalink: false\n---\n",
		"src/posts/d.md":           "---\ntitle: D\ndraft: true\n---\n",
		"src/pages/about.md":       "---\ntitle: About\n---\n",
		"src/notes/n.md":           "---\ntitle: N\ntags: post\n---\n",
		"src/_includes/layout.njk": "{{ content }}",
	})
	s, err := eleventySite(blog{Path: dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"src/notes/n.md", "src/posts/a.md", "src/posts/b.md"}
	if got := postFiles(s); !slices.Equal(got, want) {
		t.Errorf("posts = %v, want %v (rule %s)", got, want, s.Rule)
	}
	if s.BaseURL != "https://e.example" {
		t.Errorf("base URL = %q", s.BaseURL)
	}
	s, err = eleventySite(blog{Path: dir, PostsDir: "src/posts"})
	if err != nil {
		t.Fatal(err)
	}
	if got := postFiles(s); !slices.Equal(got, want[1:]) {
		t.Errorf("with a posts folder: posts = %v, want %v", got, want[1:])
	}
}

func TestWXRCountsPublishedPostsWhateverTheNamespace(t *testing.T) {
	for _, ns := range []string{"http://wordpress.org/export/1.2/", "https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.0/"} {
		dir := writeFiles(t, map[string]string{"site.xml": `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="` + ns + `" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="` + ns + `excerpt/">
<channel><title>W</title><link>https://w.example</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://w.example/blog</wp:base_blog_url>
<item><title>A</title><content:encoded><![CDATA[<p>Body of A [caption]x[/caption]</p>]]></content:encoded><excerpt:encoded><![CDATA[short]]></excerpt:encoded><wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>P</title><content:encoded><![CDATA[page]]></content:encoded><wp:post_id>2</wp:post_id><wp:status>publish</wp:status><wp:post_type>page</wp:post_type></item>
<item><title>D</title><content:encoded><![CDATA[draft]]></content:encoded><wp:post_id>3</wp:post_id><wp:status>draft</wp:status><wp:post_type>post</wp:post_type></item>
<item><title>I</title><wp:post_id>4</wp:post_id><wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type></item>
<item><title>K</title><content:encoded><![CDATA[kept back]]></content:encoded><wp:post_id>5</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password>secret</wp:post_password></item>
<item><title>U</title><content:encoded><![CDATA[open]]></content:encoded><wp:post_id>6</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><wp:post_password></wp:post_password></item>
</channel></rss>`})
		if got := detect(filepath.Join(dir, "site.xml")); got != genWXR {
			t.Errorf("%s: detected %q, want wxr", ns, got)
		}
		s, err := wxrSite(filepath.Join(dir, "site.xml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Posts) != 2 || !strings.Contains(s.Posts[0].Body, "Body of A") || s.Posts[1].Title != "U" || s.BaseURL != "https://w.example/blog" {
			t.Errorf("%s: posts %+v, base %q; want the two published posts without a password", ns, s.Posts, s.BaseURL)
		}
	}
}

func TestFeedCountsEntries(t *testing.T) {
	dir := writeFiles(t, map[string]string{"atom.xml": `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><link href="https://f.example/"/>
<entry><title>One</title><id>1</id><updated>2024-01-01T00:00:00Z</updated><content type="html">&lt;p&gt;First entry&lt;/p&gt;</content></entry>
<entry><title>Two</title><id>2</id><updated>2024-01-02T00:00:00Z</updated><summary>Second</summary></entry>
</feed>`})
	if got := detect(dir); got != genFeed {
		t.Errorf("detected %q in a folder with one feed, want feed", got)
	}
	s, err := feedSite(exportFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Posts) != 2 || s.BaseURL != "https://f.example/" || !strings.Contains(s.Posts[0].Body, "First entry") {
		t.Errorf("posts %+v, base %q", s.Posts, s.BaseURL)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		files map[string]string
		want  string
	}{
		{map[string]string{"_config.yml": "title: x\n"}, genJekyll},
		{map[string]string{".eleventy.js": "", "src/index.md": ""}, genEleventy},
		{map[string]string{"hugo.toml": ""}, genHugo},
		{map[string]string{"config/_default/params.toml": ""}, genHugo},
		{map[string]string{"config.toml": "base_url = \"x\"\n", "content/_index.md": ""}, genZola},
		{map[string]string{"config.toml": "baseURL = \"x\"\n", "content/a.md": ""}, genHugo},
		{map[string]string{"notes.txt": ""}, ""},
	} {
		if got := detect(writeFiles(t, c.files)); got != c.want {
			t.Errorf("detect(%v) = %q, want %q", c.files, got, c.want)
		}
	}
}

func TestScanFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"zz-jekyll/_config.yml": "title: x\n",
		"aa-export/site.xml":    "<rss><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss>",
		"feed.xml":              "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>",
		"notes/readme.txt":      "",
		".hidden/_config.yml":   "",
	})
	got, err := scanFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range got {
		names = append(names, b.Name+"@"+b.Generator)
	}
	if want := []string{"aa-export@wxr", "feed.xml@feed", "zz-jekyll@jekyll"}; !slices.Equal(names, want) {
		t.Errorf("scanFolder = %q, want %q", names, want)
	}
}

func TestSpecsAndLists(t *testing.T) {
	b, err := parseSpec("mm=blogs/mm:src/_posts@jekyll")
	if err != nil || b != (blog{Name: "mm", Path: "blogs/mm", PostsDir: "src/_posts", Generator: genJekyll}) {
		t.Errorf("parseSpec = %+v, %v", b, err)
	}
	for _, bad := range []string{"nopath", "=x", "a=b@gatsby", "a=b:/abs"} {
		if _, err := parseSpec(bad); err == nil {
			t.Errorf("parseSpec(%q) took it", bad)
		}
	}
	dir := writeFiles(t, map[string]string{"list.tsv": "# blogs\n\none\tblogs/one\thugo\ntwo  blogs/two  -  src/posts\n"})
	got, err := readList(filepath.Join(dir, "list.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	want := []blog{
		{Name: "one", Path: filepath.Join(dir, "blogs/one"), Generator: genHugo},
		{Name: "two", Path: filepath.Join(dir, "blogs/two"), PostsDir: "src/posts"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("readList = %+v, want %+v", got, want)
	}
	dir = writeFiles(t, map[string]string{"list.tsv": "one blogs/one zola posts extra\n"})
	if _, err := readList(filepath.Join(dir, "list.tsv")); err == nil || !strings.Contains(err.Error(), "list.tsv:1") {
		t.Errorf("a line with five fields: err = %v, want one naming the line", err)
	}
}
