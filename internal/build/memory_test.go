package build

import (
	"runtime/debug"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

func TestCollectSoonerOnlyForBigBooks(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(4 * bigBookGCPercent)) // as the command runs
	before := gcPercent()
	withBody := func(n int) *book.Book {
		return &book.Book{Chapters: []*book.Chapter{{Posts: []*book.Post{{Body: make([]byte, n/2)}, {Body: make([]byte, n-n/2)}}}}}
	}
	for _, c := range []struct {
		name string
		b    *book.Book
		tune bool
		want int
	}{
		{"big book", withBody(bigBookBytes), true, bigBookGCPercent},
		{"small book", withBody(bigBookBytes - 1), true, before},
		{"big book, GOGC set", withBody(bigBookBytes), false, before},
	} {
		restore := collectSooner(c.tune, c.b)
		if got := gcPercent(); got != c.want {
			t.Errorf("%s: GOGC %d during the build, want %d", c.name, got, c.want)
		}
		restore()
		if got := gcPercent(); got != before {
			t.Errorf("%s: GOGC %d after the build, want %d restored", c.name, got, before)
		}
	}
}
