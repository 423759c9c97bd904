package build

import (
	"runtime/debug"

	"github.com/anthology-book/anthology/internal/book"
)

// bigBookBytes is the Markdown, in bytes, above which a book counts as big
// (see isBig): a 50 MB WordPress export holds about 33 MB of it, 1,000
// posts of a typical blog about 9 MB.
const bigBookBytes = 16 << 20

// isBig reports whether a book is big enough to be built for memory rather
// than speed.
func isBig(b *book.Book) bool {
	size := 0
	for _, p := range b.Posts() {
		size += len(p.Body)
	}
	return size >= bigBookBytes
}

// bigBookGCPercent is the garbage collector's target a big book is built
// with when Options.TuneGC is set. A build holds the parsed posts, then
// the laid-out pages, for its whole length while it makes garbage fast;
// with Go's default GOGC=100 the heap grows to twice what is live before
// each collection, which for a 50 MB export is over 600 MB of resident
// memory. Collecting at one and a half times keeps that under 450 MB for
// about a fifth more CPU, which a small book is not made to pay.
const bigBookGCPercent = 50

// collectSooner lowers the garbage collector's target while a big book is
// built, when tune allows it, and returns the function that restores it.
func collectSooner(tune bool, b *book.Book) (restore func()) {
	if !tune || !isBig(b) {
		return func() {}
	}
	prev := debug.SetGCPercent(bigBookGCPercent)
	return func() { debug.SetGCPercent(prev) }
}
