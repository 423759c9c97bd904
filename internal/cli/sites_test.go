package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGeneratorSites compiles the Hugo and Jekyll fixture sites: their
// shortcodes, Liquid tags and raw HTML must become book content, so the
// EPUB passes epubcheck and no template markup is left in its text.
func TestGeneratorSites(t *testing.T) {
	tests := []struct {
		site     string
		want     []string // in the book's text
		not      []string // nowhere in the book's text
		markup   []string // in the XHTML of the book's posts
		warnings []string // in the messages
	}{
		{
			site: "hugo-site",
			want: []string{
				"The weather was sunny and the editor, Ann Editor, came along.",
				"The route — Elevation of the first day", "Processed by the theme",
				"func climb(m int) int {", "ls -l ~/rides",
				"Note Pack two spare tubes.", "Steep descent Check the brakes", "Closed road The col is closed", "Side note Mapped to a quote",
				"Video on YouTube: youtube.com/watch?v=w7Ft2ymGmfc", "Video on Vimeo: The descent",
				"Post by @SanDiegoZoo on X (Twitter)", "Gist by spf13: img.html", "Post on Instagram: BWNjjyYFxVx",
				"Our maps", "A paragraph wrapped in the theme’s post shortcode.", "More Hidden details become a quote.",
				"Video on YouTube: youtube.com/watch?v=dQw4w9WgXcQ", "Video on Vimeo: A climb on Vimeo",
				"A wrapper with an unclosed image", "Last paragraph.",
				"The rest of the post still renders.", "Published two days after it was written",
			},
			not: []string{
				"A draft", "Scheduled for later", "An expired offer", "Welcome to the home page", "A page of the site",
				"newsletter", "gallery", "Subscribe", ".ride", "alert(", "more",
			},
			warnings: []string{
				`unterminated.md:8: unterminated {{<: no ">}}" before the end of the paragraph; the line is left out`,
				"unterminated.md:11: {{% note %}} is never closed (no {{% /note %}}); it is left out",
				"shortcodes.md:59: removed unknown shortcode {{< gallery >}} (2 times in this post, first here)",
			},
		},
		{
			site: "jekyll-site",
			want: []string{
				"Written by Lou Climber for PEAKS AND PASSES on a bright day: “Every Liquid tag on one climb”.",
				`"#{metres} m up" # {{ not.liquid }}`, "In a template you write {{ page.title }} to show the title.",
				"Video on YouTube: youtube.com/watch?v=w7Ft2ymGmfc", "Video on Vimeo: vimeo.com/146022717",
				"Post on X (Twitter): twitter.com/jekyllrb/status/1453110110599868418",
				"Gist by parkr: jekyll-private-gists.md", "Post on Instagram: BWNjjyYFxVx",
				"Callout Mapped in the book file", "Comments were on: this line stays.",
				"Inline code keeps its tags: {{ page.title }}.", "A theme’s figure include", "<h1>{{ post.title }}</h1>",
				"Map: google.com/maps/embed?pb=1", "Old HTML: a paragraph",
				"Peaks and Passes is resolved, since raw never closes.", "After both: the rest of the post renders.",
				"Pack light: the hut lends blankets.",
			},
			not: []string{"Unpublished", "Unfinished", "A note to myself", "Sign up", "A page, not a post", "**Pack", "[hut]", "**", "*（"},
			// kramdown reads emphasis beside Chinese punctuation, and
			// beside quotes and brackets before a letter, as emphasis.
			markup: []string{"<strong>今天我们去湖边。</strong>路上", "<em>（桥已经很旧了）</em>风", "<strong>「老张面馆」</strong>，",
				"<strong>“steep”</strong>climb", "<em>(a short detour)</em>home"},
			warnings: []string{
				"2019-05-01-unclosed-blocks.md:7: {% highlight %} is never closed (no {% endhighlight %}); it is left out",
				"2019-05-01-unclosed-blocks.md:10: {% raw %} is never closed (no {% endraw %}); it is left out",
				"2019-03-01-liquid-tags.md:29: removed {% include %}: the site's templates are not part of the book (2 times in this post, first here)",
				"2019-03-01-liquid-tags.md:55: removed unknown Liquid tag {% mailchimp_form %}",
			},
		},
		{
			// An Eleventy blog with its posts in _posts: its data cascade,
			// permalinks from a folder's data file, a loop over data.
			site: "eleventy-site",
			want: []string{
				"The water at North Quay rose above the second step this week.",
				"First written for the almanac: Spring tides.", "weekly forecast agrees",
				"A quiet week after the spring tides at North Quay.",
				"Low water at noon", "High water at dusk",
			},
			not: []string{"About the tide log", "Who keeps this log", "{{", "layout"},
			warnings: []string{
				"eleventy-site/_data/broken.json:4: data file not read: invalid character ']' looking for beginning of value",
				"2021-03-01-spring-tides.md:11: removed {{ now }}: the site's data file for it (_data/now.js) is code, which a book does not run",
				"2021-03-08-index.md:15: removed {% for %} loop: the book has no data for it to run over",
			},
			markup: []string{
				`<a href="https://almanac.example.org/spring-tides">Spring tides</a>`,
				`<a href="p002.xhtml">quiet week after</a>`, `<a href="p001.xhtml">spring tides</a>`,
				`<figcaption>Low water at noon</figcaption>`, `<figcaption>High water at dusk</figcaption>`,
			},
		},
		{
			site: "sites/jekyll-chirpy",
			want: []string{
				"Firing the kiln & waiting", "Notes from a cone 6 night", "<p>{{ page.title }}</p>",
				`<li><a href="pots/{{ pot.slug }}.html">{{ pot.name }}</a></li>`, "~/clay $ jekyll build --destination=_site Done in 2 seconds.",
				"A day without clay", "We walked to the old pottery of The ferry to the", "The ferry left at seven",
			},
			not: []string{"<em>", "<abbr", "{% raw %}", "\uE000", "\uE001", "The meadow behind the shed", "The kiln at dusk"},
			warnings: []string{
				"2021-06-01-only-includes.md:5: the post's text is empty once its template tags are rewritten: only its title is in the book",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.site, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			env := map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}
			code := run(context.Background(), []string{"compile", filepath.Join("../../testdata", tt.site), "-o", out, "--format", "epub"},
				&stdout, &stderr, func(k string) string { return env[k] })
			if code != 0 {
				t.Fatalf("compile %s: exit %d: %s", tt.site, code, stderr.String())
			}
			books, _ := filepath.Glob(filepath.Join(out, "*.epub"))
			if len(books) != 1 {
				t.Fatalf("want one EPUB, got %v", books)
			}
			text := epubText(t, books[0])
			markup := epubMarkup(t, books[0])
			for _, s := range tt.markup {
				if !strings.Contains(markup, s) {
					t.Errorf("missing from the book's XHTML: %q", s)
				}
			}
			for _, s := range []string{"{%", "%}", "{{<", ">}}", "{{%", "%}}"} {
				if i := strings.Index(text, s); i >= 0 {
					t.Errorf("%q left in the book: …%s…", s, text[max(0, i-60):min(len(text), i+60)])
				}
			}
			for _, s := range tt.want {
				if !strings.Contains(text, s) {
					t.Errorf("missing from the book: %q", s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(text, s) {
					t.Errorf("in the book but should not be: %q", s)
				}
			}
			for _, w := range tt.warnings {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("missing warning %q in:\n%s", w, stderr.String())
				}
			}
		})
	}
}

// epubPages returns the XHTML of the post pages of an EPUB, in order.
func epubPages(t *testing.T, name string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	pages := map[string][]byte{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") || !strings.HasPrefix(filepath.Base(f.Name), "p") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		pages[f.Name] = data
	}
	return pages
}

// epubMarkup returns the XHTML of the post pages of an EPUB, one after
// the other.
func epubMarkup(t *testing.T, name string) string {
	t.Helper()
	pages := epubPages(t, name)
	var out strings.Builder
	for _, n := range slices.Sorted(maps.Keys(pages)) {
		out.Write(pages[n])
	}
	return out.String()
}

// epubText returns what a reader sees of the posts of an EPUB: the text of
// its post pages, white space runs made one space.
func epubText(t *testing.T, name string) string {
	t.Helper()
	pages := epubPages(t, name)
	var text strings.Builder
	for _, n := range slices.Sorted(maps.Keys(pages)) {
		dec := xml.NewDecoder(bytes.NewReader(pages[n]))
		dec.Strict = false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", n, err)
			}
			if cd, ok := tok.(xml.CharData); ok {
				text.Write(cd)
			}
		}
		text.WriteString("\n")
	}
	return strings.Join(strings.Fields(text.String()), " ")
}
