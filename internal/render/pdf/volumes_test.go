package pdf

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/tooltest"
	"github.com/yuin/goldmark/ast"
)

// volumeBook is a book of four chapters of three posts each, a post of
// about pages pages, the last chapter's posts one year on from the
// first's; the first post links to the last chapter's second post and to
// a heading of it, and the last post back to the first.
func volumeBook(t *testing.T, pages []int) (*book.Book, markup.Docs) {
	t.Helper()
	para := strings.Repeat("Words set one after another until the line is full and the next one starts. ", 9) + "\n\n"
	b := &book.Book{Title: "Volumes", Author: "A. Writer", Lang: "en", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	names := []string{"Alpha", "Bravo", "Charlie", "Delta"}
	for ci, name := range names {
		c := &book.Chapter{ID: "c" + strconv.Itoa(ci), Title: name}
		for pi := range 3 {
			id := fmt.Sprintf("%s%d", strings.ToLower(name[:1]), pi+1)
			body := strings.Repeat(para, 4*pages[ci])
			if id == "d2" {
				body += "## Deep inside {#deep}\n\n" + para
			}
			c.Posts = append(c.Posts, &book.Post{ID: id, Title: name + " post " + strconv.Itoa(pi+1), Source: id + ".md",
				Date: time.Date(2010+ci, time.Month(pi+1), 1, 0, 0, 0, 0, time.UTC), Body: []byte(body)})
		}
		b.Chapters = append(b.Chapters, c)
	}
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var headingID string
	_ = ast.Walk(docs["d2"].Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			v, _ := h.AttributeString("id")
			headingID = string(v.([]byte))
		}
		return ast.WalkContinue, nil
	})
	first, last := b.Chapters[0].Posts[0], b.Chapters[3].Posts[2]
	first.Body = append([]byte("See [the delta post]("+markup.PostHref("d2", "")+") and [its depths]("+markup.PostHref("d2", headingID)+").\n\n"), first.Body...)
	last.Body = append([]byte("Back to [the first post]("+markup.PostHref("a1", "")+").\n\n"), last.Body...)
	docs, err = markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteDatelines()
	return b, docs
}

// writeVolumes writes b with WriteVolumes into dir, as vol-N.pdf (vol-0.pdf
// for a book printed whole), and returns the volumes and their paths.
func writeVolumes(t *testing.T, b *book.Book, docs markup.Docs, opts Options, dir string) ([]Volume, []string) {
	t.Helper()
	files := map[int]*os.File{}
	open := func(n int) (io.Writer, error) {
		if f := files[n]; f != nil {
			f.Close()
		}
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("vol-%d.pdf", n)))
		files[n] = f
		return f, err
	}
	vols, err := WriteVolumes(context.Background(), open, b, docs, opts, &book.Report{})
	for _, f := range files {
		f.Close()
	}
	if err != nil {
		t.Fatalf("WriteVolumes: %v", err)
	}
	var paths []string
	for _, v := range vols {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("vol-%d.pdf", v.Number)))
	}
	return vols, paths
}

var pdfinfoPages = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// readPages reads a PDF's page count back with pdfinfo.
func readPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command(tooltest.Need(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v", path, err)
	}
	m := pdfinfoPages.FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo %s gives no page count", path)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// pdfPages reads a PDF's text back, one string per page.
func pdfPages(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command(tooltest.Need(t, "pdftotext"), "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return strings.Split(string(out), "\f")
}

// pageWith returns the first page, from 1, whose text holds s, or 0.
func pageWith(pages []string, s string) int {
	for i, pg := range pages {
		if strings.Contains(squeeze(pg), s) {
			return i + 1
		}
	}
	return 0
}

// bodyPageWith returns the first page, from 1, that holds s and is not a
// page of contents, or 0.
func bodyPageWith(pages []string, s string) int {
	for i, pg := range pages {
		if strings.Contains(squeeze(pg), s) && !strings.Contains(pg, ". . .") {
			return i + 1
		}
	}
	return 0
}

// A book over the limit is split into volumes at chapter boundaries, each
// within the limit, with an even count of pages numbered from 1, its own
// title page and contents; references across volumes say where to look.
func TestVolumesReadBack(t *testing.T) {
	b, docs := volumeBook(t, []int{3, 3, 3, 3})
	dir := t.TempDir()
	whole, _ := writeVolumes(t, b, docs, Options{}, dir)
	total := whole[0].Pages
	limit := total*2/3 - 1 // two chapters fit a volume, three do not
	vols, paths := writeVolumes(t, b, docs, Options{MaxPages: limit}, dir)
	if len(vols) < 2 {
		t.Fatalf("a book of %d pages in volumes of at most %d: %d volume(s)", total, limit, len(vols))
	}
	where := map[string]int{} // chapter -> volume
	texts := make([][]string, len(vols))
	for k, v := range vols {
		n := readPages(t, paths[k])
		if n != v.Pages || n > limit || n%2 != 0 {
			t.Errorf("volume %d has %d pages (said %d): want an even count of at most %d", k+1, n, v.Pages, limit)
		}
		texts[k] = pdfPages(t, paths[k])
		pages := texts[k]
		if v.Number != k+1 {
			t.Errorf("volume %d is numbered %d", k+1, v.Number)
		}
		if info, err := exec.Command(tooltest.Need(t, "pdfinfo"), paths[k]).Output(); err != nil || !strings.Contains(string(info), fmt.Sprintf("Volumes · Volume %d\n", k+1)) {
			t.Errorf("volume %d's document info: %s", k+1, info)
		}
		if !strings.Contains(squeeze(pages[0]), fmt.Sprintf("Volume %d · ", k+1)) {
			t.Errorf("volume %d's title page reads %q", k+1, squeeze(pages[0]))
		}
		for ci, c := range b.Chapters {
			if p := pageWith(pages, fmt.Sprintf("Chapter %d", ci+1)); p > 0 {
				if prev, ok := where[c.Title]; ok {
					t.Errorf("chapter %d opens in volumes %d and %d: the split is not at chapter boundaries", ci+1, prev+1, k+1)
				}
				where[c.Title] = k
			}
		}
		// Page numbers restart: the volume's first post is listed, and
		// printed, at a page number within the volume.
		first := bodyPageWith(pages, " post 1") // its title opens its page
		if first == 0 || first > 12 {
			t.Errorf("volume %d's first post opens on page %d", k+1, first)
		} else if folio := strings.Fields(firstLine(pages[first-1])); !slices.Contains(folio, strconv.Itoa(first)) {
			t.Errorf("volume %d's page %d is headed %q: want its number, counted in the volume", k+1, first, folio)
		}
	}
	if len(where) != len(b.Chapters) {
		t.Errorf("chapters opened: %v, want all %d", where, len(b.Chapters))
	}
	// The first post links forward into the last chapter's volume, the
	// last back to the first: each reference names the page the target
	// is on there.
	refs := regexp.MustCompile(`\(vol\. (\d+), p\. (\d+)\)`)
	for _, tt := range []struct {
		from   int
		target string
		count  int
	}{
		{0, "Delta post 2", 1},
		{0, "Deep inside", 1},
		{len(vols) - 1, "Alpha post 1", 1},
	} {
		all := squeeze(strings.Join(texts[tt.from], " "))
		ms := refs.FindAllStringSubmatch(all, -1)
		found := false
		for _, m := range ms {
			v, _ := strconv.Atoi(m[1])
			p, _ := strconv.Atoi(m[2])
			if v >= 1 && v <= len(vols) && v != tt.from+1 && bodyPageWith(texts[v-1], tt.target) == p {
				found = true
			}
		}
		if !found {
			t.Errorf("volume %d has no reference to %q where it is; its references: %v", tt.from+1, tt.target, ms)
		}
	}
}

// A chapter longer than a volume is split between posts, and every
// volume stays within the limit.
func TestVolumesSplitLongChapter(t *testing.T) {
	b, docs := volumeBook(t, []int{1, 5, 1, 1})
	dir := t.TempDir()
	limit := 20
	vols, paths := writeVolumes(t, b, docs, Options{MaxPages: limit}, dir)
	opens := 0 // volumes where the long chapter opens
	for k, v := range vols {
		if n := readPages(t, paths[k]); n > limit || n != v.Pages {
			t.Errorf("volume %d has %d pages (said %d), over %d", k+1, n, v.Pages, limit)
		}
		if pageWith(pdfPages(t, paths[k]), "Chapter 2") > 0 {
			opens++
		}
	}
	if opens < 2 {
		t.Errorf("the long chapter opens in %d volume(s): it should go on, under its own number, in the next", opens)
	}
}

// A post longer than a volume cannot be split: the error names it.
func TestVolumesPostTooLong(t *testing.T) {
	b, docs := volumeBook(t, []int{1, 30, 1, 1})
	_, err := WriteVolumes(context.Background(), func(int) (io.Writer, error) { return io.Discard, nil }, b, docs, Options{MaxPages: 20}, &book.Report{})
	if err == nil || !strings.Contains(err.Error(), "b1.md") || !strings.Contains(err.Error(), "20") {
		t.Fatalf("error %v, want one naming b1.md and the limit", err)
	}
}

// A book within the limit is written as Write writes it, byte for byte,
// as volume 0.
func TestVolumesWholeBookUnchanged(t *testing.T) {
	b, docs := volumeBook(t, []int{1, 1, 1, 1})
	var want bytes.Buffer
	if err := Write(context.Background(), &want, b, docs, Options{}, &book.Report{}); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int{0, 10000} {
		var got bytes.Buffer
		vols, err := WriteVolumes(context.Background(), func(n int) (io.Writer, error) {
			if n != 0 {
				t.Errorf("asked for volume %d", n)
			}
			return &got, nil
		}, b, docs, Options{MaxPages: limit}, &book.Report{})
		if err != nil {
			t.Fatal(err)
		}
		if len(vols) != 1 || vols[0].Number != 0 || !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("limit %d: volumes %v, same bytes as Write: %v", limit, vols, bytes.Equal(got.Bytes(), want.Bytes()))
		}
	}
	counted, err := VolumePages(context.Background(), b, docs, Options{MaxPages: 10000})
	if err != nil || len(counted) != 1 || counted[0].Pages == 0 {
		t.Errorf("VolumePages = %v, %v", counted, err)
	}
}

// The plan keeps chapters whole while they fit, splits between posts a
// chapter that does not fit alone, and shrinks a volume by its last
// chapter, else its last post.
func TestVolumePlan(t *testing.T) {
	// six posts in chapters 0, 0, 1, 1, 1, 2; 4 pages of front matter, one
	// of contents; each post 10 pages
	p := &volumePlan{b: &book.Book{Chapters: make([]*book.Chapter, 3)}, opts: Options{MaxPages: 30}, front: 4, contents: 1}
	for i, c := range []int{0, 0, 1, 1, 1, 2} {
		p.entries = append(p.entries, flowEntry{post: &book.Post{ID: strconv.Itoa(i)}, chapter: c})
		p.postEnds = append(p.postEnds, 4+10*(i+1))
	}
	p.chapterStarts = []int{0, 1, 1, 2, 2, 2, 3}
	if got := p.estimate(0, 2); got != 4+1+20+1 {
		t.Errorf("estimate(0, 2) = %d", got)
	}
	for _, tt := range []struct{ start, want int }{
		{0, 2}, // chapter 0 fits; with chapter 1 it would not
		{2, 4}, // chapter 1 alone does not fit: as many of its posts as do
		{4, 6}, // the rest of chapter 1, opened again, and chapter 2
	} {
		if got := p.next(tt.start); got != tt.want {
			t.Errorf("next(%d) = %d, want %d", tt.start, got, tt.want)
		}
	}
	if got := p.shrink(0, 5); got != 2 {
		t.Errorf("shrink(0, 5) = %d, want 2 (without its last chapter)", got)
	}
	if got := p.shrink(2, 5); got != 4 {
		t.Errorf("shrink(2, 5) = %d, want 4 (without its last post)", got)
	}
}

// A post the book holds in two chapters is placed in both, in whichever
// volumes they fall.
func TestVolumesPostTwice(t *testing.T) {
	b, docs := volumeBook(t, []int{2, 2, 2, 2})
	b.Chapters[3].Posts = append(b.Chapters[3].Posts, b.Chapters[0].Posts[1])
	vols, err := WriteVolumes(context.Background(), func(int) (io.Writer, error) { return io.Discard, nil }, b, docs, Options{MaxPages: 30}, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vols) < 2 {
		t.Fatalf("volumes %v: want a split", vols)
	}
	for _, v := range vols {
		if v.Pages > 30 {
			t.Errorf("volume %d has %d pages", v.Number, v.Pages)
		}
	}
}

// A plan that guesses too few pages is corrected by the volumes' layouts:
// a volume that comes out over the limit is made shorter, so none is.
func TestVolumesShorterWhenPlanIsShort(t *testing.T) {
	b, docs := volumeBook(t, []int{3, 3, 3, 3})
	const limit = 30
	p, err := planVolumes(context.Background(), b, docs, Options{MaxPages: limit})
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.postEnds {
		p.postEnds[i] = p.front + (p.postEnds[i]-p.front)/3 // posts a third as long
	}
	planned := 0
	for start := 0; start < len(p.entries); start = p.next(start) {
		planned++
	}
	dir := t.TempDir()
	files := map[int]string{}
	open := func(n int) (io.Writer, error) {
		files[n] = filepath.Join(dir, fmt.Sprintf("vol-%d.pdf", n))
		f, err := os.Create(files[n])
		if err == nil {
			t.Cleanup(func() { f.Close() })
		}
		return f, err
	}
	vols, err := splitBook(context.Background(), open, p, &book.Report{})
	if err != nil {
		t.Fatal(err)
	}
	if len(vols) <= planned {
		t.Fatalf("%d volumes, as many as the short plan's %d: no volume was made shorter", len(vols), planned)
	}
	for _, v := range vols {
		if n := readPages(t, files[v.Number]); n > limit || n != v.Pages {
			t.Errorf("volume %d has %d pages (said %d), over %d", v.Number, n, v.Pages, limit)
		}
	}
}

// A book whose text guesses fewer pages than it takes (short paragraphs)
// is laid out whole first, found too long, and split all the same.
func TestVolumesWhenTheGuessIsLow(t *testing.T) {
	b := &book.Book{Title: "Short lines", Author: "A", Lang: "en", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for ci := range 3 {
		c := &book.Chapter{ID: "c" + strconv.Itoa(ci), Title: "Part " + strconv.Itoa(ci+1)}
		for pi := range 2 {
			id := fmt.Sprintf("p%d%d", ci, pi)
			c.Posts = append(c.Posts, &book.Post{ID: id, Title: "Post " + id, Source: id + ".md",
				Date: time.Date(2015+ci, 1, pi+1, 0, 0, 0, 0, time.UTC), Body: []byte(strings.Repeat("Word.\n\n", 150))})
		}
		b.Chapters = append(b.Chapters, c)
	}
	docs, err := markup.ParseAll(context.Background(), b.Posts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b.WriteDatelines()
	const limit = 30
	g, _ := pageGeometry("")
	if estimatePages(docs, g) > limit {
		t.Fatalf("the book is guessed at %d pages: the test needs a guess within %d", estimatePages(docs, g), limit)
	}
	vols, err := VolumePages(context.Background(), b, docs, Options{MaxPages: limit})
	if err != nil {
		t.Fatal(err)
	}
	if len(vols) < 2 {
		t.Fatalf("volumes %v: want a split", vols)
	}
	for _, v := range vols {
		if v.Number == 0 || v.Pages > limit {
			t.Errorf("volume %d has %d pages", v.Number, v.Pages)
		}
	}
}

// A cover is the same bytes from run to run: fpdf writes a page's boxes
// from a map, which boxOrder puts in one order.
func TestCoverIsDeterministic(t *testing.T) {
	b := &book.Book{Title: "Boxes", Author: "A", Description: "Back."}
	var first []byte
	for range 20 {
		var buf bytes.Buffer
		if err := WriteCover(&buf, b, CoverOptions{PageSize: "6x9", Pages: 120}, &book.Report{}); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = buf.Bytes()
			if !bytes.Contains(first, []byte("/TrimBox [9.00 9.00 ")) || !bytes.Contains(first, []byte("]\n/BleedBox [0.00 0.00 ")) {
				t.Fatalf("the cover's boxes are not in order:\n%s", first[:min(len(first), 400)])
			}
		} else if !bytes.Equal(buf.Bytes(), first) {
			t.Fatal("two covers of one book differ")
		}
	}
}
