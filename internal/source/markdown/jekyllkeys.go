package markdown

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// keysAsWritten is a generator that reads front matter keys only as
// written, as Jekyll and Zola do (Hugo reads "Title" as "title"), so that
// "Title:" (a habit from Pelican) is not "title:".
type keysAsWritten struct {
	generator string
	// read are the keys this source reads from the generator's posts, in
	// lower case, each with what the post then takes from its file name
	// ("title"), or "".
	read map[string]string
}

var jekyllKeys = &keysAsWritten{"Jekyll", map[string]string{
	"title": "title", "date": "date", "slug": "slug",
	"subtitle": "", "tags": "", "categories": "", "category": "", "author": "", "authors": "",
	"description": "", "excerpt": "", "summary": "", "permalink": "", "published": "",
	"lang": "", "image": "", "last_modified_at": "", "redirect_from": "", "redirect_to": "",
	"excerpt_separator": "",
}}

// zolaKeys are the keys of Zola's page front matter (PageFrontMatter),
// which serde reads as written and leaves unread otherwise.
var zolaKeys = &keysAsWritten{"Zola", map[string]string{
	"title": "", "description": "", "date": "", "updated": "", "draft": "", "slug": "", "path": "",
	"taxonomies": "", "authors": "", "aliases": "",
}}

// fields is the front matter as the generator reads it: its keys in
// lower case. ignored are the keys it reads written otherwise, which it
// leaves unread, sorted.
func (k *keysAsWritten) fields(fm frontMatter) (fields frontMatter, ignored []string) {
	fields = make(frontMatter, len(fm))
	for key, v := range fm {
		lower := strings.ToLower(key)
		if key == lower {
			fields[key] = v
			continue
		}
		if _, known := k.read[lower]; known {
			if _, written := fm[lower]; !written {
				ignored = append(ignored, key)
			}
		}
	}
	sort.Strings(ignored)
	return fields, ignored
}

// warnings are the warnings for the keys the generator leaves unread, one
// for the blog a key (Key groups them); lines maps a key to its line in
// the file, bodyLine is the body's first.
func (k *keysAsWritten) warnings(ignored []string, lines map[string]int, bodyLine int) []dialect.Problem {
	var problems []dialect.Problem
	for _, key := range ignored {
		lower := strings.ToLower(key)
		shows := "neither the site nor the book has it"
		if what := k.read[lower]; what != "" {
			shows = "the site and the book take the post's " + what + " from its file name"
		}
		line := 1
		if lines[key] > 0 {
			line = lines[key]
		}
		problems = append(problems, dialect.Problem{
			Line: line - bodyLine + 1,
			Key:  "front matter key not read: " + key,
			Msg:  fmt.Sprintf("%s does not read front matter key %q, only %q in lower case: %s", k.generator, key, lower, shows),
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
