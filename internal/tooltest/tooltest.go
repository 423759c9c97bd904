// Package tooltest gives tests the external validators they check books
// with (epubcheck, pdftotext, qpdf, calibre). A missing tool skips the test,
// unless ANTHOLOGY_REQUIRE_TOOLS=1, as in CI, where it fails the test.
package tooltest

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
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

// skipShort skips t with -short: the validators take seconds a run, and
// -short is for a quick check while editing. CI never runs with -short.
func skipShort(t testing.TB) {
	t.Helper()
	if testing.Short() && !Required() {
		t.Skip("external validators are not run with -short")
	}
}

// Need returns the path of a command, or skips or fails t when it is
// missing. With -short it skips (unless ANTHOLOGY_REQUIRE_TOOLS=1).
func Need(t testing.TB, name string) string {
	t.Helper()
	skipShort(t)
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name)
	}
	return path
}

var epubcheckSummary = regexp.MustCompile(`Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?`)

// EPUBCheck validates an EPUB with epubcheck and fails t unless it reports
// no fatal error, no error and no warning. With -short it skips (unless
// ANTHOLOGY_REQUIRE_TOOLS=1).
func EPUBCheck(t testing.TB, epubPath string) {
	t.Helper()
	skipShort(t)
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
