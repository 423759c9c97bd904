package testkit

import (
	"archive/zip"
	"fmt"
	"path"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// EPUBDoc is one XHTML document of an EPUB as a reader sees it.
type EPUBDoc struct {
	Path   string   // its path in the zip, e.g. "EPUB/xhtml/post-1.xhtml"
	Lang   string   // lang or xml:lang of its <html>, "" when absent
	Text   string   // the text of its <body>, blocks on lines of their own
	Images int      // how many <img> elements it holds
	Times  []string // the text of each <time> element, in order
}

// EPUBDocs reads every XHTML document of the EPUB file epub, keyed by file
// name ("post-1.xhtml"), as the renderer names a post's document.
func EPUBDocs(epub string) (map[string]EPUBDoc, error) {
	zr, err := zip.OpenReader(epub)
	if err != nil {
		return nil, fmt.Errorf("open EPUB %q: %w", epub, err)
	}
	defer zr.Close()
	docs := map[string]EPUBDoc{}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		doc, err := readEPUBDoc(f)
		if err != nil {
			return nil, fmt.Errorf("read %q in EPUB %q: %w", f.Name, epub, err)
		}
		base := path.Base(f.Name)
		if other, ok := docs[base]; ok {
			return nil, fmt.Errorf("read EPUB %q: two documents named %q (%q and %q)", epub, base, other.Path, f.Name)
		}
		docs[base] = doc
	}
	return docs, nil
}

func readEPUBDoc(f *zip.File) (EPUBDoc, error) {
	rc, err := f.Open()
	if err != nil {
		return EPUBDoc{}, err
	}
	defer rc.Close()
	root, err := html.Parse(rc)
	if err != nil {
		return EPUBDoc{}, err
	}
	d := EPUBDoc{Path: f.Name}
	var text strings.Builder
	var walk func(n *html.Node, inBody bool)
	walk = func(n *html.Node, inBody bool) {
		switch n.Type {
		case html.TextNode:
			if inBody {
				text.WriteString(n.Data)
			}
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Html:
				d.Lang = langOf(n)
			case atom.Head, atom.Script, atom.Style, atom.Template:
				return
			case atom.Body:
				inBody = true
			case atom.Img:
				d.Images++
			case atom.Time:
				d.Times = append(d.Times, strings.Join(strings.Fields(textOf(n)), " "))
			}
		}
		block := n.Type == html.ElementNode && blockElements[n.DataAtom]
		if block {
			text.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inBody)
		}
		if block {
			text.WriteByte('\n')
		}
	}
	walk(root, false)
	d.Text = tidyLines(text.String())
	return d, nil
}

// blockElements are the elements a reader shows apart from the text around
// them: a word never runs across their edges. Inline elements (<em>, <a>,
// <sup>, <span> ...) add nothing, so that "un<em>usual</em>" stays one word.
var blockElements = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Br: true, atom.Caption: true, atom.Dd: true, atom.Div: true,
	atom.Dl: true, atom.Dt: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Img: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Td: true,
	atom.Th: true, atom.Tr: true, atom.Ul: true,
}

func langOf(n *html.Node) string {
	lang := ""
	for _, a := range n.Attr {
		switch {
		case a.Key == "lang" && a.Namespace == "":
			lang = a.Val
		case a.Key == "xml:lang" || (a.Key == "lang" && a.Namespace != ""):
			if lang == "" {
				lang = a.Val
			}
		}
	}
	return lang
}

func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textOf(c))
	}
	return b.String()
}

// tidyLines trims each line and drops the empty ones, which the block
// edges leave by the dozen.
func tidyLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
