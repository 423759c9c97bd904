package wxr

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/source/wxr/wxrtest"
)

// TestBigExport streams a generated 50 MB export and prints the peak
// memory of reading it; the whole compile is measured by the cli package's
// TestBigWXR. Run with ANTHOLOGY_BIG=1.
func TestBigExport(t *testing.T) {
	if os.Getenv("ANTHOLOGY_BIG") != "1" {
		t.Skip("set ANTHOLOGY_BIG=1 to read a generated 50 MB WordPress export")
	}
	path := filepath.Join(t.TempDir(), "big.xml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	size, err := wxrtest.Generate(f, 50<<20)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	rep := &book.Report{}
	posts, err := Load(context.Background(), in, "big.xml", nil, rep)
	if err != nil {
		t.Fatal(err)
	}
	var body int
	for _, p := range posts {
		body += len(p.Body)
	}
	peak := peakRSS()
	t.Logf("export %.1f MB: %d posts, %.1f MB of Markdown; skipped %v; peak RSS %.1f MB", float64(size)/(1<<20), len(posts), float64(body)/(1<<20), rep.Skipped, float64(peak)/(1<<20))
	// Holding every post's HTML, or the file, would pass 150 MB.
	if peak >= 150<<20 {
		t.Errorf("peak RSS %d MB while reading a %d MB export, want under 150 MB", peak>>20, size>>20)
	}
}

func peakRSS() uint64 {
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		if m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(status); m != nil {
			kb, _ := strconv.ParseUint(string(m[1]), 10, 64)
			return kb << 10
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.Sys
}
