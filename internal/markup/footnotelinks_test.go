package markup

import (
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
)

// TestFootnoteLinks points kramdown's ids of notes, written by hand, at
// the notes as the book numbers them; a link to a note the post does not
// have is left for the links stage to judge.
func TestFootnoteLinks(t *testing.T) {
	md := "First[^b] then[^Alpha]; see [the alpha note](#fn:alpha), [the b note](#fn:b), [its mark](#fnref:b) and [none](#fn:gone).\n\n[^Alpha]: A.\n[^b]: B.\n"
	d := Parse(&book.Post{ID: "p01", Source: "t.md", Body: []byte(md)})
	var dests []string
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			dests = append(dests, string(l.Destination))
		}
		return ast.WalkContinue, nil
	})
	want := "#p01-fn-2 #p01-fn-1 #p01-fn-1 #p01-fn-gone"
	if got := strings.Join(dests, " "); got != want {
		t.Errorf("links %s, want %s", got, want)
	}
	var written []string
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*ast.Link); ok && entering {
			written = append(written, WrittenDest(l))
		}
		return ast.WalkContinue, nil
	})
	if got := strings.Join(written, " "); got != "   #fn:gone" {
		t.Errorf("written %q, want only the unresolved link's", got)
	}
	out, err := d.XHTML(XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{`id="p01-fn-1"`, `id="p01-fn-2"`, `href="#p01-fn-2">the alpha note`} {
		if !strings.Contains(out, id) {
			t.Errorf("XHTML lacks %s:\n%s", id, out)
		}
	}
	if strings.Contains(out, writtenKey) {
		t.Errorf("XHTML shows the written destination:\n%s", out)
	}
}
