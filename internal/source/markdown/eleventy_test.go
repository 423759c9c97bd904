package markdown

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
)

func TestFileSlug(t *testing.T) {
	for _, tt := range []struct{ rel, slug, stem string }{
		{"posts/first-post/2020-01-01-index.md", "first-post", "/posts/first-post/index"},
		{"posts/2020-01-01-hello.md", "hello", "/posts/hello"},
		{"posts/my-post.md", "my-post", "/posts/my-post"},
		{"posts/2020-01-01-trip/index.md", "trip", "/posts/2020-01-01-trip/index"},
		{"posts/trip/index.njk", "trip", "/posts/trip/index"},
		{"index.md", "", "/index"},
		{"2020-01-01.md", "2020-01-01", "/2020-01-01"},
		{"notes/v2020-01-01-x.md", "x", "/notes/x"}, // Eleventy finds the date anywhere
	} {
		slug, stem := fileSlug(tt.rel)
		if slug != tt.slug || stem != tt.stem {
			t.Errorf("fileSlug(%q) = %q, %q; want %q, %q", tt.rel, slug, stem, tt.slug, tt.stem)
		}
	}
}

// TestDetectEleventy tells an Eleventy blog that keeps its posts in
// _posts from a Jekyll one.
func TestDetectEleventy(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	post := file("---\ntitle: x\n---\nx\n")
	pkg := file(`{"devDependencies": {"@11ty/eleventy": "^3.0.0"}}`)
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want siteKind
	}{
		{"eleventy config and _posts", fstest.MapFS{".eleventy.js": file("module.exports = {}"), "_posts/2020-01-01-a.md": post}, eleventySite},
		{"eleventy.config.mjs", fstest.MapFS{"eleventy.config.mjs": file("export default {}"), "_posts/a.md": post}, eleventySite},
		{"package.json only", fstest.MapFS{"package.json": pkg, "_posts/a.md": post}, eleventySite},
		{"package.json of another tool", fstest.MapFS{"package.json": file(`{"dependencies": {"gulp": "4"}}`), "_posts/a.md": post}, jekyllSite},
		{"broken package.json", fstest.MapFS{"package.json": file(`{"dependencies": `), "_posts/a.md": post}, jekyllSite},
		{"jekyll config wins over an eleventy config", fstest.MapFS{"_config.yml": file("title: x"), ".eleventy.js": file(""), "_posts/a.md": post}, jekyllSite},
		{"unless Eleventy builds it", fstest.MapFS{"_config.yml": file("title: x"), ".eleventy.js": file(""), "package.json": pkg, "_posts/a.md": post}, eleventySite},
		{"plain _posts", fstest.MapFS{"_posts/a.md": post}, jekyllSite},
	} {
		if got := detectSite(tt.fsys, "."); got != tt.want {
			t.Errorf("%s: detectSite = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestEleventySettings names the book from an Eleventy site's data, and
// a Jekyll site from name: when it has no title.
func TestEleventySettings(t *testing.T) {
	for _, tt := range []struct {
		name string
		data map[string]any
		want book.Site
	}{
		{"title and author", map[string]any{"metadata": map[string]any{"title": "Grid", "author": map[string]any{"name": "Sam"}, "language": "en_GB"}},
			book.Site{Title: "Grid", Author: "Sam", Lang: "en-GB"}},
		{"name is the author beside a title", map[string]any{"site": map[string]any{"title": "Grid", "name": "Sam"}},
			book.Site{Title: "Grid", Author: "Sam"}},
		{"name is the site's beside an author", map[string]any{"site": map[string]any{"name": "Grid", "author": "Sam"}},
			book.Site{Title: "Grid", Author: "Sam"}},
		{"a name alone is the author's; the address names the site", map[string]any{"site": map[string]any{"name": "Sam Example", "url": "https://www.sam.example/"}},
			book.Site{Title: "sam.example", Author: "Sam Example", BaseURL: "https://www.sam.example/"}},
		{"an author's own data file", map[string]any{"site": map[string]any{"title": "Grid"}, "author": map[string]any{"name": "Sam"}},
			book.Site{Title: "Grid", Author: "Sam"}},
		{"site wins over metadata", map[string]any{"site": map[string]any{"title": "A"}, "metadata": map[string]any{"title": "B", "author": "C"}},
			book.Site{Title: "A", Author: "C"}},
		{"data that is no object", map[string]any{"site": []any{"x"}}, book.Site{}},
	} {
		if got := eleventySettings(eleventyGlobal{data: tt.data}); got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}

	fsys := fstest.MapFS{
		"_config.yml":          {Data: []byte("name: Jo Walker\ndescription: Walks.\n")},
		"_posts/2020-01-01.md": {Data: []byte("---\ntitle: x\n---\nx\n")},
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Site.Title != "Jo Walker" || b.Site.Author != "" {
		t.Errorf("Jekyll site called by name: got %+v", b.Site)
	}
}

// TestEleventyCascade reads an Eleventy blog whose posts live in _posts:
// bare names from the front matter, the page's and its folder's data
// files and the global data; permalinks its folder's data writes; loops
// over its data; and what it leaves out (its ignores, pages kept out of
// its collections, a data file that does not parse, with a warning).
func TestEleventyCascade(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"eleventy.config.js":    file("export default function (c) {\n  c.addCollection(\"posts\", api => api.getFilteredByGlob(\"./_posts/**/*.{md,html}\"));\n}\n"),
		".eleventyignore":       file("# old things\ndrafts/\nscratch*.md\n"),
		"_data/site.json":       file(`{"name": "Ann Example", "url": "https://ann.example/"}`),
		"_data/links.json":      file(`{"home": "https://home.example/"}`),
		"_data/broken.json":     file("{\n  \"a\": 1,\n  \"b\": \n}\n"),
		"_data/stats.js":        file("module.exports = async () => ({ n: 1 })\n"),
		"_data/ports.json":      file(`["Leith", "Wick"]`),
		"_posts/trip/trip.json": file("{\"tags\": [\"trips\"]"),
		"_posts/_posts.json":    file(`{"permalink": "/notes/{{ page.fileSlug }}/", "series": "Walks", "tags": ["walks"]}`),
		"_posts/2020-01-01-one.md": file("---\ntitle: One\nexternal_url: https://x.example/y\n---\n" +
			"[{{ title }}]({{ external_url }}) in {{ series }}; home {{ links.home }}; {{ stats.n }}; {{ site.url }}\n"),
		"_posts/2020-01-02-two.md":              file("---\ntitle: Two\n---\n{% for src in photos %}![p]({{ src }}){% endfor %} {% for p in ports %}{{ p }} {% endfor %}\n"),
		"_posts/2020-01-02-two.json":            file(`{"photos": ["a.png", "b.png"], "permalink": "/{{ title | slugify }}/"}`),
		"_posts/trip/2020-01-03-index.md":       file("---\ntitle: Trip\n---\nSee [one](/notes/one/), from {{ page.url }} of {{ page.date }}.\n"),
		"_posts/2020-01-04-hidden.md":           file("---\ntitle: Hidden\neleventyExcludeFromCollections: true\n---\nx\n"),
		"_posts/2020-01-05-never.md":            file("---\ntitle: Never\n---\nx\n"),
		"_posts/2020-01-05-never.11tydata.json": file(`{"permalink": false}`),
		"about.md":                              file("---\ntitle: About\ndate: Last Modified\n---\nMe.\n"),
		"drafts/broken.md":                      file("---\ntitle: [unclosed\n---\nx\n"),
		"scratch-1.md":                          file("---\ntitle: [unclosed\n---\nx\n"),
		"_includes/layout.md":                   file("---\ntitle: [unclosed\n---\nx\n"),
	}
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, fmt.Sprintf("%s | %s | %v | %v | %s", p.Title, p.Slug, p.Permalinks, p.Tags, strings.TrimSpace(string(p.Body))))
	}
	compareLines(t, "posts", got, []string{
		"One | one | [/notes/one/] | [walks] | [One](https://x.example/y) in Walks; home https://home.example/; ; https://ann.example/",
		"Two | two | [/two/] | [walks] | ![p](a.png)![p](b.png) Leith Wick",
		"Trip | trip | [/notes/trip/] | [walks] | See [one](/notes/one/), from /notes/trip/ of 2020-01-03.",
	})
	if b.Site.Title != "ann.example" || b.Site.Author != "Ann Example" || b.Site.BaseURL != "https://ann.example/" || b.Site.From != "_data/site.json" {
		t.Errorf("site: %+v", b.Site)
	}
	var warnings []string
	for _, w := range rep.Warnings {
		warnings = append(warnings, w.String())
	}
	compareLines(t, "warnings", warnings, []string{
		"site/_data/broken.json:4: data file not read: invalid character '}' looking for beginning of value",
		"site/_posts/trip/trip.json:1: data file not read: unexpected end of JSON input",
		"site/_posts/2020-01-01-one.md:5: removed {{ stats.n }}: the site's data file for it (_data/stats.js) is code, which a book does not run",
	})
	notes := strings.Join(rep.Notes, "\n")
	for _, n := range []string{
		"2020-01-04-hidden.md: a page Eleventy keeps out of its collections (eleventyExcludeFromCollections), not a post",
		"2020-01-05-never.md: a page the site never writes (permalink: false), not a post",
		"about.md: a page of the Eleventy site, not in its posts collection, not a post",
	} {
		if !strings.Contains(notes, n) {
			t.Errorf("missing note %q in:\n%s", n, notes)
		}
	}
}

// TestEleventyHTMLPages keeps an Eleventy site's HTML pages out of the
// book unless its collection holds them: without one the book can read,
// its posts are its Markdown pages, not its 404 and archive pages.
func TestEleventyHTMLPages(t *testing.T) {
	page := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2020-01-02\n---\n<p>Text.</p>\n")}
	}
	for _, tt := range []struct {
		config string
		want   []string
	}{
		{"module.exports = {}", []string{"Post"}},
		{`module.exports = c => c.addCollection("posts", api => api.getFilteredByGlob("*.{md,html}"))`, []string{"Not found", "Post"}},
	} {
		fsys := fstest.MapFS{".eleventy.js": {Data: []byte(tt.config)}, "404.html": page("Not found"), "post.md": page("Post")}
		b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range b.Posts {
			got = append(got, p.Title)
		}
		compareLines(t, tt.config, got, tt.want)
	}
}

// TestEleventyCollections chooses an Eleventy site's posts: the
// collections its code makes by glob win over a tag a few pages carry
// (a glob built from a variable read with the names its file writes
// out), a tag wins over a smaller glob collection, and a choice that
// leaves out most of the Markdown pages says so in one warning.
func TestEleventyCollections(t *testing.T) {
	page := func(fm string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\n" + fm + "\ndate: 2020-01-02\n---\nText.\n")}
	}
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		want  []string
		warns []string
	}{
		{name: "the site's glob collections over a tag",
			fsys: fstest.MapFS{
				".eleventy.js":                        {Data: []byte("const kinds = require('./lib/kinds.js');\nmodule.exports = c => {\n  for (const k of ['essays', 'notes']) c.addCollection(k, kinds[k]);\n  return { dir: { input: 'site' } };\n};\n")},
				"lib/kinds.js":                        {Data: []byte("const pick = (api, kind) => api.getFilteredByGlob(`site/${kind === 'all' ? '{essays,notes}' : kind}/**/*.md`);\nmodule.exports = { essays: api => pick(api, 'essays'), notes: api => pick(api, 'notes') };\n")},
				"site/essays/2020/on-rivers/index.md": page("title: On rivers\ntags: [water, blog]"),
				"site/essays/2020/on-hills.md":        {Data: []byte("--- \ntitle: On hills\ndate: 2020-03-04\n---\t\nText.\n")},
				"site/notes/n1.md":                    page("title: Note one"),
				"site/notes/n2.md":                    page("title: Note two"),
				"site/about.md":                       page("title: About"),
				"node_modules/x/glob.js":              {Data: []byte("api.getFilteredByGlob('site/about.md')")},
			},
			want: []string{"On hills 2020-03-04", "On rivers 2020-01-02", "Note one 2020-01-02", "Note two 2020-01-02"}},
		{name: "a tag over a smaller glob collection",
			fsys: fstest.MapFS{
				".eleventy.js":   {Data: []byte(`module.exports = c => c.addCollection("pages", api => api.getFilteredByGlob("pages/*.md"))`)},
				"posts/a.md":     page("title: A\ntags: posts"),
				"posts/b.md":     page("title: B\ntags: posts"),
				"pages/about.md": page("title: About"),
			},
			want: []string{"A 2020-01-02", "B 2020-01-02"}},
		{name: "most pages left out is a warning",
			fsys: fstest.MapFS{
				".eleventy.js":      {Data: []byte("module.exports = {}")},
				"articles/one.md":   page("title: One\ntags: [blog]"),
				"articles/two.md":   page("title: Two"),
				"articles/three.md": page("title: Three"),
				"notes/four.md":     page("title: Four"),
			},
			want:  []string{"One 2020-01-02"},
			warns: []string{"site: the Eleventy site's posts are taken to be the pages tagged post, posts or blog: 3 of its 4 Markdown pages are in none and left out (-v names them)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &book.Report{}
			b, err := LoadBlog(context.Background(), tt.fsys, ".", "site", Options{}, rep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range b.Posts {
				got = append(got, p.Title+" "+p.Date.Format("2006-01-02"))
			}
			sort.Strings(got)
			want := append([]string{}, tt.want...)
			sort.Strings(want)
			compareLines(t, "posts", got, want)
			var warns []string
			for _, w := range rep.Warnings {
				warns = append(warns, w.Source+": "+w.Msg)
			}
			compareLines(t, "warnings", warns, tt.warns)
		})
	}
}

// TestEleventyTemplateLanguage names the template language an Eleventy
// site runs its Markdown through in the warnings of its posts, and reads
// a player's include from the variables set before it.
func TestEleventyTemplateLanguage(t *testing.T) {
	post := "---\ntitle: Clip\ndate: 2021-05-06\n---\n{% set videoTitle = \"A clip\" %}\n{% set videoId = \"AbC_12-xyz9\" %}\n{% include 'youtube.njk' %}\n\n{% sparkle %}\n"
	for _, tt := range []struct{ config, lang string }{
		{`module.exports = () => ({ markdownTemplateEngine: "njk" })`, "Nunjucks"},
		{`module.exports = c => { c.setMarkdownTemplateEngine('njk'); }`, "Nunjucks"},
		{`module.exports = () => ({ htmlTemplateEngine: "njk" })`, "Liquid"},
	} {
		fsys := fstest.MapFS{
			".eleventy.js":          {Data: []byte(tt.config)},
			"posts/clip.md":         {Data: []byte(post)},
			"_includes/youtube.njk": {Data: []byte("<lite-youtube videoid=\"{{ videoId }}\"></lite-youtube>\n")},
		}
		rep := &book.Report{}
		b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Posts) != 1 {
			t.Fatalf("%s: %d posts", tt.config, len(b.Posts))
		}
		if body := string(b.Posts[0].Body); !strings.Contains(body, "[Video on YouTube: A clip](<https://www.youtube.com/watch?v=AbC_12-xyz9>)") {
			t.Errorf("%s: body has no link to the video:\n%s", tt.config, body)
		}
		var warns []string
		for _, w := range rep.Warnings {
			warns = append(warns, fmt.Sprintf("%s:%d: %s", w.Source, w.Line, w.Msg))
		}
		compareLines(t, tt.config, warns, []string{"site/posts/clip.md:9: removed unknown " + tt.lang + " tag {% sparkle %}"})
	}
}
