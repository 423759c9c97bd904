// Package tooltest gives tests the external validators they check books
// with (epubcheck, pdftotext, qpdf, calibre). A missing tool skips the test,
// unless ANTHOLOGY_REQUIRE_TOOLS=1, as in CI, where it fails the test.
package tooltest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
)

// EPUBCheckJar is where Debian's epubcheck package puts the validator.
const EPUBCheckJar = "/usr/share/java/epubcheck.jar"

// Required reports whether tests must fail rather than skip when a tool is
// missing.
func Required() bool { return os.Getenv("ANTHOLOGY_REQUIRE_TOOLS") == "1" }

// Missing skips or fails t, as Required says, because tool is not there.
func Missing(t testing.TB, tool string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s is required (ANTHOLOGY_REQUIRE_TOOLS=1) but not installed", tool)
	}
	t.Skipf("%s not installed; set ANTHOLOGY_REQUIRE_TOOLS=1 to make this a failure", tool)
}

// Need returns the path of a command, or skips or fails t when it is missing.
func Need(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name)
	}
	return path
}

var epubcheckSummary = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?`)

// EPUBCheck validates an EPUB with epubcheck and fails t unless it reports
// no fatal error, no error and no warning.
func EPUBCheck(t testing.TB, epubPath string) {
	t.Helper()
	java, err := exec.LookPath("java")
	if err != nil {
		Missing(t, "java (for epubcheck)")
	}
	if _, err := os.Stat(EPUBCheckJar); err != nil {
		Missing(t, "epubcheck ("+EPUBCheckJar+")")
	}
	var out bytes.Buffer
	cmd := exec.Command(java, "-jar", EPUBCheckJar, epubPath)
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	m := epubcheckSummary.FindSubmatch(out.Bytes())
	if m == nil {
		t.Fatalf("epubcheck %s: no summary (%v):\n%s", epubPath, runErr, out.String())
	}
	if string(m[1]) != "0" || string(m[2]) != "0" || string(m[3]) != "0" {
		t.Fatalf("epubcheck %s: %s\n%s", epubPath, m[0], out.String())
	}
}

// corpora caches the synthetic blogs made in this test process, by size.
var corpora struct {
	sync.Mutex
	dirs map[int]string
}

// Corpus returns a folder holding a synthetic blog of n posts made by the
// shared benchmark script make_corpus.py (Hugo and Jekyll posts, page
// bundles with images, footnotes, tables, English and French, emoji). The
// script is looked for in shared/bench beside the repository or any folder
// above the test's; without it or python3, t is skipped or failed as
// Required says. The blog is made once per process and must not be changed.
func Corpus(t testing.TB, n int) string {
	t.Helper()
	corpora.Lock()
	defer corpora.Unlock()
	if dir, ok := corpora.dirs[n]; ok {
		return dir
	}
	script := findUp(filepath.Join("shared", "bench", "make_corpus.py"))
	if script == "" {
		Missing(t, "shared/bench/make_corpus.py")
	}
	python := Need(t, "python3")
	dir, err := os.MkdirTemp("", fmt.Sprintf("anthology-corpus-%d-", n))
	if err != nil {
		t.Fatal(err)
	}
	blog := filepath.Join(dir, "blog")
	if out, err := exec.Command(python, script, strconv.Itoa(n), blog).CombinedOutput(); err != nil {
		t.Fatalf("make_corpus.py %d: %v\n%s", n, err, out)
	}
	if corpora.dirs == nil {
		corpora.dirs = map[int]string{}
	}
	corpora.dirs[n] = blog
	return blog
}

// RemoveCorpora deletes the blogs Corpus made in this process. A package
// whose tests use Corpus calls it from TestMain, after the tests.
func RemoveCorpora() {
	corpora.Lock()
	defer corpora.Unlock()
	for n, blog := range corpora.dirs {
		os.RemoveAll(filepath.Dir(blog))
		delete(corpora.dirs, n)
	}
}

// findUp returns the first path named rel in the working folder or one of
// its parents, or "".
func findUp(rel string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, rel)); err == nil {
			return filepath.Join(dir, rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
