package theme

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
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

// feedItems makes n untagged items of a feed on sixty subjects, each
// item three sentences from its subject's words and the words every item
// uses, so that the benchmark has many posts to cluster.
func feedItems(n int) []*book.Post {
	const subjects = 60
	common := strings.Fields("today we look at the way this works and what it means for the team")
	posts := make([]*book.Post, n)
	x := uint64(1)
	next := func(m int) int {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return int(x % uint64(m))
	}
	for i := range posts {
		s := i % subjects
		var b strings.Builder
		for range 60 {
			if next(3) == 0 {
				b.WriteString(common[next(len(common))])
			} else {
				fmt.Fprintf(&b, "w%dx%d", s, next(25))
			}
			b.WriteByte(' ')
		}
		posts[i] = &book.Post{Title: fmt.Sprintf("Item w%dx%d %d", s, next(25), i), Body: []byte(b.String()), Source: fmt.Sprintf("feed.xml#%d", i)}
	}
	return posts
}

// BenchmarkGroupFeed groups large untagged feeds: reported with the
// heap in use at the end of a run.
func BenchmarkGroupFeed(b *testing.B) {
	sizes := []int{20000, 100000}
	if testing.Short() {
		sizes = []int{2000} // as CI runs the benchmarks once
	}
	for _, n := range sizes {
		posts := feedItems(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Group(posts, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapSys)/(1<<20), "heap-MiB")
		})
	}
}
