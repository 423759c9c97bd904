package theme

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

// outline is what a plan shows of chapters: titles and post titles.
func outline(chapters []*book.Chapter) [][]string {
	var out [][]string
	for _, c := range chapters {
		row := []string{c.Title}
		for _, p := range c.Posts {
			row = append(row, p.Title)
		}
		out = append(out, row)
	}
	return out
}

func TestSuggestReproducesSample(t *testing.T) {
	posts := loadSample(t)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := outline(chapters)
	rules, err := Suggest(chapters, Options{})
	if err != nil {
		t.Fatal(err)
	}
	again, _, err := Group(posts, Options{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	if got := outline(again); !equalOutlines(got, want) {
		t.Errorf("chapters from suggested rules:\n%v\nwant\n%v", got, want)
	}
}

func equalOutlines(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// The check 3, second half: editing a theme's keywords in the
// suggested book file moves the intended post, and only it.
func TestEditedKeywordsMoveThePost(t *testing.T) {
	posts := loadSample(t)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Suggest(chapters, Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, p := range posts {
		before[p.Title] = p.Theme
	}
	const moved, to = "Azure SLAs", "Azure"
	// The blogger moves the keyword "SLA" to the Azure theme.
	found := false
	for i := range rules {
		var kept []string
		for _, k := range rules[i].Keywords {
			if !strings.EqualFold(k, "SLA") {
				kept = append(kept, k)
			}
		}
		rules[i].Keywords = kept
		if rules[i].Name == to {
			rules[i].Keywords = append(rules[i].Keywords, "SLA")
			found = true
		}
	}
	if !found || before[moved] == to {
		t.Fatalf("sample plan changed: want a chapter %q without %q, got %v", to, moved, outline(chapters))
	}
	if _, _, err := Group(posts, Options{Rules: rules}); err != nil {
		t.Fatal(err)
	}
	for _, p := range posts {
		want := before[p.Title]
		if p.Title == moved {
			want = to
		}
		if p.Theme != want {
			t.Errorf("%q is in %q (%s), want %q", p.Title, p.Theme, p.ThemeReason, want)
		}
	}
}

func TestSuggestKeepsRulesAndPosts(t *testing.T) {
	posts := []*book.Post{
		post("Pods", "2020-01-01", []string{"k8s"}, "About pods and nodes."),
		post("Services", "2020-02-01", nil, "About services and nodes."),
		post("Tomatoes", "2020-03-01", nil, "The garden."),
	}
	rules := []Rule{{Name: "Kubernetes", Aliases: []string{"K8s"}, Keywords: []string{"nodes"}}}
	chapters, _, err := Group(posts, Options{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, p := range posts {
		before[p.Title] = p.Theme + "/" + p.ThemeReason
	}
	got, err := Suggest(chapters, Options{Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{rules[0], {Name: Other, Posts: []string{"Services", "Tomatoes"}}}
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
		t.Errorf("Suggest = %+v, want %+v", got, want)
	}
	for _, p := range posts {
		if s := p.Theme + "/" + p.ThemeReason; s != before[p.Title] {
			t.Errorf("Suggest changed %q's theme to %s, was %s", p.Title, s, before[p.Title])
		}
	}
}

// FuzzGroup checks that no post text makes grouping fail or panic, and
// that every post lands in exactly one chapter.
func FuzzGroup(f *testing.F) {
	f.Add("Kubernetes, the hard way", "Some *Markdown* with `code` and <https://example.org>.", "K8s")
	f.Add("L'IA", "Gartner nous dit que 20 % des organisations…", "Français")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, title, body, tag string) {
		posts := []*book.Post{
			post(title, "", []string{tag}, body),
			post(title+" 2", "2020-01-01", []string{tag}, body+" "+title),
			post("Other post", "2020-01-02", nil, title),
		}
		chapters, _, err := Group(posts, Options{Rules: []Rule{{Name: "R", Keywords: []string{title, tag}}}})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range chapters {
			n += len(c.Posts)
		}
		if n != len(posts) {
			t.Errorf("%d posts in chapters, want %d", n, len(posts))
		}
	})
}
