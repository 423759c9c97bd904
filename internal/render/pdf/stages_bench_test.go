package pdf

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// The PDF's two stages, apart, on the shared make_corpus.py blogs of 100
// and 1,000 posts; internal/cli measures the other stages:
//
//	go test -run '^$' -bench 'Layout|Render' -benchtime 1x ./internal/render/pdf

// forEachCorpus runs bench on the synthetic blogs, with the number of
// posts each holds.
func forEachCorpus(b *testing.B, bench func(b *testing.B, blog string)) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			bench(b, testkit.Corpus(b, n))
		})
	}
}

// reportPosts reports posts per second for posts handled per iteration.
func reportPosts(b *testing.B, posts int) {
	b.Helper()
	if posts == 0 {
		b.Fatal("the benchmark handled no post")
	}
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(posts)*float64(b.N)/s, "posts/s")
	}
}

// BenchmarkLayout lays the book out until its page numbers hold: line
// breaking, hyphenation, pagination, the contents.
func BenchmarkLayout(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, blog string) {
		bk, docs := loadBlog(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := layout(context.Background(), bk, docs, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkRender draws a laid-out book into PDF bytes: fonts, pages,
// images, outline, compression.
func BenchmarkRender(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, blog string) {
		bk, docs := loadBlog(b, blog)
		l, err := layout(context.Background(), bk, docs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := l.render(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}
