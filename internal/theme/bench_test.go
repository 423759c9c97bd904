package theme

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

// synthetic makes n posts from the sample's paragraphs, three each, so
// that the benchmark has text that looks like a blog's.
func synthetic(b *testing.B, n int) []*book.Post {
	var paras [][]byte
	for _, p := range loadSample(b) {
		for _, para := range bytes.Split(p.Body, []byte("\n\n")) {
			if len(para) > 80 {
				paras = append(paras, para)
			}
		}
	}
	if len(paras) == 0 {
		b.Skip("no sample")
	}
	posts := make([]*book.Post, n)
	for i := range posts {
		var body []byte
		for k := range 3 {
			body = append(append(body, paras[(i*7+k*13+i*i)%len(paras)]...), "\n\n"...)
		}
		posts[i] = &book.Post{Title: fmt.Sprintf("Post %d", i), Body: body, Source: fmt.Sprintf("p%d.md", i)}
	}
	return posts
}

func BenchmarkGroup(b *testing.B) {
	for _, n := range []int{100, 500, 1000} {
		posts := synthetic(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Group(posts, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
