package pdf

import (
	"context"
	"runtime"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/parallel"
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

// postJobs are the posts one pass lays out anew, by ID, while the pass
// places them.
type postJobs struct {
	byID map[string]*postJob
	done chan struct{} // closed once no job runs or will run
	err  error         // why some jobs did not run, once done is closed
}

type postJob struct {
	post  *book.Post
	laid  *laidPost
	ready chan struct{} // closed once laid is set
}

// startPosts starts laying out, on all cores and in book order, the posts
// whose layout from an earlier pass printed page numbers that moved, or
// that no pass laid out yet. A post met twice is laid out once, as the
// sequential layout reused its first layout for the second.
func (l *layouter) startPosts(ctx context.Context) *postJobs {
	jobs := &postJobs{byID: map[string]*postJob{}, done: make(chan struct{})}
	var order []*postJob
	for _, p := range l.b.Posts() {
		if jobs.byID[p.ID] != nil || l.reuse(p) != nil {
			continue
		}
		j := &postJob{post: p, ready: make(chan struct{})}
		jobs.byID[p.ID] = j
		order = append(order, j)
	}
	go func() {
		jobs.err = parallel.ForEach(ctx, len(order), func(i int) error {
			j := order[i]
			w := l.workers.get(l)
			j.laid = w.layPost(j.post)
			l.workers.put(w)
			close(j.ready)
			return nil
		})
		close(jobs.done)
	}()
	return jobs
}

// wait returns the layout this pass made of post id, once it is ready, or
// nil when the pass reuses an earlier one.
func (js *postJobs) wait(id string) (*laidPost, error) {
	j := js.byID[id]
	if j == nil {
		return nil, nil
	}
	select {
	case <-j.ready:
	case <-js.done:
		if j.laid == nil { // cancelled before the post's turn came
			return nil, js.err
		}
	}
	return j.laid, nil
}

// finish waits until no job runs, and returns why some did not.
func (js *postJobs) finish() error {
	<-js.done
	return js.err
}
