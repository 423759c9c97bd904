package build

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// TestSameBytesOnOneCore checks that the work spread over cores (loading,
// parsing, rendering posts) does not reach the books: compiled with
// GOMAXPROCS=1 and with several, the EPUB and the PDF are the same bytes.
func TestSameBytesOnOneCore(t *testing.T) {
	many := runtime.GOMAXPROCS(0)
	if many == 1 {
		many = 4 // on one core, the default would compare 1 with 1
	}
	blogs := map[string]func(t *testing.T) string{
		"sample":     func(*testing.T) string { return samplePath },
		"corpus-100": func(t *testing.T) string { return testkit.Corpus(t, 100) },
	}
	for _, name := range []string{"sample", "corpus-100"} {
		t.Run(name, func(t *testing.T) {
			blog := blogs[name](t)
			one := compileWithProcs(t, blog, 1)
			several := compileWithProcs(t, blog, many)
			for _, file := range []string{"book.epub", "book.pdf"} {
				a, b := readFile(t, filepath.Join(one, file)), readFile(t, filepath.Join(several, file))
				if !bytes.Equal(a, b) {
					t.Errorf("%s differs: GOMAXPROCS=1 gives %d bytes, GOMAXPROCS=%d %d bytes", file, len(a), many, len(b))
				}
			}
		})
	}
}

// compileWithProcs builds blog into a new folder with GOMAXPROCS set to
// procs, and returns the folder.
func compileWithProcs(t *testing.T, blog string, procs int) string {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	out := t.TempDir()
	opts := Options{Sources: []string{blog}, Title: "Procs", Author: "Test", Formats: DefaultFormats(), OutputDir: out, Name: "book", PageSize: "a5"}
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatalf("build %s with GOMAXPROCS=%d: %v", blog, procs, err)
	}
	return out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
