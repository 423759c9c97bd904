// Package lang finds the language of posts that do not state one, so that
// the renderers can mark them (lang, xml:lang) and hyphenate and format
// dates by their language. It runs after parsing and before rendering.
package lang

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/parallel"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// minConfidence is the confidence under which Detect answers "": a wrong
// lang attribute makes a reader hyphenate and speak the text wrongly, which
// is worse than none.
const minConfidence = 0.5

// minLetters is the least text worth guessing from: trigram statistics on a
// line or two mistake English for Scots or French for Catalan.
const minLetters = 100

// maxBytes bounds the text looked at: three pieces' votes tell a post's
// language as well as its whole text, at a fraction of the cost.
const maxBytes = 3 * chunkBytes

// chunkBytes is the size of the pieces Detect judges one by one. The
// library's confidence goes wrong (negative) on texts with many distinct
// trigrams, i.e. long ones; a piece of this size stays in its range.
const chunkBytes = 1500

// Detect returns the ISO 639-1 code of the language text is written in,
// such as "en" or "fr", or "" when the text is too short or the guess is
// not reliable. Each piece of the text votes; the language of most pieces
// wins, and a draw is unsure. The answer depends only on text.
func Detect(text string) string {
	if l := byCJKScript(text); l != "" {
		return l
	}
	if l := byStopWords(text); l != "" {
		return l
	}
	if len(text) > maxBytes {
		// A cut in the middle of a character would leave a broken one.
		text = strings.ToValidUTF8(text[:maxBytes], "")
	}
	votes := map[string]int{}
	for _, c := range chunks(text, chunkBytes) {
		if l := detectChunk(c); l != "" {
			votes[l]++
		}
	}
	best, bestVotes, draw := "", 0, false
	for l, v := range votes {
		switch {
		case v > bestVotes:
			best, bestVotes, draw = l, v, false
		case v == bestVotes:
			draw = true
		}
	}
	if draw {
		return ""
	}
	return best
}

// minCJK is the least number of Chinese, Japanese or Korean characters
// worth telling a language from.
const minCJK = 30

// byCJKScript returns "zh", "ja" or "ko" for a text written mostly in
// those scripts, or "". A character of theirs says about what a word of
// five Latin letters says, so a text is theirs when it holds at least a
// third as many of them as Latin letters: a Chinese post that names its
// tools in English is Chinese, where the trigram detector, which weighs
// scripts by characters, took such posts for Portuguese or French. Kana
// make it Japanese, Hangul Korean.
func byCJKScript(text string) string {
	var han, kana, hangul, latin int
	for _, r := range text {
		switch {
		case r < 0x80:
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				latin++
			}
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	cjk := han + kana + hangul
	if cjk < minCJK || 3*cjk < latin {
		return ""
	}
	switch {
	case hangul > han+kana:
		return "ko"
	case kana*10 >= cjk: // Japanese writes its grammar in kana
		return "ja"
	}
	return "zh"
}

// stopWordLists are the languages the quick first pass knows, with their
// stop words from the Snowball stemmers' lists.
var stopWordLists = []struct {
	lang   string
	isStop func(string) bool
}{
	{"en", english.IsStopWord},
	{"fr", french.IsStopWord},
	{"es", spanish.IsStopWord},
	{"sv", swedish.IsStopWord},
	{"no", norwegian.IsStopWord},
	{"hu", hungarian.IsStopWord},
	{"ru", russian.IsStopWord},
}

// Stop words settle most posts at a fraction of the cost of trigrams:
// a language needs at least minStopWords of them among the first words,
// and twice as many as any other language.
const (
	minStopWords   = 12
	stopWordWindow = 400
)

// byStopWords returns the language whose stop words clearly dominate the
// start of text, or "" when none does.
func byStopWords(text string) string {
	counts := make([]int, len(stopWordLists))
	words := 0
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if words++; words > stopWordWindow {
			break
		}
		w = strings.ToLower(w)
		for i, l := range stopWordLists {
			if l.isStop(w) {
				counts[i]++
			}
		}
	}
	best, second := 0, 0
	for i, n := range counts {
		switch {
		case n > counts[best]:
			second, best = counts[best], i
		case i != best && n > second:
			second = n
		}
	}
	if counts[best] < minStopWords || counts[best] < 2*second {
		return ""
	}
	return stopWordLists[best].lang
}

func detectChunk(text string) string {
	if letters(text) < minLetters {
		return ""
	}
	// The library ranks languages after walking a map; ties between the
	// first two give a confidence of 0, so a tie never reaches the answer.
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minConfidence || info.Confidence > 1 {
		return ""
	}
	return info.Lang.Iso6391()
}

// chunks cuts text into pieces of about size bytes at spaces. A short last
// piece joins the one before, so that no scrap votes on its own.
func chunks(text string, size int) []string {
	var out []string
	for len(text) > size {
		i := strings.LastIndexAny(text[:size], " \n\t")
		if i <= 0 {
			// No space: cut before the character that straddles size, or
			// at size when the bytes there are not UTF-8 at all (a cut at
			// 0 would never end).
			i = size
			for i > 0 && !utf8.RuneStart(text[i]) {
				i--
			}
			if i == 0 {
				i = size
			}
		}
		out = append(out, text[:i])
		text = text[i:]
	}
	if len(out) > 0 && len(text) < size/2 {
		out[len(out)-1] += text
	} else {
		out = append(out, text)
	}
	return out
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if r > ' ' && !strings.ContainsRune(".,;:!?()[]{}<>\"'/\\-_*#0123456789", r) {
			n++
		}
	}
	return n
}

// Differs reports whether a post in language post needs its own lang
// attribute in a book in language bookLang: "fr-CA" in a "fr" book does
// not.
func Differs(post, bookLang string) bool {
	return post != "" && book.BaseLang(post) != book.BaseLang(bookLang)
}

// Assign sets the language of every post that has none, from its prose as
// parsed in docs. Posts whose language cannot be told keep "" and so the
// book's language, bookLang. It returns how many posts it set, and notes
// those in another language than the book's in rep.
func Assign(posts []*book.Post, docs markup.Docs, bookLang string, rep *book.Report) int {
	found := make([]string, len(posts))
	wrong := make([]bool, len(posts)) // a stated language the text belies
	// Detection depends on each post's text alone, so posts are looked at
	// in parallel and the results applied in order.
	err := parallel.ForEach(context.Background(), len(posts), func(i int) error {
		d := docs[posts[i].ID]
		if d == nil {
			return nil
		}
		if l := posts[i].Lang; l != "" {
			prose := d.Prose()
			if wrong[i] = contradicts(l, posts[i].Title+"\n"+prose); wrong[i] {
				found[i] = Detect(prose)
			}
			return nil
		}
		found[i] = Detect(d.Prose())
		return nil
	})
	if err != nil {
		panic(err) // only a worker's panic fails here: it is this goroutine's too
	}
	n := 0
	belied := map[[2]string]int{} // stated, found -> posts
	var order [][2]string
	for i, p := range posts {
		if wrong[i] {
			k := [2]string{p.Lang, found[i]}
			if belied[k] == 0 {
				order = append(order, k)
			}
			belied[k]++
			p.Lang = ""
		}
		if l := found[i]; l != "" {
			p.Lang = l
			n++
			if rep != nil && Differs(l, bookLang) {
				rep.Note("%s: language detected as %q", p.Source, l)
			}
		}
	}
	for _, k := range order {
		if rep == nil {
			break
		}
		read := "the book's language"
		if k[1] != "" {
			read = fmt.Sprintf("%q, as their text is", k[1])
		}
		rep.Warn("", 0, "%d posts state the language %q but are written in another script: read as %s", belied[k], k[0], read)
	}
	return n
}
