package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
)

func TestParseFrontMatter(t *testing.T) {
	paris := time.FixedZone("", 2*3600)
	tests := []struct {
		name, file, src string
		want            book.Post
	}{
		{
			name: "yaml", file: "posts/hello.md",
			src: "---\ntitle: Hello\ndate: 2019-07-02\ntags: [azure, cloud]\ncategories: ops\nslug: hi\nurl: /2019/07/02/hi/\naliases: [/old/]\nsummary: Short\nlang: fr\nauthor: Ann\ncover: c.png\n---\nBody\n",
			want: book.Post{Title: "Hello", Date: time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC), Tags: []string{"azure", "cloud"},
				Categories: []string{"ops"}, Slug: "hi", Permalinks: []string{"/2019/07/02/hi/", "/old/"}, Summary: "Short",
				Lang: "fr", Author: "Ann", Cover: "c.png", Body: []byte("Body\n"), BodyLine: 14},
		},
		{
			name: "toml with zone", file: "x.md",
			src: "+++\ntitle = \"Zoned\"\ndate = 2018-06-01T10:30:00+02:00\ntags = [\"a\"]\ndraft = true\n+++\nText\n",
			want: book.Post{Title: "Zoned", Date: time.Date(2018, 6, 1, 10, 30, 0, 0, paris), Tags: []string{"a"}, Draft: true,
				Slug: "x", Body: []byte("Text\n"), BodyLine: 7},
		},
		{
			name: "toml local date is UTC", file: "y.md",
			src:  "+++\ntitle = \"Local\"\ndate = 2018-06-01\n+++\n",
			want: book.Post{Title: "Local", Date: time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC), Slug: "y", Body: []byte(""), BodyLine: 5},
		},
		{
			name: "hugo offset form", file: "z.md",
			src:  "---\ntitle: Offset\ndate: \"2018-06-01 10:30:00 -0500\"\n---\n",
			want: book.Post{Title: "Offset", Date: time.Date(2018, 6, 1, 10, 30, 0, 0, time.FixedZone("", -5*3600)), Slug: "z", Body: []byte(""), BodyLine: 5},
		},
		{
			name: "jekyll file name gives date and slug", file: "_posts/2017-08-23-hard-way.md",
			src: "---\ntitle: Hard way\ncategories: k8s azure\npublished: false\n---\n",
			want: book.Post{Title: "Hard way", Date: time.Date(2017, 8, 23, 0, 0, 0, 0, time.UTC), Slug: "hard-way",
				Categories: []string{"k8s", "azure"}, Draft: true, Body: []byte(""), BodyLine: 6},
		},
		{
			name: "title from first heading", file: "notes.md",
			src:  "\n# The heading  \n\nText.\n",
			want: book.Post{Title: "The heading", Slug: "notes", Body: []byte("\nText.\n"), BodyLine: 1},
		},
		{
			name: "title from text", file: "bundle/index.md",
			src:  "Just text.\n",
			want: book.Post{Title: "Just text", Slug: "bundle", Body: []byte("Just text.\n"), BodyLine: 1},
		},
		{
			name: "title from file name", file: "bundle/index.md",
			src:  "---\ndraft: false\n---\n![](a.png)\n",
			want: book.Post{Title: "bundle", Slug: "bundle", Body: []byte("![](a.png)\n"), BodyLine: 4},
		},
		{
			name: "crlf and bom", file: "w.md",
			src:  "\uFEFF---\r\ntitle: Windows\r\n---\r\nText\r\n",
			want: book.Post{Title: "Windows", Slug: "w", Body: []byte("Text\n"), BodyLine: 4},
		},
		{
			// gray-matter (Eleventy), Jekyll and Hugo read fences whose
			// lines end in spaces or tabs.
			name: "yaml fences with trailing blanks", file: "blank.md",
			src:  "--- \ntitle: Spaced\ndate: 2021-03-04\n---\t \nText\n",
			want: book.Post{Title: "Spaced", Date: time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC), Slug: "blank", Body: []byte("Text\n"), BodyLine: 5},
		},
		{
			name: "toml fences with trailing blanks", file: "tab.md",
			src:  "+++\t\ntitle = \"Tabbed\"\n+++  \nText\n",
			want: book.Post{Title: "Tabbed", Slug: "tab", Body: []byte("Text\n"), BodyLine: 4},
		},
		{
			name: "a rule with text after it is no front matter", file: "rule.md",
			src:  "--- x\n# Heading\n",
			want: book.Post{Title: "--- x", Slug: "rule", Body: []byte("--- x\n# Heading\n"), BodyLine: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.src), tt.file)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Source = tt.file
			if diff := comparePosts(got, &tt.want); diff != "" {
				t.Error(diff)
			}
		})
	}
}

func comparePosts(got, want *book.Post) string {
	var diffs []string
	check := func(field string, g, w any) {
		if gs, ws := strings.TrimSpace(strings.ReplaceAll(fmtAny(g), "\n", `\n`)), strings.TrimSpace(strings.ReplaceAll(fmtAny(w), "\n", `\n`)); gs != ws {
			diffs = append(diffs, field+": got "+gs+", want "+ws)
		}
	}
	check("Title", got.Title, want.Title)
	check("Date", got.Date.Format(time.RFC3339), want.Date.Format(time.RFC3339))
	check("Tags", got.Tags, want.Tags)
	check("Categories", got.Categories, want.Categories)
	check("Draft", got.Draft, want.Draft)
	check("Slug", got.Slug, want.Slug)
	check("Permalinks", got.Permalinks, want.Permalinks)
	check("Summary", got.Summary, want.Summary)
	check("Lang", got.Lang, want.Lang)
	check("Author", got.Author, want.Author)
	check("Cover", got.Cover, want.Cover)
	check("Body", string(got.Body), string(want.Body))
	check("BodyLine", got.BodyLine, want.BodyLine)
	check("Source", got.Source, want.Source)
	return strings.Join(diffs, "\n")
}

func fmtAny(v any) string {
	switch v := v.(type) {
	case []string:
		return "[" + strings.Join(v, "|") + "]"
	case string:
		return v
	default:
		return strings.TrimSpace(strings.Trim(fmt.Sprint(v), "[]"))
	}
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"invalid utf-8", "---\ntitle: x\n---\nok\nbad \xff byte\n", 5, "invalid UTF-8"},
		{"malformed yaml", "---\ntitle: x\ntags: a: b\n---\n", 3, "malformed YAML front matter"},
		{"malformed toml", "+++\ntitle = \"x\"\ndate = = 1\n+++\n", 3, "malformed TOML front matter"},
		{"unclosed", "---\ntitle: x\n", 1, "never closed"},
		{"unknown date", "---\ntitle: x\ndate: someday\n---\n", 3, `date: unknown date format "someday"`},
		{"bad draft", "---\ntitle: x\ndraft: maybe\n---\n", 3, "draft: want true or false"},
		{"impossible date", "---\ntitle: x\n\ndate: 2019-02-30\n---\n", 4, `date: impossible date "2019-02-30": day out of range`},
		{"impossible month", "---\ntitle: x\nDate: \"2019-13-01 10:00\"\n---\n", 3, `Date: impossible date "2019-13-01 10:00": month out of range`},
		{"year 0", "---\ntitle: x\ndate: \"0000-06-01\"\n---\n", 3, `impossible date "0000-06-01": the year must be 1 or later`},
		{"year 0 as a YAML date", "---\ntitle: x\ndate: 0000-06-01\n---\n", 3, "the year must be 1 or later"},
		{"toml field line", "+++\ntitle = \"x\"\nlastmod = \"2019-02-29\"\n+++\n", 3, `lastmod: impossible date "2019-02-29"`},
		{"front matter too long", "---\ntitle: " + strings.Repeat("x", MaxFrontMatterBytes) + "\n---\n", 1, "front matter longer than the limit of 1 MB"},
		{"unclosed and long", "---\n" + strings.Repeat("a: b\n", MaxFrontMatterBytes/4), 1, "front matter longer than the limit of 1 MB"},
		{"too many keys", "---\n" + manyKeys(MaxFrontMatterKeys+1, "k%d: 1\n") + "---\n", 10002, "more than 10000 keys"},
		{"too many nested keys", "---\nparams:\n" + manyKeys(MaxFrontMatterKeys, "  k%d: 1\n") + "---\n", 10002, "more than 10000 keys"},
		{"too many toml keys", "+++\n" + manyKeys(MaxFrontMatterKeys+1, "k%d = 1\n") + "+++\n", 1, "more than 10000 keys"},
		{"cr only", "---\rtitle: x\rdate: someday\r---\rBody\r", 3, `date: unknown date format "someday"`},
		{"invalid utf-8 after cr", "---\rtitle: x\r---\rok\rbad \xff byte\r", 5, "invalid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src), "p.md")
			var serr *book.SourceError
			if !errors.As(err, &serr) {
				t.Fatalf("got %v, want a *book.SourceError", err)
			}
			if serr.File != "p.md" || serr.Line != tt.line || !strings.Contains(serr.Error(), tt.msg) {
				t.Errorf("got %q (line %d), want line %d with %q", serr.Error(), serr.Line, tt.line, tt.msg)
			}
		})
	}
}

func manyKeys(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

func TestParseLimitsAreFast(t *testing.T) {
	for _, src := range []string{
		"---\n" + manyKeys(80_000, "k%d: 1\n") + "---\n",
		"---\nsite:\n" + manyKeys(80_000, "  k%d: 1\n") + "---\n",
	} {
		start := time.Now()
		if _, err := Parse([]byte(src), "p.md"); err == nil || !strings.Contains(err.Error(), "keys") {
			t.Errorf("got %v, want the key limit", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v to refuse 80,000 keys", d)
		}
	}
}

func TestParseLineEndsAndTagMaps(t *testing.T) {
	tests := []struct {
		name, src  string
		title      string
		tags, cats []string
	}{
		{"cr only", "---\rtitle: Old Mac\rtags: [a, b]\r---\rBody\r", "Old Mac", []string{"a", "b"}, nil},
		{"crlf", "---\r\ntitle: Windows\r\n---\r\n", "Windows", nil, nil},
		{"tags as a map", "---\ntitle: T\ntags: {web: true, go: true}\ncategories:\n  ops: 1\n---\n", "T", []string{"go", "web"}, []string{"ops"}},
		{"toml tags as a table", "+++\ntitle = \"T\"\n[tags]\nz = 1\na = 2\n+++\n", "T", []string{"a", "z"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse([]byte(tt.src), "p.md")
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != tt.title || fmtAny(p.Tags) != fmtAny(tt.tags) || fmtAny(p.Categories) != fmtAny(tt.cats) {
				t.Errorf("got %q, tags %q, categories %q; want %q, %q, %q", p.Title, p.Tags, p.Categories, tt.title, tt.tags, tt.cats)
			}
		})
	}
}

func TestIsPostFile(t *testing.T) {
	for name, want := range map[string]bool{
		"post.md": true, "post.markdown": true, "a/b/index.md": true, "README.md": false,
		"_index.md": false, "notes.txt": false, "image.png": false, "LICENSE.md": false,
	} {
		if got := IsPostFile(name); got != want {
			t.Errorf("IsPostFile(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: x\ndate: 2020-01-01\n---\nbody"))
	f.Add([]byte("+++\ntitle = 'x'\n+++\n# H\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("# Title\n\ntext"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data, "fuzz.md")
		if err == nil && p.Title == "" {
			t.Errorf("post without a title")
		}
	})
}
