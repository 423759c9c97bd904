// Package dialect turns the template markup that static site generators
// leave in Markdown posts (Hugo shortcodes, Jekyll's Liquid tags and
// output markup) into plain Markdown, before goldmark ever sees the post.
// The markdown source calls it on each post body; nothing else of the
// pipeline knows about shortcodes.
//
// Tokenize finds the tags with a small lexer that knows quoting, nesting,
// Hugo's comment escapes and Liquid's raw blocks, and leaves code spans and
// code blocks alone; Rewrite gives each tag its meaning in a book.
package dialect

import (
	"bytes"
	"sort"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// Kind says what a token is.
type Kind uint8

const (
	// Text is Markdown between tags.
	Text Kind = iota
	// Shortcode is a Hugo shortcode whose content is not Markdown: {{< name >}}.
	Shortcode
	// MarkdownShortcode is a Hugo shortcode whose content is Markdown: {{% name %}}.
	MarkdownShortcode
	// Tag is a Liquid tag: {% name args %}.
	Tag
	// Output is Liquid output markup: {{ expression }}.
	Output
)

// Hugo reports whether the token is a Hugo shortcode of either form.
func (k Kind) Hugo() bool { return k == Shortcode || k == MarkdownShortcode }

// Token is one piece of a post body. The tokens of a body cover it whole and
// in order: src[t.Start:t.End] of each, joined, give the body back.
type Token struct {
	Kind       Kind
	Start, End int // byte offsets in the body
	Line       int // 1-based line of Start in the body

	// Name is the tag's name; for a closing tag ({{< /name >}} or
	// {% endname %}) it is the name of the tag it closes.
	Name      string
	Close     bool
	SelfClose bool // {{< name />}}
	// Args are a shortcode's parameters, or a Liquid tag's words split as
	// Liquid splits them (key=value and key:value named, others positional).
	Args []Arg
	// Expr is the text between the delimiters after the name: a Liquid
	// tag's arguments unsplit, or an Output's expression.
	Expr string

	// Escaped marks Hugo's comment escape {{</* name */>}}, which a post
	// uses to show a shortcode as text.
	Escaped bool
	// Unterminated marks a tag whose closing delimiter never comes before a
	// blank line or the end of the body; the token then runs to the end of
	// its first line. On a tag of a raw block it marks a block never closed.
	Unterminated bool
	// Code marks text inside a code span or code block, where tags are not
	// recognised; Literal marks the content of a raw or code block.
	Code, Literal bool
	// Zola marks a Zola shortcode call: an Output {{ name(k=v) }}, a Tag
	// {% name(k=v) %} opening a body, or the {% end %} closing one (Close,
	// with no Name).
	Zola bool
}

// Arg is a parameter of a tag; Name is empty for a positional one.
type Arg struct {
	Name, Value string
}

// Positional returns the i-th positional argument, or "".
func (t *Token) Positional(i int) string {
	for _, a := range t.Args {
		if a.Name != "" {
			continue
		}
		if i == 0 {
			return a.Value
		}
		i--
	}
	return ""
}

// Named returns the first of the named arguments present, or "".
func (t *Token) Named(names ...string) string {
	for _, n := range names {
		for _, a := range t.Args {
			if a.Name == n {
				return a.Value
			}
		}
	}
	return ""
}

// defaultLiteral names the tags whose content is taken as written, not
// searched for tags: Liquid's raw and comment blocks and code blocks.
func defaultLiteral(name string) bool {
	switch name {
	case "raw", "comment", "highlight", "codeblock":
		return true
	}
	return false
}

// Tokenize splits a post body into text and tags. literal names the tags
// whose content is taken as written up to their closing tag (nil: raw,
// comment, highlight and codeblock). It never fails: what cannot be a tag is
// text, and a tag left open is marked Unterminated.
func Tokenize(src []byte, literal func(name string) bool) []Token {
	if literal == nil {
		literal = defaultLiteral
	}
	lines := newlines(src)
	lx := &lexer{src: src, literal: literal, code: codeRanges(src), lines: lines, unclosed: map[closeKey]bool{}}
	lx.run()
	if masked, ok := lx.maskedLiterals(); ok {
		// A fence opened inside a code block of the blog's (a highlight of
		// Markdown) ran on past it: read the code as Markdown without it.
		lx = &lexer{src: src, literal: literal, code: codeRanges(masked), lines: lines, unclosed: map[closeKey]bool{}}
		lx.run()
	}
	return lx.toks
}

// maskedLiterals returns the body with the content of its literal blocks
// blanked (new lines kept), when a code range starts in one of them and
// ends after it.
func (lx *lexer) maskedLiterals() ([]byte, bool) {
	spill := false
	for _, t := range lx.toks {
		if !t.Literal {
			continue
		}
		k := sort.Search(len(lx.code), func(k int) bool { return lx.code[k].end > t.Start })
		if k < len(lx.code) && lx.code[k].start < t.End && lx.code[k].end > t.End {
			spill = true
			break
		}
	}
	if !spill {
		return nil, false
	}
	masked := bytes.Clone(lx.src)
	for _, t := range lx.toks {
		if !t.Literal {
			continue
		}
		for i := t.Start; i < t.End; i++ {
			if masked[i] != '\n' {
				masked[i] = ' '
			}
		}
	}
	return masked, true
}

type lexer struct {
	src     []byte
	literal func(string) bool
	code    []span
	lines   []int
	toks    []Token
	text    int // start of the pending text

	unclosed map[closeKey]bool
}

type span struct{ start, end int }

func (lx *lexer) run() {
	i := 0
	for i < len(lx.src) {
		if c, ok := lx.codeAt(i); ok {
			lx.flushText(i)
			lx.emit(Token{Kind: Text, Start: i, End: c.end, Code: true})
			i = c.end
			lx.text = i
			continue
		}
		if lx.src[i] != '{' {
			i++
			continue
		}
		t, ok := lx.tag(i)
		if !ok {
			i++
			continue
		}
		lx.flushText(i)
		lx.emit(t)
		i = t.End
		lx.text = i
		if !t.Close && !t.SelfClose && !t.Unterminated && !t.Escaped && t.Kind != Output && lx.literal(t.Name) {
			i = lx.literalBlock(len(lx.toks) - 1)
			lx.text = i
		}
	}
	lx.flushText(len(lx.src))
}

// literalBlock takes the content of the block opened by toks[open] as
// written, up to its closing tag, and returns where lexing resumes.
func (lx *lexer) literalBlock(open int) int {
	o := lx.toks[open]
	key := closeKey{o.Name, o.Kind.Hugo()}
	if lx.unclosed[key] {
		lx.toks[open].Unterminated = true
		return o.End
	}
	for j := o.End; j < len(lx.src); j++ {
		if lx.src[j] != '{' {
			continue
		}
		t, ok := lx.tag(j)
		if !ok || !t.Close || t.Name != o.Name || t.Kind.Hugo() != o.Kind.Hugo() {
			continue
		}
		if j > o.End {
			lx.emit(Token{Kind: Text, Start: o.End, End: j, Literal: true})
		}
		lx.emit(t)
		return t.End
	}
	// No later block of that name can close either: remember, so that a
	// body of many open blocks is not searched to its end for each.
	lx.unclosed[key] = true
	lx.toks[open].Unterminated = true
	return o.End
}

// closeKey names the closing tags a literal block waits for.
type closeKey struct {
	name string
	hugo bool
}

func (lx *lexer) flushText(end int) {
	if end > lx.text {
		lx.emit(Token{Kind: Text, Start: lx.text, End: end})
	}
}

func (lx *lexer) emit(t Token) {
	t.Line = lx.lineOf(t.Start)
	lx.toks = append(lx.toks, t)
}

// codeAt reports the code range starting at i, if any. Ranges are sorted
// and do not overlap.
func (lx *lexer) codeAt(i int) (span, bool) {
	k := sort.Search(len(lx.code), func(k int) bool { return lx.code[k].end > i })
	if k < len(lx.code) && lx.code[k].start <= i {
		return span{i, lx.code[k].end}, true
	}
	return span{}, false
}

func (lx *lexer) lineOf(off int) int {
	return sort.SearchInts(lx.lines, off) + 1
}

func newlines(src []byte) []int {
	var nl []int
	for i, c := range src {
		if c == '\n' {
			nl = append(nl, i)
		}
	}
	return nl
}

// codeRanges finds the code spans and code blocks of the body as CommonMark
// reads it, so that tags shown as code stay as written.
func codeRanges(src []byte) []span {
	root := goldmark.DefaultParser().Parse(text.NewReader(src))
	var out []span
	add := func(start, stop int) {
		if stop > start {
			out = append(out, span{start, stop})
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if l := n.Lines(); l.Len() > 0 {
				add(l.At(0).Start, l.At(l.Len()-1).Stop)
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			if first, last := n.FirstChild(), n.LastChild(); first != nil {
				if a, ok := first.(*ast.Text); ok {
					if b, ok := last.(*ast.Text); ok {
						add(a.Segment.Start, b.Segment.Stop)
					}
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	merged := out[:0]
	for _, s := range out {
		if n := len(merged); n > 0 && s.start < merged[n-1].end {
			merged[n-1].end = max(merged[n-1].end, s.end)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// tag lexes the tag that starts at i, if one does.
func (lx *lexer) tag(i int) (Token, bool) {
	src := lx.src
	if !bytes.HasPrefix(src[i:], []byte("{{")) && !bytes.HasPrefix(src[i:], []byte("{%")) {
		return Token{}, false
	}
	switch {
	case bytes.HasPrefix(src[i:], []byte("{{<")):
		return lx.shortcode(i, Shortcode, ">}}")
	case bytes.HasPrefix(src[i:], []byte("{{%")):
		return lx.shortcode(i, MarkdownShortcode, "%}}")
	case bytes.HasPrefix(src[i:], []byte("{%")):
		return lx.liquidTag(i)
	default:
		return lx.output(i)
	}
}
