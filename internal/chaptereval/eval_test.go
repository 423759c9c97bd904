package chaptereval

import (
	"fmt"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

// separated is a blog of three subjects that share no word, four posts
// each, in an order that mixes them.
func separated() *Blog {
	subjects := []struct{ label, words string }{
		{"boats", "sail keel harbour tide mooring"},
		{"bread", "flour dough oven crust starter"},
		{"stars", "telescope nebula orbit comet galaxy"},
	}
	b := &Blog{Name: "separated", prose: map[*book.Post]string{}}
	for i := 0; i < 12; i++ {
		s := subjects[i%3]
		p := &book.Post{ID: fmt.Sprintf("p%d", i+1), Title: fmt.Sprintf("%s %d", s.label, i/3+1)}
		b.Posts = append(b.Posts, p)
		b.Labels = append(b.Labels, s.label)
		b.prose[p] = s.words + " " + s.words
	}
	return b
}

func TestBaselinesRegroupTheSamePosts(t *testing.T) {
	b := separated()
	for _, g := range b.Baselines(3) {
		if s := b.Score(g); s.ARI != 1 {
			t.Errorf("%s: ARI %.2f on three subjects that share no word, want 1", g.Method, s.ARI)
		}
		// Groups found again without one post must be the same groups:
		// a post counted as moved would mean the posts were misaligned.
		if mean, worst := b.Stability(g, 5, 1); mean != 0 || worst != 0 {
			t.Errorf("%s: moved %.2f / %.2f with one post removed, want 0", g.Method, mean, worst)
		}
	}
}

func TestNeighbours(t *testing.T) {
	b := separated()
	ours, theirs := b.Neighbours()
	if ours != 1 || theirs != 1 {
		t.Errorf("Neighbours = %.2f, %.2f, want 1, 1", ours, theirs)
	}
}
