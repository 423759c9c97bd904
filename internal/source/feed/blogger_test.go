package feed

import (
	"encoding/xml"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestBloggerExport reads a "Back up content" file as the blog publishes
// it: its posts only, drafts marked, labels without the kind, the post's
// address as its permalink, dates in the blog's zone.
func TestBloggerExport(t *testing.T) {
	posts, rep := load(t, "blog-03-14-2021.xml", nil)
	cet := time.FixedZone("", 3600)
	base := "tag:blogger.com,1999:blog-7000000000000000001.post-110000000000000000"
	check(t, posts, []want{
		{
			title:  "First tomatoes on the sill",
			date:   time.Date(2021, 3, 2, 18, 30, 0, 0, cet),
			tags:   []string{"tomatoes", "seedlings"},
			author: "Ines Gardener",
			links:  []string{"http://quiet-gardens.blogspot.com/2021/03/first-tomatoes-on-sill.html", base + "1"},
			contains: []string{
				"<p>The seeds went into egg boxes on Sunday.<br/>\nBy Thursday the first green loops were up.</p>",
				"<p>Watering: <strong>once a day</strong>, from below.</p>",
				// Without a folder of images, a picture on the web is a link to it,
				// at the full size the blog opened it at.
				`<p><a href="https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh-sill/s1600/sill.jpg">Image: sill.jpg</a></p>`,
			},
			excludes: []string{"b:skin", "Which variety", "imageanchor"},
		},
		{
			title:    "Pricking out",
			date:     time.Date(2021, 3, 9, 7, 5, 0, 0, cet),
			tags:     []string{"tomatoes"},
			author:   "Ines Gardener",
			links:    []string{"http://quiet-gardens.blogspot.com/2021/03/pricking-out.html", base + "2"},
			contains: []string{`<a href="http://quiet-gardens.blogspot.com/2021/03/first-tomatoes-on-sill.html">the first loops</a>`, "<p>Each one went into its own pot, buried up to the leaves.</p>"},
		},
		{
			title:  "A heap for the leaves",
			date:   time.Date(2021, 3, 12, 21, 40, 0, 0, cet),
			tags:   []string{"compost"},
			author: "Ines Gardener",
			links:  []string{"http://quiet-gardens.blogspot.com/2021/03/heap-for-leaves.html", base + "3"},
			// The country address Blogger once sent readers to is the blog's own.
			contains: []string{`<a href="https://quiet-gardens.blogspot.com/2021/03/pricking-out.html">potted seedlings</a>`},
		},
		{
			title:  "Half-written: blight",
			date:   time.Date(2021, 3, 13, 11, 0, 0, 0, cet),
			tags:   []string{"tomatoes"},
			author: "Ines Gardener",
			links:  []string{base + "4"},
		},
	})
	for i, p := range posts {
		if want := i == 3; p.Draft != want {
			t.Errorf("%q draft = %v, want %v", p.Title, p.Draft, want)
		}
	}
	if posts[0].Lastmod.IsZero() || posts[0].Slug != "first-tomatoes-on-sill" || posts[0].SourceID != "blogger:"+base+"1" {
		t.Errorf("lastmod %v, slug %q, source id %q", posts[0].Lastmod, posts[0].Slug, posts[0].SourceID)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("skipped = %v; drafts are left to the pipeline, pages are no posts", rep.Skipped)
	}
	if len(rep.Notes) != 1 || !strings.Contains(rep.Notes[0], "Blogger pages left out, as they are not posts: 1") {
		t.Errorf("notes = %q", rep.Notes)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

// TestBloggerTakeout reads Google Takeout's feed.atom: blogger:type and
// blogger:status say what an entry is, blogger:filename where it was
// published, below the address its posts' links to one another give.
func TestBloggerTakeout(t *testing.T) {
	posts, rep := load(t, "takeout-feed.atom", nil)
	base := "tag:blogger.com,1999:blog-8000000000000000002.post-440000000000000000"
	check(t, posts, []want{
		{
			title:    "Boats at low tide",
			date:     time.Date(2022, 8, 1, 7, 30, 0, 0, time.FixedZone("", 7200)),
			tags:     []string{"boats", "pencil"},
			author:   "Tomas Inker",
			links:    []string{"https://harbour-sketches.blogspot.com/2022/08/boats-at-low-tide.html", base + "1"},
			contains: []string{"<p>The fishing boats lean on their keels when the water goes out.<br/>\nI drew three of them in pencil.</p>"},
		},
		{
			title:    "The crane by the quay",
			date:     time.Date(2022, 8, 8, 6, 45, 0, 0, time.UTC),
			tags:     []string{"boats"},
			author:   "Tomas Inker",
			links:    []string{"https://harbour-sketches.blogspot.com/2022/08/crane-by-quay.html", base + "2"},
			contains: []string{`<a href="https://harbour-sketches.blogspot.com/2022/08/boats-at-low-tide.html">the boats</a>`, `<a href="/2022/08/boats-at-low-tide.html">the boats</a>`},
		},
		{
			title:  "Gulls (unfinished)",
			date:   time.Date(2022, 8, 9, 6, 0, 0, 0, time.UTC),
			author: "Tomas Inker",
			links:  []string{base + "3"},
		},
	})
	if !posts[2].Draft || posts[0].Draft || posts[1].Draft {
		t.Errorf("drafts = %v, %v, %v; want only the third", posts[0].Draft, posts[1].Draft, posts[2].Draft)
	}
	if want := map[string]int{"trashed": 1, "deleted": 1}; !reflect.DeepEqual(rep.Skipped, want) {
		t.Errorf("skipped = %v, want %v", rep.Skipped, want)
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, want := range []string{"taken from the links between its posts: https://harbour-sketches.blogspot.com/", "Blogger pages left out, as they are not posts: 1"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

// TestBloggerMarkers tells a Blogger export by its kinds or its
// generator, and leaves other Atom feeds alone.
func TestBloggerMarkers(t *testing.T) {
	entry := func(inner string) string {
		return `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>` + inner + `</feed>`
	}
	post := `<entry><id>a</id><title>A</title><published>2020-01-02T10:00:00Z</published><category term="one"/><content type="html">x</content></entry>`
	for _, tc := range []struct {
		name, feed string
		blogger    bool
	}{
		{"plain Atom", entry(post), false},
		{"generator", entry(`<generator uri="https://www.blogger.com">Blogger</generator>` + post), true},
		{"kind", entry(`<entry><id>b</id><category scheme="http://schemas.google.com/g/2005#kind" term="http://schemas.google.com/blogger/2008/kind#post"/></entry>`), true},
		{"takeout", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018"><entry><blogger:type>POST</blogger:type></entry></feed>`, true},
		{"type in another namespace", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:x"><entry><x:type>POST</x:type></entry></feed>`, false},
	} {
		gen := ""
		if strings.Contains(tc.feed, ">Blogger<") {
			gen = "Blogger"
		}
		if got := bloggerEntries([]byte(tc.feed), gen) != nil; got != tc.blogger {
			t.Errorf("%s: read as Blogger = %v, want %v", tc.name, got, tc.blogger)
		}
	}
}

func TestWithBlogspotCom(t *testing.T) {
	for in, want := range map[string]string{
		`<a href="http://name.blogspot.com.br/2013/11/a.html">`: `<a href="http://name.blogspot.com/2013/11/a.html">`,
		`<a href='https://name.blogspot.co.uk/'>`:               `<a href='https://name.blogspot.com/'>`,
		`<a href="//name.blogspot.fr">`:                         `<a href="//name.blogspot.com">`,
		`<a href="http://name.blogspot.de:80/x">`:               `<a href="http://name.blogspot.com:80/x">`,
		`<a href="http://name.blogspot.com/2013/11/a.html">`:    `<a href="http://name.blogspot.com/2013/11/a.html">`,
		`<img src="https://1.bp.blogspot.com/-x/s1600/a.jpg">`:  `<img src="https://1.bp.blogspot.com/-x/s1600/a.jpg">`,
		`name.blogspot.fr is mentioned in text`:                 `name.blogspot.fr is mentioned in text`,
	} {
		if got := withBlogspotCom(in); got != want {
			t.Errorf("withBlogspotCom(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestGuessBlogAddress(t *testing.T) {
	entries := []bloggerEntry{
		{Filename: bloggerTakeoutText{XMLName: xmlName("filename"), Text: "/2020/01/a.html"}},
		{Filename: bloggerTakeoutText{XMLName: xmlName("filename"), Text: "/2020/02/b.html"}},
	}
	for _, tc := range []struct {
		contents []string
		want     string
	}{
		{[]string{`<a href="https://other.example/2020/03/c.html">`, ""}, ""},
		{[]string{`<a href="http://mine.blogspot.com.br/2020/02/b.html">`, `<a href="https://mine.blogspot.com/2020/01/A.html">`}, "http://mine.blogspot.com/"},
		// Most links win; on a tie, the first host in byte order.
		{[]string{`<a href="https://zed.example/2020/01/a.html">`, `<a href="https://abc.example/2020/02/b.html">`}, "https://abc.example/"},
	} {
		if got := guessBlogAddress(entries, tc.contents); got != tc.want {
			t.Errorf("guessBlogAddress(%q) = %q, want %q", tc.contents, got, tc.want)
		}
	}
}

func xmlName(local string) xml.Name { return xml.Name{Space: takeoutNS, Local: local} }

func TestFullSizePictures(t *testing.T) {
	const pic = "https://1.bp.blogspot.com/-abc/XyZ/AAAAAAAAB/q1w2e3/"
	const newer = "https://blogger.googleusercontent.com/img/a/AVvXsEgLongName"
	for _, tc := range []struct{ in, want string }{
		{ // the usual pair, the link on http, the picture on https
			`<a href="http://1.bp.blogspot.com/-abc/XyZ/AAAAAAAAB/q1w2e3/s1600/boat.jpg" imageanchor="1"><img src="` + pic + `s320/boat.jpg" width="320"></a>`,
			`<a href="http://1.bp.blogspot.com/-abc/XyZ/AAAAAAAAB/q1w2e3/s1600/boat.jpg" imageanchor="1"><img src="` + pic + `s1600/boat.jpg" width="320"></a>`,
		},
		{ // s1600-h opened a page showing the picture
			`<a href='` + pic + `s1600-h/boat.jpg'><img src='` + pic + `w400-h300/boat.jpg'/></a>`,
			`<a href='` + pic + `s1600-h/boat.jpg'><img src='` + pic + `s1600/boat.jpg'/></a>`,
		},
		{ // the size at the end of a newer address
			`<a href="` + newer + `=s1600"> <img src="` + newer + `=w320-h240"> </a>`,
			`<a href="` + newer + `=s1600"> <img src="` + newer + `=s1600"> </a>`,
		},
		{ // each picture once: a replacement is not replaced again
			`<a href="` + pic + `s1600/b.jpg"><img src="` + pic + `s320/b.jpg"></a><a href="` + pic + `s2000/b.jpg"><img src="` + pic + `s1600/b.jpg"></a>`,
			`<a href="` + pic + `s1600/b.jpg"><img src="` + pic + `s1600/b.jpg"></a><a href="` + pic + `s2000/b.jpg"><img src="` + pic + `s2000/b.jpg"></a>`,
		},
		// another picture, another host, a link with text, no link: as written
		{`<a href="` + pic + `s1600/other.jpg"><img src="` + pic + `s320/boat.jpg"></a>`, ""},
		{`<a href="https://example.org/s1600/boat.jpg"><img src="https://example.org/s320/boat.jpg"></a>`, ""},
		{`<a href="` + pic + `s1600/boat.jpg"><img src="` + pic + `s320/boat.jpg"> the boat</a>`, ""},
		{`<img src="` + pic + `s320/boat.jpg">`, ""},
		{`<a href="` + pic + `s1600/boat.jpg"><img src="` + pic + `s1600/boat.jpg"></a>`, ""},
	} {
		want := tc.want
		if want == "" {
			want = tc.in
		}
		if got := fullSizePictures(tc.in); got != want {
			t.Errorf("fullSizePictures(%s)\n = %s\nwant %s", tc.in, got, want)
		}
	}
}
