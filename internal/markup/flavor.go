package markup

import (
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// looseEmphasis reads * and _ as kramdown, Jekyll's Markdown, does:
// CommonMark's flanking rules refuse a delimiter run between punctuation
// and a letter, which in Chinese or Japanese text is where emphasis
// usually ends ("终于来了。**这是重点。**然后继续。"); kramdown only asks
// that no white space be inside the delimiters. It takes the place of
// goldmark's emphasis parser for the posts whose flavor asks for it
// (book.Flavor.LooseEmphasis); pairing the delimiters stays goldmark's.
type looseEmphasis struct{}

func (looseEmphasis) Trigger() []byte { return []byte{'*', '_'} }

func (looseEmphasis) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	c := line[0]
	n := 1
	for n < len(line) && line[n] == c {
		n++
	}
	after := '\n' // the end of the line is white space
	if n < len(line) {
		after = util.ToRune(line, n)
	}
	canOpen, canClose := kramdownFlanks(c, before, after)
	d := parser.NewDelimiter(canOpen, canClose, n, c, emphasisDelimiters{})
	d.Segment = segment.WithStop(segment.Start + n)
	block.Advance(n)
	pc.PushDelimiter(d)
	return d
}

// kramdownFlanks says whether a run of c between before and after may
// open and close emphasis as kramdown reads it: it opens unless white
// space follows and closes unless white space precedes; a _ between two
// letters or digits opens nothing (snake_case), and one a letter or digit
// follows closes nothing.
func kramdownFlanks(c byte, before, after rune) (canOpen, canClose bool) {
	canOpen = !util.IsSpaceRune(after)
	canClose = !util.IsSpaceRune(before)
	if c == '_' {
		canOpen = canOpen && !(alnum(before) && alnum(after))
		canClose = canClose && !alnum(after)
	}
	return canOpen, canClose
}

func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

// emphasisDelimiters pairs * with * and _ with _ into emphasis, as
// goldmark's own emphasis does.
type emphasisDelimiters struct{}

func (emphasisDelimiters) IsDelimiter(b byte) bool { return b == '*' || b == '_' }

func (emphasisDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char
}

func (emphasisDelimiters) OnMatch(consumes int) ast.Node { return ast.NewEmphasis(consumes) }

// flavorParserOptions are the options of goldmark's parser that f asks
// for beyond CommonMark's reading.
func flavorParserOptions(f book.Flavor) []parser.Option {
	var opts []parser.Option
	if f.LooseEmphasis {
		// Before goldmark's emphasis parser (500), which then never sees
		// a delimiter.
		opts = append(opts, parser.WithInlineParsers(util.Prioritized(looseEmphasis{}, 499)))
	}
	if f.EscapedSpace {
		opts = append(opts, parser.WithEscapedSpace())
	}
	return opts
}

// eastAsianBreaks drops the line breaks inside paragraphs that style reads
// as no space, as goldmark's HTML renderer does with its cjk extension:
// the break leaves the text, so both books join the lines alike.
func eastAsianBreaks(root ast.Node, src []byte, style book.EastAsianBreaks) {
	if style == book.BreaksAsSpace {
		return
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		t, ok := n.(*ast.Text)
		if !entering || !ok || !t.SoftLineBreak() {
			return ast.WalkContinue, nil
		}
		next, ok := t.NextSibling().(*ast.Text)
		if !ok {
			return ast.WalkContinue, nil
		}
		this, following := t.Value(src), next.Value(src)
		if len(this) == 0 || len(following) == 0 {
			return ast.WalkContinue, nil
		}
		last, _ := utf8.DecodeLastRune(this)
		first, _ := utf8.DecodeRune(following)
		if !breakIsSpace(style, last, first) {
			t.SetSoftLineBreak(false)
		}
		return ast.WalkContinue, nil
	})
}

// breakIsSpace reports whether a line break between last and first reads
// as a space in style (goldmark's renderer/html rules).
func breakIsSpace(style book.EastAsianBreaks, last, first rune) bool {
	if style == book.BreaksSimple {
		return !(util.IsEastAsianWideRune(last) && util.IsEastAsianWideRune(first))
	}
	// CSS Text 3's segment break transformation, as goldmark reads it.
	if last == '\u200B' || first == '\u200B' {
		return false
	}
	if fullOrWide(last) && fullOrWide(first) {
		return unicode.Is(unicode.Hangul, last) || unicode.Is(unicode.Hangul, first)
	}
	discards := func(r rune) bool {
		return util.IsSpaceDiscardingUnicodeRune(r) || unicode.IsPunct(r) || r == '\u3000'
	}
	return !discards(last) && !discards(first)
}

func fullOrWide(r rune) bool {
	switch util.EastAsianWidth(r) {
	case "F", "W", "H":
		return true
	}
	return false
}
