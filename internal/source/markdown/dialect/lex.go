package dialect

import (
	"bytes"
	"regexp"
	"strings"
)

// shortcode lexes a Hugo shortcode at i: {{< name params >}}, its closing
// {{< /name >}}, self-closing {{< name />}} or escape {{</* name */>}}.
func (lx *lexer) shortcode(i int, kind Kind, closer string) (Token, bool) {
	src := lx.src
	t := Token{Kind: kind, Start: i}
	p, ok := lx.space(i + 3)
	if !ok {
		return lx.unterminated(t), true
	}
	if bytes.HasPrefix(src[p:], []byte("/*")) {
		return lx.escapedShortcode(t, p+2, closer), true
	}
	if p < len(src) && src[p] == '/' {
		t.Close = true
		if p, ok = lx.space(p + 1); !ok {
			return lx.unterminated(t), true
		}
	}
	start := p
	for p < len(src) && !isSpace(src[p]) && !lx.at(p, closer) && !lx.at(p, "/"+closer) {
		p++
	}
	t.Name = string(src[start:p])
	argsStart := p
	for {
		if p, ok = lx.space(p); !ok {
			return lx.unterminated(t), true
		}
		switch {
		case lx.at(p, closer):
			t.End = p + len(closer)
			t.Expr = strings.TrimSpace(string(src[argsStart:p]))
			return t, true
		case lx.at(p, "/"+closer):
			t.SelfClose = true
			t.End = p + 1 + len(closer)
			t.Expr = strings.TrimSpace(string(src[argsStart:p]))
			return t, true
		}
		var a Arg
		if a, p, ok = lx.shortcodeArg(p, closer); !ok {
			return lx.unterminated(t), true
		}
		t.Args = append(t.Args, a)
	}
}

// escapedShortcode lexes the rest of {{</* ... */>}}, which shows the
// shortcode inside as text.
func (lx *lexer) escapedShortcode(t Token, p int, closer string) Token {
	content := p
	for ; p < len(lx.src); p++ {
		if lx.blankLineAt(p) {
			break
		}
		if !lx.at(p, "*/") {
			continue
		}
		q, _ := lx.space(p + 2)
		if lx.at(q, closer) {
			t.Escaped = true
			t.Expr = strings.TrimSpace(string(lx.src[content:p]))
			t.End = q + len(closer)
			return t
		}
	}
	return lx.unterminated(t)
}

// shortcodeArg lexes one parameter: value, "value", `value`, or any of them
// after name=.
func (lx *lexer) shortcodeArg(p int, closer string) (Arg, int, bool) {
	src := lx.src
	if p < len(src) && (src[p] == '"' || src[p] == '`') {
		v, next, ok := lx.quoted(p)
		return Arg{Value: v}, next, ok
	}
	start := p
	for p < len(src) && !isSpace(src[p]) && src[p] != '=' && !lx.at(p, closer) && !lx.at(p, "/"+closer) {
		if src[p] == '"' || src[p] == '`' {
			break
		}
		p++
	}
	word := string(src[start:p])
	if p < len(src) && src[p] == '=' && word != "" {
		p++
		if p < len(src) && (src[p] == '"' || src[p] == '`') {
			v, next, ok := lx.quoted(p)
			return Arg{Name: word, Value: v}, next, ok
		}
		vstart := p
		for p < len(src) && !isSpace(src[p]) && !lx.at(p, closer) && !lx.at(p, "/"+closer) {
			p++
		}
		return Arg{Name: word, Value: string(src[vstart:p])}, p, true
	}
	if p == start {
		// A lone '=' the rules above do not take: skip it, so that lexing
		// always moves on.
		if p >= len(src) {
			return Arg{}, p, false
		}
		return Arg{Value: string(src[p : p+1])}, p + 1, true
	}
	return Arg{Value: word}, p, true
}

// quoted lexes a "string" with backslash escapes or a `raw string` at p.
func (lx *lexer) quoted(p int) (string, int, bool) {
	src := lx.src
	q := src[p]
	var b strings.Builder
	for j := p + 1; j < len(src); j++ {
		if lx.blankLineAt(j) {
			return "", j, false
		}
		switch {
		case src[j] == q:
			return b.String(), j + 1, true
		case src[j] == '\\' && q != '`' && j+1 < len(src) && (src[j+1] == q || src[j+1] == '\\'):
			j++
		}
		b.WriteByte(src[j])
	}
	return "", len(src), false
}

// liquidTag lexes {% name args %}, with Liquid's {%- -%} trimming marks.
func (lx *lexer) liquidTag(i int) (Token, bool) {
	src := lx.src
	t := Token{Kind: Tag, Start: i}
	p := i + 2
	if p < len(src) && src[p] == '-' {
		p++
	}
	p, ok := lx.space(p)
	if !ok {
		return lx.unterminated(t), true
	}
	start := p
	for p < len(src) && !isSpace(src[p]) && !lx.at(p, "%}") && !lx.at(p, "-%}") && src[p] != '"' && src[p] != '\'' {
		p++
	}
	name := string(src[start:p])
	t.Name = name
	argsStart := p
	for p < len(src) {
		switch {
		case lx.blankLineAt(p):
			return lx.unterminated(t), true
		case lx.at(p, "%}"):
			expr := strings.TrimSpace(strings.TrimSuffix(string(src[argsStart:p]), "-"))
			t.End = p + 2
			t.Expr = expr
			t.Args = liquidArgs(expr)
			t.Name = name
			if rest, ok := strings.CutPrefix(name, "end"); ok && rest != "" {
				t.Name, t.Close = rest, true
			}
			return t, true
		case src[p] == '"' || src[p] == '\'':
			_, next, ok := lx.quoted(p)
			// A quote left open on its line (class:"third' %}) does not run
			// on past the tag's end: Liquid ends a tag at its first %}.
			eol := lineEnd(src, p)
			if e := bytes.Index(src[p:eol], []byte("%}")); e >= 0 && (!ok || next > eol) {
				p += e
				continue
			}
			if !ok {
				return lx.unterminated(t), true
			}
			p = next
		default:
			p++
		}
	}
	return lx.unterminated(t), true
}

// lineEnd is the offset of the end of the line p is on.
func lineEnd(src []byte, p int) int {
	if i := bytes.IndexByte(src[p:], '\n'); i >= 0 {
		return p + i
	}
	return len(src)
}

// output lexes {{ expression }}. Unlike tags, output markup must close on
// its line: a lone {{ in prose or code is text. A Zola shortcode call,
// {{ name(…) }}, may run over several lines of one paragraph.
func (lx *lexer) output(i int) (Token, bool) {
	src := lx.src
	p := i + 2
	for p < len(src) && (src[p] != '\n' || (overLines(src[i+2:p]) && !lx.blankLineAt(p))) {
		switch {
		case lx.at(p, "}}"):
			expr := strings.TrimSpace(string(src[i+2 : p]))
			expr = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(expr, "-"), "-"))
			if expr == "" || strings.HasPrefix(expr, "{") || strings.Contains(expr, "{{") {
				return Token{}, false
			}
			return Token{Kind: Output, Start: i, End: p + 2, Expr: expr}, true
		case src[p] == '"' || src[p] == '\'':
			// A string ends on its line, but for a Zola call's, which may
			// run over lines of its paragraph.
			q := bytes.IndexByte(src[p+1:], src[p])
			if q < 0 {
				return Token{}, false
			}
			if nl := bytes.IndexByte(src[p+1:p+1+q], '\n'); nl >= 0 && (!zolaCallStart.Match(src[i+2:p]) || lx.blankLineIn(p+1+nl, p+1+q)) {
				return Token{}, false
			}
			p += q + 2
		default:
			p++
		}
	}
	return Token{}, false
}

// zolaCallStart matches the start of a Zola shortcode call's expression.
var zolaCallStart = regexp.MustCompile(`^\s*-?\s*[A-Za-z_][A-Za-z0-9_]*\(`)

// liquidVariable matches an output expression that names a site's or a
// page's variable and may go on on the next line ({{ site.repository
// }}), as Liquid reads it.
var liquidVariable = regexp.MustCompile(`^\s*-?\s*(?:site|page|layout|include|jekyll)\.[A-Za-z0-9_.]+\s*$`)

// overLines reports whether an output expression that has reached the
// end of a line, expr so far, may run on: a Zola call, or a variable.
func overLines(expr []byte) bool {
	return zolaCallStart.Match(expr) || liquidVariable.Match(expr)
}

// liquidArgs splits a Liquid tag's arguments into words, honouring quotes;
// key=value, key="value" and key:value words are named.
func liquidArgs(expr string) []Arg {
	var args []Arg
	for _, w := range splitWords(expr) {
		if k, v, ok := namedWord(w); ok {
			args = append(args, Arg{Name: k, Value: unquote(v)})
			continue
		}
		args = append(args, Arg{Value: unquote(w)})
	}
	return args
}

func splitWords(s string) []string {
	var words []string
	var quote byte
	start := -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
			if start < 0 {
				start = i
			}
		case isSpace(c):
			if start >= 0 {
				words = append(words, s[start:i])
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		words = append(words, s[start:])
	}
	return words
}

// namedWord splits key=value or key:value; a URL's scheme is not a key.
func namedWord(w string) (key, value string, ok bool) {
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == '=' || c == ':':
			if i == 0 || (c == ':' && strings.HasPrefix(w[i:], "://")) {
				return "", "", false
			}
			return w[:i], w[i+1:], true
		case c == '_' || c == '-' || c == '.' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9'):
		default:
			return "", "", false
		}
	}
	return "", "", false
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// unterminated ends a tag that never closes at the end of its first line,
// so that the rest of the post is read as usual.
func (lx *lexer) unterminated(t Token) Token {
	end := bytes.IndexByte(lx.src[t.Start:], '\n')
	if end < 0 {
		t.End = len(lx.src)
	} else {
		t.End = t.Start + end
	}
	if t.End <= t.Start {
		t.End = t.Start + 1
	}
	t.Unterminated = true
	t.Args, t.SelfClose, t.Close, t.Escaped = nil, false, false, false
	return t
}

// space skips blanks, reporting false at the end of the body or at a blank
// line: no tag spans a paragraph break.
func (lx *lexer) space(p int) (int, bool) {
	for p < len(lx.src) && isSpace(lx.src[p]) {
		if lx.blankLineAt(p) {
			return p, false
		}
		p++
	}
	return p, p < len(lx.src)
}

// blankLineAt reports whether a line break at p is followed by a line of
// nothing but blanks.
func (lx *lexer) blankLineAt(p int) bool {
	if lx.src[p] != '\n' {
		return false
	}
	for j := p + 1; j < len(lx.src); j++ {
		switch lx.src[j] {
		case ' ', '\t', '\r':
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

func (lx *lexer) at(p int, s string) bool {
	return p <= len(lx.src) && bytes.HasPrefix(lx.src[p:], []byte(s))
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// blankLineIn reports whether a blank line starts in src[from:to].
func (lx *lexer) blankLineIn(from, to int) bool {
	for p := from; p < to; p++ {
		if lx.src[p] == '\n' && lx.blankLineAt(p) {
			return true
		}
	}
	return false
}
