package pdf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Arabic and Hebrew in a PDF drawn with fpdf: fpdf draws characters one
// after the other, left to right, with no shaping. So the layout does
// both: Arabic letters take their joining forms (the presentation forms
// of Unicode, which every Arabic font maps), and each line is put in
// visual order (the Unicode bidirectional algorithm, word by word), the
// letters of a right-to-left word reversed. The text a PDF reader
// extracts is then read back in logical order by readers that do so for
// right-to-left text (pdftotext does).

// joining is how an Arabic letter joins its neighbours.
type joining uint8

const (
	joinNone  joining = iota
	joinRight         // joins the letter before it only (alef, dal, reh, waw…)
	joinDual          // joins both sides
)

// arabicForm gives, for an Arabic letter, its isolated presentation form
// and how it joins: the final, initial and medial forms follow the
// isolated one, in that order (Unicode's Arabic Presentation Forms).
type arabicForm struct {
	iso  rune
	join joining
}

var arabicForms = map[rune]arabicForm{
	0x0621: {0xFE80, joinNone},
	0x0622: {0xFE81, joinRight}, 0x0623: {0xFE83, joinRight}, 0x0624: {0xFE85, joinRight},
	0x0625: {0xFE87, joinRight}, 0x0626: {0xFE89, joinDual}, 0x0627: {0xFE8D, joinRight},
	0x0628: {0xFE8F, joinDual}, 0x0629: {0xFE93, joinRight}, 0x062A: {0xFE95, joinDual},
	0x062B: {0xFE99, joinDual}, 0x062C: {0xFE9D, joinDual}, 0x062D: {0xFEA1, joinDual},
	0x062E: {0xFEA5, joinDual}, 0x062F: {0xFEA9, joinRight}, 0x0630: {0xFEAB, joinRight},
	0x0631: {0xFEAD, joinRight}, 0x0632: {0xFEAF, joinRight}, 0x0633: {0xFEB1, joinDual},
	0x0634: {0xFEB5, joinDual}, 0x0635: {0xFEB9, joinDual}, 0x0636: {0xFEBD, joinDual},
	0x0637: {0xFEC1, joinDual}, 0x0638: {0xFEC5, joinDual}, 0x0639: {0xFEC9, joinDual},
	0x063A: {0xFECD, joinDual}, 0x0641: {0xFED1, joinDual}, 0x0642: {0xFED5, joinDual},
	0x0643: {0xFED9, joinDual}, 0x0644: {0xFEDD, joinDual}, 0x0645: {0xFEE1, joinDual},
	0x0646: {0xFEE5, joinDual}, 0x0647: {0xFEE9, joinDual}, 0x0648: {0xFEED, joinRight},
	0x0649: {0xFEEF, joinRight}, 0x064A: {0xFEF1, joinDual},
	// Persian and Urdu letters, in Presentation Forms-A
	0x067E: {0xFB56, joinDual}, 0x0686: {0xFB7A, joinDual}, 0x0698: {0xFB8A, joinRight},
	0x06A9: {0xFB8E, joinDual}, 0x06AF: {0xFB92, joinDual}, 0x06CC: {0xFBFC, joinDual},
}

// lamAlef gives the isolated ligature of lam with each alef; the final
// form follows it.
var lamAlef = map[rune]rune{0x0622: 0xFEF5, 0x0623: 0xFEF7, 0x0625: 0xFEF9, 0x0627: 0xFEFB}

const (
	lam     = 0x0644
	tatweel = 0x0640
	shadda  = 0x0651
	zwj     = 0x200D
)

// joiningOf returns how r joins: tatweel and the zero width joiner join
// both sides without changing form.
func joiningOf(r rune) joining {
	if f, ok := arabicForms[r]; ok {
		return f.join
	}
	if r == tatweel || r == zwj {
		return joinDual
	}
	return joinNone
}

// transparent reports whether r lets its neighbours join across it: the
// vowel marks and other combining marks.
func transparent(r rune) bool { return unicode.Is(unicode.Mn, r) }

// hasArabic reports whether s has a letter shapeArabic changes.
func hasArabic(s string) bool {
	for _, r := range s {
		if r >= 0x0621 && r <= 0x06FF {
			if _, ok := arabicForms[r]; ok {
				return true
			}
		}
	}
	return false
}

// shapeArabic returns s with its Arabic letters in their joining forms
// and lam followed by alef as one ligature, in logical order.
func shapeArabic(s string) string {
	if !hasArabic(s) {
		return s
	}
	rs := []rune(s)
	// neighbour returns the index of the next letter from i in step's
	// direction that is not a mark, or -1.
	neighbour := func(i, step int) int {
		for j := i + step; j >= 0 && j < len(rs); j += step {
			if !transparent(rs[j]) {
				return j
			}
		}
		return -1
	}
	joinsAfter := func(j int) bool { return j >= 0 && joiningOf(rs[j]) == joinDual } // joins what follows it
	joinsBefore := func(j int) bool { return j >= 0 && joiningOf(rs[j]) != joinNone }
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		f, ok := arabicForms[r]
		if !ok {
			b.WriteRune(r)
			continue
		}
		prev := joinsAfter(neighbour(i, -1))
		next := neighbour(i, 1)
		if r == lam && next >= 0 {
			if lig, ok := lamAlef[rs[next]]; ok {
				if prev {
					lig++ // final form
				}
				b.WriteRune(lig)
				for _, m := range rs[i+1 : next] { // marks between lam and alef
					b.WriteRune(m)
				}
				i = next
				continue
			}
		}
		form := f.iso
		switch {
		case f.join == joinNone:
		case f.join == joinDual && prev && joinsBefore(next):
			form += 3 // medial
		case prev:
			form++ // final
		case f.join == joinDual && joinsBefore(next):
			form += 2 // initial
		}
		b.WriteRune(form)
	}
	return b.String()
}

// bidiClass is what a box of text weighs in a line's direction.
type bidiClass uint8

const (
	bidiNeutral bidiClass = iota
	bidiLTR
	bidiRTL
	bidiNumber
)

// classOf returns the class of a run of text: right to left if it has a
// letter of a right-to-left script, left to right if it has another
// letter, a number if it has digits only, else neutral.
func classOf(s string) bidiClass {
	c := bidiNeutral
	for _, r := range s {
		switch bidiOf(r) {
		case bidi.R, bidi.AL:
			return bidiRTL
		case bidi.L:
			c = bidiLTR
		case bidi.EN, bidi.AN:
			if c == bidiNeutral {
				c = bidiNumber
			}
		}
	}
	return c
}

// bidiOf returns the bidirectional class of r.
func bidiOf(r rune) bidi.Class {
	if r < 0x80 {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			return bidi.L
		case r >= '0' && r <= '9':
			return bidi.EN
		}
	}
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// isRTL reports whether r is a letter of a right-to-left script.
func isRTL(r rune) bool {
	if r < 0x0590 {
		return false
	}
	c := bidiOf(r)
	return c == bidi.R || c == bidi.AL
}

// hasRTL reports whether s has a right-to-left letter.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xD6 { // the first byte of U+0590 and above
			return strings.IndexFunc(s[i:], isRTL) >= 0
		}
	}
	return false
}

// firstStrongRTL reports whether the first letter of the boxes with a
// direction runs right to left: the paragraph's direction (rule P2).
func firstStrongRTL(items []ibox) bool {
	for _, it := range items {
		if it.kind != kBox {
			continue
		}
		for _, r := range it.text {
			switch bidiOf(r) {
			case bidi.R, bidi.AL:
				return true
			case bidi.L:
				return false
			}
		}
	}
	return false
}

// markBidi sets the direction of a paragraph's boxes when it has right to
// left text: lineOps then draws its lines in visual order.
func markBidi(items []ibox) {
	has := false
	for i := range items {
		if items[i].kind == kBox && hasRTL(items[i].text) {
			has = true
			break
		}
	}
	if !has {
		return
	}
	rtl := firstStrongRTL(items)
	for i := range items {
		it := &items[i]
		it.bidi = bidiNeutral
		if it.kind == kBox && it.image == "" && it.emoji == "" {
			it.bidi = classOf(it.text)
		}
		it.rtlPara = rtl
	}
}

// levels resolves the embedding level of each item of a line, word by
// word (rules W7, N1, N2 and I1, I2 of the bidirectional algorithm):
// letters take their direction, numbers run left to right within right
// to left text, and what is neutral takes the direction of the text on
// both sides when they agree, else the paragraph's.
func levels(items []ibox, rtlPara bool, out []uint8) []uint8 {
	base := uint8(0)
	if rtlPara {
		base = 1
	}
	out = out[:0]
	strongDir := func(c bidiClass, prevStrong bidiClass) bidiClass {
		if c == bidiNumber {
			if prevStrong == bidiLTR {
				return bidiLTR // W7: a number after left-to-right text is left to right
			}
			return bidiRTL // a number counts as right to left for the neutrals beside it
		}
		return c
	}
	level := func(d bidiClass, c bidiClass) uint8 {
		switch {
		case c == bidiNumber && d == bidiRTL:
			return 2 // I1, I2: digits run left to right, a level up
		case d == bidiRTL:
			return 1
		case d == bidiLTR && base == 1:
			return 2
		}
		return 0
	}
	sos := bidiLTR
	if rtlPara {
		sos = bidiRTL
	}
	// the strong direction of each item, neutrals left for later
	dirs := make([]bidiClass, len(items))
	prev := sos
	for i, it := range items {
		if it.bidi == bidiNeutral {
			continue
		}
		dirs[i] = strongDir(it.bidi, prev)
		if it.bidi != bidiNumber {
			prev = it.bidi
		}
	}
	for i := 0; i < len(items); {
		if dirs[i] != bidiNeutral {
			i++
			continue
		}
		j := i
		for j < len(items) && dirs[j] == bidiNeutral {
			j++
		}
		before, after := sos, sos
		if i > 0 {
			before = dirs[i-1]
		}
		if j < len(items) {
			after = dirs[j]
		}
		d := sos
		if before == after {
			d = before
		}
		for k := i; k < j; k++ {
			dirs[k] = d
		}
		i = j
	}
	for i, it := range items {
		c := it.bidi
		if c == bidiNumber && dirs[i] == bidiLTR && base == 0 {
			c = bidiLTR
		}
		out = append(out, level(dirs[i], c))
	}
	return out
}

// visualOrder puts a line's items in the order they are drawn, left to
// right (rule L2), and the letters of each right-to-left item in drawing
// order too.
func visualOrder(items []ibox, rtlPara bool) []ibox {
	lv := levels(items, rtlPara, nil)
	out := append([]ibox(nil), items...)
	maxL, minOdd := uint8(0), uint8(255)
	for _, l := range lv {
		maxL = max(maxL, l)
		if l%2 == 1 {
			minOdd = min(minOdd, l)
		}
	}
	if minOdd == 255 {
		if maxL == 0 {
			return out
		}
		minOdd = 1
	}
	for k := maxL; k >= minOdd && k > 0; k-- {
		for i := 0; i < len(out); {
			if lv[i] < k {
				i++
				continue
			}
			j := i
			for j < len(out) && lv[j] >= k {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				out[a], out[b] = out[b], out[a]
				lv[a], lv[b] = lv[b], lv[a]
			}
			i = j
		}
	}
	for i := range out {
		if lv[i]%2 == 1 && out[i].kind == kBox && out[i].text != "" {
			out[i].text = reverseText(out[i].text)
		}
	}
	return out
}

// reverseText reverses s for drawing right to left, character by
// character, brackets facing the other way. A letter's marks are thus
// drawn before it: fpdf draws a mark, which has no width, where the pen
// stands, and the Arabic and Hebrew fonts draw their marks to the right
// of that point, over the letter drawn from the same point after them (a
// shaper's visual order, before a font's own positioning). Drawn after
// its letter, a mark would sit on the letter before it in reading order.
// The line's text is then s backwards, which PDF readers give back in
// logical order, marks after their letter.
func reverseText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for end := len(s); end > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:end])
		start := end - n
		if r == utf8.RuneError && n == 1 {
			// bytes that are no character stay together, as given
			for start > 0 {
				if r, m := utf8.DecodeLastRuneInString(s[:start]); r != utf8.RuneError || m != 1 {
					break
				}
				start--
			}
		}
		if m, ok := mirrored[r]; ok {
			b.WriteRune(m)
		} else {
			b.WriteString(s[start:end])
		}
		end = start
	}
	return b.String()
}

// mirrored gives the glyph a bracket shows in right-to-left text.
var mirrored = map[rune]rune{
	'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{', '<': '>', '>': '<',
	'«': '»', '»': '«', '‹': '›', '›': '‹',
}

// visualText returns a line of text as it is drawn left to right: Arabic
// joined, and right-to-left words in visual order. It is for one-line
// texts drawn apart from the layout, such as the running header.
func visualText(s string) string {
	if !hasRTL(s) {
		return s
	}
	var items []ibox
	for i, w := range strings.Fields(shapeArabic(s)) {
		if i > 0 {
			items = append(items, ibox{kind: kGlue})
		}
		items = append(items, ibox{kind: kBox, text: w})
	}
	markBidi(items)
	var b strings.Builder
	for _, it := range visualOrder(items, items[0].rtlPara) {
		if it.kind == kGlue {
			b.WriteByte(' ')
		} else {
			b.WriteString(it.text)
		}
	}
	return b.String()
}

// placement is where the drawer puts a mark of right-to-left text over
// or under its letter. fpdf applies none of a font's positioning rules,
// and a font draws a mark where it would sit over a letter of middling
// width (over a narrow initial beh or a yod it would stand beside the
// letter): so the drawer moves it by the letter's outline, as a shaper
// does for a font without such rules.
type placement uint8

const (
	placeAsDrawn placement = iota // where the font draws it
	placeCentre                   // centred over or under the letter
	placeLeft                     // on the letter's left edge
	placeRight                    // on its right edge
)

// placementOf returns where the mark r goes over its letter: the Arabic
// vowel marks, shadda and sukun, and the Hebrew vowel points centred;
// the shin dot right, the sin dot and holam left. Dagesh keeps the
// font's place: in a vav it is a shuruk, beside the letter, not on it.
// The Hebrew cantillation marks keep it too.
func placementOf(r rune) placement {
	switch {
	case r >= 0x064B && r <= 0x0655, r == 0x0670:
		return placeCentre
	case r == 0x05B9 || r == 0x05BA || r == 0x05C2:
		return placeLeft
	case r == 0x05C1:
		return placeRight
	case r >= 0x05B0 && r <= 0x05BB, r == 0x05BD, r == 0x05BF, r == 0x05C7:
		return placeCentre
	}
	return placeAsDrawn
}

// hasPlacedMark reports whether s has a mark the drawer places.
func hasPlacedMark(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0xD6 || c == 0xD7 || c == 0xD9 { // the first byte of U+0580–U+05FF and U+0640–U+067F
			return strings.IndexFunc(s[i:], func(r rune) bool { return placementOf(r) != placeAsDrawn }) >= 0
		}
	}
	return false
}
