package lang

import (
	"unicode"

	"golang.org/x/text/language"
)

// A stated language is sometimes plainly wrong: a site's feed for its
// Arabic pages says "en-us", a theme's archetype writes "en" in every
// post. A language is written in a script; a post whose letters are
// almost none of that script is not in it, and is read as its text says.

// scripts are the letters of the scripts a stated language is checked
// against, by ISO 15924 code as golang.org/x/text/language gives a
// language's likely script. A language of another script is trusted.
var scripts = map[string][]*unicode.RangeTable{
	"Latn": {unicode.Latin},
	"Cyrl": {unicode.Cyrillic},
	"Grek": {unicode.Greek},
	"Arab": {unicode.Arabic},
	"Hebr": {unicode.Hebrew},
	"Deva": {unicode.Devanagari},
	"Beng": {unicode.Bengali},
	"Thai": {unicode.Thai},
	"Hans": {unicode.Han},
	"Hant": {unicode.Han},
	"Jpan": {unicode.Han, unicode.Hiragana, unicode.Katakana},
	"Kore": {unicode.Hangul, unicode.Han},
}

// OtherScript reports whether languages a and b are written in different
// scripts, as far as their tags tell.
func OtherScript(a, b string) bool {
	ta, errA := language.Parse(a)
	tb, errB := language.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	sa, ca := ta.Script()
	sb, cb := tb.Script()
	return ca != language.No && cb != language.No && sa != sb
}

// minScriptLetters is the least number of letters that can belie a
// stated language: a title's worth.
const minScriptLetters = 10

// minScriptShare is the share of a text's letters that must be in the
// script of its stated language for the statement to stand.
const minScriptShare = 0.1

// contradicts reports whether text, long enough to tell, has almost none
// of its letters in the script lang is written in.
func contradicts(lang, text string) bool {
	tag, err := language.Parse(lang)
	if err != nil {
		return false
	}
	script, conf := tag.Script()
	tables, ok := scripts[script.String()]
	if !ok || conf == language.No {
		return false
	}
	letters, in := 0, 0
	for _, r := range text {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if unicode.In(r, tables...) {
			in++
		}
		if letters >= 4*minLetters && float64(in) >= minScriptShare*float64(letters) {
			return false // settled: no need to read the rest
		}
	}
	return letters >= minScriptLetters && float64(in) < minScriptShare*float64(letters)
}
