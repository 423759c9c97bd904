package main

import (
	"golang.org/x/text/unicode/norm"
	"html"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/testkit"
)

// The patterns sourceText removes, in order.
var (
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	// Markdown code: an image written in it is shown, not embedded
	markdownCode    = regexp.MustCompile("(?ms)^[ \t]*```.*?^[ \t]*```|^[ \t]*~~~.*?^[ \t]*~~~|`[^`\n]+`")
	liquidComment   = regexp.MustCompile(`(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}`)
	templateTag     = regexp.MustCompile(`(?s)\{\{[<%].*?[>%]\}\}|\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}`)
	mdImage         = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]`)
	mdLinkTarget    = regexp.MustCompile(`\]\((?:[^()\s]|\([^()]*\))*(?:\s+"[^"]*")?\)`)
	mdRefLinkTarget = regexp.MustCompile(`\]\[[^\]]*\]`)
	mdRefDef        = regexp.MustCompile(`(?m)^\s{0,3}\[[^\]^][^\]]*\]:\s*\S+.*$`)
	mdListMarker    = regexp.MustCompile(`(?m)^([ \t>]*)(?:\d+[.)]|[-*+])[ \t]+`)
	inlineTag       = regexp.MustCompile(`(?i)</?(?:a|b|i|u|s|em|strong|span|code|sup|sub|mark|small|abbr|kbd|del|ins|font)\b[^>]*>`)
	mdFootnoteRef   = regexp.MustCompile(`\[\^[^\]]+\]`)
	fenceInfo       = regexp.MustCompile("(?m)^([ \t>]*(?:```+|~~~+))[^`\n]*$")
	mdAttrs         = regexp.MustCompile(`\{[:#.][^}\n]*\}`)
	autoLink        = regexp.MustCompile(`<(?:https?|mailto):[^>\s]*>`)
	htmlTag         = regexp.MustCompile(`(?s)</?[A-Za-z][^>]*>`)
	scriptOrStyle   = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	wpShortcode     = regexp.MustCompile(`\[/?[A-Za-z_][\w-]*(?:\s[^\]]*)?\]`)
	// a formula: its reader sees it typeset, not its TeX, and the books
	// set it; in Markdown written $$…$$, \\(…\\) or \\[…\\], in HTML
	// $$…$$, \(…\) or \[…\]. Code around one is matched first and kept.
	mdFormula   = regexp.MustCompile(markdownCode.String() + `|(?s:\$\$.+?\$\$|\\\\\(.+?\\\\\)|\\\\\[.+?\\\\\])`)
	htmlFormula = regexp.MustCompile(`(?s)\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]`)
)

// sourceText is what a reader of the published post reads, roughly: the
// body without comments, template tags and shortcodes, link targets,
// image references (their alt text is no prose), attribute lists, list
// markers, the language names of code fences, formulas and markup; code
// and footnotes stay. Entities are decoded.
func sourceText(p sourcePost) string {
	s := p.Body
	s = htmlComment.ReplaceAllString(s, " ")
	if p.HTML {
		s = htmlFormula.ReplaceAllString(s, " ")
	} else {
		s = mdFormula.ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasPrefix(strings.TrimLeft(m, " \t"), "`") || strings.HasPrefix(strings.TrimLeft(m, " \t"), "~~~") {
				return m // code
			}
			return " "
		})
	}
	s = scriptOrStyle.ReplaceAllString(s, " ")
	s = liquidComment.ReplaceAllString(s, " ")
	s = templateTag.ReplaceAllString(s, " ")
	if p.HTML {
		s = wpShortcode.ReplaceAllString(s, " ")
	} else {
		s = fenceInfo.ReplaceAllString(s, "$1")
		s = mdListMarker.ReplaceAllString(s, "$1")
		s = mdImage.ReplaceAllString(s, " ")
		s = mdLinkTarget.ReplaceAllString(s, "]")
		s = mdRefLinkTarget.ReplaceAllString(s, "]")
		s = mdRefDef.ReplaceAllString(s, " ")
		s = mdFootnoteRef.ReplaceAllString(s, " ")
		s = mdAttrs.ReplaceAllString(s, " ")
		s = autoLink.ReplaceAllString(s, " ")
	}
	s = imgTag.ReplaceAllString(s, " ")
	s = inlineTag.ReplaceAllString(s, "") // "<b>R</b>ead" is one word
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
	if !p.HTML {
		s = markdownCode.ReplaceAllString(s, " ")
	}
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
// have replaced: the openers of Go template, Liquid, Jinja and Nunjucks
// tags (Zola's shortcode calls are Go-template-like too), and Kramdown's
// attribute lists ("{: .notice}", "{#id}"), which Jekyll turns into
// attributes. A closer alone ("%}" or "}}" with no opener, an author's
// typo or code such as "f({ a: 1 }})") is no tag: the generator prints it
// too. wordPressTemplate adds WordPress shortcodes:
// the built-in ones, SyntaxHighlighter's language tags, and any
// [name key="value"] form; they count only in exports and feeds, where
// "[video alt]" in a Markdown post is prose.
var (
	renderedEmbed     = regexp.MustCompile(`\{[{%]<?\s*(?:youtube|vimeo|tweet|twitter|gist|instagram|figure|include)\b`)
	rawTemplate       = regexp.MustCompile(`\{\{|\{%|\{#|\{:\s*[.#]?[A-Za-z]`)
	wordPressTemplate = regexp.MustCompile(`\[/?(?:caption|gallery|embed|audio|video|playlist|wp_caption|sourcecode|source|code|csharp|javascript|js|php|python|py|java|css|html|xml|sql|bash|shell|ruby|cpp|text|plain|powershell|ps|vb|perl|scala|groovy|jscript|delphi|diff|erlang|objc)(?:\s[^\]]*)?\]|\[[a-z_][\w-]*\s+[a-z_]+=["'\x{201c}\x{201d}]`)
)

// templateLines returns the lines of text that hold raw template syntax
// outside code. A post about templates shows them in code, which is
// right: an occurrence counts as code when code holds it with the words
// around it (see inCode), compared by their ASCII letters, digits and
// symbols only, so that code the PDF set inline in a line of prose,
// wrapped (with a ↪) or could not wholly print is still found.
//
// rendered says the source is a generator's output (a feed): a tag left in
// its text is what the blog published, its own words ("{{pod.py:566}}" in
// a log line), unless it is an embed anthology knows (renderedEmbed).
func templateLines(text, code string, wordPress, rendered bool) []string {
	var out []string
	codeKey := asciiSkeleton(code)
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		var spans [][]int
		if rendered {
			spans = append(spans, renderedEmbed.FindAllStringIndex(line, -1)...)
		} else {
			spans = append(spans, rawTemplate.FindAllStringIndex(line, -1)...)
		}
		if wordPress {
			spans = append(spans, wordPressTemplate.FindAllStringIndex(line, -1)...)
		}
		if len(spans) == 0 {
			continue
		}
		if codeKey != "" && (strings.Contains(line, "↪") || strings.Contains(codeKey, asciiSkeleton(line))) {
			continue // a wrapped line of code (the PDF marks it with ↪), or a whole one
		}
		// Inline code may run on to the next line.
		context := line
		if i+1 < len(lines) {
			context += " " + strings.TrimSpace(lines[i+1])
		}
		for _, sp := range spans {
			if codeKey == "" || !inCode(codeKey, context, sp[0]) {
				out = append(out, line)
				break
			}
		}
	}
	return out
}

// inCode reports whether codeKey holds the word of line at start with
// the words after it, or before it, that make three letters or digits at
// least (up to four words more): symbols alone ("’’ }});") are in any
// code, a word says which.
func inCode(codeKey, line string, start int) bool {
	// A whole tag the code holds is that code, set inline in prose
	// ("compare it against {{ i }} here"), however short.
	if tag := wholeTag(line[start:]); tag != "" && strings.Contains(codeKey, asciiSkeleton(tag)) {
		return true
	}
	type word struct{ from, to int }
	var words []word
	at := -1
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		if j > i {
			if start >= i && start < j {
				at = len(words)
			}
			words = append(words, word{i, j})
		}
		i = j
	}
	if at < 0 {
		return false
	}
	// Punctuation of the sentence around inline code is not code.
	key := func(from, to int) string {
		return asciiSkeleton(strings.Trim(line[words[from].from:words[to].to], ",.;:!?()"))
	}
	for n := 0; n <= 4 && at+n < len(words); n++ {
		if k := key(at, at+n); alnums(k) >= 3 {
			if strings.Contains(codeKey, k) {
				return true
			}
			break
		}
	}
	for n := 0; n <= 4 && at-n >= 0; n++ {
		if k := key(at-n, at); alnums(k) >= 3 {
			return strings.Contains(codeKey, k)
		}
	}
	return false
}

// wholeTag returns the template tag s opens with, through its closer on
// the same line ("{{ i }}"), or "" when it has none.
func wholeTag(s string) string {
	closer := map[string]string{"{{": "}}", "{%": "%}", "{#": "#}"}[s[:min(2, len(s))]]
	if closer == "" {
		return ""
	}
	if end := strings.Index(s[2:], closer); end >= 0 {
		return s[:2+end+2]
	}
	return ""
}

func alnums(s string) int {
	n := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			n++
		}
	}
	return n
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

// wordsOf splits text into words as testkit.Words does, then each run of
// Han, Hiragana, Katakana or Hangul into its characters: those scripts
// write no spaces, so a run is a phrase, and markup the source and the
// book place differently ("**样式**计算") would make different runs of
// the same text.
func wordsOf(text string) []string {
	var out []string
	// In NFKC: pdftotext gives Arabic back as the presentation forms its
	// shaping drew, which are the same letters.
	for _, w := range testkit.Words(norm.NFKC.String(text)) {
		if !strings.ContainsFunc(w, isCJK) {
			out = append(out, w)
			continue
		}
		start := 0
		for i, r := range w {
			if isCJK(r) {
				if i > start {
					out = append(out, w[start:i])
				}
				out = append(out, string(r))
				start = i + utf8.RuneLen(r)
			}
		}
		if start < len(w) {
			out = append(out, w[start:])
		}
	}
	return out
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}
