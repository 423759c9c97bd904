package dialect

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The meanings a Rule of the book file may give a blog's own tag.
const (
	AsFigure = "figure" // an image with its caption
	AsQuote  = "quote"  // a block quote headed by a label
	AsCode   = "code"   // a fenced code block
	AsLink   = "link"   // a link with a readable label
	AsDrop   = "drop"   // removed, content and all, without a warning
	AsText   = "text"   // the tag goes, its content stays
)

// Rule gives a tag a meaning: a theme's own shortcode, or a built-in one
// the blogger wants read differently.
type Rule struct {
	As string // AsFigure, AsQuote, AsCode, AsLink, AsDrop or AsText
	// Label heads a quote or names a link; empty takes it from the tag.
	Label string
}

// Options are what Rewrite knows besides the body.
type Options struct {
	// Rules map tag names to meanings; they win over the built-in ones.
	Rules map[string]Rule
	// Site holds the values of {{ site.* }} variables, from the book file.
	Site map[string]any
	// Page holds the post's front matter, for {{ page.* }} and
	// {{< param >}}.
	Page map[string]any
	// Templates are the site's own shortcode templates, which draw the
	// shortcodes that have no meaning here (see hugotmpl.go).
	Templates *Templates
	// Tera are a Zola site's own shortcode templates (see tera.go).
	Tera *TeraTemplates
	// Math are the delimiters of formulas a site keeps from Markdown or
	// its pages' scripts find (see math.go).
	Math []Delimiters
	// MathEscaped says the site's Markdown reads $$…$$ before its pages'
	// script finds the formula (Hugo without passthrough, Zola without its
	// own math, Eleventy), where kramdown keeps it as written.
	MathEscaped bool
	// Kramdown says the site's Markdown is kramdown (Jekyll's), which
	// reads a $$…$$ spanning lines whole.
	Kramdown bool
	// Zola says the site is Zola's, whose escaped shortcodes, {{/* name() */}}
	// and {%/* name() */%}, show in code as the calls they escape.
	Zola bool
	// Cascade is an Eleventy page's data, which bare names read; nil for
	// the other generators, whose posts see site and page variables only.
	Cascade *Cascade
	// Include reads a Markdown or text file a post includes: {% include
	// name %} from the site's _includes folder, {% include_relative name %}
	// (relative true) beside the post. Nil reads none (see include.go).
	Include func(name string, relative bool) ([]byte, error)
	// Language names the template language of the post's {% tags %} in
	// messages: "Nunjucks" on an Eleventy site that runs Markdown through
	// it; empty for Liquid.
	Language string

	// included are the files being included, outermost first.
	included []string
}

// Problem is a tag Rewrite removed or could not read.
type Problem struct {
	Line int // 1-based line of the body
	// Key groups problems of one kind, e.g. every unknown {{< gallery >}}
	// of a blog, so that they are reported once; it is empty for a problem
	// that stands alone, such as a block left open.
	Key string
	Msg string
	// at is the byte offset in the body of the tag the problem is about,
	// to tell whether it sits in an HTML comment.
	at int
}

// builtin are the meanings of the tags Hugo, Jekyll and their usual themes
// and plugins ship.
var builtin = map[string]string{
	"figure": AsFigure, "img": AsFigure, "image": AsFigure,
	"highlight": AsCode, "code": AsCode, "codeblock": AsCode,
	"note": AsQuote, "warning": AsQuote, "alert": AsQuote, "callout": AsQuote, "tip": AsQuote,
	"info": AsQuote, "important": AsQuote, "caution": AsQuote, "danger": AsQuote, "notice": AsQuote,
	"hint": AsQuote, "admonition": AsQuote, "aside": AsQuote, "details": AsQuote, "quote": AsQuote, "blockquote": AsQuote,
	"youtube": "youtube", "vimeo": "vimeo", "tweet": "tweet", "twitter": "tweet", "x": "tweet",
	"gist": "gist", "instagram": "instagram", "embed": "embed",
	"ref": "ref", "relref": "ref", "link": "ref", "post_url": "post_url",
	"raw": "raw", "capture": "capture", "include": "include", "include_relative": "include", "include_cached": "include", "comment": "comment",
	"assign": "assign", "set": "assign",
	"param": "param",
	"for":   "loop", "tablerow": "loop",
	"video": "media", "audio": "media",
	// FixIt's and LoveIt's: {{< script >}} holds JavaScript to run;
	// {{< style "css" >}} styles the Markdown it holds.
	"script": "script", "style": AsText,
	// jekyll-github-metadata's link to edit the page on GitHub: its text.
	"github_edit_link": AsText,
	// Formulas: Zola themes' {{ katex(body="…") }} and {% katex(block=true) %}…{% end %},
	// Jekyll's {% latex %}…{% endlatex %}; Congo's bare {{< katex >}} only loads KaTeX.
	"katex": "math", "math": "math", "latex": "math", "tex": "math",
	// Congo's, Blowfish's and other themes' {{< mermaid >}} draws a diagram
	// from its source, which the book prints as code.
	"mermaid": "diagram",
}

// Rewrite turns the tags of a post body into Markdown, removes kramdown's
// attribute lists and extensions, and reports what it removed. It never
// fails: a tag it cannot read is removed with a Problem and the rest of the
// body is rewritten as usual.
func Rewrite(src []byte, opts Options) ([]byte, []Problem) {
	// Most posts of most blogs hold neither tags nor kramdown's attribute
	// lists: no need to parse them twice.
	var problems []Problem
	if bytes.Contains(src, []byte("{{")) || bytes.Contains(src, []byte("{%")) {
		src, problems = rewriteTags(src, opts)
	}
	if opts.Kramdown && bytes.Contains(src, []byte("markdown=")) {
		src = markdownBlocks(src)
	}
	return mathDelimiters(kramdown(src), opts.Math, opts.MathEscaped, opts.Kramdown), problems
}

func rewriteTags(src []byte, opts Options) ([]byte, []Problem) {
	rw := &rewriter{src: src, opts: opts, marks: bytes.IndexByte(src, lineMark) < 0}
	rw.toks = Tokenize(src, rw.literal)
	rw.readZola()
	rw.pairUp()
	var w strings.Builder
	rw.render(&w, 0, len(rw.toks))
	out := w.String()
	if rw.marks {
		out = collapseMarks(out)
	}
	return settleRefs([]byte(out)), outsideComments(src, rw.problems)
}

type rewriter struct {
	src      []byte
	opts     Options
	toks     []Token
	pair     []int // index of the matching open or close tag, else -1
	problems []Problem
	// marks says whether a tag that leaves nothing on its own line leaves
	// lineMark there, for collapseMarks (not when the body holds one).
	marks bool
	// scope holds the variables of the loops being written out.
	scope map[string]any
	// vars are the values {% capture %} gave variables.
	vars map[string]string
}

func (rw *rewriter) meaning(name string) (Rule, bool) {
	if r, ok := rw.opts.Rules[name]; ok {
		return r, true
	}
	if as, ok := builtin[name]; ok {
		if as == "math" && rw.opts.Templates.has(name) {
			// a name as plain as "math" is the site's own first: a
			// theorem's box on one site, a formula on another
			return Rule{}, false
		}
		return Rule{As: as}, true
	}
	return Rule{}, false
}

// literal names the blocks whose content is taken as written.
func (rw *rewriter) literal(name string) bool {
	r, ok := rw.meaning(name)
	switch {
	case !ok:
		return false
	case r.As == AsCode || r.As == "raw" || r.As == "comment" || r.As == "script" || r.As == "diagram":
		return true
	}
	return false
}

func (rw *rewriter) problem(t *Token, key, format string, args ...any) {
	rw.problems = append(rw.problems, Problem{Line: t.Line, Key: key, Msg: fmt.Sprintf(format, args...), at: t.Start})
}

// pairUp matches closing tags with the nearest open tag of the same name;
// open tags between them are left self-closing, as Hugo reads them.
func (rw *rewriter) pairUp() {
	rw.pair = make([]int, len(rw.toks))
	var open []int
	for i := range rw.toks {
		rw.pair[i] = -1
		t := &rw.toks[i]
		if t.Kind == Text || t.Kind == Output || t.Unterminated || t.Escaped || t.SelfClose {
			continue
		}
		if !t.Close {
			open = append(open, i)
			continue
		}
		for k := len(open) - 1; k >= 0; k-- {
			o := &rw.toks[open[k]]
			if (o.Name == t.Name && o.Kind.Hugo() == t.Kind.Hugo() && o.Zola == t.Zola) || (t.Zola && t.Name == "" && o.Zola) {
				rw.pair[open[k]], rw.pair[i] = i, open[k]
				open = open[:k]
				break
			}
		}
	}
}

func (rw *rewriter) render(w *strings.Builder, from, to int) {
	for i := from; i < to; i++ {
		t := &rw.toks[i]
		switch {
		case t.Kind == Text && t.Code:
			w.WriteString(unescapeCode(string(rw.src[t.Start:t.End]), rw.opts.Zola))
		case t.Kind == Text:
			w.WriteString(string(rw.src[t.Start:t.End]))
		case t.Kind == Output && t.Zola:
			rw.tag(w, i, -1)
		case t.Kind == Output:
			if !rw.beforeRef(i) {
				rw.writeOutput(w, t)
			}
		case t.Unterminated:
			rw.unterminated(t)
		case t.Escaped:
			open, end := delimiters(t.Kind)
			w.WriteString(open + " " + t.Expr + " " + end)
		case t.Close:
			if rw.pair[i] < 0 {
				rw.problem(t, display(t), "removed %s, which closes no open tag", closing(t))
				rw.mark(w, t)
			}
		default:
			end := rw.pair[i]
			rw.tag(w, i, end)
			if end > i {
				i = end
			}
		}
	}
}

// beforeRef reports whether toks[i] is a site address glued to a reference
// to a post, as in {{ site.baseurl }}{% post_url x %}: the reference alone
// is what the links between posts match.
func (rw *rewriter) beforeRef(i int) bool {
	if i+1 >= len(rw.toks) {
		return false
	}
	t, next := &rw.toks[i], &rw.toks[i+1]
	if next.Start != t.End || next.Kind == Text || next.Kind == Output {
		return false
	}
	head := strings.TrimSpace(strings.SplitN(t.Expr, "|", 2)[0])
	if head != "site.baseurl" && head != "site.url" {
		return false
	}
	r, _ := rw.meaning(next.Name)
	return r.As == "ref" || r.As == "post_url"
}

func (rw *rewriter) unterminated(t *Token) {
	open, end := delimiters(t.Kind)
	if tag := string(rw.src[t.Start:t.End]); strings.HasSuffix(tag, end) {
		rw.problem(t, "", "%s is never closed (no %s); it is left out", display(t), closing(t))
		return
	}
	rw.problem(t, "", "unterminated %s: no %q before the end of the paragraph; the line is left out", open, end)
}

// tag gives an open tag its meaning; end is its closing tag, or -1.
func (rw *rewriter) tag(w *strings.Builder, i, end int) {
	t := &rw.toks[i]
	r, known := rw.meaning(t.Name)
	if !known && t.Zola && imageArg(t) != "" {
		// a site's own image shortcode (resize_image, float_image…)
		r, known = Rule{As: AsFigure}, true
	}
	why := ""
	if !known && t.Kind.Hugo() {
		html, file, ok, err := rw.opts.Templates.execute(t, rw.inner(i, end), rw.opts.Page, rw.opts.Site)
		if ok && err == nil {
			w.WriteString(html)
			return
		}
		if ok {
			why = fmt.Sprintf(": its template (%s) cannot be used here: %s", file.File, templateProblem(err))
		}
	}
	if !known && t.Zola {
		out, file, ok, err := rw.opts.Tera.execute(t, rw.inner(i, end), rw.opts.Page, rw.opts.Site)
		if ok && err == nil {
			w.WriteString(out)
			return
		}
		if ok {
			why = fmt.Sprintf(": its template (%s) cannot be used here: %s", file.File, teraProblem(err))
		}
	}
	if !known && why != "" {
		if end > i {
			rw.problem(t, display(t), "removed shortcode %s (its content is kept)%s", display(t), why)
			rw.mark(w, t)
			rw.render(w, i+1, end)
			rw.mark(w, &rw.toks[end])
			return
		}
		rw.problem(t, display(t), "removed shortcode %s%s", display(t), why)
		rw.mark(w, t)
		return
	}
	if !known {
		what := rw.language() + " tag"
		if t.Kind.Hugo() || t.Zola {
			what = "shortcode"
		}
		if end > i {
			rw.problem(t, display(t), "removed unknown %s %s (its content is kept)", what, display(t))
			rw.mark(w, t)
			rw.render(w, i+1, end)
			rw.mark(w, &rw.toks[end])
			return
		}
		rw.problem(t, display(t), "removed unknown %s %s", what, display(t))
		rw.mark(w, t)
		return
	}
	switch r.As {
	case AsFigure:
		rw.figure(w, t, rw.inner(i, end), rw.after(i, end))
	case AsCode:
		rw.code(w, t, i, end, "")
	case "diagram":
		if end > i {
			rw.problem(t, display(t), "%s diagram printed as its source, in a code block: a book draws no diagrams", display(t))
		}
		rw.code(w, t, i, end, t.Name)
	case AsQuote:
		rw.quote(w, t, r, i, end)
	case AsLink:
		rw.link(w, t, r, i, end)
	case AsText:
		if end > i {
			rw.render(w, i+1, end)
		} else {
			w.WriteString(first(t.Named("text", "content"), t.Positional(0)))
		}
	case AsDrop:
		rw.mark(w, t)
		if end > i {
			rw.mark(w, &rw.toks[end])
		}
	case "loop":
		if rw.loop(w, i, end) {
			return
		}
		rw.mark(w, t)
		if end > i {
			rw.mark(w, &rw.toks[end])
		}
	case "raw":
		if end > i {
			w.WriteString(string(rw.src[t.End:rw.toks[end].Start]))
		}
	case "capture":
		rw.capture(w, t, i, end)
	case "assign":
		rw.assign(w, t, i, end)
	case "include":
		if rw.include(w, t, rw.after(i, end)) {
			return
		}
		if inc, ok := rw.included(t); ok {
			if rw.embedInclude(w, t, &inc) {
				return
			}
			rw.toks[i] = inc
			rw.tag(w, i, -1)
			return
		}
		if rw.gallery(w, t, rw.after(i, end)) {
			return
		}
		rw.problem(t, display(t), "removed %s: the site's templates are not part of the book", display(t))
		rw.mark(w, t)
	case "script":
		rw.problem(t, display(t), "removed %s block: a book runs no scripts", display(t))
		rw.mark(w, t)
		if end > i {
			rw.mark(w, &rw.toks[end])
		}
	case "comment":
		rw.problem(t, display(t), "removed %s block", display(t))
		rw.mark(w, t)
		if end > i {
			rw.mark(w, &rw.toks[end])
		}
	case "ref", "post_url":
		rw.ref(w, t, r.As)
	case "param":
		rw.param(w, t)
	case "youtube", "vimeo", "tweet", "gist", "instagram", "embed":
		rw.embed(w, t, r.As)
	case "media":
		rw.media(w, t)
	case "math":
		rw.math(w, t, r, i, end)
	default:
		rw.problem(t, display(t), "removed %s: unknown meaning %q", display(t), r.As)
	}
}

// math writes the formula a tag holds (its content, or its body
// argument) as the Markdown reader keeps formulas: $$…$$, on a paragraph
// of its own when the tag says block or display. A tag with no formula
// (Congo's {{< katex >}}, which loads KaTeX on the page) leaves nothing.
func (rw *rewriter) math(w *strings.Builder, t *Token, r Rule, i, end int) {
	tex := first(t.Named("body"), t.Positional(0))
	if end > i {
		tex = string(rw.src[t.End:rw.toks[end].Start])
	}
	rw.mark(w, t)
	if end > i {
		defer rw.mark(w, &rw.toks[end])
	}
	tex = strings.TrimSpace(tex)
	if tex == "" || strings.Contains(tex, canonical) {
		return
	}
	block := t.Named("block") == "true" || t.Named("display") == "true" || r.Label == DisplayMath
	if block {
		w.WriteString("\n\n")
	}
	if !block {
		tex = InlineMark + " " + tex
	}
	w.WriteString(canonical + tex + canonical)
	if block {
		w.WriteString("\n\n")
	}
}

// included reads {% include figure.html image_path="x" caption="y" %} as
// the tag the included template stands for, when its name has a meaning,
// as theme includes such as figure, youtube or note do.
func (rw *rewriter) included(t *Token) (Token, bool) {
	file := t.Positional(0)
	name := strings.TrimSuffix(path.Base(file), path.Ext(file))
	if r, ok := rw.meaning(name); !ok || r.As == "include" || file == "" {
		return Token{}, false
	}
	inc := *t
	inc.Name, inc.Args = name, nil
	skipped := false
	for _, a := range t.Args {
		if a.Name == "" && !skipped {
			skipped = true
			continue
		}
		inc.Args = append(inc.Args, a)
	}
	return inc, true
}

// gallery writes the pictures of a theme's gallery include ({% include
// gallery caption="…" %}, Minimal Mistakes' and its kin), which lists them
// in the post's front matter (gallery:, or the key its id names), each
// with the full-size file (url), a thumbnail (image_path), alt and title;
// then its caption. It reports false when t is no such include.
func (rw *rewriter) gallery(w *strings.Builder, t *Token, after int) bool {
	file := t.Positional(0)
	if strings.TrimSuffix(path.Base(file), path.Ext(file)) != "gallery" {
		return false
	}
	items, _ := rw.opts.Page[first(t.Named("id"), "gallery")].([]any)
	var lines []string
	for _, it := range items {
		m, _ := it.(map[string]any)
		full, thumb := str(m["url"]), str(m["image_path"])
		src := thumb
		if isImageFile(full) {
			src = full
		}
		if src == "" {
			continue
		}
		lines = append(lines, "!["+escapeText(oneLine(first(str(m["alt"]), str(m["title"]))))+"]("+destination(src)+")", "")
	}
	if len(lines) == 0 {
		return false
	}
	if caption := strings.TrimSpace(t.Named("caption")); caption != "" {
		lines = append(lines, caption)
	} else {
		lines = lines[:len(lines)-1]
	}
	rw.mark(w, t)
	rw.block(w, t, after, lines)
	return true
}

// isImageFile reports whether p names a picture by its extension.
func isImageFile(p string) bool {
	switch strings.ToLower(path.Ext(strings.SplitN(p, "?", 2)[0])) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif":
		return true
	}
	return false
}

// inner renders the Markdown content of a paired tag.
func (rw *rewriter) inner(i, end int) string {
	if end <= i {
		return ""
	}
	var b strings.Builder
	rw.render(&b, i+1, end)
	return b.String()
}

func (rw *rewriter) figure(w *strings.Builder, t *Token, inner string, after int) {
	src := first(t.Named("src", "image", "image_path", "url", "path"), pathLike(t))
	if src == "" && t.Zola {
		src = imageArg(t)
	}
	if src == "" && strings.Contains(inner, "![") {
		rw.figureAround(w, t, inner, after)
		return
	}
	if src == "" {
		rw.problem(t, display(t)+" without src", "removed %s without an image source", display(t))
		return
	}
	caption := oneLine(first(t.Named("caption"), inner))
	title := oneLine(t.Named("title"))
	alt := first(t.Named("alt"), title, plain(caption))
	img := "![" + escapeText(alt) + "](" + destination(src) + ")"
	if link := t.Named("link"); link != "" {
		img = "[" + img + "](" + destination(link) + ")"
	}
	lines := []string{img}
	var parts []string
	for _, s := range []string{title, caption, oneLine(t.Named("attr"))} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) > 0 {
		lines = append(lines, "", "*"+strings.Join(parts, " — ")+"*")
	}
	rw.block(w, t, after, lines)
}

// figureAround writes a figure whose images are its content, as Jekyll
// themes' {% figure caption:"…" %}![…](…){% endfigure %} has it: the
// images, then the caption in the paragraph after them, which markup reads
// as a figure's caption.
func (rw *rewriter) figureAround(w *strings.Builder, t *Token, inner string, after int) {
	prefix, _ := rw.linePrefix(t.Start)
	var lines []string
	for _, l := range strings.Split(strings.Trim(inner, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, prefix))
	}
	if caption := oneLine(first(t.Named("caption"), t.Named("title"))); caption != "" {
		lines = append(lines, "", "*"+caption+"*")
	}
	rw.block(w, t, after, lines)
}

// code writes the content of a paired tag as a fenced code block in lang,
// or when lang is "" in the language the tag names.
func (rw *rewriter) code(w *strings.Builder, t *Token, i, end int, lang string) {
	if end <= i {
		rw.problem(t, "", "%s is never closed (no %s); it is left out", display(t), closing(t))
		return
	}
	prefix, _ := rw.linePrefix(t.Start)
	body := string(rw.src[t.End:rw.toks[end].Start])
	if t.Kind == Tag && !t.Zola && rawMarker.MatchString(body) {
		// Liquid runs inside Jekyll's highlight block: a raw block in it
		// shows its content, and the code's blank first lines go, as
		// Jekyll strips the block.
		body = rawMarker.ReplaceAllString(body, "$1")
		for {
			line, rest, ok := strings.Cut(body, "\n")
			if !ok || strings.TrimSpace(line) != "" {
				break
			}
			body = rest
		}
		body = "\n" + body
	}
	lines := strings.Split(body, "\n")
	// The rest of the opening tag's line and what precedes the closing
	// tag on its line are not code when blank.
	if len(lines) > 1 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	if n := len(lines); n > 1 && strings.Trim(lines[n-1], " \t>") == "" {
		lines = lines[:n-1]
	}
	for k, l := range lines {
		if l == strings.TrimRight(prefix, " \t") {
			l = ""
		}
		lines[k] = strings.TrimPrefix(l, prefix)
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	if lang == "" {
		lang = language(first(t.Named("lang", "language"), t.Positional(0)))
	}
	out := append([]string{fence + lang}, lines...)
	rw.block(w, t, rw.after(i, end), append(out, fence))
}

func (rw *rewriter) quote(w *strings.Builder, t *Token, r Rule, i, end int) {
	body := first(rw.inner(i, end), t.Named("content", "text", "body"))
	if end <= i && body == "" {
		rw.problem(t, "", "%s is never closed (no %s); it is left out", display(t), closing(t))
		return
	}
	label := first(r.Label, t.Named("title", "summary", "author", "cite"), t.Positional(1), t.Named("type", "kind", "color", "severity"), t.Positional(0), t.Name)
	lines := []string{"> **" + capitalize(oneLine(label)) + "**", ">"}
	prefix, _ := rw.linePrefix(t.Start)
	for _, l := range strings.Split(strings.Trim(body, "\n"), "\n") {
		l = strings.TrimPrefix(l, prefix)
		if strings.TrimSpace(l) == "" {
			lines = append(lines, ">")
			continue
		}
		lines = append(lines, "> "+l)
	}
	rw.block(w, t, rw.after(i, end), lines)
}

func (rw *rewriter) link(w *strings.Builder, t *Token, r Rule, i, end int) {
	href := first(t.Named("url", "href", "link", "src"), t.Positional(0))
	if href == "" {
		rw.problem(t, display(t)+" without url", "removed %s without an address", display(t))
		return
	}
	label := first(r.Label, t.Named("title", "label", "text"), oneLine(rw.inner(i, end)), href)
	w.WriteString("[" + escapeText(label) + "](" + destination(href) + ")")
}

// ref writes the destination of a link to another post: the path a Hugo
// ref names (e.g. "posts/foo.md#part"), or the slug of a Jekyll post_url
// (2010-07-21-name → "name"), for the links between posts to match.
func (rw *rewriter) ref(w *strings.Builder, t *Token, as string) {
	target := first(t.Named("path", "page"), t.Positional(0))
	if target == "" {
		rw.problem(t, display(t)+" without target", "removed %s without a target", display(t))
		return
	}
	if as == "post_url" {
		target = postURLSlug(target)
	}
	w.WriteString(strings.ReplaceAll(target, " ", "%20"))
}

var datePrefix = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}-`)

func postURLSlug(s string) string {
	s = s[strings.LastIndex(s, "/")+1:]
	for _, ext := range []string{".md", ".markdown", ".html"} {
		s = strings.TrimSuffix(s, ext)
	}
	return datePrefix.ReplaceAllString(s, "")
}

func (rw *rewriter) param(w *strings.Builder, t *Token) {
	name := first(t.Named("name"), t.Positional(0))
	path := strings.Split(name, ".")
	if v, ok := lookup(rw.opts.Page, path); ok {
		w.WriteString(v)
		return
	}
	if v, ok := lookup(rw.opts.Site, append([]string{"params"}, path...)); ok {
		w.WriteString(v)
		return
	}
	rw.problem(t, "param "+name, "removed %s for %q: neither the post's front matter nor site.params in the book file sets it", display(t), name)
}

func (rw *rewriter) embed(w *strings.Builder, t *Token, kind string) {
	href, label := embedLink(t, kind)
	if href == "" {
		rw.problem(t, display(t)+" without id", "removed %s: no id or address to link to", display(t))
		return
	}
	w.WriteString("[" + escapeText(label) + "](" + destination(href) + ")")
}

// media writes a video or a sound a book cannot play as a link to its
// file, labelled with its caption.
func (rw *rewriter) media(w *strings.Builder, t *Token) {
	// Minimal Mistakes' {% include video id="…" provider="youtube" %}.
	switch provider := strings.ToLower(t.Named("provider")); provider {
	case "youtube", "vimeo":
		rw.embed(w, t, provider)
		return
	case "google-drive", "bilibili":
		if id := t.Named("id"); id != "" {
			href, label := "https://drive.google.com/file/d/"+url.PathEscape(id)+"/view", "Video on Google Drive"
			if provider == "bilibili" {
				href, label = "https://www.bilibili.com/video/"+url.PathEscape(id), "Video on Bilibili"
			}
			w.WriteString("[" + escapeText(label+": "+id) + "](" + destination(href) + ")")
			return
		}
	}
	href := first(t.Named("src", t.Name, "url", "file", "mp4", "webm", "mp3"), t.Positional(0))
	if href == "" {
		rw.problem(t, display(t)+" without src", "removed %s without a file", display(t))
		return
	}
	label := capitalize(t.Name) + ": " + first(oneLine(t.Named("caption", "title", "alt")), path.Base(strings.SplitN(href, "?", 2)[0]))
	w.WriteString("[" + escapeText(label) + "](" + destination(href) + ")")
}

// block writes lines as Markdown blocks where the tag stood: on a line of
// their own, indented as the tag was (in a list item or a block quote), and
// apart from the paragraphs around them.
func (rw *rewriter) block(w *strings.Builder, t *Token, after int, lines []string) {
	prefix, atStart := rw.linePrefix(t.Start)
	blankPrefix := strings.TrimRight(prefix, " \t")
	if !atStart {
		w.WriteString("\n\n")
		prefix, blankPrefix = "", ""
	} else if before := strings.TrimSuffix(w.String(), prefix); before != "" {
		prev := before[strings.LastIndex(before[:len(before)-1], "\n")+1:]
		if strings.Trim(prev, " \t>\n") != "" {
			w.WriteString("\n" + prefix)
		}
	}
	for k, l := range lines {
		if k > 0 {
			if l == "" {
				w.WriteString("\n" + blankPrefix)
			} else {
				w.WriteString("\n" + prefix)
			}
		}
		w.WriteString(l)
	}
	w.WriteString("\n" + blankPrefix)
	if after < len(rw.src) && rw.src[after] != '\n' {
		w.WriteString("\n")
	}
}

// after is where the text after toks[i], or after its closing tag, starts.
func (rw *rewriter) after(i, end int) int {
	if end > i {
		return rw.toks[end].End
	}
	return rw.toks[i].End
}

// linePrefix returns what comes before off on its line when that is only
// indentation and block quote marks.
func (rw *rewriter) linePrefix(off int) (string, bool) {
	start := bytes.LastIndexByte(rw.src[:off], '\n') + 1
	prefix := string(rw.src[start:off])
	if strings.Trim(prefix, " \t>") != "" {
		return "", false
	}
	return prefix, true
}

// rawMarker is a Liquid raw block, whose content (group 1) is shown as
// written, even a {% raw %} of its own, or a lone raw or endraw marker.
var rawMarker = regexp.MustCompile(`\{%-?\s*raw\s*-?%\}((?s:.*?))\{%-?\s*endraw\s*-?%\}|\{%-?\s*(?:end)?raw\s*-?%\}`)

var codeEscapes = strings.NewReplacer("{{</*", "{{<", "*/>}}", ">}}", "{{%/*", "{{%", "*/%}}", "%}}")

// zolaEscape is a Zola shortcode call escaped from being run: {{/* name(…) */}},
// {%/* name(…) */%} or {%/* end */%}; Zola writes it without the /* and
// */ wherever it is, as in its content grammar, where a call's strings
// may run over lines.
var zolaEscape = regexp.MustCompile(`\{([{%])/\*(\s*(?:end|[A-Za-z_][A-Za-z0-9_]*\((?:"[^"]*"|'[^']*'|` + "`[^`]*`" + `|[^)"'` + "`" + `])*\))\s*)\*/([}%])\}`)

// unescapeCode shows code as the blog showed it: Liquid's raw markers and
// Hugo's comment escapes (and on a Zola site Zola's) were there to keep
// the code from being run.
func unescapeCode(s string, zola bool) string {
	s = codeEscapes.Replace(rawMarker.ReplaceAllString(s, "$1"))
	if zola && strings.Contains(s, "/*") {
		s = zolaEscape.ReplaceAllStringFunc(s, func(m string) string {
			sub := zolaEscape.FindStringSubmatch(m)
			if sub[1] == "{" && sub[3] != "}" || sub[1] == "%" && sub[3] != "%" {
				return m
			}
			return "{" + sub[1] + sub[2] + sub[3] + "}"
		})
	}
	return s
}

func delimiters(k Kind) (open, end string) {
	switch k {
	case Shortcode:
		return "{{<", ">}}"
	case MarkdownShortcode:
		return "{{%", "%}}"
	case Tag:
		return "{%", "%}"
	default:
		return "{{", "}}"
	}
}

// display names a tag as a blogger writes it, e.g. {{< figure >}}.
func display(t *Token) string {
	open, end := delimiters(t.Kind)
	if t.Zola {
		return open + " " + t.Name + "() " + end
	}
	if t.Kind == Output {
		return open + " " + t.Expr + " " + end
	}
	return open + " " + t.Name + " " + end
}

func closing(t *Token) string {
	open, end := delimiters(t.Kind)
	if t.Zola {
		return "{% end %}"
	}
	if t.Kind == Tag {
		return open + " end" + t.Name + " " + end
	}
	return open + " /" + t.Name + " " + end
}

func first(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// imageArg returns the value of a named argument of t that is an image
// file.
func imageArg(t *Token) string {
	for _, a := range t.Args {
		switch strings.ToLower(path.Ext(strings.SplitN(a.Value, "?", 2)[0])) {
		case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif":
			if a.Name != "" && a.Name != "link" && a.Name != "href" {
				return a.Value
			}
		}
	}
	return ""
}

// pathLike returns the first positional argument that looks like a file or
// an address, as Octopress's {% img [class] /path [w h] ["title"] %} has it.
func pathLike(t *Token) string {
	for i := 0; ; i++ {
		p := t.Positional(i)
		if p == "" {
			return ""
		}
		if strings.ContainsAny(p, "/.") {
			return p
		}
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var markupChars = strings.NewReplacer("*", "", "_", "", "`", "", "[", "", "]", "")

// plain strips the commonest Markdown marks, for an alt text.
func plain(s string) string { return oneLine(markupChars.Replace(s)) }

var textEscapes = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`)

func escapeText(s string) string { return textEscapes.Replace(oneLine(s)) }

// destination writes a link destination CommonMark reads whole, spaces and
// parentheses included.
func destination(href string) string {
	href = strings.NewReplacer("<", "%3C", ">", "%3E", "\n", "", "\r", "").Replace(strings.TrimSpace(href))
	return "<" + href + ">"
}

func longestRun(s string, c rune) int {
	best, n := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// language keeps what a fence's info string may hold.
func language(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("+#._-", r) {
			return r
		}
		return -1
	}, s)
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
