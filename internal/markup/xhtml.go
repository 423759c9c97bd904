package markup

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// XHTMLOptions adapts links and images to where the XHTML will live.
type XHTMLOptions struct {
	// Image maps an image's src to its address in the book. When it reports
	// false the image is left out and its alt text stays in its place.
	Image func(src string) (string, bool)
	// Link maps a link's href, e.g. to point a link between posts inside the
	// book. Nil keeps every href.
	Link func(href string) string
	// PageBreaks are the places where the print edition's pages begin, in
	// the order of their blocks and words; each is marked with an empty
	// pagebreak element.
	PageBreaks []PageBreak
}

// XHTML renders the post as a sanitized, well-formed XHTML fragment: the
// content of a body element, with ids prefixed by the post's prefix and
// footnotes marked up as EPUB 3 notes.
func (d *Doc) XHTML(opts XHTMLOptions) (string, error) {
	return d.xhtml(opts, batchBytes)
}

// batchBytes is about how much rendered HTML is sanitized and parsed in
// one pass: a pass costs as much to start as a short paragraph does to
// read, so blocks go in batches, and memory stays that of a batch.
const batchBytes = 64 << 10

// xhtml is XHTML with blocks sanitized and parsed in batches of about
// batch bytes; with batch 0, each block on its own.
func (d *Doc) xhtml(opts XHTMLOptions, batch int) (string, error) {
	var out strings.Builder
	var raw bytes.Buffer
	f := fixer{prefix: d.Prefix, opts: opts}
	breaks := opts.PageBreaks
	i := 0
	for block := d.Root.FirstChild(); block != nil; {
		bodies, next, err := d.bodies(block, batch, &raw)
		if err != nil {
			return "", err
		}
		for _, body := range bodies {
			f.fix(body)
			k := 0
			for k < len(breaks) && breaks[k].Block <= i {
				k++
			}
			if k > 0 {
				placePageBreaks(body, breaks[:k])
				breaks = breaks[k:]
			}
			for c := body.FirstChild; c != nil; c = c.NextSibling {
				writeXHTML(&out, c)
			}
			i++
		}
		block = next
	}
	for _, b := range breaks { // past the last block
		writeXHTML(&out, pageBreakNode(b))
	}
	return out.String(), nil
}

// bodies renders blocks from first on, about batch bytes of them (at
// least one), sanitizes and parses them in one pass, each block wrapped
// in a div, and returns, per block, a body element holding its nodes, and
// the block after the batch. Should the parse not give back one div per
// block, each block is done again on its own.
func (d *Doc) bodies(first ast.Node, batch int, raw *bytes.Buffer) ([]*xhtml.Node, ast.Node, error) {
	if batch <= 0 {
		body, err := d.blockBody(first, raw)
		return []*xhtml.Node{body}, first.NextSibling(), err
	}
	raw.Reset()
	var blocks []ast.Node
	next := first
	for next != nil && (len(blocks) == 0 || raw.Len() < batch) {
		raw.WriteString("<div>")
		if err := htmlRenderer().Render(raw, d.Source, next); err != nil {
			return nil, nil, fmt.Errorf("render %q: %w", d.Post.Source, err)
		}
		raw.WriteString("</div>")
		blocks = append(blocks, next)
		next = next.NextSibling()
	}
	nodes, err := xhtml.ParseFragment(bytes.NewReader(policy().SanitizeBytes(raw.Bytes())), newBody())
	if err != nil {
		return nil, nil, fmt.Errorf("parse rendered HTML of %q: %w", d.Post.Source, err)
	}
	if bodies, ok := unwrap(nodes, len(blocks)); ok {
		return bodies, next, nil
	}
	bodies := make([]*xhtml.Node, len(blocks))
	for k, block := range blocks {
		if bodies[k], err = d.blockBody(block, raw); err != nil {
			return nil, nil, err
		}
	}
	return bodies, next, nil
}

// blockBody renders, sanitizes and parses one block, and returns a body
// element holding its nodes.
func (d *Doc) blockBody(block ast.Node, raw *bytes.Buffer) (*xhtml.Node, error) {
	raw.Reset()
	if err := htmlRenderer().Render(raw, d.Source, block); err != nil {
		return nil, fmt.Errorf("render %q: %w", d.Post.Source, err)
	}
	body := newBody()
	nodes, err := xhtml.ParseFragment(bytes.NewReader(policy().SanitizeBytes(raw.Bytes())), body)
	if err != nil {
		return nil, fmt.Errorf("parse rendered HTML of %q: %w", d.Post.Source, err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	return body, nil
}

// unwrap moves the children of each of n wrapping divs into a body element
// of its own; it reports false, changing nothing, unless nodes are
// exactly n divs.
func unwrap(nodes []*xhtml.Node, n int) ([]*xhtml.Node, bool) {
	if len(nodes) != n {
		return nil, false
	}
	for _, w := range nodes {
		if w.Type != xhtml.ElementNode || w.DataAtom != atom.Div || len(w.Attr) > 0 {
			return nil, false
		}
	}
	bodies := make([]*xhtml.Node, n)
	for k, w := range nodes {
		body := newBody()
		for c := w.FirstChild; c != nil; {
			next := c.NextSibling
			w.RemoveChild(c)
			body.AppendChild(c)
			c = next
		}
		bodies[k] = body
	}
	return bodies, true
}

func newBody() *xhtml.Node {
	return &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
}

// keptID is the form of the ids the XHTML keeps: XML names of ASCII
// letters, digits and _.:-, which every reading system reads as one.
var keptID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:-]*$`)

// KeepsID reports whether an element's id stays in the XHTML: a link to
// an id that does not goes nowhere.
func KeepsID(id string) bool { return keptID.MatchString(id) }

var (
	policyOnce sync.Once
	sanitizer  *bluemonday.Policy
)

// policy allows what goldmark emits and what is valid XHTML5 in an EPUB;
// scripts, styles, iframes, forms, event attributes and obsolete
// presentational attributes go.
func policy() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
			"blockquote", "pre", "code", "em", "strong", "del", "s", "ins", "sub", "sup",
			"small", "mark", "cite", "q", "dfn", "kbd", "samp", "var", "b", "i", "u",
			"span", "div", "section", "article", "aside", "figure", "figcaption",
			"ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
			"caption", "details", "summary", "ruby", "rt", "rp", "wbr")
		p.AllowAttrs("id").Matching(keptID).Globally()
		p.AllowAttrs("class").Matching(regexp.MustCompile(`^[A-Za-z0-9_ -]+$`)).Globally()
		p.AllowAttrs("title").Globally()
		p.AllowAttrs("lang").Matching(regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)).Globally()
		p.AllowAttrs("dir").Matching(regexp.MustCompile(`^(ltr|rtl|auto)$`)).Globally()
		p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
		p.AllowAttrs("reversed").Matching(regexp.MustCompile(`^(|reversed)$`)).OnElements("ol")
		p.AllowElements("ol")
		p.AllowAttrs("value").Matching(bluemonday.Integer).OnElements("li")
		p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("th", "td")
		p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
		p.AllowStyles("text-align").MatchingEnum("left", "right", "center").OnElements("th", "td")
		p.AllowElements("th", "td")
		p.AllowAttrs("cite").OnElements("blockquote", "q")
		p.AllowAttrs("datetime").OnElements("time")
		p.AllowElements("time")
		p.AllowAttrs("abbr").OnElements("th")
		p.AllowElements("abbr")
		p.AllowAttrs("href").OnElements("a")
		p.AllowElements("a")
		p.AllowAttrs("src", "alt").OnElements("img")
		p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]+$`)).OnElements("img")
		p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
		p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^(|checked|disabled)$`)).OnElements("input")
		p.AllowURLSchemes("http", "https", "mailto", strings.TrimSuffix(postScheme, ":"))
		p.AllowRelativeURLs(true)
		p.RequireParseableURLs(true)
		p.AllowDataURIImages()
		sanitizer = p
	})
	return sanitizer
}

// htmlRenderer is goldmark's HTML renderer with the node renderers of
// this package. It is the same for every flavor: what a flavor reads
// otherwise was settled in the document before.
func htmlRenderer() renderer.Renderer { return markdown(book.Flavor{}).Renderer() }
