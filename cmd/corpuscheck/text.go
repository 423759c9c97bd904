package main

import (
	"html"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
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
	imageRefs  = regexp.MustCompile(`!\[[^\]]*\]\(\s*<?([^)\s>]*)[^)]*\)|!\[[^\]]*\]\[[^\]]*\]`)
	imageCodes = regexp.MustCompile(`(?i)\{\{[<%]\s*(?:figure|image|img|imgproc|gallery)\b[^\n]*?[>%]\}\}|\{%-?\s*(?:include\s+(?:figure|image|img)\b[^%]*|figure|image|img|picture|responsive_image)\b[^%]*%\}|\{\{\s*(?:figure|image|img|resize_image|gallery)\s*\((?s:.*?)\)\s*\}\}|\[gallery\b[^\]]*\]`)
	imageAttr  = regexp.MustCompile(`(?i)\b(?:src|image|image_path|path|url|file)\s*[=:]\s*["'\x{201c}]([^"'\x{201d}]+)`)
)

// imageSources returns the target of each image a post's source refers to,
// "" where the reference names none (a Markdown reference, a gallery).
func imageSources(p sourcePost) []string {
	s := htmlComment.ReplaceAllString(p.Body, " ")
	s = liquidComment.ReplaceAllString(s, " ")
	var srcs []string
	attr := func(tag string) string {
		if m := imageAttr.FindStringSubmatch(tag); m != nil {
			return m[1]
		}
		return ""
	}
	for _, tag := range imgTag.FindAllString(s, -1) {
		srcs = append(srcs, attr(tag))
	}
	for _, tag := range imageCodes.FindAllString(s, -1) {
		srcs = append(srcs, attr(tag))
	}
	if !p.HTML {
		for _, m := range imageRefs.FindAllStringSubmatch(s, -1) {
			srcs = append(srcs, m[1])
		}
	}
	return srcs
}

// imageFiles indexes the image files under dir by lower-case base name.
func imageFiles(dir string) map[string]bool {
	files := map[string]bool{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if n := d.Name(); n == "node_modules" || n == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff":
			files[strings.ToLower(d.Name())] = true
		}
		return nil
	})
	return files
}

// held reports whether the blog's folder holds a file by the name of the
// image src points at (percent-decoded, query and fragment left out).
func held(files map[string]bool, src string) bool {
	if src == "" {
		return false
	}
	if i := strings.IndexAny(src, "?#"); i >= 0 {
		src = src[:i]
	}
	if u, err := url.PathUnescape(src); err == nil {
		src = u
	}
	return files[strings.ToLower(path.Base(src))]
}

// rawTemplate matches what a Hugo, Jekyll, Zola or Eleventy site would
// have replaced: Go template, Liquid, Jinja and Nunjucks delimiters
// (Zola's shortcode calls are Go-template-like too), and Kramdown's
// attribute lists ("{: .notice}", "{#id}"), which Jekyll turns into
// attributes. wordPressTemplate adds WordPress shortcodes:
// the built-in ones, SyntaxHighlighter's language tags, and any
// [name key="value"] form; they count only in exports and feeds, where
// "[video alt]" in a Markdown post is prose.
var (
	rawTemplate       = regexp.MustCompile(`\{\{|\}\}|\{%|%\}|\{#|#\}|\{:\s*[.#]?[A-Za-z]`)
	wordPressTemplate = regexp.MustCompile(`\[/?(?:caption|gallery|embed|audio|video|playlist|wp_caption|sourcecode|source|code|csharp|javascript|js|php|python|py|java|css|html|xml|sql|bash|shell|ruby|cpp|text|plain|powershell|ps|vb|perl|scala|groovy|jscript|delphi|diff|erlang|objc)(?:\s[^\]]*)?\]|\[[a-z_][\w-]*\s+[a-z_]+=["'\x{201c}\x{201d}]`)
)

// templateLines returns the lines of text that hold raw template syntax,
// leaving out any that code holds (a post about templates shows them in
// code blocks, which is right). A line is compared by its ASCII letters,
// digits and symbols only, so that a code line the PDF wrapped (with a ↪),
// or whose characters it could not print, is still found in the code.
func templateLines(text, code string, wordPress bool) []string {
	var out []string
	codeKey := asciiSkeleton(code)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || !(rawTemplate.MatchString(line) || wordPress && wordPressTemplate.MatchString(line)) {
			continue
		}
		if k := asciiSkeleton(line); k != "" && strings.Contains(codeKey, k) {
			continue
		}
		out = append(out, line)
	}
	return out
}

// asciiSkeleton keeps the printable ASCII of s other than spaces, hyphens
// and quotes, which typography and line breaking change.
func asciiSkeleton(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if r > ' ' && r < 0x7f && r != '-' && r != '"' && r != '\'' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
