package dialect

import (
	"strings"
)

// lineMark stands, in the rewritten body, on the line of a tag that left
// nothing there (a removed {% for %}, {% endif %}, {% include %}), until
// collapseMarks decides what the line becomes.
const lineMark = '\x00'

// mark leaves lineMark where t stood when t was alone on its line.
func (rw *rewriter) mark(w *strings.Builder, t *Token) {
	if !rw.marks {
		return
	}
	prefix, atStart := rw.linePrefix(t.Start)
	if !atStart || strings.Contains(prefix, ">") {
		return
	}
	rest := rw.src[t.End:]
	if i := strings.IndexByte(string(rest), '\n'); i >= 0 {
		rest = rest[:i]
	}
	if strings.TrimSpace(string(rest)) != "" && !isTagOnly(rest) {
		return
	}
	w.WriteByte(lineMark)
}

// isTagOnly reports whether the rest of a line is only tags and blanks, as
// in "{% endfor %} {% endif %}": the tags there mark the line themselves.
func isTagOnly(rest []byte) bool {
	s := strings.TrimSpace(string(rest))
	for s != "" {
		if !strings.HasPrefix(s, "{%") && !strings.HasPrefix(s, "{{") {
			return false
		}
		end := strings.Index(s, "%}")
		if strings.HasPrefix(s, "{{") {
			end = strings.Index(s, "}}")
		}
		if end < 0 {
			return false
		}
		s = strings.TrimSpace(s[end+2:])
	}
	return true
}

// collapseMarks gives each line a removed tag left its final form. Inside
// raw HTML (an HTML line before it and after it) the line goes: a blank
// line there would end the HTML block, and a list or table would be cut in
// two. Elsewhere it stays, blank, as the generator leaves it.
func collapseMarks(s string) string {
	if strings.IndexByte(s, lineMark) < 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	marked := func(l string) bool {
		return strings.IndexByte(l, lineMark) >= 0 && strings.Trim(l, " \t\x00") == ""
	}
	html := func(k, step int) bool {
		for ; k >= 0 && k < len(lines); k += step {
			if marked(lines[k]) {
				continue
			}
			return strings.HasPrefix(strings.TrimSpace(lines[k]), "<")
		}
		return false
	}
	out := lines[:0]
	for k, l := range lines {
		if marked(l) {
			if html(k-1, -1) && html(k+1, 1) {
				continue
			}
			out = append(out, "")
			continue
		}
		out = append(out, strings.ReplaceAll(l, string(lineMark), ""))
	}
	return strings.Join(out, "\n")
}
