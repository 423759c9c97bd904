package main

import (
	"html"
	"regexp"
	"strings"
)

// The patterns sourceText removes, in order.
var (
	htmlComment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	liquidComment   = regexp.MustCompile(`(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}`)
	templateTag     = regexp.MustCompile(`(?s)\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}`)
	mdImage         = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]`)
	mdLinkTarget    = regexp.MustCompile(`\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)`)
	mdRefLinkTarget = regexp.MustCompile(`\]\[[^\]]*\]`)
	mdRefDef        = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]]+\]:\s*\S+.*$`)
	mdFootnoteRef   = regexp.MustCompile(`\[\^[^\]]+\]`)
	mdAttrs         = regexp.MustCompile(`\{[:#.][^}\n]*\}`)
	autoLink        = regexp.MustCompile(`<(?:https?|mailto):[^>\s]*>`)
	htmlTag         = regexp.MustCompile(`(?s)</?[A-Za-z][^>]*>`)
	scriptOrStyle   = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	wpShortcode     = regexp.MustCompile(`\[/?[A-Za-z_][\w-]*(?:\s[^\]]*)?\]`)
)

// sourceText is what a reader of the published post reads, roughly: the
// body without comments, template tags and shortcodes, link targets,
// image references (their alt text is no prose), attribute lists and
// markup; code stays. Entities are decoded.
func sourceText(p sourcePost) string {
	s := p.Body
	s = htmlComment.ReplaceAllString(s, " ")
	s = scriptOrStyle.ReplaceAllString(s, " ")
	s = liquidComment.ReplaceAllString(s, " ")
	s = templateTag.ReplaceAllString(s, " ")
	if p.HTML {
		s = wpShortcode.ReplaceAllString(s, " ")
	} else {
		s = mdImage.ReplaceAllString(s, " ")
		s = mdLinkTarget.ReplaceAllString(s, "]")
		s = mdRefLinkTarget.ReplaceAllString(s, "]")
		s = mdRefDef.ReplaceAllString(s, " ")
		s = mdFootnoteRef.ReplaceAllString(s, " ")
		s = mdAttrs.ReplaceAllString(s, " ")
		s = autoLink.ReplaceAllString(s, " ")
	}
	s = imgTag.ReplaceAllString(s, " ")
	s = htmlTag.ReplaceAllString(s, " ")
	return html.UnescapeString(s)
}

// The ways a post refers to an image: Markdown images (inline and by
// reference), <img>, Hugo, Liquid and Zola figure/image shortcodes, and a
// WordPress gallery (counted once).
var (
	imgTag     = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	imageRefs  = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]`)
	imageCodes = regexp.MustCompile(`(?i)\{\{[<%]\s*(?:figure|image|img|imgproc|gallery)\b|\{%-?\s*(?:include\s+(?:figure|image|img)\b[^%]*|figure|image|img|picture|responsive_image)\b|\{\{\s*(?:figure|image|img|resize_image|gallery)\s*\(|\[gallery\b`)
)

// countImageRefs counts the images a post's source refers to.
func countImageRefs(p sourcePost) int {
	s := htmlComment.ReplaceAllString(p.Body, " ")
	s = liquidComment.ReplaceAllString(s, " ")
	n := len(imgTag.FindAllStringIndex(s, -1)) + len(imageCodes.FindAllStringIndex(s, -1))
	if !p.HTML {
		n += len(imageRefs.FindAllStringIndex(s, -1))
	}
	return n
}

// rawTemplate matches what a generator would have replaced: Go template
// and Liquid delimiters, Zola shortcode calls, and WordPress shortcodes
// (the built-in ones, SyntaxHighlighter's language tags, and any
// [name key="value"] form).
var rawTemplate = regexp.MustCompile(`\{\{|\}\}|\{%|%\}|\[/?(?:caption|gallery|embed|audio|video|playlist|wp_caption|sourcecode|source|code|csharp|javascript|js|php|python|py|java|css|html|xml|sql|bash|shell|ruby|cpp|text|plain|powershell|ps|vb|perl|scala|groovy|jscript|delphi|diff|erlang|objc)(?:\s[^\]]*)?\]|\[[a-z_][\w-]*\s+[a-z_]+=["']`)

// templateLines returns the lines of text that hold raw template syntax,
// leaving out any whose text appears in code (a post about templates shows
// them in code blocks, which is right).
func templateLines(text, code string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || !rawTemplate.MatchString(line) {
			continue
		}
		if code != "" && strings.Contains(code, line) {
			continue
		}
		out = append(out, line)
	}
	return out
}
