package markdown

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/anthology-book/anthology/internal/book"
)

// TestJekyllExcerptSeparator removes a site's excerpt separator that
// renders as nothing, the site's or the post's own, without a warning.
func TestJekyllExcerptSeparator(t *testing.T) {
	for _, tc := range []struct {
		name, config, post, want string
	}{
		{"liquid output", "excerpt_separator: \"{{ more }}\"\n", "---\ntitle: A\n---\nOpening.\n\n{{ more }}\n\nRest.\n", "Opening.\n\n\n\nRest."},
		{"liquid tag", "excerpt_separator: \"{% more %}\"\n", "---\ntitle: A\n---\nOpening. {% more %} Rest.\n", "Opening.  Rest."},
		{"the post's own", "title: Site\n", "---\ntitle: A\nexcerpt_separator: \"{{ fold }}\"\n---\nOpening.\n{{ fold }}\nRest.\n", "Opening.\n\nRest."},
		{"the post's own wins", "excerpt_separator: \"{{ more }}\"\n", "---\ntitle: A\nexcerpt_separator: \"<!--cut-->\"\n---\nOpening.\n<!--cut-->\nRest.\n", "Opening.\n\nRest."},
		{"plain words stay, as the site shows them", "excerpt_separator: \"READ ON\"\n", "---\ntitle: A\n---\nOpening.\n\nREAD ON\n\nRest.\n", "Opening.\n\nREAD ON\n\nRest."},
		{"the default blank line stays", "title: Site\n", "---\ntitle: A\n---\nOpening.\n\nRest.\n", "Opening.\n\nRest."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := &book.Report{}
			posts, err := Load(context.Background(), fstest.MapFS{
				"_config.yml":            {Data: []byte(tc.config)},
				"_posts/2020-01-01-a.md": {Data: []byte(tc.post)},
			}, ".", "site", Options{}, rep)
			if err != nil {
				t.Fatal(err)
			}
			if len(posts) != 1 {
				t.Fatalf("%d posts", len(posts))
			}
			if got := strings.TrimSpace(string(posts[0].Body)); got != tc.want {
				t.Errorf("body %q, want %q", got, tc.want)
			}
			for _, w := range rep.Warnings {
				t.Errorf("warning %s:%d: %s", w.Source, w.Line, w.Msg)
			}
		})
	}
}

// TestJekyllKeysAsWritten reads a Jekyll post's keys only as written, as
// Jekyll does, and says once for the blog which keys it leaves unread; a
// Hugo post's keys are read in any case, as Hugo reads them.
func TestJekyllKeysAsWritten(t *testing.T) {
	capitalised := "---\nTitle: Why we go away\nDate: 2014-01-05\nTags: [trips]\ncategories: [life]\n---\nText.\n"
	rep := &book.Report{}
	posts, err := Load(context.Background(), fstest.MapFS{
		"_config.yml":                       {Data: []byte("title: Site\n")},
		"_posts/2014-01-15-going-away.md":   {Data: []byte(capitalised)},
		"_posts/2014-02-01-staying.md":      {Data: []byte(strings.Replace(capitalised, "2014-01-05", "2014-02-01", 1))},
		"_posts/2014-03-01-both-ways.md":    {Data: []byte("---\ntitle: Kept\nTitle: Not read\ndate: 2014-03-02\n---\nText.\n")},
		"_posts/2014-04-01-no-title.md":     {Data: []byte("---\ndate: 2014-04-01\n---\n# A heading\n\nText.\n")},
		"_posts/2014-05-01-hEllo--WORLD.md": {Data: []byte("Text.\n")},
	}, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*book.Post{}
	for _, p := range posts {
		got[p.Source[strings.LastIndex(p.Source, "/")+1:]] = p
	}
	for _, tc := range []struct{ file, title, date string }{
		{"2014-01-15-going-away.md", "Going Away", "2014-01-15"},
		{"2014-03-01-both-ways.md", "Kept", "2014-03-02"},
		{"2014-04-01-no-title.md", "No Title", "2014-04-01"},
		{"2014-05-01-hEllo--WORLD.md", "Hello World", "2014-05-01"},
	} {
		p := got[tc.file]
		if p == nil {
			t.Errorf("%s: no post", tc.file)
			continue
		}
		if p.Title != tc.title || p.Date.Format("2006-01-02") != tc.date {
			t.Errorf("%s: %q dated %s, want %q dated %s", tc.file, p.Title, p.Date.Format("2006-01-02"), tc.title, tc.date)
		}
	}
	if p := got["2014-01-15-going-away.md"]; p != nil && (len(p.Tags) != 0 || len(p.Categories) != 1) {
		t.Errorf("tags %q, categories %q: want no tags, one category", p.Tags, p.Categories)
	}
	if p := got["2014-04-01-no-title.md"]; p != nil && !strings.Contains(string(p.Body), "# A heading") {
		t.Errorf("body %q: the heading is the post's text, as on the site", p.Body)
	}
	var msgs []string
	for _, w := range rep.Warnings {
		msgs = append(msgs, w.Msg)
	}
	want := []string{
		`Jekyll does not read front matter key "Date", only "date" in lower case: the site and the book take the post's date from its file name (2 times in 2 posts, first here)`,
		`Jekyll does not read front matter key "Tags", only "tags" in lower case: neither the site nor the book has it (2 times in 2 posts, first here)`,
		`Jekyll does not read front matter key "Title", only "title" in lower case: the site and the book take the post's title from its file name (2 times in 2 posts, first here)`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}

	hugo, err := Load(context.Background(), fstest.MapFS{
		"hugo.toml":          {Data: []byte("title = \"Site\"\n")},
		"content/posts/a.md": {Data: []byte(capitalised)},
	}, ".", "site", Options{}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hugo) != 1 || hugo[0].Title != "Why we go away" || hugo[0].Date.Format("2006-01-02") != "2014-01-05" {
		t.Errorf("Hugo reads Title: and Date: in any case: got %+v", hugo)
	}
}

func TestTitleizeSlug(t *testing.T) {
	for in, want := range map[string]string{
		"tourism":         "Tourism",
		"going-away":      "Going Away",
		"thank you team":  "Thank you team",
		"-leading-hyphen": "Leading Hyphen",
		"two--hyphens":    "Two Hyphens",
		"MIXED-case":      "Mixed Case",
		"élan-vital":      "Élan Vital",
	} {
		if got := titleizeSlug(in); got != want {
			t.Errorf("titleizeSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestZolaKeysAsWritten reads a Zola page's keys only as written, as
// Zola's serde does.
func TestZolaKeysAsWritten(t *testing.T) {
	rep := &book.Report{}
	posts, err := Load(context.Background(), fstest.MapFS{
		"config.toml":                  {Data: []byte("base_url = \"https://example.org\"\ntitle = \"Site\"\n")},
		"content/blog/_index.md":       {Data: []byte("+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n")},
		"content/blog/2021-03-04-a.md": {Data: []byte("+++\nTitle = \"Not read\"\nDate = 2020-01-01\n+++\nText.\n")},
		"content/blog/b.md":            {Data: []byte("+++\ntitle = \"B\"\ndate = 2021-05-06\n+++\nText.\n")},
	}, ".", "site", Options{}, rep)
	if err != nil {
		t.Fatal(err)
	}
	var a *book.Post
	for _, p := range posts {
		if strings.HasSuffix(p.Source, "2021-03-04-a.md") {
			a = p
		}
	}
	if a == nil {
		t.Fatalf("no post a among %d", len(posts))
	}
	if a.Title == "Not read" || a.Date.Format("2006-01-02") != "2021-03-04" {
		t.Errorf("%q dated %s: want Title and Date unread, the file name's date", a.Title, a.Date.Format("2006-01-02"))
	}
	var msgs []string
	for _, w := range rep.Warnings {
		msgs = append(msgs, w.Msg)
	}
	if got := strings.Join(msgs, "\n"); !strings.Contains(got, `Zola does not read front matter key "Title", only "title" in lower case`) {
		t.Errorf("warnings:\n%s", got)
	}
}
