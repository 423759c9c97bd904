package feed

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/media"
)

func load(t *testing.T, file string, lib *media.Library) ([]*book.Post, *book.Report) {
	t.Helper()
	data, err := os.ReadFile("../../../testdata/feeds/" + file)
	if err != nil {
		t.Fatal(err)
	}
	rep := &book.Report{}
	posts, err := Load(context.Background(), data, file, lib, rep)
	if err != nil {
		t.Fatal(err)
	}
	return posts, rep
}

func render(t *testing.T, p *book.Post) string {
	t.Helper()
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

type want struct {
	title    string
	date     time.Time
	tags     []string
	author   string
	lang     string
	links    []string
	contains []string
	excludes []string
}

func check(t *testing.T, posts []*book.Post, wants []want) {
	t.Helper()
	if len(posts) != len(wants) {
		t.Fatalf("got %d posts, want %d", len(posts), len(wants))
	}
	for i, w := range wants {
		p := posts[i]
		if p.Title != w.title {
			t.Errorf("post %d title = %q, want %q", i, p.Title, w.title)
		}
		if !p.Date.Equal(w.date) || p.Date.String() != w.date.String() {
			t.Errorf("%q date = %v, want %v", p.Title, p.Date, w.date)
		}
		if !reflect.DeepEqual(p.Tags, w.tags) {
			t.Errorf("%q tags = %q, want %q", p.Title, p.Tags, w.tags)
		}
		if p.Author != w.author || p.Lang != w.lang {
			t.Errorf("%q author, lang = %q, %q; want %q, %q", p.Title, p.Author, p.Lang, w.author, w.lang)
		}
		if !reflect.DeepEqual(p.Permalinks, w.links) {
			t.Errorf("%q permalinks = %q, want %q", p.Title, p.Permalinks, w.links)
		}
		text := render(t, p)
		for _, s := range w.contains {
			if !strings.Contains(text, s) {
				t.Errorf("%q rendered text lacks %q:\n%s", p.Title, s, text)
			}
		}
		for _, s := range w.excludes {
			if strings.Contains(text, s) {
				t.Errorf("%q rendered text holds %q:\n%s", p.Title, s, text)
			}
		}
	}
}

func TestRSS(t *testing.T) {
	posts, rep := load(t, "cloudinthealps.rss", nil)
	check(t, posts, []want{
		{
			title:    "Autonomous versus autonomic systems",
			date:     time.Date(2018, 6, 1, 7, 42, 10, 0, time.UTC),
			tags:     []string{"autonomic", "Kubernetes"},
			author:   "Frederi Mandin",
			lang:     "en-US",
			links:    []string{"https://cloudinthealps.mandin.net/2018/06/01/autonomous-versus-autonomic-systems/", "https://cloudinthealps.mandin.net/?p=230"},
			contains: []string{"<p>This is a difficult topic. I have to admit I am still not completely comfortable with all the concepts and functions. […]</p>"},
		},
		{
			title:    "Azure SLAs",
			date:     time.Date(2018, 2, 27, 9, 12, 0, 0, time.FixedZone("", 3600)),
			tags:     []string{"Azure"},
			author:   "Frederi Mandin",
			lang:     "en-US",
			links:    []string{"https://cloudinthealps.mandin.net/2018/02/27/azure-slas-2/"},
			contains: []string{"<p>Another quite short post today, but for a complex topic.</p>\n<p>I had the discussion"},
			excludes: []string{"today…"},
		},
		{
			title:  "Containers, Azure & Service Fabric",
			date:   time.Date(2017, 3, 24, 16, 0, 0, 0, time.UTC),
			tags:   []string{"Azure", "containers"},
			author: "Frederi Mandin",
			lang:   "en-US",
			links:  []string{"https://cloudinthealps.mandin.net/2017/03/24/containers-azure-and-servicefabric/"},
			contains: []string{
				"<p>Containers are everywhere\u00a0these days.</p>",
				`Service Fabric runs them <strong>too</strong>, and <a href="https://azure.microsoft.com/services/service-fabric/">the docs</a> say how &lt;quickly&gt;.`,
				"<li>Windows containers</li>",
				"<li>Linux containers</li>",
			},
			excludes: []string{"Short description", "&amp;nbsp;"},
		},
	})
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
	if posts[1].Summary != "Another quite short post today…" {
		t.Errorf("summary = %q", posts[1].Summary)
	}
}

func TestAtomPages(t *testing.T) {
	lib := media.NewLibrary(os.DirFS("../../../testdata/wxr"), media.Fetch{})
	page1, rep1 := load(t, "alpine-1.atom", lib)
	check(t, page1, []want{
		{
			title:    "L’été au refuge",
			date:     time.Date(2019, 7, 20, 18, 30, 0, 0, time.FixedZone("", 7200)),
			tags:     []string{"Refuges", "été"},
			author:   "Frédéri Mandin",
			lang:     "fr",
			links:    []string{"https://alpine.example.org/2019/07/20/ete-au-refuge/", "tag:alpine.example.org,2019:post-40"},
			contains: []string{"<p>Le gardien nous attendait avec une soupe &amp; du pain.</p>", `<img alt="Le lac" src="asset:wp-content/uploads/2018/06/lake.png"/>`},
		},
		{
			title:    "Mise à jour sans date de publication",
			date:     time.Date(2019, 7, 25, 8, 0, 0, 0, time.UTC),
			author:   "Frédéri Mandin",
			lang:     "fr",
			links:    []string{"https://alpine.example.org/2019/07/25/mise-a-jour/", "tag:alpine.example.org,2019:post-41"},
			contains: []string{"<p>Contenu <em>XHTML</em> en ligne.</p>"},
		},
	})
	if len(rep1.Warnings) != 0 {
		t.Errorf("page 1 warnings: %v", rep1.Warnings)
	}
	page2, rep2 := load(t, "alpine-2.atom", lib)
	if len(page2) != 2 || page2[1].Dated() {
		t.Fatalf("page 2: %d posts, second dated %v", len(page2), page2[1].Date)
	}
	text := render(t, page2[1])
	if !strings.Contains(text, "<p>Pas de date ici.</p>\n<p>Deuxième paragraphe avec une *étoile*.</p>") {
		t.Errorf("plain text content rendered as:\n%s", text)
	}
	if len(rep2.Warnings) != 1 || !strings.Contains(rep2.Warnings[0].String(), `alpine-2.atom: "Une note sans date" has no date`) {
		t.Errorf("page 2 warnings = %v", rep2.Warnings)
	}
}

// An Atom entry whose content or summary says type="text" is text:
// what looks like a tag in it is shown, and blank lines part paragraphs.
// Content that says type="html" stays HTML, whatever its summary says.
func TestAtomText(t *testing.T) {
	posts, rep := load(t, "atom-text.atom", nil)
	date := func(day int) time.Time { return time.Date(2021, 3, day, 10, 0, 0, 0, time.UTC) }
	check(t, posts, []want{
		{
			title: "Headers first", date: date(1), author: "Ada Example", lang: "en",
			links: []string{"https://bench.example.org/1/", "tag:bench.example.org,2021:1"},
			contains: []string{
				"<p>Every file opens with #include &lt;stdio.h&gt; before anything else.</p>\n<p>Write &lt;b&gt;bold&lt;/b&gt;",
			},
			excludes: []string{"<strong>"},
		},
		{
			title: "Only a summary", date: date(2), author: "Ada Example", lang: "en",
			links:    []string{"https://bench.example.org/2/", "tag:bench.example.org,2021:2"},
			contains: []string{"<p>The &lt;em&gt; element stresses a word.</p>"},
		},
		{
			title: "Markup meant as markup", date: date(3), author: "Ada Example", lang: "en",
			links:    []string{"https://bench.example.org/3/", "tag:bench.example.org,2021:3"},
			contains: []string{"<p>Some <em>real</em> emphasis.</p>"},
		},
	})
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

func TestJSONFeed(t *testing.T) {
	posts, _ := load(t, "notes.json", nil)
	check(t, posts, []want{
		{
			title:    "A text note",
			date:     time.Date(2019, 9, 1, 12, 0, 0, 0, time.UTC),
			tags:     []string{"notes"},
			author:   "Frédéri Mandin",
			lang:     "en",
			links:    []string{"https://alpine.example.org/notes/2/"},
			contains: []string{"<p>First paragraph with &lt;angle&gt; brackets &amp; an *asterisk*.</p>\n<p>Second paragraph.</p>"},
		},
		{
			title:    "An HTML note",
			date:     time.Date(2019, 9, 2, 8, 0, 0, 0, time.FixedZone("", 7200)),
			author:   "Frédéri Mandin",
			lang:     "en",
			links:    []string{"https://alpine.example.org/notes/3/"},
			contains: []string{"<p>Some <strong>HTML</strong>.</p>"},
		},
	})
}

func TestBadFeeds(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"malformed", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<item><title>x</item>\n</channel></rss>", 3, "malformed XML (column"},
		{"truncated", "<rss version=\"2.0\"><channel><item>", 1, "malformed XML"},
		{"neither", "<html><body>hello</body></html>", 0, "not a feed"},
		{"bad json", "{\"version\": \"https://jsonfeed.org/version/1\",\n \"items\": [", 2, "malformed JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), []byte(tt.in), "bad.xml", nil, &book.Report{})
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
	f.Add([]byte(`<rss version="2.0"><channel><language>en</language><item><title>a &amp;amp; b</title><link>https://x/a/</link><pubDate>Fri, 01 Jun 2018 07:42:10 GMT</pubDate><category>c</category><description><![CDATA[<p>d <img src="/i.png"></p>]]></description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">x</title><id>tag:x,1:2</id><updated>2019-07-25T08:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>y</p></div></content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_text":"a\n\nb","date_published":"2019-09-01T12:00:00Z"}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := Load(context.Background(), in, "fuzz.xml", nil, &book.Report{})
		var se *book.SourceError
		if err != nil && !errors.As(err, &se) {
			t.Fatalf("error %v is not a source error", err)
		}
	})
}

// TestUnrenderedEmbeds checks that the player tags a generator left in a
// feed's text become links, while other braces, and tags in code, stay.
func TestUnrenderedEmbeds(t *testing.T) {
	posts, rep := load(t, "unrendered-tags.rss", nil)
	date := func(d int) time.Time { return time.Date(2024, 3, d, 9, 0, 0, 0, time.UTC) }
	check(t, posts, []want{
		{
			title: "Winching the boat out", date: date(5), lang: "en",
			links: []string{"https://harbour.example/winch/"},
			contains: []string{
				`<a href="https://www.youtube.com/watch?v=Qx7harbour1">Video on YouTube: youtube.com/watch?v=Qx7harbour1</a>`,
				`<a href="https://gist.github.com/quayside/ab12cd">Gist by quayside</a>`,
				"{{winch.py:88}} INFO", "{% raffle draw %} stays as written",
			},
			excludes: []string{"{% youtube", "{% gist"},
		},
		{
			title: "Mooring lines", date: date(6), lang: "en",
			links: []string{"https://harbour.example/mooring/"},
			contains: []string{
				`<a href="https://vimeo.com/4401">Video on Vimeo: vimeo.com/4401</a>`,
				"<pre><code>{% youtube shown-as-code %}", "<code>{% tweet 12 %}</code>",
			},
			excludes: []string{"{% vimeo"},
		},
	})
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

// TestPlaceholders checks items whose HTML is only a generator's comment
// (Hugo writes "<!-- raw HTML omitted -->" for a post's raw HTML): the
// comment is never printed, and a JSON Feed's content_text stands in.
func TestPlaceholders(t *testing.T) {
	jsonFeed := `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
{"id":"1","title":"A","date_published":"2020-01-02T10:00:00Z","content_html":"<!-- raw HTML omitted -->\n","content_text":"A caption.\n\n<img src=\"https://j.example/a.png\" alt=\"a cat\">\n"},
{"id":"2","title":"B","date_published":"2020-01-03T10:00:00Z","content_html":"<p>Shown.</p>","content_text":"Not shown."}]}`
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
<item><title>C</title><pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate><description>&lt;!-- raw HTML omitted --&gt;</description></item></channel></rss>`
	for _, tt := range []struct {
		name, data string
		contains   []string
		excludes   []string
		warnings   []string
	}{
		{name: "json", data: jsonFeed,
			contains: []string{"<p>A caption.</p>", "a cat", "<p>Shown.</p>"},
			excludes: []string{"raw HTML", "&lt;img", "Not shown"}},
		{name: "rss", data: rss, excludes: []string{"raw HTML", "omitted"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep := &book.Report{}
			posts, err := Load(context.Background(), []byte(tt.data), "f", nil, rep)
			if err != nil {
				t.Fatal(err)
			}
			var all string
			for _, p := range posts {
				all += render(t, p)
			}
			for _, s := range tt.contains {
				if !strings.Contains(all, s) {
					t.Errorf("missing %q in %s", s, all)
				}
			}
			for _, s := range tt.excludes {
				if strings.Contains(all, s) {
					t.Errorf("%q in %s", s, all)
				}
			}
			var got []string
			for _, w := range rep.Warnings {
				got = append(got, w.Msg)
			}
			if strings.Join(got, "\n") != strings.Join(tt.warnings, "\n") {
				t.Errorf("warnings %q, want %q", got, tt.warnings)
			}
		})
	}
}

// TestUntitledItems checks that notes without a title are named by the
// start of their text, with one warning for the feed.
func TestUntitledItems(t *testing.T) {
	data := `<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>
<item><pubDate>Thu, 02 Jan 2020 10:00:00 +0000</pubDate><description>&lt;p&gt;Trying the new phone. It works.&lt;/p&gt;</description></item>
<item><pubDate>Fri, 03 Jan 2020 10:00:00 +0000</pubDate><description>Plain text, here</description></item>
<item><pubDate>Sat, 04 Jan 2020 10:00:00 +0000</pubDate><description></description></item></channel></rss>`
	rep := &book.Report{}
	posts, err := Load(context.Background(), []byte(data), "f.xml", nil, rep)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range posts {
		got = append(got, p.Title)
	}
	if want := []string{"Trying the new phone", "Plain text, here", "Untitled"}; !reflect.DeepEqual(got, want) {
		t.Errorf("titles %q, want %q", got, want)
	}
	var untitled int
	for _, w := range rep.Warnings {
		if strings.Contains(w.Msg, "have no title") {
			untitled++
			if !strings.Contains(w.Msg, "3 of its items") {
				t.Errorf("warning %q", w.Msg)
			}
		}
	}
	if untitled != 1 {
		t.Errorf("warnings %v: want one about the titles", rep.Warnings)
	}
}
