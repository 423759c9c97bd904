package htmlconv

import (
	"html"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// shortcode is one [name attrs]inner[/name] found in a post.
type shortcode struct {
	name  string
	attrs map[string]string
	inner string
	brush bool // a SyntaxHighlighter language: [php]…[/php]
}

// enclosing are the shortcodes WordPress and Jetpack pair with a closing
// tag; the others stand alone unless a closing tag follows.
var enclosing = map[string]bool{"caption": true, "wp_caption": true, "embed": true, "code": true, "sourcecode": true}

// known are shortcodes whose meaning is kept; any other name that looks
// like a shortcode is removed with a warning.
var known = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "embed": true, "code": true, "sourcecode": true,
	"audio": true, "video": true, "youtube": true, "vimeo": true, "playlist": true,
}

// brushes are the languages of the SyntaxHighlighter plugins' shortcodes,
// [csharp]…[/csharp], each with the name a code block's class gives it.
var brushes = map[string]string{
	"as3": "actionscript", "actionscript3": "actionscript", "applescript": "applescript", "bash": "bash", "shell": "bash",
	"c": "c", "cpp": "cpp", "coldfusion": "coldfusion", "cf": "coldfusion", "csharp": "csharp", "c-sharp": "csharp",
	"css": "css", "delphi": "delphi", "pascal": "pascal", "diff": "diff", "patch": "diff", "erlang": "erlang",
	"erl": "erlang", "go": "go", "golang": "go", "groovy": "groovy", "haskell": "haskell", "html": "html",
	"java": "java", "javafx": "javafx", "javascript": "javascript", "js": "javascript", "jscript": "javascript",
	"json": "json", "kotlin": "kotlin", "latex": "latex", "lua": "lua", "matlab": "matlab", "objc": "objectivec",
	"perl": "perl", "pl": "perl", "php": "php", "plain": "", "text": "", "powershell": "powershell", "ps": "powershell",
	"python": "python", "py": "python", "r": "r", "ruby": "ruby", "rails": "ruby", "rb": "ruby", "rust": "rust",
	"sass": "scss", "scss": "scss", "scala": "scala", "sql": "sql", "swift": "swift", "tsql": "sql",
	"typescript": "typescript", "ts": "typescript", "vb": "vbnet", "vbnet": "vbnet", "xml": "xml", "xhtml": "xml",
	"xslt": "xml", "yaml": "yaml", "yml": "yaml",
}

var (
	openTag = regexp.MustCompile(`^\[([A-Za-z][A-Za-z0-9_-]*)(=[^\]]*|\s[^\]]*)?\]`)
	attrRe  = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)`)
)

// expandShortcodes replaces each shortcode by the HTML it stands for.
// Text in square brackets that is not a shortcode, such as "[sic]" or a
// footnote mark, is left as it is; "[[x]]" is WordPress's escape for a
// literal "[x]".
func expandShortcodes(s string, opts Options) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.IndexByte(s, '[')
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "[[") {
			if j := strings.Index(s, "]]"); j > 0 && openTag.MatchString(s[1:j+1]) {
				out.WriteString(s[1 : j+1])
				s = s[j+2:]
				continue
			}
		}
		sc, n, ok := parseShortcode(s)
		if !ok {
			out.WriteByte('[')
			s = s[1:]
			continue
		}
		out.WriteString(expand(sc, opts))
		s = s[n:]
	}
}

// parseShortcode reads the shortcode s starts with and how many bytes it
// spans.
func parseShortcode(s string) (shortcode, int, bool) {
	m := openTag.FindStringSubmatchIndex(s)
	if m == nil {
		return shortcode{}, 0, false
	}
	name := strings.ToLower(s[m[2]:m[3]])
	var rawAttrs string
	if m[4] >= 0 {
		rawAttrs = s[m[4]:m[5]]
	}
	end := m[1]
	closing := "[/" + name + "]"
	j := indexASCIIFold(s[end:], closing)
	selfClosed := strings.HasSuffix(strings.TrimSpace(rawAttrs), "/")
	brush := false
	if _, ok := brushes[name]; ok && j >= 0 && !selfClosed {
		brush = true // only with its closing tag: "[c]" alone is text
	}
	switch {
	case known[name], brush:
	case j >= 0, strings.Contains(rawAttrs, "="), selfClosed:
		// An unknown name with attributes or a closing tag is a plugin's
		// shortcode; a bare "[note]" is ordinary text.
	default:
		return shortcode{}, 0, false
	}
	sc := shortcode{name: name, attrs: parseAttrs(strings.TrimSuffix(rawAttrs, "/"))}
	if brush {
		sc.brush = true
	}
	if j >= 0 && !selfClosed && (enclosing[name] || brush || !known[name] || !strings.Contains(s[end:end+j], "["+name)) {
		sc.inner = s[end : end+j]
		end += j + len(closing)
	}
	return sc, end, true
}

// indexASCIIFold is strings.Index ignoring ASCII case; unlike lowering the
// whole text first, it keeps byte offsets valid in text that is not UTF-8.
func indexASCIIFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		match := true
		for k := 0; k < len(sub) && match; k++ {
			match = lowerASCII(s[i+k]) == lowerASCII(sub[k])
		}
		if match {
			return i
		}
	}
	return -1
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// parseAttrs reads shortcode attributes the way WordPress's
// shortcode_parse_atts does: name="value", name='value', name=value, and
// positional values under "0", "1"…
func parseAttrs(s string) map[string]string {
	attrs := map[string]string{}
	if rest, ok := strings.CutPrefix(s, "="); ok { // [youtube=URL]
		attrs["0"] = strings.TrimSpace(rest)
		return attrs
	}
	pos := 0
	for _, m := range attrRe.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = html.UnescapeString(m[4])
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = html.UnescapeString(m[6])
		default:
			v := m[7] + m[8] + m[9]
			attrs[strconv.Itoa(pos)] = html.UnescapeString(v)
			pos++
		}
	}
	return attrs
}

var langName = regexp.MustCompile(`^[\w+-]+$`)

var captionImage = regexp.MustCompile(`(?is)^\s*((?:<a\s[^>]*>\s*)?<img\s[^>]*>(?:\s*</a>)?)(.*)$`)

// expand returns the HTML that stands for sc.
func expand(sc shortcode, opts Options) string {
	if sc.brush {
		return codeHTML(sc, brushes[sc.name])
	}
	switch sc.name {
	case "caption", "wp_caption":
		m := captionImage.FindStringSubmatch(sc.inner)
		if m == nil {
			opts.warn("[caption] without an image: kept its text")
			return expandShortcodes(sc.inner, opts)
		}
		caption := strings.TrimSpace(m[2])
		if caption == "" {
			caption = sc.attrs["caption"]
		}
		if caption == "" {
			return "<figure>" + m[1] + "</figure>"
		}
		return "<figure>" + m[1] + "<figcaption>" + caption + "</figcaption></figure>"
	case "gallery":
		if opts.Gallery == nil {
			opts.warn("[gallery] removed: no attachments known to fill it")
			return ""
		}
		return opts.Gallery(sc.attrs)
	case "embed", "youtube", "vimeo":
		u := strings.TrimSpace(sc.inner)
		if u == "" {
			u = firstAttr(sc.attrs, "0", "url", "src", "id")
		}
		if sc.name != "embed" && u != "" && !strings.Contains(u, "/") {
			u = map[string]string{"youtube": "https://www.youtube.com/watch?v=", "vimeo": "https://vimeo.com/"}[sc.name] + u
		}
		if u == "" {
			opts.warn("[%s] without an address removed", sc.name)
			return ""
		}
		return linkHTML(u, u)
	case "code", "sourcecode":
		return codeHTML(sc, firstAttr(sc.attrs, "language", "lang", "0"))
	case "audio", "video":
		src := firstAttr(sc.attrs, "src", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "flv", "0")
		if src == "" {
			opts.warn("[%s] without a file removed", sc.name)
			return ""
		}
		label := strings.ToUpper(sc.name[:1]) + sc.name[1:] + ": " + path.Base(strings.SplitN(src, "?", 2)[0])
		return linkHTML(src, label)
	}
	opts.warn("shortcode [%s] removed: anthology does not know what it shows", sc.name)
	return expandShortcodes(sc.inner, opts)
}

// codeHTML is a code block of sc's content in the language lang.
func codeHTML(sc shortcode, lang string) string {
	class := ""
	if lang != "" && langName.MatchString(lang) {
		class = ` class="language-` + strings.ToLower(lang) + `"`
	}
	code := strings.Trim(sc.inner, "\n")
	return "\n\n<pre><code" + class + ">" + html.EscapeString(html.UnescapeString(code)) + "</code></pre>\n\n"
}

func firstAttr(attrs map[string]string, keys ...string) string {
	for _, k := range keys {
		if v := strings.TrimSpace(attrs[k]); v != "" {
			return v
		}
	}
	return ""
}

func linkHTML(href, label string) string {
	return "\n\n<p><a href=\"" + html.EscapeString(href) + "\">" + html.EscapeString(label) + "</a></p>\n\n"
}

// GalleryIDs returns the attachment ids a [gallery] lists, in its order.
func GalleryIDs(attrs map[string]string) []string {
	var ids []string
	for _, id := range strings.Split(attrs["ids"]+","+attrs["include"], ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}
