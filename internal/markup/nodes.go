package markup

import (
	"fmt"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// KindFigure is the kind of a Figure node.
var KindFigure = ast.NewNodeKind("Figure")

// Figure is an image shown apart from the text with its caption. Its first
// child is the image (an *ast.Image, or an *ast.Link holding one); its last
// is the caption, a *FigureCaption.
type Figure struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *Figure) Kind() ast.NodeKind { return KindFigure }

// Dump implements ast.Node.
func (n *Figure) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// Image returns the figure's image.
func (n *Figure) Image() *ast.Image {
	switch c := n.FirstChild().(type) {
	case *ast.Image:
		return c
	case *ast.Link:
		img, _ := c.FirstChild().(*ast.Image)
		return img
	}
	return nil
}

// Caption returns the figure's caption.
func (n *Figure) Caption() *FigureCaption {
	c, _ := n.LastChild().(*FigureCaption)
	return c
}

// KindFigureCaption is the kind of a FigureCaption node.
var KindFigureCaption = ast.NewNodeKind("FigureCaption")

// FigureCaption holds the inlines of a figure's caption.
type FigureCaption struct {
	ast.BaseBlock
}

// Kind implements ast.Node.
func (n *FigureCaption) Kind() ast.NodeKind { return KindFigureCaption }

// Dump implements ast.Node.
func (n *FigureCaption) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// KindAnchor is the kind of an Anchor node.
var KindAnchor = ast.NewNodeKind("Anchor")

// Anchor is a place in a post that links can point at, from raw HTML's
// <a name> or an element's id. ID has the post's prefix, as heading ids do.
type Anchor struct {
	ast.BaseInline
	ID string
}

// NewAnchor returns an anchor with the given id, which it also carries as
// its id attribute, where passes that look for ids find it.
func NewAnchor(id string) *Anchor {
	a := &Anchor{ID: id}
	a.SetAttributeString("id", []byte(id))
	return a
}

// Kind implements ast.Node.
func (n *Anchor) Kind() ast.NodeKind { return KindAnchor }

// Dump implements ast.Node.
func (n *Anchor) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.ID}, nil)
}

// nodeRenderer renders the normalised document as HTML: the nodes of this
// package, and the nodes whose text normalisation has already resolved,
// which goldmark's own functions would resolve a second time. What raw HTML
// is left after normalisation (none should be) is dropped, as the PDF drops
// it.
type nodeRenderer struct{}

func (nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, renderFigure)
	reg.Register(KindFigureCaption, renderFigureCaption)
	reg.Register(KindAnchor, renderAnchor)
	reg.Register(KindMath, renderMath)
	reg.Register(KindMathBlock, renderMathBlock)
	reg.Register(KindScript, renderScript)
	reg.Register(kindKeptFormula, renderNothing) // math sets every one
	reg.Register(kindKeptFormulaBlock, renderNothing)
	reg.Register(ast.KindText, renderText)
	reg.Register(ast.KindImage, renderImage)
	reg.Register(ast.KindLink, renderLink)
	reg.Register(ast.KindHTMLBlock, renderNothing)
	reg.Register(ast.KindRawHTML, renderNothing)
	reg.Register(east.KindTableCell, renderTableCell)
}

// renderTableCell writes a cell as goldmark's table extension does, its
// alignment as a style, but leaves the cell as it was: the extension adds
// the alignment to the cell's style attribute each time it renders it, so
// a second rendering said it twice.
func renderTableCell(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*east.TableCell)
	tag, filter := "td", extension.TableTdCellAttributeFilter
	if n.Parent() != nil && n.Parent().Kind() == east.KindTableHeader {
		tag, filter = "th", extension.TableThCellAttributeFilter
	}
	if !entering {
		_, _ = fmt.Fprintf(w, "</%s>\n", tag)
		return ast.WalkContinue, nil
	}
	_, _ = fmt.Fprintf(w, "<%s", tag)
	if n.Alignment != east.AlignNone {
		_, _ = fmt.Fprintf(w, ` style="text-align:%s"`, n.Alignment)
	}
	html.RenderAttributes(w, n, filter)
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderFigure(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<figure>")
	} else {
		_, _ = w.WriteString("</figure>\n")
	}
	return ast.WalkContinue, nil
}

func renderFigureCaption(w util.BufWriter, _ []byte, _ ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<figcaption>")
	} else {
		_, _ = w.WriteString("</figcaption>")
	}
	return ast.WalkContinue, nil
}

func renderAnchor(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span id="`)
		_, _ = w.Write(util.EscapeHTML([]byte(n.(*Anchor).ID)))
		_, _ = w.WriteString(`"></span>`)
	}
	return ast.WalkSkipChildren, nil
}

// renderText writes a text as it is when normalisation resolved it (raw),
// keeping its line breaks, which goldmark drops from raw text.
func renderText(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Text)
	if n.IsRaw() {
		html.DefaultWriter.RawWrite(w, n.Value(source))
	} else {
		html.DefaultWriter.Write(w, n.Value(source))
	}
	switch {
	case n.HardLineBreak():
		_, _ = w.WriteString("<br />\n")
	case n.SoftLineBreak():
		_ = w.WriteByte('\n')
	}
	return ast.WalkContinue, nil
}

func renderImage(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, false)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(util.EscapeHTML([]byte(plainText(n, source))))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(" />")
	return ast.WalkSkipChildren, nil
}

func renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(n.Destination, false)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func renderNothing(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkSkipChildren, nil
}

// plainText returns the text under n as a reader sees it.
func plainText(n ast.Node, source []byte) string {
	var b []byte
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.Text:
			b = append(b, v.Value(source)...)
			if v.SoftLineBreak() || v.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, v.Value...)
		}
		return ast.WalkContinue, nil
	})
	return string(b)
}
