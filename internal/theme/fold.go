package theme

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// FoldTerm reduces a tag, category or alias to the key that decides whether
// two spellings name the same theme: case, accents, plural endings and
// separators do not count, so "Machine-Learning", "machine learning" and
// "machine_learnings" are one theme, and so are "Kubernetes" and
// "kubernetès".
func FoldTerm(term string) string {
	return singular(strings.Join(strings.FieldsFunc(stripAccents(strings.ToLower(term)), isSeparator), ""))
}

func isSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
}

// singular drops the plural ending of an English or French word, roughly:
// enough that a tag and its plural fold together, not a stemmer.
func singular(w string) string {
	n := len(w)
	switch {
	case n > 6 && strings.HasSuffix(w, "ies"): // "stories", not "séries"
		return w[:n-3] + "y"
	case n > 3 && (strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is")):
		return w
	case n > 3 && (w[n-1] == 's' || w[n-1] == 'x'):
		return w[:n-1]
	}
	return w
}

var accents = runes.Remove(runes.In(unicode.Mn))

// stripAccents removes combining marks after canonical decomposition, so
// "é" becomes "e" and "ç" becomes "c".
func stripAccents(s string) string {
	if isASCII(s) {
		return s
	}
	t := transform.Chain(norm.NFD, accents, norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// displayTerm turns the spelling of a term found in posts into a chapter
// title: spellings with capitals of their own ("IoT", "Azure DevOps") stay
// as written, lower-case ones are title-cased word by word.
func displayTerm(s string) string {
	s = strings.TrimSpace(s)
	if strings.ToLower(s) != s {
		return s
	}
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' })
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}
