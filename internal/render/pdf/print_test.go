package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// These tests read back what a printer checks: the page boxes, the
// margins everything printed keeps, and the page count.

func TestTrimSize(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h float64 // in points
	}{
		{"", 148 * mm, 210 * mm},
		{"A4", 210 * mm, 297 * mm},
		{"letter", 612, 792},
		{"5x8", 360, 576},
		{"6.14x9.21", 6.14 * 72, 9.21 * 72},
		{"8.5x8.5", 612, 612},
		{"5.5x8.5in", 396, 612},
		{"150x230mm", 150 * mm, 230 * mm},
		{" 7x10IN ", 504, 720},
	} {
		w, h, err := trimSize(tc.name)
		if err != nil || abs(w-tc.w) > 0.001 || abs(h-tc.h) > 0.001 {
			t.Errorf("trimSize(%q) = %.2f×%.2f, %v; want %.2f×%.2f", tc.name, w, h, err, tc.w, tc.h)
		}
	}
	for _, bad := range []string{"b5", "6x9cm", "5x", "x8in", "axbin", "0x0in", "2x8in", "20x30in", "5x8x2in", "NaNx8in", "-5x8in"} {
		if err := CheckPageSize(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", strings.ToLower(bad))) {
			t.Errorf("CheckPageSize(%q) = %v, want an error naming it", bad, err)
		}
	}
}

func TestGutter(t *testing.T) {
	for _, tc := range []struct {
		pages  int
		inches float64
	}{{1, 0.375}, {150, 0.375}, {151, 0.5}, {300, 0.5}, {301, 0.625}, {500, 0.625}, {501, 0.75}, {700, 0.75}, {701, 0.875}, {828, 0.875}, {1443, 0.875}} {
		if got := gutter(tc.pages) / inch; abs(got-tc.inches) > 1e-9 {
			t.Errorf("gutter(%d) = %.3f in, want %.3f", tc.pages, got, tc.inches)
		}
	}
}

// tinyBook is a generated blog of three short posts.
func tinyBook(t *testing.T) (*book.Book, markup.Docs) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blog")
	if err := testkit.WriteBlog(dir, testkit.BlogOptions{Posts: 3, Paragraphs: 3}); err != nil {
		t.Fatal(err)
	}
	return loadBlog(t, filepath.Join(dir, "posts"))
}

var pdfinfoBox = regexp.MustCompile(`(?m)^Page\s+(\d+) (MediaBox|TrimBox|BleedBox):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$`)

// pageBoxes reads the boxes of every page of a PDF with pdfinfo: page
// number, then box name, then [x0 y0 x1 y1].
func pageBoxes(t *testing.T, path string, pages int) map[int]map[string][4]float64 {
	t.Helper()
	out, err := exec.Command(tooltest.Need(t, "pdfinfo"), "-box", "-f", "1", "-l", fmt.Sprint(pages), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo -box %s: %v", path, err)
	}
	boxes := map[int]map[string][4]float64{}
	for _, m := range pdfinfoBox.FindAllStringSubmatch(string(out), -1) {
		n := int(atof(m[1]))
		if boxes[n] == nil {
			boxes[n] = map[string][4]float64{}
		}
		boxes[n][m[2]] = [4]float64{atof(m[3]), atof(m[4]), atof(m[5]), atof(m[6])}
	}
	return boxes
}

// printedWords reads the box of every word of a PDF, page by page, with
// pdftotext -bbox: the page's size, then each word's xMin, yMin, xMax,
// yMax from the top left of the MediaBox.
type printedPage struct {
	w, h  float64
	words []printedWord
}

type printedWord struct {
	x0, y0, x1, y1 float64
	text           string
}

func printedPages(t *testing.T, path string) []printedPage {
	t.Helper()
	out, err := exec.Command(tooltest.Need(t, "pdftotext"), "-bbox", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox %s: %v", path, err)
	}
	var pages []printedPage
	for _, pg := range strings.Split(string(out), "<page ")[1:] {
		m := pageBox.FindStringSubmatch(pg)
		if m == nil {
			t.Fatalf("pdftotext -bbox: no page size in %.60q", pg)
		}
		p := printedPage{w: atof(m[1]), h: atof(m[2])}
		for _, w := range bboxWord.FindAllStringSubmatch(pg, -1) {
			p.words = append(p.words, printedWord{atof(w[1]), atof(w[2]), atof(w[3]), atof(w[4]), w[5]})
		}
		pages = append(pages, p)
	}
	return pages
}

// checkPrintable checks what every printer asks of an interior: words at
// least 0.5 in inside the trim, an even count of pages, the last blank.
func checkPrintable(t *testing.T, path string, bleed float64) []printedPage {
	t.Helper()
	pages := printedPages(t, path)
	if len(pages)%2 != 0 {
		t.Errorf("%d pages, want an even count", len(pages))
	}
	if n := len(pages); n > 0 && len(pages[n-1].words) > 0 {
		t.Errorf("the last page has %q: want it blank", pages[n-1].words[0].text)
	}
	for i, pg := range pages {
		minX, minY := bleed+safety, bleed+safety
		maxX, maxY := pg.w-bleed-safety, pg.h-bleed-safety
		for _, w := range pg.words {
			if w.x0 < minX-0.01 || w.y0 < minY-0.01 || w.x1 > maxX+0.01 || w.y1 > maxY+0.01 {
				t.Errorf("page %d: %q at %.1f,%.1f-%.1f,%.1f is within 0.5 in of the trim (%.1f,%.1f-%.1f,%.1f)",
					i+1, w.text, w.x0, w.y0, w.x1, w.y1, minX, minY, maxX, maxY)
				break
			}
		}
	}
	return pages
}

// TestPageBoxes writes a small book at every named size, with bleed and
// without, and reads back its boxes: the TrimBox is the page size on
// every page; with bleed the MediaBox and BleedBox are 0.125 in larger on
// every side, and the cover fills them.
func TestPageBoxes(t *testing.T) {
	tooltest.Need(t, "pdfinfo") // skips once, not in every subtest
	tooltest.Need(t, "pdftotext")
	b, docs := tinyBook(t)
	sizes := append(append([]string(nil), PageSizes...), "150x230mm", "5.5x8.25in")
	for _, size := range sizes {
		for _, bleed := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s,bleed=%v", size, bleed), func(t *testing.T) {
				t.Parallel()
				w, h, err := trimSize(size)
				if err != nil {
					t.Fatal(err)
				}
				path, _ := writePDF(t, b, docs, Options{PageSize: size, Bleed: bleed}, t.TempDir())
				bl := 0.0
				if bleed {
					bl = bleedWidth
				}
				pages := checkPrintable(t, path, bl)
				boxes := pageBoxes(t, path, len(pages))
				if len(boxes) != len(pages) {
					t.Fatalf("pdfinfo gave the boxes of %d pages, want %d", len(boxes), len(pages))
				}
				media := [4]float64{0, 0, w + 2*bl, h + 2*bl}
				trim := [4]float64{bl, bl, bl + w, bl + h}
				for n := 1; n <= len(pages); n++ {
					for name, want := range map[string][4]float64{"MediaBox": media, "BleedBox": media, "TrimBox": trim} {
						got := boxes[n][name]
						for i := range got {
							if abs(got[i]-want[i]) > 0.011 {
								t.Fatalf("page %d: %s is %v, want %v", n, name, got, want)
							}
						}
					}
				}
			})
		}
	}
}

// TestBleedIsDeterministic writes a book with bleed twice: fpdf writes a
// page's boxes in map order, which boxOrder puts right.
func TestBleedIsDeterministic(t *testing.T) {
	b, docs := tinyBook(t)
	var first []byte
	for range 4 {
		var buf bytes.Buffer
		if err := Write(context.Background(), &buf, b, docs, Options{PageSize: "5x8", Bleed: true}, &book.Report{}); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("]\n/TrimBox")) {
			t.Fatal("a page has its BleedBox before its TrimBox")
		}
		if first != nil && !bytes.Equal(first, buf.Bytes()) {
			t.Fatal("two runs differ")
		}
		first = buf.Bytes()
	}
}

func TestBoxOrderAcrossWrites(t *testing.T) {
	g, _ := pageGeometry("5x8")
	g.bleed = bleedWidth
	var out bytes.Buffer
	bo := newBoxOrder(&out, g)
	in := "<<\n" + string(bo.from) + "\n>>\n" + string(bo.to) + "\n" + string(bo.from)
	want := "<<\n" + string(bo.to) + "\n>>\n" + string(bo.to) + "\n" + string(bo.to)
	for step := 1; step < len(in); step += 7 {
		out.Reset()
		bo = newBoxOrder(&out, g)
		for i := 0; i < len(in); i += step {
			if _, err := bo.Write([]byte(in[i:min(i+step, len(in))])); err != nil {
				t.Fatal(err)
			}
		}
		if err := bo.Close(); err != nil {
			t.Fatal(err)
		}
		if out.String() != want {
			t.Fatalf("in writes of %d bytes: %q, want %q", step, out.String(), want)
		}
	}
}

// TestGutterOfLongBook lays out a generated blog of some 600 pages at 5x8:
// KDP asks 0.75 in inside, more than the page's design.
func TestGutterOfLongBook(t *testing.T) {
	tooltest.Need(t, "pdftotext")
	if testing.Short() {
		t.Skip("a 600-page book takes seconds")
	}
	dir := filepath.Join(t.TempDir(), "blog")
	if err := testkit.WriteBlog(dir, testkit.BlogOptions{Posts: 430, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	b, docs := loadBlog(t, filepath.Join(dir, "posts"))
	path, _ := writePDF(t, b, docs, Options{PageSize: "5x8"}, t.TempDir())
	pages := checkPrintable(t, path, 0)
	if n := len(pages); n <= 500 || n > 700 {
		t.Fatalf("%d pages: the test wants 501 to 700, change the number of posts", n)
	}
	want := 0.75 * inch
	for i, pg := range pages {
		for _, w := range pg.words {
			inside := w.x0 // a recto's binding is on its left
			if (i+1)%2 == 0 {
				inside = pg.w - w.x1
			}
			if inside < want-0.01 {
				t.Fatalf("page %d: %q is %.3f in from the binding, want at least 0.75 in", i+1, w.text, inside/inch)
			}
		}
	}
}

// TestCoverFillsBleed prints a cover of another shape than the page with
// bleed: it covers the page to the edges of its bleed, corners included.
func TestCoverFillsBleed(t *testing.T) {
	tool := tooltest.Need(t, "pdftoppm")
	b, docs := tinyBook(t)
	cover := *b
	cover.Cover = &book.Asset{Name: "images/cover.png", MediaType: "image/png", Data: encodePNG(t, 300, 300, color.Gray{Y: 40}), Width: 300, Height: 300}
	cover.CoverGiven = true
	dir := t.TempDir()
	path, _ := writePDF(t, &cover, docs, Options{PageSize: "5x8", Bleed: true}, dir)
	prefix := filepath.Join(dir, "page")
	if out, err := exec.Command(tool, "-r", "20", "-png", "-f", "1", "-l", "1", "-singlefile", path, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	for _, p := range []image.Point{r.Min, {r.Max.X - 1, r.Min.Y}, {r.Min.X, r.Max.Y - 1}, r.Max.Sub(image.Pt(1, 1))} {
		if y := color.GrayModel.Convert(img.At(p.X, p.Y)).(color.Gray).Y; y > 100 {
			t.Errorf("the cover page is light (%d) at %v: the cover does not fill the bleed", y, p)
		}
	}
}

func TestNamedTrimInUnits(t *testing.T) {
	for spelled, name := range map[string]string{"6x9in": "6x9", "148x210mm": "a5", "8.5x11in": "letter", "5x8in": "5x8"} {
		g1, err1 := pageGeometry(spelled)
		g2, err2 := pageGeometry(name)
		if err1 != nil || err2 != nil || g1 != g2 {
			t.Errorf("%s is laid out as %+v, %s as %+v (%v, %v)", spelled, g1, name, g2, err1, err2)
		}
	}
}

// TestImprintPage prints the book file's imprint on the title page's
// verso, with the years the posts span.
func TestImprintPage(t *testing.T) {
	b, docs := tinyBook(t)
	b.Imprint.Rights = "All rights reserved."
	b.Imprint.Publisher = "Lake Press"
	b.Imprint.Edition = "First edition, 2024"
	b.Imprint.ISBN = "9780306406157"
	path, _ := writePDF(t, b, docs, Options{}, t.TempDir())
	pages := printedPages(t, path)
	var text []string
	for _, w := range pages[1].words {
		text = append(text, w.text)
	}
	got := strings.Join(text, " ")
	years := fmt.Sprint(b.Posts()[0].Date.Year())
	if first, last := b.Span(); first != last {
		years = fmt.Sprintf("%d–%d", first, last)
	}
	for _, want := range []string{b.Title, "© " + years + " " + b.Author, "All rights reserved.", "First edition, 2024", "ISBN 9780306406157", "Lake Press"} {
		if !strings.Contains(got, want) {
			t.Errorf("the imprint page reads %q, want %q on it", got, want)
		}
	}
}
