package build

import (
	"path/filepath"
	"testing"

	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestAccessible checks the EPUB of every blog of testdata with DAISY Ace
// and fails on any critical or serious finding. The books are made with
// their PDF, as "compile" makes them, so that what the EPUB takes from
// the print book is checked too. The counts by impact are logged (go test
// -v) for the README.
func TestAccessible(t *testing.T) {
	tooltest.Need(t, "node") // skips with -short before making the books
	for _, name := range agreementBlogs {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // Ace waits on chromium most of the time
			_, epubPath, _ := buildBoth(t, filepath.Join("../../testdata", name))
			report := tooltest.Ace(t, epubPath)
			t.Logf("Ace %s: %s", report.Version, report.Summary())
		})
	}
}
