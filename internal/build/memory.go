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
// with when Options.TuneGC is set: Go's default, where the command runs
// small books at four times it (internal/cli). A build holds the parsed
// posts, then the laid-out pages, for its whole length while it makes
// garbage fast; collecting when the heap is twice what is live keeps a
// 50 MB export's resident memory near 600 MB, and the command's soft
// limit holds any book under 1 GB. (At half the default, collecting was
// a quarter of the CPU of 10,000 posts, for no less peak memory under
// that limit.)
const bigBookGCPercent = 100

// collectSooner lowers the garbage collector's target while a big book is
// built, when tune allows it, and returns the function that restores it.
func collectSooner(tune bool, b *book.Book) (restore func()) {
	if !tune || !isBig(b) {
		return func() {}
	}
	prev := debug.SetGCPercent(bigBookGCPercent)
	return func() { debug.SetGCPercent(prev) }
}
