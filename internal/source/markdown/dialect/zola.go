package dialect

import (
	"regexp"
	"strings"
)

// Zola's shortcodes are calls: {{ name(key=value, …) }} stands alone, and
// {% name(key=value) %}…{% end %} has a body. readZola marks the tokens
// that are such calls, so that they take the meanings Hugo's shortcodes
// of the same names have (figure, youtube, gist, quote…).
func (rw *rewriter) readZola() {
	for i := range rw.toks {
		t := &rw.toks[i]
		if t.Unterminated || t.Escaped || t.Code || t.Literal {
			continue
		}
		switch t.Kind {
		case Output:
			if name, args, ok := zolaCall(t.Expr); ok {
				t.Name, t.Args, t.Zola, t.SelfClose = name, args, true, true
			}
		case Tag:
			inner := strings.TrimSpace(string(rw.src[t.Start+2 : t.End-2]))
			inner = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(inner, "-"), "-"))
			if inner == "end" {
				t.Name, t.Close, t.Zola = "", true, true
				continue
			}
			if name, args, ok := zolaCall(inner); ok {
				t.Name, t.Args, t.Zola = name, args, true
			}
		}
	}
}

// zolaCall reads name(key=value, …): a name, then named arguments whose
// values are strings (in ", ' or `), numbers, booleans or arrays, parted
// by commas or by white space.
func zolaCall(expr string) (name string, args []Arg, ok bool) {
	open := strings.IndexByte(expr, '(')
	if open <= 0 || !strings.HasSuffix(expr, ")") {
		return "", nil, false
	}
	name = strings.TrimSpace(expr[:open])
	if !isIdent(name) {
		return "", nil, false
	}
	body := expr[open+1 : len(expr)-1]
	for p := 0; ; {
		p = skipBlank(body, p)
		if p >= len(body) {
			return name, args, true
		}
		eq := strings.IndexByte(body[p:], '=')
		if eq <= 0 {
			return "", nil, false
		}
		key := strings.TrimSpace(body[p : p+eq])
		if !isIdent(key) {
			return "", nil, false
		}
		p = skipBlank(body, p+eq+1)
		value, next, ok := zolaValue(body, p)
		if !ok {
			return "", nil, false
		}
		if q := body[p]; q == '"' || q == '\'' || q == '`' {
			// A string may run over lines; the page shows it on one.
			value = OneLine(value)
		}
		args = append(args, Arg{Name: key, Value: value})
		// Arguments are parted by commas, which Zola's grammar also lets
		// go: name(a="x" b="y") is two of them.
		if p = skipBlank(body, next); p < len(body) && body[p] == ',' {
			p++
		} else if p < len(body) && p == next {
			return "", nil, false
		}
	}
}

// zolaValue reads the value at s[p:], returning it and where it ends.
func zolaValue(s string, p int) (string, int, bool) {
	if p >= len(s) {
		return "", p, false
	}
	switch c := s[p]; c {
	case '"', '\'', '`':
		end := strings.IndexByte(s[p+1:], c)
		if end < 0 {
			return "", p, false
		}
		return s[p+1 : p+1+end], p + end + 2, true
	case '[':
		depth := 0
		var quote byte
		for i := p; i < len(s); i++ {
			switch ch := s[i]; {
			case quote != 0:
				if ch == quote {
					quote = 0
				}
			case ch == '"' || ch == '\'' || ch == '`':
				quote = ch
			case ch == '[':
				depth++
			case ch == ']':
				depth--
				if depth == 0 {
					return s[p : i+1], i + 1, true
				}
			}
		}
		return "", p, false
	}
	end := p
	for end < len(s) && s[end] != ',' && !isSpace(s[end]) {
		end++
	}
	if end == p {
		return "", p, false
	}
	return s[p:end], end, true
}

func skipBlank(s string, p int) int {
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	return p
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || (i > 0 && '0' <= c && c <= '9')) {
			return false
		}
	}
	return true
}

// lineBreak is a line break and the spaces and tabs around it.
var lineBreak = regexp.MustCompile(`[ \t]*\n[ \t]*`)

// OneLine joins the lines of s with a space, as a page shows them; other
// spaces, no-break ones too, stay as they are.
func OneLine(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return lineBreak.ReplaceAllString(s, " ")
}
