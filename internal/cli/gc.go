package cli

import (
	"math"
	"runtime/debug"
)

// Garbage collection for a run of the command, unless GOGC or GOMEMLIMIT
// in the environment say otherwise. A build makes garbage fast and keeps
// little of it: at Go's default target (GOGC=100) collecting is a quarter
// of the CPU of a 200-post book. Collecting at five times what is live
// takes a fifth off its PDF; the soft limit makes the collector work
// harder near it whatever the target, so that a book of few posts but
// many large images grows no further than at the default (a thousand
// posts with 500 photos kept as they are: 1.6 GB of resident memory at
// GOGC=100, 1 GB so). A big book lowers the target again while it is
// written (build.Options.TuneGC). The limit leaves a tenth of a gigabyte
// for what is not heap: 10,000 posts in volumes peak at about 890 MiB;
// at 768 MiB their collections took a fifth of their CPU, rescanning the
// parsed posts.
const (
	gcPercent   = 400
	memoryLimit = 896 << 20
)

// tuneGC sets the collector's target and soft memory limit for the run,
// each unless its variable is in the environment, and returns the
// function that restores them.
func tuneGC(getenv func(string) string) (restore func()) {
	prevPercent, prevLimit := -2, int64(-1)
	if getenv("GOGC") == "" {
		prevPercent = debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" && debug.SetMemoryLimit(-1) == math.MaxInt64 {
		prevLimit = debug.SetMemoryLimit(memoryLimit)
	}
	return func() {
		if prevPercent != -2 {
			debug.SetGCPercent(prevPercent)
		}
		if prevLimit >= 0 {
			debug.SetMemoryLimit(prevLimit)
		}
	}
}
