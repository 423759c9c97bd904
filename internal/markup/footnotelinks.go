package markup

import (
	"strconv"
	"strings"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension/ast"
)

// FootnoteID is the id both books give the note numbered n of the post
// whose ids start with prefix: what a link to the note names.
func FootnoteID(prefix string, n int) string { return prefix + "fn-" + strconv.Itoa(n) }

// IsFootnote reports whether n is a footnote, and gives its number.
func IsFootnote(n gast.Node) (int, bool) {
	fn, ok := n.(*ast.Footnote)
	if !ok {
		return 0, false
	}
	return fn.Index, true
}

// writtenKey is the attribute a link keeps its fragment under, as the
// post wrote it, when scoping the fragment changes more than its prefix
// (#fn:note is #p01-fn-note): messages quote what the blogger wrote. No
// writer prints it.
const writtenKey = "anthology-written"

func keepWritten(l *gast.Link) {
	if d := string(l.Destination); strings.HasPrefix(d, "#") && strings.ContainsAny(d, ": \t") {
		l.SetAttributeString(writtenKey, []byte(d))
	}
}

// WrittenDest is the destination of a link to a place in its post as the
// post wrote it, when the book's differs by more than the post's prefix;
// else "".
func WrittenDest(l *gast.Link) string {
	if v, ok := l.AttributeString(writtenKey); ok {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	}
	return ""
}

// footnoteLinks points the links a post writes by hand to its notes at
// the notes: kramdown names the note of [^name] "fn:name" (its reference
// "fnref:name", which links to the note's number as well), where the book
// numbers its notes.
func footnoteLinks(root gast.Node, prefix string) {
	notes := map[string]int{}
	var links []*gast.Link
	_ = gast.Walk(root, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Footnote:
			notes[strings.ToLower(string(v.Ref))] = v.Index
		case *gast.Link:
			if d := string(v.Destination); strings.HasPrefix(d, "#fn:") || strings.HasPrefix(d, "#fnref:") {
				links = append(links, v)
			}
		}
		return gast.WalkContinue, nil
	})
	for _, l := range links {
		d := string(l.Destination)
		name := strings.ToLower(d[strings.Index(d, ":")+1:])
		if n, ok := notes[name]; ok {
			l.Destination = []byte("#" + FootnoteID(prefix, n))
		}
	}
}
