// Package htmlconv turns the HTML that WordPress exports and feeds carry
// into Markdown, the one form every post body takes, so that a single
// goldmark pipeline renders posts of every source. WordPress's own markup
// (block comments, auto-paragraphs, shortcodes) is resolved here too.
package htmlconv

import (
	"fmt"
	stdhtml "html"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/anthology-book/anthology/internal/markup"
)

// Options adapts the conversion to where the HTML came from.
type Options struct {
	// Image maps an image's src to the reference the Markdown keeps, e.g. a
	// path inside the media folder. When it is nil or reports false, a
	// remote image becomes a link labelled with its alt text.
	Image func(src string) (string, bool)
	// Gallery returns the HTML that stands for a [gallery] shortcode with
	// the given attributes; nil drops galleries with a warning.
	Gallery func(attrs map[string]string) string
	// Notes holds the texts (HTML) of the block editor's footnotes by
	// their id, as WordPress keeps them in the post's meta: a reference
	// to one becomes a Markdown note.
	Notes map[string]string
	// Warn receives what was dropped or guessed; nil ignores it.
	Warn func(format string, args ...any)
}

func (o Options) warn(format string, args ...any) {
	if o.Warn != nil {
		o.Warn(format, args...)
	}
}

// WordPress converts a post's content as WordPress stores it: shortcodes
// become the HTML they stand for, block comments go, and text without
// paragraph tags gets them the way WordPress's wpautop adds them on display.
func WordPress(content string, opts Options) (string, error) {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	content = expandShortcodes(content, opts)
	// The block editor stores finished HTML and WordPress skips wpautop for
	// it; classic-editor posts hold bare text with blank lines.
	if !strings.Contains(content, "<!-- wp:") {
		content = autop(content)
	}
	return Convert(content, opts)
}

// Convert turns an HTML fragment into Markdown. Unclosed tags are closed
// the way browsers close them; scripts, styles and comments go; embedded
// players become links to what they play.
func Convert(fragment string, opts Options) (string, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	// A book runs no script: what a page shows without them (noscript's
	// content) is what it shows.
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(fragment), body, html.ParseOptionEnableScripting(false))
	if err != nil {
		return "", fmt.Errorf("parse HTML: %w", err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	notes := extractNotes(body, opts)
	rewrite(body, opts)
	doc := &html.Node{Type: html.DocumentNode}
	doc.AppendChild(body)
	md, err := newConverter().ConvertNode(doc)
	if err != nil {
		return "", fmt.Errorf("convert HTML to Markdown: %w", err)
	}
	defs, err := notes.definitions(opts)
	if err != nil {
		return "", err
	}
	return notes.resolve(strings.TrimSpace(string(md))+defs) + "\n", nil
}

// newConverter is called per conversion: the library's converter keeps
// the first error of a run in shared state.
func newConverter() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
}

// rewrite adapts the tree before conversion: images point at local files,
// players (and the embed tags a generator left unrendered) become links,
// figures keep their caption as a caption line.
func rewrite(n *html.Node, opts Options) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.CommentNode {
			n.RemoveChild(c)
			c = next
			continue
		}
		if c.Type == html.TextNode {
			linkEmbeds(n, c)
		}
		if c.Type == html.ElementNode && c.DataAtom == atom.Noscript && !asksForScripts(c) {
			// What stands in for a script (a chart's picture) is what the
			// book shows: the children take the noscript's place.
			first := c.FirstChild
			for k := first; k != nil; {
				after := k.NextSibling
				c.RemoveChild(k)
				n.InsertBefore(k, c)
				k = after
			}
			n.RemoveChild(c)
			if first != nil {
				next = first // the children are rewritten in their turn
			}
			c = next
			continue
		}
		if c.Type == html.ElementNode {
			if r := replacement(c, opts); r != nil {
				n.InsertBefore(r, c)
				n.RemoveChild(c)
				c = r
			}
			rewrite(c, opts)
			if c.DataAtom == atom.Img {
				fixImage(n, c, opts)
			}
		}
		c = next
	}
}

// replacement returns the node that stands for c in the book, or nil to
// keep c.
func replacement(c *html.Node, opts Options) *html.Node {
	if tex, display, ok := renderedFormula(c); ok {
		// The formula's TeX, as a page's script finds it: the Markdown
		// reader sets it (internal/markup).
		if display {
			return paragraph(&html.Node{Type: html.TextNode, Data: `\[` + tex + `\]`})
		}
		return &html.Node{Type: html.TextNode, Data: `\(` + tex + `\)`}
	}
	switch c.DataAtom {
	case atom.Table:
		if code := numberedCode(c); code != nil {
			code.Parent.RemoveChild(code)
			return code
		}
	case atom.Script:
		// A gist's script is a link to the gist, as in a Markdown post.
		if href, label := markup.EmbedTarget(c); href != "" {
			return paragraph(link(href, label))
		}
		return &html.Node{Type: html.TextNode}
	case atom.Style, atom.Form, atom.Button, atom.Input, atom.Select, atom.Textarea:
		return &html.Node{Type: html.TextNode}
	case atom.Noscript: // one that rewrite did not unwrap
		return &html.Node{Type: html.TextNode}
	case atom.Iframe, atom.Embed, atom.Object, atom.Video, atom.Audio:
		src := attr(c, "src")
		if src == "" {
			src = attr(c, "data")
		}
		for s := c.FirstChild; src == "" && s != nil; s = s.NextSibling {
			switch {
			case s.DataAtom == atom.Source, s.DataAtom == atom.Embed: // Flash's <object><embed src>
				src = attr(s, "src")
			case s.DataAtom == atom.Param && strings.EqualFold(attr(s, "name"), "movie"):
				src = attr(s, "value")
			}
		}
		if src == "" {
			opts.warn("embedded %s without an address left out", c.Data)
			return &html.Node{Type: html.TextNode}
		}
		// Labelled as the same player in a Markdown post is.
		if href, label := markup.EmbedTarget(c); href != "" {
			return paragraph(link(href, label))
		}
		return paragraph(link(src, playerLabel(c.DataAtom, src)))
	case atom.A:
		// WordPress links a thumbnail to the full-size file; in a book the
		// image itself is what matters.
		if img := onlyChild(c, atom.Img); img != nil && isImageURL(attr(c, "href")) {
			c.RemoveChild(img)
			return img
		}
	case atom.Figcaption:
		p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
		em := &html.Node{Type: html.ElementNode, Data: "em", DataAtom: atom.Em}
		p.AppendChild(em)
		for k := c.FirstChild; k != nil; k = c.FirstChild {
			c.RemoveChild(k)
			em.AppendChild(k)
		}
		return p
	}
	return nil
}

// renderedFormula returns the TeX of a formula a page holds already
// rendered, and whether it stands on its own line: KaTeX's output (its
// MathML keeps the TeX as an annotation, which the book reads instead of
// the drawing beside it, whose text would print the formula twice),
// MathJax 3's (mjx-container), MathJax 2's <script type="math/tex">, and
// MathML with a TeX annotation or alttext.
func renderedFormula(c *html.Node) (tex string, display, ok bool) {
	switch {
	case c.DataAtom == atom.Script:
		typ := strings.ToLower(attr(c, "type"))
		if !strings.HasPrefix(typ, "math/tex") {
			return "", false, false
		}
		return strings.TrimSpace(textContent(c)), strings.Contains(typ, "mode=display"), true
	case hasClass(c, "katex-display"):
		display = true
	case hasClass(c, "katex"), c.Data == "mjx-container":
		display = attr(c, "display") == "true" || attr(c, "display") == "block"
	case c.DataAtom == atom.Math:
		display = attr(c, "display") == "block"
		if texAnnotation(c) == "" {
			if alt := strings.TrimSpace(attr(c, "alttext")); alt != "" {
				return alt, display, true
			}
			tex = strings.TrimSpace(mathmlTeX(c))
			return tex, display, tex != ""
		}
	default:
		return "", false, false
	}
	tex = texAnnotation(c)
	return tex, display, tex != ""
}

// mathmlTeX writes MathML's layout as TeX: scripts, fractions and roots;
// its tokens as they are.
func mathmlTeX(n *html.Node) string {
	if n.Type == html.TextNode {
		return texEscaper.Replace(n.Data)
	}
	if n.Type != html.ElementNode {
		return ""
	}
	var args []string
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode || strings.TrimSpace(c.Data) != "" {
			args = append(args, mathmlTeX(c))
		}
	}
	arg := func(i int) string {
		if i < len(args) {
			return "{" + args[i] + "}"
		}
		return "{}"
	}
	switch n.Data {
	case "msup":
		return arg(0) + "^" + arg(1)
	case "msub":
		return arg(0) + "_" + arg(1)
	case "msubsup":
		return arg(0) + "_" + arg(1) + "^" + arg(2)
	case "mfrac":
		return `\frac` + arg(0) + arg(1)
	case "msqrt":
		return `\sqrt{` + strings.Join(args, " ") + "}"
	case "mroot":
		return `\sqrt[` + strings.Trim(arg(1), "{}") + "]" + arg(0)
	case "mover", "munder", "munderover":
		return arg(0)
	case "annotation", "annotation-xml":
		return ""
	case "mtext":
		return `\text{` + strings.Join(args, "") + "}"
	case "mo", "mi", "mn", "ms":
		return strings.Join(args, "") + " "
	}
	return strings.Join(args, " ")
}

// texEscaper writes text as TeX sets it literally.
var texEscaper = strings.NewReplacer(`\`, `\backslash `, "{", `\{`, "}", `\}`, "_", `\_`, "^", "ˆ", "%", `\%`, "$", `\$`, "&", `\&`, "#", `\#`, "~", "∼")

// texAnnotation returns the TeX annotation under n, or "".
func texAnnotation(n *html.Node) string {
	if n.Type == html.ElementNode && n.Data == "annotation" && strings.Contains(strings.ToLower(attr(n, "encoding")), "tex") {
		return strings.TrimSpace(textContent(n))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if t := texAnnotation(c); t != "" {
			return t
		}
	}
	return ""
}

// hasClass reports whether n has class among its classes.
func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// numberedCode returns the code of a table that highlighters (Rouge,
// Pygments, Chroma, Octopress) make of numbered code: a cell of line
// numbers beside a cell of code, each a <pre>. The book prints the code,
// without numbers that would otherwise stand as a block of their own.
func numberedCode(table *html.Node) *html.Node {
	var pres []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && len(pres) <= 2; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Pre {
				pres = append(pres, c)
				continue
			}
			walk(c)
		}
	}
	walk(table)
	if len(pres) != 2 {
		return nil
	}
	numbers := strings.TrimSpace(textContent(pres[0]))
	if numbers == "" || strings.TrimFunc(numbers, func(r rune) bool { return '0' <= r && r <= '9' || unicode.IsSpace(r) }) != "" {
		return nil
	}
	return pres[1]
}

func playerLabel(a atom.Atom, src string) string {
	name := path.Base(strings.SplitN(src, "?", 2)[0])
	switch a {
	case atom.Video:
		return "Video: " + name
	case atom.Audio:
		return "Audio: " + name
	}
	return src
}

// fixImage points img at a local file, or turns a remote image nobody
// resolved into a link labelled with its alt text. Its title goes: in a
// page it is a tooltip, which a book has no way to show, where Markdown's
// image title is a caption, printed under it (beside the [caption] or
// figcaption WordPress shows, it printed a second one).
func fixImage(parent, img *html.Node, opts Options) {
	src := attr(img, "src")
	removeAttr(img, "srcset")
	removeAttr(img, "sizes")
	removeAttr(img, "title")
	if opts.Image != nil {
		if ref, ok := opts.Image(src); ok {
			setAttr(img, "src", ref)
			return
		}
	}
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "//") {
		return
	}
	label := strings.TrimSpace(attr(img, "alt"))
	if label == "" {
		label = "Image: " + path.Base(strings.SplitN(src, "?", 2)[0])
	}
	parent.InsertBefore(link(src, label), img)
	parent.RemoveChild(img)
}

func link(href, label string) *html.Node {
	a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: href}}}
	a.AppendChild(&html.Node{Type: html.TextNode, Data: label})
	return a
}

func paragraph(child *html.Node) *html.Node {
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	p.AppendChild(child)
	return p
}

func onlyChild(n *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == a && found == nil:
			found = c
		default:
			return nil
		}
	}
	return found
}

var imageExt = regexp.MustCompile(`(?i)\.(jpe?g|png|gif|webp|svg|avif)$`)

func isImageURL(href string) bool {
	return imageExt.MatchString(strings.SplitN(href, "?", 2)[0])
}

// asksForScripts reports whether a noscript element is a notice asking
// for JavaScript ("Please enable JavaScript to view the comments"), which
// a book has none of.
func asksForScripts(n *html.Node) bool {
	return strings.Contains(strings.ToLower(textContent(n)), "javascript")
}

// Opening returns the start of what an HTML fragment says, as a title for
// a post that has none (a micro.blog note): its first sentence, cut at a
// word to at most maxRunes runes with an ellipsis, or "" when it says
// nothing. Scripts, styles and code are skipped.
func Opening(fragment string, maxRunes int) string {
	root, err := html.Parse(strings.NewReader(fragment))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < 8*maxRunes; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
			case c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Pre):
			case c.Type == html.ElementNode:
				if blockTags[c.DataAtom] {
					b.WriteString("\n")
				}
				walk(c)
				if blockTags[c.DataAtom] {
					b.WriteString("\n")
				}
			}
		}
	}
	walk(root)
	return openingOf(b.String(), maxRunes)
}

var blockTags = map[atom.Atom]bool{atom.P: true, atom.Div: true, atom.Li: true, atom.Br: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.Blockquote: true, atom.Figcaption: true, atom.Td: true}

// openingOf is the first sentence of text, on its first line that says
// something, cut at a word to at most maxRunes runes.
func openingOf(text string, maxRunes int) string {
	var line string
	for l := range strings.SplitSeq(text, "\n") {
		if line = strings.Join(strings.Fields(l), " "); line != "" {
			break
		}
	}
	for i, r := range line {
		if (r == '.' || r == '!' || r == '?' || r == '。' || r == '！' || r == '？') && i > 0 {
			end := i + utf8.RuneLen(r)
			if end == len(line) || line[end] == ' ' || r >= 0x3000 {
				if r == '.' {
					end = i // a title ends with no full stop
				}
				line = line[:end]
				break
			}
		}
	}
	if utf8.RuneCountInString(line) <= maxRunes {
		return line
	}
	runes := []rune(line)[:maxRunes]
	cut := string(runes)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-–—") + "…"
}

// textContent is the text of n and its descendants.
func textContent(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		b.WriteString(textContent(c))
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}

// blockStart matches a chunk wpautop leaves alone because it already
// starts with a block element.
var blockStart = regexp.MustCompile(`(?i)^<(?:p|div|h[1-6]|ul|ol|li|dl|dd|dt|blockquote|pre|table|thead|tbody|tr|td|th|figure|figcaption|hr|section|article|aside|header|footer|nav|address|form|fieldset|iframe|video|audio|object|embed|style|script|!--)[\s>/]`)

var blankLines = regexp.MustCompile(`\n[ \t]*\n`)

// autop is a small wpautop: text separated by blank lines becomes
// paragraphs and single newlines become line breaks, except inside <pre>.
func autop(s string) string {
	var pres []string
	s = preBlock.ReplaceAllStringFunc(s, func(m string) string {
		pres = append(pres, m)
		return fmt.Sprintf("\n\n<pre>\x00%d\x00</pre>\n\n", len(pres)-1)
	})
	s = joinTagLines(s)
	var out strings.Builder
	for _, chunk := range blankLines.Split(s, -1) {
		chunk = strings.TrimSpace(chunk)
		if chunk == "" {
			continue
		}
		if blockStart.MatchString(chunk) {
			out.WriteString(chunk)
		} else {
			out.WriteString("<p>")
			out.WriteString(strings.ReplaceAll(chunk, "\n", "<br />\n"))
			out.WriteString("</p>")
		}
		out.WriteString("\n\n")
	}
	res := out.String()
	for i, p := range pres {
		res = strings.Replace(res, fmt.Sprintf("<pre>\x00%d\x00</pre>", i), p, 1)
	}
	return res
}

var preBlock = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)

// maxTagLength bounds how far joinTagLines looks for a tag's end, so that
// a stray "<" in text joins no paragraphs far apart.
const maxTagLength = 8 << 10

// joinTagLines puts each tag on one line, its line breaks made spaces,
// as wpautop does before it parts paragraphs at blank lines: a tag whose
// attributes are set apart by blank lines (as some importers write them)
// stays a tag, not paragraphs of attributes. A tag ends at the first ">"
// outside its quoted values.
func joinTagLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	b := []byte(s)
	for i := 0; i+1 < len(b); i++ {
		if c := b[i+1]; b[i] != '<' || !(c == '/' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			continue
		}
		end, quote := -1, byte(0)
		for j := i + 1; j < len(b) && j-i < maxTagLength; j++ {
			switch c := b[j]; {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				if b[j-1] == '=' || b[j-1] == ' ' || b[j-1] == '\n' {
					quote = c
				}
			case c == '>':
				end = j
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			continue
		}
		for j := i; j < end; j++ {
			if b[j] == '\n' {
				b[j] = ' '
			}
		}
		i = end
	}
	return string(b)
}

// Plain converts plain text, such as a JSON Feed's content_text, to
// Markdown: blank lines separate paragraphs, and characters that would
// mark text up are escaped.
func Plain(text string, opts Options) (string, error) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	return Convert(autop(stdhtml.EscapeString(text)), opts)
}

// TextWithHTML converts text that holds some HTML among its lines (a JSON
// Feed's content_text as micro.blog writes it: the post's source, with its
// pictures as <img> tags): blank lines part paragraphs, as in Plain, and
// the tags are read.
func TextWithHTML(text string, opts Options) (string, error) {
	return Convert(autop(strings.ReplaceAll(text, "\r\n", "\n")), opts)
}

// IsHTML reports whether s holds markup rather than plain text.
func IsHTML(s string) bool {
	return htmlTag.MatchString(s)
}

var htmlTag = regexp.MustCompile(`(?i)</?[a-z][a-z0-9]*(\s[^>]*)?/?>|&(#[0-9]+|#x[0-9a-f]+|[a-z]+);|<!--.*?-->`)

// Blank reports whether the HTML s shows nothing: white space and comments
// only, as a generator's placeholder (Hugo's "<!-- raw HTML omitted -->").
func Blank(s string) bool {
	return strings.TrimSpace(comment.ReplaceAllString(s, "")) == ""
}

var comment = regexp.MustCompile(`(?s)<!--.*?-->`)
