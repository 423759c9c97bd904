package cli

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/spf13/pflag"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/render/epub"
	"github.com/anthology-book/anthology/internal/render/pdf"
	"github.com/anthology-book/anthology/internal/source"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// The stage benchmarks run the pipeline's stages one at a time on blogs made
// by the shared make_corpus.py, so that a slow stage shows by name:
//
//	go test -run '^$' -bench . -benchtime 1x ./internal/cli
//
// Each reports posts per second and allocations. The PDF's layout and
// drawing are measured apart in internal/render/pdf (BenchmarkLayout,
// BenchmarkRender).

// benchSizes are the numbers of posts of the benchmark blogs.
var benchSizes = []int{100, 1000}

// forEachSize runs bench on a blog of each of benchSizes posts.
func forEachSize(b *testing.B, bench func(b *testing.B, blog string)) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("posts=%d", n), func(b *testing.B) {
			bench(b, tooltest.Corpus(b, n))
		})
	}
}

// reportPosts reports the throughput, in posts per second, of a benchmark
// that handled posts posts in each iteration.
func reportPosts(b *testing.B, posts int) {
	b.Helper()
	if posts == 0 {
		b.Fatal("the benchmark handled no post")
	}
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(posts)*float64(b.N)/s, "posts/s")
	}
}

// benchOptions are the options of `anthology compile --title Bench
// --author Bench BLOG`, defaults included; the title and author are given
// so that no warning is made about them.
func benchOptions(b *testing.B, blog string) *compileOptions {
	b.Helper()
	o := &compileOptions{}
	flags := pflag.NewFlagSet("compile", pflag.ContinueOnError)
	o.addFlags(flags)
	if err := flags.Parse([]string{"--title", "Bench", "--author", "Bench", blog}); err != nil {
		b.Fatal(err)
	}
	o.sources = flags.Args()
	if err := o.validate(); err != nil {
		b.Fatal(err)
	}
	return o
}

func benchGlobals() *globalOptions {
	return &globalOptions{quiet: true, stdout: io.Discard, stderr: io.Discard, getenv: func(string) string { return "" }}
}

// benchBook assembles and parses blog as compile does, ready for the
// renderers.
func benchBook(b *testing.B, blog string) (*book.Book, markup.Docs, *compileOptions, *book.Report) {
	b.Helper()
	o := benchOptions(b, blog)
	bk, rep, err := assemble(context.Background(), benchGlobals(), &o.bookOptions)
	if err != nil {
		b.Fatalf("assemble %s: %v", blog, err)
	}
	docs, err := markup.ParseAll(context.Background(), bk)
	if err != nil {
		b.Fatal(err)
	}
	prepareDocs(bk, docs, &o.bookOptions, &config.Config{}, rep)
	if o.coverImage, err = bookCover(&o.readerOptions, &config.Config{}, bk); err != nil {
		b.Fatal(err)
	}
	return bk, docs, o, rep
}

// BenchmarkLoad reads the blog's files into posts: front matter, dates,
// slugs, images found.
func BenchmarkLoad(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		b.ReportAllocs()
		var posts []*book.Post
		for b.Loop() {
			var err error
			posts, err = source.Load(context.Background(), []string{blog}, sourceOptions(&config.Config{}), &book.Report{})
			if err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(posts))
	})
}

// BenchmarkAssemble reads the blog and makes the book's chapters: loading,
// leaving out drafts, grouping by theme.
func BenchmarkAssemble(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		b.ReportAllocs()
		o := benchOptions(b, blog)
		var bk *book.Book
		for b.Loop() {
			var err error
			if bk, _, err = assemble(context.Background(), benchGlobals(), &o.bookOptions); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkParse parses every post's Markdown once, as the renderers share
// it.
func BenchmarkParse(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		bk, _, _, _ := benchBook(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := markup.ParseAll(context.Background(), bk); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkXHTML renders every parsed post as the sanitized XHTML the EPUB
// holds, without packaging it.
func BenchmarkXHTML(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		bk, docs, _, _ := benchBook(b, blog)
		opts := markup.XHTMLOptions{Image: func(src string) (string, bool) { return src, true }}
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range bk.Posts() {
				if _, err := docs[p.ID].XHTML(opts); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkEPUB writes the EPUB of the parsed book: XHTML, images,
// navigation, the zip.
func BenchmarkEPUB(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		bk, docs, o, _ := benchBook(b, blog)
		bk.Cover = o.coverImage
		b.ReportAllocs()
		for b.Loop() {
			if err := epub.Write(context.Background(), io.Discard, bk, docs, epub.Options{}, &book.Report{}); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkPDF lays out and writes the PDF of the parsed book.
func BenchmarkPDF(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		bk, docs, o, _ := benchBook(b, blog)
		b.ReportAllocs()
		for b.Loop() {
			if err := pdf.Write(context.Background(), io.Discard, bk, docs, pdf.Options{PageSize: o.pageSize}, &book.Report{}); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}

// BenchmarkCompile runs `anthology compile -q BLOG` for the EPUB and the PDF,
// end to end, writing the files.
func BenchmarkCompile(b *testing.B) {
	forEachSize(b, func(b *testing.B, blog string) {
		bk, _, _, _ := benchBook(b, blog)
		out := b.TempDir()
		b.ReportAllocs()
		for b.Loop() {
			o := benchOptions(b, blog)
			o.output = out
			if err := runCompile(context.Background(), benchGlobals(), o); err != nil {
				b.Fatal(err)
			}
		}
		reportPosts(b, len(bk.Posts()))
	})
}
