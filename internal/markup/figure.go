package markup

import (
	"strings"

	"github.com/yuin/goldmark/ast"
)

// figures turns an image that stands alone in its paragraph, and has a
// caption, into a Figure, so that both renderers keep the two together.
// The caption is the image's title, or else a paragraph right after it
// holding only emphasized text, which is how Hugo's figure shortcode and
// WordPress's [caption] come out of the sources.
func figures(parent ast.Node, n *normaliser) {
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		p, ok := c.(*ast.Paragraph)
		if !ok {
			if c.Type() == ast.TypeBlock {
				figures(c, n)
			}
			continue
		}
		shown, img := loneImage(p, n.src)
		if img == nil {
			continue
		}
		caption := &FigureCaption{}
		if title := strings.TrimSpace(string(img.Title)); title != "" {
			caption.AppendChild(caption, n.text(title))
		} else if next, ok := p.NextSibling().(*ast.Paragraph); ok {
			em, ok := loneChild(next, n.src).(*ast.Emphasis)
			if !ok || em.Level != 1 {
				continue
			}
			for _, k := range children(em) {
				caption.AppendChild(caption, k)
			}
			parent.RemoveChild(parent, next)
		} else {
			continue
		}
		f := &Figure{}
		f.AppendChild(f, shown)
		f.AppendChild(f, caption)
		parent.ReplaceChild(parent, p, f)
		c = f
	}
}

// loneImage returns the image a paragraph holds alone, possibly inside a
// link, and the node that shows it (the image or the link), or nils.
func loneImage(p ast.Node, src []byte) (ast.Node, *ast.Image) {
	switch v := loneChild(p, src).(type) {
	case *ast.Image:
		return v, v
	case *ast.Link:
		if img, ok := loneChild(v, src).(*ast.Image); ok {
			return v, img
		}
	}
	return nil, nil
}

// loneChild returns the only child of n that is not blank text, or nil.
func loneChild(n ast.Node, src []byte) ast.Node {
	var found ast.Node
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok && strings.TrimSpace(string(t.Value(src))) == "" {
			continue
		}
		if found != nil {
			return nil
		}
		found = c
	}
	return found
}
