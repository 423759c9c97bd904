package theme

import (
	"sort"
)

// Chapters found from text are built around key terms, as an editor
// would file posts: a few words that many posts are about (in their
// titles or among their most telling words), chosen so that together
// they cover the most posts, each post then going to the chosen word that
// tells most about it. Each choice rests on counts over all posts, which
// one post more or less barely changes, and each post's place on its own
// words: the chapters hold still as a blog grows.

// prominentTerms is how many of a post's heaviest terms, besides those of
// its title, say what it is about.
const prominentTerms = 3

// maxChapterShare is the largest share of the posts a key term may be
// prominent in: a word in more is the blog's, not a chapter's.
const maxChapterShare = 0.35

// keyTermClusters groups members around at most k key terms and returns
// the groups (sorted, in order of their first member) and each post's
// score: its share of its topic once a topic model started
// from the key terms' groups has moved the posts a key term misfiled (a
// post on SQLite that says "query" more than "SQLite").
func (c *corpus) keyTermClusters(members []int, k, minSize int) ([][]int, map[int]float64) {
	scores := map[int]float64{}
	prominent := make(map[int][]int, len(members)) // member -> its prominent terms
	carriers := map[int][]int{}                    // term -> members it is prominent in
	for _, i := range members {
		terms := c.prominent(i)
		prominent[i] = terms
		for _, t := range terms {
			carriers[t] = append(carriers[t], i)
		}
	}
	limit := int(maxChapterShare * float64(len(members)))
	var cands []int
	for t, list := range carriers {
		if len(list) >= minSize && len(list) <= max(limit, minSize) {
			cands = append(cands, t)
		}
	}
	sort.Slice(cands, func(a, b int) bool { return c.terms[cands[a]] < c.terms[cands[b]] })
	// Greedy cover: the term prominent in most posts not yet covered.
	covered := map[int]bool{}
	chosen := map[int]bool{}
	var keys []int
	for len(keys) < k {
		best, bestGain, bestValue := -1, 0, 0.0
		for _, t := range cands {
			if chosen[t] {
				continue
			}
			gain := 0
			for _, i := range carriers[t] {
				if !covered[i] {
					gain++
				}
			}
			// A word many posts use in passing ("error", "file") is
			// prominent in few of them; a subject in most.
			value := float64(gain) * float64(len(carriers[t])) / float64(c.df[t])
			if gain >= minSize && value > bestValue {
				best, bestGain, bestValue = t, gain, value
			}
		}
		if best < 0 || bestGain < minSize {
			break
		}
		chosen[best] = true
		keys = append(keys, best)
		for _, i := range carriers[best] {
			covered[i] = true
		}
	}
	byKey := map[int][]int{}
	for _, i := range members {
		t, share := c.bestKey(i, chosen)
		if t < 0 {
			byKey[-1-i] = []int{i} // about none of the key terms: folded later
			continue
		}
		byKey[t] = append(byKey[t], i)
		scores[i] = share
	}
	byKey = c.topicsFrom(byKey, members, scores)
	var groups [][]int
	for _, g := range byKey {
		sort.Ints(g)
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool { return groups[a][0] < groups[b][0] })
	return groups, scores
}

// prominent is the terms of post i's title and its heaviest terms.
func (c *corpus) prominent(i int) []int {
	seen := map[int]bool{}
	var out []int
	for _, id := range c.docs[i].title {
		if id == breakMark {
			continue
		}
		w := c.vocab.words[id]
		if j := c.termOf[w.key]; !w.stop && j >= 0 && !seen[j] {
			seen[j] = true
			out = append(out, j)
		}
	}
	vec := append(vector(nil), c.vecs[i]...)
	sort.Slice(vec, func(a, b int) bool {
		if vec[a].w != vec[b].w {
			return vec[a].w > vec[b].w
		}
		return vec[a].term < vec[b].term
	})
	for _, e := range vec[:min(prominentTerms, len(vec))] {
		if !seen[e.term] {
			seen[e.term] = true
			out = append(out, e.term)
		}
	}
	return out
}

// bestKey is the key term with the most weight in post i, and its share
// of the weight of all the key terms the post has; -1 when it has none.
func (c *corpus) bestKey(i int, keys map[int]bool) (int, float64) {
	best, bestW, sum := -1, 0.0, 0.0
	for _, e := range c.vecs[i] {
		if keys[e.term] {
			sum += e.w
			if e.w > bestW {
				best, bestW = e.term, e.w
			}
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, bestW / sum
}

// topicsFrom fits a topic model started from the groups and puts each
// post in its strongest topic.
func (c *corpus) topicsFrom(byKey map[int][]int, members []int, scores map[int]float64) map[int][]int {
	var keys []int
	for t, g := range byKey {
		if t >= 0 && len(g) > 0 {
			keys = append(keys, t)
		}
	}
	sort.Ints(keys)
	seeds := map[int]int{}
	for x, t := range keys {
		for _, i := range byKey[t] {
			seeds[i] = x
		}
	}
	fit := members
	if len(fit) > maxFitPosts {
		step := float64(len(fit)) / maxFitPosts
		fit = nil
		for i := 0; i < maxFitPosts; i++ {
			fit = append(fit, members[int(float64(i)*step)])
		}
	}
	m := c.fitTopics(fit, len(keys), seeds)
	out := map[int][]int{}
	for _, i := range members {
		t, share := m.assign(c.vecs[i])
		if t < 0 {
			out[-1-i] = []int{i}
			continue
		}
		out[keys[t]] = append(out[keys[t]], i)
		scores[i] = share
	}
	return out
}
