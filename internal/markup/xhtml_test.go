package markup

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	xhtml "golang.org/x/net/html"
)

func render(t *testing.T, body string, opts XHTMLOptions) string {
	t.Helper()
	out, err := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(body)}).XHTML(opts)
	if err != nil {
		t.Fatal(err)
	}
	// Every fragment must be well-formed XML: a reading system rejects
	// anything less.
	dec := xml.NewDecoder(strings.NewReader(`<body xmlns:epub="http://www.idpf.org/2007/ops">` + out + `</body>`))
	for {
		if _, err := dec.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed XML (%v):\n%s", err, out)
		}
	}
	return out
}

func TestXHTML(t *testing.T) {
	tests := []struct {
		name, md string
		want     []string
		not      []string
	}{
		{"typography is UTF-8, not entities", `"Quotes" -- and --- it's... fine`,
			[]string{"“Quotes” – and — it’s… fine"}, []string{"&ldquo;", "&hellip;"}},
		{"heading ids are scoped", "## Intro\n\n## Intro\n",
			[]string{`id="p01-intro"`, `id="p01-intro-2"`}, nil},
		{"footnotes are EPUB notes", "Text[^1]\n\n[^1]: Note\n",
			[]string{`epub:type="noteref"`, `href="#p01-fn-1"`, `id="p01-fn-1"`, `epub:type="footnote"`, `epub:type="footnotes"`}, []string{"fn:1"}},
		{"gfm", "| a | b |\n|:-|-:|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n",
			[]string{`<td style="text-align: left">1</td>`, "<del>gone</del>", `href="http://www.example.com"`, `checked=""`, `type="checkbox"`}, nil},
		{"definition lists", "Term\n: Definition\n", []string{"<dt>Term</dt>", "<dd>Definition</dd>"}, nil},
		{"scripts, iframes, forms and events go", `<div onclick="x()">a<script>alert(1)</script><iframe src="http://x"></iframe><form><input type="text"></form></div>`,
			[]string{`<p>a<a href="http://x">Embedded content: x</a></p>`}, []string{"script", "iframe", "onclick", "form", `type="text"`}},
		{"unclosed raw HTML stays in its block", "<div><b>bold\n\nNext paragraph.\n",
			[]string{"<p><strong>bold</strong></p>", "<p>Next paragraph.</p>"}, nil},
		{"void elements are closed", "a<br>b\n\n<img src=\"x.png\" alt=\"pic\">\n\n---\n",
			[]string{"<br/>", "<hr/>"}, nil},
		{"entities in raw HTML become characters", "<p>caf&eacute;&nbsp;cr&egrave;me</p>\n", []string{"café\u00a0crème"}, []string{"&eacute;", "&nbsp;"}},
		{"javascript links go", `[x](javascript:alert(1))`, nil, []string{"javascript"}},
		{"what shows without scripts is shown", "<div class=\"chart\"><noscript>\n<img alt=\"Answers\" src=\"chart.png\"/>\n</noscript></div>\n\nA <noscript><b>static</b></noscript> word.\n",
			[]string{"Answers", "A <strong>static</strong> word."}, []string{"noscript"}},
		{"a notice asking for JavaScript goes", "<noscript>Please enable JavaScript to view the comments.</noscript>\n\nText <noscript>Turn on JavaScript!</noscript> here.\n",
			[]string{"Text  here."}, []string{"enable", "Turn on", "<p></p>"}},
		{"obsolete attributes go", `<table align="center" border="1"><tr><td bgcolor="red">x</td></tr></table>`,
			[]string{"<td>x</td>"}, []string{"align", "bgcolor", "border"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.md, XHTMLOptions{})
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("missing %q in:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("unexpected %q in:\n%s", n, got)
				}
			}
		})
	}
}

func TestXHTMLMapsImagesAndLinks(t *testing.T) {
	md := "![A cat](cat.png) ![Gone](missing.png)\n\n[other](" + PostHref("p07", "sec") + ") [web](https://example.org)\n"
	got := render(t, md, XHTMLOptions{
		Image: func(src string) (string, bool) { return "../images/" + src, src == "cat.png" },
		Link: func(href string) string {
			if id, frag, ok := ParsePostHref(href); ok {
				return id + ".xhtml#" + frag
			}
			return href
		},
	})
	for _, w := range []string{`<img alt="A cat" src="../images/cat.png"/>`, `<span class="missing-image">Gone</span>`,
		`href="p07.xhtml#sec"`, `href="https://example.org"`} {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
}

func TestPostHref(t *testing.T) {
	for _, tt := range []struct{ href, id, frag string }{
		{PostHref("p1", ""), "p1", ""}, {PostHref("p1", "x"), "p1", "x"},
	} {
		id, frag, ok := ParsePostHref(tt.href)
		if !ok || id != tt.id || frag != tt.frag {
			t.Errorf("ParsePostHref(%q) = %q, %q, %v", tt.href, id, frag, ok)
		}
	}
	for _, href := range []string{"https://x", "", "anthology-post:", "#frag"} {
		if _, _, ok := ParsePostHref(href); ok {
			t.Errorf("ParsePostHref(%q) = ok", href)
		}
	}
}

func FuzzXHTML(f *testing.F) {
	f.Add("# T\n\n<div><b>x\n\n[^1]\n\n[^1]: n\n")
	f.Add("<table><tr><td>x</table>\n\n| a |\n|---|\n| b |\n")
	f.Fuzz(func(t *testing.T, md string) {
		out, err := Parse(&book.Post{ID: "p1", Source: "f.md", Body: []byte(md)}).XHTML(XHTMLOptions{})
		if err != nil {
			return
		}
		dec := xml.NewDecoder(strings.NewReader("<body xmlns:epub=\"e\">" + out + "</body>"))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("not well-formed (%v): %q -> %q", err, md, out)
			}
		}
	})
}

func TestFigures(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"title", "![A lake](lake.png \"Lake Annecy\")\n",
			`<figure><img alt="A lake" src="lake.png" title="Lake Annecy"/><figcaption>Lake Annecy</figcaption></figure>`},
		{"caption paragraph", "![A lake](lake.png)\n\n*Lake Annecy, **June***\n\nText.\n",
			`<figure><img alt="A lake" src="lake.png"/><figcaption>Lake Annecy, <strong>June</strong></figcaption></figure>`},
		{"linked image", "[![A lake](lake.png \"Lake\")](big.png)\n",
			`<figure><a href="big.png"><img alt="A lake" src="lake.png" title="Lake"/></a><figcaption>Lake</figcaption></figure>`},
		{"no caption", "![A lake](lake.png)\n\nJust *text* after.\n", `<p><img alt="A lake" src="lake.png"/></p>`},
		{"image in text", "See ![A lake](lake.png \"Lake\") here.\n", `<p>See <img alt="A lake" src="lake.png" title="Lake"/> here.</p>`},
		// a picture on a line of its own is set apart from the lines of
		// words around it, as a browser shows it; a row of badges is not
		{"image line, then words", "![A lake](lake.png)\nThe lake at dawn.\n", `<p><img alt="A lake" src="lake.png"/></p>` + "\n" + `<p>The lake at dawn.</p>`},
		{"words, image lines, words", "Before.\n[![A](a.png)](a.jpg)\n![B](b.png)\nAfter.\n", `<p>Before.</p>` + "\n" + `<p><a href="a.jpg"><img alt="A" src="a.png"/></a>` + "\n" + `<img alt="B" src="b.png"/></p>` + "\n" + `<p>After.</p>`},
		{"badges", "[![build](b.svg)](x)\n[![cover](c.svg)](y)\n", `<p><a href="x"><img alt="build" src="b.svg"/></a>` + "\n" + `<a href="y"><img alt="cover" src="c.svg"/></a></p>`},
		{"image among words on its line", "Words ![i](i.png) more\nand more.\n", `<p>Words <img alt="i" src="i.png"/> more` + "\n" + `and more.</p>`},
	}
	keep := XHTMLOptions{Image: func(src string) (string, bool) { return src, true }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := render(t, tt.md, keep); !strings.Contains(got, tt.want) {
				t.Errorf("missing %q in:\n%s", tt.want, got)
			}
		})
	}
}

// TestXHTMLBatches checks that sanitizing and parsing blocks in batches,
// each wrapped in a div, gives what doing each block on its own gives.
func TestXHTMLBatches(t *testing.T) {
	var md strings.Builder
	md.WriteString("# Title\n\n\"Quotes\" -- it's... fine[^1] www.example.com\n\n[^1]: A note.\n\n")
	md.WriteString("| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- [x] done\n- not\n\nTerm\n: Definition\n\n")
	md.WriteString("<div onclick=\"x()\">a<script>alert(1)</script><iframe src=\"http://x\"></iframe></div>\n\n")
	md.WriteString("<div><b>bold\n\nNext paragraph.\n\n")
	md.WriteString("a<br>b\n\n![A cat](cat.png)\n\n---\n\n```go\nfunc main() {\n}\n```\n\n> quoted *text*\n\n")
	for i := range 400 { // past one batch
		fmt.Fprintf(&md, "## Part %d\n\nWords of part %d, [a link](https://example.org/%d) and `code`.\n\n", i, i, i)
	}
	d := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(md.String())})
	opts := XHTMLOptions{PageBreaks: []PageBreak{{Block: 1, Word: 2, Label: "3"}, {Block: 7, Label: "4"}, {Block: 500, Word: 1, Label: "5"}}}
	want, err := d.xhtml(opts, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, batch := range []int{1, 300, batchBytes} {
		got, err := d.xhtml(opts, batch)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("batches of %d bytes differ from one block at a time", batch)
		}
	}
	if !strings.Contains(want, "Part 399") {
		t.Errorf("the last block is missing")
	}
}

func TestUnwrapRefusesOtherShapes(t *testing.T) {
	parse := func(s string) []*xhtml.Node {
		nodes, err := xhtml.ParseFragment(strings.NewReader(s), newBody())
		if err != nil {
			t.Fatal(err)
		}
		return nodes
	}
	if bodies, ok := unwrap(parse("<div><p>a</p></div><div>b</div>"), 2); !ok || bodies[0].FirstChild.Data != "p" || bodies[1].FirstChild.Data != "b" {
		t.Errorf("two wrappers not unwrapped")
	}
	for _, s := range []string{
		"<div>a</div>",                 // fewer nodes than blocks
		"<div>a</div><p>b</p>",         // not a wrapper
		"<div>a</div><div id=x></div>", // a div of the post's own
	} {
		if _, ok := unwrap(parse(s), 2); ok {
			t.Errorf("%q unwrapped as two blocks", s)
		}
	}
}

// TestXHTMLTwice renders a post twice: rendering must leave the parsed
// post as it was (goldmark's table cells added their alignment again
// each time).
func TestXHTMLTwice(t *testing.T) {
	d := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte("| a | b |\n|:-|-:|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note\n")})
	first, err := d.XHTML(XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	second, err := d.XHTML(XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Errorf("the second rendering differs:\n%s\nthen:\n%s", first, second)
	}
}

// TestIDsOnce keeps each id of a post once: epubcheck rejects a document
// that gives two elements one id.
func TestIDsOnce(t *testing.T) {
	got := render(t, "## Setup {#setup}\n\n## Again {#setup}\n\n<a id=\"ex\"></a>one <a id=\"ex\"></a>two\n\n[to ex](#ex)", XHTMLOptions{})
	if n := strings.Count(got, `id="p01-setup"`); n != 1 || !strings.Contains(got, `id="p01-setup-2"`) {
		t.Errorf("heading ids:\n%s", got)
	}
	if n := strings.Count(got, `id="p01-ex"`); n != 1 {
		t.Errorf("anchor id %d times, want once:\n%s", n, got)
	}
}
