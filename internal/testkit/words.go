package testkit

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// ligatures are the presentation forms a PDF's text may hold where the
// XHTML holds letters.
var ligatures = strings.NewReplacer(
	"\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi",
	"\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st",
)

// apostrophes are the characters typography may turn a ' into.
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "\u2032", "'")

// isHyphen reports whether r joins the two parts of a word, or of a word
// broken at a line's end.
func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// startsWord reports whether r begins a word; a mark (an accent NFC could
// not compose, a vowel sign) only continues one.
func startsWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isWordRune(r rune) bool { return startsWord(r) || unicode.IsMark(r) }

// Words splits text into the words a reader would compare: lower case,
// NFC, made of Unicode letters, digits and marks. Ligatures are spelled
// out; soft hyphens are dropped; a hyphen at a line's end between two
// letters ("hyphen-\nation", as pdftotext writes a word the PDF broke) is
// dropped with the line break, and a hyphen inside a word joins its parts
// ("well-known" is "wellknown"), so that a compound broken at its own
// hyphen reads the same in both books; so does an address broken before
// its hyphen, which leads the next line ("aci\n-connector"). An apostrophe between two word
// characters, straight or curly, stays in the word as "'". Variation
// selectors and zero-width joiners are dropped, so that an emoji or the
// "↩︎" of a footnote is no word.
func Words(text string) []string {
	text = norm.NFC.String(apostrophes.Replace(ligatures.Replace(text)))
	orig := []rune(text) // its case tells a new paragraph after a blank line
	rs := make([]rune, len(orig))
	for i, r := range orig {
		rs[i] = unicode.ToLower(r)
	}
	var words []string
	var w []rune
	flush := func() {
		if len(w) > 0 {
			words = append(words, string(w))
			w = w[:0]
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.Is(unicode.Variation_Selector, r), r == '\u00ad', r == '\u200d':
			// Asks for a glyph's style (the ︎ of "↩︎") or marks a break or
			// a join: part of no word, and no word ends there.
		case len(w) == 0 && startsWord(r), len(w) > 0 && isWordRune(r):
			w = append(w, r)
		case (isHyphen(r) || r == '\'') && len(w) > 0:
			next := i + 1
			if isHyphen(r) {
				next = skipLineBreak(orig, next)
			}
			if next < len(rs) && isWordRune(rs[next]) {
				if r == '\'' {
					w = append(w, r)
				}
				i = next - 1
				continue
			}
			flush()
		case len(w) > 0 && unicode.IsSpace(r):
			// an address broken before its hyphen ("aci\n-connector")
			// goes on with it on the next line
			if next := skipLineBreak(orig, i); next > i && next+1 < len(rs) && isHyphen(rs[next]) && isWordRune(rs[next+1]) {
				i = next
				continue
			}
			flush()
		default:
			flush()
		}
	}
	flush()
	return words
}

// skipLineBreak returns the index after the blanks around one line break
// starting at i, or i when no line break follows. A page break (form
// feed) or a blank line right after the line break counts as part of it:
// pdftotext writes a word the PDF broke across two pages with a form feed
// between its halves, and puts a blank line before a line it finds set
// lower than the one above (one holding an emoji, say) when the rest is
// in lower case.
func skipLineBreak(rs []rune, i int) int {
	j := i
	for j < len(rs) && (rs[j] == ' ' || rs[j] == '\t') {
		j++
	}
	if j == len(rs) || rs[j] != '\n' {
		return i
	}
	blank := false
	for j++; j < len(rs) && (rs[j] == ' ' || rs[j] == '\t' || rs[j] == '\f' || rs[j] == '\n'); j++ {
		blank = blank || rs[j] == '\n'
	}
	// After a blank line only a word's lower-case rest goes on it: a
	// capital starts a new paragraph.
	if blank && (j == len(rs) || !unicode.IsLower(rs[j])) {
		return i
	}
	return j
}

// Recall returns the share of want's words, counted as a multiset, that got
// holds: 1 when every word of want appears in got at least as often, 0
// when none does. An empty want is wholly recalled.
func Recall(want, got []string) float64 {
	if len(want) == 0 {
		return 1
	}
	left := make(map[string]int, len(got))
	for _, w := range got {
		left[w]++
	}
	found := 0
	for _, w := range want {
		if left[w] > 0 {
			left[w]--
			found++
		}
	}
	return float64(found) / float64(len(want))
}
