package tooltest

import (
	"os"
	"testing"
)

// TestParseAceReport reads a report.json Ace 1.4.6 wrote for the sample
// blog, cut down to three of its documents.
func TestParseAceReport(t *testing.T) {
	data, err := os.ReadFile("testdata/ace-report.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := parseAceReport(data)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != "1.4.6" {
		t.Errorf("version %q", r.Version)
	}
	want := "0 critical, 3 serious, 3 moderate, 0 minor (serious: metadata-accessibilityfeature 1, metadata-accessibilityhazard 1, metadata-accessmode 1; moderate: epub-type-has-matching-role 1, metadata-accessibilitysummary 1, metadata-accessmodesufficient 1)"
	if got := r.Summary(); got != want {
		t.Errorf("summary\n got %s\nwant %s", got, want)
	}
	last := r.Findings[len(r.Findings)-1]
	wantLast := AceFinding{
		Document: "xhtml/contents.xhtml", Rule: "epub-type-has-matching-role", Impact: "moderate",
		Description: "Element has no ARIA role matching its epub:type",
		Where:       `<nav class="contents" epub:type="toc" id="contents">`,
	}
	if last != wantLast {
		t.Errorf("last finding\n got %+v\nwant %+v", last, wantLast)
	}
	if r.Findings[0].Document != "EPUB/package.opf" {
		t.Errorf("first finding in %q, want EPUB/package.opf", r.Findings[0].Document)
	}
}
