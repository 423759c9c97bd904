package theme

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
)

// minFoldSimilarity is the least average similarity at which a post of a
// group too small to be a chapter joins the nearest chapter rather than
// Other.
const minFoldSimilarity = 0.02

// minKeyTermPosts is the fewest posts grouped around key terms: in fewer,
// counts of posts per word are too small to choose words by, and the
// topics come from the matrix of their words alone.
const minKeyTermPosts = 100

// maxAutoChapters is the most chapters found by text unless --chapters
// asks for more: a book of more is no longer read by its contents.
const maxAutoChapters = 40

// applyClusters groups the posts that rules and taxonomy left by their
// text. Without --chapters it aims at about the square root of their
// number of chapters (at most maxAutoChapters); with it, at what the
// other chapters leave of N.
func (g *grouper) applyClusters() {
	rest := g.unassigned()
	if len(rest) == 0 {
		return
	}
	minSize := g.opts.minSize()
	c := newCorpus(g.textDocs())
	rest = g.applySeries(c, rest, minSize)
	if len(rest) == 0 {
		return
	}
	target := min(int(math.Round(math.Sqrt(float64(len(rest))))), maxAutoChapters)
	if g.opts.Chapters > 0 {
		target = g.opts.Chapters
		for _, d := range g.drafts {
			if d.rule < 0 || len(d.members) > 0 {
				target--
			}
		}
	}
	target = max(target, 1)
	var small []int
	var found []*draft
	groups, scores := g.textGroups(c, rest, target, minSize)
	// A group whose posts share only a language the blog is mostly not
	// written in is no theme: its posts are set aside, and the others
	// grouped again into as many chapters.
	var aside []int
	kept := rest
	for _, group := range groups {
		if g.oneMinorLanguage(group) {
			aside = append(aside, group...)
		}
	}
	if len(aside) > 0 {
		out := map[int]bool{}
		for _, i := range aside {
			out[i] = true
		}
		kept = nil
		for _, i := range rest {
			if !out[i] {
				kept = append(kept, i)
			}
		}
		groups, scores = g.textGroups(c, kept, target, minSize)
		small = append(small, aside...)
	}
	if g.scores == nil {
		g.scores = map[int]float64{}
	}
	for i, x := range scores {
		g.scores[i] = x
	}
	for _, group := range groups {
		if len(group) < minSize {
			small = append(small, group...)
			continue
		}
		d := &draft{rule: -1, reason: ReasonCluster}
		for _, i := range group {
			g.assign(i, d, ReasonCluster)
		}
		found = append(found, d)
		g.drafts = append(g.drafts, d)
	}
	for _, d := range append(g.nameClusters(c, found), g.languageOnly(found)...) {
		// A group with no telling word in common is no theme after all.
		for _, i := range d.members {
			g.where[i] = nil
		}
		small = append(small, d.members...)
		d.members = nil
	}
	g.fold(c, small)
}

// textGroups groups members by their text into about k groups.
func (g *grouper) textGroups(c *corpus, members []int, k, minSize int) ([][]int, map[int]float64) {
	if len(members) < minKeyTermPosts {
		return c.topicClusters(members, k)
	}
	return c.keyTermClusters(members, k, minSize)
}

// oneMinorLanguage reports whether the posts of group are all in one
// language that most of the blog is not written in.
func (g *grouper) oneMinorLanguage(group []int) bool {
	if len(group) == 0 {
		return false
	}
	count := map[string]int{}
	for _, p := range g.posts {
		count[book.BaseLang(p.Lang)]++
	}
	lang := book.BaseLang(g.posts[group[0]].Lang)
	if lang == mostUsedCount(count) {
		return false
	}
	for _, i := range group {
		if book.BaseLang(g.posts[i].Lang) != lang {
			return false
		}
	}
	return true
}

// languageOnly returns the chapters found by text whose posts are all in
// a language most of the blog is not written in: what they share is
// their language's words, not a subject.
func (g *grouper) languageOnly(found []*draft) []*draft {
	count := map[string]int{}
	for _, p := range g.posts {
		count[book.BaseLang(p.Lang)]++
	}
	main := mostUsedCount(count)
	var out []*draft
	for _, d := range found {
		if len(d.members) == 0 {
			continue
		}
		lang := book.BaseLang(g.posts[d.members[0]].Lang)
		same := lang != main
		for _, i := range d.members {
			same = same && book.BaseLang(g.posts[i].Lang) == lang
		}
		if same {
			out = append(out, d)
		}
	}
	return out
}

func mostUsedCount(m map[string]int) string {
	best, n := "", -1
	for k, v := range m {
		if v > n || v == n && k < best {
			best, n = k, v
		}
	}
	return best
}

// fold puts each post of a group too small to be a chapter into the
// automatic chapter whose posts its text is nearest to, or into Other.
// Rules' chapters take no one: they hold what the blogger asked for.
func (g *grouper) fold(c *corpus, posts []int) {
	var targets []*draft
	var members [][]int
	for _, d := range g.drafts {
		if d.rule < 0 && len(d.members) > 0 {
			targets = append(targets, d)
			members = append(members, append([]int(nil), d.members...))
		}
	}
	var other *draft
	for _, d := range g.drafts {
		if FoldTerm(d.title) == FoldTerm(Other) {
			other = d // the book file's own Other
		}
	}
	sort.Ints(posts)
	for _, i := range posts {
		best, bestSim := -1, minFoldSimilarity
		for t := range targets {
			if s := c.similarity(i, members[t]); best < 0 && s >= bestSim || s > bestSim+1e-12 {
				best, bestSim = t, s
			}
		}
		if best >= 0 {
			g.assign(i, targets[best], ReasonCluster)
			continue
		}
		if other == nil {
			other = &draft{title: Other, rule: -1, reason: ReasonOther}
			g.drafts = append(g.drafts, other)
		}
		g.assign(i, other, ReasonOther)
	}
}

// nameClusters titles each cluster from its most telling words, as a
// person would: "Kubernetes & Containers". Names already taken by other
// chapters are skipped, so that no two chapters share a title. It returns
// the clusters it found no name for.
func (g *grouper) nameClusters(c *corpus, drafts []*draft) []*draft {
	var unnamed []*draft
	taken := map[string]bool{FoldTerm(Other): true}
	for _, d := range g.drafts {
		taken[FoldTerm(d.title)] = true
	}
	authors := g.authorKeys()
	for _, d := range drafts {
		var words []string
		var terms []int
		var first float64
		for _, st := range c.tellingTerms(d.members, 8) {
			spelled, ok := c.namingSpelling(st.term)
			w := displayTerm(spelled)
			if !ok || taken[FoldTerm(w)] || authors[c.terms[st.term]] || c.boilerplate(st.term) {
				continue
			}
			if len(words) == 0 {
				words, terms, first = []string{w}, []int{st.term}, st.score
				continue
			}
			if st.score < first/3 || isNumeronym(w, words[0]) || isNumeronym(words[0], w) || sameRoot(w, words[0]) {
				continue
			}
			words, terms = append(words, w), append(terms, st.term)
			break
		}
		d.words = append([]string(nil), words...)
		if len(terms) == 2 {
			// Two words the posts write side by side are one name, in
			// their order: "Hacker School", not "Schools & Hackers".
			if p, ok := c.phrase(d.members, terms[0], terms[1]); ok && !taken[FoldTerm(p)] {
				words = []string{p}
			}
		}
		if len(words) == 0 {
			unnamed = append(unnamed, d)
			continue
		}
		name := strings.Join(words, " & ")
		for n := 2; taken[FoldTerm(name)]; n++ {
			name = fmt.Sprintf("%s %d", strings.Join(words, " & "), n)
		}
		taken[FoldTerm(name)] = true
		d.title = name
	}
	return unnamed
}

// authorKeys is the keys of the words of the posts' authors' names: the
// blog's own people are on every page of it, not its subjects.
func (g *grouper) authorKeys() map[string]bool {
	keys := map[string]bool{}
	for _, d := range g.textDocs() {
		if d.post.Author == "" {
			continue
		}
		for _, w := range strings.FieldsFunc(d.post.Author, isWordBreak) {
			keys[stem(strings.ToLower(w), d.lang)] = true
		}
	}
	return keys
}

// isNumeronym reports whether short abbreviates long by its first and last
// letters around a count of the letters between, as "K8s" does
// "Kubernetes" and "i18n" "internationalization".
func isNumeronym(short, long string) bool {
	s, l := []rune(strings.ToLower(short)), []rune(strings.ToLower(long))
	if len(s) < 3 || len(l) < 4 || s[0] != l[0] || s[len(s)-1] != l[len(l)-1] {
		return false
	}
	return string(s[1:len(s)-1]) == fmt.Sprint(len(l)-2)
}

// sameRoot reports words that begin alike for long enough to be one word
// in two forms: the shorter one, but for its last letter, begins the
// longer ("App" and "Application", "Docs" and "Documentation").
func sameRoot(a, b string) bool {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	common := 0
	for common < len(ra) && common < len(rb) && ra[common] == rb[common] {
		common++
	}
	return common >= max(3, min(len(ra), len(rb))-1)
}
