package pdf

import (
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
)

// parseMarkdown parses src as a post's body, as the pipeline would.
func parseMarkdown(t *testing.T, l *layouter, src []byte) ast.Node {
	t.Helper()
	p := &book.Post{ID: "p", Body: src}
	l.post, l.src = p, src
	return markup.Parse(p).Root
}

func TestHyphenationPoints(t *testing.T) {
	hy, err := hyphenators()
	if err != nil {
		t.Fatal(err)
	}
	c := &hyphenCache{langs: hy}
	tests := []struct{ lang, word, want string }{
		{"en", "hyphenation", "hy-phen-ation"},
		{"en", "typesetting", "type-set-ting"},
		{"en", "infrastructure", "in-fra-struc-ture"},
		{"en", "associate", "as-so-ciate"}, // from the exceptions file
		{"fr", "organisation", "or-ga-ni-sa-tion"},
		{"fr", "développement", "dé-ve-lop-pe-ment"},
		{"en", "the", "the"},                 // too short
		{"de", "Entwicklung", "Entwicklung"}, // no patterns: no break
		{"en", "co2e", "co2e"},               // not only letters
		{"en", strings.Repeat("hyphenation", 5) + "s", strings.Repeat("hy-phen-ation-", 4) + "hy-phen-ations"}, // long, but a word
		{"en", strings.Repeat("a", 65), strings.Repeat("a", 65)},                                               // too long
		{"en", strings.Repeat("hyphenation", 6), strings.Repeat("hyphenation", 6)},                             // too long
	}
	for _, tt := range tests {
		var b strings.Builder
		prev := 0
		for _, x := range c.breaks(tt.lang, tt.word) {
			b.WriteString(tt.word[prev:x] + "-")
			prev = x
		}
		b.WriteString(tt.word[prev:])
		if got := b.String(); got != tt.want {
			t.Errorf("%s %q: %q, want %q", tt.lang, tt.word, got, tt.want)
		}
	}
}

func TestLangKey(t *testing.T) {
	for in, want := range map[string]string{"": "en", "en": "en", "fr-FR": "fr", "FR": "fr", "en_GB": "en", "de": "de"} {
		if got := langKey(in); got != want {
			t.Errorf("langKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatchEmoji(t *testing.T) {
	cells, err := emojiCells()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   string
		key  string
		runs int
	}{
		{"🙂 )", "1f642", 1},
		{"😉", "1f609", 1},
		{"❤️ love", "2764", 2},                             // with the emoji selector
		{"👍🏽", "1f44d-1f3fd", 2},                           // skin tone
		{"🇫🇷🇩🇪", "1f1eb-1f1f7", 2},                         // one flag, then the next
		{"👨‍👩‍👧 family", "1f468-200d-1f469-200d-1f467", 5}, // ZWJ sequence
		{"#️⃣", "0023-20e3", 3},                            // keycap
		{"a", "", 0},
	}
	for _, tt := range tests {
		key, n := matchEmoji(cells, []rune(tt.in))
		if key != tt.key || n != tt.runs {
			t.Errorf("matchEmoji(%q) = %q, %d; want %q, %d", tt.in, key, n, tt.key, tt.runs)
		}
		if key != "" {
			if _, err := emojiPNG(key); err != nil {
				t.Errorf("emojiPNG(%q): %v", key, err)
			}
		}
	}
}

// TestEmojiSequencesDrawn lays out a paragraph of emoji sequences and
// text-presentation symbols: each sequence is one picture of the sheet,
// whatever text node the parser cut it into (the "*" of "*️⃣" is looked at
// as emphasis), and each symbol without the emoji selector is a glyph of
// a font, an arrow past the Basic Multilingual Plane the plain arrow of
// its direction; nothing is a □.
func TestEmojiSequencesDrawn(t *testing.T) {
	l := newTestLayouter(t)
	src := "Keys 1️⃣ #️⃣ *️⃣ 3⃣, door 🚪⁉️, family 👨‍👩‍👧, hand 👍🏽, text ⁉ ‼ ™ © ↩︎, arrow 🡕, a *word*.\n"
	root := parseMarkdown(t, l, []byte(src))
	var got []string
	var text strings.Builder
	for _, b := range l.boxes(l.collect(root.FirstChild(), style{face: serif, size: 10}, nil)) {
		switch {
		case b.emoji != "":
			got = append(got, b.emoji)
			text.WriteString("@")
		case b.kind == kBox:
			text.WriteString(b.text)
		case b.kind == kGlue:
			text.WriteByte(' ')
		}
	}
	want := []string{"0031-20e3", "0023-20e3", "002a-20e3", "0033-20e3", "1f6aa", "2049", "1f468-200d-1f469-200d-1f467", "1f44d-1f3fd"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("emoji drawn: %q\nwant %q", got, want)
	}
	if s, w := text.String(), "Keys @ @ @ @, door @@, family @, hand @, text ⁉ ‼ ™ © ↩, arrow ↗, a word."; s != w {
		t.Errorf("text drawn: %q\nwant %q", s, w)
	}
	if len(l.missed) > 0 {
		t.Errorf("characters no font covers: %v", l.missed)
	}
}

// newTestLayouter returns a layouter ready to lay out text at a5.
func newTestLayouter(t *testing.T) *layouter {
	t.Helper()
	g, err := pageGeometry("a5")
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	hy, err := hyphenators()
	if err != nil {
		t.Fatal(err)
	}
	cells, err := emojiCells()
	if err != nil {
		t.Fatal(err)
	}
	return &layouter{g: g, fonts: fonts, hyph: &hyphenCache{langs: hy}, emoji: cells,
		lang: "en", used: map[string]int{}, rep: &book.Report{}, missed: map[rune]int{}}
}

const prose = `What I mean by this title is usually a meeting in any IT service, after a major incident has been resolved, where all the team members who have worked on the incident gather and discuss what went wrong, and how to improve tools and processes to do better next time. Internationalization, notwithstanding, characteristically incomprehensibilities: https://example.org/a/very/long/address/that/never/fits/on/one/line/of/text 🙂 done.`

func TestBreakLines(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	breakers := map[string]func(items []ibox, width, indent float64) []tline{
		"greedy": l.breakLines,
		"knuth-plass": func(items []ibox, width, indent float64) []tline {
			return l.breakParagraph(items, width, indent, alignJustify)
		},
	}
	for name, breaker := range breakers {
		for _, width := range []float64{60, 120, 200, 300} {
			items := l.boxes([]span{{text: prose, st: st}})
			lines := breaker(items, width, 15)
			var text strings.Builder
			for i, ln := range lines {
				if right := drawnRight(l.lineOps(ln, 0, 10, width, alignJustify)); right > width+0.01 {
					t.Errorf("%s, width %v: line %d ends at %.2f: %q", name, width, i, right, lineText(ln))
				}
				s := lineText(ln)
				text.WriteString(strings.TrimSuffix(s, "-"))
				if !strings.HasSuffix(s, "-") && !strings.HasSuffix(s, "/") && i < len(lines)-1 {
					text.WriteByte(' ')
				}
			}
			want := strings.Join(strings.Fields(prose), " ")
			got := strings.ReplaceAll(text.String(), "  ", " ")
			if strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(strings.ReplaceAll(want, "🙂", ""), " ", "") {
				t.Errorf("%s, width %v: text changed:\n got %q\nwant %q", name, width, got, want)
			}
			if !lines[len(lines)-1].last {
				t.Errorf("%s, width %v: last line is justified", name, width)
			}
		}
	}
}

// drawnRight returns the right edge of what ops draw.
func drawnRight(ops []op) float64 {
	right := 0.0
	for _, o := range ops {
		if o.kind == opText || o.kind == opImage {
			right = max(right, o.x+o.w)
		}
	}
	return right
}

// TestKnuthPlassHyphenatesLess checks that the whole-paragraph breaker
// hyphenates no more than the greedy one and never three lines in a row.
// TestLongWordIsQuick checks that a word of 5,000 letters does not keep
// the hyphenator busy.
func TestLongWordIsQuick(t *testing.T) {
	hy, err := hyphenators()
	if err != nil {
		t.Fatal(err)
	}
	c := &hyphenCache{langs: hy}
	word := strings.Repeat("hyphenation", 455)
	start := time.Now()
	for range 100 {
		if got := c.breaks("en", word); got != nil {
			t.Fatalf("got %d breaks in a word of %d letters, want none", len(got), len(word))
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("100 look-ups of a 5,000-letter word took %v", d)
	}
}

func TestKnuthPlassHyphenatesLess(t *testing.T) {
	l := newTestLayouter(t)
	l.lang = "fr"
	st := style{face: serif, size: 10}
	text := strings.Repeat("Les entreprises internationales réorganisent leurs infrastructures informatiques. ", 20)
	hyphens := func(lines []tline) (n, run int) {
		cur := 0
		for _, ln := range lines {
			if s := lineText(ln); strings.HasSuffix(s, "-") {
				n++
				cur++
				run = max(run, cur)
			} else {
				cur = 0
			}
		}
		return n, run
	}
	items := l.boxes([]span{{text: text, st: st}})
	greedy, _ := hyphens(l.breakLines(items, 280, 0))
	kp, run := hyphens(l.breakParagraph(items, 280, 0, alignJustify))
	if kp > greedy {
		t.Errorf("Knuth–Plass hyphenates %d lines, greedy %d", kp, greedy)
	}
	if run > 2 {
		t.Errorf("%d hyphenated lines in a row", run)
	}
}

func lineText(ln tline) string {
	var b strings.Builder
	for _, it := range ln.items {
		switch it.kind {
		case kBox:
			b.WriteString(it.text)
		case kGlue:
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

func TestJustifiedLinesFill(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	width := 250.0
	lines := l.breakParagraph(l.boxes([]span{{text: prose, st: st}}), width, 0, alignJustify)
	for i, ln := range lines[:len(lines)-1] {
		if right := drawnRight(l.lineOps(ln, 0, 10, width, alignJustify)); right < width-0.5 || right > width+0.5 {
			t.Errorf("line %d ends at %.2f, want the measure %.0f: %q", i, right, width, lineText(ln))
		}
	}
}

func TestFrenchSpacingDoesNotBreak(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	text := strings.Repeat("Une question simple : pourquoi ? « Parce que » ; voilà ! ", 12)
	for width := 80.0; width < 300; width += 7 {
		for _, ln := range l.breakLines(l.boxes([]span{{text: text, st: st}}), width, 0) {
			s := lineText(ln)
			if strings.ContainsAny(s[:1], ":;?!»") || strings.HasSuffix(s, "«") {
				t.Fatalf("width %v: line %q breaks at a French space", width, s)
			}
		}
	}
}

func TestMissingCharacterMarker(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	items := l.boxes([]span{{text: "Kanji 漢 and € … “quotes” — • é", st: st}})
	var text strings.Builder
	for _, it := range items {
		text.WriteString(it.text)
	}
	if !strings.ContainsRune(text.String(), markerRune) || strings.ContainsRune(text.String(), '漢') {
		t.Errorf("漢 is not replaced by the marker: %q", text.String())
	}
	if l.missed['漢'] != 1 || len(l.missed) != 1 {
		t.Errorf("missing characters = %v, want only 漢 once", l.missed)
	}
	// A space no font has is a space.
	text.Reset()
	for _, it := range l.boxes([]span{{text: "Code　: article L.", st: st}}) {
		text.WriteString(it.text)
	}
	if strings.ContainsRune(text.String(), markerRune) || len(l.missed) != 1 {
		t.Errorf("a space is missing: %q, %v", text.String(), l.missed)
	}
}

func TestPaginatorKeeps(t *testing.T) {
	line := func(keep bool) *vitem { return &vitem{h: 10, keepNext: keep} }
	tests := []struct {
		name  string
		items []*vitem
		want  []int // items on each page
	}{
		{"fits", []*vitem{line(false), line(false)}, []int{2}},
		{"plain break", []*vitem{line(false), line(false), line(false), line(false)}, []int{3, 1}},
		// a heading (keepNext) at the foot of a page moves with its line
		{"heading kept with next", []*vitem{line(false), line(false), line(true), line(false)}, []int{2, 2}},
		// orphan: a paragraph's first line does not stay alone
		{"no orphan", []*vitem{line(false), line(false), line(true), line(true), line(false)}, []int{2, 3}},
		// a chain longer than a page breaks anyway
		{"too long to keep", []*vitem{line(true), line(true), line(true), line(true), line(false)}, []int{3, 2}},
		// space is dropped at the top of a page
		{"space at top", []*vitem{line(false), line(false), line(false), {h: 5, space: true}, line(false)}, []int{3, 1}},
	}
	for _, tt := range tests {
		p := newPaginator(30)
		p.newPage(pageBody)
		p.addAll(tt.items)
		p.finish()
		var got []int
		for _, pg := range p.pages {
			got = append(got, len(pg.items))
		}
		if !equalInts(got, tt.want) {
			t.Errorf("%s: pages hold %v items, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPaginatorRepeatsTableHeader(t *testing.T) {
	p := newPaginator(30)
	p.newPage(pageBody)
	head := &vitem{h: 10, keepNext: true}
	p.add(head)
	for range 5 {
		p.add(&vitem{h: 10, header: head})
	}
	p.finish()
	if len(p.pages) != 3 {
		t.Fatalf("%d pages, want 3", len(p.pages))
	}
	for i, pg := range p.pages {
		if pg.items[0].it != head {
			t.Errorf("page %d does not start with the table header", i+1)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPageGeometry(t *testing.T) {
	for _, name := range append([]string{""}, PageSizes...) {
		g, err := pageGeometry(name)
		if err != nil {
			t.Fatal(err)
		}
		if g.inner <= g.outer {
			t.Errorf("%s: inner margin %.1f is not wider than outer %.1f", name, g.inner, g.outer)
		}
		if g.left(1) != g.inner || g.left(2) != g.outer {
			t.Errorf("%s: margins are not mirrored", name)
		}
		if chars := g.textW() / (g.size * 0.5); chars < 55 || chars > 80 {
			t.Errorf("%s: about %.0f characters a line, want 55-80", name, chars)
		}
	}
	if _, err := pageGeometry("b5"); err == nil || !strings.Contains(err.Error(), `"b5"`) {
		t.Errorf("pageGeometry(b5) = %v, want an error naming it", err)
	}
}

func TestNoHyphenInAddressesAndNames(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	text := "https://cloudinthealps.mandin.net/2017/08/23/kubernetes-thehard-way-azcli-style/ KUBERNETESCLUSTER DevOpsEngineering"
	for _, it := range l.boxes([]span{{text: text, st: st}}) {
		if it.kind == kHyphen && it.text != "" {
			t.Errorf("a hyphen may be added inside %q", text)
			break
		}
	}
}

// TestLongWordCutShowsHyphen sets a word longer than the line where no
// hyphenation applies (a heading's): the cuts between letters show a
// hyphen and the pieces read back as the word; a cut in a run of digits
// shows none.
func TestLongWordCutShowsHyphen(t *testing.T) {
	l := newTestLayouter(t)
	l.noHyph = true
	st := style{face: serifBold, size: 14}
	for _, tt := range []struct {
		word   string
		hyphen bool
	}{
		{strings.Repeat("taumatawhakatangihanga", 4), true},
		{strings.Repeat("0123456789", 8), false},
	} {
		lines := l.breakLines(l.boxes([]span{{text: tt.word, st: st}}), 150, 0)
		if len(lines) < 2 {
			t.Fatalf("%q: %d line, want it cut", tt.word, len(lines))
		}
		var joined strings.Builder
		for i, ln := range lines {
			s := lineText(ln)
			if i < len(lines)-1 {
				if cut, ok := strings.CutSuffix(s, "-"); ok != tt.hyphen {
					t.Errorf("%q: line %d = %q, hyphen shown %v, want %v", tt.word, i, s, ok, tt.hyphen)
				} else {
					s = cut
				}
			}
			if w := l.fonts.width(st.face, st.size, lineText(ln)); w > 150.01 {
				t.Errorf("%q: line %d is %.1fpt wide, over 150", tt.word, i, w)
			}
			joined.WriteString(s)
		}
		if joined.String() != tt.word {
			t.Errorf("the pieces read %q, want %q", joined.String(), tt.word)
		}
	}
}

// TestFormulaSpacesKeepWidth justifies lines holding formulas: the text's
// spaces stretch to fill the measure, the formula's keep their width, and
// lines still break inside a formula, at its spaces.
func TestFormulaSpacesKeepWidth(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	ms := st
	ms.math = true
	var spans []span
	for i := 0; i < 12; i++ {
		spans = append(spans, span{text: "the rate falls as ", st: st}, span{text: "a + b = c − d", st: ms}, span{text: " when it cools, ", st: st})
	}
	width := 250.0
	space := l.spaceWidth(&ms)
	lines := l.breakParagraph(l.boxes(spans), width, 0, alignJustify)
	brokeInside := false
	for _, ln := range lines[:len(lines)-1] {
		for i, it := range ln.items {
			if it.kind == kGlue && mathGlue(it) && i == len(ln.items)-1 {
				brokeInside = true
			}
		}
		if last := ln.items[len(ln.items)-1]; last.st != nil && last.st.math && last.kind == kBox && last.text != "d" {
			brokeInside = true
		}
		for _, it := range ln.items {
			if it.kind == kBox && it.st != nil && it.st.math && opensWithOperator(it.text) && it.text == lineText(ln)[:len(it.text)] {
				t.Errorf("a line begins with the operator %q of a formula: %q", it.text, lineText(ln))
			}
			if it.kind == kBox {
				break
			}
		}
		var x float64
		for _, op := range l.lineOps(ln, 0, 10, width, alignJustify) {
			if op.kind == opText && op.face == serif && strings.HasPrefix(op.text, "+") && x > 0 {
				if gap := op.x - x; gap > space+0.01 {
					t.Errorf("a formula's space drawn %.2f wide, want %.2f: %q", gap, space, lineText(ln))
				}
			}
			if op.kind == opText {
				x = op.x + op.w
			}
		}
	}
	if !brokeInside {
		t.Errorf("no line broke inside a formula")
	}
}
