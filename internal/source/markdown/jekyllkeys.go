package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// jekyllRead are the front matter keys this source reads from a Jekyll
// post, as Jekyll and its usual plugins write them: in lower case.
var jekyllRead = map[string]string{
	"title": "title", "date": "date",
	"subtitle": "", "tags": "", "categories": "", "category": "", "author": "", "authors": "",
	"description": "", "excerpt": "", "summary": "", "permalink": "", "published": "", "slug": "slug",
	"lang": "", "image": "", "last_modified_at": "", "redirect_from": "", "redirect_to": "",
	"excerpt_separator": "",
}

// jekyllFields is the front matter as Jekyll reads it: a key only as
// written, so that "Title:" (a habit from Pelican) is not "title:".
// ignored are the keys of jekyllRead written otherwise, which Jekyll
// leaves unread, in their order.
func jekyllFields(fm frontMatter) (fields frontMatter, ignored []string) {
	fields = make(frontMatter, len(fm))
	for k, v := range fm {
		lower := strings.ToLower(k)
		if k == lower {
			fields[k] = v
			continue
		}
		if _, known := jekyllRead[lower]; known {
			if _, written := fm[lower]; !written {
				ignored = append(ignored, k)
			}
		}
	}
	sort.Strings(ignored)
	return fields, ignored
}

// jekyllIgnored are the warnings for the keys Jekyll leaves unread, one
// for the blog a key (Key groups them); lines maps a key to its line in
// the file, bodyLine is the body's first.
func jekyllIgnored(ignored []string, lines map[string]int, bodyLine int) []dialect.Problem {
	var problems []dialect.Problem
	for _, k := range ignored {
		lower := strings.ToLower(k)
		shows := "neither the site nor the book has it"
		if what := jekyllRead[lower]; what != "" {
			shows = "the site and the book take the post's " + what + " from its file name"
		}
		line := 1
		if lines[k] > 0 {
			line = lines[k]
		}
		problems = append(problems, dialect.Problem{
			Line: line - bodyLine + 1,
			Key:  "front matter key Jekyll does not read: " + k,
			Msg:  fmt.Sprintf("Jekyll does not read front matter key %q, only %q in lower case: %s", k, lower, shows),
		})
	}
	return problems
}

// titleizeSlug is the title Jekyll gives a post without one, from the
// slug of its file's name (Jekyll's Utils.titleize_slug): each part
// between hyphens capitalised, the rest of it in lower case.
func titleizeSlug(slug string) string {
	parts := strings.Split(slug, "-")
	for i, w := range parts {
		if w == "" {
			continue
		}
		r := []rune(strings.ToLower(w))
		parts[i] = strings.ToUpper(string(r[0])) + string(r[1:])
	}
	// A browser shows "a--b"'s two spaces as one.
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// removeSeparator removes a Jekyll site's excerpt_separator from a post's
// text when the site shows nothing of it: a Liquid tag ("{{ more }}"),
// which Liquid renders as nothing, or an HTML comment. Jekyll's default,
// a blank line, and a separator in plain words, which the site shows,
// are left as written.
func removeSeparator(body []byte, sep string) []byte {
	s := strings.TrimSpace(sep)
	liquid := strings.HasPrefix(s, "{{") && strings.HasSuffix(s, "}}") || strings.HasPrefix(s, "{%") && strings.HasSuffix(s, "%}")
	comment := strings.HasPrefix(s, "<!--") && strings.HasSuffix(s, "-->")
	if !liquid && !comment {
		return body
	}
	return bytes.ReplaceAll(body, []byte(s), nil)
}
