package theme

import "github.com/anthology-book/anthology/internal/book"

// Nearest returns, for each of posts, the index of the other post whose
// words are most like its own by the vectors the grouping by text reads,
// or -1 when a post shares no counted word with any other. It compares
// every pair, so it is meant for evaluating the words (cmd/chaptereval:
// how often a post's nearest post is in its author's category), not for
// large blogs.
func Nearest(posts []*book.Post, opts Options) []int {
	g := newGrouper(posts, opts)
	c := newCorpus(g.textDocs())
	at := make(map[*book.Post]int, len(posts))
	for i, p := range posts {
		at[p] = i
	}
	out := make([]int, len(posts))
	for a, p := range g.posts {
		nearest, best := -1, 0.0
		for b, q := range g.posts {
			if s := c.vecs[a].dot(c.vecs[b]); b != a && s > best {
				nearest, best = at[q], s
			}
		}
		out[at[p]] = nearest
	}
	return out
}
