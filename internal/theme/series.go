package theme

import (
	"fmt"
	"sort"
	"strings"
)

// A series is what a blog publishes again and again in one mould: a
// portrait a day, a weekly list of links. Its posts open alike, with the
// series' name ("Sketchbook study of …"), most of them say little besides
// the blog's stock line for the series, and there are many of them. An
// editor puts a series in one chapter, where grouping by the few words of
// each post's own would scatter it by whatever those words are (a colour,
// a hat). A stock line alone makes no series: posts of their own length
// that share one are grouped by their own words (see termCounts).
//
// So posts are a series when at least minSeriesShare of the posts open
// with the same word and say at most maxSeriesOwnWords words of their own
// (the core), and most of that core has words of a stock run (see
// stockSegments). The other posts that open with that word join it,
// unless they say more than maxSeriesPostWords words of their own.

const (
	// maxSeriesOwnWords is the most words of its own (not its title's, not
	// stop words, not a stock run's) a post of a series' core says.
	maxSeriesOwnWords = 12
	// maxSeriesPostWords is the most words of its own any post of a series
	// says: a longer one that opens as the series does is an article.
	maxSeriesPostWords = 50
	// minSeriesShare is the least share of the posts a series' core holds.
	minSeriesShare = 0.2
)

// series returns the series among members, each sorted, in order of their
// first post.
func (c *corpus) series(members []int, minSize int) [][]int {
	if len(c.stock) == 0 {
		return nil
	}
	type tally struct{ core, stock int }
	core, all := map[int32]*tally{}, map[int32][]int{}
	for _, i := range members {
		o := c.opening(i)
		if !o.found || o.own > maxSeriesPostWords {
			continue
		}
		all[o.first] = append(all[o.first], i)
		if o.own <= maxSeriesOwnWords {
			t := core[o.first]
			if t == nil {
				t = &tally{}
				core[o.first] = t
			}
			t.core++
			if o.stock > 0 {
				t.stock++
			}
		}
	}
	least := max(minSize, int(minSeriesShare*float64(len(members))+0.999))
	var out [][]int
	for key, t := range core {
		if t.core >= least && 2*t.stock >= t.core {
			s := all[key]
			sort.Ints(s)
			out = append(out, s)
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a][0] < out[b][0] })
	return out
}

// opening is what the series test reads of a post's text.
type opening struct {
	first int32 // the key of its first word that is no stop word
	found bool  // whether it has one
	stock int   // its words in stock runs that are no stop words
	own   int   // its other words that are no stop words
}

func (c *corpus) opening(i int) opening {
	var o opening
	ids := c.docs[i].body
	skip := 0
	for k, id := range ids {
		if id == breakMark {
			skip = 0
			continue
		}
		if skip == 0 && (k == 0 || ids[k-1] == breakMark) {
			skip = stockPrefix(ids[k:], c.stock)
		}
		w := c.vocab.words[id]
		if !o.found && !w.stop {
			o.first, o.found = w.key, true
		}
		switch {
		case skip > 0:
			skip--
			if !w.stop {
				o.stock++
			}
		case !w.stop:
			o.own++
		}
	}
	return o
}

// applySeries gives each series among rest a chapter of its own and
// returns the posts of rest in none.
func (g *grouper) applySeries(c *corpus, rest []int, minSize int) []int {
	found := c.series(rest, minSize)
	if len(found) == 0 {
		return rest
	}
	taken := map[string]bool{FoldTerm(Other): true}
	for _, d := range g.drafts {
		taken[FoldTerm(d.title)] = true
	}
	in := map[int]bool{}
	for _, s := range found {
		words := c.seriesWords(s)
		name := strings.Join(words, " ")
		for n := 2; taken[FoldTerm(name)]; n++ {
			name = fmt.Sprintf("%s %d", strings.Join(words, " "), n)
		}
		taken[FoldTerm(name)] = true
		d := &draft{title: name, rule: -1, reason: ReasonCluster, words: words}
		if g.scores == nil {
			g.scores = map[int]float64{}
		}
		for _, i := range s {
			g.assign(i, d, ReasonCluster)
			g.scores[i] = 1 // wholly the series'
			in[i] = true
		}
		g.drafts = append(g.drafts, d)
	}
	var left []int
	for _, i := range rest {
		if !in[i] {
			left = append(left, i)
		}
	}
	return left
}

// seriesWords names a series from the stock line its first post opens
// with: its first words up to the first stop word after one that is not
// ("PaperFaces Portrait" of "PaperFaces portrait of …"), at most three.
func (c *corpus) seriesWords(s []int) []string {
	ids := c.docs[s[0]].body
	for k, id := range ids {
		if id == breakMark || k > 0 && ids[k-1] != breakMark {
			continue
		}
		n := stockPrefix(ids[k:], c.stock)
		if n == 0 {
			continue
		}
		var words []string
		for _, id := range ids[k : k+n] {
			w := c.vocab.words[id]
			if w.stop {
				if len(words) > 0 {
					break
				}
				continue
			}
			words = append(words, displayTerm(w.surface))
			if len(words) == 3 {
				break
			}
		}
		return words
	}
	return nil
}
