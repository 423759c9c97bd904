package pdf

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/anthology-book/anthology/assets"
	"github.com/speedata/hyphenation"
)

// hyphenator breaks words of one language at the points its TeX patterns
// allow, with the exceptions TeX gives for it. Its patterns are read the
// first time a word of its language is hyphenated: most books use one
// language of those bundled.
type hyphenator struct {
	tag  string // of the pattern files: hyph-TAG.pat.txt
	once sync.Once
	err  error

	lang       *hyphenation.Lang
	exceptions map[string][]int
}

// bundledHyphenators are the languages with patterns, by langKey.
var bundledHyphenators = map[string]*hyphenator{
	"en": {tag: "en-us"},
	"fr": {tag: "fr"},
}

// hyphenators returns the bundled languages by langKey. Each reads its
// patterns once, when first used; the error is always nil (a failure to
// read the bundled patterns shows in load, and in TestBundledHyphenation).
func hyphenators() (map[string]*hyphenator, error) {
	return bundledHyphenators, nil
}

// load reads h's patterns and exceptions, once.
func (h *hyphenator) load() error {
	h.once.Do(func() { h.err = h.read() })
	return h.err
}

func (h *hyphenator) read() error {
	name := "hyphenation/hyph-" + h.tag + ".pat.txt"
	pat, err := assets.Hyphenation.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read hyphenation patterns %q: %w", name, err)
	}
	l, err := hyphenation.New(bytes.NewReader(pat))
	if err != nil {
		return fmt.Errorf("parse hyphenation patterns %q: %w", name, err)
	}
	// The library keeps Leftmin+1 letters before a break; withinMins
	// checks again, for the exceptions too.
	l.Leftmin, l.Rightmin = leftHyphenMin-1, rightHyphenMin
	h.lang, h.exceptions = l, map[string][]int{}
	if hyp, err := assets.Hyphenation.ReadFile("hyphenation/hyph-" + h.tag + ".hyp.txt"); err == nil {
		s := bufio.NewScanner(bytes.NewReader(hyp))
		s.Split(bufio.ScanWords)
		for s.Scan() {
			var points []int
			n := 0
			for _, r := range s.Text() {
				if r == '-' {
					points = append(points, n)
					continue
				}
				n++
			}
			h.exceptions[strings.ReplaceAll(s.Text(), "-", "")] = points
		}
	}
	return nil
}

// points returns the rune offsets at which word may break. word is made of
// letters only.
func (h *hyphenator) points(word string) []int {
	if h.load() != nil {
		return nil
	}
	lower := strings.ToLower(word)
	p, ok := h.exceptions[lower]
	if !ok {
		p = h.lang.Hyphenate(lower)
	}
	return withinMins(p, utf8.RuneCountInString(lower))
}

// Book typography: two letters at least before a break and three after,
// in English as in French (babel-french's \lefthyphenmin and
// \righthyphenmin), the exceptions' breaks included.
const (
	leftHyphenMin  = 2
	rightHyphenMin = 3
)

// withinMins returns the points that leave leftHyphenMin letters before
// them and rightHyphenMin after, in a word of n letters.
func withinMins(points []int, n int) []int {
	var out []int
	for _, p := range points {
		if p >= leftHyphenMin && n-p >= rightHyphenMin {
			out = append(out, p)
		}
	}
	return out
}

// MaxHyphenLetters is the longest word hyphenated. A longer one is no word
// of a language (a hash, a sequence, a word made up to stall the build),
// and the patterns take time in the square of a word's length.
const MaxHyphenLetters = 64

// hyphenCache remembers the break points of the words of one book. It is
// for one goroutine at a time; fork gives another its own memo.
type hyphenCache struct {
	langs map[string]*hyphenator
	// memo is by language, then word: a key made of both would be a new
	// string on every look-up, and the layout looks up every word.
	memo map[string]map[string][]int
}

// fork returns a cache of the same patterns, with a memo of its own.
func (c *hyphenCache) fork() *hyphenCache { return &hyphenCache{langs: c.langs} }

// breaks returns where word (a run of letters) may take a hyphen, as byte
// offsets, in language lang; none for languages without patterns, for
// short words and for words over MaxHyphenLetters.
func (c *hyphenCache) breaks(lang, word string) []int {
	h := c.langs[lang]
	if h == nil || len(word) < 5 || len(word) > utf8.UTFMax*MaxHyphenLetters || utf8.RuneCountInString(word) > MaxHyphenLetters {
		return nil
	}
	memo := c.memo[lang]
	if p, ok := memo[word]; ok {
		return p
	}
	if memo == nil {
		if c.memo == nil {
			c.memo = map[string]map[string][]int{}
		}
		memo = map[string][]int{}
		c.memo[lang] = memo
	}
	// The word may be cut from a long text: a copy lets that go.
	word = strings.Clone(word)
	runes := 0
	for _, r := range word {
		if !unicode.IsLetter(r) {
			memo[word] = nil
			return nil
		}
		runes++
	}
	var offs []int
	if runes >= 5 {
		points := h.points(word)
		i := 0
		for off := range word {
			if len(points) == 0 {
				break
			}
			if i == points[0] {
				offs = append(offs, off)
				points = points[1:]
			}
			i++
		}
	}
	memo[word] = offs
	return offs
}

// langKey maps a post's BCP 47 tag to the patterns and date format used.
func langKey(tag string) string {
	tag = strings.ToLower(tag)
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	if tag == "" {
		return "en"
	}
	return tag
}
