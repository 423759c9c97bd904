package pdf

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/tooltest"
	"github.com/yuin/goldmark/ast"
)

// readLine is a line of a page as pdftotext -bbox-layout reads it.
type readLine struct {
	x0, y0, x1, y1 float64
	words          []string
}

func (l readLine) text() string { return strings.Join(l.words, " ") }

var (
	layoutPage = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	layoutLine = regexp.MustCompile(`(?s)<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>`)
	layoutWord = regexp.MustCompile(`<word [^>]*>([^<]*)</word>`)
)

// readLines returns the lines of each page of the PDF at path, top to
// bottom.
func readLines(t *testing.T, path string) [][]readLine {
	t.Helper()
	out, err := exec.Command(tooltest.Need(t, "pdftotext"), "-bbox-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox-layout %s: %v", path, err)
	}
	var pages [][]readLine
	for _, pg := range strings.Split(string(out), "</page>") {
		if !layoutPage.MatchString(pg) {
			continue
		}
		var lines []readLine
		for _, m := range layoutLine.FindAllStringSubmatch(pg, -1) {
			ln := readLine{x0: atof(m[1]), y0: atof(m[2]), x1: atof(m[3]), y1: atof(m[4])}
			for _, w := range layoutWord.FindAllStringSubmatch(m[5], -1) {
				ln.words = append(ln.words, unescapeXML(w[1]))
			}
			lines = append(lines, ln)
		}
		pages = append(pages, lines)
	}
	return pages
}

func unescapeXML(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'").Replace(s)
}

// headingTexts returns the text of every heading of the posts, squeezed.
func headingTexts(docs markup.Docs) map[string]bool {
	out := map[string]bool{}
	for _, d := range docs {
		ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if h, ok := n.(*ast.Heading); ok && entering {
				out[squeeze(plainText(h, d.Source))] = true
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		})
	}
	return out
}

// lastTextLine returns the lowest line of a page that is not its folio.
func lastTextLine(lines []readLine) (readLine, bool) {
	var last readLine
	found := false
	for _, ln := range lines {
		if strings.TrimFunc(ln.text(), unicode.IsDigit) == "" {
			continue
		}
		if !found || ln.y0 > last.y0 {
			last, found = ln, true
		}
	}
	return last, found
}

// TestNoHeadingEndsAPage checks that no page of the sample and of the
// generated blog ends on a heading: a heading goes to the next page with
// the lines it introduces.
func TestNoHeadingEndsAPage(t *testing.T) {
	books(t, func(t *testing.T, r *rendered) {
		headings := headingTexts(r.docs)
		for i, lines := range readLines(t, r.path) {
			last, ok := lastTextLine(lines)
			if ok && headings[squeeze(last.text())] {
				t.Errorf("page %d ends on the heading %q", i+1, last.text())
			}
		}
	})
}
