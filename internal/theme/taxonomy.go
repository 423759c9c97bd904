package theme

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/anthology-book/anthology/internal/book"
)

// languageNames are tags that say what language a post is in, not what it
// is about: a chapter "English" is not a theme a reader wants.
var languageNames = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields("en english anglais fr french francais français de german deutsch allemand es spanish espanol español castellano it italian italiano italien pt portuguese portugues português nl dutch nederlands") {
		m[FoldTerm(s)] = true
	}
	return m
}()

// markerNames are tags that say how a blog files or rates a post, not
// what it is about: Eleventy's collection tag "post", "favorite".
var markerNames = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields("post posts blog article articles favorite favourite featured highlight draft uncategorized uncategorised misc miscellaneous general other random note notes") {
		m[FoldTerm(s)] = true
	}
	return m
}()

// everywhere is the share of the tagged posts beyond which a term tells
// no post apart from the others.
const everywhere = 0.8

type taxon struct {
	key, reason string
}

// applyTaxonomy gives posts left by the rules the category or tag they
// share with enough other posts. A term carried by fewer than the minimum
// chapter size is not usable; nor is one whose posts all go elsewhere.
// Posts with no usable term are left to clustering.
func (g *grouper) applyTaxonomy() {
	minSize := g.opts.minSize()
	rest := g.unassigned()
	terms := map[int][]taxon{}
	carriers := map[string]int{}
	spellings := map[string]map[string]int{}
	for _, i := range rest {
		seen := map[string]bool{}
		p := g.posts[i]
		add := func(list []string, reason string) {
			for _, t := range list {
				k := FoldTerm(t)
				if k == "" || seen[k] {
					continue
				}
				// A two-letter code names a language in lower case
				// only: "IT" is a subject, "it" Italian.
				if languageNames[k] && (len(k) > 2 || strings.ToLower(t) == t) {
					g.report.Note("%s: %s %q names a language, not a theme: not used for chapters", p.Source, reason, t)
					continue
				}
				seen[k] = true
				terms[i] = append(terms[i], taxon{k, reason})
				carriers[k]++
				spellings[k] = addSpelling(spellings[k], strings.TrimSpace(t))
			}
		}
		add(p.Categories, ReasonCategory)
		add(p.Tags, ReasonTag)
	}
	tagged := 0
	for _, i := range rest {
		if len(terms[i]) > 0 {
			tagged++
		}
	}
	usable := map[string]bool{}
	for k, n := range carriers {
		usable[k] = n >= minSize
		if markerNames[k] || tagged >= 10 && float64(n) > everywhere*float64(tagged) {
			usable[k] = false
			g.report.Note("%q is on %d of %d tagged posts or marks posts rather than a subject: not used for chapters", mostUsed(spellings[k]), n, tagged)
		}
	}
	g.mergeCooccurring(rest, terms, carriers, spellings, usable)
	var choice map[int]taxon
	for {
		choice = map[int]taxon{}
		size := map[string]int{}
		for _, i := range rest {
			if t, ok := bestTaxon(terms[i], usable, carriers); ok {
				choice[i] = t
				size[t.key]++
			}
		}
		small := ""
		for k, n := range size {
			if n < minSize && (small == "" || n < size[small] || n == size[small] && k < small) {
				small = k
			}
		}
		if small == "" {
			break
		}
		usable[small] = false
	}
	byKey := map[string]*draft{}
	for _, i := range rest {
		t, ok := choice[i]
		if !ok {
			continue
		}
		d := byKey[t.key]
		if d == nil {
			d = &draft{title: displayTerm(tagSpelling(spellings[t.key])), rule: -1, reason: t.reason, key: t.key}
			byKey[t.key] = d
			g.drafts = append(g.drafts, d)
			if len(spellings[t.key]) > 1 {
				g.report.Warn("", 0, "%s merged into one chapter %q", quoteAll(spellings[t.key]), d.title)
			}
		}
		g.assign(i, d, t.reason)
	}
	for _, d := range byKey {
		d.title = g.writtenAs(d.title, d.members)
	}
}

// writtenAs is how the posts of members write a one-word title that their
// tags spell in lower case only: "PC" for the tag "pc", "GitHub" for
// "github", when most of the posts' mentions (of the first 20 posts) have
// those capitals; else title as it is.
func (g *grouper) writtenAs(title string, members []int) string {
	tag := strings.ToLower(title)
	if strings.ContainsAny(title, " -_") || title != displayTerm(tag) {
		return title
	}
	if !isASCII(tag) {
		return title
	}
	forms := map[string]int{}
	for _, i := range members[:min(len(members), 10)] {
		countForms(g.opts.prose(g.posts[i]), tag, forms)
	}
	total := 0
	for _, n := range forms {
		total += n
	}
	best := mostUsed(forms)
	if best == "" || best == tag || 2*forms[best] <= total || strings.ToLower(best) == best {
		return title
	}
	return best
}

// countForms counts in forms each spelling of the ASCII word tag that
// text holds as a word of its own, whatever its case.
func countForms(text, tag string, forms map[string]int) {
	n := len(tag)
	for i := 0; i+n <= len(text); i++ {
		if text[i]|0x20 != tag[0]|0x20 || !strings.EqualFold(text[i:i+n], tag) {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[i+n:])
		if (i == 0 || isWordBreak(before)) && (i+n == len(text) || isWordBreak(after)) {
			forms[text[i:i+n]]++
		}
		i += n - 1
	}
}

// cooccurring is the share of a term's posts that must also carry
// another, more common term for the two to be one theme.
const cooccurring = 0.9

// mergeCooccurring makes one theme of terms that go together: a term
// whose posts nearly all carry another, more common term ("containers"
// with "kubernetes") takes that term's key, and so its chapter and name.
func (g *grouper) mergeCooccurring(rest []int, terms map[int][]taxon, carriers map[string]int, spellings map[string]map[string]int, usable map[string]bool) {
	pairs := map[[2]string]int{}
	for _, i := range rest {
		for _, a := range terms[i] {
			for _, b := range terms[i] {
				if a.key != b.key {
					pairs[[2]string{a.key, b.key}]++
				}
			}
		}
	}
	into := map[string]string{}
	for p, n := range pairs {
		a, b := p[0], p[1]
		if !usable[b] || carriers[a] < 2 || carriers[b] < carriers[a] || carriers[b] == carriers[a] && b > a {
			continue
		}
		if float64(n) >= cooccurring*float64(carriers[a]) {
			if cur, ok := into[a]; !ok || carriers[b] > carriers[cur] || carriers[b] == carriers[cur] && b < cur {
				into[a] = b
			}
		}
	}
	if len(into) == 0 {
		return
	}
	root := func(k string) string {
		for range len(into) + 1 {
			next, ok := into[k]
			if !ok {
				break
			}
			k = next
		}
		return k
	}
	var merged []string
	for a := range into {
		merged = append(merged, a)
	}
	sort.Strings(merged)
	for _, a := range merged {
		g.report.Note("%q goes with %q on nearly every post: one theme", mostUsed(spellings[a]), mostUsed(spellings[root(a)]))
	}
	for _, i := range rest {
		seen := map[string]bool{}
		var out []taxon
		for _, t := range terms[i] {
			t.key = root(t.key)
			if !seen[t.key] {
				seen[t.key] = true
				out = append(out, t)
			}
		}
		terms[i] = out
	}
}

// bestTaxon picks a post's theme among its usable terms: categories before
// tags, then the term more posts share, then the one the post lists first.
func bestTaxon(terms []taxon, usable map[string]bool, carriers map[string]int) (taxon, bool) {
	var best taxon
	found := false
	for _, t := range terms {
		if !usable[t.key] {
			continue
		}
		if !found || t.reason == ReasonCategory && best.reason == ReasonTag ||
			t.reason == best.reason && carriers[t.key] > carriers[best.key] {
			best, found = t, true
		}
	}
	return best, found
}

// mostUsed is the spelling used most, the first in byte order on a tie.
func mostUsed(m map[string]int) string {
	best := ""
	for s, n := range m {
		if best == "" || n > m[best] || n == m[best] && s < best {
			best = s
		}
	}
	return best
}

// tagSpelling is the spelling of a theme's tags that names its chapter:
// the most used of those with capitals of their own past the first letter
// ("PHP" over "php", "PhpStorm" over "phpstorm"), which an author types on
// purpose, else the most used.
func tagSpelling(m map[string]int) string {
	own := map[string]int{}
	for s, n := range m {
		if _, size := utf8.DecodeRuneInString(s); strings.ToLower(s[size:]) != s[size:] {
			own[s] = n
		}
	}
	if len(own) > 0 {
		return mostUsed(own)
	}
	return mostUsed(m)
}

func quoteAll(m map[string]int) string {
	var list []string
	for s := range m {
		list = append(list, book.Quote(s))
	}
	sort.Strings(list)
	return strings.Join(list, ", ")
}
