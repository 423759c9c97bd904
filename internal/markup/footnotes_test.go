package markup

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/anthology-book/anthology/internal/book"
)

// TestFootnotesAsGoldmark checks that the linear footnote extension makes
// the same HTML as goldmark's own.
func TestFootnotesAsGoldmark(t *testing.T) {
	inputs := []string{
		"Text.[^a]\n\n[^a]: The note.\n",
		"One[^b] two[^a] three[^b] four[^a][^a].\n\n[^a]: A.\n[^b]: B.\n\n    indented in B\n",
		"Unused notes go.[^x]\n\n[^x]: Used.\n[^y]: Unused.\n",
		"No note is used.\n\n[^y]: Unused.\n",
		"A missing note [^nope] stays text.\n",
		"Twice defined.[^d]\n\n[^d]: First.\n[^d]: Second.\n",
		"> Quoted.[^q]\n>\n> [^q]: In the quote.\n",
		"An image ![alt](x.png) and a note![^i].\n\n[^i]: Bang.\n",
		"[^e]: Defined before.\n\nUsed after.[^e]\n",
		"Note with a list.[^l]\n\n[^l]: Items:\n\n    - one\n    - two\n",
	}
	ours := goldmark.New(goldmark.WithExtensions(footnotes{}))
	theirs := goldmark.New(goldmark.WithExtensions(extension.NewFootnote()))
	for _, in := range inputs {
		var a, b bytes.Buffer
		if err := ours.Convert([]byte(in), &a); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(in), &b); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%q:\nours:\n%s\ngoldmark's:\n%s", in, a.String(), b.String())
		}
	}
}

// BenchmarkFootnotes parses and renders a post of 50,000 notes: linear in
// the number of notes (goldmark's own extension took over a minute).
func BenchmarkFootnotes(b *testing.B) {
	var body strings.Builder
	const n = 50000
	for i := range n {
		fmt.Fprintf(&body, "Sentence %d.[^n%d]\n", i, i)
	}
	body.WriteString("\n")
	for i := range n {
		fmt.Fprintf(&body, "[^n%d]: Note %d.\n", i, i)
	}
	p := &book.Post{ID: "p", Body: []byte(body.String())}
	for b.Loop() {
		d := Parse(p)
		if _, err := d.XHTML(XHTMLOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
