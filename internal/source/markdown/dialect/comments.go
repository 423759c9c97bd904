package dialect

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// A tag inside an HTML comment (<!-- {{< button >}} -->) is rewritten as
// any other, but the book never shows what it became: a warning about what
// the rewriting removed there would point at text no reader sees.

// outsideComments drops the problems about tags that sit inside an HTML
// comment of the body, as CommonMark reads the body.
func outsideComments(src []byte, problems []Problem) []Problem {
	if len(problems) == 0 || !bytes.Contains(src, []byte("<!--")) {
		return problems
	}
	comments := commentRanges(src)
	kept := problems[:0]
	for _, pr := range problems {
		i := sort.Search(len(comments), func(i int) bool { return comments[i].end > pr.at })
		if i < len(comments) && comments[i].start <= pr.at {
			continue
		}
		kept = append(kept, pr)
	}
	return kept
}

// commentRanges finds the HTML comments of the body, in blocks and within
// paragraphs, in order; comments shown as code are not among them.
func commentRanges(src []byte) []span {
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	var out []span
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 || n.Lines().Len() == 0 {
				return ast.WalkSkipChildren, nil
			}
			s := span{n.Lines().At(0).Start, n.Lines().At(n.Lines().Len() - 1).Stop}
			if n.HasClosure() {
				s.end = max(s.end, n.ClosureLine.Stop)
			}
			out = append(out, s)
			return ast.WalkSkipChildren, nil
		case *ast.RawHTML:
			if n.Segments.Len() > 0 {
				s := span{n.Segments.At(0).Start, n.Segments.At(n.Segments.Len() - 1).Stop}
				if bytes.HasPrefix(src[s.start:], []byte("<!--")) {
					out = append(out, s)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}
