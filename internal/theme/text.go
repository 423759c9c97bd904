package theme

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gtext "github.com/yuin/goldmark/text"
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
	ids   map[string]int32 // lang + "\x00" + spelling -> index into words
	words []word
	keyID map[string]int32 // key -> index into keys
	keys  []string
}

func newVocab() *vocab {
	return &vocab{ids: map[string]int32{}, keyID: map[string]int32{}}
}

// intern returns the index of w, spelled so in a post of lang. It is safe
// for concurrent use.
func (v *vocab) intern(w, lang string) int32 {
	id := lang + "\x00" + w
	v.mu.Lock()
	i, ok := v.ids[id]
	v.mu.Unlock()
	if ok {
		return i
	}
	// Stemming is slow: do it without holding the lock.
	lower := strings.ToLower(w)
	key := stem(lower, lang)
	stop := isStopWord(lower) || !telling(w)
	v.mu.Lock()
	defer v.mu.Unlock()
	if i, ok := v.ids[id]; ok {
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
	v.words = append(v.words, word{surface: strings.Clone(w), key: k, stop: stop})
	v.ids[id] = i
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

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// newDoc reads a post's title and Markdown body into words of v.
func newDoc(p *book.Post, v *vocab) *doc {
	body := plainText(p.Body)
	d := &doc{post: p, vocab: v, lang: guessLang(p.Lang, p.Title+" "+body)}
	d.title = tokenize(p.Title, d.lang, v)
	d.body = tokenize(body, d.lang, v)
	return d
}

// plainText extracts the words a reader sees from Markdown: code blocks,
// raw HTML and link addresses say little about a post's subject.
func plainText(src []byte) string {
	root := markdown.Parser().Parse(gtext.NewReader(src))
	var b strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock, *ast.RawHTML, *ast.AutoLink, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		default:
			if n.Type() == ast.TypeBlock && !entering {
				// A block ends a sentence even without a full stop.
				b.WriteString(".\n")
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// guessLang picks the stemmer of a post: its declared language when that
// is English or French, else whichever language's common words are more
// frequent in its text. Other languages get the English stemmer, which
// at worst leaves their words as they are.
func guessLang(declared, text string) string {
	switch l := strings.ToLower(declared); {
	case strings.HasPrefix(l, "fr"):
		return "fr"
	case l != "":
		return "en"
	}
	var en, fr int
	for _, w := range strings.FieldsFunc(strings.ToLower(text), isWordBreak) {
		if english.IsStopWord(w) {
			en++
		}
		if french.IsStopWord(w) {
			fr++
		}
	}
	if fr > en {
		return "fr"
	}
	return "en"
}

func isWordBreak(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// isSentenceBreak reports the punctuation that ends a phrase.
func isSentenceBreak(r rune) bool {
	switch r {
	case '.', ',', ';', ':', '!', '?', '(', ')', '[', ']', '"', '“', '”', '«', '»', '—', '–', '…', '\n', '|':
		return true
	}
	return false
}

// tokenize splits text into segments of words of v, each segment ended by
// breakMark.
func tokenize(text, lang string, v *vocab) []int32 {
	var out []int32
	seen := map[string]int32{} // spares the shared vocabulary's lock
	for _, part := range strings.FieldsFunc(text, isSentenceBreak) {
		n := len(out)
		for _, w := range strings.FieldsFunc(part, isWordBreak) {
			id, ok := seen[w]
			if !ok {
				id = v.intern(w, lang)
				seen[w] = id
			}
			out = append(out, id)
		}
		if len(out) > n {
			out = append(out, breakMark)
		}
	}
	return slices.Clip(out)
}

// telling reports whether a word is long enough to carry a subject: two
// letters only as an acronym written in capitals ("AI", "IA", "ML"), and
// never a bare number.
func telling(w string) bool {
	hasLetter := false
	for _, r := range w {
		if unicode.IsLetter(r) {
			hasLetter = true
			break
		}
	}
	switch n := len([]rune(w)); {
	case !hasLetter || n < 2:
		return false
	case n == 2:
		return strings.ToUpper(w) == w
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
