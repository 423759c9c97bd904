package markup

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// Prose returns the running text of the post: paragraphs, headings, lists
// and quotes, each block ending a line, without code, addresses, tables or
// raw HTML. Language detection and the theme stage read it: code and
// addresses would pull every guess towards English and say little of a
// post's subject.
func (d *Doc) Prose() string {
	var buf bytes.Buffer
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			if n.Type() == ast.TypeBlock {
				buf.WriteByte('\n')
			}
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.CodeSpan,
			*ast.RawHTML, *ast.AutoLink, *extast.Table, *Math, *MathBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			buf.Write(n.Segment.Value(d.Source))
			if n.SoftLineBreak() || n.HardLineBreak() {
				buf.WriteByte(' ')
			}
		case *ast.String:
			buf.Write(n.Value)
		}
		return ast.WalkContinue, nil
	})
	return buf.String()
}
