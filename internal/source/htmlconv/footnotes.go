package htmlconv

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The footnotes that generators publish in HTML become Markdown notes
// ([^1] at the reference, a definition at the end), so that goldmark makes
// them the same linked notes a Markdown post's are. Left as HTML, the
// reference's number was glued to the word before it ("cord1"), the notes
// were a plain list with their back arrows, and their links were removed
// as pointing nowhere.
//
// The shapes read: goldmark/Hugo, Blackfriday, kramdown/Jekyll, pandoc,
// Python-Markdown, Substack, WordPress plugins that list their notes in an
// element whose class names a footnote, and the block editor's footnotes
// (their texts in the post's meta, given as Options.Notes). A reference is
// a link to the id of an item of such a list; both must exist.

// footnote is one note a post's HTML defines, in the order its first
// reference comes.
type footnote struct {
	unit  *html.Node // the list item (or element) that holds the note
	label int        // its number in the Markdown, 0 until referred to
}

// noteRefs is what extractNotes found: the notes in reference order and
// the placeholders standing for their references.
type noteRefs struct {
	notes   []*footnote
	dropped []int // labels of notes that kept no text
}

// notePlaceholder marks a reference in the converted text: private-use
// characters the converter neither escapes nor drops (not those
// internal/source/markdown keeps Liquid in).
func notePlaceholder(label int) string { return fmt.Sprintf("\uE010%d\uE011", label) }

// extractNotes finds the notes and their references under body, puts a
// placeholder where each reference was and detaches the notes referred
// to, with the list that held them once it holds nothing else.
func extractNotes(body *html.Node, opts Options) *noteRefs {
	containers := noteContainers(body)
	byID := map[string]*html.Node{}
	for _, c := range containers {
		indexNotes(c, c, byID)
	}
	refs := &noteRefs{}
	byUnit := map[*html.Node]*footnote{}
	refIDs := map[string]bool{}
	inContainer := map[*html.Node]bool{}
	for _, c := range containers {
		inContainer[c] = true
	}
	var links []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if inContainer[c] {
				continue
			}
			if c.Type == html.ElementNode && c.DataAtom == atom.A {
				links = append(links, c)
				continue
			}
			walk(c)
		}
	}
	walk(body)
	for _, a := range links {
		frag := fragment(attr(a, "href"))
		if frag == "" || !refShaped(a) {
			continue
		}
		unit := byID[frag]
		if unit == nil && opts.Notes != nil {
			if text, ok := opts.Notes[frag]; ok {
				unit = parseNote(text)
				byID[frag] = unit
			}
		}
		wrapper := refWrapper(a)
		for n := a; ; n = n.Parent {
			if id := attr(n, "id"); id != "" {
				refIDs[id] = true
			}
			if n == wrapper {
				break
			}
		}
		if unit == nil {
			if !strongRef(a, wrapper) {
				continue
			}
			mark := strings.TrimSpace(textContent(a))
			opts.warn("footnote reference %q points at #%s, which the post does not have: kept as [%s]", mark, frag, mark)
			replaceNode(wrapper, &html.Node{Type: html.TextNode, Data: "[" + mark + "]"})
			continue
		}
		fn := byUnit[unit]
		if fn == nil {
			fn = &footnote{unit: unit}
			byUnit[unit] = fn
			refs.notes = append(refs.notes, fn)
			fn.label = len(refs.notes)
		}
		replaceNode(wrapper, &html.Node{Type: html.TextNode, Data: notePlaceholder(fn.label)})
	}
	for _, fn := range refs.notes {
		dropBacklinks(fn.unit, refIDs, false)
	}
	for _, c := range containers {
		tidyContainer(c, byUnit, refIDs)
	}
	// Labels follow the order of the notes that kept some text.
	kept := refs.notes[:0]
	for _, fn := range refs.notes {
		if strings.TrimSpace(textContent(fn.unit)) == "" && !hasElement(fn.unit, atom.Img) {
			opts.warn("footnote %d has no text: its reference left out", fn.label)
			refs.dropped = append(refs.dropped, fn.label)
			continue
		}
		kept = append(kept, fn)
	}
	refs.notes = kept
	return refs
}

// noteContainers returns the outermost elements under n that hold a
// post's notes: a block whose class names a footnote (footnotes,
// footnote, wp-block-footnotes, easy-footnotes-wrapper…) or whose role is
// doc-endnotes.
func noteContainers(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if isContainer(c) {
			out = append(out, c)
			continue
		}
		out = append(out, noteContainers(c)...)
	}
	return out
}

func isContainer(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Aside, atom.Footer, atom.Ol, atom.Ul, atom.Nav:
	default:
		return false
	}
	if attr(n, "role") == "doc-endnotes" {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if strings.Contains(c, "footnote") && !strings.Contains(c, "ref") {
			return true
		}
	}
	return false
}

// indexNotes maps every id under n to the note that holds it: the nearest
// list item below the container, or the container itself when the notes
// are not a list (Substack gives each note its own element).
func indexNotes(container, n *html.Node, byID map[string]*html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		if id := attr(c, "id"); id != "" {
			if _, seen := byID[id]; !seen {
				byID[id] = noteUnit(container, c)
			}
		}
		indexNotes(container, c, byID)
	}
}

func noteUnit(container, n *html.Node) *html.Node {
	for k := n; k != nil && k != container; k = k.Parent {
		if k.DataAtom == atom.Li {
			return k
		}
	}
	return container
}

// fragment returns the part of href after "#", or "".
func fragment(href string) string {
	i := strings.IndexByte(href, '#')
	if i < 0 {
		return ""
	}
	return strings.TrimSpace(href[i+1:])
}

// refShaped reports whether a link looks like a note's reference: it is a
// superscript, is marked as one, or its text is a short mark ("1", "[2]",
// "*").
func refShaped(a *html.Node) bool {
	if strongRef(a, refWrapper(a)) || hasElement(a, atom.Sup) {
		return true
	}
	for p := a.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if p.DataAtom == atom.Sup {
			return true
		}
		if p.DataAtom != atom.Span {
			break
		}
	}
	mark := strings.Trim(strings.TrimSpace(textContent(a)), "[]()")
	return mark != "" && len([]rune(mark)) <= 3
}

// strongRef reports whether a reference says it is one, by its class,
// role, rel or id, so that one pointing nowhere is still a note mark.
func strongRef(a, wrapper *html.Node) bool {
	for n := a; n != nil; n = n.Parent {
		if attr(n, "role") == "doc-noteref" || attr(n, "rel") == "footnote" || attr(n, "data-fn") != "" ||
			strings.HasPrefix(attr(n, "id"), "fnref") || classNamesNote(n) {
			return true
		}
		if n == wrapper {
			break
		}
	}
	return false
}

func classNamesNote(n *html.Node) bool {
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		if strings.Contains(c, "footnote") {
			return true
		}
	}
	return false
}

// refWrapper returns the outermost element that holds only the
// reference a: the <sup> around it, a plugin's <span>.
func refWrapper(a *html.Node) *html.Node {
	n := a
	for p := n.Parent; p != nil && p.Type == html.ElementNode && (p.DataAtom == atom.Sup || p.DataAtom == atom.Span); p = p.Parent {
		if !onlyElement(p, n) {
			break
		}
		n = p
	}
	return n
}

// onlyElement reports whether child is all p holds, but for spaces.
func onlyElement(p, child *html.Node) bool {
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c != child && !(c.Type == html.TextNode && strings.TrimSpace(c.Data) == "") {
			return false
		}
	}
	return true
}

func hasElement(n *html.Node, a atom.Atom) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == a || hasElement(c, a)) {
			return true
		}
	}
	return false
}

func replaceNode(old, with *html.Node) {
	old.Parent.InsertBefore(with, old)
	old.Parent.RemoveChild(old)
}

// parseNote parses the HTML of a block-editor note into an element that
// holds it.
func parseNote(text string) *html.Node {
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(text), div, html.ParseOptionEnableScripting(false))
	if err != nil {
		div.AppendChild(&html.Node{Type: html.TextNode, Data: text})
		return div
	}
	for _, n := range nodes {
		div.AppendChild(n)
	}
	return div
}

// dropBacklinks removes from a note the links back to its references,
// and the space before them. With onlyMarked, only links that say what
// they are (by class, role or arrow) go: for notes nothing refers to.
func dropBacklinks(n *html.Node, refIDs map[string]bool, onlyMarked bool) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && c.DataAtom == atom.A && isBacklink(c, refIDs, onlyMarked) {
			removeWithEmptyParents(c, n)
		} else if c.Type == html.ElementNode {
			dropBacklinks(c, refIDs, onlyMarked)
		}
		c = next
	}
	trimTrailingSpace(n)
}

func isBacklink(a *html.Node, refIDs map[string]bool, onlyMarked bool) bool {
	if attr(a, "role") == "doc-backlink" {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(attr(a, "class"))) {
		if strings.Contains(c, "back") || strings.Contains(c, "reverse") || strings.Contains(c, "to-top") {
			return true
		}
	}
	text := strings.TrimSpace(textContent(a))
	if text != "" && strings.TrimFunc(text, isArrow) == "" {
		return true
	}
	return !onlyMarked && refIDs[fragment(attr(a, "href"))]
}

// isArrow reports whether r is part of a back link's mark: ↩, ↩︎ (with
// its variation selector), ⤴, ↑, ^.
func isArrow(r rune) bool {
	switch r {
	case '↩', '⤴', '↑', '^', '\uFE0E', '\uFE0F':
		return true
	}
	return unicode.IsSpace(r)
}

// removeWithEmptyParents removes n, and the wrappers (a plugin's span)
// left holding nothing, up to stop.
func removeWithEmptyParents(n, stop *html.Node) {
	for {
		p := n.Parent
		p.RemoveChild(n)
		if p == stop || p.DataAtom != atom.Span || strings.TrimSpace(textContent(p)) != "" || p.FirstChild != nil && hasAnyElement(p) {
			return
		}
		n = p
	}
}

func hasAnyElement(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// trimTrailingSpace removes the spaces (a no-break one, typically) that
// stood before a back link at the end of n's text.
func trimTrailingSpace(n *html.Node) {
	last := n.LastChild
	for last != nil && last.Type == html.ElementNode && last.DataAtom != atom.Br && last.DataAtom != atom.Img {
		if last.LastChild == nil {
			break
		}
		last = last.LastChild
	}
	if last != nil && last.Type == html.TextNode {
		last.Data = strings.TrimRightFunc(last.Data, unicode.IsSpace)
	}
}

// tidyContainer takes out of a list of notes those that were referred to
// and the back links of the others; what holds no text then goes, with
// its rule.
func tidyContainer(c *html.Node, byUnit map[*html.Node]*footnote, refIDs map[string]bool) {
	touched := false
	for unit := range byUnit {
		if unit != c && isInside(unit, c) {
			unit.Parent.RemoveChild(unit)
			touched = true
		}
	}
	if byUnit[c] != nil {
		detach(c)
		return
	}
	if hasMarkedBacklink(c) {
		dropBacklinks(c, refIDs, true)
		touched = true
	}
	if touched && strings.TrimSpace(textContent(c)) == "" && !hasElement(c, atom.Img) {
		detach(c)
	}
}

// detach removes n from its parent, leaving it whole for the Markdown of
// its note.
func detach(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

func isInside(n, ancestor *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}

func hasMarkedBacklink(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.A && isBacklink(c, nil, true) {
			return true
		}
		if hasMarkedBacklink(c) {
			return true
		}
	}
	return false
}

// definitions writes the Markdown definition of each note, its
// paragraphs after the first indented as Markdown continues a note.
func (r *noteRefs) definitions(opts Options) (string, error) {
	var b strings.Builder
	for _, fn := range r.notes {
		body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
		for k := fn.unit.FirstChild; k != nil; k = fn.unit.FirstChild {
			fn.unit.RemoveChild(k)
			body.AppendChild(k)
		}
		rewrite(body, opts)
		doc := &html.Node{Type: html.DocumentNode}
		doc.AppendChild(body)
		md, err := newConverter().ConvertNode(doc)
		if err != nil {
			return "", fmt.Errorf("convert footnote %d: %w", fn.label, err)
		}
		b.WriteString("\n\n[^" + strconv.Itoa(fn.label) + "]: ")
		for i, line := range strings.Split(strings.TrimSpace(string(md)), "\n") {
			if i > 0 {
				b.WriteByte('\n')
				if line != "" {
					b.WriteString("    ")
				}
			}
			b.WriteString(line)
		}
	}
	return b.String(), nil
}

// resolve puts each note's Markdown reference where its placeholder is;
// a placeholder whose note kept no text goes.
func (r *noteRefs) resolve(md string) string {
	if len(r.notes)+len(r.dropped) == 0 {
		return md
	}
	pairs := make([]string, 0, 2*(len(r.notes)+len(r.dropped)))
	for _, fn := range r.notes {
		pairs = append(pairs, notePlaceholder(fn.label), "[^"+strconv.Itoa(fn.label)+"]")
	}
	for _, label := range r.dropped {
		pairs = append(pairs, notePlaceholder(label), "")
	}
	return strings.NewReplacer(pairs...).Replace(md)
}
