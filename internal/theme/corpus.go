package theme

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// titleWeight is how many times a word of the title counts: a title says
// what a post is about better than any sentence of its text.
const titleWeight = 3

// entry is one term of a vector and its weight.
type entry struct {
	term int
	w    float64
}

// vector is a sparse TF-IDF vector of unit length, sorted by term: sums
// over it run in one order, so that the same posts give the same bits.
type vector []entry

func (v vector) dot(u vector) float64 {
	var s float64
	for i, j := 0, 0; i < len(v) && j < len(u); {
		switch {
		case v[i].term < u[j].term:
			i++
		case v[i].term > u[j].term:
			j++
		default:
			s += v[i].w * u[j].w
			i++
			j++
		}
	}
	return s
}

func (v vector) has(term int) bool {
	k := sort.Search(len(v), func(i int) bool { return v[i].term >= term })
	return k < len(v) && v[k].term == term
}

// corpus is the vocabulary of a set of posts and their TF-IDF vectors.
type corpus struct {
	docs    []*doc
	vocab   *vocab
	terms   []string         // term index -> key ("kubernet", "public present")
	termOf  []int            // vocab key index -> term index, -1 if no term
	df      []int            // term index -> number of posts that have it
	surface []map[string]int // term index -> spelling -> count
	vecs    []vector         // parallel to docs
	// stockOnly is, by term, the number of posts that have it only in
	// the blog's boilerplate (stockSegments).
	stockOnly []int
	// asVerb and asNoun count the uses of a term right after a word that
	// comes before verbs ("we", "to", "can") or before nouns ("the",
	// "my"): a word used mostly as a verb makes no chapter title.
	asVerb, asNoun []int
	// stock is the blog's boilerplate, by the hash of each run (see
	// stockSegments).
	stock map[uint64]bool
}

var verbCues = wordSet("i you we they he she it to can cannot will would should could must may might " +
	"also just then je tu il elle nous vous ils elles on")

var nounCues = wordSet("the a an my your our their his her its this these those of some many " +
	"le la les un une des du mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs")

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// countContexts fills asVerb and asNoun from the posts' text.
func (c *corpus) countContexts() {
	v := c.vocab
	cue := make([]int8, len(v.words)) // 1 verb cue, 2 noun cue
	for id, w := range v.words {
		switch l := strings.ToLower(w.surface); {
		case verbCues[l]:
			cue[id] = 1
		case nounCues[l]:
			cue[id] = 2
		}
	}
	c.asVerb, c.asNoun = make([]int, len(c.terms)), make([]int, len(c.terms))
	for _, d := range c.docs {
		for k := 1; k < len(d.body); k++ {
			prev, id := d.body[k-1], d.body[k]
			if prev == breakMark || id == breakMark || cue[prev] == 0 {
				continue
			}
			if j := c.termOf[v.words[id].key]; j >= 0 {
				if cue[prev] == 1 {
					c.asVerb[j]++
				} else {
					c.asNoun[j]++
				}
			}
		}
	}
}

// keyCount is how many times a post uses a key, title words weighing more.
type keyCount struct {
	key, n int32
}

// termCounts counts a post's words, with the title's words weighing more,
// into counts (by key, zero on entry and on return), adds each word's uses
// to uses, and returns the post's counts. A word of the blog's
// boilerplate counts once, however often the post repeats it: "Painted
// with watercolor", a stock line, still says what the post shows, but its
// words must not outweigh the post's own. stockOnly counts, by key, the
// posts that have a word from boilerplate alone.
func termCounts(d *doc, counts []int32, uses []int, stock map[uint64]bool, stockOnly []int) []keyCount {
	var out []keyCount
	var boiler []int32 // words of stock segments
	add := func(ids []int32, weight int32) {
		skip := 0 // words left of a stock segment
		for k, id := range ids {
			if id == breakMark {
				skip = 0
				continue
			}
			if skip == 0 && (k == 0 || ids[k-1] == breakMark) && len(stock) > 0 {
				skip = stockPrefix(ids[k:], stock)
			}
			if skip > 0 {
				skip--
				boiler = append(boiler, id)
				continue
			}
			w := &d.vocab.words[id]
			if w.stop {
				continue
			}
			if counts[w.key] == 0 {
				out = append(out, keyCount{key: w.key})
			}
			counts[w.key] += weight
			// Title words count once like any other for spelling: titles
			// capitalize words that are not names.
			uses[id]++
		}
	}
	body := stock
	stock = nil // a title is the post's own, however many posts share it
	add(d.title, titleWeight)
	stock = body
	add(d.body, 1)
	for _, id := range boiler {
		if w := &d.vocab.words[id]; !w.stop && counts[w.key] == 0 {
			out = append(out, keyCount{key: w.key})
			counts[w.key] = 1
			stockOnly[w.key]++
		}
	}
	for i := range out {
		out[i].n = counts[out[i].key]
		counts[out[i].key] = 0
	}
	return out
}

// minStockWords is the fewest words of a stock segment: shorter runs are
// phrases any writer repeats. maxStockWords is the longest run looked
// for: boilerplate is short, and a longer run shared word for word is the
// posts' content, copied.
const (
	minStockWords = 3
	maxStockWords = 16
)

// segmentPrefixes calls f with the hash of each prefix of the segment
// ids starts with, from minStockWords to maxStockWords words long.
func segmentPrefixes(ids []int32, f func(h uint64, n int)) {
	h := uint64(14695981039346656037)
	for n, id := range ids {
		if id == breakMark || n == maxStockWords {
			return
		}
		h = (h ^ uint64(uint32(id))) * 1099511628211
		if n+1 >= minStockWords {
			f(h, n+1)
		}
	}
}

// stockPrefix is the number of words of the longest stock run the
// segment ids starts with, 0 for none.
func stockPrefix(ids []int32, stock map[uint64]bool) int {
	longest := 0
	segmentPrefixes(ids, func(h uint64, n int) {
		if stock[h] {
			longest = n
		}
	})
	return longest
}

// stockSegments finds the boilerplate of a blog: runs of minStockWords to
// maxStockWords words at the start of a segment (from one punctuation
// mark to the next) that recur word for word in many posts: a signature,
// "Video on YouTube" before each embedded video, a stock line about the
// post's subject ending in a different name each time. Their words say
// how the blog is made, not what a post is about.
func stockSegments(docs []*doc) map[uint64]bool {
	posts := map[uint64]int{}
	for _, d := range docs {
		seen := map[uint64]bool{}
		for k, id := range d.body {
			if id == breakMark || k > 0 && d.body[k-1] != breakMark {
				continue
			}
			segmentPrefixes(d.body[k:], func(h uint64, _ int) {
				if !seen[h] {
					seen[h] = true
					posts[h]++
				}
			})
		}
	}
	least := max(3, len(docs)/20)
	stock := map[uint64]bool{}
	for h, n := range posts {
		if n >= least {
			stock[h] = true
		}
	}
	return stock
}

// addSpelling counts one more use of a spelling.
func addSpelling(m map[string]int, surface string) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[surface]++
	return m
}

// newCorpus builds the TF-IDF vectors of docs, whose words are all of one
// vocabulary. Terms that only one post has cannot bring two posts
// together, and terms most posts have cannot set any apart: both are left
// out.
func newCorpus(docs []*doc) *corpus {
	c := &corpus{docs: docs, vocab: newVocab(nil)}
	if len(docs) > 0 {
		c.vocab = docs[0].vocab
	}
	v := c.vocab
	counts := make([][]keyCount, len(docs))
	df := make([]int, len(v.keys))
	uses := make([]int, len(v.words))
	stockOnly := make([]int, len(v.keys))
	scratch := make([]int32, len(v.keys))
	stock := stockSegments(docs)
	c.stock = stock
	for i, d := range docs {
		counts[i] = termCounts(d, scratch, uses, stock, stockOnly)
		for _, kc := range counts[i] {
			df[kc.key]++
		}
	}
	n := len(docs)
	maxDF := int(math.Ceil(0.5 * float64(n)))
	var keys []int32
	for k, f := range df {
		if f >= 2 && f <= maxDF {
			keys = append(keys, int32(k))
		}
	}
	sort.Slice(keys, func(a, b int) bool { return v.keys[keys[a]] < v.keys[keys[b]] })
	c.termOf = make([]int, len(v.keys))
	for k := range c.termOf {
		c.termOf[k] = -1
	}
	for i, k := range keys {
		c.termOf[k] = i
		c.terms = append(c.terms, v.keys[k])
		c.df = append(c.df, df[k])
		c.stockOnly = append(c.stockOnly, stockOnly[k])
	}
	c.surface = make([]map[string]int, len(keys))
	for id, u := range uses {
		w := v.words[id]
		if j := c.termOf[w.key]; u > 0 && j >= 0 {
			if c.surface[j] == nil {
				c.surface[j] = map[string]int{}
			}
			c.surface[j][w.surface] += u
		}
	}
	for i := range docs {
		var vec vector
		for _, kc := range counts[i] {
			if j := c.termOf[kc.key]; j >= 0 {
				w := (1 + math.Log(float64(kc.n))) * math.Log(float64(n)/float64(c.df[j]))
				vec = append(vec, entry{j, w})
			}
		}
		counts[i] = nil
		sort.Slice(vec, func(a, b int) bool { return vec[a].term < vec[b].term })
		var norm float64
		for _, e := range vec {
			norm += e.w * e.w
		}
		if norm > 0 {
			norm = math.Sqrt(norm)
			for k := range vec {
				vec[k].w /= norm
			}
		}
		c.vecs = append(c.vecs, vec)
	}
	c.countContexts()
	return c
}

// boilerplate reports a term most of whose posts have it only in the
// blog's stock lines ("portrait of project donator"): it says how the blog
// is written, and names no chapter.
func (c *corpus) boilerplate(j int) bool {
	return 2*c.stockOnly[j] > c.df[j]
}

// phrase returns the words of terms a and b as the members' titles and
// text write them next to each other ("Hacker School", "David Beazley"),
// when they do so often enough to be one name rather than two.
func (c *corpus) phrase(members []int, a, b int) (string, bool) {
	v := c.vocab
	pairs := map[[2]string]int{}
	together, total := 0, 0
	for _, i := range members {
		d := c.docs[i]
		for _, ids := range [][]int32{d.title, d.body} {
			for k := range ids {
				if ids[k] == breakMark {
					continue
				}
				j := c.termOf[v.words[ids[k]].key]
				if j != a && j != b {
					continue
				}
				total++
				if k+1 < len(ids) && ids[k+1] != breakMark {
					if n := c.termOf[v.words[ids[k+1]].key]; n != j && (n == a || n == b) {
						together++
						pairs[[2]string{v.words[ids[k]].surface, v.words[ids[k+1]].surface}]++
					}
				}
			}
		}
	}
	// Each time the two stand together, two of the uses counted are theirs.
	if together < 2 || 2*together*3 < total {
		return "", false
	}
	best, bestN := [2]string{}, 0
	for p, n := range pairs {
		if n > bestN || n == bestN && p[0]+" "+p[1] < best[0]+" "+best[1] {
			best, bestN = p, n
		}
	}
	return displayTerm(best[0]) + " " + displayTerm(best[1]), true
}

// similarity is the average similarity of post i to the posts of group.
func (c *corpus) similarity(i int, group []int) float64 {
	if len(group) == 0 {
		return 0
	}
	var s float64
	for _, j := range group {
		s += c.vecs[i].dot(c.vecs[j])
	}
	return s / float64(len(group))
}

// scoredTerm is a term index and how well it tells a group apart.
type scoredTerm struct {
	term  int
	score float64
}

// tellingTerms ranks the terms that set a group apart from the other
// posts: frequent inside, rare outside, shared by many of its posts.
func (c *corpus) tellingTerms(group []int, n int) []scoredTerm {
	in := map[int]bool{}
	for _, i := range group {
		in[i] = true
	}
	score := map[int]float64{}
	have, titled := map[int]int{}, map[int]int{}
	rest := len(c.vecs) - len(group)
	for i, v := range c.vecs {
		for _, e := range v {
			j, x := e.term, e.w
			if in[i] {
				score[j] += x / float64(len(group))
				have[j]++
			} else if rest > 0 {
				score[j] -= x / float64(rest)
			}
		}
		if in[i] {
			for _, id := range c.docs[i].title {
				if id == breakMark {
					continue
				}
				if w := c.vocab.words[id]; !w.stop && c.termOf[w.key] >= 0 {
					titled[c.termOf[w.key]]++
				}
			}
		}
	}
	var terms []int
	for j, s := range score {
		if have[j] >= 2 && s > 0 {
			// Words that titles use name a chapter better than words of
			// the text: "Containers" over "clusters".
			cover := float64(have[j]) / float64(len(group))
			score[j] = s * cover * cover * (1 + float64(titled[j])/float64(len(group)))
			terms = append(terms, j)
		}
	}
	sort.Slice(terms, func(a, b int) bool {
		ta, tb := terms[a], terms[b]
		if score[ta] != score[tb] {
			return score[ta] > score[tb]
		}
		return c.terms[ta] < c.terms[tb]
	})
	if len(terms) > n {
		terms = terms[:n]
	}
	out := make([]scoredTerm, len(terms))
	for i, j := range terms {
		out[i] = scoredTerm{j, score[j]}
	}
	return out
}

// spelling is the most frequent way a term is written, ignoring case, in
// the case most often used for it.
func (c *corpus) spelling(j int) string {
	forms := c.lowerForms(j)
	return c.inUsualCase(j, mostUsed(forms))
}

// lowerForms counts the spellings of term j, ignoring case.
func (c *corpus) lowerForms(j int) map[string]int {
	forms := map[string]int{}
	for s, n := range c.surface[j] {
		forms[strings.ToLower(s)] += n
	}
	return forms
}

// inUsualCase is the case most often used for the spelling lower.
func (c *corpus) inUsualCase(j int, lower string) string {
	cased := map[string]int{}
	for s, n := range c.surface[j] {
		if strings.ToLower(s) == lower {
			cased[s] = n
		}
	}
	return mostUsed(cased)
}

// nounSuffixes end words that name things, not actions.
var nounSuffixes = []string{"ment", "tion", "sion", "ance", "ence", "ity", "ness", "ship", "ism"}

// namingSpelling is the spelling of a term for a chapter title, where
// nouns read better than verbs: the plural when posts use it
// ("Containers"), else a noun form ("Attendance" over "attend"). It
// reports false for a term mostly used as a verb ("discussed"), which
// would make a poor title.
func (c *corpus) namingSpelling(j int) (string, bool) {
	forms := c.lowerForms(j)
	usual := mostUsed(forms)
	plurals, nouns := map[string]int{}, map[string]int{}
	verbs, total := 0, 0
	for f, n := range forms {
		total += n
		switch {
		case pluralLike(f) && (f == usual || forms[f[:len(f)-1]] > 0):
			plurals[f] = n
		case hasAnySuffix(f, nounSuffixes):
			nouns[f] = n
		case strings.HasSuffix(f, "ed") || strings.HasSuffix(f, "ing"):
			verbs += n
		}
	}
	switch {
	case isAdverb(usual):
		return "", false // "digitally": how, not what
	case isOrdinal(usual):
		return "", false // "4th", "2e": a place in a list, not a subject
	case c.asVerb != nil && c.asVerb[j] >= 2 && c.asVerb[j] > c.asNoun[j]:
		return "", false // "sends", "installs": mostly said of what someone does
	case len(plurals) > 0 && 3*plurals[mostUsed(plurals)] >= total:
		return c.inUsualCase(j, mostUsed(plurals)), true
	case len(nouns) > 0:
		return c.inUsualCase(j, mostUsed(nouns)), true
	case 2*verbs >= total:
		return "", false
	}

	return c.inUsualCase(j, usual), true
}

// adverbSuffixes end English adverbs made from adjectives: a word of
// seven letters or more that ends so ("digitally", "previously",
// "carefully") says how, and is no subject.
var adverbSuffixes = []string{"ally", "ously", "ively", "fully", "ately", "ingly"}

func isAdverb(lower string) bool {
	return len([]rune(lower)) >= 7 && hasAnySuffix(lower, adverbSuffixes)
}

// ordinal is a number written as a rank: English "1st", "22nd", "4th",
// French "1er", "2e", "3ème".
var ordinal = regexp.MustCompile(`^\d+(?:st|nd|rd|th|er|re|e|ème|eme|è)$`)

func isOrdinal(lower string) bool { return ordinal.MatchString(lower) }

func pluralLike(f string) bool {
	return len(f) > 3 && strings.HasSuffix(f, "s") && !hasAnySuffix(f, []string{"ss", "us", "is"})
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// coverage is how many of members have term j.
func (c *corpus) coverage(j int, members []int) float64 {
	n := 0
	for _, i := range members {
		if c.vecs[i].has(j) {
			n++
		}
	}
	return float64(n)
}
