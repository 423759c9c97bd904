package links

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

// loadFixture reads testdata/links and parses its posts.
func loadFixture(t *testing.T) (*book.Book, markup.Docs, map[string]*book.Post) {
	t.Helper()
	posts, err := markdown.Load(context.Background(), os.DirFS("../../testdata/links"), ".", "links", markdown.Options{}, &book.Report{})
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
	if byTitle["Alpha"] == nil || byTitle["Beta"] == nil {
		t.Fatalf("fixture posts: %v", byTitle)
	}
	return b, docs, byTitle
}

func TestLinkFixture(t *testing.T) {
	for _, tt := range []struct {
		name, base string
		want       func(alpha, beta string) []string
		warn       string
	}{
		{
			name: "without the blog's address",
			want: func(alpha, beta string) []string {
				return []string{
					"anthology-post:" + beta,
					"anthology-post:" + beta + "#" + beta + "-details",
					// the Zola page, /about/, the zine and notes.txt are dropped
					"anthology-post:" + beta,
					"https://www.example.com/page",
					// the absolute link to the blog names no post while its
					// address is unknown, and stays on the web
					"https://blog.example/posts/beta/",
					// the link around the image is dropped
					"#" + alpha + "-kept-anchor",
					"#" + alpha + "-own-id",
					// #missing is dropped
				}
			},
			warn: "4 links to pages of the blog that are not in the book removed",
		},
		{
			name: "with the blog's address",
			base: "https://blog.example/",
			want: func(alpha, beta string) []string {
				return []string{
					"anthology-post:" + beta,
					"anthology-post:" + beta + "#" + beta + "-details",
					"https://blog.example/about/",
					"https://blog.example/zines/wizard.pdf",
					"https://blog.example/posts/alpha/notes.txt",
					"anthology-post:" + beta,
					"https://www.example.com/page",
					"anthology-post:" + beta,
					"#" + alpha + "-kept-anchor",
					"#" + alpha + "-own-id",
				}
			},
			warn: "1 link to pages or files of the blog that are not in the book, and whose web address is unknown, removed",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, docs, byTitle := loadFixture(t)
			alpha, beta := byTitle["Alpha"].ID, byTitle["Beta"].ID
			rep := &book.Report{}
			Resolve(b, docs, Site{BaseURL: tt.base, Permalinks: "/posts/:slug/"}, rep)
			got := destinations(docs[alpha])
			want := tt.want(alpha, beta)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("destinations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			warnings := ""
			for _, w := range rep.Warnings {
				warnings += w.String() + "\n"
			}
			if tt.warn != "" && !strings.Contains(warnings, tt.warn) {
				t.Errorf("warnings lack %q:\n%s", tt.warn, warnings)
			}
			if !strings.Contains(warnings, byTitle["Beta"].Source+": 2 links to an address that is not one") {
				t.Errorf("warnings lack the links to malformed addresses:\n%s", warnings)
			}
			if !strings.Contains(warnings, byTitle["Alpha"].Source+": 1 link to a place a post does not have removed, their text kept (first here: #missing)") {
				t.Errorf("warnings lack the dropped fragment, its post's file and its address:\n%s", warnings)
			}
			html, err := docs[alpha].XHTML(markup.XHTMLOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(html, `href="square.png"`) {
				t.Errorf("the link around the image stays:\n%s", html)
			}
			for _, want := range []string{`id="` + alpha + `-kept-anchor"`, `id="` + alpha + `-own-id"`, "the zine", "nowhere", "A small square"} {
				if !strings.Contains(html, want) {
					t.Errorf("XHTML lacks %s:\n%s", want, html)
				}
			}
		})
	}
}

func TestSettleDestinations(t *testing.T) {
	b := testBook()
	r := New(b, nil, Site{BaseURL: "https://example.org/blog/"})
	d := &markup.Doc{Post: b.Posts()[0], Prefix: "p001-"}
	ids := map[string]bool{"p001-setup": true}
	for _, tt := range []struct {
		dest, want string
		kind       outcome
	}{
		{"#setup", "#p001-setup", keep},
		{"#p001-setup", "#p001-setup", keep},
		{"#gone", "", dropFragment},
		{"javascript:alert(1)", "", dropUnsafe},
		{"DATA:text/html,x", "", dropUnsafe},
		{"mailto:a@example.org", "mailto:a@example.org", keep},
		{"https://❤.example.org/a?b#c", "https://xn--qei.example.org/a?b#c", keep},
		{"https://%E2%9D%A4.example.org:8080/", "https://xn--qei.example.org:8080/", keep},
		{"https://bücher.example/", "https://xn--bcher-kva.example/", keep},
		{"//cdn.example.net/x.js", "https://cdn.example.net/x.js", keep},
		{"www.example.net", "https://www.example.net", keep},
		{"/about/?a=b#c", "https://example.org/about/?a=b#c", madeAbsolute},
		{"@/pages/x.md", "", dropSite},
		{"@/guides/_index.md", "https://example.org/blog/guides/", madeAbsolute},
		{"@/guides/deep dive/_index.md#setup", "https://example.org/blog/guides/deep%20dive/#setup", madeAbsolute},
		{"@/_index.md", "https://example.org/blog/", madeAbsolute},
		{"@/guides/my_index.md", "", dropSite},
		{"notes.txt", "https://example.org/blog/2017/08/23/first-steps/notes.txt", madeAbsolute},
		{"https://example.photo!", "", dropMalformed},
		{"https://exa mple.org/", "", dropMalformed},
		{"https:///x", "", dropMalformed},
		{"https://a..b/", "", dropMalformed},
		{"http://a(b).example/", "", dropMalformed},
		{"//a,b.example/x", "", dropMalformed},
		{"www.example.net!", "", dropMalformed},
		{"https://❤!.example.org/", "", dropMalformed},
		{"https://my_site.example.org/", "https://my_site.example.org/", keep},
		{"https://example.org./", "https://example.org./", keep},
		{"http://[::1]:8080/", "http://[::1]:8080/", keep},
		{"https://192.0.2.1/", "https://192.0.2.1/", keep},
	} {
		href, kind := r.settle(d, ids, tt.dest)
		if href != tt.want || kind != tt.kind {
			t.Errorf("settle(%q) = %q, %d; want %q, %d", tt.dest, href, kind, tt.want, tt.kind)
		}
	}
	if got := invisibleFree("http://%E2%80%8Bexample.org/\u200bx"); got != "http://example.org/x" {
		t.Errorf("invisibleFree = %q", got)
	}
}

// TestFragmentsOfOtherGenerators follows a link to a heading by the id
// another generator gave it, when only one heading has its letters.
func TestFragmentsOfOtherGenerators(t *testing.T) {
	p := &book.Post{ID: "p1", Source: "post.md", Body: []byte("## Strip std's debuginfo\n\n## Go-lang\n\n## Golang\n\n" +
		"[zola](#strip-std-s-debuginfo) [kramdown](#strip-stds-debuginfo) [twin](#go_lang) [gone](#strip-std)\n")}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{p}}}}
	docs := markup.Docs{p.ID: markup.Parse(p)}
	r := New(b, docs, Site{})
	r.Settle(docs[p.ID])
	got := destinations(docs[p.ID])
	want := []string{"#" + docs[p.ID].Prefix + "strip-stds-debuginfo", "#" + docs[p.ID].Prefix + "strip-stds-debuginfo"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("destinations %v, want %v (the twins' link and the missing one dropped)", got, want)
	}
}

// TestFragmentsOfHeadingsInOtherScripts finds headings whose text holds
// letters outside ASCII by the ids Hugo (all letters), kramdown (ASCII
// letters only) and goldmark give them, and a heading holding a link by
// its text alone.
func TestFragmentsOfHeadingsInOtherScripts(t *testing.T) {
	p := &book.Post{ID: "p1", Source: "post.md", Body: []byte("## Résumé du projet\n\n## 使用 方法\n\n## What is [WebRTC](https://example.com/webrtc)\n\n" +
		"[hugo](#résumé-du-projet) [encoded](#r%C3%A9sum%C3%A9-du-projet) [kramdown](#rsum-du-projet) [han](#使用-方法) [link](#what-is-webrtc) [gone](#使用)\n")}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{p}}}}
	docs := markup.Docs{p.ID: markup.Parse(p)}
	s := New(b, docs, Site{}).Settle(docs[p.ID])
	pre := "#" + docs[p.ID].Prefix
	want := []string{"https://example.com/webrtc", pre + "rsum-du-projet", pre + "rsum-du-projet", pre + "rsum-du-projet", pre + "section", pre + "what-is-webrtc"}
	if got := destinations(docs[p.ID]); strings.Join(got, " ") != strings.Join(want, " ") || s.Fragments != 1 {
		t.Errorf("destinations %v (%d dropped), want %v and one dropped", got, s.Fragments, want)
	}
	rep := &book.Report{}
	report(s, rep)
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, "first here: #使用)") {
		t.Errorf("warnings %v: want the dropped fragment as written", rep.Warnings)
	}
}

// TestNoLinkToAnIDTheBookDrops drops a link to an element whose id the
// XHTML cannot keep, loosely matched or not.
func TestNoLinkToAnIDTheBookDrops(t *testing.T) {
	p := &book.Post{ID: "p1", Source: "post.md", Body: []byte("Text<span id=\"“note”\">x</span> and a [star](#note).\n")}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{p}}}}
	docs := markup.Docs{p.ID: markup.Parse(p)}
	s := New(b, docs, Site{}).Settle(docs[p.ID])
	if got := destinations(docs[p.ID]); len(got) != 0 || s.Fragments != 1 {
		t.Errorf("destinations %v (%d fragments dropped), want the link dropped", got, s.Fragments)
	}
}

// TestReportCountsPosts says how many posts the dropped links of a kind
// are in, where the warning names only the first one's file.
func TestReportCountsPosts(t *testing.T) {
	var all Settled
	for i, n := range []int{3, 0, 2} {
		var one Settled
		one.Fragments = n
		if n > 0 {
			one.drop(dropFragment, Dropped{Source: fmt.Sprintf("p%d.md", i), Dest: "#x"})
		}
		all.add(one)
	}
	rep := &book.Report{}
	report(all, rep)
	if len(rep.Warnings) != 1 || rep.Warnings[0].String() != "p0.md: 5 links to a place a post does not have removed, their text kept (in 2 posts; first here: #x)" {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestLinksToFootnotes keeps a hand-written link to a footnote by
// kramdown's id, pointed at the note, and quotes one to a note the post
// lacks as the post wrote it.
func TestLinksToFootnotes(t *testing.T) {
	p := &book.Post{ID: "p1", Title: "Notes", Source: "notes.md",
		Body: []byte("Text[^note]; [see it](#fn:note) and [a lost one](#fn:lost).\n\n[^note]: The note.\n")}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{p}}}}
	docs := markup.Docs{p.ID: markup.Parse(p)}
	rep := &book.Report{}
	Resolve(b, docs, Site{}, rep)
	got := destinations(docs[p.ID])
	if want := "#" + markup.FootnoteID(docs[p.ID].Prefix, 1); len(got) != 1 || got[0] != want {
		t.Errorf("destinations %q, want only %q", got, want)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].String(), "(first here: #fn:lost)") {
		t.Errorf("warnings %v", rep.Warnings)
	}
}

// TestMalformedAddresses drops links, written as links or as autolinks,
// to addresses that are not ones (a typo's "!" in a host), keeping their
// text, and counts them in one warning.
func TestMalformedAddresses(t *testing.T) {
	p := &book.Post{ID: "p1", Title: "Photos", Source: "photos.md",
		Body: []byte("See [my photo site](https://photos.example!), <https://a,b.example/x>, [this one](https://my_site.example.org/) and <https://example.org/ok>.\n")}
	b := &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{p}}}}
	docs := markup.Docs{p.ID: markup.Parse(p)}
	rep := &book.Report{}
	Resolve(b, docs, Site{}, rep)
	if got, want := strings.Join(destinations(docs[p.ID]), " "), "https://my_site.example.org/ https://example.org/ok"; got != want {
		t.Errorf("destinations %s, want %s", got, want)
	}
	x, err := docs[p.ID].XHTML(markup.XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"See my photo site, https://a,b.example/x, <a"} {
		if !strings.Contains(x, want) {
			t.Errorf("XHTML lacks %q:\n%s", want, x)
		}
	}
	if len(rep.Warnings) != 1 || rep.Warnings[0].String() != `photos.md: 2 links to an address that is not one (a typo such as a host with "!" or a space in it) removed, their text kept (first here: https://photos.example!)` {
		t.Errorf("warnings %v", rep.Warnings)
	}
}
