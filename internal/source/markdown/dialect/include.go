package dialect

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
)

// A Jekyll post may take its text from a file of the site: an include of
// Markdown (a post kept as _includes/posts/x/zh.md, for a theme's layout
// to wrap), often captured into a variable first and written out with
// markdownify. That text is the post's, so it is read where the tag
// stands, its own tags rewritten too; an HTML include is the site's
// template, which the book does not run.

// maxIncludeDepth bounds includes within includes.
const maxIncludeDepth = 8

// textInclude reports whether an included file is text: Markdown or
// plain text, not a template.
func textInclude(file string) bool {
	switch strings.ToLower(path.Ext(file)) {
	case ".md", ".markdown", ".txt":
		return true
	}
	return false
}

// include writes the text of a Markdown or text file t includes, read with
// opts.Include and rewritten; it reports false when t includes no such
// file, or when the book is read without the site's files.
func (rw *rewriter) include(w *strings.Builder, t *Token, after int) bool {
	file := t.Positional(0)
	if rw.opts.Include == nil || !textInclude(file) || strings.Contains(file, "{{") {
		return false
	}
	relative := t.Name == "include_relative"
	key := path.Clean("/" + file)
	if relative {
		key = "./" + key
	}
	rw.mark(w, t)
	switch {
	case slices.Contains(rw.opts.included, key):
		rw.problem(t, "", "removed %s of %q: it includes itself", display(t), file)
		return true
	case len(rw.opts.included) >= maxIncludeDepth:
		rw.problem(t, "", "removed %s of %q: includes are nested more than %d deep", display(t), file, maxIncludeDepth)
		return true
	}
	data, err := rw.opts.Include(file, relative)
	if err != nil {
		rw.problem(t, display(t)+" "+file, "removed %s of %q: %v", display(t), file, err)
		return true
	}
	data = bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	sub := rw.opts
	sub.included = append(slices.Clone(rw.opts.included), key)
	var problems []Problem
	if bytes.Contains(data, []byte("{{")) || bytes.Contains(data, []byte("{%")) {
		data, problems = rewriteTags(data, sub)
	}
	for _, pr := range problems {
		// told at the include's line, naming the file it is in
		pr.Line, pr.at = t.Line, t.Start
		pr.Msg = "in " + file + ": " + pr.Msg
		rw.problems = append(rw.problems, pr)
	}
	rw.text(w, t, after, string(data))
	return true
}

// capture keeps the rendered content of {% capture name %}…{% endcapture %}
// for the {{ name }} that writes it out.
func (rw *rewriter) capture(w *strings.Builder, t *Token, i, end int) {
	name := t.Positional(0)
	if end <= i || name == "" {
		rw.problem(t, "", "%s is never closed (no %s); it is left out", display(t), closing(t))
		return
	}
	if rw.vars == nil {
		rw.vars = map[string]string{}
	}
	rw.vars[name] = rw.inner(i, end)
	rw.mark(w, t)
	rw.mark(w, &rw.toks[end])
}

// writeOutput writes the value of an output tag; a captured text as the
// text it is.
func (rw *rewriter) writeOutput(w *strings.Builder, t *Token) {
	v := rw.output(t)
	head := strings.TrimSpace(splitOutside(t.Expr, '|')[0])
	if _, captured := rw.vars[head]; captured {
		rw.text(w, t, t.End, v)
		return
	}
	w.WriteString(v)
}

// text writes text a tag stands for: in its sentence when it is one line,
// else as blocks of their own, out of the indentation of the HTML around
// the tag (which would make them code), in a block quote kept in it.
func (rw *rewriter) text(w *strings.Builder, t *Token, after int, s string) {
	s = strings.Trim(s, "\n")
	if !strings.Contains(s, "\n") {
		w.WriteString(s)
		return
	}
	if prefix, _ := rw.linePrefix(t.Start); strings.Contains(prefix, ">") {
		rw.block(w, t, after, strings.Split(s, "\n"))
		return
	}
	w.WriteString("\n\n" + s + "\n\n")
}

// language is the template language of the post's tags, for messages.
func (rw *rewriter) language() string {
	if rw.opts.Language != "" {
		return rw.opts.Language
	}
	return "Liquid"
}

// assign keeps the value {% assign name = "value" %} (Liquid) or {% set
// name = "value" %} (Nunjucks) gives a variable, for the {{ name }} and
// the includes after it; {% set name %}…{% endset %} keeps its content,
// as a capture does. A value a book cannot work out (an expression, a
// filter) is removed with a warning naming it, and the variable is then
// unset.
func (rw *rewriter) assign(w *strings.Builder, t *Token, i, end int) {
	rw.mark(w, t)
	if t.Kind.Hugo() {
		rw.problem(t, display(t), "removed unknown shortcode %s", display(t))
		return
	}
	if rw.vars == nil {
		rw.vars = map[string]string{}
	}
	name, expr, isValue := strings.Cut(t.Expr, "=")
	name = strings.TrimSpace(name)
	if end > i && !isValue {
		inner := rw.inner(i, end)
		rw.vars[name] = inner
		if !rw.printedAfter(name, end) {
			// Only the site's templates show it ({% set css %}…{% endset
			// %}, then an include of a snippet template): the book, which
			// has no templates, shows it where it is written.
			w.WriteString(inner)
		}
		rw.mark(w, &rw.toks[end])
		return
	}
	expr = strings.TrimSpace(expr)
	v, ok := rw.value(expr)
	if !ok && numberLiteral.MatchString(expr) {
		v, ok = expr, true
	}
	if !isValue || !varPath.MatchString(name) || strings.Contains(name, ".") || !ok {
		delete(rw.vars, name)
		rw.problem(t, display(t), "removed {%% %s %s %%}: a value the book cannot work out", t.Name, oneLine(strings.TrimSpace(t.Expr)))
		return
	}
	rw.vars[name] = v
}

// printedAfter reports whether an output after token end prints the
// variable name ({{ name }}, {{ name | safe }}).
func (rw *rewriter) printedAfter(name string, end int) bool {
	for _, t := range rw.toks[end+1:] {
		if t.Kind != Output {
			continue
		}
		v, _, _ := strings.Cut(t.Expr, "|")
		if strings.TrimSpace(v) == name {
			return true
		}
	}
	return false
}

var numberLiteral = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

// embedInclude writes the player a template include draws from variables
// set before it ({% set videoId = "…" %}{% include 'youtube.njk' %}) as
// the link {% youtube id %} makes: the id is the variable named id or
// ending in Id (videoId, youtube_id), the title one ending in title. It
// reports false when inc, the tag the include stands for, is no player, or
// the include gives its own arguments.
func (rw *rewriter) embedInclude(w *strings.Builder, t, inc *Token) bool {
	switch r, _ := rw.meaning(inc.Name); r.As {
	case "youtube", "vimeo":
	default:
		return false
	}
	if len(inc.Args) > 0 {
		return false
	}
	var idName, titleName string
	for name := range rw.vars {
		lower := strings.ToLower(name)
		switch {
		case (lower == "id" || strings.HasSuffix(name, "Id") || strings.HasSuffix(name, "ID") || strings.HasSuffix(lower, "_id")) && (idName == "" || name < idName):
			idName = name
		case (lower == "title" || strings.HasSuffix(name, "Title") || strings.HasSuffix(lower, "_title")) && (titleName == "" || name < titleName):
			titleName = name
		}
	}
	file := t.Positional(0)
	if idName == "" {
		rw.problem(t, display(t)+" "+file, "removed %s of %q: no video id set before it ({%% set videoId = \"…\" %%}) to link to", display(t), file)
		rw.mark(w, t)
		return true
	}
	inc.Args = []Arg{{Name: "id", Value: strings.TrimSpace(rw.vars[idName])}}
	if titleName != "" {
		inc.Args = append(inc.Args, Arg{Name: "title", Value: rw.vars[titleName]})
	}
	return false
}
