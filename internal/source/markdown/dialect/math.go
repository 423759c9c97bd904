package dialect

import (
	"bytes"
	"sort"
	"strings"
	"unicode"
)

// Delimiters open and close a formula, as Hugo's passthrough extension
// names them in a site's config (markup.goldmark.extensions.passthrough).
type Delimiters struct {
	Open, Close string
	Inline      bool // the formula stays in its sentence
	// Escaped says the site's Markdown reads the formula before the
	// page's script does: a delimiter of the script, not of the Markdown.
	Escaped bool
	// Loose lets white space follow a single $ that opens a formula and
	// come before one that closes it ("$ \psi $"), as MathJax's and
	// KaTeX's page scripts read it; it still closes none before a digit.
	Loose bool
}

// canonical is the delimiter the Markdown reader keeps formulas by
// (internal/markup).
const canonical = "$$"

// InlineMark opens a formula that stays in its sentence even alone in its
// paragraph: TeX's own \textstyle, which sets nothing. The Markdown reader
// sets a $$…$$ alone in its paragraph on a line of its own, as kramdown
// does, and one delimited as inline by the site ("\(…\)", "$…$") is not.
const InlineMark = `\textstyle`

// DisplayMath is the Label of a Rule that gives a tag the meaning of a
// formula on a line of its own ("math" with this label); any other label
// keeps the formula in its sentence.
const DisplayMath = "display"

// mathDelimiters rewrites the formulas a site delimits (Hugo's
// passthrough extension, Zola's math, a page's own script; outside code,
// within a paragraph, the longest delimiter first, as Hugo matches them)
// to the canonical $$…$$, those of inline delimiters marked so, so that
// they are read as the site reads them: "\(x_1\)" is a formula there,
// where Markdown alone sees an escaped parenthesis and emphasis. The
// inside of a formula of an Escaped delimiter, and of $$…$$ when
// escapedCanonical, is first read as the site's Markdown reads it,
// before the page's script finds the formula: "\_" is "_" there.
func mathDelimiters(src []byte, delims []Delimiters, escapedCanonical, kramdown bool) []byte {
	var ds []Delimiters
	for _, d := range delims {
		if d.Open != "" && d.Close != "" && (d.Open != canonical || d.Close != canonical) {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 && !escapedCanonical && !kramdown || !bytes.Contains(src, []byte("$")) && !bytes.Contains(src, []byte(`\`)) {
		return src
	}
	sort.SliceStable(ds, func(a, b int) bool { return len(ds[a].Open) > len(ds[b].Open) })
	s := string(src)
	masked := maskCode(src)
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if masked[i] == 0 {
			continue
		}
		if strings.HasPrefix(s[i:], canonical) {
			// A formula the reader keeps already: skip it whole, so that
			// its inside is never taken for another's delimiter.
			end := paragraphIndex(masked[i+2:], canonical)
			if tex := s[i+2 : i+2+max(end, 0)]; end > 0 && (escapedCanonical || kramdown && joinable(tex)) {
				if escapedCanonical {
					tex = unescape(tex)
				} else {
					tex = strings.ReplaceAll(tex, "\n", " ")
				}
				b.WriteString(s[last:i])
				b.WriteString(canonical + tex + canonical)
				last = i + 2 + end + 2
			}
			if end >= 0 {
				i += 2 + end + 1
				continue
			}
		}
		for _, d := range ds {
			if !strings.HasPrefix(s[i:], d.Open) || escapedAt(s, i) {
				continue
			}
			inner := i + len(d.Open)
			end := paragraphIndex(masked[inner:], d.Close)
			if d.Open == "$" {
				end = dollarClose(s, masked, inner, d.Loose)
			}
			if end <= 0 || strings.Contains(s[inner:inner+end], canonical) {
				continue
			}
			tex := s[inner : inner+end]
			if d.Escaped {
				tex = unescape(tex)
			}
			b.WriteString(s[last:i])
			b.WriteString(canonical)
			if d.Inline {
				b.WriteString(InlineMark + " ")
			}
			b.WriteString(tex)
			b.WriteString(canonical)
			last = inner + end + len(d.Close)
			i = last - 1
			break
		}
	}
	if last == 0 {
		return src
	}
	b.WriteString(s[last:])
	return []byte(b.String())
}

// joinable reports a formula spanning lines that kramdown keeps whole and
// Markdown would cut at a line that starts a list ("- y"): its lines can
// be one, a line's end being a space in TeX, unless it holds a comment
// (to a line's end) or a quote's marks.
func joinable(tex string) bool {
	if !strings.Contains(tex, "\n") || strings.Contains(tex, "%") {
		return false
	}
	for _, line := range strings.Split(tex, "\n")[1:] {
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			return false
		}
	}
	return true
}

// unescape reads tex as Markdown reads text: a backslash before
// punctuation goes, and one at a line's end, Markdown's line break, is
// TeX's (a row's end).
func unescape(tex string) string {
	if !strings.Contains(tex, `\`) {
		return tex
	}
	var b strings.Builder
	for i := 0; i < len(tex); i++ {
		c := tex[i]
		if c != '\\' || i+1 >= len(tex) {
			b.WriteByte(c)
			continue
		}
		switch next := tex[i+1]; {
		case next == '\n':
			// a row's end, "\\" in TeX, written "\\\" and a line break
			// where the Markdown reads the first two as one
			if strings.HasSuffix(b.String(), `\`) {
				b.WriteString("\\\n")
			} else {
				b.WriteString("\\\\\n")
			}
			i++
		case next < 128 && unicode.IsPunct(rune(next)) || next < 128 && unicode.IsSymbol(rune(next)):
			b.WriteByte(next)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// dollarClose returns where the formula a single $ opens at s[inner:]
// ends, relative to inner, or -1: as pulldown-cmark and GitHub read $, the
// opening one is not followed by white space and the closing one not
// after it, and the closing one is not before a digit, so that "$5 and
// $10" is no formula. Loose, as MathJax's and KaTeX's page scripts read
// it, white space may follow the opening one and come before the closing
// one ("$ \psi $").
func dollarClose(s, masked string, inner int, loose bool) int {
	if inner >= len(s) || !loose && strings.IndexByte(" \t\n", s[inner]) >= 0 {
		return -1
	}
	rest := masked[inner:]
	limit := len(rest) // the paragraph's end, or code's start
	if end := strings.Index(rest, "\n\n"); end >= 0 {
		limit = end
	}
	if code := strings.IndexByte(rest[:limit], 0); code >= 0 {
		limit = code
	}
	for j := inner + 1; j < inner+limit; j++ {
		if s[j] != '$' || escapedAt(s, j) || !loose && strings.IndexByte(" \t\n", s[j-1]) >= 0 {
			continue
		}
		if j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
			continue
		}
		return j - inner
	}
	return -1
}

// paragraphIndex is the index of sub in s before the paragraph ends (a
// blank line) or code begins, or -1.
func paragraphIndex(s, sub string) int {
	end := strings.Index(s, "\n\n")
	if end < 0 {
		end = len(s)
	}
	if code := strings.IndexByte(s[:end], 0); code >= 0 {
		end = code
	}
	return strings.Index(s[:end], sub)
}

// escapedAt reports whether the character at i is escaped by an odd
// number of backslashes before it: "\\(" is a written "\(", no formula.
func escapedAt(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}
