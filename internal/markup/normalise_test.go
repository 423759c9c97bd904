package markup

import (
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
)

// dump writes the document compactly: each node's kind, with its text,
// destination or id, children in brackets.
func dump(d *Doc) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.PreviousSibling() != nil {
				b.WriteByte(' ')
			}
			b.WriteString(c.Kind().String())
			switch v := c.(type) {
			case *ast.Text:
				b.WriteString(strconv.Quote(string(v.Value(d.Source))))
				if v.HardLineBreak() {
					b.WriteString("+br")
				}
			case *ast.Image:
				b.WriteString("(" + string(v.Destination) + "|" + string(v.Title) + ")")
			case *ast.Link:
				b.WriteString("(" + string(v.Destination) + ")")
			case *Anchor:
				b.WriteString("#" + v.ID)
			case *ast.Heading:
				b.WriteString(strconv.Itoa(v.Level))
			case *ast.Emphasis:
				b.WriteString(strconv.Itoa(v.Level))
			case *ast.FencedCodeBlock:
				b.WriteString("(" + string(v.Language(d.Source)) + ")")
				var code strings.Builder
				for i := 0; i < v.Lines().Len(); i++ {
					s := v.Lines().At(i)
					code.Write(s.Value(d.Source))
				}
				b.WriteString(strconv.Quote(code.String()))
			}
			if c.HasChildren() {
				b.WriteByte('[')
				walk(c)
				b.WriteByte(']')
			}
		}
	}
	walk(d.Root)
	return b.String()
}

func TestNormalise(t *testing.T) {
	tests := []struct{ name, md, dump, xhtml string }{
		{"escapes resolved", `a\_b (\*.npm) 1\) AT&amp;T &lt;3 &#233;`,
			`Paragraph[Text"a_b (*.npm) 1) AT&T <3" Text" é"]`,
			`<p>a_b (*.npm) 1) AT&amp;T &lt;3 é</p>`},
		{"escape of an entity stays one", `\&amp;`, `Paragraph[Text"&amp;"]`, `<p>&amp;amp;</p>`},
		{"code stays verbatim", "`a\\_b &amp;`\n\n```\nx\\_y &lt;\n```\n",
			`Paragraph[CodeSpan[Text"a\\_b &amp;"]] FencedCodeBlock()"x\\_y &lt;\n"`,
			`<p><code>a\_b &amp;amp;</code></p><pre><code>x\_y &amp;lt;</code></pre>`},
		{"raw img", `<img src="cat.png" alt="A cat" title="Tom">`,
			`Figure[Image(cat.png|Tom)[Text"A cat"] FigureCaption[Text"Tom"]]`,
			`<figure><img alt="A cat" src="cat.png" title="Tom"/><figcaption>Tom</figcaption></figure>`},
		{"inline img and br", "Look <img src=\"a.png\" alt=\"a\"> here<br>next",
			`Paragraph[Text"Look " Image(a.png|)[Text"a"] Text" here"+br Text"next"]`,
			"<p>Look <img alt=\"a\" src=\"a.png\"/> here<br/>\nnext</p>"},
		{"srcset picks the widest", `<p><img src="s.jpg" srcset="m.jpg 800w, l.jpg 1600w, s.jpg 400w" alt="x"></p>`,
			`Paragraph[Image(l.jpg|)[Text"x"]]`, ""},
		{"picture picks the densest", "<picture>\n<source srcset=\"a.webp 1x, b.webp 2x\">\n<img src=\"c.jpg\" alt=\"p\">\n</picture>\n",
			`Paragraph[Image(b.webp|)[Text"p"]]`, ""},
		{"pre with language", "<pre><code class=\"language-go\">if a &lt; b {\n\treturn\n}</code></pre>\n",
			`FencedCodeBlock(go)"if a < b {\n\treturn\n}\n"`,
			"<pre><code class=\"language-go\">if a &lt; b {\n\treturn\n}</code></pre>"},
		{"table", "<table><thead><tr><th>A</th><th align=\"right\">B</th></tr></thead><tbody><tr><td><b>1</b></td><td>2</td></tr></tbody></table>\n",
			`Table[TableHeader[TableCell[Text"A"] TableCell[Text"B"]] TableRow[TableCell[Emphasis2[Text"1"]] TableCell[Text"2"]]]`,
			""},
		{"figure element", `<figure><a href="big.jpg"><img src="s.jpg" alt="x"></a><figcaption>The <em>lake</em></figcaption></figure>`,
			`Figure[Link(big.jpg)[Image(s.jpg|)[Text"x"]] FigureCaption[Text"The " Emphasis1[Text"lake"]]]`,
			`<figure><a href="big.jpg"><img alt="x" src="s.jpg"/></a><figcaption>The <em>lake</em></figcaption></figure>`},
		{"anchors and in-post links", "<a name=\"top\"></a>\n\n<div id=\"box\">Inside</div>\n\n[up](#top)",
			`Paragraph[Anchor#p01-top] Paragraph[Anchor#p01-box Text"Inside"] Paragraph[Link(#p01-top)[Text"up"]]`,
			`<p><span id="p01-top"></span></p><p><span id="p01-box"></span>Inside</p><p><a href="#p01-top">up</a></p>`},
		{"inline tags paired", "Some <em>big</em> and <b>bold <i>nested</i></b>, <code>x_y</code>, <del>gone</del>, <sup>2</sup> and <a href=\"https://x.org\">a link</a>.",
			`Paragraph[Text"Some " Emphasis1[Text"big"] Text" and " Emphasis2[Text"bold " Emphasis1[Text"nested"]] Text", " CodeSpan[Text"x_y"] Text", " Strikethrough[Text"gone"] Text", " Text"2" Text" and " Link(https://x.org)[Text"a link"] Text"."]`,
			`<p>Some <em>big</em> and <strong>bold <em>nested</em></strong>, <code>x_y</code>, <del>gone</del>, 2 and <a href="https://x.org">a link</a>.</p>`},
		{"lists, headings, quotes", "<h2 id=\"s\">Title</h2>\n<ul><li>one</li><li>two <b>2</b></li></ul>\n<blockquote><p>Said.</p></blockquote>\n",
			`Heading2[Text"Title"] List[ListItem[TextBlock[Text"one"]] ListItem[TextBlock[Text"two " Emphasis2[Text"2"]]]] Blockquote[Paragraph[Text"Said."]]`,
			""},
		{"video keeps its fallback and links its source", `<video src="https://example.org/v.mp4">Your browser cannot play it.</video>`,
			`Paragraph[Text"Your browser cannot play it." Link(https://example.org/v.mp4)[Text"Video: example.org/v.mp4"]]`, ""},
		{"scripts, styles and comments go", "<script>x()</script>\n\nText <!-- c --> <span>kept</span>.\n\n<style>p{}</style>\n",
			`Paragraph[Text"Text " Text" " Text"kept" Text"."]`, ""},
		{"image with caption paragraph", "![A lake](lake.png)\n\n*Lake &amp; hills*\n",
			`Figure[Image(lake.png|)[Text"A lake"] FigureCaption[Text"Lake & hills"]]`,
			`<figure><img alt="A lake" src="lake.png"/><figcaption>Lake &amp; hills</figcaption></figure>`},
		{"an address over lines loses its breaks and tabs", "<img src=\"/img/\npic.png\" alt=\"Pic\"> and <a href=\"https://x.org/a\n\tb\">a link</a> and [md](<c\td.html>)",
			`Paragraph[Image(/img/pic.png|)[Text"Pic"] Text" and " Link(https://x.org/ab)[Text"a link"] Text" and " Link(cd.html)[Text"md"]]`, ""},
		{"unclosed inline tag: content stays", "a <b>b c", `Paragraph[Text"a " Text"b" Text" c"]`, "<p>a b c</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(tt.md)})
			if got := dump(d); got != tt.dump {
				t.Errorf("AST\n got %s\nwant %s", got, tt.dump)
			}
			if tt.xhtml == "" {
				return
			}
			got := strings.ReplaceAll(render(t, tt.md, XHTMLOptions{Image: func(src string) (string, bool) { return src, true }}), "\n<", "<")
			if got = strings.TrimSpace(got); got != tt.xhtml {
				t.Errorf("XHTML\n got %s\nwant %s", got, tt.xhtml)
			}
		})
	}
}

func TestNormaliseLeavesNoRawHTML(t *testing.T) {
	md := "<div><p>a <b>b</p></div>\n\n<table><tr><td>x<td>y</table>\n\nSome <span>inline <i>raw</span></i> html <!-- c -->\n"
	d := Parse(&book.Post{ID: "p", Source: "t.md", Body: []byte(md)})
	if kind := rawHTMLIn(d.Root); kind != "" {
		t.Errorf("a %s is left in %s", kind, dump(d))
	}
}

func rawHTMLIn(root ast.Node) string {
	found := ""
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			found = n.Kind().String()
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

func FuzzNormalise(f *testing.F) {
	f.Add("<div><b>x\n\n<img src=a srcset='b 2x'> \\_ &amp; <em>y</em>\n\n<pre>a\n<b>b</b></pre>\n")
	f.Add("<table><tr><td>x</table>\n\n<figure><img src=x><figcaption>c</figcaption></figure>\n")
	f.Add("a <a name=x>b</a> <video><source src=https://x/v.mp4></video> <i><b>c</i></b>")
	f.Add("x \\\\(a_1\\\\) $$\\frac{1}{2}$$\n\n$$\n\\begin{align}a \\\\ b\\end{align}\n$$\n\n> \\[q\\]")
	f.Fuzz(func(t *testing.T, md string) {
		d := Parse(&book.Post{ID: "p1", Source: "f.md", Body: []byte(md)})
		if kind := rawHTMLIn(d.Root); kind != "" {
			t.Fatalf("a %s is left: %q", kind, md)
		}
		if body, _ := capIndent([]byte(md)); string(d.Source[:len(body)]) != string(body) {
			t.Fatalf("the post's Markdown changed: %q", md)
		}
		_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering {
				_ = t.Value(d.Source) // segments stay inside the source
			}
			return ast.WalkContinue, nil
		})
	})
}
