package markdown

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
)

// TestSiteSettings reads each generator's fixture site as the generator
// would: its settings from its config, the posts it publishes (one
// language, no stand-alone pages), their dates in the site's zone and the
// site's own taxonomies as categories.
func TestSiteSettings(t *testing.T) {
	tests := []struct {
		dir   string
		lang  string
		site  book.Site
		posts []string // source | title | date (RFC 3339) | categories [| tags, when given]
	}{
		{
			dir: "hugo-multilingual",
			site: book.Site{Title: "Tide Tables", Author: "Morgan Quay", Lang: "en-GB", BaseURL: "https://tides.example.org/",
				Permalinks: "/:year/:month/:slug/", From: "config/_default/hugo.toml"},
			posts: []string{
				"content/posts/neap-tide.md | The neap tide | 2023-03-27T00:00:00+02:00 | []",
				"content/posts/spring-tide.md | The spring tide | 2023-03-20T07:15:00+01:00 | [Moon and sea]",
			},
		},
		{
			dir:  "hugo-multilingual",
			lang: "fr",
			site: book.Site{Title: "Tables des marées", Author: "Morgan Quay", Lang: "fr-FR", BaseURL: "https://tides.example.org/",
				Permalinks: "/:year/:month/:slug/", From: "config/_default/hugo.toml"},
			posts: []string{
				"content/posts/spring-tide.fr.md | La marée de printemps | 2023-03-20T07:15:00+01:00 | []",
			},
		},
		{
			dir: "hugo-contentdir",
			site: book.Site{Title: "Feldnotizen", Author: "Kim Vogt", Lang: "de-DE", BaseURL: "https://notes.example.de/",
				From: "hugo.yaml"},
			posts: []string{"content/de/posts/erster-frost.md | Erster Frost | 2022-11-20T00:00:00Z | []"},
		},
		{
			dir:  "hugo-contentdir",
			lang: "en-GB",
			site: book.Site{Title: "Field Notes", Author: "Kim Vogt", Lang: "en-US", BaseURL: "https://notes.example.de/",
				From: "hugo.yaml"},
			posts: []string{"content/en/posts/first-frost.md | First frost | 2022-11-20T00:00:00Z | []"},
		},
		{
			dir:  "zola",
			site: book.Site{Title: "Moss and Stone", Author: "Rowan Fell", Lang: "en", BaseURL: "https://moss.example.net/blog", From: "config.toml"},
			posts: []string{
				"content/posts/lichen.md | Lichen on the north wall | 2021-10-02T09:30:00Z | [Old quarry wall survey]",
				"content/posts/quarry/index.md | The quarry face | 2021-11-05T00:00:00Z | [Old quarry wall survey]",
				"content/stones/field-guide.md | A field guide to wall mosses | 0001-01-01T00:00:00Z | []",
			},
		},
		{
			dir:  "eleventy",
			site: book.Site{Title: "Grid Notes", Author: "Sam Rivera", Lang: "en-US", BaseURL: "https://grid.example.com", From: "src/_data/metadata.json"},
			posts: []string{
				"src/posts/container-queries.md | Container queries in a card | 2023-10-01T00:00:00Z | [] | [layout]",
				"src/posts/subgrid.md | Subgrid at last | 2023-09-15T00:00:00Z | [] | [css]",
			},
		},
		{
			dir:  "jekyll-dates",
			site: book.Site{Title: "Harbour Notes", Permalinks: "/:categories/:year/:month/:day/:slug:output_ext", From: "_config.yml"},
			posts: []string{
				"_posts/2019-03-04-written-out.md | A date in words | 2019-03-04T00:00:00-08:00 | []",
				"_posts/2019-03-05-no-zone.md | A time without a zone | 2019-03-05T10:00:00-08:00 | []",
				"_posts/2023-01-29-repeated-year.md | A date that says its year twice | 2023-01-29T18:30:22-08:00 | []",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir+"/"+tt.lang, func(t *testing.T) {
			rep := &book.Report{}
			b, err := LoadBlog(context.Background(), os.DirFS("../../../testdata/sites/"+tt.dir), ".", "site", Options{Lang: tt.lang}, rep)
			if err != nil {
				t.Fatal(err)
			}
			if b.Site != tt.site {
				t.Errorf("site:\n got %+v\nwant %+v", b.Site, tt.site)
			}
			var got []string
			for i, p := range b.Posts {
				line := fmt.Sprintf("%s | %s | %s | %v", strings.TrimPrefix(p.Source, "site/"), p.Title, p.Date.Format(time.RFC3339), p.Categories)
				if i < len(tt.posts) && strings.Count(tt.posts[i], " | ") == 4 {
					line += fmt.Sprintf(" | %v", p.Tags)
				}
				got = append(got, line)
			}
			compareLines(t, "posts", got, tt.posts)
			for _, w := range rep.Warnings {
				if w.String() != `site/hugo.yaml:2: site config gives "title" twice (first on line 1): the last value is kept` {
					t.Errorf("warning: %s", w)
				}
			}
		})
	}
}

// TestPagesNotPosts checks what a multilingual Hugo site says about the
// pages it leaves out, once each.
func TestPagesNotPosts(t *testing.T) {
	rep := &book.Report{}
	if _, err := LoadBlog(context.Background(), os.DirFS("../../../testdata/sites/hugo-multilingual"), ".", "site", Options{}, rep); err != nil {
		t.Fatal(err)
	}
	compareLines(t, "notes", rep.Notes, []string{
		"site/content/posts/hidden.md: a page the site never renders (_build: render: never), not a post",
		"site/content/about.md: a page at the top of the content folder, not a post",
		"site/content/notes/dated-note.md: a page outside the site's main sections, not a post",
		"site/content/notes/undated-note.md: a page outside the site's main sections, not a post",
		"site/content/search/index.md: a page at the top of the content folder, not a post",
		`site: a site in 2 languages, read in "en"; 1 translations left out (--lang chooses the language)`,
	})
}

// TestDuplicateKeys reads front matter that gives a key twice, in YAML and
// in TOML, as the generators do: the last value wins, with one warning
// naming the file and the line.
func TestDuplicateKeys(t *testing.T) {
	rep := &book.Report{}
	posts, err := Load(context.Background(), os.DirFS("../../../testdata/sites/duplicate-keys"), ".", "site", Options{Drafts: true}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, fmt.Sprintf("%s | %v | %v", p.Title, p.Tags, p.Draft))
	}
	compareLines(t, "posts", got, []string{
		"The title that stays | [boats] | false",
		"Written once | [sails] | true",
	})
	var warnings []string
	for _, w := range rep.Warnings {
		warnings = append(warnings, w.String())
	}
	compareLines(t, "warnings", warnings, []string{
		`site/_posts/2021-05-02-twice.md:4: front matter gives "title" twice (first on line 2): the last value is kept, as the generator does`,
		`site/_posts/2021-05-03-toml-twice.md:8: front matter gives "tags" twice (first on line 4): the last value is kept, as the generator does`,
		`site/_posts/2021-05-03-toml-twice.md:9: front matter gives "draft" twice (first on line 3): the last value is kept, as the generator does`,
	})
}

// TestDraftsWarnOnlyWhenKept checks that what the reading of a draft
// removed or found twice is told of only when the book keeps drafts.
func TestDraftsWarnOnlyWhenKept(t *testing.T) {
	for _, drafts := range []bool{false, true} {
		rep := &book.Report{}
		if _, err := Load(context.Background(), os.DirFS("../../../testdata/sites/duplicate-keys"), ".", "site", Options{Drafts: drafts}, rep); err != nil {
			t.Fatal(err)
		}
		told := 0
		for _, w := range rep.Warnings {
			if strings.Contains(w.Source, "toml-twice") {
				told++
			}
		}
		if drafts != (told > 0) {
			t.Errorf("drafts kept %v: %d warnings about the draft", drafts, told)
		}
	}
}

// TestDuplicateKeySaidOnce sums a key given twice in many posts (a
// theme's archetype wrote it so) into one warning.
func TestDuplicateKeySaidOnce(t *testing.T) {
	post := "---\ntitle: %s\nhide: true\nhide: false\n---\nText.\n"
	rep := &book.Report{}
	_, err := Load(context.Background(), fstest.MapFS{
		"_posts/2021-05-01-a.md": {Data: []byte(fmt.Sprintf(post, "A"))},
		"_posts/2021-05-02-b.md": {Data: []byte(fmt.Sprintf(post, "B"))},
		"_posts/2021-05-03-c.md": {Data: []byte(fmt.Sprintf(post, "C"))},
	}, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 1 || !strings.HasSuffix(rep.Warnings[0].Msg, "(3 times in 3 posts, first here)") {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// FuzzDecodeConfig checks that no site config makes its reader panic or
// loop, whatever its kind, and that a key the TOML reader dropped as
// given twice leaves a file that decodes.
func FuzzDecodeConfig(f *testing.F) {
	f.Add([]byte("title = \"a\"\ntitle = \"b\"\n[params]\nx = [\n 1,\n]\nx = 2\n"), ".toml")
	f.Add([]byte("title: a\ntitle: b\nparams: {author: {name: c}}\n"), ".yaml")
	f.Add([]byte(`{"title": "a", "author": {"name": "b"}}`), ".json")
	f.Add([]byte("a = '''\nb = 1\n'''\na = 2\n"), ".toml")
	f.Fuzz(func(t *testing.T, data []byte, ext string) {
		if len(data) > 4096 {
			return
		}
		// Each generator's reader over a site holding this file as its
		// config: it may refuse the file, never panic.
		for _, site := range []struct {
			kind siteKind
			file string
		}{
			{hugoSite, "hugo" + ext}, {hugoSite, "config/_default/languages.fr" + ext},
			{zolaSite, "config.toml"}, {jekyllSite, "_config.yml"}, {eleventySite, "_data/site.json"},
		} {
			fsys := fstest.MapFS{site.file: {Data: data}}
			_, _ = readSiteConfig(fsys, ".", "site", site.kind, "fr", &book.Report{})
		}
		m, _, err := decodeConfig(data, ext)
		if err != nil {
			return
		}
		sc := configMap(m)
		_ = sc.str("params", "author")
		_ = sc.list("params", "mainSections")
		_ = hugoPermalink(sc, nil)
	})
}

// TestSiteVariablesFromConfig gives {{ site.* }} the values of the site's
// config, as Jekyll does, with the book file's site: winning.
func TestSiteVariablesFromConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"_config.yml":               {Data: []byte("title: Harbour Notes\nurl: https://harbour.example.org\nbaseurl: /notes\n")},
		"_posts/2020-01-01-vars.md": {Data: []byte("---\ntitle: Vars\n---\n\nWelcome to {{ site.title }} at {{ site.url }}{{ site.baseurl }}.\n")},
	}
	posts, err := Load(context.Background(), fsys, ".", "site", Options{Site: map[string]any{"baseurl": ""}}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	if got, want := strings.TrimSpace(string(posts[0].Body)), "Welcome to Harbour Notes at https://harbour.example.org."; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
}

// TestTOMLRepeats tells a key given twice in one table from the same key
// in two elements of an array of tables, or in the tables below them.
func TestTOMLRepeats(t *testing.T) {
	text := "[[main]]\nname = \"a\"\n[main.params]\nicon = \"x\"\n[[main]]\nname = \"b\"\n[main.params]\nicon = \"y\"\nicon = \"z\"\n"
	m, dups, err := decodeTOMLLastWins([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(dups) != 1 || dups[0].Key != "icon" || dups[0].Line != 9 || dups[0].First != 8 {
		t.Errorf("repeats %+v, want icon on line 9 (first on line 8)", dups)
	}
	if got := fmt.Sprint(m["main"]); !strings.Contains(got, "icon:z") || !strings.Contains(got, "icon:x") {
		t.Errorf("decoded %s", got)
	}
}

// TestBrokenSiteConfig reads the posts of a site whose config is
// malformed: one warning names the file and line, and the posts still
// make a book.
func TestBrokenSiteConfig(t *testing.T) {
	fsys := fstest.MapFS{
		"_config.yml":            {Data: []byte("title: Harbour Notes\nauthor: [unclosed\n")},
		"_posts/2020-01-01-a.md": {Data: []byte("---\ntitle: A\n---\n\nText.\n")},
	}
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Site.Title != "" {
		t.Errorf("posts %d, site %+v; want the post and no settings", len(b.Posts), b.Site)
	}
	if len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0].String(), "site/_config.yml:") || !strings.Contains(rep.Warnings[0].String(), "site config not read") {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestBrokenTOMLConfigLine names the line of a malformed TOML config.
func TestBrokenTOMLConfigLine(t *testing.T) {
	fsys := fstest.MapFS{
		"zola.toml":               {Data: []byte("title = \"Moss\"\nbase_url = [1, \n\nauthor = \"x\"\n")},
		"content/posts/a.md":      {Data: []byte("+++\ntitle = \"A\"\ndate = 2020-01-01\n+++\nText.\n")},
		"content/posts/_index.md": {Data: []byte("+++\n+++\n")},
	}
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || len(rep.Warnings) != 1 || !strings.HasPrefix(rep.Warnings[0].String(), "site/zola.toml:4: site config not read") {
		t.Errorf("posts %d, warnings %v", len(b.Posts), rep.Warnings)
	}
}

// TestHugoPassthrough reads a Hugo site whose passthrough extension keeps
// formulas in \(…\), \[…\] and $…$: its posts hold them as $$…$$, which the
// Markdown reader keeps, and code and escaped delimiters stay as written.
func TestHugoPassthrough(t *testing.T) {
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), os.DirFS("../../../testdata/sites/hugo-math"), ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 {
		t.Fatalf("%d posts, want 1", len(b.Posts))
	}
	body := string(b.Posts[0].Body)
	for _, want := range []string{"$$\\textstyle w_t / w_r$$", "$$\\textstyle p_i w_t / w_r$$", "$$\\textstyle w_r$$", "$$\n\\sum_{i=1}^{n} p_i = w_r\n$$",
		"`echo $HOME`", "echo \\(literal\\) $PATH", `\\(k\\)`, `\$ is a dollar`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

// TestZolaMath reads the two forms of Zola's own math setting.
func TestZolaMath(t *testing.T) {
	for _, c := range []struct {
		cfg  configMap
		want int
	}{
		{configMap{"markdown": map[string]any{"math": "katex"}}, 2},
		{configMap{"markdown": map[string]any{"math": map[string]any{"engine": "katex"}}}, 2},
		{configMap{"markdown": map[string]any{"math": map[string]any{"engine": "typst"}}}, 0},
		{configMap{"markdown": map[string]any{"math": "none"}}, 0},
		{configMap{"markdown": map[string]any{"highlight_code": true}}, 0},
	} {
		if got := zolaMath(c.cfg); len(got) != c.want {
			t.Errorf("zolaMath(%v) = %v, want %d delimiters", c.cfg, got, c.want)
		}
	}
}

// TestSiteFlavor reads how each site's Markdown parts from CommonMark:
// kramdown's emphasis for a Jekyll site unless it names another converter,
// the options of Hugo's cjk extension when the site enables it, nothing
// for an HTML post, whose Markdown is this program's.
func TestSiteFlavor(t *testing.T) {
	post := "---\ntitle: T\ndate: 2020-01-01\n---\n**重点。**然后\n"
	tests := []struct {
		name string
		fsys fstest.MapFS
		want book.Flavor
	}{
		{"jekyll", fstest.MapFS{"_config.yml": {Data: []byte("title: T\n")}, "_posts/2020-01-01-a.md": {Data: []byte(post)}},
			book.Flavor{LooseEmphasis: true}},
		{"jekyll naming kramdown", fstest.MapFS{"_config.yml": {Data: []byte("markdown: Kramdown\n")}, "_posts/2020-01-01-a.md": {Data: []byte(post)}},
			book.Flavor{LooseEmphasis: true}},
		{"jekyll with CommonMark", fstest.MapFS{"_config.yml": {Data: []byte("markdown: CommonMarkGhPages\n")}, "_posts/2020-01-01-a.md": {Data: []byte(post)}},
			book.Flavor{}},
		{"jekyll HTML post", fstest.MapFS{"_config.yml": {Data: []byte("title: T\n")}, "_posts/2020-01-01-a.html": {Data: []byte("---\ntitle: T\n---\n<p><b>x</b></p>\n")}},
			book.Flavor{}},
		{"hugo", fstest.MapFS{"hugo.toml": {Data: []byte("title = 'T'\n")}, "content/posts/a.md": {Data: []byte(post)}},
			book.Flavor{}},
		{"hugo cjk off", fstest.MapFS{"hugo.toml": {Data: []byte("[markup.goldmark.extensions.cjk]\nenable = false\nescapedSpace = true\n")}, "content/posts/a.md": {Data: []byte(post)}},
			book.Flavor{}},
		{"hugo cjk", fstest.MapFS{"hugo.toml": {Data: []byte("[markup.goldmark.extensions.CJK]\nenable = true\nescapedSpace = true\neastAsianLineBreaks = true\n")}, "content/posts/a.md": {Data: []byte(post)}},
			book.Flavor{EscapedSpace: true, EastAsianBreaks: book.BreaksSimple}},
		{"hugo cjk css3draft", fstest.MapFS{"hugo.yaml": {Data: []byte("markup:\n  goldmark:\n    extensions:\n      cjk:\n        enable: true\n        eastAsianLineBreaks: true\n        eastAsianLineBreaksStyle: css3draft\n")}, "content/posts/a.md": {Data: []byte(post)}},
			book.Flavor{EastAsianBreaks: book.BreaksCSS3Draft}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			posts, err := Load(context.Background(), tt.fsys, ".", "site", Options{}, &book.Report{})
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != 1 {
				t.Fatalf("%d posts, want 1", len(posts))
			}
			if posts[0].Flavor != tt.want {
				t.Errorf("flavor %+v, want %+v", posts[0].Flavor, tt.want)
			}
		})
	}
}
