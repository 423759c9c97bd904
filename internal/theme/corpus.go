package theme

import (
	"math"
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
}

// keyCount is how many times a post uses a key, title words weighing more.
type keyCount struct {
	key, n int32
}

// termCounts counts a post's words, with the title's words weighing more,
// into counts (by key, zero on entry and on return), adds each word's uses
// to uses, and returns the post's counts.
func termCounts(d *doc, counts []int32, uses []int) []keyCount {
	var out []keyCount
	add := func(ids []int32, weight int32) {
		for _, id := range ids {
			if id == breakMark {
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
	add(d.title, titleWeight)
	add(d.body, 1)
	for i := range out {
		out[i].n = counts[out[i].key]
		counts[out[i].key] = 0
	}
	return out
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
	c := &corpus{docs: docs, vocab: newVocab()}
	if len(docs) > 0 {
		c.vocab = docs[0].vocab
	}
	v := c.vocab
	counts := make([][]keyCount, len(docs))
	df := make([]int, len(v.keys))
	uses := make([]int, len(v.words))
	scratch := make([]int32, len(v.keys))
	for i, d := range docs {
		counts[i] = termCounts(d, scratch, uses)
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
	return c
}

// merge is one step of agglomerative clustering: group b joins group a,
// sim being the average similarity between them.
type merge struct {
	a, b int
	sim  float64
}

// dendrogram clusters the posts members (indexes into c.docs) by
// average-linkage agglomerative clustering over cosine similarity, and
// returns the merges from n singletons down to one group. It needs no seed
// and, the posts being sorted first, gives the same tree for the same
// posts in any input order.
func (c *corpus) dendrogram(members []int) []merge {
	n := len(members)
	sim := c.similarities(members)
	size := make([]float64, n)
	for i := range size {
		size[i] = 1
	}
	var merges []merge
	for len(merges) < n-1 {
		bi, bj, best := -1, -1, math.Inf(-1)
		for i := 0; i < n; i++ {
			if size[i] == 0 {
				continue
			}
			for j := i + 1; j < n; j++ {
				// The margin keeps float noise from deciding a tie: the
				// first pair in post order wins it.
				if size[j] > 0 && sim[i][j] > best+1e-12 {
					bi, bj, best = i, j, sim[i][j]
				}
			}
		}
		// Lance-Williams update for average linkage.
		ni, nj := size[bi], size[bj]
		for m := 0; m < n; m++ {
			if size[m] > 0 && m != bi && m != bj {
				s := (ni*sim[bi][m] + nj*sim[bj][m]) / (ni + nj)
				sim[bi][m], sim[m][bi] = s, s
			}
		}
		size[bi], size[bj] = ni+nj, 0
		merges = append(merges, merge{bi, bj, best})
	}
	return merges
}

// similarities is the matrix of cosine similarities between members,
// summed term by term over the posts that have each term: the vectors are
// sparse, and most pairs of posts share few terms.
func (c *corpus) similarities(members []int) [][]float64 {
	n := len(members)
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	type posting struct {
		doc int
		w   float64
	}
	postings := make([][]posting, len(c.terms))
	for i, m := range members {
		for _, e := range c.vecs[m] {
			postings[e.term] = append(postings[e.term], posting{i, e.w})
		}
	}
	for _, list := range postings {
		for a, pa := range list {
			for _, pb := range list[a+1:] {
				x := pa.w * pb.w
				sim[pa.doc][pb.doc] += x
				sim[pb.doc][pa.doc] += x
			}
		}
	}
	return sim
}

// maxTreePosts is the most posts clustered by the tree itself: it needs a
// matrix of every pair (1,500 posts: 18 MB) and time in the cube of the
// posts. Beyond, a sample is clustered and the other posts join the group
// they are on average most similar to, so memory stays linear.
const maxTreePosts = 1500

// sampledClusters clusters an evenly spread sample of members (sorted
// already, so the sample does not depend on input order) with the tree,
// then puts every other post in the group whose posts it is, on average,
// most similar to (ties: the earlier group); the posts like none of them
// are clustered the same way, apart.
func (c *corpus) sampledClusters(members []int, target, minSize int) [][]int {
	n := len(members)
	step := (n + maxTreePosts - 1) / maxTreePosts
	var sample []int
	inSample := map[int]bool{}
	for i := 0; i < n; i += step {
		sample = append(sample, members[i])
		inSample[members[i]] = true
	}
	scaled := max(1, (minSize*len(sample)+n-1)/n)
	groups := c.clusters(sample, target, scaled)
	// The average similarity to a group is the dot product with the sum
	// of its vectors, over its size.
	sums := make([]map[int]float64, len(groups))
	for gi, g := range groups {
		sums[gi] = map[int]float64{}
		for _, m := range g {
			for _, e := range c.vecs[m] {
				sums[gi][e.term] += e.w
			}
		}
	}
	sizes := make([]float64, len(groups))
	for gi, g := range groups {
		sizes[gi] = float64(len(g))
	}
	var left []int // posts like no group of the sample
	for _, m := range members {
		if inSample[m] {
			continue
		}
		best, bestSim := 0, math.Inf(-1)
		for gi, sum := range sums {
			sim := 0.0
			for _, e := range c.vecs[m] {
				sim += e.w * sum[e.term]
			}
			if sim /= sizes[gi]; sim > bestSim+1e-12 {
				best, bestSim = gi, sim
			}
		}
		if bestSim < minFoldSimilarity {
			left = append(left, m)
			continue
		}
		groups[best] = append(groups[best], m)
	}
	// A subject the sample missed makes groups of its own.
	groups = append(groups, c.clusters(left, target, minSize)...)
	for _, g := range groups {
		sort.Ints(g)
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a][0] < groups[b][0] })
	return groups
}

// cut replays the first steps of a dendrogram over members and returns
// the groups then, each sorted, in order of their first member.
func cut(members []int, merges []merge, steps int) [][]int {
	groups := make([][]int, len(members))
	for i, m := range members {
		groups[i] = []int{m}
	}
	for _, m := range merges[:steps] {
		groups[m.a] = append(groups[m.a], groups[m.b]...)
		groups[m.b] = nil
	}
	var out [][]int
	for _, g := range groups {
		if g != nil {
			sort.Ints(g)
			out = append(out, g)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// clusters cuts the tree of members where it has target groups of at
// least minSize posts, as late as possible so that few posts are left in
// smaller groups; when no cut has that many, it takes the cut with the
// most. Small groups are returned too: the caller folds them.
func (c *corpus) clusters(members []int, target, minSize int) [][]int {
	if len(members) == 0 {
		return nil
	}
	if len(members) > maxTreePosts {
		return c.sampledClusters(members, target, minSize)
	}
	merges := c.dendrogram(members)
	bestSteps, bestBig := 0, -1
	for steps := 0; steps <= len(merges); steps++ {
		if steps > 0 && merges[steps-1].sim < minFoldSimilarity {
			// Groups with next to nothing in common are no chapter.
			break
		}
		big := 0
		for _, g := range cut(members, merges, steps) {
			if len(g) >= minSize {
				big++
			}
		}
		switch {
		case big == target:
			bestSteps, bestBig = steps, big
		case bestBig != target && big >= bestBig:
			bestSteps, bestBig = steps, big
		}
	}
	return cut(members, merges, bestSteps)
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
	case len(plurals) > 0:
		return c.inUsualCase(j, mostUsed(plurals)), true
	case len(nouns) > 0:
		return c.inUsualCase(j, mostUsed(nouns)), true
	case 2*verbs >= total:
		return "", false
	}
	return c.inUsualCase(j, usual), true
}

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
