package theme

import (
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

// token is one word of a post: its key for matching and counting (lower
// case, stemmed for the post's language, accents stripped) and the
// spelling it had, for chapter names.
type token struct {
	key     string
	surface string
	stop    bool // a stop word or too short to tell anything
}

// segment is a run of words with no sentence or block break inside:
// phrases and word pairs are only looked for within one.
type segment []token

// doc is a post reduced to what theme work reads: its words.
type doc struct {
	post  *book.Post
	lang  string // "en" or "fr": the stemmer used
	title []segment
	body  []segment
}

var markdown = goldmark.New(goldmark.WithExtensions(extension.GFM))

// newDoc reads a post's title and Markdown body into words.
func newDoc(p *book.Post) *doc {
	body := plainText(p.Body)
	d := &doc{post: p, lang: guessLang(p.Lang, p.Title+" "+body)}
	d.title = tokenize(p.Title, d.lang)
	d.body = tokenize(body, d.lang)
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

// tokenize splits text into segments of words, each with its key in lang.
func tokenize(text, lang string) []segment {
	var segs []segment
	for _, part := range strings.FieldsFunc(text, isSentenceBreak) {
		var seg segment
		for _, w := range strings.FieldsFunc(part, isWordBreak) {
			seg = append(seg, newToken(w, lang))
		}
		if len(seg) > 0 {
			segs = append(segs, seg)
		}
	}
	return segs
}

func newToken(w, lang string) token {
	lower := strings.ToLower(w)
	t := token{surface: w, key: stem(lower, lang)}
	t.stop = isStopWord(lower) || !telling(w)
	return t
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
