package cli

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows on stderr which stage a build is in and how many posts it
// has done, on one line rewritten in place. It shows only when stderr is a
// terminal and -q is not given; a nil *progress shows nothing, so callers
// need not check.
type progress struct {
	w io.Writer

	mu    sync.Mutex // Add is called from the renderers' goroutines
	bar   *progressbar.ProgressBar
	done  int
	total int
	then  string
}

// newProgress returns the progress display of a build, or nil when stderr
// is not a terminal or -q asks for errors only.
func newProgress(g *globalOptions) *progress {
	if g.quiet || !g.terminal {
		return nil
	}
	return &progress{w: g.stderr}
}

// isTerminal reports whether w is a terminal, as stderr is when a person
// runs anthology; a pipe, a file or a test's buffer is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// Stage starts a stage of the build: name says what it does, total is
// the number of posts it goes through, or -1 when it is not known, and
// then what it still does once all its posts are counted (e.g. drawing
// the PDF's pages): the display turns to it then.
func (p *progress) Stage(name string, total int, then string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.start(name, total)
	p.then = then
}

// PostDone counts one post done in the current stage.
func (p *progress) PostDone() { p.Add(1) }

// Add counts n more posts done in the current stage. It may be called
// from several goroutines at once.
func (p *progress) Add(n int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar == nil || p.total < 0 {
		return
	}
	p.done += n
	// The display is best effort: a failed write to stderr must not fail
	// the build, nor a count past the total (a renderer that retries).
	_ = p.bar.Add(n)
	if p.done >= p.total && p.then != "" {
		p.start(p.then, -1)
		p.then = ""
	}
}

// Done clears the display, before anything else is written to stderr.
func (p *progress) Done() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
}

// start replaces the bar with a new one; p.mu is held.
func (p *progress) start(name string, total int) {
	p.clear()
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(name),
		progressbar.OptionSetWidth(30),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetRenderBlankState(true),
	}
	if total >= 0 {
		opts = append(opts, progressbar.OptionShowCount(), progressbar.OptionSetItsString("posts"))
	}
	p.bar = progressbar.NewOptions(total, opts...)
	p.done, p.total = 0, total
}

// clear erases the bar; p.mu is held.
func (p *progress) clear() {
	if p.bar == nil {
		return
	}
	// Finish, not Exit: it stops the spinner of a stage without a total,
	// and with OptionClearOnFinish it erases the line.
	_ = p.bar.Finish()
	p.bar = nil
}
