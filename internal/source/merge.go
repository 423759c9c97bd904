package source

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/slug"
)

// Merge folds the posts that are one post seen through several sources (a
// Markdown file and a feed item, two pages of one feed, a listing's
// excerpt and the full text) into one. Two posts are the same when they
// share a guid or permalink; else when they have the same title and are
// dated the same day; else when they have the same title and one text
// starts the other, or both start with the same fifteen words (text copied
// from a page loses its links and differs from the first one on). Posts of
// one source file are never merged with each other by title, nor are posts
// in two different languages, nor posts with different ids in their
// sources (WordPress post_ids) unless their texts are the same. The merged post keeps the fullest text, the
// most precise date and the union of tags, categories and permalinks; each
// merge is noted in rep. The result does not depend on the order of posts.
func Merge(posts []*book.Post, rep *book.Report) []*book.Post {
	return merge(posts, func(p *book.Post) string { return p.Source }, rep)
}

// merge is Merge where origin names the source each post comes from: a
// blog does not repeat a post within itself, so posts of one origin are
// merged by permalink only.
func merge(posts []*book.Post, origin func(*book.Post) string, rep *book.Report) []*book.Post {
	posts = append([]*book.Post(nil), posts...)
	sort.SliceStable(posts, func(i, j int) bool { return canonicalBefore(posts[i], posts[j]) })
	m := newMerger(len(posts))
	m.origin = origin
	m.byPermalink(posts)
	m.byTitleAndDate(posts)
	m.byTitleAndText(posts)

	groups := map[int][]int{}
	var roots []int
	for i := range posts {
		r := m.find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], i)
	}
	sort.Slice(roots, func(a, b int) bool { return groups[roots[a]][0] < groups[roots[b]][0] })
	out := make([]*book.Post, 0, len(roots))
	for _, r := range roots {
		members := groups[r]
		if len(members) == 1 {
			out = append(out, posts[members[0]])
			continue
		}
		group := make([]*book.Post, len(members))
		for k, i := range members {
			group[k] = posts[i]
		}
		merged := mergeGroup(group)
		rep.Note("merged %q: %s (%s); kept the text of %s", merged.Title, sourceList(group), m.reasonsOf(r), book.FileName(merged.Source))
		out = append(out, merged)
	}
	return out
}

// canonicalBefore is a total order on posts that ignores how they arrived.
func canonicalBefore(a, b *book.Post) bool {
	if a.Source != b.Source {
		return a.Source < b.Source
	}
	if a.BodyLine != b.BodyLine {
		return a.BodyLine < b.BodyLine
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	if !a.Date.Equal(b.Date) {
		return a.Date.Before(b.Date)
	}
	return string(a.Body) < string(b.Body)
}

// merger is a union-find over post indexes that remembers why it joined
// them.
type merger struct {
	parent []int
	joins  []join
	origin func(*book.Post) string
}

type join struct {
	a, b   int
	reason string
}

func newMerger(n int) *merger {
	m := &merger{parent: make([]int, n)}
	for i := range m.parent {
		m.parent[i] = i
	}
	return m
}

func (m *merger) find(i int) int {
	for m.parent[i] != i {
		m.parent[i] = m.parent[m.parent[i]]
		i = m.parent[i]
	}
	return i
}

func (m *merger) union(a, b int, reason string) {
	ra, rb := m.find(a), m.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	m.parent[rb] = ra
	m.joins = append(m.joins, join{a, b, reason})
}

// reasonsOf lists the distinct reasons that built the group of root r.
func (m *merger) reasonsOf(r int) string {
	var reasons []string
	for _, j := range m.joins {
		if m.find(j.a) == r && !containsString(reasons, j.reason) {
			reasons = append(reasons, j.reason)
		}
	}
	return strings.Join(reasons, "; ")
}

// byPermalink joins posts that share an address. A site-relative permalink
// ("/2018/06/01/x/") matches an absolute one by its path; two absolute ones
// must also share the host (with or without "www."), whatever the scheme.
func (m *merger) byPermalink(posts []*book.Post) {
	type seen struct {
		post int
		host string
	}
	byPath := map[string][]seen{}
	for i, p := range posts {
		for _, l := range p.Permalinks {
			host, key, ok := permalinkKey(l)
			if !ok {
				continue
			}
			for _, s := range byPath[key] {
				if s.post != i && (host == "" || s.host == "" || host == s.host) && maySame(posts[s.post], posts[i]) {
					m.union(s.post, i, "same permalink "+displayKey(key))
				}
			}
			byPath[key] = append(byPath[key], seen{i, host})
		}
	}
}

// permalinkKey returns the host and the comparable form of a permalink.
// Opaque ids, such as Atom's "tag:" URIs, compare whole.
func permalinkKey(l string) (host, key string, ok bool) {
	l = strings.TrimSpace(l)
	u, err := url.Parse(l)
	if err != nil || l == "" {
		return "", "", false
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return "", "id:" + l, true
	}
	p := strings.TrimSuffix(u.EscapedPath(), "/")
	if p == "" && u.RawQuery == "" {
		return "", "", false // the blog's home page is not a post
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www."), strings.ToLower(p), true
}

func displayKey(key string) string {
	if k, ok := strings.CutPrefix(key, "id:"); ok {
		return k
	}
	return key
}

// mayMergeByTitle guards the title rules: one source does not repeat a
// post, and a translation is another post.
func (m *merger) mayMergeByTitle(a, b *book.Post) bool {
	if m.origin(a) == m.origin(b) || !maySame(a, b) {
		return false
	}
	la, lb := primaryLang(a.Lang), primaryLang(b.Lang)
	return la == "" || lb == "" || la == lb
}

// maySame reports whether two posts may be one: not when each has its
// own id in its source (two WordPress posts with different post_ids that
// share a guid, as a copied post does), unless their texts are the same.
func maySame(a, b *book.Post) bool {
	if a.SourceID == "" || b.SourceID == "" || a.SourceID == b.SourceID {
		return true
	}
	return strings.TrimSpace(string(a.Body)) == strings.TrimSpace(string(b.Body))
}

func primaryLang(tag string) string {
	tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
	tag, _, _ = strings.Cut(tag, "_")
	return tag
}

func normalTitle(p *book.Post) string { return strings.Join(slug.Words(p.Title), " ") }

func (m *merger) byTitleAndDate(posts []*book.Post) {
	byKey := map[string][]int{}
	var keys []string
	for i, p := range posts {
		if !p.Dated() || normalTitle(p) == "" {
			continue
		}
		k := normalTitle(p) + "\x00" + p.Date.Format(time.DateOnly)
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], i)
	}
	for _, k := range keys {
		list := byKey[k]
		for x, i := range list {
			for _, j := range list[x+1:] {
				if m.mayMergeByTitle(posts[i], posts[j]) {
					m.union(i, j, "same title and date "+posts[i].Date.Format(time.DateOnly))
				}
			}
		}
	}
}

// byTitleAndText joins posts of one title where one text is the start of
// the other, as a listing's excerpt is of the full post, or where both
// start with the same fifteen words.
func (m *merger) byTitleAndText(posts []*book.Post) {
	byTitle := map[string][]int{}
	var titles []string
	for i, p := range posts {
		t := normalTitle(p)
		if t == "" {
			continue
		}
		if _, ok := byTitle[t]; !ok {
			titles = append(titles, t)
		}
		byTitle[t] = append(byTitle[t], i)
	}
	for _, t := range titles {
		list := byTitle[t]
		if len(list) < 2 {
			continue
		}
		words := make(map[int][]string, len(list))
		for _, i := range list {
			words[i] = excerptWords(posts[i].Body)
		}
		for x, i := range list {
			for _, j := range list[x+1:] {
				if m.find(i) != m.find(j) && m.mayMergeByTitle(posts[i], posts[j]) && startsEither(words[i], words[j]) {
					m.union(i, j, "same title, one text starts the other")
				}
			}
		}
	}
}

// minShared is how many words two texts must share before one is taken
// for the start of the other; maxCompared is how many are enough, since
// text copied from a page loses its links and differs from there on.
const (
	minShared   = 5
	maxCompared = 15
)

func startsEither(a, b []string) bool {
	n := min(len(a), len(b), maxCompared)
	if n < minShared {
		return false
	}
	for i := range n {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// excerptWords returns the words of a body; when it ends in an ellipsis,
// its last word may have been cut and is left out.
func excerptWords(body []byte) []string {
	s := strings.TrimSpace(string(body))
	cut := false
	for _, e := range []string{"...", "…", "[…]", "[...]", `\.\.\.`, `\[…\]`} {
		if strings.HasSuffix(s, e) {
			s, cut = strings.TrimSuffix(s, e), true
		}
	}
	w := slug.Words(s)
	if cut && len(w) > 0 {
		w = w[:len(w)-1]
	}
	return w
}

// mergeGroup builds the one post a group stands for.
func mergeGroup(group []*book.Post) *book.Post {
	primary := group[0]
	most := len(slug.Words(string(primary.Body)))
	for _, p := range group[1:] {
		if n := len(slug.Words(string(p.Body))); n > most {
			primary, most = p, n
		}
	}
	merged := *primary
	merged.Tags = unionFold(primary.Tags, group, func(p *book.Post) []string { return p.Tags })
	merged.Categories = unionFold(primary.Categories, group, func(p *book.Post) []string { return p.Categories })
	merged.Permalinks = union(primary.Permalinks, group, func(p *book.Post) []string { return p.Permalinks })
	best := primary
	for _, p := range group {
		if precision(p.Date) > precision(best.Date) {
			best = p
		}
	}
	merged.Date = best.Date
	merged.Draft = true
	for _, p := range group {
		merged.Draft = merged.Draft && p.Draft
		if p.Lastmod.After(merged.Lastmod) {
			merged.Lastmod = p.Lastmod
		}
		fill(&merged.Author, p.Author)
		fill(&merged.Lang, p.Lang)
		fill(&merged.Summary, p.Summary)
		fill(&merged.Slug, p.Slug)
		fill(&merged.Cover, p.Cover)
	}
	return &merged
}

// precision ranks dates: a time of day says more than a bare day, which
// says more than nothing.
func precision(t time.Time) int {
	switch {
	case t.IsZero():
		return 0
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return 1
	}
	return 2
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

func union(first []string, group []*book.Post, field func(*book.Post) []string) []string {
	out := append([]string(nil), first...)
	for _, p := range group {
		for _, v := range field(p) {
			if !containsString(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// unionFold is union for names that differ only by case ("Azure", "azure").
func unionFold(first []string, group []*book.Post, field func(*book.Post) []string) []string {
	var out []string
	for _, v := range union(first, group, field) {
		dup := false
		for _, o := range out {
			dup = dup || strings.EqualFold(o, v)
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sourceList(group []*book.Post) string {
	var names []string
	for _, p := range group {
		name := book.FileName(p.Source)
		if p.BodyLine > 0 {
			name = fmt.Sprintf("%s:%d", book.FileName(p.Source), p.BodyLine)
		}
		if !containsString(names, name) {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}
