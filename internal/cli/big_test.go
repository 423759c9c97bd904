package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/source/wxr/wxrtest"
)

// TestBigWXR is check 4 of the WordPress issue: a generated export of at
// least 50 MB compiles with a peak memory under 500 MB. It takes a minute
// or more, so it runs only with ANTHOLOGY_BIG=1; it prints the figure:
//
//	ANTHOLOGY_BIG=1 go test ./internal/cli -run TestBigWXR -v
func TestBigWXR(t *testing.T) {
	if os.Getenv("ANTHOLOGY_BIG") != "1" {
		t.Skip("set ANTHOLOGY_BIG=1 to compile a generated 50 MB WordPress export")
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "big.xml")
	size := writeBigWXR(t, export, 50<<20)
	out := filepath.Join(dir, "out")
	code, stdout, stderr := compile(t, nil, "compile", export, "-o", out, "--name", "big", "--title", "Big", "--author", "A", "--format", "epub")
	if code != 0 {
		t.Fatalf("compile: exit %d: %s", code, stderr)
	}
	peak, how := peakMemory()
	t.Logf("export %.1f MB; peak memory %.1f MB (%s); %s", float64(size)/(1<<20), float64(peak)/(1<<20), how, strings.TrimSpace(stdout))
	if peak >= 500<<20 {
		t.Errorf("peak memory %d MB, want under 500 MB", peak>>20)
	}
}

// peakMemory is the process's peak resident set where Linux tells it, else
// the memory the Go runtime obtained from the system.
func peakMemory() (uint64, string) {
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		if m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status); m != nil {
			kb, _ := strconv.ParseUint(string(m[1]), 10, 64)
			return kb << 10, "peak RSS, VmHWM"
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys, "Go runtime Sys"
}

func writeBigWXR(t *testing.T, path string, size int64) int64 {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	n, err := wxrtest.Generate(f, size)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return n
}
