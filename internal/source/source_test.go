package source

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
)

const testdata = "../../testdata"

func TestDetect(t *testing.T) {
	tests := []struct {
		name, head string
		kind       Kind
		err        string
	}{
		{"export.xml", `<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel>`, WordPress, ""},
		{"export.txt", "\uFEFF\n  <rss xmlns:wp=\"http://wordpress.org/export/1.1/\">", WordPress, ""},
		{"feed", `<?xml version="1.0"?><!-- c --><rss version="2.0"><channel>`, Feed, ""},
		{"feed.xml", `<feed xmlns="http://www.w3.org/2005/Atom">`, Feed, ""},
		{"feed.rdf", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`, Feed, ""},
		{"feed.json", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, Feed, ""},
		{"data.json", `{"posts": []}`, "", "JSON that is not a JSON Feed"},
		{"sitemap.xml", `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`, "", "neither a WordPress export nor a feed (root element <urlset>)"},
		{"page.xml", `<!DOCTYPE html><html><body>`, "", "an HTML page"},
		{"bad.xml", "<?xml version=\"1.0\"?>\n<rss <", "", "malformed XML"},
		{"note.txt", "<b>Bold</b> title\n\ntext", Text, ""},
		{"post.md", "<div>raw</div>", Markdown, ""},
		{"post", "---\ntitle: x\n---\n", Markdown, ""},
		{"post.txt", "---\ntitle: x\n---\n", Text, ""},
		{"post.txt", "Title\n\n2 juillet 2019\n\nText", Text, ""},
		{"latin1.txt", "Caf\xe9", Text, ""},
		{"photo.jpg", "\xff\xd8\xff\xe0\x00\x10JFIF", "", "binary file"},
	}
	for _, tt := range tests {
		kind, err := Detect(tt.name, []byte(tt.head))
		switch {
		case tt.err != "":
			var se *book.SourceError
			if !errors.As(err, &se) || se.File != tt.name || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Detect(%q) error = %v, want a source error with %q", tt.name, err, tt.err)
			}
		case err != nil || kind != tt.kind:
			t.Errorf("Detect(%q, %.20q) = %q, %v; want %q", tt.name, tt.head, kind, err, tt.kind)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">", "<feed>", "{\"version\":\"https://jsonfeed.org/version/1\"}", "---\n", "Title\n\nText", "<?xml?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"} {
		f.Add("f.xml", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, head []byte) {
		kind, err := Detect(name, head)
		if err != nil {
			var se *book.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %v is not a source error", err)
			}
			return
		}
		switch kind {
		case Markdown, WordPress, Feed, Text:
		default:
			t.Fatalf("kind %q", kind)
		}
	})
}

func load(t *testing.T, opts Options, paths ...string) ([]*book.Post, *book.Report) {
	t.Helper()
	rep := &book.Report{}
	posts, err := Load(context.Background(), paths, opts, rep)
	if err != nil {
		t.Fatal(err)
	}
	return posts, rep
}

func titles(posts []*book.Post) []string {
	var out []string
	for _, p := range posts {
		out = append(out, p.Title)
	}
	sort.Strings(out)
	return out
}

func byTitle(posts []*book.Post, title string) *book.Post {
	for _, p := range posts {
		if p.Title == title {
			return p
		}
	}
	return nil
}

// TestSampleAndFeed is check 3 of the issue: the Markdown sample and a feed
// that repeats two of its posts give each post once.
func TestSampleAndFeed(t *testing.T) {
	sample := filepath.Join(testdata, "sample")
	alone, _ := load(t, Options{}, sample)
	rss := filepath.Join(testdata, "feeds", "cloudinthealps.rss")
	both, rep := load(t, Options{}, sample, rss)
	if len(both) != len(alone)+1 {
		t.Fatalf("sample has %d posts, with the feed %d; want one more (the feed's new post)\n%q", len(alone), len(both), titles(both))
	}
	seen := map[string]bool{}
	for _, p := range both {
		if seen[p.Title] {
			t.Errorf("%q appears twice", p.Title)
		}
		seen[p.Title] = true
	}
	auto := byTitle(both, "Autonomous versus autonomic systems")
	if !strings.HasPrefix(auto.Source, sample) || len(auto.Body) < 2000 {
		t.Errorf("kept the text of %s (%d bytes), want the sample's full post", auto.Source, len(auto.Body))
	}
	if want := time.Date(2018, 6, 1, 7, 42, 10, 0, time.UTC); !auto.Date.Equal(want) {
		t.Errorf("date = %v, want the feed's more precise %v", auto.Date, want)
	}
	if want := []string{"english", "autonomic", "Kubernetes"}; !reflect.DeepEqual(auto.Tags, want) {
		t.Errorf("tags = %q, want %q", auto.Tags, want)
	}
	if want := []string{"/2018/06/01/autonomous-versus-autonomic-systems/", "https://cloudinthealps.mandin.net/2018/06/01/autonomous-versus-autonomic-systems/", "https://cloudinthealps.mandin.net/?p=230"}; !reflect.DeepEqual(auto.Permalinks, want) {
		t.Errorf("permalinks = %q, want %q", auto.Permalinks, want)
	}
	slas := byTitle(both, "Azure SLAs")
	if !strings.HasPrefix(slas.Source, sample) || !reflect.DeepEqual(slas.Tags, []string{"Azure"}) || slas.Date.Hour() != 9 {
		t.Errorf("Azure SLAs: source %s, tags %q, date %v", slas.Source, slas.Tags, slas.Date)
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, want := range []string{
		`merged "Autonomous versus autonomic systems": `,
		"same permalink /2018/06/01/autonomous-versus-autonomic-systems",
		`merged "Azure SLAs": `,
		"same title and date 2018-02-27",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestPagedFeed(t *testing.T) {
	dir := filepath.Join(testdata, "feeds")
	posts, rep := load(t, Options{Media: filepath.Join(testdata, "wxr")}, filepath.Join(dir, "alpine-1.atom"), filepath.Join(dir, "alpine-2.atom"))
	want := []string{"L’été au refuge", "Mise à jour sans date de publication", "Une note sans date"}
	if got := titles(posts); !reflect.DeepEqual(got, want) {
		t.Fatalf("titles = %q, want %q", got, want)
	}
	upd := byTitle(posts, "Mise à jour sans date de publication")
	if !reflect.DeepEqual(upd.Tags, []string{"Refuges"}) {
		t.Errorf("tags = %q, want the union", upd.Tags)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "same permalink /2019/07/25/mise-a-jour") {
		t.Errorf("notes = %q", rep.Notes)
	}
	refuge := byTitle(posts, "L’été au refuge")
	if name, ok := refuge.ResolveAsset("wp-content/uploads/2018/06/lake.png"); !ok {
		t.Error("image not resolved in --media")
	} else if _, err := refuge.Assets.Open(name); err != nil {
		t.Error(err)
	}
}

// TestListingExcerpt merges a listing's truncated excerpt into the full
// post, and a listing post with the same title and date as a WXR post.
func TestListingExcerpt(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.txt")
	os.WriteFile(full, []byte("Le lac à l'aube\n\nNous sommes partis à quatre heures, quand la vallée était encore bleue. Le sentier monte entre les mélèzes jusqu'au lac.\n\nPuis le soleil.\n"), 0o644)
	listing := filepath.Join(testdata, "text", "listing.txt")
	posts, rep := load(t, Options{}, listing, full)
	if len(posts) != 3 {
		t.Fatalf("got %d posts: %q", len(posts), titles(posts))
	}
	lac := byTitle(posts, "Le lac à l'aube")
	if lac.Source != full || !lac.Date.Equal(time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC)) || lac.Author != "Frédéri Mandin" {
		t.Errorf("merged: source %s, date %v, author %q", lac.Source, lac.Date, lac.Author)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "same title, one text starts the other") {
		t.Errorf("notes = %q", rep.Notes)
	}
}

func TestMergeKeepsApart(t *testing.T) {
	mk := func(title, src, lang, body string, date time.Time, links ...string) *book.Post {
		return &book.Post{Title: title, Source: src, Lang: lang, Body: []byte(body), Date: date, Permalinks: links}
	}
	day := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		posts []*book.Post
		want  int
	}{
		{"same title, other day, other text", []*book.Post{mk("Weekly links", "a.md", "", "one two three four five six", day), mk("Weekly links", "b.md", "", "seven eight nine ten eleven", day.AddDate(0, 0, 7))}, 2},
		{"same title and day in one file", []*book.Post{mk("Note", "x.xml", "", "a", day), mk("Note", "x.xml", "", "b", day)}, 2},
		{"translations", []*book.Post{mk("Kubernetes", "en.md", "en", "a", day), mk("Kubernetes", "fr.md", "fr-FR", "b", day)}, 2},
		{"same path, other hosts", []*book.Post{mk("A", "a.xml", "", "", day, "https://one.example/about/x/"), mk("B", "b.xml", "", "", day, "https://two.example/about/x/")}, 2},
		{"home page is no permalink", []*book.Post{mk("A", "a.xml", "", "", day, "https://one.example/"), mk("B", "b.xml", "", "", day, "https://one.example")}, 2},
		{"www and scheme", []*book.Post{mk("A", "a.xml", "", "", day, "http://www.one.example/x"), mk("B", "b.xml", "", "", day, "https://one.example/x/")}, 1},
		{"short texts do not start each other", []*book.Post{mk("Hi", "a.txt", "", "Hello", time.Time{}), mk("Hi", "b.txt", "", "Hello there", time.Time{})}, 2},
	}
	for _, tt := range tests {
		if got := Merge(tt.posts, &book.Report{}); len(got) != tt.want {
			t.Errorf("%s: %d posts, want %d", tt.name, len(got), tt.want)
		}
	}
}

// TestMergeOrder checks that merging does not depend on the order of the
// sources: every order of the same inputs gives the same posts.
func TestMergeOrder(t *testing.T) {
	sample := filepath.Join(testdata, "sample")
	rss := filepath.Join(testdata, "feeds", "cloudinthealps.rss")
	listing := filepath.Join(testdata, "text", "listing.txt")
	a, repA := load(t, Options{}, sample, rss, listing)
	b, repB := load(t, Options{}, listing, rss, sample)
	if len(a) != len(b) {
		t.Fatalf("%d and %d posts", len(a), len(b))
	}
	for i := range a {
		if !reflect.DeepEqual(summary(a[i]), summary(b[i])) {
			t.Errorf("post %d differs:\n%v\n%v", i, summary(a[i]), summary(b[i]))
		}
	}
	if !reflect.DeepEqual(repA.Notes, repB.Notes) {
		t.Errorf("notes differ:\n%q\n%q", repA.Notes, repB.Notes)
	}
}

func summary(p *book.Post) []any {
	return []any{p.Title, p.Date.String(), p.Source, p.Tags, p.Permalinks, string(p.Body)}
}

func TestLoadWXR(t *testing.T) {
	posts, rep := load(t, Options{}, filepath.Join(testdata, "wxr", "blog.xml"))
	want := []string{"Dawn at the lake – a walker’s notes", "Notes on tooling", "Three summits"}
	if got := titles(posts); !reflect.DeepEqual(got, want) {
		t.Errorf("titles = %q, want %q", got, want)
	}
	if rep.Skipped["attachment"] != 3 || rep.Skipped["draft"] != 1 {
		t.Errorf("skipped = %v", rep.Skipped)
	}
}

func TestLoadFolderOfExports(t *testing.T) {
	posts, rep := load(t, Options{}, filepath.Join(testdata, "text"))
	want := []string{"A night at the refuge", "Le lac à l'aube", "Three summits", "Undated note"}
	if got := titles(posts); !reflect.DeepEqual(got, want) {
		t.Errorf("titles = %q, want %q (warnings %v)", got, want, rep.Warnings)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		path string
		opts Options
		line int
		msg  string
	}{
		{filepath.Join(dir, "missing.xml"), Options{}, 0, "no such file or folder"},
		{write("sitemap.xml", `<urlset></urlset>`), Options{}, 0, "neither a WordPress export nor a feed"},
		{write("broken.xml", "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<item><title>a</item>"), Options{}, 3, "malformed XML (column"},
		{write("broken.rss", "<rss version=\"2.0\">\n<channel><item><title>a</title></item>\n</rss>"), Options{}, 3, "malformed XML (column"},
		{write("ok.txt", "Title\n\ntext"), Options{Media: filepath.Join(dir, "nope")}, 0, "media folder"},
	}
	for _, tt := range tests {
		_, err := Load(context.Background(), []string{tt.path}, tt.opts, &book.Report{})
		var se *book.SourceError
		if !errors.As(err, &se) || se.Line != tt.line || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Load(%s) = %v, want a source error at line %d with %q", filepath.Base(tt.path), err, tt.line, tt.msg)
		}
	}
}

func TestFetchImages(t *testing.T) {
	png, err := os.ReadFile(filepath.Join(testdata, "wxr", "wp-content", "uploads", "2018", "06", "lake.png"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(png) }))
	defer srv.Close()
	export := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(export, []byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>Remote</title><content:encoded><![CDATA[<img src="`+srv.URL+`/photos/peak.png" alt="Peak" />]]></content:encoded>
<wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`), 0o644)

	off, _ := load(t, Options{}, export)
	if !strings.Contains(string(off[0].Body), "[Peak]("+srv.URL) {
		t.Errorf("without --fetch-images the image should stay a link: %s", off[0].Body)
	}
	// With --fetch-images the image keeps its address: the image stage
	// fetches the images of every source.
	on, _ := load(t, Options{FetchImages: true}, export)
	if body := string(on[0].Body); !strings.Contains(body, "![Peak]("+srv.URL+"/photos/peak.png)") {
		t.Errorf("with --fetch-images the image should keep its address: %s", body)
	}
}

// TestOneBlogDoesNotRepeatItself keeps apart two posts of one Markdown
// folder that share a title and a day, as translations in a Hugo bundle
// may.
func TestOneBlogDoesNotRepeatItself(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"index.en.md", "index.fr.md"} {
		if err := os.MkdirAll(filepath.Join(dir, "kubernetes"), 0o755); err != nil {
			t.Fatal(err)
		}
		body := "---\ntitle: Kubernetes\ndate: 2020-01-02\n---\nText of " + name + " with enough words to compare.\n"
		if err := os.WriteFile(filepath.Join(dir, "kubernetes", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	posts, rep := load(t, Options{}, dir)
	if len(posts) != 2 || len(rep.Notes) != 0 {
		t.Errorf("got %d posts, notes %q; want 2 and none", len(posts), rep.Notes)
	}
}

func TestExportInMarkdownFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "post.md"), []byte("---\ntitle: A post\n---\nText.\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "index.xml"), []byte(`<rss version="2.0"><channel></channel></rss>`), 0o644)
	os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name": "theme"}`), 0o644)
	posts, rep := load(t, Options{}, dir)
	if len(posts) != 1 || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].String(), "index.xml: not read: the folder is read for its Markdown posts; give this feed as a SOURCE") {
		t.Errorf("posts %d, warnings %v", len(posts), rep.Warnings)
	}
}

// TestSiteFilesAreNoPosts checks that a generated site's folder, read for
// its feed, does not take robots.txt and its kin for text posts.
func TestSiteFilesAreNoPosts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.xml"), []byte(`<rss version="2.0"><channel><title>S</title><item><title>A post</title><pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate><description>Text.</description></item></channel></rss>`), 0o644)
	os.WriteFile(filepath.Join(dir, "robots.txt"), []byte("User-agent: *\nSitemap: https://s.example/sitemap.xml\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "humans.txt"), []byte("/* TEAM */\nWriter: me\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "a note.txt"), []byte("A note\n\nIts text.\n"), 0o644)
	posts, rep := load(t, Options{}, dir)
	if got := titles(posts); !reflect.DeepEqual(got, []string{"A note", "A post"}) {
		t.Errorf("titles = %q (warnings %v)", got, rep.Warnings)
	}
}

// TestTextlessItemToldOnce checks that an item without text that a blog's
// RSS and Atom feeds both carry is told of once, merged.
func TestTextlessItemToldOnce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "rss.xml"), []byte(`<rss version="2.0"><channel><title>S</title><item><title>Empty</title><link>https://s.example/empty/</link><pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate></item></channel></rss>`), 0o644)
	os.WriteFile(filepath.Join(dir, "atom.xml"), []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>S</title><entry><title>Empty</title><link href="https://s.example/empty/"/><id>https://s.example/empty/</id><published>2020-01-02T10:00:00Z</published></entry></feed>`), 0o644)
	posts, rep := load(t, Options{}, dir)
	var told []string
	for _, w := range rep.Warnings {
		if strings.Contains(w.Msg, "has no text") {
			told = append(told, w.String())
		}
	}
	if len(posts) != 1 || len(told) != 1 {
		t.Errorf("posts %d, warnings %q: want one post told of once", len(posts), told)
	}
}
