package dialect

import (
	"regexp"
	"sort"
	"strings"
)

// Kramdown, Jekyll's Markdown, reads markup that CommonMark prints as text:
// inline attribute lists ({: .class #id key="v"}) after a block or right
// after a span, attribute list definitions ({:name: .class}), and
// extensions ({::comment}…{:/comment}, {::nomarkdown}…{:/}, {::options /}).
// Hugo's Markdown reads the same lists without the colon ({.class #id})
// on the line after a block. A book has no use for classes or options; an
// id is kept where links may point at it.

// ialAttrs is the inside of an attribute list: ids, classes, key=value
// pairs (a value may escape its quote: file='\'x\' y') and references to
// definitions, such as toc. A key may open with
// a colon ({:target="_blank" :rel="noopener"}), which kramdown reads
// past as it reads any list.
const ialAttrs = `(?:\s*(?:[#.][\w-]+|:?[A-Za-z_][\w-]*=(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|[A-Za-z_][\w-]*))+\s*`

// hugoList is an attribute list as Hugo writes it: no colon, and no
// references, so that a word in braces is not taken for one.
const hugoList = `\{(?:\s*(?:[#.][\w-]+|[A-Za-z_][\w-]*=(?:"[^"\n]*"|'[^'\n]*')))+\s*\}`

var (
	ialPattern  = regexp.MustCompile(`\{:` + ialAttrs + `\}`)
	hugoPattern = regexp.MustCompile(hugoList)
	hugoLineAt  = regexp.MustCompile(`^[ \t>]*` + hugoList + `[ \t]*(?:\n|$)`) // at a line's start
	aldPattern  = regexp.MustCompile(`(?m)^[ ]{0,3}\{:[A-Za-z_][\w-]*:` + ialAttrs + `\}[ \t]*$`)
	extOpen     = regexp.MustCompile(`\{::([A-Za-z]+)(?:` + ialAttrs + `|\s*)(/?)\}`)
	extClose    = regexp.MustCompile(`\{:/([A-Za-z]+)?\}`)
	ialWord     = regexp.MustCompile(`[#.]?[\w-]+(?:=(?:"[^"\n]*"|'[^'\n]*'))?`)
	atxHeading  = regexp.MustCompile(`^ {0,3}#{1,6}(?:[ \t]|$)`)
	setextLine  = regexp.MustCompile(`^ {0,3}(?:=+|-+)[ \t]*$`)
	listItem    = regexp.MustCompile(`^[ \t>]*(?:[*+-]|\d{1,9}[.)])(?:[ \t]|$)`)
	idCharsOnly = regexp.MustCompile(`^[A-Za-z][\w:.-]*$`)
)

// edit replaces src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// kramdown removes kramdown's attribute lists and extensions from a body,
// outside code, giving an id to the element it named where it can.
func kramdown(src []byte) []byte {
	s := string(src)
	if !strings.Contains(s, "{:") && !hasHugoLine(s) {
		return src // most bodies: no need to find their code
	}
	masked := maskCode(src)
	k := &kramdownPass{s: s, masked: masked}
	k.extensions()
	k.definitions()
	k.attributeLists()
	return []byte(k.apply())
}

// hasHugoLine reports whether a line of s starts (after quote marks and
// blanks) a Hugo attribute list that ends it. The list is tried only
// where a line holds a brace after nothing else: one pattern over every
// line of every post took a tenth of reading a blog.
func hasHugoLine(s string) bool {
	for i := 0; ; {
		j := strings.IndexByte(s[i:], '{')
		if j < 0 {
			return false
		}
		j += i
		start := strings.LastIndexByte(s[:j], '\n') + 1
		if strings.Trim(s[start:j], " \t>") == "" && hugoLineAt.MatchString(s[start:]) {
			return true
		}
		i = j + 1
	}
}

type kramdownPass struct {
	s, masked string
	edits     []edit
}

// maskCode returns src with the bytes of its code spans and blocks, new
// lines excepted, turned into NUL, which no pattern of this file matches.
func maskCode(src []byte) string {
	b := []byte(string(src))
	for _, c := range codeRanges(src) {
		for i := c.start; i < c.end; i++ {
			if b[i] != '\n' {
				b[i] = 0
			}
		}
	}
	return string(b)
}

func (k *kramdownPass) add(start, end int, text string) {
	k.edits = append(k.edits, edit{start, end, text})
}

// taken reports whether [start, end) overlaps an edit already made.
func (k *kramdownPass) taken(start, end int) bool {
	for _, e := range k.edits {
		if start < e.end && e.start < end || start == e.start && end == e.end {
			return true
		}
	}
	return false
}

func (k *kramdownPass) escaped(at int) bool {
	n := 0
	for i := at - 1; i >= 0 && k.s[i] == '\\'; i-- {
		n++
	}
	return n%2 == 1
}

// extensions removes {::options /} and the other self-closing extensions,
// comments with what they hold, and the markers of {::nomarkdown}, whose
// HTML is kept for the Markdown reader to take as raw HTML.
func (k *kramdownPass) extensions() {
	for _, m := range extOpen.FindAllStringSubmatchIndex(k.masked, -1) {
		start, end := m[0], m[1]
		if k.escaped(start) || k.taken(start, end) {
			continue
		}
		name := k.s[m[2]:m[3]]
		if m[5] > m[4] || name != "comment" {
			k.removeTag(start, end)
			continue
		}
		closeAt := -1
		for _, c := range extClose.FindAllStringSubmatchIndex(k.masked[end:], -1) {
			if c[2] < 0 || k.s[end+c[2]:end+c[3]] == "comment" {
				closeAt = end + c[1]
				break
			}
		}
		if closeAt < 0 {
			k.removeTag(start, end)
			continue
		}
		k.removeTag(start, closeAt)
	}
	for _, m := range extClose.FindAllStringIndex(k.masked, -1) {
		if !k.escaped(m[0]) && !k.taken(m[0], m[1]) {
			k.removeTag(m[0], m[1])
		}
	}
}

// removeTag removes src[start:end], with its line when nothing else is on
// it.
func (k *kramdownPass) removeTag(start, end int) {
	if ls, le, ok := k.alone(start, end); ok {
		k.add(ls, le, "")
		return
	}
	k.add(start, end, "")
}

// alone reports whether src[start:end] stands alone on its lines, but for
// indentation and block quote marks, and returns those lines with their
// final new line.
func (k *kramdownPass) alone(start, end int) (ls, le int, ok bool) {
	ls = strings.LastIndexByte(k.s[:start], '\n') + 1
	le = len(k.s)
	if i := strings.IndexByte(k.s[end:], '\n'); i >= 0 {
		le = end + i + 1
	}
	if strings.Trim(k.masked[ls:start], " \t>") != "" || strings.TrimSpace(k.masked[end:le]) != "" {
		return 0, 0, false
	}
	return ls, le, true
}

// definitions removes attribute list definitions ({:name: .class}): they
// only name classes for attribute lists to use.
func (k *kramdownPass) definitions() {
	for _, m := range aldPattern.FindAllStringIndex(k.masked, -1) {
		if !k.taken(m[0], m[1]) {
			k.removeTag(m[0], m[1])
		}
	}
}

// attributeLists removes each attribute list. One alone on its line
// applies to the block before it (or after it); an id goes to a heading
// as goldmark's {#id}, elsewhere to an anchor where the list stood. A
// {:toc} list stands for the table of contents kramdown writes in place of
// the list it follows, which goes with it.
func (k *kramdownPass) attributeLists() {
	for _, m := range ialPattern.FindAllStringIndex(k.masked, -1) {
		k.attributeList(m[0], m[1], k.s[m[0]+2:m[1]-1], true)
	}
	for _, m := range hugoPattern.FindAllStringIndex(k.masked, -1) {
		k.attributeList(m[0], m[1], k.s[m[0]+1:m[1]-1], false)
	}
}

// attributeList removes the list src[start:end] holding attrs; span says
// whether it may follow a span, as kramdown's may, rather than only stand
// on a line of its own, as Hugo's must.
func (k *kramdownPass) attributeList(start, end int, attrs string, span bool) {
	if k.escaped(start) || k.taken(start, end) {
		return
	}
	id, toc := ialMeaning(attrs)
	ls, le, block := k.alone(start, end)
	switch {
	case !block && span:
		k.add(start, end, anchor(id))
		return
	case !block:
		return
	}
	if toc {
		k.removeListBefore(ls)
	}
	if id != "" && k.headingID(ls, le, id) {
		id = ""
	}
	text := ""
	if id != "" {
		text = k.s[ls:start] + anchor(id) + "\n"
	}
	k.add(ls, le, text)
}

// ialMeaning returns the id an attribute list sets and whether it asks for
// a table of contents.
func ialMeaning(attrs string) (id string, toc bool) {
	for _, w := range ialWord.FindAllString(attrs, -1) {
		switch {
		case strings.HasPrefix(w, "#"):
			if idCharsOnly.MatchString(w[1:]) {
				id = w[1:]
			}
		case w == "toc":
			toc = true
		}
	}
	return id, toc
}

func anchor(id string) string {
	if id == "" {
		return ""
	}
	return `<a id="` + id + `"></a>`
}

// headingID gives id to the ATX or setext heading just before the line
// [ls, le), or the ATX heading just after it, and reports whether there
// was one.
func (k *kramdownPass) headingID(ls, le int, id string) bool {
	prev := k.lineBefore(ls)
	if prev >= 0 {
		line := k.line(prev)
		if atxHeading.MatchString(line) && !strings.HasSuffix(strings.TrimSpace(line), "}") {
			k.appendTo(prev, id)
			return true
		}
		if setextLine.MatchString(line) {
			if text := k.lineBefore(prev); text >= 0 && strings.TrimSpace(k.line(text)) != "" && !strings.HasSuffix(strings.TrimSpace(k.line(text)), "}") {
				k.appendTo(text, id)
				return true
			}
		}
	}
	if le < len(k.s) {
		if line := k.line(le); atxHeading.MatchString(line) && !strings.HasSuffix(strings.TrimSpace(line), "}") {
			k.appendTo(le, id)
			return true
		}
	}
	return false
}

// lineBefore returns the start of the line before the one starting at ls,
// or -1.
func (k *kramdownPass) lineBefore(ls int) int {
	if ls == 0 {
		return -1
	}
	return strings.LastIndexByte(k.s[:ls-1], '\n') + 1
}

// line returns the line starting at ls, without its new line.
func (k *kramdownPass) line(ls int) string {
	line, _, _ := strings.Cut(k.s[ls:], "\n")
	return line
}

func (k *kramdownPass) appendTo(ls int, id string) {
	line := k.line(ls)
	at := ls + len(strings.TrimRight(line, " \t"))
	k.add(at, at, " {#"+id+"}")
}

// removeListBefore removes the list items whose lines run up to the line
// starting at ls, when a list item opens them.
func (k *kramdownPass) removeListBefore(ls int) {
	top := -1
	for l := k.lineBefore(ls); l >= 0; l = k.lineBefore(l) {
		line := k.masked[l : l+len(k.line(l))]
		if strings.TrimSpace(line) == "" {
			break
		}
		if listItem.MatchString(line) {
			top = l
		}
	}
	if top >= 0 && !k.taken(top, ls) {
		k.add(top, ls, "")
	}
}

// apply returns the body with the edits made.
func (k *kramdownPass) apply() string {
	sort.SliceStable(k.edits, func(i, j int) bool { return k.edits[i].start < k.edits[j].start })
	var b strings.Builder
	at := 0
	for _, e := range k.edits {
		if e.start < at {
			continue // overlaps an edit already made
		}
		b.WriteString(k.s[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(k.s[at:])
	return b.String()
}

// Kramdown reads the content of an HTML element that asks for it
// (<div class="notice" markdown="1">) as Markdown, where CommonMark keeps
// the lines up to the first blank one as raw HTML, their asterisks and
// brackets printed. markdownBlocks opens such elements: the lines of the
// opening and the closing tag become blank, so that what they hold is read
// as Markdown and the lines keep their numbers. A book has no use for the
// element's class; its id stays as an anchor.
var (
	markdownOpen = regexp.MustCompile(`^ {0,3}<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^>]*)?)>[ \t]*$`)
	markdownAttr = regexp.MustCompile(`(?:^|\s)markdown\s*=\s*(?:"(?:1|block|span)"|'(?:1|block|span)'|1|block|span)(?:\s|$)`)
	idAttr       = regexp.MustCompile(`(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	summaryLine  = regexp.MustCompile(`^\s*<summary[^>]*>.*</summary>\s*$`)
)

func markdownBlocks(src []byte) []byte {
	s := string(src)
	lines := strings.SplitAfter(s, "\n")
	masked := strings.SplitAfter(maskCode(src), "\n")
	changed := false
	for i, line := range masked {
		m := markdownOpen.FindStringSubmatch(strings.TrimRight(line, "\n"))
		if m == nil || !markdownAttr.MatchString(m[2]) {
			continue
		}
		end := closingLine(masked, i, m[1])
		if end < 0 {
			continue
		}
		changed = true
		open := ""
		if id := idAttr.FindStringSubmatch(m[2]); id != nil && idCharsOnly.MatchString(id[1]+id[2]) {
			open = anchor(id[1] + id[2])
		}
		lines[i] = open + "\n"
		lines[end] = "\n"
		// A summary alone on the line after would keep the next line in
		// its raw HTML.
		if next := i + 1; next < end-1 && summaryLine.MatchString(masked[next]) && strings.TrimSpace(masked[next+1]) != "" {
			lines[next] = strings.TrimRight(lines[next], "\n") + "\n\n"
		}
	}
	if !changed {
		return src
	}
	return []byte(strings.Join(lines, ""))
}

// closingLine returns the index of the line after lines[open] that closes
// the element name lines[open] opens, alone on its line, or -1 when it is
// closed elsewhere or never.
func closingLine(lines []string, open int, name string) int {
	opener := regexp.MustCompile(`(?i)<` + regexp.QuoteMeta(name) + `[\s>]`)
	closer := regexp.MustCompile(`(?i)</` + regexp.QuoteMeta(name) + `\s*>`)
	depth := 1
	for j := open + 1; j < len(lines); j++ {
		l := lines[j]
		opens, closes := len(opener.FindAllStringIndex(l, -1)), len(closer.FindAllStringIndex(l, -1))
		if depth+opens-closes > 0 {
			depth += opens - closes
			continue
		}
		if opens == 0 && closes == 1 && closer.ReplaceAllString(strings.TrimSpace(l), "") == "" {
			return j
		}
		return -1
	}
	return -1
}
