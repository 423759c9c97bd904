package wxr

import (
	"cmp"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/media"
)

const fixture = "../../../testdata/wxr/blog.xml"

func loadFixture(t *testing.T) ([]*book.Post, *book.Report) {
	t.Helper()
	f, err := os.Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep := &book.Report{}
	lib := media.NewLibrary(os.DirFS(filepath.Dir(fixture)), media.Fetch{})
	posts, err := Load(context.Background(), f, "blog.xml", lib, rep)
	if err != nil {
		t.Fatal(err)
	}
	return posts, rep
}

func render(t *testing.T, p *book.Post) string {
	t.Helper()
	// Images resolved in the post's asset tree show as "asset:NAME", so
	// that the test sees which file the book would embed.
	image := func(src string) (string, bool) {
		name, ok := p.ResolveAsset(src)
		return "asset:" + name, ok
	}
	out, err := markup.Parse(p).XHTML(markup.XHTMLOptions{Image: image})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestFixture(t *testing.T) {
	posts, rep := loadFixture(t)
	type want struct {
		title, slug   string
		date          time.Time
		local         string // the blog's wall time: post_date
		categories    []string
		tags          []string
		permalinks    []string
		contains      []string
		excludes      []string
		summary       string
		assetsPresent []string
	}
	wants := []want{
		{
			title:      "Dawn at the lake – a walker’s notes",
			slug:       "dawn-at-the-lake",
			date:       time.Date(2018, 6, 12, 5, 30, 0, 0, time.UTC),
			local:      "2018-06-12 07:30:00",
			categories: []string{"Hiking"},
			tags:       []string{"lakes", "sunrise"},
			permalinks: []string{"https://alpine.example.org/2018/06/12/dawn-at-the-lake/", "https://alpine.example.org/?p=10"},
			contains: []string{
				"<p>We left at four\u00a0o’clock, when the valley was still blue.<br/>\nThe path climbs through larches.</p>",
				`<img alt="The lake under the ridge" src="asset:wp-content/uploads/2018/06/lake.png"/>`,
				"<figcaption>Lac Blanc at dawn, before the wind</figcaption>",
				"Fish &amp; chips were <em>not</em> on the menu — only tea.",
				`<span class="missing-image">The refuge from afar</span>`,
			},
			excludes:      []string{"[caption", "<!--", "more", "&amp;nbsp;", "&nbsp;", "300x200"},
			summary:       "A walk before sunrise.",
			assetsPresent: []string{"wp-content/uploads/2018/06/lake.png"},
		},
		{
			title:      "Three summits",
			slug:       "three-summits",
			date:       time.Date(2018, 7, 2, 21, 15, 0, 0, time.UTC),
			categories: []string{"Hiking"},
			tags:       []string{"summits"},
			permalinks: []string{"https://alpine.example.org/2018/07/02/three-summits/", "https://alpine.example.org/?p=11"},
			contains: []string{
				"<p>Three summits in one day, which is <strong>two too many</strong>.</p>",
				`<h2>The pictures</h2>`,
				`<img alt="The north peak" src="asset:wp-content/uploads/2018/06/peak.png"/>`,
				`<img alt="Meadow" src="asset:wp-content/uploads/2018/06/meadow.png"/>`,
				"Back at the car at nine…",
			},
			excludes:      []string{"wp:", "[gallery", "anthologygallery", "<!--"},
			assetsPresent: []string{"wp-content/uploads/2018/06/peak.png", "wp-content/uploads/2018/06/meadow.png"},
		},
		{
			title:      "Notes on tooling",
			slug:       "notes-on-tooling",
			date:       time.Date(2019, 1, 15, 9, 0, 0, 0, time.UTC),
			local:      "2019-01-15 10:00:00",
			tags:       []string{"Azure"},
			permalinks: []string{"https://alpine.example.org/2019/01/15/notes-on-tooling/", "https://alpine.example.org/?p=12"},
			contains: []string{
				"<pre><code class=\"language-bash\">az group create --name alps --location westeurope &amp;&amp; echo \"&lt;done&gt;\"\n</code></pre>",
				`<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a>`,
				`<a href="https://alpine.example.org/wp-content/uploads/2019/01/episode.mp3">Audio: episode.mp3</a>`,
				`<img alt="Meadow" src="asset:wp-content/uploads/2018/06/meadow.png"/>`,
			},
			excludes: []string{"[code", "[embed", "[audio", "[gallery", "contact-form", "Uncategorized", "Aside"},
		},
	}
	if len(posts) != len(wants) {
		for _, p := range posts {
			t.Logf("post %q", p.Title)
		}
		t.Fatalf("got %d posts, want %d", len(posts), len(wants))
	}
	for i, w := range wants {
		p := posts[i]
		t.Run(w.slug, func(t *testing.T) {
			if p.Title != w.title || p.Slug != w.slug {
				t.Errorf("title, slug = %q, %q; want %q, %q", p.Title, p.Slug, w.title, w.slug)
			}
			// The moment from post_date_gmt, told in the zone of post_date.
			if local := cmp.Or(w.local, w.date.Format(wpTime)); !p.Date.Equal(w.date) || p.Date.Format(wpTime) != local {
				t.Errorf("date = %v, want %v told as %s", p.Date, w.date, local)
			}
			if !reflect.DeepEqual(p.Categories, w.categories) || !reflect.DeepEqual(p.Tags, w.tags) {
				t.Errorf("categories, tags = %q, %q; want %q, %q", p.Categories, p.Tags, w.categories, w.tags)
			}
			if !reflect.DeepEqual(p.Permalinks, w.permalinks) {
				t.Errorf("permalinks = %q, want %q", p.Permalinks, w.permalinks)
			}
			if p.Author != "Frédéri Mandin" || p.Lang != "en-GB" || p.Source != "blog.xml" {
				t.Errorf("author, lang, source = %q, %q, %q", p.Author, p.Lang, p.Source)
			}
			if p.Summary != w.summary {
				t.Errorf("summary = %q, want %q", p.Summary, w.summary)
			}
			text := render(t, p)
			for _, s := range w.contains {
				if !strings.Contains(text, s) {
					t.Errorf("rendered text lacks %q:\n%s", s, text)
				}
			}
			for _, s := range w.excludes {
				if strings.Contains(text, s) {
					t.Errorf("rendered text holds %q:\n%s", s, text)
				}
			}
			for _, a := range w.assetsPresent {
				name, ok := p.ResolveAsset(a)
				if !ok {
					t.Errorf("ResolveAsset(%q) failed", a)
					continue
				}
				if _, err := p.Assets.Open(name); err != nil {
					t.Errorf("asset %q: %v", a, err)
				}
			}
		})
	}
	wantSkipped := map[string]int{"draft": 1, "private": 1, "trash": 1, "page": 1, "attachment": 3, "revision": 1, "menu item": 1}
	if !reflect.DeepEqual(rep.Skipped, wantSkipped) {
		t.Errorf("skipped = %v, want %v", rep.Skipped, wantSkipped)
	}
	var warned []string
	for _, w := range rep.Warnings {
		warned = append(warned, w.String())
	}
	all := strings.Join(warned, "\n")
	for _, s := range []string{
		`"Three summits": no post_date_gmt; dated from post_date`,
		`"Notes on tooling": shortcode [contact-form-7] removed`,
	} {
		if !strings.Contains(all, s) {
			t.Errorf("warnings lack %q:\n%s", s, all)
		}
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"malformed", "<?xml version=\"1.0\"?>\n<rss xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<item><title>x</titl></item>\n</channel></rss>", 4, "malformed XML (column"},
		{"truncated", "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>x</title>", 1, "malformed XML"},
		{"not rss", "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", 0, "root element is <feed>"},
		{"no wp namespace", "<rss><channel><item><title>x</title></item></channel></rss>", 0, "no wp: namespace"},
		{"empty", "", 0, "no XML element"},
		{"unknown entity", "<rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><item><title>&bogus;</title></item></channel></rss>", 1, "malformed XML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), strings.NewReader(tt.in), "bad.xml", nil, &book.Report{})
			var se *book.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *book.SourceError", err)
			}
			if se.File != "bad.xml" || se.Line != tt.line || !strings.Contains(se.Err.Error(), tt.msg) {
				t.Errorf("err = %v (line %d), want line %d and %q", err, se.Line, tt.line, tt.msg)
			}
		})
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><language>en</language>
<item><title>A &#8211; b</title><content:encoded><![CDATA[x [caption]<img src="a.png" alt="b" /> c[/caption] [gallery] <!-- wp:p --><p>d</p>]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2018-06-12 05:30:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="post_tag">t</category></item>
<item><wp:post_id>2</wp:post_id><wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:attachment_url>https://x/a.png</wp:attachment_url></item></channel></rss>`))
	f.Add([]byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:post_type>post</wp:post_type><title>&amp;</title></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := Load(context.Background(), strings.NewReader(string(in)), "fuzz.xml", nil, &book.Report{})
		var se *book.SourceError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("error %v is not a source error", err)
		}
	})
}

// TestOddText covers what exports hold besides clean HTML: a CDATA section
// split around "]]>", double-escaped entities, entities outside CDATA,
// unclosed tags.
func TestOddText(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>Caf&eacute; &amp; cr&#232;me <![CDATA[a]]]]><![CDATA[>b]]></title>
<content:encoded><![CDATA[One&amp;nbsp;two &amp;amp; <p>Open <em>never closed<p>Next]]></content:encoded>
<wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`
	posts, err := Load(context.Background(), strings.NewReader(in), "odd.xml", nil, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].Title != "Café & crème a]]>b" {
		t.Fatalf("posts = %d, title %q", len(posts), posts[0].Title)
	}
	text := render(t, posts[0])
	for _, want := range []string{"<p>One\u00a0two &amp;</p>", "<em>never closed</em>", "Next"} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "nbsp") || strings.Contains(text, "&amp;amp;") {
		t.Errorf("entities left escaped:\n%s", text)
	}
}

// TestKeptBack leaves out a password-protected post with one warning
// (not a count among the drafts), and calls an untitled post by the
// export's language's word for it.
func TestKeptBack(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<language>fr-FR</language>
<item><title>Pour les amis seulement</title><content:encoded><![CDATA[Le mot de passe est dans la lettre.]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_password>lettre</wp:post_password></item>
<item><title></title><content:encoded><![CDATA[Un billet sans titre.]]></content:encoded>
<wp:post_id>8</wp:post_id><wp:post_date_gmt>2020-01-03 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:post_password></wp:post_password></item>
</channel></rss>`
	rep := &book.Report{}
	posts, err := Load(context.Background(), strings.NewReader(in), "kept.xml", nil, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].Title != "Sans titre" {
		t.Fatalf("posts = %d, want 1 called %q", len(posts), "Sans titre")
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped = %v, want none (a warning says it)", rep.Skipped)
	}
	var warned []string
	for _, w := range rep.Warnings {
		warned = append(warned, w.String())
	}
	want := []string{
		`kept.xml:3: post "Pour les amis seulement" is password-protected: left out`,
		`kept.xml:6: post "8" has no title: called it "Sans titre"`,
	}
	if !reflect.DeepEqual(warned, want) {
		t.Errorf("warnings:\n got %q\nwant %q", warned, want)
	}
}

// TestInBlogZone tells a post's moment in the zone its post_date says, so
// that a post written late in the evening west of Greenwich keeps its day.
func TestInBlogZone(t *testing.T) {
	gmt := time.Date(2020, 5, 1, 2, 27, 0, 0, time.UTC)
	for _, tt := range []struct{ local, want string }{
		{"2020-04-30 22:27:00", "2020-04-30 22:27 -0400"},
		{"2020-05-01 08:12:00", "2020-05-01 08:12 +0545"}, // Nepal
		{"2020-05-01 02:27:00", "2020-05-01 02:27 +0000"},
		{"2020-05-01 02:28:13", "2020-05-01 02:27 +0000"}, // not a zone's offset
		{"2020-05-03 02:27:00", "2020-05-01 02:27 +0000"}, // too far
		{"0000-00-00 00:00:00", "2020-05-01 02:27 +0000"}, // a draft's
	} {
		got := inBlogZone(gmt, tt.local)
		if !got.Equal(gmt) || got.Format("2006-01-02 15:04 -0700") != tt.want {
			t.Errorf("inBlogZone(%s) = %s, want %s", tt.local, got.Format("2006-01-02 15:04 -0700"), tt.want)
		}
	}
}

// TestBlockEditorFootnotes reads the block editor's footnotes: their marks
// in the content, their texts in the post's "footnotes" field.
func TestBlockEditorFootnotes(t *testing.T) {
	in := `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>Notes</title>
<content:encoded><![CDATA[<!-- wp:paragraph --><p>A claim<sup data-fn="a1b2" class="fn"><a href="#a1b2" id="a1b2-link">1</a></sup> stands.</p><!-- /wp:paragraph -->
<!-- wp:footnotes /-->]]></content:encoded>
<wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[[{"content":"The <em>source</em> of it.","id":"a1b2"}]]]></wp:meta_value></wp:postmeta>
</item></channel></rss>`
	rep := &book.Report{}
	posts, err := Load(context.Background(), strings.NewReader(in), "notes.xml", nil, rep)
	if err != nil {
		t.Fatal(err)
	}
	text := render(t, posts[0])
	for _, want := range []string{"A claim", "<em>source</em> of it.", `role="doc-noteref"`} {
		if !strings.Contains(text, want) {
			t.Errorf("rendered text lacks %q:\n%s", want, text)
		}
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings %v", rep.Warnings)
	}
}
