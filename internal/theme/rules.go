package theme

import (
	"math"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// Scores of a rule for a post. A pin wins over anything; a matching tag or
// category over keywords; a keyword in the title over a few in the text.
const (
	pinScore          = 1000
	matchScore        = 10
	titleKeywordScore = 3
	minKeywordScore   = 2
)

// applyRules puts each post in the rule that scores it best, if any.
func (g *grouper) applyRules() {
	for i, r := range g.opts.Rules {
		g.drafts = append(g.drafts, &draft{title: strings.TrimSpace(r.Name), description: strings.TrimSpace(r.Description), rule: i, reason: ReasonRule})
	}
	pinned := g.pins()
	for i := range g.posts {
		if ri, ok := pinned[i]; ok {
			g.assign(i, g.drafts[ri], ReasonRule)
			continue
		}
		best, bestScore, reason := -1, 0.0, ""
		for ri, r := range g.opts.Rules {
			m := matchScore * float64(matchCount(r, g.posts[i]))
			k := 0.0
			if len(r.Keywords) > 0 {
				if k = keywordScore(r.Keywords, g.textDocs()[i]); k < minKeywordScore {
					k = 0
				}
			}
			// Ties go to the earlier rule: the book file's order.
			if s := m + k; s > 0 && s > bestScore {
				best, bestScore = ri, s
				reason = ReasonKeywords
				if m > 0 {
					reason = ReasonRule
				}
			}
		}
		if best >= 0 {
			g.assign(i, g.drafts[best], reason)
		}
	}
}

// pins finds the posts each rule pins, warning of pins that find nothing
// and of posts pinned twice (the first rule keeps them).
func (g *grouper) pins() map[int]int {
	pinned := map[int]int{}
	for ri, r := range g.opts.Rules {
		for _, pin := range r.Posts {
			found := false
			for i, p := range g.posts {
				if !pins(pin, p) {
					continue
				}
				found = true
				if prev, ok := pinned[i]; ok && prev != ri {
					g.report.Warn(p.Source, 0, "post %q is pinned by themes %q and %q: it goes to %q", p.Title, g.opts.Rules[prev].Name, r.Name, g.opts.Rules[prev].Name)
					continue
				}
				pinned[i] = ri
			}
			if !found {
				g.report.Warn("", 0, "theme %q pins %q, but no post has that slug or title", r.Name, pin)
			}
		}
	}
	return pinned
}

// pins reports whether a pin of the book file names p, by slug or title.
func pins(pin string, p *book.Post) bool {
	pin = strings.TrimSpace(pin)
	if pin == "" {
		return false
	}
	if p.Slug != "" && strings.EqualFold(strings.Trim(pin, "/"), p.Slug) {
		return true
	}
	return titleKey(pin) == titleKey(p.Title)
}

// matchCount is how many of p's tags and categories a rule matches.
func matchCount(r Rule, p *book.Post) int {
	want := map[string]bool{FoldTerm(r.Name): true}
	for _, m := range append(append([]string(nil), r.Match...), r.Aliases...) {
		if k := FoldTerm(m); k != "" {
			want[k] = true
		}
	}
	seen := map[string]bool{}
	n := 0
	for _, t := range append(append([]string(nil), p.Categories...), p.Tags...) {
		k := FoldTerm(t)
		if want[k] && !seen[k] {
			seen[k] = true
			n++
		}
	}
	return n
}

// keywordScore sums, over keywords, titleKeywordScore when the keyword is
// in the title and log2(1+n) for n times in the text: a post that names a
// subject in its title is about it; one that repeats it is, less surely.
func keywordScore(keywords []string, d *doc) float64 {
	var s float64
	for _, kw := range keywords {
		keys := keyPhrase(kw, d.lang)
		if len(keys) == 0 {
			continue
		}
		ids, ok := d.vocab.keyIDs(keys)
		if !ok {
			continue // a word no post has: the phrase is in none
		}
		if count(d.vocab, d.title, ids) > 0 {
			s += titleKeywordScore
		}
		s += math.Log2(1 + float64(count(d.vocab, d.body, ids)))
	}
	return s
}

// keyIDs returns the indexes of keys, and false if a key is no word's.
func (v *vocab) keyIDs(keys []string) ([]int32, bool) {
	ids := make([]int32, len(keys))
	for i, k := range keys {
		id, ok := v.keyID[k]
		if !ok {
			return nil, false
		}
		ids[i] = id
	}
	return ids, true
}

// count is how many times the phrase keys occurs within a segment of words.
func count(v *vocab, words []int32, keys []int32) int {
	n := 0
next:
	for i := 0; i+len(keys) <= len(words); i++ {
		for j, k := range keys {
			if id := words[i+j]; id == breakMark || v.words[id].key != k {
				continue next
			}
		}
		n++
	}
	return n
}
