package build

import (
	"archive/zip"
	"context"
	"io"
	"os/exec"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestPageListMatchesPDF builds the sample as both books in one run and
// reads both: the EPUB's page list holds every page of the PDF, blank ones
// included, in order, and the first words after each page's marker are on
// that page of the PDF.
func TestPageListMatchesPDF(t *testing.T) {
	testkit.NeedPDFTools(t)
	pdfinfo := tooltest.Need(t, "pdfinfo")
	res, epubPath, pdfPath := buildBoth(t, "../../testdata/sample")
	if want := []string{"book.epub", "book.pdf"}; !slices.Equal(baseNames(res.Files), want) {
		t.Errorf("files written: %v, want %v, in the order asked", res.Files, want)
	}
	checkPageList(t, pdfinfo, epubPath, pdfPath, readPDF(t, pdfPath))
}

// checkPageList checks the EPUB's page list against the PDF made in the
// same run.
func checkPageList(t *testing.T, pdfinfo, epubPath, pdfPath string, pdf *pdfPages) {
	t.Helper()
	pages := pdfPageCount(t, pdfinfo, pdfPath)
	list, text := epubPages(t, epubPath)
	var want []string
	for n := 1; n <= pages; n++ {
		want = append(want, strconv.Itoa(n))
	}
	if !slices.Equal(list, want) {
		t.Fatalf("the EPUB's page list is %v, want the PDF's %d pages: %v", list, pages, want)
	}
	checked := 0
	for _, label := range list {
		after := comparable(testkit.Words(text[label]))
		n, _ := strconv.Atoi(label)
		page := pdf.text(n, n)
		onPage := comparable(testkit.Words(page))
		if len(after) == 0 || len(onPage) == 0 {
			continue // a blank page, or a cover: no words to find
		}
		first := after[:min(4, len(after), len(onPage))]
		if !containsRun(onPage, first) {
			t.Errorf("page %d: the EPUB's marker is followed by %q, not on the PDF's page: %q", n, first, onPage)
		}
		checked++
	}
	if checked < pages/2 {
		t.Errorf("only %d of %d pages had words to check", checked, pages)
	}
}

// TestNoPageListWithoutPDF builds the EPUB alone: no print edition, so no
// page markers, no page list and no claim of page navigation.
func TestNoPageListWithoutPDF(t *testing.T) {
	out := t.TempDir()
	_, err := Run(context.Background(), Options{
		Sources: []string{"../../testdata/sample"}, Formats: []string{"epub"}, OutputDir: out, Name: "book",
	})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path.Join(out, "book.epub"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		data := readZipFile(t, f)
		for _, s := range []string{"pagebreak", "page-list", "printPageNumbers", "pageNavigation", "source-of"} {
			if strings.Contains(data, s) {
				t.Errorf("%s holds %q, with no PDF made", f.Name, s)
			}
		}
	}
}

func baseNames(paths []string) []string {
	var out []string
	for _, p := range paths {
		out = append(out, path.Base(p))
	}
	return out
}

var pdfinfoPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

func pdfPageCount(t *testing.T, pdfinfo, pdfPath string) int {
	t.Helper()
	out, err := exec.Command(pdfinfo, pdfPath).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", pdfPath, err)
	}
	m := pdfinfoPages.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s: no page count in %s", pdfPath, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// epubPages reads the EPUB's page list, and for each page the text that
// follows its marker in its document, up to the next marker.
func epubPages(t *testing.T, epubPath string) (list []string, text map[string]string) {
	t.Helper()
	zr, err := zip.OpenReader(epubPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	docs := map[string]*html.Node{}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".xhtml") {
			root, err := html.Parse(strings.NewReader(readZipFile(t, f)))
			if err != nil {
				t.Fatal(err)
			}
			docs[f.Name] = root
		}
	}
	text = map[string]string{}
	walk(docs["EPUB/nav.xhtml"], func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == "nav" && attrOf(n, "epub:type") == "page-list" {
			walk(n, func(a *html.Node) bool {
				if a.Type == html.ElementNode && a.Data == "a" {
					file, id, _ := strings.Cut(attrOf(a, "href"), "#")
					label := textOf(a)
					list = append(list, label)
					if id != "page-"+label {
						t.Errorf("page %s points to %q", label, attrOf(a, "href"))
					}
					if _, ok := docs["EPUB/"+file]; !ok {
						t.Errorf("page %s points to %q, not in the book", label, file)
					}
				}
				return true
			})
			return false
		}
		return true
	})
	for name, root := range docs {
		if name == "EPUB/nav.xhtml" {
			continue
		}
		var cur *strings.Builder
		var after = map[string]*strings.Builder{}
		walk(root, func(n *html.Node) bool {
			switch {
			case n.Type == html.ElementNode && attrOf(n, "role") == "doc-pagebreak":
				label := attrOf(n, "aria-label")
				if attrOf(n, "epub:type") != "pagebreak" || attrOf(n, "id") != "page-"+label || n.FirstChild != nil {
					t.Errorf("%s: the marker of page %s is not an empty, labelled pagebreak", name, label)
				}
				cur = &strings.Builder{}
				after[label] = cur
			case n.Type == html.TextNode && cur != nil:
				cur.WriteString(n.Data + " ")
			}
			return true
		})
		for label, b := range after {
			text[label] = b.String()
		}
	}
	return list, text
}

// walk calls visit on n and, while visit says so, on what n holds, in
// document order.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if n == nil || !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return strings.TrimSpace(b.String())
}

func readZipFile(t *testing.T, f *zip.File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// containsRun reports whether run appears in words, in order and together.
func containsRun(words, run []string) bool {
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}
