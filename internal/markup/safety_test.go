package markup

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestUnsafeLinks(t *testing.T) {
	tests := []struct{ md, dump string }{
		{"[a](javascript:alert(1))", `Paragraph[Text"a"]`},
		{"[a](JavaScript:alert(1))", `Paragraph[Text"a"]`},
		{"[a](vbscript:x)", `Paragraph[Text"a"]`},
		{"[a](file:///etc/passwd)", `Paragraph[Text"a"]`},
		{"[a](data:text/html,x)", `Paragraph[Text"a"]`},
		{"[a](ftp://example.com/f)", `Paragraph[Text"a"]`},
		{"[a](&#x6A;avascript:x)", `Paragraph[Text"a"]`},
		{"<javascript:alert(2)>", `Paragraph[Text"javascript:alert(2)"]`},
		{`<a href="javascript:alert(3)">a</a>`, `Paragraph[Text"a"]`},
		{"<a href=\" jav&#x09;ascript:x\">a</a>", `Paragraph[Text"a"]`},
		{`<figure><a href="javascript:x"><img src="i.png"></a><figcaption>c</figcaption></figure>`, `Figure[Image(i.png|)[Text"c"] FigureCaption[Text"c"]]`},
		{"[a](https://example.com/x:y)", `Paragraph[Link(https://example.com/x:y)[Text"a"]]`},
		{"[a](HTTP://example.com)", `Paragraph[Link(HTTP://example.com)[Text"a"]]`},
		{"[a](mailto:me@example.com)", `Paragraph[Link(mailto:me@example.com)[Text"a"]]`},
		{"[a](../other/)", `Paragraph[Link(../other/)[Text"a"]]`},
		{"[a](dir/x:y)", `Paragraph[Link(dir/x:y)[Text"a"]]`},
		{"[a](#top)", `Paragraph[Link(#p1-top)[Text"a"]]`},
		{"[a](" + PostHref("p2", "h") + ")", `Paragraph[Link(anthology-post:p2#h)[Text"a"]]`},
	}
	for _, tt := range tests {
		d := Parse(&book.Post{ID: "p1", Body: []byte(tt.md)})
		if got := dump(d); got != tt.dump {
			t.Errorf("%q:\n got %s\nwant %s", tt.md, got, tt.dump)
		}
	}
}

func TestUnsafeLinksLeaveNoXHTML(t *testing.T) {
	out := render(t, "[a](javascript:alert(1)) <javascript:x> <a href='vbscript:y'>b</a> [c](data:text/html,z)", XHTMLOptions{})
	for _, bad := range []string{`href="javascript`, `href="vbscript`, `href="data:`} {
		if strings.Contains(out, bad) {
			t.Errorf("the XHTML holds %q: %s", bad, out)
		}
	}
}

func TestControlCharacters(t *testing.T) {
	tests := []struct{ md, dump string }{
		{"a\x01b\x7fc\u0085d\x00e", `Paragraph[Text"abcd` + "\uFFFD" + `e"]`},
		{"<p>a\x02b</p>", `Paragraph[Text"ab"]`},
		{"`a\x03b`", `Paragraph[CodeSpan[Text"ab"]]`},
		{"```\na\x1bb\n```", `FencedCodeBlock()"ab\n"`},
		{"b ![a\x04](i.png \"t\x05\")", `Paragraph[Text"b " Image(i.png|t)[Text"a"]]`},
		{"tab\tand\nnewline stay", `Paragraph[Text"tab" Text"\tand" Text"newline" Text" stay"]`},
	}
	for _, tt := range tests {
		d := Parse(&book.Post{ID: "p1", Body: []byte(tt.md)})
		if got := dump(d); got != tt.dump {
			t.Errorf("%q:\n got %s\nwant %s", tt.md, got, tt.dump)
		}
	}
	if got := CleanText("T\x00i\x1ft\u009fle\u00a0é"); got != "Title\u00a0é" {
		t.Errorf("CleanText = %q", got)
	}
}

func TestNestingDepth(t *testing.T) {
	var list strings.Builder
	for i := range 3000 {
		list.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	list.WriteString(strings.Repeat("  ", 3000) + "- deepest\n")
	tests := []struct {
		name string
		md   string
		line int
	}{
		{"list indented 3,000 levels", list.String(), 10 + MaxDepth/2},
		{"list markers 3,000 deep", strings.Repeat("- ", 3000) + "deepest\n", 10},
		{"quote 3,000 deep", strings.Repeat(">", 3000) + " deepest\n", 10},
		{"raw HTML 600 elements deep", "text\n\n" + strings.Repeat("<div>", 600) + "deepest" + strings.Repeat("</div>", 600) + "\n", 12},
		{"inline HTML 3,000 deep", "a " + strings.Repeat("<em>", 3000) + "deepest" + strings.Repeat("</em>", 3000) + "\n", 10},
		{"emphasis 3,000 deep", strings.Repeat("*a ", 3000) + "deepest" + strings.Repeat("*", 3000) + "\n", 10},
		{"tables in raw HTML 300 deep", strings.Repeat("<table><tr><td>", 300) + "deepest\n", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			d := Parse(&book.Post{ID: "p1", Source: "deep.md", BodyLine: 10, Body: []byte(tt.md)})
			out, err := d.XHTML(XHTMLOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if depth := treeDepth(d.Root); depth > MaxDepth+4 {
				t.Errorf("the document is %d deep", depth)
			}
			if !strings.Contains(out, "deepest") {
				t.Error("the deepest content is lost")
			}
			if len(d.Warnings) != 1 || d.Warnings[0].Line != tt.line || !strings.Contains(d.Warnings[0].Msg, "nested more than 100 levels") {
				t.Errorf("warnings = %+v, want one at line %d", d.Warnings, tt.line)
			}
		})
	}
	shallow := Parse(&book.Post{ID: "p1", Body: []byte("- a\n  - b\n    - c\n\n> > q\n")})
	if len(shallow.Warnings) != 0 {
		t.Errorf("a shallow post warns: %+v", shallow.Warnings)
	}
}

func treeDepth(n ast.Node) int {
	most := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		most = max(most, treeDepth(c))
	}
	return most + 1
}

func TestCapIndent(t *testing.T) {
	deep := strings.Repeat(" ", MaxIndent+5) + "x\n"
	tabs := strings.Repeat("\t", MaxIndent/4+1) + "y\n"
	tests := []struct {
		in, want string
		at       int
	}{
		{"a\n  b\n", "a\n  b\n", -1},
		{"a\n" + deep + "c", "a\n" + strings.Repeat(" ", MaxIndent) + "x\nc", 2},
		{tabs, strings.Repeat(" ", MaxIndent) + "y\n", 0},
	}
	for _, tt := range tests {
		got, at := capIndent([]byte(tt.in))
		if string(got) != tt.want || at != tt.at {
			t.Errorf("capIndent(%q) = %q, %d; want %q, %d", tt.in, got, at, tt.want, tt.at)
		}
	}
}

func FuzzCapIndent(f *testing.F) {
	f.Add(strings.Repeat(" ", 300) + "- a\n\t\tb")
	f.Fuzz(func(t *testing.T, s string) {
		got, at := capIndent([]byte(s))
		if bytes.Count(got, []byte("\n")) != strings.Count(s, "\n") {
			t.Fatalf("lines changed: %q", s)
		}
		if (at < 0) != (string(got) == s) {
			t.Fatalf("capIndent(%q) at %d", s, at)
		}
	})
}

func FuzzFlattenHTML(f *testing.F) {
	f.Add(strings.Repeat("<div><b>", 300) + "x<br><img src=a>")
	f.Add(strings.Repeat("<table><td>", 200) + "</td>" + strings.Repeat("<p>", 600))
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := flattenHTML([]byte(s))
		body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
		if _, err := xhtml.ParseFragment(bytes.NewReader(out), body); err != nil && len(s) < 4000 {
			t.Fatalf("%v: %q", err, s)
		}
	})
}

func FuzzLinkAllowed(f *testing.F) {
	f.Add("javascript:x")
	f.Add("https://example.com")
	f.Fuzz(func(t *testing.T, dest string) {
		if LinkAllowed(dest) {
			scheme, _, found := strings.Cut(strings.ToLower(dest), ":")
			if found && !strings.ContainsAny(scheme, "/?#") && scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "anthology-post" {
				t.Fatalf("%q allowed", dest)
			}
		}
	})
}

// TestSVGElementIsAnImage checks that an svg element written in a post,
// as a block or inline, becomes an image of the drawing (a data: address
// the image stage draws), with its title as alt text, not its text.
func TestSVGElementIsAnImage(t *testing.T) {
	for _, body := range []string{
		"<svg width=\"100\" height=\"40\"><title>A box</title><rect width=\"100\" height=\"40\"/><text x=\"5\" y=\"20\">Label</text></svg>\n",
		"Text <svg width=\"100\" height=\"40\"><title>A box</title><text>Label</text></svg> inline.\n",
		"<div>\n<svg width=\"100\" height=\"40\"><title>A box</title><text>Label</text></svg>\n</div>\n",
	} {
		d := Parse(&book.Post{ID: "p", Body: []byte(body)})
		var images []*ast.Image
		_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if img, ok := n.(*ast.Image); ok && entering {
				images = append(images, img)
			}
			return ast.WalkContinue, nil
		})
		if len(images) != 1 {
			t.Errorf("%q: %d images, want 1", body, len(images))
			continue
		}
		dest := string(images[0].Destination)
		if !strings.HasPrefix(dest, "data:image/svg+xml;base64,") {
			t.Errorf("%q: image of %.40q, want a data: address of the drawing", body, dest)
		}
		if alt := d.Prose(); strings.Contains(alt, "Label") {
			t.Errorf("%q: the drawing's text %q is in the post's text", body, alt)
		}
	}
}
