// Package tooltest gives tests the external validators they check books
// with (epubcheck, pdftotext, qpdf, calibre, DAISY Ace). A missing tool skips the test,
// unless ANTHOLOGY_REQUIRE_TOOLS=1, as in CI, where it fails the test.
package tooltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
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
	// a larger stack than Java's default: epubcheck's reading-order check
	// recurses through the book's links, which overflowed it on a book of
	// a few hundred linked posts
	cmd := exec.Command(java, "-Xss16m", "-jar", EPUBCheckJar, epubPath)
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

// AceEnv names the variable that gives the path of DAISY Ace's ace.js, as
// .ci/ace-install prints it. Without it, Ace is looked for where that
// script installs it by default, AceCache.
const AceEnv = "ANTHOLOGY_ACE"

// AceCache is the folder, under the user's home, .ci/ace-install installs
// Ace into by default.
const AceCache = ".cache/anthology-ace"

// AceTimeout bounds one run of Ace on one book.
const AceTimeout = 5 * time.Minute

// AceFinding is one failed check of an Ace report.
type AceFinding struct {
	Document    string // the file of the book, as Ace names it
	Rule        string // the check, as Ace names it: "metadata-accessmode"
	Impact      string // critical, serious, moderate or minor
	Description string // what failed
	Where       string // the element, for a check on a document's content
}

func (f AceFinding) String() string {
	s := fmt.Sprintf("%s %s in %s: %s", f.Impact, f.Rule, f.Document, f.Description)
	if f.Where != "" {
		s += ": " + f.Where
	}
	return s
}

// AceImpacts are the impacts of Ace's findings, gravest first.
var AceImpacts = []string{"critical", "serious", "moderate", "minor"}

// AceReport is what Ace found in one book.
type AceReport struct {
	Version  string // of Ace
	Findings []AceFinding
}

// Count returns how many findings have the given impact.
func (r AceReport) Count(impact string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Impact == impact {
			n++
		}
	}
	return n
}

// Summary gives the counts by impact, then by rule: "0 critical, 3
// serious, 29 moderate, 0 minor (serious: metadata-accessmode 1, ...)".
func (r AceReport) Summary() string {
	var counts, rules []string
	for _, impact := range AceImpacts {
		counts = append(counts, fmt.Sprintf("%d %s", r.Count(impact), impact))
		byRule := map[string]int{}
		for _, f := range r.Findings {
			if f.Impact == impact {
				byRule[f.Rule]++
			}
		}
		if len(byRule) == 0 {
			continue
		}
		var parts []string
		for _, rule := range slices.Sorted(maps.Keys(byRule)) {
			parts = append(parts, fmt.Sprintf("%s %d", rule, byRule[rule]))
		}
		rules = append(rules, impact+": "+strings.Join(parts, ", "))
	}
	s := strings.Join(counts, ", ")
	if len(rules) > 0 {
		s += " (" + strings.Join(rules, "; ") + ")"
	}
	return s
}

// Ace checks an EPUB's accessibility with DAISY Ace, running in Debian's
// chromium, and fails t on every critical or serious finding, listing
// them; it returns the report, whose other findings are for the caller to
// show. With -short, or without Ace, node or chromium, it skips (unless
// ANTHOLOGY_REQUIRE_TOOLS=1).
func Ace(t testing.TB, epubPath string) AceReport {
	t.Helper()
	skipShort(t)
	node, err := exec.LookPath("node")
	if err != nil {
		Missing(t, "node (for DAISY Ace)")
	}
	chromium := os.Getenv("PUPPETEER_EXECUTABLE_PATH")
	if chromium == "" {
		if chromium, err = exec.LookPath("chromium"); err != nil {
			Missing(t, "chromium (for DAISY Ace)")
		}
	}
	aceJS := findAce()
	if aceJS == "" {
		Missing(t, "DAISY Ace (install it with .ci/ace-install, then set "+AceEnv+")")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), AceTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, aceJS, "-f", "-s", "-o", dir, epubPath)
	cmd.Env = append(os.Environ(), "PUPPETEER_EXECUTABLE_PATH="+chromium)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ace %s: %v\n%s", epubPath, err, out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("ace %s: %v", epubPath, err)
	}
	report, err := parseAceReport(data)
	if err != nil {
		t.Fatalf("ace %s: %v", epubPath, err)
	}
	var grave []string
	for _, f := range report.Findings {
		if f.Impact == "critical" || f.Impact == "serious" {
			grave = append(grave, "\t"+f.String())
		}
	}
	if len(grave) > 0 {
		t.Errorf("ace %s: %d critical, %d serious:\n%s", filepath.Base(epubPath),
			report.Count("critical"), report.Count("serious"), strings.Join(grave, "\n"))
	}
	return report
}

// findAce returns the path of ace.js that AceEnv names, else the one
// .ci/ace-install put in AceCache, else "".
func findAce() string {
	if path := os.Getenv(AceEnv); path != "" {
		return path
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	found, _ := filepath.Glob(filepath.Join(home, AceCache, "*", "node_modules", "@daisy", "ace-cli", "bin", "ace.js"))
	if len(found) != 1 {
		return "" // none, or several: AceEnv must say which
	}
	return found[0]
}

// aceAssertion is an assertion of Ace's report.json (EARL in JSON-LD): the
// report holds one per document of the book, each holding one per failed
// check.
type aceAssertion struct {
	Subject struct {
		URL string `json:"url"`
	} `json:"earl:testSubject"`
	Result struct {
		Outcome     string `json:"earl:outcome"`
		Description string `json:"dct:description"`
		HTML        string `json:"html"`
		Pointer     struct {
			CSS []string `json:"css"`
		} `json:"earl:pointer"`
	} `json:"earl:result"`
	Test struct {
		Impact string `json:"earl:impact"`
		Title  string `json:"dct:title"`
	} `json:"earl:test"`
	Assertions []aceAssertion `json:"assertions"`
}

// parseAceReport reads the findings out of Ace's report.json.
func parseAceReport(data []byte) (AceReport, error) {
	var raw struct {
		AssertedBy struct {
			Release struct {
				Revision string `json:"doap:revision"`
			} `json:"doap:release"`
		} `json:"earl:assertedBy"`
		Assertions []aceAssertion `json:"assertions"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return AceReport{}, fmt.Errorf("read report.json: %w", err)
	}
	report := AceReport{Version: raw.AssertedBy.Release.Revision}
	var walk func(doc string, as []aceAssertion)
	walk = func(doc string, as []aceAssertion) {
		for _, a := range as {
			if a.Subject.URL != "" {
				doc = a.Subject.URL
			}
			if a.Test.Title != "" && a.Result.Outcome == "fail" {
				where := a.Result.HTML
				if where == "" && len(a.Result.Pointer.CSS) > 0 {
					where = a.Result.Pointer.CSS[0]
				}
				report.Findings = append(report.Findings, AceFinding{
					Document: doc, Rule: a.Test.Title, Impact: a.Test.Impact,
					Description: a.Result.Description, Where: where,
				})
			}
			walk(doc, a.Assertions)
		}
	}
	walk("", raw.Assertions)
	return report, nil
}
