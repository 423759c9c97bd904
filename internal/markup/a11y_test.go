package markup

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

func parseBody(body string) *Doc {
	return Parse(&book.Post{ID: "p1", Source: "post.md", Body: []byte(body)})
}

var headingLevel = regexp.MustCompile(`<h(\d)`)

func TestHeadingsUnderTheTitle(t *testing.T) {
	for body, want := range map[string]string{
		"# A\n\n### B\n\n## C\n\n#### D": "2 3 3 4",
		"### A\n\n#### B\n\n## C":        "2 3 2",
		"## A\n\n#### B\n\n###### C":     "2 3 4",
		"<h1>A</h1>\n\n<h3>B</h3>":       "2 3",
		"Text only":                      "",
	} {
		d := parseBody(body)
		html, err := d.XHTML(XHTMLOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range headingLevel.FindAllStringSubmatch(html, -1) {
			got = append(got, m[1])
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%q: levels %v, want %s", body, got, want)
		}
		if d.SkipsHeadingLevel() {
			t.Errorf("%q: a level is skipped after placing", body)
		}
	}
}

func TestAltText(t *testing.T) {
	for _, c := range []struct {
		body, alt string
		missing   []string
	}{
		{`![A cat](cat.png)`, `alt="A cat"`, nil},
		{`![](cat.png "The cat")`, `alt="The cat"`, nil},
		{"![](cat.png)\n\n*The cat, asleep*", `alt="The cat, asleep"`, nil},
		{`![](rule.png "decorative")`, `alt=""`, nil},
		{`![](ornament-1.png)`, `alt=""`, nil},
		{`![](cat.png)`, `alt=""`, []string{"cat.png"}},
	} {
		d := parseBody(c.body)
		if got := d.MissingAlt([]string{"ornament-*.png"}); !slices.Equal(got, c.missing) {
			t.Errorf("%q: missing %q, want %q", c.body, got, c.missing)
		}
		html, _ := d.XHTML(XHTMLOptions{Image: func(src string) (string, bool) { return src, true }})
		if !strings.Contains(html, c.alt) || strings.Contains(html, "decorative") {
			t.Errorf("%q: %s, want %s", c.body, html, c.alt)
		}
	}
}

func TestFrenchSpacing(t *testing.T) {
	d := parseBody("Bonjour ! Il dit : « oui » ; *vraiment*? À 10:30, voir https://ex.org/?a=1 et `a ? b : c`.\n\n## Pourquoi ?")
	d.FrenchSpacing()
	html, _ := d.XHTML(XHTMLOptions{})
	for _, want := range []string{"Bonjour\u202f!", "dit\u202f:", "«\u202foui\u202f»\u202f;", "</em>\u202f?", "10:30", "?a=1", "<code>a ? b : c</code>", "Pourquoi\u202f?"} {
		if !strings.Contains(html, want) {
			t.Errorf("no %q in %s", want, html)
		}
	}
}

func TestTitle(t *testing.T) {
	for _, c := range []struct{ in, lang, want string }{
		{`The "best" tool -- isn't it...`, "en", "The “best” tool – isn’t it…"},
		{`Pourquoi "Go" ? Parce que : <<simple>>!`, "fr", "Pourquoi “Go”\u202f? Parce que\u202f: «\u202fsimple\u202f»\u202f!"},
		{`Plain`, "fr", "Plain"},
		// an option keeps its hyphens; a quote before a space closes
		{`git rebase --skip -- and --- done`, "en", "git rebase --skip – and — done"},
		{`Smooth-Scroll "Back to Top " and 'x '`, "en", "Smooth-Scroll “Back to Top ” and ‘x ’"},
		// an author's own narrow or thin spaces are kept, not doubled
		{"«\u202fLa Possibilité\u202f» et «\u2009oui\u2009»\u202f!", "fr", "«\u202fLa Possibilité\u202f» et «\u202foui\u202f»\u202f!"},
		{`Edges of $$\alpha^2$$ and \(x_{n+1}\)`, "en", "Edges of α² and xₙ₊₁"},
		{`Costs $5, or $$\nope$$`, "en", `Costs $5, or $$\nope$$`},
	} {
		if got := Title(c.in, c.lang); got != c.want {
			t.Errorf("Title(%q, %s) = %q, want %q", c.in, c.lang, got, c.want)
		}
	}
}
