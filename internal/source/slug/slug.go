// Package slug makes the short address words blogs derive from titles, for
// the sources that give a post no slug of their own (feeds, plain text).
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make returns title in lower case ASCII letters and digits joined by
// hyphens: "Café, l'été !" becomes "cafe-l-ete". Letters without an ASCII
// form are kept as they are.
func Make(title string) string {
	return strings.Join(Words(title), "-")
}

// Words returns the lower-case words of s without accents or punctuation,
// the form in which two spellings of one title compare equal.
func Words(s string) []string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}
