package pdf

import (
	"context"
	"io"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// The PDF's two stages, apart, on the shared make_corpus.py blogs of 100
// and 1,000 posts; internal/cli measures the other stages:
//
//	go test -run '^$' -bench 'Layout|Render' -benchtime 1x ./internal/render/pdf

// BenchmarkLayout lays the book out until its page numbers hold: line
// breaking, hyphenation, pagination, the contents.
func BenchmarkLayout(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		bk, docs := loadBlog(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := layout(context.Background(), bk, docs, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkRender draws a laid-out book into PDF bytes: fonts, pages,
// images, outline, compression.
func BenchmarkRender(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		bk, docs := loadBlog(b, blog)
		l, err := layout(context.Background(), bk, docs, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := l.render(context.Background(), io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(bk.Posts()))
	})
}
