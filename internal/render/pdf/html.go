package pdf

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlParagraphs returns the text a raw HTML block shows, one string per
// paragraph: print has no use for the markup, but its words stay.
// Scripts, styles and comments show nothing.
func htmlParagraphs(n *ast.HTMLBlock, src []byte) []string {
	var raw bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		raw.Write(s.Value(src))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(src))
	}
	var paras []string
	var cur strings.Builder
	flush := func() {
		if s := strings.Join(strings.Fields(cur.String()), " "); s != "" {
			paras = append(paras, s)
		}
		cur.Reset()
	}
	z := html.NewTokenizer(&raw)
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return paras
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style, atom.Template:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.P, atom.Div, atom.Li, atom.Tr, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Blockquote, atom.Pre, atom.Figure, atom.Figcaption, atom.Table, atom.Ul, atom.Ol, atom.Section:
				flush()
			case atom.Br, atom.Td, atom.Th:
				cur.WriteByte(' ')
			}
		}
	}
}
