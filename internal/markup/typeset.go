package markup

import (
	"github.com/anthology-book/anthology/internal/markup/texmath"

	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/yuin/goldmark/ast"
)

// nnbsp is the narrow no-break space French puts before ; : ! ? and
// inside « ».
const nnbsp = '\u202F'

// Title returns a title, or any line the book prints besides the posts'
// text, with the typography the text gets: curly quotes, dashes and
// ellipses as goldmark's typographer makes them, and French spacing when
// lang is French.
func Title(s, lang string) string {
	s = titleFormulas(s)
	s = smarten(s)
	if book.BaseLang(lang) == "fr" {
		s = frenchSpacing(s, ' ', ' ')
	}
	return s
}

// titleFormulas sets the formulas of a title as plain text ("Edges of
// α²"); one that cannot be set stays as written.
func titleFormulas(s string) string {
	if !mayOpen([]byte(s)) {
		return s
	}
	spans := findFormulas(s)
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		text, err := texmath.Text(s[sp.start+len(sp.open) : sp.end-len(sp.close)])
		if err != nil {
			continue
		}
		b.WriteString(s[last:sp.start])
		b.WriteString(text)
		last = sp.end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

var dashes = strings.NewReplacer("---", "—", "--", "–", "...", "…", "<<", "«", ">>", "»")

// option is a command-line option a title names (git rebase --skip),
// whose two hyphens are no dash.
var option = regexp.MustCompile(`(^|\s)--([A-Za-z0-9])`)

// smarten makes straight quotes curly, opening after a space, an opening
// bracket or a dash and before a word, closing (or an apostrophe)
// elsewhere.
func smarten(s string) string {
	if !strings.ContainsAny(s, `"'-.<>`) {
		return s
	}
	const keep = "\uE002" // stands for an option's "--" meanwhile
	if strings.Contains(s, "--") && !strings.Contains(s, keep) {
		s = strings.ReplaceAll(dashes.Replace(option.ReplaceAllString(s, "${1}"+keep+"${2}")), keep, "--")
	} else {
		s = dashes.Replace(s)
	}
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
		opening := (unicode.IsSpace(prev) || strings.ContainsRune("([{—–/«", prev)) && next != utf8.RuneError && !unicode.IsSpace(next)
		switch {
		case r == '"' && opening:
			b.WriteRune('“')
		case r == '"':
			b.WriteRune('”')
		case r == '\'' && opening:
			b.WriteRune('‘')
		case r == '\'':
			b.WriteRune('’')
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// frenchSpacing puts narrow no-break spaces where French typography wants
// them: for the space before ; : ! ? and », after «, and where none was
// before ; ! ? ending a word (not before a colon, which times and
// addresses hold) and inside « ». before and after are the characters
// around s, when it is a part of a longer text.
func frenchSpacing(s string, before, after rune) string {
	if !strings.ContainsAny(s, ";:!?«»") {
		return s
	}
	var b strings.Builder
	prev := before
	for i, r := range s {
		next := after
		if j := i + utf8.RuneLen(r); j < len(s) {
			next, _ = utf8.DecodeRuneInString(s[j:])
		}
		switch {
		case isSpace(r) && (strings.ContainsRune(";:!?»", next) || prev == '«'):
			r = nnbsp
		case strings.ContainsRune(";!?", r) && wordEnd(prev) && (isSpace(next) || next == 0 || strings.ContainsRune(".,)”»", next)):
			b.WriteRune(nnbsp)
		case r == '»' && wordEnd(prev):
			b.WriteRune(nnbsp)
		case r == '«' && !isSpace(next) && next != 0:
			b.WriteRune(r)
			r = nnbsp
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}

// isSpace reports whether r is a space French marks may already have: a
// plain one, a no-break one, or the narrow or thin one an author typed.
func isSpace(r rune) bool {
	return r == ' ' || r == '\u00A0' || r == nnbsp || r == '\u2009'
}

// wordEnd reports whether r can end a word a French mark is spaced from.
func wordEnd(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(")]’”…»", r)
}

// FrenchSpacing gives the post's text French typography (see Title);
// code, addresses and raw HTML keep theirs. The build calls it on French
// posts once their language is known, so both books print the same text.
func (d *Doc) FrenchSpacing() {
	type piece struct {
		text *ast.Text
		str  *ast.String
		val  string
	}
	var run []piece // the texts of one block, in order
	flush := func() {
		for i, p := range run {
			before, after := rune(0), rune(0)
			if i > 0 {
				before, _ = utf8.DecodeLastRuneInString(run[i-1].val)
				if t := run[i-1].text; t != nil && (t.SoftLineBreak() || t.HardLineBreak()) {
					before = ' '
				}
			}
			if i+1 < len(run) {
				after, _ = utf8.DecodeRuneInString(run[i+1].val)
			}
			if p.text != nil && (p.text.SoftLineBreak() || p.text.HardLineBreak()) {
				after = ' '
			}
			out := frenchSpacing(p.val, before, after)
			if out == p.val {
				continue
			}
			if p.str != nil {
				p.str.Value = []byte(out)
				continue
			}
			start := len(d.Source)
			d.Source = append(d.Source, out...)
			p.text.Segment.Start, p.text.Segment.Stop = start, len(d.Source)
		}
		run = run[:0]
	}
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch v := n.(type) {
		case *ast.CodeSpan, *ast.CodeBlock, *ast.FencedCodeBlock, *ast.AutoLink, *ast.RawHTML, *ast.HTMLBlock:
			if entering {
				flush()
			}
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				run = append(run, piece{text: v, val: string(v.Value(d.Source))})
			}
		case *ast.String:
			if entering && !v.IsCode() {
				run = append(run, piece{str: v, val: string(v.Value)})
			}
		default:
			if n.Type() == ast.TypeBlock || n.Kind() == ast.KindImage {
				flush()
			}
		}
		return ast.WalkContinue, nil
	})
	flush()
}
