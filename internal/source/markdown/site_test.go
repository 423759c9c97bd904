package markdown

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// TestLoadSites reads the Hugo and Jekyll fixture sites as their generator
// would: only posts, their dates, drafts, expiry and folder categories,
// and one warning per kind of tag the book cannot hold.
func TestLoadSites(t *testing.T) {
	tests := []struct {
		dir      string
		opts     Options
		posts    []string // source (below dir) | title | date | expires | draft | categories
		warnings []string
		notes    []string
	}{
		{
			dir: "../../../testdata/hugo-site",
			opts: Options{
				Shortcodes: map[string]dialect.Rule{"figureproc": {As: "figure"}, "post": {As: "text"},
					"sidenote": {As: "quote", Label: "Side note"}, "bookmark": {As: "link"}, "newsletter": {As: "drop"}},
				Site: map[string]any{"params": map[string]any{"editor": "Ann Editor"}},
			},
			posts: []string{
				"content/posts/bundle/index.md | A page bundle | 2023-03-01 | - | false | []",
				"content/posts/draft.md | A draft | 2023-01-01 | - | true | []",
				"content/posts/early-ride.md | An early ride | 2022-09-03 | 2099-01-01 | false | []",
				"content/posts/expired.md | An expired offer | 2022-06-01 | 2022-12-31 | false | []",
				"content/posts/raw-html.markdown | Raw HTML from the browser days | 2023-04-10 | - | false | []",
				"content/posts/scheduled.md | Scheduled for later | 2030-01-01 | - | false | []",
				"content/posts/shortcodes.md | Every shortcode on one ride | 2023-05-02 | - | false | [Rides]",
				"content/posts/unterminated.md | An unterminated shortcode | 2023-02-01 | - | false | []",
			},
			warnings: []string{
				`content/posts/unterminated.md:8: unterminated {{<: no ">}}" before the end of the paragraph; the line is left out`,
				"content/posts/unterminated.md:11: {{% note %}} is never closed (no {{% /note %}}); it is left out",
				"content/posts/shortcodes.md:59: removed unknown shortcode {{< gallery >}} (2 times in this post, first here)",
			},
			notes: []string{"content/about.md: a page at the top of the content folder, not a post"},
		},
		{
			dir:  "../../../testdata/jekyll-site",
			opts: Options{Site: map[string]any{"title": "Peaks", "baseurl": "", "author": map[string]any{"name": "Lou"}}},
			posts: []string{
				"_posts/2019-03-01-liquid-tags.md | Every Liquid tag on one climb | 2019-03-01 | - | false | [gear]",
				"_posts/2019-05-01-unclosed-blocks.md | Unclosed blocks | 2019-05-01 | - | false | []",
				"_posts/2019-06-01-unpublished.md | Unpublished | 2019-06-01 | - | true | []",
				"_posts/2019-07-01-by-the-lake.md | 湖边的早晨 | 2019-07-01 | - | false | []",
				"travel/alps/_posts/2019-04-01-in-the-mountains.markdown | In the mountains | 2019-04-01 | - | false | [travel alps]",
			},
			warnings: []string{
				"_posts/2019-05-01-unclosed-blocks.md:7: {% highlight %} is never closed (no {% endhighlight %}); it is left out",
				"_posts/2019-05-01-unclosed-blocks.md:10: {% raw %} is never closed (no {% endraw %}); it is left out",
				"_posts/2019-03-01-liquid-tags.md:25: removed {% comment %} block",
				"_posts/2019-03-01-liquid-tags.md:29: removed {% include %}: the site's templates are not part of the book (2 times in this post, first here)",
				"_posts/2019-03-01-liquid-tags.md:49: removed unknown Liquid tag {% callout_box %} (its content is kept)",
				"_posts/2019-03-01-liquid-tags.md:53: removed unknown Liquid tag {% youtube_lite %}",
				"_posts/2019-03-01-liquid-tags.md:55: removed unknown Liquid tag {% mailchimp_form %}",
				"_posts/2019-03-01-liquid-tags.md:57: removed unknown Liquid tag {% if %} (its content is kept)",
			},
			notes: []string{
				"about.md: not in a _posts folder, read as a page of the site, not a post",
				"index.md: not in a _posts folder, read as a page of the site, not a post",
			},
		},
		{
			dir: "../../../testdata/sites/jekyll-chirpy",
			posts: []string{
				"_posts/2021-02-01-firing-the-kiln.md | Firing the <em>kiln</em> &amp; waiting | 2021-02-01 | - | false | []",
				"_posts/2021-03-01-glazing-a-vase.md | Glazing a vase | 2021-03-01 | - | false | []",
				"_posts/2021-05-01-a-template-page.html | A page template | 2021-05-01 | - | false | []",
				"_posts/2021-06-01-only-includes.md | An include the book cannot read | 2021-06-01 | - | false | []",
				"_posts/trips/2021-04-01-the-ferry.md | The ferry to the <abbr title=\"island\">isle</abbr> | 2021-04-01 | - | false | []",
			},
			warnings: []string{
				"_posts/2021-06-01-only-includes.md:5: the post's text is empty once its template tags are rewritten: only its title is in the book",
				"_posts/2021-05-01-a-template-page.html:25: removed {{ page.slug }}: the post's front matter does not set it",
				"_posts/2021-06-01-only-includes.md:5: removed {% include %}: the site's templates are not part of the book",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			rep := &book.Report{}
			posts, err := Load(context.Background(), os.DirFS(tt.dir), ".", "site", tt.opts, rep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range posts {
				got = append(got, fmt.Sprintf("%s | %s | %s | %s | %v | %v", strings.TrimPrefix(p.Source, "site/"),
					p.Title, day(p.Date), day(p.Expires), p.Draft, p.Categories))
			}
			compareLines(t, "posts", got, tt.posts)
			var warnings []string
			for _, w := range rep.Warnings {
				warnings = append(warnings, strings.TrimPrefix(w.String(), "site/"))
			}
			compareLines(t, "warnings", warnings, tt.warnings)
			var notes []string
			for _, n := range rep.Notes {
				notes = append(notes, strings.TrimPrefix(n, "site/"))
			}
			compareLines(t, "notes", notes, tt.notes)
		})
	}
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format("2006-01-02")
}

func compareLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestHugoStaticImages checks that a site-relative image of a Hugo post
// resolves in the static folder, as it did on the web.
func TestHugoStaticImages(t *testing.T) {
	posts, err := Load(context.Background(), os.DirFS("../../../testdata/hugo-site"), ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		if !strings.HasSuffix(p.Source, "raw-html.markdown") {
			continue
		}
		for _, ref := range []string{"/images/diagram.png", "../posts/bundle/photo.png"} {
			name, ok := p.ResolveAsset(ref)
			if !ok {
				t.Fatalf("%s does not resolve", ref)
			}
			if _, err := fs.ReadFile(p.Assets, name); err != nil {
				t.Errorf("%s: %v", ref, err)
			}
		}
		return
	}
	t.Fatal("raw-html.markdown not read")
}

// TestZolaBundleStaticImages finds an image a page bundle names beside
// itself in the static folder, where the site serves it at the bundle's
// address, before a file of the same name in a folder of the bundle; a
// page that is no bundle is served at an address of its own.
func TestZolaBundleStaticImages(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":                        {Data: []byte("base_url = \"https://blog.example.org\"\n")},
		"content/blog/_index.md":             {Data: []byte("+++\nsort_by = \"date\"\n+++\n")},
		"content/blog/trip/index.md":         {Data: []byte("+++\ntitle = \"Trip\"\ndate = 2020-01-01\n+++\n\n![map](map.svg)\n")},
		"content/blog/trip/drafts/map.svg":   {Data: []byte("draft")},
		"static/blog/trip/map.svg":           {Data: []byte("served")},
		"content/blog/loose.md":              {Data: []byte("+++\ntitle = \"Loose\"\ndate = 2020-01-02\n+++\n\n![x](x.png)\n")},
		"static/blog/x.png":                  {Data: []byte("elsewhere")},
		"content/blog/trip/photos/index.png": {Data: []byte("kept")},
	}
	posts, err := Load(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range posts {
		for _, ref := range []string{"map.svg", "x.png", "photos/index.png"} {
			name, ok := p.ResolveAsset(ref)
			if !ok {
				t.Fatalf("%s does not resolve", ref)
			}
			data, err := fs.ReadFile(p.Assets, name)
			if err != nil {
				data = []byte("-")
			}
			got[p.Title+" "+ref] = string(data)
		}
	}
	want := map[string]string{
		"Trip map.svg": "served", "Trip x.png": "-", "Trip photos/index.png": "kept",
		"Loose map.svg": "-", "Loose x.png": "-", "Loose photos/index.png": "-",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
}

func TestFrontMatterDates(t *testing.T) {
	tests := []struct {
		name, fm      string
		date, expires string
		draft         bool
	}{
		{"publishDate later than date", "date: 2020-01-01\npublishDate: 2020-02-01", "2020-02-01", "-", false},
		{"publishDate earlier keeps date", "date: 2020-03-01\npublishDate: 2020-02-01", "2020-03-01", "-", false},
		{"publishDate alone", "publishdate: 2021-05-05", "2021-05-05", "-", false},
		{"hugo published is a date", "published: 2022-01-02", "2022-01-02", "-", false},
		{"jekyll published is a flag", "date: 2020-01-01\npublished: false", "2020-01-01", "-", true},
		{"expiryDate", "date: 2020-01-01\nexpiryDate: 2020-06-30T12:00:00Z", "2020-01-01", "2020-06-30", false},
		{"unpublishdate", "date: 2020-01-01\nunpublishdate: 2021-01-01", "2020-01-01", "2021-01-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Read([]byte("---\ntitle: x\n"+tt.fm+"\n---\nBody.\n"), "p.md", Options{}, &book.Report{})
			if err != nil {
				t.Fatal(err)
			}
			if day(p.Date) != tt.date || day(p.Expires) != tt.expires || p.Draft != tt.draft {
				t.Errorf("date %s, expires %s, draft %v; want %s, %s, %v", day(p.Date), day(p.Expires), p.Draft, tt.date, tt.expires, tt.draft)
			}
		})
	}
	if _, err := Read([]byte("---\nexpiryDate: soon\n---\n"), "p.md", Options{}, &book.Report{}); err == nil ||
		!strings.Contains(err.Error(), "p.md:2: expiryDate: unknown date format") {
		t.Errorf("bad expiryDate: err = %v", err)
	}
}

// TestJekyllTimezone tells a Jekyll post's date in the site's timezone,
// written with an offset or not, as Jekyll shows it; a Hugo site keeps an
// offset as written.
func TestJekyllTimezone(t *testing.T) {
	post := "---\ntitle: Release\ndate: 2013-05-06 02:12:52 +0200\n---\nText.\n"
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"jekyll", fstest.MapFS{"_config.yml": {Data: []byte("timezone: America/Los_Angeles\n")}, "_posts/2013-05-06-release.md": {Data: []byte(post)}}, "2013-05-05 17:12 -0700"},
		{"jekyll without a timezone", fstest.MapFS{"_config.yml": {Data: []byte("title: Notes\n")}, "_posts/2013-05-06-release.md": {Data: []byte(post)}}, "2013-05-06 02:12 +0200"},
		{"hugo", fstest.MapFS{"hugo.toml": {Data: []byte("timeZone = \"America/Los_Angeles\"\n")}, "content/posts/release.md": {Data: []byte(post)}}, "2013-05-06 02:12 +0200"},
	} {
		b, err := LoadBlog(context.Background(), tt.fsys, ".", "site", Options{}, &book.Report{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Posts) != 1 {
			t.Fatalf("%s: %d posts", tt.name, len(b.Posts))
		}
		if got := b.Posts[0].Date.Format("2006-01-02 15:04 -0700"); got != tt.want {
			t.Errorf("%s: date %s, want %s", tt.name, got, tt.want)
		}
	}
}

// TestReadRewritesTags checks that Read, unlike Parse, rewrites the tags
// and reports what it removed at the line of the file.
func TestReadRewritesTags(t *testing.T) {
	src := "---\ntitle: T\nmood: calm\n---\n\nA {{ page.mood }} day.\n\n{{< unknown >}}\n"
	rep := &book.Report{}
	p, err := Read([]byte(src), "p.md", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(p.Body); got != "\nA calm day.\n\n\n" {
		t.Errorf("body %q", got)
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].String() != "p.md:8: removed unknown shortcode {{< unknown >}}" {
		t.Errorf("warnings %v", rep.Warnings)
	}
	raw, err := Parse([]byte(src), "p.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw.Body), "{{ page.mood }}") {
		t.Errorf("Parse rewrote the body: %q", raw.Body)
	}
}

func TestDetectSite(t *testing.T) {
	file := &fstest.MapFile{Data: []byte("x")}
	tests := []struct {
		name  string
		files []string
		want  siteKind
	}{
		{"plain folder", []string{"a.md", "posts/b.md"}, plainFolder},
		{"hugo with hugo.toml", []string{"hugo.toml", "content/posts/a.md"}, hugoSite},
		{"hugo with config.yaml", []string{"config.yaml", "content/a.md"}, hugoSite},
		{"hugo with a config folder", []string{"config/_default/hugo.toml", "content/a.md"}, hugoSite},
		{"content folder alone", []string{"content/a.md"}, plainFolder},
		{"jekyll with _config.yml", []string{"_config.yml", "about.md"}, jekyllSite},
		{"jekyll with _posts alone", []string{"_posts/2020-01-01-a.md"}, jekyllSite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tt.files {
				fsys[f] = file
			}
			if got := detectSite(fsys, "."); got != tt.want {
				t.Errorf("detectSite = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFolderCategories(t *testing.T) {
	tests := []struct {
		rel   string
		front []string
		want  []string
	}{
		{"_posts/2020-01-01-a.md", []string{"x"}, []string{"x"}},
		{"travel/alps/_posts/2020-01-01-a.md", nil, []string{"travel", "alps"}},
		{"travel/_posts/sub/2020-01-01-a.md", []string{"Travel", "food"}, []string{"travel", "food"}},
		{"posts/a.md", []string{"x"}, []string{"x"}},
	}
	for _, tt := range tests {
		got := mergeCategories(folderCategories(tt.rel), tt.front)
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: categories %q, want %q", tt.rel, got, tt.want)
		}
	}
}

// TestZolaRootPosts reads a Zola blog whose posts sit at the top of its
// content folder, listed there by its _index.md, and dated only by the
// address they are published at or by their bundle's folder.
func TestZolaRootPosts(t *testing.T) {
	site := func(index string) fstest.MapFS {
		fsys := fstest.MapFS{
			"zola.toml":                          {Data: []byte("base_url = \"https://blog.example.org\"\n")},
			"content/_index.md":                  {Data: []byte("+++\ntitle = \"Harbour Blog\"\n" + index + "+++\n")},
			"content/stable.md":                  {Data: []byte("+++\ntitle = \"Stable\"\npath = \"2019/11/07/stable\"\n+++\n\nText.\n")},
			"content/2021-03-04-bundle/index.md": {Data: []byte("+++\ntitle = \"Bundle\"\n+++\n\nText.\n")},
			"content/inside/_index.md":           {Data: []byte("+++\ntitle = \"Inside\"\n+++\n")},
			"content/inside/meeting.md":          {Data: []byte("+++\ntitle = \"Meeting\"\naliases = [\"/inside/2020/02/03/meeting.html\"]\n+++\n\nText.\n")},
		}
		for i := range maxStandalonePages - 1 {
			fsys[fmt.Sprintf("content/release-%d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("+++\ntitle = \"Release %d\"\npath = \"2018/01/%02d/release\"\n+++\n", i, i+1))}
		}
		return fsys
	}
	for _, tt := range []struct {
		index string
		want  []string
	}{
		{"sort_by = \"permalink\"\n", []string{"Bundle 2021-03-04", "Meeting 2020-02-03", "Release 0 2018-01-01", "Release 1 2018-01-02", "Release 2 2018-01-03", "Release 3 2018-01-04", "Stable 2019-11-07"}},
		{"paginate_by = 10\n", []string{"Bundle 2021-03-04", "Meeting 2020-02-03", "Release 0 2018-01-01", "Release 1 2018-01-02", "Release 2 2018-01-03", "Release 3 2018-01-04", "Stable 2019-11-07"}},
		{"sort_by = \"none\"\n", []string{"Meeting 2020-02-03"}},
		{"", []string{"Meeting 2020-02-03"}},
	} {
		b, err := LoadBlog(context.Background(), site(tt.index), ".", "site", Options{}, &book.Report{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range b.Posts {
			got = append(got, p.Title+" "+day(p.Date))
		}
		compareLines(t, fmt.Sprintf("posts with %q", tt.index), got, tt.want)
		if b.Site.Title != "Harbour Blog" {
			t.Errorf("site title %q, want the home page's", b.Site.Title)
		}
	}
}

// siteTitles reads the site of fsys, named "site" in messages, and
// returns its posts' titles, sorted, and the report.
func siteTitles(t *testing.T, fsys fs.FS) ([]string, *book.Report) {
	t.Helper()
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, p := range b.Posts {
		titles = append(titles, p.Title)
	}
	sort.Strings(titles)
	return titles, rep
}

// notesWith returns the notes of rep that hold s, sorted.
func notesWith(rep *book.Report, s string) []string {
	var notes []string
	for _, n := range rep.Notes {
		if strings.Contains(n, s) {
			notes = append(notes, n)
		}
	}
	sort.Strings(notes)
	return notes
}

// TestZolaUnsortablePages leaves out what a Zola section leaves out of its
// list: the pages it cannot sort by its sort_by (no date, no weight), a
// transparent section's by its parent's; a date in the file or folder name
// is a date, and a section that sorts by nothing keeps every page.
func TestZolaUnsortablePages(t *testing.T) {
	page := func(front string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\n" + front + "+++\n\nText.\n")}
	}
	fsys := fstest.MapFS{
		"config.toml":                           {Data: []byte("base_url = \"https://blog.example.org\"\n")},
		"content/blog/_index.md":                page("sort_by = \"date\"\n"),
		"content/blog/dated.md":                 page("title = \"Dated\"\ndate = 2020-01-01\n"),
		"content/blog/2021-02-03-named.md":      page("title = \"Named\"\n"),
		"content/blog/2022-01-01-trip/index.md": page("title = \"Trip\"\n"),
		"content/blog/archive.md":               page("title = \"Archive\"\n"),
		"content/blog/2019/_index.md":           page("transparent = true\n"),
		"content/blog/2019/old.md":              page("title = \"Old\"\ndate = 2019-05-06\n"),
		"content/blog/2019/stray.md":            page("title = \"Stray\"\n"),
		"content/guides/_index.md":              page("sort_by = \"weight\"\n"),
		"content/guides/first.md":               page("title = \"First guide\"\nweight = 1\n"),
		"content/guides/loose.md":               page("title = \"Loose guide\"\n"),
		"content/misc/_index.md":                page("title = \"Misc\"\n"),
		"content/misc/undated.md":               page("title = \"Undated\"\n"),
	}
	got, rep := siteTitles(t, fsys)
	compareLines(t, "posts", got, []string{"Dated", "First guide", "Named", "Old", "Trip", "Undated"})
	compareLines(t, "notes", notesWith(rep, "Zola leaves out"), []string{
		"site/content/blog/2019/stray.md: a page without a date in a section sorted by date, which Zola leaves out of its list, not a post",
		"site/content/blog/archive.md: a page without a date in a section sorted by date, which Zola leaves out of its list, not a post",
		"site/content/guides/loose.md: a page without a weight in a section sorted by weight, which Zola leaves out of its list, not a post",
	})
}

// TestZolaTemplatePages leaves out the Zola pages with no text that a
// template makes (their own, or their section's page_template, nearest
// first), and keeps the short posts, the pages with text and those of
// Zola's template of every page, page.html.
func TestZolaTemplatePages(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":                   {Data: []byte("base_url = \"https://blog.example.org\"\n")},
		"content/blog/_index.md":        {Data: []byte("+++\nsort_by = \"date\"\n+++\n")},
		"content/blog/short.md":         {Data: []byte("+++\ntitle = \"Short\"\ndate = 2020-01-01\n+++\n\nOK.\n")},
		"content/blog/listing.md":       {Data: []byte("+++\ntitle = \"All posts\"\ndate = 2020-01-02\ntemplate = \"listing.html\"\n+++\n")},
		"content/blog/dated-empty.md":   {Data: []byte("+++\ntitle = \"Empty\"\ndate = 2020-01-03\n+++\n")},
		"content/pages/_index.md":       {Data: []byte("+++\npage_template = \"plain.html\"\n+++\n")},
		"content/pages/feed.md":         {Data: []byte("+++\npath = \"feed\"\ntemplate = \"feed.json\"\n+++")},
		"content/pages/about/index.md":  {Data: []byte("+++\ntitle = \"About\"\n+++\n\nWho I am.\n")},
		"content/go/_index.md":          {Data: []byte("+++\npage_template = \"redirect.html\"\nrender = false\n+++\n")},
		"content/go/deep/_index.md":     {Data: []byte("+++\n+++\n")},
		"content/go/deep/elsewhere.md":  {Data: []byte("+++\npath = \"away\"\n[extra]\ntarget = \"https://example.org/\"\n+++\n")},
		"content/go/deep/with-words.md": {Data: []byte("+++\ntitle = \"Words\"\ndate = 2020-02-02\n+++\n\nSome words.\n")},
		"content/later/_index.md":       {Data: []byte("+++\npage_template = \"page.html\"\n+++\n")},
		"content/later/stub.md":         {Data: []byte("+++\ntitle = \"Stub\"\ndate = 2020-03-03\n+++\n")},
	}
	got, rep := siteTitles(t, fsys)
	compareLines(t, "posts", got, []string{"About", "Empty", "Short", "Stub", "Words"})
	compareLines(t, "notes", notesWith(rep, "its template"), []string{
		"site/content/blog/listing.md: a page with no text that its template (listing.html) makes, not a post",
		"site/content/go/deep/elsewhere.md: a page with no text that its template (redirect.html) makes, not a post",
		"site/content/pages/feed.md: a page with no text that its template (feed.json) makes, not a post",
	})
}

// TestZolaSeriesTaxonomy reads a taxonomy of the site's whose terms are
// numbers as the parts of a series: the series is the category, not its
// part "2"; a number among terms in words names nothing.
func TestZolaSeriesTaxonomy(t *testing.T) {
	page := func(tax string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("+++\ntitle = \"P\"\ndate = 2020-01-01\n[taxonomies]\n" + tax + "\n+++\n\nText.\n")}
	}
	fsys := fstest.MapFS{
		"config.toml": {Data: []byte("base_url = \"https://blog.example.org\"\n" +
			"taxonomies = [{ name = \"tags\" }, { name = \"future-of_things\" }, { name = \"topics\" }]\n")},
		"content/blog/_index.md": {Data: []byte("+++\nsort_by = \"date\"\n+++\n")},
		"content/blog/a.md":      page(`future-of_things = ["2"]` + "\ntopics = [\"Web\"]\ntags = [\"2024\"]"),
		"content/blog/b.md":      page(`future-of_things = ["1", "1.5"]`),
		"content/blog/c.md":      page(`topics = ["Web", "3"]`),
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, fmt.Sprintf("%s %q %q", path.Base(p.Source), p.Categories, p.Tags))
	}
	sort.Strings(got)
	compareLines(t, "posts", got, []string{
		`a.md ["future of things" "Web"] ["2024"]`,
		`b.md ["future of things"] []`,
		`c.md ["Web"] []`,
	})
}

// TestZolaNames reads pages' names as Zola does: a leading date, then "_"
// or "-", dates the page and is left out of its slug, for a file and for
// a page's folder; a title over lines is one line, and one category with
// a space is one. A subtitle its templates show is in [extra].
func TestZolaNames(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":                               {Data: []byte("base_url = \"https://blog.example.org\"\n")},
		"content/blog/_index.md":                    {Data: []byte("+++\nsort_by = \"date\"\n+++\n")},
		"content/blog/2014-07-19_rust.md":           {Data: []byte("+++\ntitle = \"\"\"Trying\nRust\"\"\"\ncategory = \"Data Science\"\n+++\n\nText.\n")},
		"content/blog/2016-11-01_mobx/index.md":     {Data: []byte("+++\ntitle = \"MobX\"\n[extra]\nsubtitle = \"\"\"State,\nsimply\"\"\"\n+++\n\nText.\n")},
		"content/blog/2024-04-28-links/index.md":    {Data: []byte("+++\ntitle = \"Links\"\n+++\n\nText.\n")},
		"content/blog/2020-01-02T10:00:00_timed.md": {Data: []byte("+++\ntitle = \"Timed\"\n+++\n\nText.\n")},
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, fmt.Sprintf("%s %s %s %q %q", p.Title, day(p.Date), p.Slug, p.Categories, p.Subtitle))
	}
	compareLines(t, "posts", got, []string{
		`Trying Rust 2014-07-19 rust ["Data Science"] ""`,
		`MobX 2016-11-01 mobx [] "State, simply"`,
		`Timed 2020-01-02 timed [] ""`,
		`Links 2024-04-28 links [] ""`,
	})
}

// TestEleventyPostsWithoutTags reads an Eleventy site whose collection is
// made in its code: its posts are the pages in its posts folder, Markdown
// run through Nunjucks first among them; its other pages, and a template
// that is not Markdown, are not posts.
func TestEleventyPostsWithoutTags(t *testing.T) {
	fsys := fstest.MapFS{
		".eleventy.js":                {Data: []byte("module.exports = c => { c.addCollection(\"posts\", api => api.getAll().filter(p => p.data.layout === \"post\")) }\n")},
		"src/posts/posts.11tydata.js": {Data: []byte("module.exports = { layout: \"post\" }\n")},
		"src/posts/first.md":          {Data: []byte("---\ntitle: First\ndate: 2020-01-02\n---\nText.\n")},
		"src/posts/second.njk":        {Data: []byte("---\ntitle: Second\ndate: 2020-02-03\ntemplateEngineOverride: njk, md\n---\nSome *Markdown* {% set x = 1 %}text.\n")},
		"src/posts/list.njk":          {Data: []byte("---\ntitle: List\n---\n<ul>{% for p in collections.posts %}<li>{{ p.data.title }}</li>{% endfor %}</ul>\n")},
		"src/pages/about.md":          {Data: []byte("---\ntitle: About\n---\nMe.\n")},
		"src/recipes/punch.md":        {Data: []byte("---\ntitle: Punch\nlayout: recipe\n---\nMix.\n")},
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, p.Title+" "+day(p.Date)+" "+strings.TrimSpace(string(p.Body)))
	}
	compareLines(t, "posts", got, []string{"First 2020-01-02 Text.", "Second 2020-02-03 Some *Markdown* text."})
}

// TestTranslatedBundleSlug names a bundle by its folder whatever the
// language of its index, so that a ref to the folder finds it.
func TestTranslatedBundleSlug(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo.toml":                        {Data: []byte("defaultContentLanguage = \"fr\"\n[languages.fr]\n[languages.en]\n")},
		"content/books/metal/index.fr.md":  {Data: []byte("---\ntitle: Métal\ndate: 2020-01-02\n---\nTexte.\n")},
		"content/books/metal/index.en.md":  {Data: []byte("---\ntitle: Metal\ndate: 2020-01-02\n---\nText.\n")},
		"content/books/review/index.fr.md": {Data: []byte("---\ntitle: Critique\ndate: 2020-02-03\n---\nVoir {{< ref \"/books/metal\" >}}.\n")},
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, p.Title+" "+p.Slug)
	}
	compareLines(t, "posts", got, []string{"Métal metal", "Critique review"})
}

// TestEleventyInputAndGlob reads an Eleventy site as its config says:
// only its input folder (not an older copy of the site kept beside it),
// and, when no tag makes the collection, the pages its glob matches.
func TestEleventyInputAndGlob(t *testing.T) {
	post := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\ndate: 2020-01-02\n---\nText.\n")}
	}
	fsys := fstest.MapFS{
		"eleventy.config.js":          {Data: []byte("export default function (c) {\n  c.addCollection(\"blog\", api => api.getFilteredByGlob(\"src/site/blog/*.md\"));\n  return { dir: { input: \"src/site\" } };\n}\n")},
		"src/site/blog/one.md":        post("One"),
		"src/site/blog/two.md":        post("Two"),
		"src/site/blog/drafts/old.md": post("Not matched"),
		"src/site/pages/about.md":     post("About"),
		"2021/site/blog/one.md":       post("Old copy"),
	}
	b, err := LoadBlog(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range b.Posts {
		got = append(got, p.Title)
	}
	compareLines(t, "posts", got, []string{"One", "Two"})
	for glob, names := range map[string][2]string{
		"src/**/*.md": {"src/a/b/c.md", "lib/a.md"},
		"posts/**":    {"posts/x/y.md", "post/x.md"},
		"a/*.md":      {"a/b.md", "a/b/c.md"},
	} {
		if !globMatch(glob, names[0]) || globMatch(glob, names[1]) {
			t.Errorf("globMatch(%s): %s should match, %s not", glob, names[0], names[1])
		}
	}
}

// TestLooseFrontMatter reads front matter as the generators do when it is
// not quite YAML: on a Jekyll site a block that does not parse is read line
// by line, with a warning at its line (a Hugo site stops, as Hugo does);
// text right after the closing "---" starts the body, as Hugo reads it.
func TestLooseFrontMatter(t *testing.T) {
	bad := "---\ntitle: \"[H2] Database \"not found\" error\"\ntags:\n  - db\n  - h2\n---\nText.\n"
	rep := &book.Report{}
	b, err := LoadBlog(context.Background(), fstest.MapFS{
		"_config.yml":                {Data: []byte("title: T\n")},
		"_posts/2023-12-17-error.md": {Data: []byte(bad)},
	}, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Posts[0].Title != `[H2] Database "not found" error` || fmt.Sprint(b.Posts[0].Tags) != "[db h2]" {
		t.Fatalf("posts %+v", b.Posts)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, "malformed YAML front matter") || !strings.Contains(rep.Warnings[0].Msg, "read line by line") {
		t.Errorf("warnings %v", rep.Warnings)
	}
	_, err = LoadBlog(context.Background(), fstest.MapFS{
		"hugo.toml":              {Data: []byte("title = \"T\"\n")},
		"content/posts/error.md": {Data: []byte(bad)},
	}, ".", "site", Options{}, &book.Report{})
	var serr *book.SourceError
	if !errors.As(err, &serr) || !strings.Contains(serr.Error(), "malformed YAML") {
		t.Errorf("Hugo: err %v, want the malformed YAML", err)
	}
	p, err := Parse([]byte("---\ntitle: Docs\n---Text on the closing line.\n\nMore.\n"), "p.md")
	if err != nil || p.Title != "Docs" || !strings.HasPrefix(string(p.Body), "Text on the closing line.") || p.BodyLine != 3 {
		t.Errorf("text after ---: %v, %q, body %q at line %d", err, p.Title, p.Body, p.BodyLine)
	}
}

// TestJekyllExclude leaves out what a Jekyll site's exclude: names, with
// or without slashes: a theme's demo posts kept in docs/.
func TestJekyllExclude(t *testing.T) {
	post := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText.\n")}
	}
	b, err := LoadBlog(context.Background(), fstest.MapFS{
		"_config.yml":                     {Data: []byte("exclude:\n  - /docs\n  - test/\n  - _posts/2020-01-02-old.md\n  - \"*.gemspec\"\n")},
		"_posts/2020-01-01-mine.md":       post("Mine"),
		"_posts/2020-01-02-old.md":        post("Old"),
		"docs/_posts/2010-01-01-demo.md":  post("Demo"),
		"test/_posts/2010-01-01-check.md": post("Check"),
	}, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Posts) != 1 || b.Posts[0].Title != "Mine" {
		for _, p := range b.Posts {
			t.Logf("post %q", p.Title)
		}
		t.Errorf("%d posts, want Mine alone", len(b.Posts))
	}
}

// TestHugoShortcodeTemplates draws a Hugo post's shortcodes with the
// site's own templates, which win over its theme's.
func TestHugoShortcodeTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		"hugo.toml":                                    {Data: []byte("baseURL = \"https://example.org/\"\ntheme = \"plain\"\n")},
		"content/posts/a.md":                           {Data: []byte("---\ntitle: A\ndate: 2024-01-02\n---\n\nUse {{< man name=\"ls\" >}} and {{< bar n=\"3\" >}}.\n")},
		"layouts/shortcodes/man.html":                  {Data: []byte(`<code>{{ .Get "name" }}(1)</code>`)},
		"themes/plain/layouts/shortcodes/man.html":     {Data: []byte(`the theme's`)},
		"themes/plain/layouts/_shortcodes/bar.html":    {Data: []byte(`<b>{{ .Get "n" }}</b>`)},
		"themes/plain/layouts/shortcodes/bar.amp.html": {Data: []byte(`amp`)},
	}
	rep := &book.Report{}
	posts, err := Load(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	if got, want := strings.TrimSpace(string(posts[0].Body)), "Use <code>ls(1)</code> and <b>3</b>."; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestZolaShortcodeTemplates draws a Zola site's own shortcodes with its
// templates, Markdown and HTML ones, the site's winning over its theme's.
func TestZolaShortcodeTemplates(t *testing.T) {
	fsys := fstest.MapFS{
		"config.toml":                                {Data: []byte("base_url = \"https://example.org\"\ntheme = \"plain\"\n")},
		"content/blog/a.md":                          {Data: []byte("+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\n\nHit {{ keys(k=\"alt+f4\") }} at {{ at(t=\"1:00\") }}.\n")},
		"templates/shortcodes/keys.md":               {Data: []byte(`<kbd>{{ k | replace(from="+", to=" + ") }}</kbd>`)},
		"themes/plain/templates/shortcodes/keys.md":  {Data: []byte(`the theme's`)},
		"themes/plain/templates/shortcodes/at.html":  {Data: []byte("<span>{{ t }}</span>\n")},
		"themes/plain/templates/shortcodes/at.x.txt": {Data: []byte(`not a shortcode`)},
	}
	rep := &book.Report{}
	posts, err := Load(context.Background(), fsys, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 {
		t.Fatalf("%d posts", len(posts))
	}
	if got, want := strings.TrimSpace(string(posts[0].Body)), "Hit <kbd>alt + f4</kbd> at <span>1:00</span>."; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestRedirectedPost reads a Jekyll post that only redirects elsewhere as
// a link to where it is.
func TestRedirectedPost(t *testing.T) {
	fsys := fstest.MapFS{
		"_posts/2012-04-23-elsewhere.md": {Data: []byte("---\ntitle: Elsewhere\nredirect_to: https://news.example.com/2012/04/23/piece/\n---\n")},
		"_posts/2012-04-24-list.md":      {Data: []byte("---\ntitle: List\nredirect_to:\n  - https://news.example.com/b\n---\n\n")},
		"_posts/2012-04-25-local.md":     {Data: []byte("---\ntitle: Local\nredirect_to: /other/\n---\n")},
		"_posts/2012-04-26-kept.md":      {Data: []byte("---\ntitle: Kept\nredirect_to: https://news.example.com/c\n---\n\nThe post's own text.\n")},
	}
	posts, err := Load(context.Background(), fsys, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"Elsewhere": "<https://news.example.com/2012/04/23/piece/>",
		"List":      "<https://news.example.com/b>",
		"Local":     "",
		"Kept":      "The post's own text.",
	}
	for _, p := range posts {
		if got := strings.TrimSpace(string(p.Body)); got != want[p.Title] {
			t.Errorf("%s: body %q, want %q", p.Title, got, want[p.Title])
		}
	}
	if len(posts) != len(want) {
		t.Errorf("%d posts, want %d", len(posts), len(want))
	}
}

// TestHTMLPosts reads the HTML files with front matter that Hugo's content
// folder and Jekyll's _posts hold as posts, their HTML made Markdown and
// their template tags kept; an HTML file without front matter is no post.
func TestHTMLPosts(t *testing.T) {
	for _, tt := range []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{"hugo", fstest.MapFS{
			"hugo.toml":                   {Data: []byte("baseURL = \"https://example.org/\"\n")},
			"content/posts/a.html":        {Data: []byte("---\ntitle: A\ndate: 2010-03-09\n---\n<p>Old <b>post</b> with {{< man name=\"ls\" >}}, *not* emphasis.</p>\n<p>Second.</p>\n")},
			"content/posts/b.md":          {Data: []byte("---\ntitle: B\ndate: 2011-01-01\n---\n\nText.\n")},
			"content/posts/plain.html":    {Data: []byte("<p>No front matter.</p>\n")},
			"layouts/shortcodes/man.html": {Data: []byte(`<code>{{ .Get "name" }}(1)</code>`)},
		}, []string{"A: Old **post** with <code>ls(1)</code>, \\*not* emphasis.\n\nSecond.", "B: Text."}},
		{"jekyll", fstest.MapFS{
			"_config.yml":              {Data: []byte("title: J\n")},
			"_posts/2010-03-09-a.html": {Data: []byte("---\ntitle: A\n---\n<p>Hello <i>there</i> {% raw %}{{ x }}{% endraw %}.</p>\n")},
			"_layouts/default.html":    {Data: []byte("---\n---\n<html>{{ content }}</html>\n")},
			"_posts/2011-01-01-b.md":   {Data: []byte("---\ntitle: B\n---\n\nText.\n")},
		}, []string{"A: Hello *there* {{ x }}.", "B: Text."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := &book.Report{}
			posts, err := Load(context.Background(), tt.fsys, ".", "site", Options{}, rep)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range posts {
				got = append(got, p.Title+": "+strings.TrimSpace(string(p.Body)))
				if !p.Dated() {
					t.Errorf("%s: no date", p.Source)
				}
			}
			compareLines(t, "posts", got, tt.want)
		})
	}
}

// TestNoPlaceholdersLeft reads every site of testdata and checks that no
// character of the private use area the reader sets tags aside with
// reaches a post: not in its text, not in its title.
func TestNoPlaceholdersLeft(t *testing.T) {
	dirs := []string{"../../../testdata/hugo-site", "../../../testdata/jekyll-site", "../../../testdata/templates"}
	sites, err := os.ReadDir("../../../testdata/sites")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range sites {
		if e.IsDir() {
			dirs = append(dirs, "../../../testdata/sites/"+e.Name())
		}
	}
	posts := 0
	for _, dir := range dirs {
		got, err := Load(context.Background(), os.DirFS(dir), ".", dir, Options{}, &book.Report{})
		if err != nil {
			var se *book.SourceError
			if errors.As(err, &se) {
				continue // a site made to fail (a bad date)
			}
			t.Fatal(err)
		}
		for _, p := range got {
			posts++
			for _, s := range []string{string(p.Body), p.Title, p.Subtitle} {
				if i := strings.IndexFunc(s, func(r rune) bool { return r >= 0xE000 && r <= 0xE0FF }); i >= 0 {
					t.Errorf("%s: a placeholder is left: %q", p.Source, s[max(0, i-20):min(len(s), i+20)])
				}
			}
		}
	}
	if posts < 20 {
		t.Errorf("read %d posts: the sites were not found", posts)
	}
}

// TestHTMLPostCode keeps the code of a highlight block in an HTML post
// as written: its HTML is no Markdown, its lines stay lines, and the
// template tags in it and in addresses come back as they were.
func TestHTMLPostCode(t *testing.T) {
	for _, tt := range []struct{ name, html, want string }{
		{"html in code", "<p>Our template:</p>\n{% highlight html %}\n<h1>{{ title }}</h1>\n<ul>\n{% for f in list %}\n  <li><a href=\"img/{{ f }}\">{{ f }}</a></li>\n{% endfor %}\n</ul>\n{% endhighlight %}\n<p>Then:</p>\n",
			"Our template:\n\n\n{% highlight html %}\n<h1>{{ title }}</h1>\n<ul>\n{% for f in list %}\n  <li><a href=\"img/{{ f }}\">{{ f }}</a></li>\n{% endfor %}\n</ul>\n{% endhighlight %}\n\n\nThen:"},
		{"shell lines", "{% highlight bash %}\n~/site $ build --out=_site\nWrote 1 file\n{% endhighlight %}",
			"{% highlight bash %}\n~/site $ build --out=_site\nWrote 1 file\n{% endhighlight %}"},
		{"tag in an address", "<p><a href=\"https://x.org/{{ page.slug }}/\">here</a> and {{ site.title }}</p>",
			"[here](https://x.org/{{ page.slug }}/) and {{ site.title }}"},
		{"a placeholder of the blog's own stays as written", "<p>\uE000 1\uE001 {{ x }}</p>", "\uE000 1\uE001 {{ x }}"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			md, err := htmlToMarkdown([]byte(tt.html))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(string(md)); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

// TestJekyllPostParts reads what a Jekyll theme shows of a post besides
// its body: the subtitle under its title, the folder its images are read
// below (front matter, older key, the config's defaults), and the text an
// include of Markdown brings, through a capture.
func TestJekyllPostParts(t *testing.T) {
	posts, err := Load(context.Background(), os.DirFS("../../../testdata/sites/jekyll-chirpy"), ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, fmt.Sprintf("%s | %s | %s", p.Slug, p.Subtitle, p.MediaPath))
		if p.Slug == "the-ferry" && (!strings.Contains(string(p.Body), "\n## On the island\n") || strings.Contains(string(p.Body), "{%")) {
			t.Errorf("the ferry: the include's text is not in the body:\n%s", p.Body)
		}
	}
	compareLines(t, "posts", got, []string{
		"firing-the-kiln | Notes from a <code>cone 6</code> night | /assets/img/kiln",
		"glazing-a-vase |  | /assets/img/vase/",
		"a-template-page |  | ",
		"only-includes |  | ",
		"the-ferry | A day without clay | /media/trips",
	})
}
