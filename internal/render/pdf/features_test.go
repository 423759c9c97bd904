package pdf

import (
	"bytes"
	"context"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"maps"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/tooltest"
	"github.com/yuin/goldmark/ast"
)

func encodePNG(t *testing.T, w, h int, c color.Color) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 5), uint8(y * 7), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// interlacedPNG is a 1×1 Adam7-interlaced PNG, which fpdf cannot read.
func interlacedPNG() []byte {
	chunk := func(typ string, data []byte) []byte {
		var b bytes.Buffer
		b.Write([]byte{byte(len(data) >> 24), byte(len(data) >> 16), byte(len(data) >> 8), byte(len(data))})
		b.WriteString(typ)
		b.Write(data)
		sum := crc32.ChecksumIEEE(append([]byte(typ), data...))
		b.Write([]byte{byte(sum >> 24), byte(sum >> 16), byte(sum >> 8), byte(sum)})
		return b.Bytes()
	}
	// zlib stream of one filter byte and one RGB pixel, stored uncompressed
	raw := []byte{0, 200, 30, 30}
	z := []byte{0x78, 0x01, 0x01, byte(len(raw)), 0, ^byte(len(raw)), 0xff}
	z = append(z, raw...)
	a, b := uint32(1), uint32(0)
	for _, c := range raw {
		a = (a + uint32(c)) % 65521
		b = (b + a) % 65521
	}
	z = append(z, byte(b>>8), byte(b), byte(a>>8), byte(a))
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	out.Write(chunk("IHDR", []byte{0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 1}))
	out.Write(chunk("IDAT", z))
	out.Write(chunk("IEND", nil))
	return out.Bytes()
}

const picturesBody = `Pictures of every kind, and some that fail.

![alt-ok](ok.png)

![alt-same-width](same.png)

![alt-jpeg](photo.jpg)

![alt-interlaced](interlaced.png)

![alt-webp](pic.webp)

![alt-corrupt](corrupt.png)

![alt-missing](missing.png)

![alt-remote](https://example.org/remote.png)
`

const featuresBody = `Read [the pictures post](%s) first, then [the web](https://example.org/ext).
A note[^1] and ~~struck~~ text, ` + "`code`" + `, *emphasis*, **strong** and ***both***.

## A heading

- [ ] a task to do
- [x] a task done
- a bullet
  - a nested bullet
    1. a numbered item
    2. another one

> A quotation that is long enough to wrap over more than one line of the
> page, so that the rule beside it shows.

` + "```go\n" + `func main() { fmt.Println("a very long line of code that cannot fit on one line of an A5 page and must wrap rather than run off the margin") }
` + "```" + `

---

| Service | Tier | Comment |
|---|:---:|---:|
%s
[^1]: The note's text.
`

// fixtureBook is a small book made in code, with the elements and the bad
// input the sample blog lacks, its images prepared.
func fixtureBook(t *testing.T) (*book.Book, markup.Docs) {
	t.Helper()
	b, docs, _ := fixtureBookReport(t)
	return b, docs
}

// fixtureBookReport is fixtureBook with the image stage's warnings.
func fixtureBookReport(t *testing.T) (*book.Book, markup.Docs, *book.Report) {
	t.Helper()
	webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	assets := fstest.MapFS{
		"pics/ok.png":         {Data: encodePNG(t, 120, 80, color.NRGBA{20, 90, 160, 255})},
		"pics/same.png":       {Data: encodePNG(t, 120, 40, color.NRGBA{160, 90, 20, 128})},
		"pics/photo.jpg":      {Data: encodeJPEG(t, 120, 60)},
		"pics/interlaced.png": {Data: interlacedPNG()},
		"pics/pic.webp":       {Data: webp},
		"pics/corrupt.png":    {Data: []byte("\x89PNG\r\n\x1a\nthis is not an image")},
	}
	var rows strings.Builder
	for i := 1; i <= 70; i++ {
		fmt.Fprintf(&rows, "| row-%d Virtual Machines | IaaS | 99.9 %% |\n", i)
	}
	pictures := &book.Post{ID: "pictures", Title: "Pictures", Date: time.Date(2019, 3, 4, 0, 0, 0, 0, time.UTC),
		Body: []byte(picturesBody), Source: "posts/pictures.md", BodyLine: 4, Assets: assets, AssetDir: "pics"}
	features := &book.Post{ID: "features", Title: "Every element 🙂", Date: time.Date(2019, 5, 6, 0, 0, 0, 0, time.UTC),
		Body:   []byte(fmt.Sprintf(featuresBody, markup.PostHref("pictures", ""), rows.String())),
		Source: "posts/features.md", BodyLine: 3}
	french := &book.Post{ID: "francais", Title: "Un billet en français", Lang: "fr", Date: time.Date(2019, 7, 2, 0, 0, 0, 0, time.UTC),
		Body:   []byte("L’organisation du développement : une question « simple » à 5 €… " + strings.Repeat("Les entreprises internationales réorganisent leurs infrastructures informatiques. ", 30) + "\n\nUn caractère sans police : \ue000.\n"),
		Source: "posts/francais.md", BodyLine: 5}
	b := &book.Book{Title: "Fixtures", Author: "A. Tester", Lang: "en", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Chapters: []*book.Chapter{
			{ID: "c1", Title: "First chapter", Description: "What this chapter is about, said in one sentence.", Posts: []*book.Post{pictures, features}},
			{ID: "c2", Title: "Second chapter", Posts: []*book.Post{french}},
		}}
	docs, rep := parseAndPrepare(t, b)
	return b, docs, rep
}

func TestFixtureBook(t *testing.T) {
	b, docs, stageRep := fixtureBookReport(t)
	path, rep := writePDF(t, b, docs, Options{Fonts: FontSearch{Dirs: []string{}}}, t.TempDir())
	r := &rendered{b: b, docs: docs, path: path, rep: rep}

	// Bad images are warnings of the image stage naming the post; the PDF
	// says nothing more of them.
	wantWarn := []string{
		`posts/pictures.md:16: image "corrupt.png": it cannot be decoded: unexpected EOF; its alt text is printed (its name, when it has none)`,
		`posts/pictures.md:18: image "missing.png": not found; its alt text is printed (its name, when it has none)`,
		`posts/pictures.md:20: image "https://example.org/remote.png": it is on the web and was not downloaded; its alt text is printed (its name, when it has none)`,
	}
	var got []string
	for _, w := range stageRep.Warnings {
		got = append(got, w.String())
	}
	if !slices.Equal(got, wantWarn) {
		t.Errorf("image warnings:\n got %q\nwant %q", got, wantWarn)
	}
	if ws := withoutResolution(rep.Warnings); len(ws) != 1 || !strings.Contains(ws[0].Msg, "U+E000") {
		t.Errorf("PDF warnings %v, want one about U+E000", ws)
	}

	pages := r.text(t)
	all := squeeze(strings.ReplaceAll(strings.Join(pages, "\n"), continuationMark, "")) // a wrapped code line reads on
	for _, s := range []string{"alt-corrupt", "alt-missing", "alt-remote", "2 juillet 2019", "March 4, 2019",
		"What this chapter is about, said in one sentence.", "The note’s text.", "☐ a task to do", "☑ a task done", "run off the margin"} {
		if !strings.Contains(all, s) {
			t.Errorf("the PDF does not show %q", s)
		}
	}

	// Running heads: the book on left pages, the chapter on right pages,
	// none on the title, contents and chapter opening pages.
	for n, want := range map[int]string{6: "6 Fixtures", 7: "First chapter 7", 12: "12 Fixtures"} {
		if got := squeeze(firstLine(pages[n-1])); got != want {
			t.Errorf("page %d heads %q, want %q", n, got, want)
		}
	}
	for _, n := range []int{1, 3, 5, 11} {
		if l := firstLine(pages[n-1]); headerLine.MatchString(l) {
			t.Errorf("page %d has a running head: %q", n, l)
		}
	}

	// A link to another post says on which page it starts.
	starts := postStarts(t, r)
	if want := fmt.Sprintf("the pictures post (p. %d)", starts["pictures"]); !strings.Contains(all, want) {
		t.Errorf("the PDF does not show %q", want)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("/URI (https://example.org/ext)")) {
		t.Error("the external link is not clickable")
	}

	// Five pictures, each once, whatever their widths.
	out, err := exec.Command(tooltest.Need(t, "pdfimages"), "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	objects := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 11 && f[2] == "image" {
			objects[f[10]] = true
		}
	}
	if len(objects) != 5+1 { // and the 🙂 of a title
		t.Errorf("pdfimages lists %d images, want 6:\n%s", len(objects), out)
	}

	// The table's header row is repeated on each page the table spans.
	spanned := 0
	for _, pg := range pages {
		if strings.Contains(pg, "row-") && strings.Contains(pg, "Virtual Machines") {
			spanned++
			if !strings.Contains(pg, "Service") || !strings.Contains(pg, "Comment") {
				t.Errorf("a page of the table has no header:\n%s", pg)
			}
		}
	}
	if spanned < 2 {
		t.Errorf("the 70-row table spans %d pages, want it split", spanned)
	}
	for i := 1; i <= 70; i++ {
		if !strings.Contains(all, fmt.Sprintf("row-%d Virtual", i)) {
			t.Errorf("table row %d is missing", i)
		}
	}

	// Same book, same bytes, images and all.
	var again bytes.Buffer
	if err := Write(context.Background(), &again, b, docs, Options{}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, again.Bytes()) {
		t.Error("a second run differs")
	}
	if out, err := exec.Command(tooltest.Need(t, "qpdf"), "--check", path).CombinedOutput(); err != nil {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
}

// TestTextStaysInBlock reads every word's box back and checks that it lies
// inside the text block of its page, whose margins mirror on left and right
// pages: nothing runs off the page, code included.
func TestTextStaysInBlock(t *testing.T) {
	tool := tooltest.Need(t, "pdftotext")
	b, docs := fixtureBook(t)
	for _, size := range PageSizes {
		g, _ := pageGeometry(size)
		path, _ := writePDF(t, b, docs, Options{PageSize: size}, t.TempDir())
		out, err := exec.Command(tool, "-bbox", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for n, pg := range strings.Split(string(out), "<page ")[1:] {
			num := n + 1
			if m := pageBox.FindStringSubmatch(pg); m == nil || abs(atof(m[1])-g.pageW) > 0.01 || abs(atof(m[2])-g.pageH) > 0.01 {
				t.Fatalf("%s: page %d is %.40s, want %.1f×%.1f", size, num, pg, g.pageW, g.pageH)
			}
			left := g.left(num)
			for _, w := range bboxWord.FindAllStringSubmatch(pg, -1) {
				x0, x1 := atof(w[1]), atof(w[3])
				if x0 < left-0.5 || x1 > left+g.textW()+0.5 || atof(w[4]) > g.pageH-g.bottom+2 {
					t.Errorf("%s: page %d: %q at x %.1f-%.1f, y %.1f is outside the text block (x %.1f-%.1f)", size, num, w[5], x0, x1, atof(w[4]), left, left+g.textW())
				}
			}
		}
	}
}

func TestUnknownPageSize(t *testing.T) {
	b, docs := fixtureBook(t)
	err := Write(context.Background(), &bytes.Buffer{}, b, docs, Options{PageSize: "b5"}, &book.Report{})
	if err == nil || !strings.Contains(err.Error(), `"b5"`) {
		t.Errorf("Write with page size b5: %v, want an error naming it", err)
	}
}

func TestCancelled(t *testing.T) {
	b, docs := fixtureBook(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Write(ctx, &bytes.Buffer{}, b, docs, Options{}, &book.Report{}); err != context.Canceled {
		t.Errorf("Write on a cancelled context: %v", err)
	}
}

var pageBox = regexp.MustCompile(`^width="([\d.]+)" height="([\d.]+)"`)

func abs(f float64) float64 { return max(f, -f) }

// TestPreparedImages checks that fpdf takes every kind of image the image
// stage makes, each once, and that an image is drawn at the size of its
// original, also when the stage scaled it down.
func TestPreparedImages(t *testing.T) {
	webp, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"small.png":      {Data: encodePNG(t, 40, 20, color.NRGBA{1, 2, 3, 255})},
		"clear.png":      {Data: encodePNG(t, 41, 20, color.NRGBA{1, 2, 3, 100})},
		"big.png":        {Data: encodePNG(t, 3000, 60, color.NRGBA{1, 2, 3, 255})},
		"photo.jpg":      {Data: encodeJPEG(t, 150, 30)},
		"huge.jpg":       {Data: encodeJPEG(t, 2500, 30)},
		"interlaced.png": {Data: interlacedPNG()},
		"pic.webp":       {Data: webp},
	}
	wantW := map[string]float64{ // drawn width in points, at 110 ppi of the original
		"small.png": 40 * 72 / 110.0, "clear.png": 41 * 72 / 110.0, "photo.jpg": 150 * 72 / 110.0,
		"interlaced.png": 1 * 72 / 110.0, "pic.webp": 150 * 72 / 110.0,
	}
	var body strings.Builder
	for _, name := range slices.Sorted(maps.Keys(fsys)) {
		fmt.Fprintf(&body, "![%s](%s)\n\n", name, name)
	}
	p := &book.Post{ID: "p", Title: "Pictures", Body: []byte(body.String()), Source: "p.md", Assets: fsys, AssetDir: "."}
	b := &book.Book{Title: "Pictures", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Chapters: []*book.Chapter{{ID: "c", Title: "C", Posts: []*book.Post{p}}}}
	docs, stageRep := parseAndPrepare(t, b)
	if len(stageRep.Warnings) != 0 || len(b.Images) != len(fsys) {
		t.Fatalf("%d images, warnings %v", len(b.Images), stageRep.Warnings)
	}
	l, err := layout(context.Background(), b, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	drawn := map[string]float64{}
	for _, pg := range l.pg.pages {
		for _, pl := range pg.items {
			for _, o := range pl.it.ops {
				if o.kind == opImage {
					drawn[o.text] = o.w
				}
			}
		}
	}
	textW := l.g.textW()
	for name := range fsys {
		img := firstImage(t, docs["p"], name)
		w, ok := drawn[string(img.Destination)]
		want, small := wantW[name]
		if !small {
			want = textW // scaled down for the book, drawn across the text block
		}
		if !ok || abs(w-want) > 0.01 {
			t.Errorf("%s (%s) is drawn %.2f pt wide, want %.2f", name, img.Destination, w, want)
		}
	}
	var out bytes.Buffer
	rep := &book.Report{}
	// made for a printer (with bleed), where resolution is warned about
	if err := Write(context.Background(), &out, b, docs, Options{Bleed: true}, rep); err != nil {
		t.Fatal(err)
	}
	// these pictures are far from print resolution: each says so once
	var other []book.Warning
	lowRes := map[string]bool{}
	for _, w := range rep.Warnings {
		if strings.Contains(w.Msg, "ppi printers ask for") {
			lowRes[w.Msg] = true
		} else {
			other = append(other, w)
		}
	}
	if len(lowRes) != len(fsys)-2 || len(lowRes) != len(rep.Warnings)-len(other) { // big and huge are drawn at the text's width from their 1600 px
		t.Errorf("resolution warnings %q, want one for each image but big.png and huge.jpg", slices.Sorted(maps.Keys(lowRes)))
	}
	if n := bytes.Count(out.Bytes(), []byte("/Subtype /Image")); n < len(fsys) || len(other) != 0 {
		t.Errorf("%d images in the PDF for %d, warnings %v", n, len(fsys), other)
	}
}

// firstImage returns the image node whose alt text is alt.
func firstImage(t *testing.T, doc *markup.Doc, alt string) *ast.Image {
	t.Helper()
	var found *ast.Image
	ast.Walk(doc.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && found == nil && plainText(img, doc.Source) == alt {
			found = img
		}
		return ast.WalkContinue, nil
	})
	if found == nil {
		t.Fatalf("no image %q", alt)
	}
	return found
}

func TestEmptyBook(t *testing.T) {
	b := &book.Book{Title: "Nothing yet", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	path, rep := writePDF(t, b, markup.Docs{}, Options{}, t.TempDir())
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
	r := &rendered{b: b, path: path}
	if pages := r.text(t); len(pages) < 3 || !strings.Contains(pages[0], "Nothing yet") {
		t.Errorf("pages of an empty book: %q", pages)
	}
}

func firstLine(page string) string {
	for _, l := range strings.Split(page, "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	return ""
}

// Releasing the parsed posts as the PDF is made must not change it: a post
// is released only once nothing will lay it out again.
func TestReleaseDocsKeepsBytes(t *testing.T) {
	var kept, released bytes.Buffer
	b, docs := fixtureBook(t)
	if err := Write(context.Background(), &kept, b, docs, Options{}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	for id, d := range docs {
		if d.Root == nil {
			t.Fatalf("post %s released without ReleaseDocs", id)
		}
	}
	b, docs = fixtureBook(t)
	if err := Write(context.Background(), &released, b, docs, Options{ReleaseDocs: true}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(kept.Bytes(), released.Bytes()) {
		t.Error("the PDF made while releasing the posts differs")
	}
	for id, d := range docs {
		if d.Root != nil {
			t.Errorf("post %s kept after the PDF was written with ReleaseDocs", id)
		}
	}
}

// A link to a heading of another post opens the heading's page, and says
// which page that is, rather than where the post starts.
func TestLinkToHeading(t *testing.T) {
	para := strings.Repeat("A sentence long enough to fill a good part of a line of the page. ", 12) + "\n\n"
	far := &book.Post{ID: "far", Title: "Far", Date: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		Body: []byte(strings.Repeat(para, 12) + "## Far down\n\nThe end.\n"), Source: "far.md"}
	near := &book.Post{ID: "near", Title: "Near", Date: time.Date(2019, 2, 1, 0, 0, 0, 0, time.UTC), Source: "near.md"}
	b := &book.Book{Title: "Headings", Author: "A", Lang: "en", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Chapters: []*book.Chapter{{ID: "c", Title: "Chapter", Posts: []*book.Post{far, near}}}}
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var id string
	_ = ast.Walk(docs["far"].Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			v, _ := h.AttributeString("id")
			id = string(v.([]byte))
		}
		return ast.WalkContinue, nil
	})
	if id == "" {
		t.Fatal("the heading has no id")
	}
	near.Body = []byte("See [the end](" + markup.PostHref("far", id) + ") and [the start](" + markup.PostHref("far", "") + ").\n")
	if docs, err = markup.ParseAll(context.Background(), b.Posts(), nil); err != nil {
		t.Fatal(err)
	}
	path, _ := writePDF(t, b, docs, Options{}, t.TempDir())
	r := &rendered{b: b, docs: docs, path: path}
	pages := r.text(t)
	headingPage := 0
	for i, pg := range pages {
		if strings.Contains(pg, "Far down") {
			headingPage = i + 1
		}
	}
	start := postStarts(t, r)["far"]
	if headingPage <= start {
		t.Fatalf("the heading is on page %d, the post starts on page %d: the test needs them apart", headingPage, start)
	}
	all := squeeze(strings.ReplaceAll(strings.Join(pages, "\n"), continuationMark, "")) // a wrapped code line reads on
	for _, want := range []string{fmt.Sprintf("the end (p. %d)", headingPage), fmt.Sprintf("the start (p. %d)", start)} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}
