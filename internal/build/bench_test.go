package build

import (
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/render/epub"
	"github.com/anthology-book/anthology/internal/render/pdf"
	"github.com/anthology-book/anthology/internal/testkit"
)

// The stage benchmarks run the pipeline's stages one at a time on
// generated blogs, so that a slow stage shows by name:
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/build
//
// Each reports posts per second and allocations. The PDF's layout and
// drawing are measured apart in internal/render/pdf (BenchmarkLayout,
// BenchmarkRender).

// benchOptions are the options of `anthology compile --title Bench
// --author Bench BLOG`: given title and author make no warning.
func benchOptions(blog string) Options {
	return Options{Sources: []string{blog}, Title: "Bench", Author: "Bench", PageSize: "a5"}
}

// preparedBook runs the stages before rendering, as Run does.
func preparedBook(b *testing.B, blog string) *Result {
	b.Helper()
	res, err := prepare(context.Background(), benchOptions(blog), true)
	if err != nil {
		b.Fatalf("prepare %s: %v", blog, err)
	}
	return res
}

// BenchmarkPlan reads the blog and makes the book's chapters: loading,
// selecting, parsing, languages, grouping by theme.
func BenchmarkPlan(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		b.ReportAllocs()
		var res *Result
		for b.Loop() {
			var err error
			if res, err = Plan(context.Background(), benchOptions(blog)); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(res.Book.Posts()))
	})
}

// BenchmarkPrepare runs every stage before rendering: Plan's, then links,
// datelines, the cover and the images.
func BenchmarkPrepare(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		b.ReportAllocs()
		var res *Result
		for b.Loop() {
			res = preparedBook(b, blog)
		}
		testkit.ReportPosts(b, len(res.Book.Posts()))
	})
}

// BenchmarkEPUB writes the EPUB of the prepared book.
func BenchmarkEPUB(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		res := preparedBook(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if err := epub.Write(context.Background(), io.Discard, res.Book, res.Docs, epub.Options{}, &book.Report{}); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(res.Book.Posts()))
	})
}

// BenchmarkPDF lays out and writes the PDF of the prepared book.
func BenchmarkPDF(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		res := preparedBook(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if err := pdf.Write(context.Background(), io.Discard, res.Book, res.Docs, pdf.Options{PageSize: "a5"}, &book.Report{}); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(res.Book.Posts()))
	})
}

// BenchmarkRun makes the EPUB and the PDF end to end, writing the files.
func BenchmarkRun(b *testing.B) {
	testkit.ForEachCorpus(b, func(b *testing.B, blog string) {
		opts := benchOptions(blog)
		opts.Formats = DefaultFormats()
		opts.OutputDir = b.TempDir()
		b.ReportAllocs()
		var res *Result
		for b.Loop() {
			var err error
			if res, err = Run(context.Background(), opts); err != nil {
				b.Fatal(err)
			}
		}
		testkit.ReportPosts(b, len(res.Book.Posts()))
	})
}

// BenchmarkRunPhotos makes the EPUB and the PDF of a blog of 100 posts
// with a camera-sized photo (testkit.Photo, 1600×1200) in every second
// post, of the same posts without, and of the photos made smaller to keep
// the EPUB under 10 MB: what images cost, kept and shrunk.
func BenchmarkRunPhotos(b *testing.B) {
	const posts = 100
	for _, bc := range []struct {
		name     string
		every    int
		maxBytes int64
	}{
		{"photos=0", 0, 0},
		{"photos=50", 2, 0},
		{"photos=50/max-size=10MB", 2, 10 << 20},
	} {
		b.Run(bc.name, func(b *testing.B) {
			blog := filepath.Join(b.TempDir(), "blog")
			if err := testkit.WriteBlog(blog, testkit.BlogOptions{Posts: posts, Seed: 1, French: true, PhotoEvery: bc.every}); err != nil {
				b.Fatal(err)
			}
			opts := benchOptions(blog)
			opts.Formats = DefaultFormats()
			opts.OutputDir = b.TempDir()
			opts.MaxBytes = bc.maxBytes
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Run(context.Background(), opts); err != nil {
					b.Fatal(err)
				}
			}
			testkit.ReportPosts(b, posts)
		})
	}
}
