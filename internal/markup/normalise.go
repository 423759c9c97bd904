package markup

import (
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup/texmath"

	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// normaliser makes a parsed post the one document both renderers walk: raw
// HTML becomes the nodes Markdown makes, every text holds what a reader
// sees, and images with captions become figures. Text it makes is appended
// to src, past the post's Markdown, and the segments of new text nodes
// point there.
type normaliser struct {
	src    []byte
	prefix string
	// space says whether the inline content made so far ends in white
	// space, which HTML collapses with the white space that follows.
	space bool

	tags        map[*ast.RawHTML]tag // inline tags read so far
	inlineDepth int                  // how deep inline raw HTML elements nest where pairInline is
	deepAt      *int                 // where content first nested deeper than MaxDepth
	formulas    formulas             // what setting the formulas found
	// kept are the formulas kept from Markdown, textParents the nodes
	// whose texts may hold formulas (math.go), as resolveTexts met them.
	kept        []*keptFormula
	keptBlocks  []*keptFormulaBlock
	textParents []ast.Node
	macros      texmath.Macros // the commands the post's formulas define
	ownIDs      bool           // raw HTML gave ids of its own
	// escapedSpace says a backslash before a space is nothing
	// (book.Flavor.EscapedSpace).
	escapedSpace bool
}

// normalise rewrites the document under root and returns the source its
// segments now point into. body itself is never written to.
// It also returns where content first nested deeper than MaxDepth, or -1.
// ownIDs says the post's headings set ids of their own; flavor is how the
// post's generator reads its Markdown.
func normalise(root ast.Node, body []byte, prefix string, ownIDs bool, flavor book.Flavor) ([]byte, int, formulas) {
	n := &normaliser{src: body[:len(body):len(body)], prefix: prefix, tags: map[*ast.RawHTML]tag{}, escapedSpace: flavor.EscapedSpace}
	n.formulas.firstFailAt = -1
	n.rawHTML(root)
	footnoteLinks(root, prefix)
	n.resolveTexts(root)
	eastAsianBreaks(root, n.src, flavor.EastAsianBreaks)
	n.math()
	n.unsafeLinks(root)
	markDecorative(root)
	imageLines(root, n.src)
	figures(root, n)
	n.fillAlt(root)
	placeHeadings(root)
	n.capDepth(root, 0)
	n.controls(root)
	dropEmptyParagraphs(root, n.src)
	if ownIDs || n.ownIDs {
		uniqueIDs(root) // generated ids are unique already
	}
	if n.deepAt == nil {
		return n.src, -1, n.formulas
	}
	return n.src, *n.deepAt, n.formulas
}

// dropEmptyParagraphs removes the paragraphs that nothing is left in once
// raw HTML has been read (a paragraph of a button, a script notice):
// neither book shows an empty block.
func dropEmptyParagraphs(root ast.Node, src []byte) {
	var empty []ast.Node
	_ = ast.Walk(root, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || node.Kind() != ast.KindParagraph {
			return ast.WalkContinue, nil
		}
		if spaceOnly(node, nil, src) {
			empty = append(empty, node)
		}
		return ast.WalkSkipChildren, nil
	})
	for _, p := range empty {
		p.Parent().RemoveChild(p.Parent(), p)
	}
}

// spaceOnly reports whether every child of parent but skip is a text of
// white space only.
func spaceOnly(parent, skip ast.Node, src []byte) bool {
	for c := parent.FirstChild(); c != nil; c = c.NextSibling() {
		if c == skip {
			continue
		}
		t, ok := c.(*ast.Text)
		if !ok || len(bytes.TrimSpace(t.Value(src))) > 0 {
			return false
		}
	}
	return true
}

// text returns a raw text node holding s: normalised text is never read
// again for escapes or entities.
func (n *normaliser) text(s string) *ast.Text {
	start := len(n.src)
	n.src = append(n.src, s...)
	t := ast.NewTextSegment(text.NewSegment(start, len(n.src)))
	t.SetRaw(true)
	return t
}

// segment appends s to the source and returns where it is.
func (n *normaliser) segment(s string) text.Segment {
	start := len(n.src)
	n.src = append(n.src, s...)
	return text.NewSegment(start, len(n.src))
}

// resolveTexts resolves backslash escapes and character references in
// every text outside code, once, as goldmark's HTML writer would, and marks
// the text raw. Link and image destinations and titles are resolved too.
func (n *normaliser) resolveTexts(root ast.Node) {
	_ = ast.Walk(root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := c.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.AutoLink:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			value := v.Segment.Value(n.src)
			if v.IsRaw() {
				n.mayHoldFormula(v, value)
				return ast.WalkContinue, nil
			}
			if resolved := n.resolve(value); string(resolved) != string(value) {
				v.Segment = n.segment(string(resolved))
				value = resolved
			}
			v.SetRaw(true)
			n.mayHoldFormula(v, value)
		case *keptFormula:
			n.kept = append(n.kept, v)
		case *keptFormulaBlock:
			n.keptBlocks = append(n.keptBlocks, v)
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			keepWritten(v)
			v.Destination = []byte(n.destination(string(util.URLEscape(urlTabsAndNewlines(v.Destination), true))))
			v.Title = resolveTitle(v.Title)
		case *ast.Image:
			v.Destination = util.URLEscape(urlTabsAndNewlines(v.Destination), true)
			if v.Title = resolveTitle(v.Title); v.Title != nil {
				v.Title = []byte(titleFormulas(string(v.Title))) // a caption, or alt text
			}
		}
		return ast.WalkContinue, nil
	})
}

// resolve resolves s as resolve does, a backslash before a space going
// with the space where the post's flavor says so, as goldmark's writer
// drops it with its cjk extension's escapedSpace.
func (n *normaliser) resolve(s []byte) []byte {
	if !n.escapedSpace || !bytes.Contains(s, []byte(`\ `)) {
		return resolve(s)
	}
	var out []byte
	for len(s) > 0 {
		i := bytes.Index(s, []byte(`\ `))
		if i < 0 {
			break
		}
		if slashes := len(s[:i]) - len(bytes.TrimRight(s[:i], `\`)); slashes%2 == 1 {
			// an escaped backslash, then a space: both stay
			out = append(out, resolve(s[:i+2])...)
			s = s[i+2:]
			continue
		}
		out = append(out, resolve(s[:i])...)
		s = s[i+2:]
	}
	return append(out, resolve(s)...)
}

// urlTabsAndNewlines removes the tabs and line breaks of an address, as
// the URL standard has browsers do: <img src="/img/⏎pic.png"> shows
// /img/pic.png.
func urlTabsAndNewlines(dest []byte) []byte {
	if bytes.IndexAny(dest, "\t\n\r") < 0 {
		return dest
	}
	return bytes.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, dest)
}

func resolveTitle(t []byte) []byte {
	if t == nil {
		return nil
	}
	return resolve(t)
}

// resolve returns s as goldmark's HTML writer shows it: a backslash before
// punctuation goes, numeric and named character references become their
// characters, NUL becomes U+FFFD. It is one pass, like the writer's, so
// "\&amp;" shows "&amp;".
func resolve(s []byte) []byte {
	if !strings.ContainsAny(string(s), "\\&\x00") {
		return s
	}
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && util.IsPunct(s[i+1]):
			out = append(out, s[i+1])
			i++
		case c == 0:
			out = utf8.AppendRune(out, utf8.RuneError)
		case c == '&':
			r, size := reference(s[i:])
			if size == 0 {
				out = append(out, c)
				continue
			}
			out = append(out, r...)
			i += size - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

// reference reads the character reference s starts with, as goldmark's
// writer does, and returns its characters and length, or a length of 0.
func reference(s []byte) ([]byte, int) {
	end := 1
	for end < len(s) && end < 40 && s[end] != ';' {
		end++
	}
	if end >= len(s) || s[end] != ';' || end < 2 {
		return nil, 0
	}
	name := string(s[1:end])
	if num, ok := strings.CutPrefix(name, "#"); ok {
		base := 10
		max := 7
		if len(num) > 0 && (num[0] == 'x' || num[0] == 'X') {
			num, base, max = num[1:], 16, 6
		}
		if num == "" || len(num) > max || !allDigits(num, base) {
			return nil, 0
		}
		v, _ := strconv.ParseUint(num, base, 32)
		return utf8.AppendRune(nil, util.ToValidRune(rune(v))), end + 1
	}
	for i := 0; i < len(name); i++ {
		if !util.IsAlphaNumeric(name[i]) {
			return nil, 0
		}
	}
	if e, ok := util.LookUpHTML5EntityByName(name); ok {
		return e.Characters, end + 1
	}
	return nil, 0
}

func allDigits(s string, base int) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := '0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')
		if !ok {
			return false
		}
	}
	return true
}
