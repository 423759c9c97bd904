package theme

import (
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

func TestNearest(t *testing.T) {
	posts := []*book.Post{
		post("Scaling pods on Kubernetes", "2024-01-01", nil, "Kubernetes pods scale with replicas and a cluster autoscaler."),
		post("Sourdough at home", "2024-01-02", nil, "A sourdough starter, flour and water, and a slow oven bake."),
		post("Kubernetes cluster upgrades", "2024-01-03", nil, "Upgrading a Kubernetes cluster drains pods node by node."),
		post("Baking rye bread", "2024-01-04", nil, "Rye flour needs a wetter dough and a longer bake in the oven."),
		post("Notes on chess openings", "2024-01-05", nil, "The Sicilian defence answers e4 with c5."),
	}
	want := []int{2, 3, 0, 1, -1} // the chess post shares no word with another
	got := Nearest(posts, Options{})
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Nearest = %v, want %v", got, want)
		}
	}
	// The answer is by post, whatever the order they come in.
	reversed := []*book.Post{posts[4], posts[3], posts[2], posts[1], posts[0]}
	got = Nearest(reversed, Options{})
	for i, j := range []int{-1, 3, 4, 1, 2} {
		if got[i] != j {
			t.Fatalf("Nearest of the posts reversed = %v, want [-1 3 4 1 2]", got)
		}
	}
}
