package theme

import (
	"fmt"
	"github.com/anthology-book/anthology/internal/book"
	"strings"
	"testing"
)

// seriesBlog writes a blog in our own words: n short posts of a series of
// sketches, each opening with the series' stock line and naming a colour
// and a garment, and ten long posts on each of two subjects.
func seriesBlog(n int) (series, kiln, bikes []string, posts []*postSpec) {
	colours := []string{"orange", "teal", "crimson", "ochre", "violet"}
	garments := []string{"scarf", "beret", "cardigan", "raincoat", "bowtie", "fedora"}
	for i := range n {
		c, g := colours[i%len(colours)], garments[(i/len(colours))%len(garments)]
		body := fmt.Sprintf("Sketchbook study of @friend%d. The %s %s.", i, c, g)
		if i%3 == 0 {
			body += "\n\nWork in progress captures (drawn with the stylus app)."
		}
		p := &postSpec{i, fmt.Sprintf("A %s %s", c, g), body}
		posts = append(posts, p)
		series = append(series, p.slug())
	}
	kilnWords := []string{"kiln", "glaze", "cone", "clay", "stoneware", "bisque"}
	bikeWords := []string{"saddle", "chain", "spoke", "derailleur", "brake", "pedal"}
	for i := range 20 {
		words, title := kilnWords, "Pottery notes"
		if i%2 == 1 {
			words, title = bikeWords, "Bicycle notes"
		}
		p := &postSpec{n + i, fmt.Sprintf("%s %d", title, i), subjectBody(words, i, "")}
		posts = append(posts, p)
		if i%2 == 0 {
			kiln = append(kiln, p.slug())
		} else {
			bikes = append(bikes, p.slug())
		}
	}
	return series, kiln, bikes, posts
}

type postSpec struct {
	i           int
	title, body string
}

func (p *postSpec) slug() string { return fmt.Sprintf("p%02d", p.i) }

// specPosts makes the posts specs describe.
func specPosts(specs []*postSpec) []*book.Post {
	var posts []*book.Post
	for _, s := range specs {
		posts = append(posts, hygienePost(s.i, s.title, s.body))
	}
	return posts
}

// TestSeriesIsOneChapter: short posts that open with one stock line and
// make much of a blog are one chapter, named from that line, not split by
// the few words each says of its own.
func TestSeriesIsOneChapter(t *testing.T) {
	series, kiln, bikes, specs := seriesBlog(40)
	posts := specPosts(specs)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := chapterOf(chapters)
	for _, group := range [][]string{series, kiln, bikes} {
		for _, slug := range group {
			if got[slug] != got[group[0]] {
				t.Errorf("%s in %q, %s in %q (chapters %v)", slug, got[slug], group[0], got[group[0]], chapterList(chapters))
			}
		}
	}
	if got[series[0]] == got[kiln[0]] || got[series[0]] == got[bikes[0]] || got[kiln[0]] == got[bikes[0]] {
		t.Errorf("subjects share a chapter: %v", chapterList(chapters))
	}
	if name := got[series[0]]; !strings.Contains(name, "Sketchbook") {
		t.Errorf("series named %q, want it named from its stock line", name)
	}
	// Read in another order from other files, the posts make the same
	// chapters.
	var again []*book.Post
	for k := range posts {
		s := specs[(k*7)%len(specs)]
		p := hygienePost(s.i, s.title, s.body)
		p.Source = fmt.Sprintf("other/%03d.md", len(specs)-k)
		again = append(again, p)
	}
	chapters2, _, err := Group(again, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := fmt.Sprint(chapterOf(chapters)), fmt.Sprint(chapterOf(chapters2)); a != b {
		t.Errorf("reordered and renamed, the chapters changed:\n%s\nwant\n%s", b, a)
	}
}

// TestFewShortPostsAreNoSeries: a stock line on a few short posts of a
// blog makes no chapter of them: they are not much of the blog.
func TestFewShortPostsAreNoSeries(t *testing.T) {
	_, _, _, specs := seriesBlog(4)
	posts := specPosts(specs)
	chapters, _, err := Group(posts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chapters {
		if strings.Contains(c.Title, "Sketchbook") {
			t.Errorf("chapter %q from the stock line of 4 of 24 posts (chapters %v)", c.Title, chapterList(chapters))
		}
	}
}
