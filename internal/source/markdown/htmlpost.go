package markdown

import (
	"bytes"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/anthology-book/anthology/internal/source/htmlconv"
)

// Hugo's content folder, Jekyll's _posts and an Eleventy site's
// collection hold posts written in HTML too: a file with front matter whose body is HTML (old posts carried
// over from another engine often are). Such a post is read as Markdown
// converted from its HTML.

// readsHTML reports whether the generator publishes HTML files with
// front matter as posts.
func (k siteKind) readsHTML() bool { return k == hugoSite || k == jekyllSite || k == eleventySite }

func isHTMLName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".html" || ext == ".htm"
}

// isTemplateName reports whether an Eleventy page is a Nunjucks or Liquid
// template, which is a post when it is Markdown run through the template
// language first (markdownTemplate).
func isTemplateName(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".njk" || ext == ".liquid"
}

// engineOverride is Eleventy's templateEngineOverride naming Markdown
// among its engines ("njk, md"), in YAML front matter.
var engineOverride = regexp.MustCompile(`(?m)^templateEngineOverride:\s*["']?[a-z, ]*\bmd\b`)

// markdownTemplate reports whether a template's front matter has
// Eleventy render its body as Markdown after its template language.
func markdownTemplate(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !bytes.HasPrefix(data, []byte("---")) {
		return false
	}
	end := bytes.Index(data[3:], []byte("\n---"))
	return end >= 0 && engineOverride.Match(data[:3+end])
}

// opensWithFrontMatter reports whether an HTML file's data opens with
// front matter: without it, an HTML file is a page or a template, not a
// post.
func opensWithFrontMatter(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	return bytes.HasPrefix(data, []byte("---")) || bytes.HasPrefix(data, []byte("+++"))
}

// templateTag is a Hugo shortcode, a Liquid tag or an output tag.
var templateTag = regexp.MustCompile(`(?s)\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{.*?\}\}`)

// keptOpen and keptClose frame the number of a template tag set aside
// while HTML becomes Markdown: characters of Unicode's private use area,
// which the conversion leaves as they are.
const keptOpen, keptClose = "\uE000", "\uE001"

// htmlToMarkdown converts an HTML post body to Markdown. Template tags
// would be escaped as text ({{&lt; x &gt;}}): they are set aside and put
// back after the conversion.
func htmlToMarkdown(body []byte) ([]byte, error) {
	text := string(body)
	var tags []string
	if !strings.Contains(text, keptOpen) {
		text = templateTag.ReplaceAllStringFunc(text, func(tag string) string {
			tags = append(tags, tag)
			return keptOpen + strconv.Itoa(len(tags)-1) + keptClose
		})
	}
	md, err := htmlconv.Convert(text, htmlconv.Options{})
	if err != nil {
		return nil, err
	}
	if len(tags) > 0 {
		md = keptTag.ReplaceAllStringFunc(md, func(m string) string {
			i, err := strconv.Atoi(strings.Trim(m, keptOpen+keptClose))
			if err != nil || i >= len(tags) {
				return m
			}
			return tags[i]
		})
	}
	return []byte(md), nil
}

var keptTag = regexp.MustCompile(keptOpen + `[0-9]+` + keptClose)
