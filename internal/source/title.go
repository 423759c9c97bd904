package source

import (
	"html"
	"regexp"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// A title is plain text in the book: its contents, its headings, the
// PDF's outline. Blogs mark some up, as their generators print a title
// unescaped into the page (Jekyll's and Eleventy's title: Interesting
// <code>NumberFormat</code> API), or escape its characters (&amp;): the
// tags go, their text stays, and the characters are read.

// titleTag is an HTML tag in a title.
var titleTag = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>`)

// phrasing are the elements that mark up a title's words. Another name
// between angle brackets (Vec<T>, <div>) is text, as is a phrasing tag
// that is never closed ("the <b> tag").
var phrasing = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "big": true, "cite": true, "code": true,
	"del": true, "dfn": true, "em": true, "font": true, "i": true, "ins": true, "kbd": true, "mark": true,
	"q": true, "s": true, "samp": true, "small": true, "span": true, "strike": true, "strong": true,
	"sub": true, "sup": true, "time": true, "tt": true, "u": true, "var": true,
}

// plainTitles makes the posts' titles and subtitles plain text.
func plainTitles(posts []*book.Post) {
	for _, p := range posts {
		p.Title, p.Subtitle = plainTitle(p.Title), plainTitle(p.Subtitle)
	}
}

// plainTitle returns a title without its HTML tags, its character
// references read.
func plainTitle(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	if strings.Contains(s, "<") {
		s = stripTags(s)
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// stripTags removes the phrasing elements' tags of s, each opening tag
// with the closing tag that ends it, and line breaks (<br>) as spaces.
func stripTags(s string) string {
	tags := titleTag.FindAllStringSubmatchIndex(s, -1)
	drop := make([]bool, len(tags))
	for i, m := range tags {
		name := strings.ToLower(s[m[4]:m[5]])
		closing := m[3] > m[2]
		if !closing && (name == "br" || name == "wbr") {
			drop[i] = true
			continue
		}
		if closing || !phrasing[name] || drop[i] {
			continue
		}
		depth := 0
		for j := i + 1; j < len(tags); j++ {
			if !strings.EqualFold(s[tags[j][4]:tags[j][5]], name) || drop[j] {
				continue
			}
			if tags[j][3] == tags[j][2] {
				depth++
				continue
			}
			if depth > 0 {
				depth--
				continue
			}
			drop[i], drop[j] = true, true
			break
		}
	}
	var b strings.Builder
	last := 0
	for i, m := range tags {
		if !drop[i] {
			continue
		}
		b.WriteString(s[last:m[0]])
		if strings.EqualFold(s[m[4]:m[5]], "br") {
			b.WriteByte(' ')
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
