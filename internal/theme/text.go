package theme

import (
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
)

// word is one spelling of a word in one language: its key for matching
// and counting (lower case, stemmed for the language, accents stripped)
// and the spelling, for chapter names.
type word struct {
	surface string
	key     int32 // index into vocab.keys
	stop    bool  // a stop word or too short to tell anything
}

// vocab holds the words of the posts grouped together, each once. A post
// keeps its text as indexes into it, four bytes a word: a blog of 50 MB
// has tens of millions of words but only tens of thousands of spellings.
type vocab struct {
	mu    sync.Mutex
	ids   map[string]map[string]int32 // lang -> spelling -> index into words
	words []word
	keyID map[string]int32 // key -> index into keys
	keys  []string
	// langs are the languages whose stop words are stop words in every
	// post (blogLangs).
	langs []string
}

func newVocab(langs []string) *vocab {
	return &vocab{ids: map[string]map[string]int32{}, keyID: map[string]int32{}, langs: langs}
}

// blogLangs are the languages at least a tenth of posts are written in: a
// blog that writes in German and English quotes each in the other, and
// the grammar words of either tell nothing of a post.
func blogLangs(posts []*book.Post) []string {
	count := map[string]int{}
	for _, p := range posts {
		count[docLang(p.Lang)]++
	}
	var out []string
	for l, n := range count {
		if 10*n >= len(posts) {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// intern returns the index of w, spelled so in a post of lang. It is safe
// for concurrent use.
func (v *vocab) intern(w, lang string) int32 {
	v.mu.Lock()
	i, ok := v.ids[lang][w]
	v.mu.Unlock()
	if ok {
		return i
	}
	// Stemming is slow: do it without holding the lock.
	lower := withoutOptionalMarks(strings.ToLower(w))
	key := stem(lower, lang)
	stop := isStopWord(lower, lang, v.langs) || !telling(w)
	v.mu.Lock()
	defer v.mu.Unlock()
	if i, ok := v.ids[lang][w]; ok {
		return i
	}
	k, ok := v.keyID[key]
	if !ok {
		k = int32(len(v.keys))
		v.keyID[key] = k
		v.keys = append(v.keys, key)
	}
	i = int32(len(v.words))
	// The spelling is cut from the post's text: a copy lets that go.
	w = strings.Clone(w)
	v.words = append(v.words, word{surface: w, key: k, stop: stop})
	if v.ids[lang] == nil {
		v.ids[lang] = map[string]int32{}
	}
	v.ids[lang][w] = i
	return i
}

// breakMark ends a segment, a run of words with no sentence or block break
// inside: phrases are only looked for within one.
const breakMark = -1

// doc is a post reduced to what theme work reads: its words, as indexes
// into vocab, segments ending with breakMark.
type doc struct {
	post  *book.Post
	vocab *vocab
	lang  string // "en" or "fr": the stemmer used
	title []int32
	body  []int32
}

// newDoc reads a post's title and running text (see Options.Prose) into
// words of v.
func newDoc(p *book.Post, prose string, v *vocab) *doc {
	title, body := splitWords(p.Title), splitWords(dropAddresses(prose))
	d := &doc{post: p, vocab: v, lang: docLang(p.Lang)}
	seen := map[string]int32{} // spares the shared vocabulary's lock
	d.title = d.intern(title, seen)
	d.body = d.intern(body, seen)
	return d
}

// intern turns words from splitWords into indexes into the doc's vocabulary,
// each segment ended by breakMark. seen holds the words interned already.
func (d *doc) intern(words []string, seen map[string]int32) []int32 {
	out := make([]int32, len(words))
	for i, w := range words {
		if w == "" {
			out[i] = breakMark
			continue
		}
		id, ok := seen[w]
		if !ok {
			id = d.vocab.intern(w, d.lang)
			seen[w] = id
		}
		out[i] = id
	}
	return out
}

// docLang is the language a post's words are read in: its own, stated or
// detected before grouping, or English. It chooses the stemmer (French
// for French, English for every other language, where at worst it leaves
// words as they are) and the stop words.
func docLang(lang string) string {
	if l := strings.ToLower(book.BaseLang(lang)); l != "" {
		return l
	}
	return "en"
}

// isWordBreak reports the runes between words. A combining mark belongs
// to its letter: Devanagari's vowel signs and virama, Arabic's and
// Hebrew's vowel points are inside words ("क्रिकेट", "آثَارٌ").
func isWordBreak(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// optionalMark reports the marks a writer may leave out: Arabic's harakat
// and Hebrew's points, which most texts omit. A word is the same word
// with or without them ("آثَارٌ" is "آثار").
func optionalMark(r rune) bool {
	return r >= 0x0591 && r <= 0x05C7 && unicode.Is(unicode.Mn, r) ||
		r >= 0x0610 && r <= 0x061A || r >= 0x064B && r <= 0x065F || r == 0x0670 ||
		r >= 0x06D6 && r <= 0x06ED && unicode.Is(unicode.Mn, r)
}

// withoutOptionalMarks is w without its optional marks.
func withoutOptionalMarks(w string) string {
	if strings.IndexFunc(w, optionalMark) < 0 {
		return w
	}
	return strings.Map(func(r rune) rune {
		if optionalMark(r) {
			return -1
		}
		return r
	}, w)
}

// isSentenceBreak reports the punctuation that ends a phrase.
func isSentenceBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '“', '”', '«', '»', '—', '–', '…', '\n', '|':
		return true
	}
	return false
}

// splitWords cuts text into its words, in order, with an empty string
// ending each segment: each run of words no sentence break divides. It
// reads the text once and keeps slices of it, a post's text being long.
func splitWords(text string) []string {
	words := make([]string, 0, len(text)/6)
	start := -1 // where the word being read starts
	inSegment := false
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case !isWordBreak(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && isApostrophe(r) && i+size < len(text):
			// Inside a word: "l'IA" and "qu'il" lose their elided article,
			// "women's" its possessive, and "couldn't" stays one word, which
			// tells nothing ("Couldn" is no subject).
			next := text[i+size:]
			switch after := leadingLetters(next); {
			case after == "":
				words = append(words, text[start:i])
				start, inSegment = -1, true
			case after == "s" || after == "S":
				words = append(words, text[start:i])
				start, inSegment = -1, true
				size += 1
			case isElided(text[start:i]):
				start = i + size
			}
		case start >= 0:
			words = append(words, text[start:i])
			start, inSegment = -1, true
		}
		if inSegment && isSentenceBreak(r) {
			words = append(words, "")
			inSegment = false
		}
		i += size
	}
	if start >= 0 {
		words = append(words, text[start:])
		inSegment = true
	}
	if inSegment {
		words = append(words, "")
	}
	return words
}

// abjad reports whether w is written in the Arabic or Hebrew script.
func abjad(w string) bool {
	for _, r := range w {
		if unicode.IsLetter(r) {
			return unicode.In(r, unicode.Arabic, unicode.Hebrew)
		}
	}
	return false
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// leadingLetters is the run of letters s starts with.
func leadingLetters(s string) string {
	for i, r := range s {
		if !unicode.IsLetter(r) {
			return s[:i]
		}
	}
	return s
}

// isElided reports the words that lose a vowel before another word, in
// French ("l'", "d'", "qu'", "jusqu'") and Italian ("dell'").
func isElided(w string) bool {
	switch strings.ToLower(w) {
	case "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "dell", "nell", "all", "sull":
		return true
	}
	return utf8.RuneCountInString(w) <= 2
}

// telling reports whether a word is long enough to carry a subject: two
// letters only as an acronym written in capitals ("AI", "IA", "ML"), and
// never a bare number.
func telling(w string) bool {
	if strings.ContainsAny(w, "'’") {
		return false // a contraction: "couldn't", "we're"
	}
	hasLetter, cased, n := false, false, 0
	for _, r := range w {
		if unicode.IsMark(r) {
			continue // a vowel sign is part of its letter
		}
		n++
		hasLetter = hasLetter || unicode.IsLetter(r)
		cased = cased || unicode.IsUpper(r) || unicode.IsLower(r)
	}
	switch {
	case !hasLetter || n < 2:
		return false
	case n == 2 && cased:
		return strings.ToUpper(w) == w
	case n == 2:
		// Arabic's and Hebrew's words of two letters are particles ("عن",
		// "في", "על"); elsewhere without capitals they may be words ("电影",
		// "음악", "घर"), and the language's stop words tell the others.
		return !abjad(w)
	}
	return true
}

// stem reduces a lower-case word to its stem in lang, then strips accents
// so that "kubernetès" and "Kubernetes" share a key. Plurals are dropped
// first: Snowball leaves short words such as "SLAs" as they are.
func stem(lower, lang string) string {
	key := lang + "\x00" + lower
	if s, ok := stems.Load(key); ok {
		return s.(string)
	}
	s := stemWord(lower, lang)
	stems.Store(key, s)
	return s
}

// stems remembers the stems already found: Snowball is slow, and a blog
// uses the same few thousand words again and again.
var stems sync.Map

func stemWord(lower, lang string) string {
	lower = singular(lower)
	var s string
	if lang == "fr" {
		s = french.Stem(lower, true)
	} else {
		s = english.Stem(lower, true)
	}
	return stripAccents(s)
}

// keyPhrase turns a keyword of a book file into the keys to look for, in
// order, in a post of lang. Stop words stay: "Internet of Things" is a
// phrase of three words.
func keyPhrase(phrase, lang string) []string {
	var keys []string
	for _, w := range strings.FieldsFunc(phrase, isWordBreak) {
		keys = append(keys, stem(strings.ToLower(w), lang))
	}
	return keys
}
