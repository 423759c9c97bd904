package pdf

import (
	"runtime"

	"github.com/anthology-book/anthology/internal/book"
)

// workerPool keeps the workers (see layouter.fork) that lay posts out,
// from post to post and from pass to pass, so that their caches stay warm.
// A worker serves one goroutine at a time.
type workerPool struct {
	free chan *layouter
}

func newWorkerPool() *workerPool {
	return &workerPool{free: make(chan *layouter, runtime.GOMAXPROCS(0))}
}

// get returns an idle worker, or a new one, set for pass l.
func (wp *workerPool) get(l *layouter) *layouter {
	select {
	case w := <-wp.free:
		w.known = l.known
		return w
	default:
		return l.fork()
	}
}

func (wp *workerPool) put(w *layouter) {
	select {
	case wp.free <- w:
	default: // more goroutines than when the pool was made: let it go
	}
}

// flowPost is a post in the order the book places it.
type flowPost struct {
	post *book.Post
	// opens are the chapters whose openers come right before the post:
	// its own when it is the chapter's first, and any empty ones before.
	opens []int
	// layNew is whether this pass lays the post out: no pass did yet, or
	// the page numbers its earlier layout printed moved. A post met twice
	// is laid out once, as the sequential layout reused its first layout
	// for the second.
	layNew bool
}

// postFlow lists the book's posts in the order they are placed, with the
// chapter openers before each, and the chapters opened after the last
// post (empty ones).
func (l *layouter) postFlow() (flow []flowPost, trailing []int) {
	seen := map[string]bool{}
	var opens []int
	for i, ch := range l.b.Chapters {
		opens = append(opens, i)
		for _, p := range ch.Posts {
			flow = append(flow, flowPost{post: p, opens: opens, layNew: !seen[p.ID] && l.reuse(p) == nil})
			seen[p.ID] = true
			opens = nil
		}
	}
	return flow, opens
}
