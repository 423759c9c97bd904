package pdf

import (
	"bytes"
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/testkit"
)

// TestSameBytesOnOneWorker checks that laying the posts out on several
// goroutines reaches neither the PDF nor its warnings: with one worker and
// with several, the bytes and the report are the same, and progress is
// told once per post. The fixtures cover images shared between posts,
// warnings, a link printing a page number (a post laid out again) and
// ReleaseDocs; the corpus, posts met twice.
func TestSameBytesOnOneWorker(t *testing.T) {
	many := max(runtime.GOMAXPROCS(0), 4)
	books := []struct {
		name string
		load func(t *testing.T) (*book.Book, markup.Docs)
	}{
		{"fixtures", fixtureBook},
		{"sample", func(t *testing.T) (*book.Book, markup.Docs) { return loadBlog(t, sampleDir) }},
		{"corpus-100", func(t *testing.T) (*book.Book, markup.Docs) { return loadBlog(t, testkit.Corpus(t, 100)) }},
	}
	for _, bk := range books {
		t.Run(bk.name, func(t *testing.T) {
			for _, release := range []bool{false, true} {
				one, oneRep := writeWithProcs(t, bk.load, 1, release)
				several, severalRep := writeWithProcs(t, bk.load, many, release)
				if !bytes.Equal(one, several) {
					t.Errorf("ReleaseDocs=%v: GOMAXPROCS=1 gives %d bytes, GOMAXPROCS=%d %d bytes", release, len(one), many, len(several))
				}
				if !reflect.DeepEqual(oneRep, severalRep) {
					t.Errorf("ReleaseDocs=%v: warnings differ:\nGOMAXPROCS=1: %v\nGOMAXPROCS=%d: %v", release, oneRep, many, severalRep)
				}
			}
		})
	}
}

// writeWithProcs writes the book load gives with GOMAXPROCS set to procs,
// and returns the PDF and its warnings.
func writeWithProcs(t *testing.T, load func(t *testing.T) (*book.Book, markup.Docs), procs int, release bool) ([]byte, []book.Warning) {
	t.Helper()
	b, docs := load(t)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var out bytes.Buffer
	rep := &book.Report{}
	done := 0 // not guarded: PostDone runs on the goroutine that called Write
	opts := Options{PostDone: func() { done++ }, ReleaseDocs: release}
	if err := Write(context.Background(), &out, b, docs, opts, rep); err != nil {
		t.Fatal(err)
	}
	if posts := len(b.Posts()); done != posts {
		t.Errorf("GOMAXPROCS=%d: PostDone called %d times for %d posts", procs, done, posts)
	}
	return out.Bytes(), rep.Warnings
}
