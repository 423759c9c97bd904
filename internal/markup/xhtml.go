package markup

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
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
	var out strings.Builder
	var raw bytes.Buffer
	f := fixer{prefix: d.Prefix, opts: opts}
	breaks := opts.PageBreaks
	// Each top-level block is rendered and sanitized on its own, which
	// keeps the buffers small.
	i := 0
	for block := d.Root.FirstChild(); block != nil; block, i = block.NextSibling(), i+1 {
		raw.Reset()
		if err := markdown().Renderer().Render(&raw, d.Source, block); err != nil {
			return "", fmt.Errorf("render %q: %w", d.Post.Source, err)
		}
		body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
		clean := policy().SanitizeBytes(raw.Bytes())
		nodes, err := xhtml.ParseFragment(bytes.NewReader(clean), body)
		if err != nil {
			return "", fmt.Errorf("parse rendered HTML of %q: %w", d.Post.Source, err)
		}
		for _, n := range nodes {
			body.AppendChild(n)
		}
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
	}
	for _, b := range breaks { // past the last block
		writeXHTML(&out, pageBreakNode(b))
	}
	return out.String(), nil
}

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
		p.AllowAttrs("id").Matching(regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.:-]*$`)).Globally()
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
