package build

import (
	"os"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// samplePath is the project's sample blog.
const samplePath = "../../testdata/sample"

func TestMain(m *testing.M) {
	code := m.Run()
	testkit.RemoveCorpora()
	os.Exit(code)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
