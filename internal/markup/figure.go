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

// imageLines parts each paragraph under parent whose lines mix pictures
// and words: a line holding only images (or linked images) becomes a
// paragraph of its own, and so do the lines of words around it. A browser
// shows such a picture, wider than a line, above or below the words;
// set among them, it would shrink to the text's height. A paragraph of
// images only (a row of badges) and an image among words on its line are
// left as they are.
func imageLines(parent ast.Node, src []byte) {
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if p, ok := c.(*ast.Paragraph); ok {
			splitImageLines(parent, p, src)
		} else if c.Type() == ast.TypeBlock {
			imageLines(c, src)
		}
		c = next
	}
}

func splitImageLines(parent ast.Node, p *ast.Paragraph, src []byte) {
	image := false
	for c := p.FirstChild(); c != nil && !image; c = c.NextSibling() {
		_, image = c.(*ast.Image)
		if l, ok := c.(*ast.Link); ok {
			_, image = loneChild(l, src).(*ast.Image)
		}
	}
	if !image {
		return
	}
	// The paragraph's lines: a line ends with a text that breaks it.
	var lines [][]ast.Node
	var line []ast.Node
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		line = append(line, c)
		if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
			lines, line = append(lines, line), nil
		}
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	if len(lines) < 2 {
		return
	}
	pictures := make([]bool, len(lines))
	some, all := false, true
	for i, l := range lines {
		pictures[i] = imagesOnly(l, src)
		some = some || pictures[i]
		all = all && pictures[i]
	}
	if !some || all {
		return
	}
	// Runs of lines of one kind become paragraphs, in order.
	for start := 0; start < len(lines); {
		end := start + 1
		for end < len(lines) && pictures[end] == pictures[start] {
			end++
		}
		q := ast.NewParagraph()
		q.SetLines(p.Lines())
		for _, l := range lines[start:end] {
			for _, k := range l {
				q.AppendChild(q, k)
			}
		}
		// The run's last line break now ends a paragraph.
		if t, ok := q.LastChild().(*ast.Text); ok {
			t.SetSoftLineBreak(false)
			t.SetHardLineBreak(false)
		}
		parent.InsertBefore(parent, p, q)
		start = end
	}
	parent.RemoveChild(parent, p)
}

// imagesOnly reports whether a line holds images, plain or linked, and
// nothing else but white space.
func imagesOnly(line []ast.Node, src []byte) bool {
	found := false
	for _, c := range line {
		switch v := c.(type) {
		case *ast.Text:
			if strings.TrimSpace(string(v.Value(src))) != "" {
				return false
			}
		case *ast.Image:
			found = true
		case *ast.Link:
			if _, ok := loneChild(v, src).(*ast.Image); !ok {
				return false
			}
			found = true
		default:
			return false
		}
	}
	return found
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
