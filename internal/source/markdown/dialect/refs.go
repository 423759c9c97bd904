package dialect

import (
	"bytes"
	"regexp"
	"sort"
	"strings"
)

var (
	refUse = regexp.MustCompile(`\[([^\[\]\n]+)\]\[([^\[\]\n]*)\]`)
	refDef = regexp.MustCompile(`(?m)^ {0,3}\[([^\[\]\n]+)\]:[ \t]*(\S*)[^\n]*(?:\n|$)`)
)

// settleRefs mends the reference links a post's templates made: a
// definition whose address was a template value the book does not have
// ("[#1037]: {{ site.repo }}/issues/1037" gone empty, or definitions a
// Liquid loop wrote) is removed, and a reference to a label nothing
// defines ("([#1037][])") keeps its text without the brackets, rather than
// printing them. Code is left as written.
func settleRefs(md []byte) []byte {
	if !bytes.Contains(md, []byte("][")) && !bytes.Contains(md, []byte("]:")) {
		return md
	}
	code := codeRanges(md)
	inCode := func(at int) bool {
		k := sort.Search(len(code), func(k int) bool { return code[k].end > at })
		return k < len(code) && code[k].start <= at
	}
	type edit struct {
		start, end int
		with       string
	}
	var edits []edit
	defined := map[string]bool{}
	for _, m := range refDef.FindAllSubmatchIndex(md, -1) {
		if inCode(m[0]) {
			continue
		}
		label := refLabel(string(md[m[2]:m[3]]))
		if m[5] > m[4] {
			defined[label] = true
			continue
		}
		if addressOnNextLine(md[m[1]:]) {
			defined[label] = true
			continue
		}
		edits = append(edits, edit{m[0], m[1], ""})
	}
	for _, m := range refUse.FindAllSubmatchIndex(md, -1) {
		if inCode(m[0]) || (m[0] > 0 && md[m[0]-1] == '!') {
			continue
		}
		text := string(md[m[2]:m[3]])
		label := text
		if m[5] > m[4] {
			label = string(md[m[4]:m[5]])
		}
		if !defined[refLabel(label)] {
			edits = append(edits, edit{m[0], m[1], text})
		}
	}
	if len(edits) == 0 {
		return md
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		out.Write(md[at:e.start])
		out.WriteString(e.with)
		at = e.end
	}
	out.Write(md[at:])
	return out.Bytes()
}

// addressOnNextLine reports whether the text after a definition with no
// address on its line starts with one, as CommonMark allows.
func addressOnNextLine(next []byte) bool {
	if i := bytes.IndexByte(next, '\n'); i >= 0 {
		next = next[:i]
	}
	line := bytes.TrimSpace(next)
	return len(line) > 0 && !refDef.Match(next)
}

// refLabel matches labels as CommonMark does: case and runs of spaces make
// no difference.
func refLabel(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
