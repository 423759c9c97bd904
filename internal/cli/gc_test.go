package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestTuneGC checks that a run collects at its own target under its own
// limit, leaves each alone when the environment sets it, and restores
// both.
func TestTuneGC(t *testing.T) {
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	beforePercent, beforeLimit := percent(), debug.SetMemoryLimit(-1)
	for _, c := range []struct {
		name        string
		env         map[string]string
		wantPercent int
		wantLimit   int64
	}{
		{"nothing set", nil, gcPercent, memoryLimit},
		{"GOGC set", map[string]string{"GOGC": "100"}, beforePercent, memoryLimit},
		{"GOMEMLIMIT set", map[string]string{"GOMEMLIMIT": "2GiB"}, gcPercent, beforeLimit},
	} {
		if beforeLimit != math.MaxInt64 && c.wantLimit == memoryLimit {
			c.wantLimit = beforeLimit // a limit of the test's own environment is kept
		}
		restore := tuneGC(func(k string) string { return c.env[k] })
		if got := percent(); got != c.wantPercent {
			t.Errorf("%s: GOGC %d during the run, want %d", c.name, got, c.wantPercent)
		}
		if got := debug.SetMemoryLimit(-1); got != c.wantLimit {
			t.Errorf("%s: memory limit %d during the run, want %d", c.name, got, c.wantLimit)
		}
		restore()
		if got, gotLimit := percent(), debug.SetMemoryLimit(-1); got != beforePercent || gotLimit != beforeLimit {
			t.Errorf("%s: GOGC %d and limit %d after the run, want %d and %d", c.name, got, gotLimit, beforePercent, beforeLimit)
		}
	}
}
