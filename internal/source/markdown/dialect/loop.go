package dialect

import (
	"fmt"
	"regexp"
	"strings"
)

// forIn is a for tag's words that a book can run: {% for x in list %},
// and Liquid's reversed.
var forIn = regexp.MustCompile(`^([A-Za-z_]\w*)\s+in\s+([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)(\s+reversed)?$`)

// Bounds of a loop written out: a post's list of pictures is a few
// dozen items, not a data set.
const (
	maxLoopItems = 1000
	maxLoopBytes = 1 << 20
)

// loop writes out {% for x in list %}…{% endfor %} (toks[i], closed by
// toks[end]) once for each item of a list the post's data holds (its
// front matter, or an Eleventy site's data files), when its body only
// shows the items: text and output markup, nothing that decides or
// computes. Any other loop is removed, with a warning that says why; it
// reports whether it wrote the loop out.
func (rw *rewriter) loop(w *strings.Builder, i, end int) bool {
	t := &rw.toks[i]
	m := forIn.FindStringSubmatch(strings.TrimSpace(t.Expr))
	var list []any
	found := false
	if m != nil && t.Name == "for" && end > i {
		var v any
		if v, found = rw.raw(strings.Split(m[2], ".")); found {
			list, found = v.([]any)
		}
	}
	if !found {
		rw.problem(t, display(t), "removed %s loop: the book has no data for it to run over", display(t))
		return false
	}
	why := ""
	for k := i + 1; k < end && why == ""; k++ {
		b := &rw.toks[k]
		switch {
		case b.Kind == Text:
		case b.Kind == Output && !b.Zola && !b.Unterminated && !b.Escaped:
		default:
			why = "its body does more than show each item (" + display(b) + "), which a book does not run"
		}
	}
	body := rw.toks[end].Start - t.End
	switch {
	case why != "":
	case len(list) > maxLoopItems:
		why = fmt.Sprintf("its list has more than %d items", maxLoopItems)
	case body*len(list) > maxLoopBytes:
		why = fmt.Sprintf("it would write more than %d KB", maxLoopBytes>>10)
	}
	if why != "" {
		rw.problem(t, display(t)+" over data", "removed %s loop over %s: %s", display(t), m[2], why)
		return false
	}
	if m[3] != "" {
		reversed := make([]any, len(list))
		for k, v := range list {
			reversed[len(list)-1-k] = v
		}
		list = reversed
	}
	name := m[1]
	saved, had := rw.scope[name]
	if rw.scope == nil {
		rw.scope = map[string]any{}
	}
	rw.mark(w, t)
	for _, item := range list {
		rw.scope[name] = item
		rw.render(w, i+1, end)
	}
	rw.mark(w, &rw.toks[end])
	if had {
		rw.scope[name] = saved
	} else {
		delete(rw.scope, name)
	}
	return true
}

// Expand evaluates the output markup of a value the site writes with
// them, such as an Eleventy permalink ("blog/{{ page.fileSlug }}/"), as
// Rewrite would in a post. ok is false when it holds a tag, or a variable
// or filter the book cannot evaluate.
func Expand(s string, opts Options) (string, bool) {
	if !strings.Contains(s, "{{") && !strings.Contains(s, "{%") {
		return s, true
	}
	rw := &rewriter{src: []byte(s), opts: opts}
	rw.toks = Tokenize(rw.src, rw.literal)
	var b strings.Builder
	for k := range rw.toks {
		t := &rw.toks[k]
		switch {
		case t.Kind == Text:
			b.Write(rw.src[t.Start:t.End])
		case t.Kind == Output && !t.Zola && !t.Unterminated && !t.Escaped:
			for _, f := range splitOutside(t.Expr, '|')[1:] {
				name, _, _ := strings.Cut(strings.TrimSpace(f), ":")
				if !exactFilters[strings.TrimSpace(name)] {
					return "", false
				}
			}
			b.WriteString(rw.output(t))
		default:
			return "", false
		}
	}
	out := b.String()
	return out, len(rw.problems) == 0 && !strings.Contains(out, "{{") && !strings.Contains(out, "{%")
}

// exactFilters are the filters whose value a book computes as the site
// did: an address made with another (date: "%Y") is not guessed at.
var exactFilters = map[string]bool{
	"slugify": true, "slug": true, "downcase": true, "lower": true, "upcase": true, "upper": true,
	"strip": true, "trim": true, "safe": true, "url": true, "default": true,
}
