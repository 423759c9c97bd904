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
// which the conversion leaves as they are (but in an address, where it
// writes them percent-encoded). keptBlock follows keptOpen for a code
// block set aside whole.
const keptOpen, keptClose, keptBlock = "\uE000", "\uE001", "B"

// codeTag is a Liquid highlight block: its content is code as written,
// HTML tags and all, which the conversion must not read.
var codeTag = regexp.MustCompile(`(?s)\{%-?\s*highlight\b[^%]*%\}.*?\{%-?\s*endhighlight\s*-?%\}`)

// htmlToMarkdown converts an HTML post body to Markdown. Template tags
// would be escaped as text ({{&lt; x &gt;}}): they are set aside and put
// back after the conversion; a highlight block is set aside whole, on
// lines of its own, so that its code stays as written.
func htmlToMarkdown(body []byte) ([]byte, error) {
	text := string(body)
	var tags, blocks []string
	if !strings.Contains(text, keptOpen) && !strings.Contains(text, keptClose) {
		text = codeTag.ReplaceAllStringFunc(text, func(block string) string {
			blocks = append(blocks, block)
			return "<p>" + keptOpen + keptBlock + strconv.Itoa(len(blocks)-1) + keptClose + "</p>"
		})
		text = templateTag.ReplaceAllStringFunc(text, func(tag string) string {
			tags = append(tags, tag)
			return keptOpen + strconv.Itoa(len(tags)-1) + keptClose
		})
	}
	md, err := htmlconv.Convert(text, htmlconv.Options{})
	if err != nil {
		return nil, err
	}
	if len(tags) > 0 || len(blocks) > 0 {
		md = keptTag.ReplaceAllStringFunc(md, func(m string) string {
			sub := keptTag.FindStringSubmatch(m)
			block := sub[1]+sub[3] != ""
			i, err := strconv.Atoi(sub[2] + sub[4])
			switch {
			case err != nil:
				return ""
			case block && i < len(blocks):
				return "\n" + blocks[i] + "\n"
			case !block && i < len(tags):
				return tags[i]
			}
			return ""
		})
		// No mark of the setting aside may reach the book, whatever the
		// conversion made of it.
		md = strings.NewReplacer(keptOpen, "", keptClose, "").Replace(md)
	}
	return []byte(md), nil
}

// keptTag is a tag or block set aside, as the conversion writes it: as
// it was, or percent-encoded in an address.
var keptTag = regexp.MustCompile(keptOpen + `(` + keptBlock + `)?([0-9]+)` + keptClose + `|%EE%80%80(` + keptBlock + `)?([0-9]+)%EE%80%81`)
