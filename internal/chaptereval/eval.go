package chaptereval

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/lang"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source"
	"github.com/anthology-book/anthology/internal/theme"
)

// Blog is a set of posts, each with its author's category, and the text
// the grouping reads.
type Blog struct {
	Name   string
	Posts  []*book.Post
	Labels []string // parallel to Posts
	prose  map[*book.Post]string
}

// Load reads the posts under dir with anthology's own readers; a post's
// category is the first folder of its path under dir, or, when labels is
// not nil, labels[its file name]. Posts with no category, or whose
// category is in exclude, are left out. Categories and tags are stripped:
// the grouping must find the chapters from the text alone.
func Load(ctx context.Context, name, dir string, labels map[string]string, exclude map[string]bool) (*Blog, error) {
	rep := &book.Report{}
	posts, err := source.Load(ctx, []string{dir}, source.Options{}, rep)
	if err != nil {
		return nil, err
	}
	b := &Blog{Name: name, prose: map[*book.Post]string{}}
	for _, p := range posts {
		rel, err := filepath.Rel(dir, p.Source)
		if err != nil {
			rel = p.Source
		}
		var label string
		if labels != nil {
			label = labels[filepath.Base(rel)]
		} else if parts := strings.Split(filepath.ToSlash(rel), "/"); len(parts) > 1 {
			label = parts[0]
		}
		if label == "" || exclude[label] || p.Draft {
			continue
		}
		p.Categories, p.Tags = nil, nil
		p.ID = fmt.Sprintf("p%d", len(b.Posts)+1)
		b.Posts = append(b.Posts, p)
		b.Labels = append(b.Labels, label)
	}
	if len(b.Posts) == 0 {
		return nil, fmt.Errorf("no labelled posts in %s", dir)
	}
	docs, err := markup.ParseAll(ctx, b.Posts, nil)
	if err != nil {
		return nil, err
	}
	lang.Assign(b.Posts, docs, "en", nil)
	for _, p := range b.Posts {
		b.prose[p] = docs[p.ID].Prose()
	}
	return b, nil
}

// Grouping is one partition of a blog's posts into chapters.
type Grouping struct {
	Method string
	Groups []int    // chapter per post, parallel to Blog.Posts
	Names  []string // chapter names by number, for anthology
	Sizes  []int    // posts per chapter, largest first
	Other  int      // posts in Other
	// regroup groups the posts again by the same method, all but one.
	regroup func(skip int) Grouping
}

// Anthology groups the posts of b (all but skip, when not negative) as
// anthology does, from their text.
func (b *Blog) Anthology(skip int) Grouping {
	var posts []*book.Post
	for i, p := range b.Posts {
		if i != skip {
			posts = append(posts, p)
		}
	}
	chapters, _, err := theme.Group(posts, theme.Options{Prose: func(p *book.Post) string { return b.prose[p] }})
	if err != nil {
		panic(err) // no rules and default options cannot be refused
	}
	at := map[*book.Post]int{}
	g := Grouping{Method: "anthology", regroup: b.Anthology}
	for ci, c := range chapters {
		g.Names = append(g.Names, c.Title)
		for _, p := range c.Posts {
			at[p] = ci
		}
		if c.Title == theme.Other {
			g.Other = len(c.Posts)
		}
	}
	for i, p := range b.Posts {
		if i == skip {
			g.Groups = append(g.Groups, -1)
			continue
		}
		g.Groups = append(g.Groups, at[p])
	}
	g.Sizes = sizes(g.Groups)
	return g
}

func (b *Blog) texts() []string {
	out := make([]string, len(b.Posts))
	for i, p := range b.Posts {
		out[i] = p.Title + "\n" + b.prose[p]
	}
	return out
}

// A baseline is a textbook grouping of texts into k groups.
type baseline struct {
	name  string
	group func(texts []string, k int) []int
}

var baselines = []baseline{
	{"TF-IDF + k-means", func(texts []string, k int) []int { return KMeans(texts, k, 1) }},
	{"TF-IDF + average linkage", Agglomerative},
	{"TF-IDF + NMF", func(texts []string, k int) []int { return NMF(texts, k, 1) }},
}

// Baselines groups the posts into k groups by each baseline.
func (b *Blog) Baselines(k int) []Grouping {
	out := make([]Grouping, len(baselines))
	for i, m := range baselines {
		out[i] = b.baseline(m, k, -1)
	}
	return out
}

// baseline groups the posts (all but skip, when not negative) by m.
func (b *Blog) baseline(m baseline, k, skip int) Grouping {
	var texts []string
	for i, t := range b.texts() {
		if i != skip {
			texts = append(texts, t)
		}
	}
	found := m.group(texts, k)
	g := Grouping{Method: m.name, regroup: func(skip int) Grouping { return b.baseline(m, k, skip) }}
	for i := range b.Posts {
		if i == skip {
			g.Groups = append(g.Groups, -1)
			continue
		}
		g.Groups = append(g.Groups, found[0])
		found = found[1:]
	}
	g.Sizes = sizes(g.Groups)
	return g
}

// Neighbours is, by the words anthology groups on and by the baselines'
// TF-IDF vectors, the share of posts whose most similar other post is in
// the same category: how much the words themselves say of the authors'
// categories, whatever a grouping then does with them.
func (b *Blog) Neighbours() (anthology, baselines float64) {
	truth := b.truth()
	near := theme.Nearest(b.Posts, theme.Options{Prose: func(p *book.Post) string { return b.prose[p] }})
	anthology = SameNearest(near, truth)
	vecs, _ := tfidf(b.texts())
	for i := range vecs {
		near[i] = -1
		best := 0.0
		for j := range vecs {
			if s := vecs[i].dotSparse(vecs[j]); j != i && s > best {
				near[i], best = j, s
			}
		}
	}
	return anthology, SameNearest(near, truth)
}

func sizes(groups []int) []int {
	count := map[int]int{}
	for _, g := range groups {
		if g >= 0 {
			count[g]++
		}
	}
	var out []int
	for _, n := range count {
		out = append(out, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(out)))
	return out
}

// Scores are the figures of one grouping against the authors' categories.
type Scores struct {
	ARI, NMI, Purity float64
	Chapters         int
	Largest, Other   float64 // shares of the posts
}

// Score compares g with the authors' categories.
func (b *Blog) Score(g Grouping) Scores {
	truth := b.truth()
	n := float64(len(truth))
	return Scores{
		ARI: ARI(g.Groups, truth), NMI: NMI(g.Groups, truth), Purity: Purity(g.Groups, truth),
		Chapters: len(g.Sizes), Largest: float64(g.Sizes[0]) / n, Other: float64(g.Other) / n,
	}
}

func (b *Blog) truth() []int {
	ids := map[string]int{}
	out := make([]int, len(b.Labels))
	for i, l := range b.Labels {
		if _, ok := ids[l]; !ok {
			ids[l] = len(ids)
		}
		out[i] = ids[l]
	}
	return out
}

// LargestCategory is the share of the posts in the authors' largest
// category.
func (b *Blog) LargestCategory() (string, float64) {
	count := map[string]int{}
	best := ""
	for _, l := range b.Labels {
		count[l]++
		if best == "" || count[l] > count[best] || count[l] == count[best] && l < best {
			best = l
		}
	}
	return best, float64(count[best]) / float64(len(b.Labels))
}

// Makeup lists the authors' categories of chapter c of g, most posts
// first: "notes 12, articles 3".
func (b *Blog) Makeup(g Grouping, c int) string {
	count := map[string]int{}
	for i, at := range g.Groups {
		if at == c {
			count[b.Labels[i]]++
		}
	}
	labels := make([]string, 0, len(count))
	for l := range count {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool {
		if count[labels[i]] != count[labels[j]] {
			return count[labels[i]] > count[labels[j]]
		}
		return labels[i] < labels[j]
	})
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = fmt.Sprintf("%s %d", l, count[l])
	}
	return strings.Join(parts, ", ")
}

// Categories is the number of the authors' categories.
func (b *Blog) Categories() int {
	seen := map[string]bool{}
	for _, l := range b.Labels {
		seen[l] = true
	}
	return len(seen)
}

// Stability removes one post at a time, chosen at random with a fixed
// seed, groups again by full's method and returns the share of the other posts that moved
// to another chapter (after matching chapters one to one), mean and
// worst over the trials.
func (b *Blog) Stability(full Grouping, trials int, seed uint64) (mean, worst float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for t := 0; t < trials; t++ {
		skip := rng.IntN(len(b.Posts))
		g := full.regroup(skip)
		var before, after []int
		for i := range b.Posts {
			if i != skip {
				before = append(before, full.Groups[i])
				after = append(after, g.Groups[i])
			}
		}
		share := float64(Moved(before, after)) / float64(len(before))
		mean += share / float64(trials)
		worst = max(worst, share)
	}
	return mean, worst
}
