package markup

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// linkSchemes are the schemes a link of either book may have: the web,
// mail, and the places inside the book. A link with any other scheme
// (javascript:, vbscript:, file:, data: …) is removed and its text kept.
var linkSchemes = map[string]bool{
	"http": true, "https": true, "mailto": true, strings.TrimSuffix(postScheme, ":"): true,
}

// LinkAllowed reports whether a link to dest may stay in a book: it names
// an allowed scheme, or none (a relative address or a #fragment, which the
// links stage decides on). Whatever comes before the first colon that
// precedes any '/', '?' or '#' counts as a scheme, as a reading system
// would take it, so "java%09script:" is refused too.
func LinkAllowed(dest string) bool {
	i := strings.IndexAny(dest, ":/?#")
	if i < 0 || dest[i] != ':' {
		return true
	}
	return linkSchemes[strings.ToLower(dest[:i])]
}

// unsafeLinks replaces the links and autolinks under root whose scheme is
// not allowed by their text.
func (n *normaliser) unsafeLinks(root ast.Node) {
	var bad []ast.Node
	_ = ast.Walk(root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Link:
			if !LinkAllowed(string(v.Destination)) {
				bad = append(bad, v)
			}
		case *ast.AutoLink:
			if !LinkAllowed(string(v.URL(n.src))) {
				bad = append(bad, v)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// Replacing nodes while walking would skip siblings.
	for _, c := range bad {
		if a, ok := c.(*ast.AutoLink); ok {
			c.AppendChild(c, n.text(string(a.Label(n.src))))
		}
		hoist(c)
	}
}

// hoist puts the children of c in its place.
func hoist(c ast.Node) ast.Node {
	parent := c.Parent()
	first := c.FirstChild()
	for k := first; k != nil; {
		next := k.NextSibling()
		parent.InsertBefore(parent, c, k)
		k = next
	}
	parent.RemoveChild(parent, c)
	return first
}

// CleanText returns s without the control characters no book can hold:
// C0 controls but tab and newline, DEL and C1 controls. NUL, which YAML
// escapes can put in a title, is one of them.
func CleanText(s string) string {
	if !hasControl(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || 0x80 <= r && r <= 0x9f
}

// hasControl reports whether s holds a character CleanText removes,
// without decoding s: a C1 control is 0xC2 then 0x80 to 0x9F in UTF-8.
func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n', c == 0x7f:
			return true
		case c == 0xC2 && i+1 < len(s) && s[i+1] < 0xA0 && s[i+1] >= 0x80:
			return true
		}
	}
	return false
}

// controls removes control characters from every text of the document,
// code included, and from link and image titles.
func (n *normaliser) controls(root ast.Node) {
	clean := func(seg text.Segment) (text.Segment, bool) {
		v := string(seg.Value(n.src))
		if !hasControl(v) {
			return seg, false
		}
		return n.segment(CleanText(v)), true
	}
	cleanLines := func(c ast.Node) {
		lines := c.Lines()
		for i := 0; i < lines.Len(); i++ {
			if s, changed := clean(lines.At(i)); changed {
				lines.Set(i, s)
			}
		}
	}
	_ = ast.Walk(root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			v.Segment, _ = clean(v.Segment)
		case *ast.String:
			v.Value = []byte(CleanText(string(v.Value)))
		case *ast.CodeBlock:
			cleanLines(v)
		case *ast.FencedCodeBlock:
			cleanLines(v)
			if v.Info != nil {
				v.Info.Segment, _ = clean(v.Info.Segment)
			}
		case *ast.Link:
			v.Title = cleanBytes(v.Title)
		case *ast.Image:
			v.Title = cleanBytes(v.Title)
		}
		return ast.WalkContinue, nil
	})
}

func cleanBytes(b []byte) []byte {
	if b == nil || !hasControl(string(b)) {
		return b
	}
	return []byte(CleanText(string(b)))
}
