package dialect

import (
	"sort"
	"strings"
)

// Delimiters open and close a formula, as Hugo's passthrough extension
// names them in a site's config (markup.goldmark.extensions.passthrough).
type Delimiters struct {
	Open, Close string
}

// canonical is the delimiter the Markdown reader keeps formulas by
// (internal/markup).
const canonical = "$$"

// mathDelimiters rewrites the formulas a Hugo site's passthrough extension
// keeps (outside code, within a paragraph, the longest delimiter first,
// as Hugo matches them) to the canonical $$…$$, so that they are read as
// the site reads them: "\(x_1\)" is a formula there, where Markdown alone
// sees an escaped parenthesis and emphasis.
func mathDelimiters(src []byte, delims []Delimiters) []byte {
	var ds []Delimiters
	for _, d := range delims {
		if d.Open != "" && d.Close != "" && (d.Open != canonical || d.Close != canonical) {
			ds = append(ds, d)
		}
	}
	if len(ds) == 0 {
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
			if end := paragraphIndex(masked[i+2:], canonical); end >= 0 {
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
				end = dollarClose(s, masked, inner)
			}
			if end <= 0 || strings.Contains(s[inner:inner+end], canonical) {
				continue
			}
			b.WriteString(s[last:i])
			b.WriteString(canonical)
			b.WriteString(s[inner : inner+end])
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

// dollarClose returns where the formula a single $ opens at s[inner:]
// ends, relative to inner, or -1: as pulldown-cmark and GitHub read $, the
// opening one is not followed by white space, and the closing one is
// neither after white space nor before a digit, so that "$5 and $10" is
// no formula.
func dollarClose(s, masked string, inner int) int {
	if inner >= len(s) || strings.IndexByte(" \t\n", s[inner]) >= 0 {
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
		if s[j] != '$' || escapedAt(s, j) || strings.IndexByte(" \t\n", s[j-1]) >= 0 {
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
