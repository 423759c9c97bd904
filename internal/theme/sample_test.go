package theme

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/lang"
	"github.com/anthology-book/anthology/internal/markup"
	"gopkg.in/yaml.v3"
)

// loadSample reads the sample blog's posts with a minimal front matter
// splitter, so these tests do not depend on the Markdown source package.
func loadSample(t testing.TB) []*book.Post {
	t.Helper()
	files, err := filepath.Glob("../../testdata/sample/posts/*.md")
	if err != nil || len(files) == 0 {
		t.Skip("sample blog not found")
	}
	sort.Strings(files)
	var posts []*book.Post
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, parsePost(t, f, data))
	}
	return posts
}

func parsePost(t testing.TB, name string, data []byte) *book.Post {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		t.Fatalf("%s: no front matter", name)
	}
	fm, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		t.Fatalf("%s: front matter not closed", name)
	}
	var meta struct {
		Title      string    `yaml:"title"`
		Date       time.Time `yaml:"date"`
		Tags       []string  `yaml:"tags"`
		Categories []string  `yaml:"categories"`
		Slug       string    `yaml:"slug"`
		Lang       string    `yaml:"lang"`
		URL        string    `yaml:"url"`
	}
	if err := yaml.Unmarshal(fm, &meta); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	slug := meta.Slug
	if slug == "" {
		slug = strings.TrimSuffix(filepath.Base(name), ".md")
	}
	p := &book.Post{Title: meta.Title, Date: meta.Date, Tags: meta.Tags, Categories: meta.Categories,
		Slug: slug, Lang: meta.Lang, Body: body, Source: name}
	// As the build does before grouping: parse once, detect the language,
	// and group on the running text (Options.Prose reads Body when nil).
	doc := markup.Parse(p)
	if p.Lang == "" {
		p.Lang = lang.Detect(doc.Prose())
	}
	p.Body = []byte(doc.Prose())
	return p
}

// The check 1: with no book file, the sample blog makes 3 to 8
// chapters of at least 2 posts, with the Kubernetes posts together, the
// two presentation posts together, and names a person would give.
func TestSampleBlog(t *testing.T) {
	posts := loadSample(t)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		t.Logf("%s: %d posts", c.Title, len(c.Posts))
	}
	if n := len(chapters); n < 3 || n > 8 {
		t.Errorf("%d chapters, want 3 to 8", n)
	}
	for _, c := range chapters {
		if len(c.Posts) < 2 {
			t.Errorf("chapter %q has %d post", c.Title, len(c.Posts))
		}
		if !readableTitle(c.Title) {
			t.Errorf("chapter title %q does not read as a title", c.Title)
		}
	}
	together := [][]string{
		{"Kubernetes, the hard way, AZCLI style", "Kubernetes and Azure Container Instances",
			"Bring your containers to the cloud", "Managed Kubernetes and security"},
		{"My very first public presentation – preparation", "My very first public presentation – feedback"},
	}
	byTitle := map[string]*book.Post{}
	for _, p := range posts {
		byTitle[p.Title] = p
	}
	for _, group := range together {
		first := byTitle[group[0]]
		for _, title := range group {
			p := byTitle[title]
			if p == nil {
				t.Fatalf("sample has no post %q", title)
			}
			if p.Theme != first.Theme {
				t.Errorf("%q is in %q, %q in %q: want one chapter", title, p.Theme, first.Title, first.Theme)
			}
		}
	}
	if k := byTitle[together[0][0]].Theme; !strings.Contains(k, "Kubernetes") {
		t.Errorf("the Kubernetes posts are in %q, want a title that says Kubernetes", k)
	}
}

// readableTitle accepts one or two capitalized words or names joined by
// " & ": no stems ("kubernet"), no lists of lower-case words.
func readableTitle(s string) bool {
	for _, w := range strings.Split(s, " & ") {
		r := []rune(w)
		if len(r) < 2 || !unicode.IsUpper(r[0]) || strings.ContainsAny(w, ",;") {
			return false
		}
	}
	return strings.Count(s, " & ") <= 1
}

// The check 2: neither the order of the input files nor their
// names change the plan.
func TestSampleIgnoresFileOrderAndNames(t *testing.T) {
	plan := func(posts []*book.Post) string {
		chapters, rep, err := Group(posts, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, c := range chapters {
			fmt.Fprintf(&b, "%s|%s\n", c.Title, c.Description)
			for _, p := range c.Posts {
				fmt.Fprintf(&b, "  %s|%s|%s\n", p.Date, p.Title, p.ThemeReason)
			}
		}
		for _, w := range rep.Warnings {
			fmt.Fprintf(&b, "%s\n", w.Msg)
		}
		return b.String()
	}
	want := plan(loadSample(t))
	for seed := range 5 {
		posts := loadSample(t)
		r := rand.New(rand.NewPCG(uint64(seed), 1))
		r.Shuffle(len(posts), func(i, j int) { posts[i], posts[j] = posts[j], posts[i] })
		for i, p := range posts {
			p.Source = fmt.Sprintf("renamed/%02d-%d.md", (i*7+seed)%len(posts), seed)
			p.Slug = strings.TrimSuffix(filepath.Base(p.Source), ".md")
		}
		if got := plan(posts); got != want {
			t.Fatalf("seed %d: plan changed:\n%s\nwant\n%s", seed, got, want)
		}
	}
}

// --chapters N asks for about N chapters: the sample gives N, give or
// take one, each of at least two posts.
func TestSampleChaptersOption(t *testing.T) {
	for n := 3; n <= 8; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			chapters, _, err := Group(loadSample(t), Options{Chapters: n})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(chapters); got < n-1 || got > n+1 {
				t.Errorf("--chapters %d gave %d chapters: %v", n, got, titles(chapters))
			}
			for _, c := range chapters {
				if len(c.Posts) < 2 {
					t.Errorf("chapter %q has %d post", c.Title, len(c.Posts))
				}
			}
		})
	}
}
