package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"
)

// style is how a run of inline text is drawn.
type style struct {
	face   face
	size   float64
	gray   uint8
	strike bool
	super  bool
	// math is a formula's text: never hyphenated. shift raises it (a
	// superscript) or, below zero, lowers it (a subscript), in points.
	math  bool
	shift float64
	link  string // URL, or "#" + anchor key for a place in the book
}

// span is a run of inline text in one style, before it is cut into words.
type span struct {
	text  string
	st    style
	brk   bool   // a forced line break instead of text
	emoji string // set by the segmenter only
	img   any    // an *ast.Image met in the text
	// anchor is the id of a markup.Anchor met in the text: no text, a
	// place links land on.
	anchor string
}

type ikind uint8

const (
	kBox    ikind = iota
	kGlue         // a breakable space
	kHyphen       // a place a word may break; text is the hyphen to add, if any
	kBreak        // a forced line break
)

// ibox is one element of a paragraph for the line breaker.
type ibox struct {
	kind  ikind
	w     float64
	text  string
	face  face
	emoji string // sprite key: the box is an image
	image string // prepared image's name: the box is that image, h high
	h     float64
	st    *style
	// nobreak marks a space the line may not break at: before a colon or a
	// closing guillemet spaced the French way, after an opening one.
	nobreak bool
	// bidi and rtlPara are set in a paragraph with right-to-left text
	// (markBidi): the box's direction and the paragraph's.
	bidi    bidiClass
	rtlPara bool
}

// markerRune stands for a character no font covers.
const markerRune = '\u25A1' // WHITE SQUARE

// boxes cuts spans into words, glue and break points. The boxes are made
// in a buffer that the next call reuses: a paragraph's are done with once
// its lines are drawn.
func (l *layouter) boxes(spans []span) []ibox {
	out := l.boxBuf[:0]
	defer func() { l.boxBuf = out[:0] }()
	glue := false
	var glueSt *style
	for i := range spans {
		sp := &spans[i]
		if sp.brk {
			out = append(out, ibox{kind: kBreak})
			glue = false
			continue
		}
		st := &sp.st
		if img, ok := sp.img.(*ast.Image); ok {
			if glue && len(out) > 0 && out[len(out)-1].kind != kBreak {
				out = append(out, ibox{kind: kGlue, w: l.spaceWidth(st), st: st})
			}
			glue = false
			out = l.inlineImage(out, img, st)
			continue
		}
		text := sp.text
		for len(text) > 0 {
			j := strings.IndexFunc(text, isBreakingSpace)
			if j == 0 {
				_, n := utf8.DecodeRuneInString(text)
				text = text[n:]
				glue, glueSt = true, st
				continue
			}
			word := text
			if j > 0 {
				word = text[:j]
			}
			text = text[len(word):]
			if glue && len(out) > 0 && out[len(out)-1].kind != kBreak {
				gs := glueSt
				if gs == nil {
					gs = st
				}
				out = append(out, ibox{kind: kGlue, w: l.spaceWidth(gs), st: gs, nobreak: gluesToNext(out, word) || gs.math && opensWithOperator(word)})
			}
			glue = false
			out = l.wordBoxes(out, word, st)
		}
	}
	markBidi(out)
	return out
}

// gluesToNext reports whether the space before word must not break: word
// is punctuation that French spacing sets apart, or the previous word
// opens a guillemet.
func gluesToNext(out []ibox, word string) bool {
	if r, _ := utf8.DecodeRuneInString(word); strings.ContainsRune(":;!?»", r) && utf8.RuneCountInString(strings.Trim(word, ".,")) <= 2 {
		return true
	}
	if n := len(out); n > 0 && out[n-1].kind == kBox && strings.HasSuffix(out[n-1].text, "«") {
		return true
	}
	return false
}

// opensWithOperator reports a word of a formula that is a relation or a
// binary operator ("=", "≤", "+"; not the sign of "−1"): TeX breaks a
// formula after one, never before.
func opensWithOperator(word string) bool {
	r, n := utf8.DecodeRuneInString(word)
	if !strings.ContainsRune("=<>+−±∓×÷·∗≤≥≠≈∼≡→←↔⇒⇐⇔⟹⟸⟺↦∈∉∋⊂⊆⊃⊇⊈⊉∪∩∧∨∣∥≔≪≫∝≃≅≲≳≺≻⪯⪰⊢⊨", r) {
		return false
	}
	next, _ := utf8.DecodeRuneInString(word[n:])
	return n == len(word) || !unicode.IsLetter(next) && !unicode.IsDigit(next)
}

// isBreakingSpace reports whether a line may break at r: at the spaces
// between words, as the EPUB's page breaks count them.
func isBreakingSpace(r rune) bool { return markup.IsWordSpace(r) }

func (l *layouter) spaceWidth(st *style) float64 {
	f := st.face
	if f == mono {
		f = serif // a code span keeps the text's word spacing
	}
	return l.fonts.width(f, st.size, " ")
}

// wordBoxes appends the boxes of one word: runs of text per covering face,
// emoji images, markers for what nothing covers, and hyphenation points.
func (l *layouter) wordBoxes(out []ibox, word string, st *style) []ibox {
	if l.plain(word, st.face) {
		return l.hyphenate(out, word, st.face, st)
	}
	word = l.shape(word, st.face)
	for _, seg := range l.segment(word, st.face) {
		switch {
		case seg.emoji != "":
			out = append(out, ibox{kind: kBox, w: st.size * 1.15, emoji: seg.emoji, st: st})
		case hasIdeographs(seg.text):
			out = l.ideographBoxes(out, seg.text, seg.st.face, st)
		default:
			out = l.hyphenate(out, seg.text, seg.st.face, st)
		}
	}
	return out
}

// shape gives the Arabic letters of word their joining forms when a font
// has them all, as every Arabic font does.
func (l *layouter) shape(word string, base face) string {
	if !hasArabic(word) {
		return word
	}
	if shaped := shapeArabic(word); l.fonts.pickWord(base, printable(shaped)) != noFace {
		return shaped
	}
	return word
}

// plain reports whether base draws every character of word and segment
// would have nothing to do: no emoji, selector, joiner or soft hyphen (all
// but the soft hyphen are past U+2000). Most words are plain.
func (l *layouter) plain(word string, base face) bool {
	for _, r := range word {
		if r >= 0x2000 || r == 0x00AD || !l.fonts.covers(base, r) {
			return false
		}
	}
	return true
}

// segment splits s into runs that one face draws, and emoji. The letters
// of a word are drawn in one face when one has them all, whatever face
// each would take alone.
func (l *layouter) segment(s string, base face) []span {
	whole := l.fonts.pickWord(base, letters(s))
	var out []span
	var cur strings.Builder
	curFace := base
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, span{text: cur.String(), st: style{face: curFace}})
			cur.Reset()
		}
	}
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		if drawsNothing(r) {
			i++ // selectors, joiners, direction marks and soft hyphens left over
			continue
		}
		if r >= 0x2000 || (i+1 < len(rs) && (rs[i+1] == 0xFE0F || rs[i+1] == 0x20E3)) {
			if key, n := matchEmoji(l.emoji, rs[i:]); n > 0 && l.wantsEmoji(rs[i:i+n], base) {
				flush()
				out = append(out, span{emoji: key})
				i += n
				continue
			}
		}
		f := whole
		if f == noFace || !isLetter(r) {
			f = l.fonts.pick(base, r)
		}
		if f == noFace && r > 0xFFFF {
			// fpdf prints no character past U+FFFF: a styled letter
			// (𝔐, 𝐱) prints as the letter it is a form of
			if sub := compatible(r); sub != "" {
				if sf := l.fonts.pickWord(base, sub); sf != noFace {
					if sf != curFace {
						flush()
						curFace = sf
					}
					cur.WriteString(sub)
					i++
					continue
				}
			}
		}
		if f == noFace && unicode.Is(unicode.Zs, r) {
			// A space no font has (the ideographic space of CJK text, a
			// four-per-em space) is a space: the text face's own.
			if r == 0x2007 || r == 0x202F {
				r = 0xA0 // those that keep their words together
			} else {
				r = ' '
			}
			f = l.fonts.pick(base, r)
		}
		if f == noFace {
			l.missing(r)
			f, r = sans, markerRune
		}
		if f != curFace {
			flush()
			curFace = f
		}
		cur.WriteRune(r)
		i++
	}
	flush()
	return out
}

// compatible returns the compatibility equivalent of r within the Basic
// Multilingual Plane, or "" when it has none. An arrow of Supplemental
// Arrows-C (🡕) has none in Unicode: it prints as the plain arrow of its
// direction (↗).
func compatible(r rune) string {
	if r >= 0x1F800 && r <= 0x1F8FF {
		if i := arrowsC[r-0x1F800]; i != '.' {
			return string([]rune(arrowForms)[i-'0'])
		}
		return ""
	}
	s := norm.NFKC.String(string(r))
	if s == string(r) {
		return ""
	}
	for _, c := range s {
		if c > 0xFFFF {
			return ""
		}
	}
	return s
}

// arrowForms are the arrows of the Basic Multilingual Plane that
// arrowsC maps to.
const arrowForms = "←↑→↓↖↗↘↙↔↕"

// arrowsC gives, for each character of Supplemental Arrows-C (U+1F800 to
// U+1F8FF), the index in arrowForms of the arrow pointing its way, or '.'
// for none (unassigned, or a shaft with no head). Made from the
// characters' names in Unicode 14: NORTH WEST, NORTH EAST, SOUTH EAST,
// SOUTH WEST, LEFT RIGHT and UP DOWN first, then LEFTWARDS, RIGHTWARDS,
// UPWARDS, DOWNWARDS (or LEFT, RIGHT, UP, DOWN).
const arrowsC = "" +
	"012301230123....012301230123012301230123012301230123012301230123" +
	"01230123........0123456789......01234567012345670123456701234567" +
	"01234567........012301230123....020202020202....47.............." +
	"................................................................"

// drawsNothing reports whether r is a format character segment leaves
// out: variation selectors, joiners, direction marks and soft hyphens.
func drawsNothing(r rune) bool {
	switch r {
	case 0xFE0E, 0xFE0F, 0x200C, 0x200D, 0x00AD, 0x200E, 0x200F, 0x061C,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069:
		return true
	}
	return false
}

// letters returns the letters and marks of s.
func letters(s string) string {
	return strings.Map(func(r rune) rune {
		if isLetter(r) {
			return r
		}
		return -1
	}, s)
}

func isLetter(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.M, r) }

// printable returns s without the characters segment leaves out.
func printable(s string) string {
	if strings.IndexFunc(s, drawsNothing) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if drawsNothing(r) {
			return -1
		}
		return r
	}, s)
}

// hasIdeographs reports whether s has Chinese or Japanese characters,
// which a line may break between.
func hasIdeographs(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && isIdeographic(r) {
			return true
		}
	}
	return false
}

func isIdeographic(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// noBreakBefore and noBreakAfter are the characters a line of Chinese or
// Japanese may not start or end with (kinsoku): closing and opening
// punctuation.
const (
	noBreakBefore = "、。，．・：；？！ー）」』】〕〉》｝］〙〗ゝゞヽヾっゃゅょァィゥェォッャュョ々…‥,.:;?!)]}"
	noBreakAfter  = "（「『【〔〈《｛［〘〖([{"
)

// ideographBoxes appends text of Chinese or Japanese a box per
// character, a line free to break between any two but before closing or
// after opening punctuation, as these scripts are set; the other letters
// among them go through hyphenate.
func (l *layouter) ideographBoxes(out []ibox, text string, f face, st *style) []ibox {
	start := 0
	prev := rune(-1)
	for i, r := range text {
		if !isIdeographic(r) && !strings.ContainsRune(noBreakBefore+noBreakAfter, r) {
			continue
		}
		if start < i {
			if prev >= 0 {
				out = append(out, ibox{kind: kHyphen, face: f, st: st})
			}
			out = l.hyphenate(out, text[start:i], f, st)
			prev = 'a'
		}
		if prev >= 0 && !strings.ContainsRune(noBreakBefore, r) && !strings.ContainsRune(noBreakAfter, prev) {
			out = append(out, ibox{kind: kHyphen, face: f, st: st})
		}
		s := string(r)
		out = append(out, ibox{kind: kBox, w: l.fonts.width(f, st.size, s), text: s, face: f, st: st})
		prev = r
		start = i + utf8.RuneLen(r)
	}
	if start < len(text) {
		if prev >= 0 {
			out = append(out, ibox{kind: kHyphen, face: f, st: st})
		}
		out = l.hyphenate(out, text[start:], f, st)
	}
	return out
}

// wantsEmoji says whether a matched sequence is drawn as an image: always
// above U+FFFF (fpdf cannot encode it), with an emoji selector, or when no
// font has the character.
func (l *layouter) wantsEmoji(seq []rune, base face) bool {
	if seq[0] > 0xFFFF {
		return true
	}
	for _, r := range seq[1:] {
		if r == 0xFE0F || r == 0x20E3 {
			return true
		}
	}
	return !l.fonts.covers(base, seq[0]) && !l.fonts.covers(sans, seq[0])
}

// hyphenate appends text in face f as boxes split at the points where it
// may break: hyphenation points of its words and after dashes and slashes.
func (l *layouter) hyphenate(out []ibox, text string, f face, st *style) []ibox {
	size := st.size
	add := func(s string) {
		if s != "" {
			out = append(out, ibox{kind: kBox, w: l.fonts.width(f, size, s), text: s, face: f, st: st})
		}
	}
	if st.math {
		add(text) // a formula breaks only between its words
		return out
	}
	if f == mono || f == sans || isAddress(text) {
		if isAddress(text) {
			return l.breakAddress(out, text, f, st)
		}
		if f == mono && len(text) > 12 {
			// code breaks after its separators, never with a hyphen
			return l.breakAfter(out, text, f, st, "/.-_=&?,")
		}
		add(text)
		return out
	}
	start := 0
	for start < len(text) {
		// a run of letters, then what is not a letter
		end := start
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !unicode.IsLetter(r) {
				break
			}
			end += n
		}
		if end > start {
			word := text[start:end]
			prev := 0
			var points []int
			if !l.noHyph && l.hyph != nil && !isAcronym(word) {
				points = l.hyph.breaks(l.lang, word)
			}
			for _, b := range points {
				add(word[prev:b])
				out = append(out, ibox{kind: kHyphen, w: l.fonts.width(f, size, "-"), text: "-", face: f, st: st})
				prev = b
			}
			add(word[prev:])
		}
		start = end
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if unicode.IsLetter(r) {
				break
			}
			end += n
			if (r == '-' || r == '–' || r == '—' || r == '/') && end < len(text) && end-start < len(text) {
				add(text[start:end])
				out = append(out, ibox{kind: kHyphen, face: f, st: st})
				start = end
			}
		}
		add(text[start:end])
		start = end
	}
	return out
}

// isAddress reports whether a word is a web or mail address.
func isAddress(s string) bool {
	return len(s) > 12 && (strings.Contains(s, "://") || strings.HasPrefix(s, "www.") || strings.Contains(s, "@") && strings.Contains(s, "."))
}

// isAcronym reports whether a word has capitals past its first letter,
// like AZCLI or DevOps: names that are not hyphenated.
func isAcronym(word string) bool {
	for i, r := range word {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// breakAddress appends a web or mail address with the break points The
// Chicago Manual of Style gives for addresses, never with a hyphen added: after a colon or a double slash; before a single slash, a
// tilde, a full stop, a comma, a hyphen, an underscore, a question mark,
// a number sign, a per cent sign or an at sign, so that the mark leads the
// next line and the reader sees the address go on; before or after an
// equals sign or an ampersand. The scheme's colon stays with its slashes.
func (l *layouter) breakAddress(out []ibox, text string, f face, st *style) []ibox {
	start := 0
	// the punctuation that ends a sentence stays with the address, and no
	// line starts with a lone mark
	end := len(strings.TrimRight(text, ".,;:!?)]'\"")) - 2
	cut := func(at int) {
		if at <= start || at > end {
			return
		}
		s := text[start:at]
		out = append(out, ibox{kind: kBox, w: l.fonts.width(f, st.size, s), text: s, face: f, st: st},
			ibox{kind: kHyphen, face: f, st: st})
		start = at
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '/' && i+1 < len(text) && text[i+1] == '/':
			cut(i + 2) // after a double slash
			i++
		case c == ':' && !strings.HasPrefix(text[i+1:], "//"):
			cut(i + 1)
		case c == '=' || c == '&':
			cut(i)
			cut(i + 1)
		case strings.IndexByte("/~.,-_?#%@", c) >= 0 && i > 0 && strings.IndexByte("/~.,-_?#%@:=&", text[i-1]) < 0:
			cut(i) // before, unless a mark just went before
		}
	}
	if start < len(text) {
		s := text[start:]
		out = append(out, ibox{kind: kBox, w: l.fonts.width(f, st.size, s), text: s, face: f, st: st})
	}
	return out
}

// breakAfter appends text with break points after any of the given
// characters, for code and addresses that would not fit a line.
func (l *layouter) breakAfter(out []ibox, text string, f face, st *style, after string) []ibox {
	start := 0
	for i, r := range text {
		if strings.ContainsRune(after, r) && i+1 < len(text) {
			s := text[start : i+1]
			out = append(out, ibox{kind: kBox, w: l.fonts.width(f, st.size, s), text: s, face: f, st: st},
				ibox{kind: kHyphen, face: f, st: st})
			start = i + 1
		}
	}
	if start < len(text) {
		s := text[start:]
		out = append(out, ibox{kind: kBox, w: l.fonts.width(f, st.size, s), text: s, face: f, st: st})
	}
	return out
}

// align is how the lines of a paragraph sit in their width.
type align uint8

const (
	alignJustify align = iota
	alignLeft
	alignCenter
	alignRight
)

// hasBidi reports whether markBidi marked the boxes of a line.
func hasBidi(items []ibox) bool {
	for _, it := range items {
		if it.bidi != bidiNeutral {
			return true
		}
	}
	return false
}

// tline is one line chosen by the breaker.
type tline struct {
	items  []ibox
	last   bool // last line of the paragraph or before a forced break
	indent float64
	words  int // words that begin on the line
}

// breakLines chooses line breaks greedily, hyphenating a word only when
// breaking before it would leave a loose line.
func (l *layouter) breakLines(items []ibox, width, firstIndent float64) []tline {
	var lines []tline
	start := 0
	hyphens := 0 // hyphenated lines in a row just set
	for start < len(items) {
		for start < len(items) && (items[start].kind == kGlue || items[start].kind == kHyphen) {
			start++
		}
		if start >= len(items) {
			break
		}
		indent := 0.0
		if len(lines) == 0 {
			indent = firstIndent
		}
		avail := width - indent
		w := 0.0
		lastGlue, glueW, nGlue, gluesAtLast := -1, 0.0, 0, 0
		hyph := -1
		end, next, forced := len(items), len(items), true
		for i := start; i < len(items); i++ {
			it := items[i]
			switch it.kind {
			case kBreak:
				end, next = i, i+1
				goto emit
			case kGlue:
				if it.nobreak {
					nGlue++
					w += it.w
					continue
				}
				lastGlue, glueW, gluesAtLast = i, w, nGlue
				hyph = -1
				nGlue++
				w += it.w
			case kHyphen:
				if w+it.w <= avail {
					hyph = i
				}
			case kBox:
				if w+it.w <= avail+0.01 {
					w += it.w
					continue
				}
				forced = false
				switch {
				case hyph > start && (lastGlue <= start || hyphens < kpMaxHyphens && l.loose(avail-glueW, gluesAtLast, items[lastGlue].w)):
					end, next = hyph, hyph+1
				case lastGlue > start:
					end, next = lastGlue, lastGlue+1
				case hyph > start:
					end, next = hyph, hyph+1
				case i > start:
					end, next = i, i // break between boxes of one word
				default:
					// one box wider than the line: cut it
					head, tail := l.cutBox(it, avail)
					rest := append([]ibox{head, tail}, items[i+1:]...)
					items = append(items[:i:i], rest...)
					end, next = i+1, i+1
				}
				goto emit
			}
		}
	emit:
		ln := tline{items: items[start:end], last: forced, indent: indent, words: wordStarts(items, start, end)}
		if end < len(items) && items[end].kind == kHyphen && items[end].text != "" {
			h := items[end]
			h.kind = kBox
			ln.items = append(ln.items[:len(ln.items):len(ln.items)], h)
		}
		lines = append(lines, ln)
		start = next
		if end < len(items) && items[end].kind == kHyphen && items[end].text != "" {
			hyphens++
		} else {
			hyphens = 0
		}
	}
	return lines
}

// wordStarts counts the words that begin among items[start:end]: a word
// is a run of boxes between spaces and forced breaks, whatever hyphens
// and faces cut it into, as a reader of the text counts words.
func wordStarts(items []ibox, start, end int) int {
	n := 0
	for i := start; i < end; i++ {
		if items[i].kind != kBox || isSpaceBox(items[i]) || items[i].image != "" {
			continue
		}
		j := i - 1
		for j >= 0 && items[j].kind == kHyphen {
			j--
		}
		if j < 0 || items[j].kind == kGlue || items[j].kind == kBreak || isSpaceBox(items[j]) {
			n++
		}
	}
	return n
}

// isSpaceBox reports whether b is a space kept as a box, as in code.
func isSpaceBox(b ibox) bool {
	return b.kind == kBox && b.emoji == "" && b.text != "" && strings.TrimFunc(b.text, isBreakingSpace) == ""
}

// mathGlue reports a space within a formula: a line may break there, as
// TeX breaks after a relation or an operator, but a justified line does
// not stretch it.
func mathGlue(glue ibox) bool { return glue.st != nil && glue.st.math }

// tooLoose reports whether stretching each space of items by extra goes
// past maxStretch.
func tooLoose(items []ibox, extra float64) bool {
	for _, it := range items {
		if it.kind == kGlue && !mathGlue(it) && extra > maxStretch(it)+0.01 {
			return true
		}
	}
	return false
}

// loose reports whether a line with extra room spread over n spaces of
// width space would look gappy.
func (l *layouter) loose(extra float64, n int, space float64) bool {
	if n == 0 {
		return true
	}
	return extra/float64(n) > 0.6*space
}

// cutBox splits a box too wide for any line at the last rune that fits.
// A cut between two letters of a script that marks breaks with a hyphen
// (a heading's one long word) shows one, as a hyphenated word does.
func (l *layouter) cutBox(b ibox, avail float64) (head, tail ibox) {
	if b.emoji != "" || b.image != "" || utf8.RuneCountInString(b.text) < 2 {
		return b, ibox{kind: kGlue}
	}
	cut, mark := 0, ""
	for i, r := range b.text {
		if i == 0 {
			continue
		}
		m := ""
		if prev, _ := utf8.DecodeLastRuneInString(b.text[:i]); hyphenScript(prev) && hyphenScript(r) {
			m = "-"
		}
		if l.fonts.width(b.face, b.st.size, b.text[:i]+m) > avail {
			break
		}
		cut, mark = i, m
	}
	if cut == 0 {
		_, cut = utf8.DecodeRuneInString(b.text)
		mark = ""
	}
	head, tail = b, b
	head.text, tail.text = b.text[:cut]+mark, b.text[cut:]
	head.w = l.fonts.width(b.face, b.st.size, head.text)
	tail.w = l.fonts.width(b.face, b.st.size, tail.text)
	return head, tail
}

// hyphenScript reports whether r is a letter of a script whose words
// break with a hyphen.
func hyphenScript(r rune) bool {
	return unicode.IsLetter(r) && unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

// lineOps draws a line of boxes whose baseline is at y, starting at x in a
// measure of width.
func (l *layouter) lineOps(ln tline, x, y, width float64, al align) []op {
	natural := 0.0
	nGlue := 0
	items := ln.items
	for len(items) > 0 && items[len(items)-1].kind == kGlue {
		items = items[:len(items)-1]
	}
	rtl := len(items) > 0 && items[0].rtlPara
	if rtl || hasBidi(items) {
		items = visualOrder(items, rtl)
	}
	if rtl && al == alignJustify {
		// a right-to-left paragraph sits on the right, its first line
		// indented there (titles, headings and the contents keep the
		// book's left alignment)
		if ln.last {
			al = alignRight
		}
		x -= ln.indent
	}
	for _, it := range items {
		switch it.kind {
		case kBox, kGlue:
			natural += it.w
		}
		if it.kind == kGlue && !mathGlue(it) {
			nGlue++
		}
	}
	x += ln.indent
	width -= ln.indent
	extra := 0.0
	switch {
	case nGlue > 0 && (natural > width || al == alignJustify && !ln.last && natural < width):
		// stretch a justified line, shrink any line the breaker set tight
		extra = (width - natural) / float64(nGlue)
		if extra > 0 && tooLoose(items, extra) {
			extra = 0 // ragged rather than gappy
		}
	case al == alignCenter:
		x += (width - natural) / 2
	case al == alignRight:
		x += width - natural
	}
	// The ops are made in a buffer kept from line to line and copied out
	// at their exact length: lines are kept until the book is drawn.
	ops := l.opBuf[:0]
	lastText, lastLink := -1, -1
	for _, it := range items {
		switch it.kind {
		case kGlue:
			w := it.w + extra
			if mathGlue(it) {
				w = it.w // a formula's spaces keep their width
			}
			x += w
			lastText = -1
			if lastLink >= 0 && ops[lastLink].text == it.st.link {
				ops[lastLink].w += w
			}
			continue
		case kBox:
		default:
			continue
		}
		st := it.st
		rise := st.shift
		if st.super {
			rise = st.size * 0.9
		}
		switch {
		case it.image != "":
			ops = append(ops, op{kind: opImage, x: x, y: y - it.h*0.8, w: it.w, h: it.h, text: it.image})
			lastText = -1
		case it.emoji != "":
			s := st.size * 1.05
			ops = append(ops, op{kind: opImage, x: x + (it.w-s)/2, y: y - s*0.82, w: s, h: s, text: "emoji:" + it.emoji})
			lastText = -1
		case lastText >= 0 && ops[lastText].face == it.face && ops[lastText].size == st.size && ops[lastText].gray == st.gray && ops[lastText].y == y-rise:
			ops[lastText].text += it.text
			ops[lastText].w += it.w
		default:
			ops = append(ops, op{kind: opText, face: it.face, size: st.size, gray: st.gray, x: x, y: y - rise, w: it.w, text: it.text})
			lastText = len(ops) - 1
		}
		if st.strike {
			ops = append(ops, op{kind: opLine, x: x, y: y - st.size*0.28, w: it.w, size: st.size * 0.06, gray: st.gray})
			lastText = -1
		}
		if st.link != "" {
			if lastLink >= 0 && ops[lastLink].text == st.link && ops[lastLink].x+ops[lastLink].w >= x-0.01 {
				ops[lastLink].w = x + it.w - ops[lastLink].x
			} else {
				ops = append(ops, op{kind: opLink, x: x, y: y - st.size*0.85 - rise, w: it.w, h: st.size * 1.15, text: st.link})
				lastLink = len(ops) - 1
				lastText = -1
			}
		}
		x += it.w
	}
	l.opBuf = ops[:0]
	if len(ops) == 0 {
		return nil
	}
	return append([]op(nil), ops...)
}
