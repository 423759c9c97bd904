package pdf

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/testkit"
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

var (
	bigCorpusOnce sync.Once
	bigCorpus     *rendered
)

// typesetBooks runs check on the sample blog, the corpus, and a generated
// blog of 200 posts on A5 pages, whose headings fall in many places.
func typesetBooks(t *testing.T, check func(t *testing.T, r *rendered)) {
	books(t, check)
	t.Run("corpus200", func(t *testing.T) {
		tooltest.Need(t, "pdftotext")
		bigCorpusOnce.Do(func() {
			dir, err := os.MkdirTemp("", "anthology-corpus200-pdf-")
			if err != nil {
				t.Fatal(err)
			}
			b, docs := loadBlog(t, testkit.Corpus(t, 200))
			path, rep := writePDF(t, b, docs, Options{}, dir)
			bigCorpus = &rendered{b: b, docs: docs, path: path, rep: rep}
		})
		if bigCorpus == nil {
			t.Fatal("the generated blog did not render")
		}
		check(t, bigCorpus)
	})
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
	typesetBooks(t, func(t *testing.T, r *rendered) {
		headings := headingTexts(r.docs)
		for i, lines := range readLines(t, r.path) {
			last, ok := lastTextLine(lines)
			if ok && headings[squeeze(last.text())] {
				t.Errorf("page %d ends on the heading %q", i+1, last.text())
			}
		}
	})
}

// TestNoThreeHyphensInARow checks that no three lines in a row end with
// a hyphen.
func TestNoThreeHyphensInARow(t *testing.T) {
	typesetBooks(t, func(t *testing.T, r *rendered) {
		for i, lines := range readLines(t, r.path) {
			run := 0
			for _, ln := range lines {
				text := ln.text()
				if strings.HasSuffix(text, "-") && len(text) > 1 {
					run++
				} else {
					run = 0
				}
				if run == 3 {
					t.Errorf("page %d: three hyphenated lines in a row, the third %q", i+1, text)
				}
			}
		}
	})
}

func TestHeadingKeptWithTwoLines(t *testing.T) {
	line := func() *vitem { return &vitem{h: 10} }
	heading := func() *vitem { return &vitem{h: 10, keepNext: true, heading: true} }
	space := func() *vitem { return &vitem{h: 5, space: true, keepNext: true} }
	tests := []struct {
		name  string
		items []*vitem
		want  []int // items on each page
	}{
		// the space after the heading is what does not fit
		{"space after heading", []*vitem{line(), line(), heading(), space(), line(), line()}, []int{2, 4}},
		// a heading and one line of a one-line paragraph move together
		// with the next line
		{"one-line paragraph", []*vitem{line(), line(), heading(), space(), line(), line(), line()}, []int{2, 4, 1}},
	}
	for _, tt := range tests {
		keepHeadings(tt.items)
		p := newPaginator(40)
		p.newPage(pageBody)
		p.addAll(tt.items)
		p.finish()
		var got []int
		for _, pg := range p.pages {
			got = append(got, len(pg.items))
		}
		if !equalInts(got, tt.want) {
			t.Errorf("%s: pages hold %v items, want %v", tt.name, got, tt.want)
		}
	}
}

func TestWithinHyphenMins(t *testing.T) {
	tests := []struct {
		points []int
		n      int
		want   []int
	}{
		{[]int{1, 2, 3, 4}, 7, []int{2, 3, 4}},
		{[]int{2, 4}, 6, []int{2}},
		{[]int{2, 3}, 5, []int{2}},
		{[]int{3}, 5, nil},
		{nil, 10, nil},
	}
	for _, tt := range tests {
		if got := withinMins(tt.points, tt.n); !equalInts(got, tt.want) {
			t.Errorf("withinMins(%v, %d) = %v, want %v", tt.points, tt.n, got, tt.want)
		}
	}
	hy, err := hyphenators()
	if err != nil {
		t.Fatal(err)
	}
	for lang, words := range map[string][]string{
		"en": {"almost", "associate", "several", "management", "legacy", "environment"},
		"fr": {"également", "aujourd", "entreprise", "développement", "ordinateur"},
	} {
		for _, w := range words {
			n := len([]rune(w))
			for _, p := range hy[lang].points(w) {
				if p < 2 || n-p < 3 {
					t.Errorf("%s %q breaks after %d letters of %d", lang, w, p, n)
				}
			}
		}
	}
}

// kpParagraph makes a paragraph of words of the given widths, each word a
// box with a hyphen point in its middle when it is wide enough.
func kpParagraph(widths []float64) []ibox {
	var items []ibox
	for i, w := range widths {
		if i > 0 {
			items = append(items, ibox{kind: kGlue, w: 3})
		}
		if w >= 20 {
			items = append(items, ibox{kind: kBox, w: w / 2, text: "a"}, ibox{kind: kHyphen, w: 3, text: "-"}, ibox{kind: kBox, w: w / 2, text: "b"})
			continue
		}
		items = append(items, ibox{kind: kBox, w: w, text: "c"})
	}
	return items
}

func TestKnuthPlassHyphenRules(t *testing.T) {
	tests := []struct {
		name   string
		widths []float64
		width  float64
	}{
		{"mixed words", repeatWidths([]float64{33, 9, 25, 12, 41, 5}, 50), 130},
		// without the rules, this one ends a line before the last with a hyphen
		{"narrow", repeatWidths([]float64{22, 26, 21}, 80), 115},
	}
	for _, tt := range tests {
		items := kpParagraph(tt.widths)
		kp := &kpScratch{}
		kp.sums(items)
		var lines []tline
		for _, tol := range []float64{kpPretolerance, kpTolerance, kpEmergency} {
			var ok bool
			if lines, ok = kp.knuthPlass(items, tt.width, 0, tol, true, true); ok {
				break
			}
		}
		if lines == nil {
			t.Fatalf("%s: no breaks within tolerance", tt.name)
		}
		run, hyphenated := 0, 0
		for i, ln := range lines {
			end := ln.items[len(ln.items)-1]
			if end.text != "-" {
				run = 0
				continue
			}
			hyphenated++
			if run++; run > kpMaxHyphens {
				t.Errorf("%s: line %d is the %dth hyphenated line in a row", tt.name, i, run)
			}
			if i == len(lines)-2 {
				t.Errorf("%s: the line before the last ends with a hyphen", tt.name)
			}
		}
		if hyphenated == 0 {
			t.Errorf("%s: no line hyphenated: the case tests nothing", tt.name)
		}
	}
}

func repeatWidths(ws []float64, n int) []float64 {
	var out []float64
	for i := range n {
		out = append(out, ws[i%len(ws)])
	}
	return out
}

// TestURLsBreakWithoutGaps sets a paragraph with long addresses in narrow
// measures: an address breaks after its separators, with no hyphen added,
// and no word space stretches past a third of an em.
func TestURLsBreakWithoutGaps(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	text := "See https://example.org/wiki/index.php?title=Typesetting&action=history&oldid=12345 and " +
		"https://www.example.com/2019/03/a-very-long-post-title-with-many-words/ for the details, or www.example.net/archive/page-two.html today."
	space := l.fonts.width(serif, st.size, " ")
	for width := 90.0; width <= 300; width += 15 {
		lines := l.breakParagraph(l.boxes([]span{{text: text, st: st}}), width, 0, alignJustify)
		for i, ln := range lines {
			s := lineText(ln)
			if last := s[strings.LastIndexByte(s, ' ')+1:]; strings.Contains(last, "//") || strings.HasPrefix(last, "www.") {
				if end := last[len(last)-1]; !strings.ContainsRune("/.-?&=_,", rune(end)) {
					t.Errorf("width %v: line %d breaks an address after %q: %q", width, i, end, s)
				}
			}
			ops := l.lineOps(ln, 0, 10, width, alignJustify)
			var prev *op
			for k := range ops {
				o := &ops[k]
				if o.kind != opText {
					continue
				}
				if prev != nil {
					if gap := o.x - (prev.x + prev.w); gap > space+st.size/3+0.01 {
						t.Errorf("width %v: line %d has a %.2fpt space (an em is %vpt): %q", width, i, gap, st.size, s)
					}
				}
				prev = o
			}
		}
	}
}

func TestTooLooseLineIsRagged(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	ln := tline{items: l.boxes([]span{{text: "one two https://example.org/an/address/that/fills", st: st}})}
	ln.items = ln.items[:3] // "one two": far too short for the measure
	ops := l.lineOps(ln, 0, 10, 200, alignJustify)
	if right := drawnRight(ops); right > 60 {
		t.Errorf("a line that needs wide spaces ends at %.1f: it should be ragged", right)
	}
}

// TestWrappedCodeInsideBox lays out code lines too long for the measure:
// every character stays inside the shaded box, short of its padding, and
// each wrapped line starts with the continuation mark.
func TestWrappedCodeInsideBox(t *testing.T) {
	l := newTestLayouter(t)
	if !l.fonts.covers(mono, []rune(continuationMark)[0]) {
		t.Fatal("the code font lacks the continuation mark")
	}
	src := "```\n" +
		"    result = compute_something(first_argument, second_argument, third_argument, fourth_argument)\n" +
		"curl -sSL https://example.org/install/a/very/long/path/to/some/script.sh?version=1.2.3&channel=stable | sh\n" +
		strings.Repeat("x", 150) + "\n" +
		"short\n```\n"
	root := parseMarkdown(t, l, []byte(src))
	for _, width := range []float64{150, 220, 300} {
		l.out = nil
		l.blocks(root, bctx{width: width, st: style{face: serif, size: 10}, lead: 13})
		pad := l.g.codeSize * 0.5
		marks, lines := 0, 0
		for _, it := range l.out {
			var box *op
			for k, o := range it.ops {
				switch {
				case o.kind == opRect:
					box = &it.ops[k]
				case o.kind == opText && box != nil:
					if o.x < box.x+pad-0.01 || o.x+o.w > box.x+box.w-pad+0.01 {
						t.Errorf("width %v: %q at %.2f-%.2f runs out of the box %.2f-%.2f", width, o.text, o.x, o.x+o.w, box.x, box.x+box.w)
					}
					if o.text == continuationMark {
						marks++
					} else if k == 1 {
						lines++
					}
				}
			}
		}
		if marks == 0 {
			t.Errorf("width %v: no continuation mark on %d lines", width, lines)
		}
	}
}

// withoutResolution leaves out the warnings about images under print
// resolution: the pictures of the fixtures are small.
func withoutResolution(ws []book.Warning) []book.Warning {
	var out []book.Warning
	for _, w := range ws {
		if !strings.Contains(w.Msg, "ppi printers ask for") {
			out = append(out, w)
		}
	}
	return out
}

// TestInlineImage checks that an image among the words of a sentence is
// set in its line at the text's height, while one alone in its paragraph
// is a figure; and that each image under print resolution is named once.
func TestInlineImage(t *testing.T) {
	fsys := fstest.MapFS{
		"icon.png":  {Data: encodePNG(t, 32, 32, color.NRGBA{200, 0, 0, 255})},
		"alone.png": {Data: encodePNG(t, 300, 200, color.NRGBA{0, 0, 200, 255})},
	}
	body := "A sentence with an ![icon](icon.png) inside it, and ![icon](icon.png) again, then more words.\n\n![alone](alone.png)\n"
	p := &book.Post{ID: "p", Title: "Inline", Body: []byte(body), Source: "p.md", Assets: fsys, AssetDir: "."}
	b := &book.Book{Title: "Inline", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Chapters: []*book.Chapter{{ID: "c", Title: "C", Posts: []*book.Post{p}}}}
	docs, _ := parseAndPrepare(t, b)
	l, err := layout(context.Background(), b, docs, Options{Bleed: true})
	if err != nil {
		t.Fatal(err)
	}
	icon := string(firstImage(t, docs["p"], "icon").Destination)
	alone := string(firstImage(t, docs["p"], "alone").Destination)
	inline, figure := 0, 0
	for _, pg := range l.pg.pages {
		for _, pl := range pg.items {
			var words []string
			var imgs []op
			for _, o := range pl.it.ops {
				switch o.kind {
				case opText:
					words = append(words, o.text)
				case opImage:
					imgs = append(imgs, o)
				}
			}
			for _, img := range imgs {
				switch img.text {
				case icon:
					inline++
					if len(words) == 0 || img.h > l.g.size*1.01 || pl.it.h > l.g.lead+0.01 {
						t.Errorf("the icon is drawn %.1f pt high in an item %.1f pt high with words %q: want it in a line of text", img.h, pl.it.h, words)
					}
				case alone:
					figure++
					if len(words) != 0 {
						t.Errorf("the image alone in its paragraph shares its item with %q", words)
					}
				}
			}
		}
	}
	if inline != 2 || figure != 1 {
		t.Errorf("%d inline images and %d figures, want 2 and 1", inline, figure)
	}
	var got []string
	for _, w := range l.rep.Warnings {
		got = append(got, w.Msg)
	}
	if len(got) != 2 || !strings.Contains(got[0], " ppi ") {
		t.Errorf("warnings %q, want one for each image under 300 ppi (the book is made for a printer)", got)
	}
}

func TestGrayscalePicture(t *testing.T) {
	for _, pic := range []*picture{
		{typ: "png", data: encodePNG(t, 8, 4, color.NRGBA{200, 30, 90, 255})},
		{typ: "png", data: encodePNG(t, 8, 4, color.NRGBA{20, 200, 90, 100})},
		{typ: "jpg", data: encodeJPEG(t, 8, 4)},
	} {
		g, err := grayscale(pic)
		if err != nil {
			t.Fatal(err)
		}
		img, _, err := image.Decode(bytes.NewReader(g.data))
		if err != nil {
			t.Fatal(err)
		}
		for y := range 4 {
			for x := range 8 {
				r, gr, b, _ := img.At(x, y).RGBA()
				if r>>8 != gr>>8 || gr>>8 != b>>8 {
					t.Fatalf("%s: pixel %d,%d is %d,%d,%d: not grey", pic.typ, x, y, r>>8, gr>>8, b>>8)
				}
			}
		}
	}
}

// TestGrayscaleBook reads the images of a book made with Grayscale back:
// every picture without transparency is stored grey.
func TestGrayscaleBook(t *testing.T) {
	tool := tooltest.Need(t, "pdfimages")
	b, docs := fixtureBook(t)
	for _, gray := range []bool{false, true} {
		path, _ := writePDF(t, b, docs, Options{Grayscale: gray}, t.TempDir())
		out, err := exec.Command(tool, "-list", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		colours := map[string]int{}
		for _, line := range strings.Split(string(out), "\n")[2:] {
			if f := strings.Fields(line); len(f) > 5 {
				colours[f[2]+" "+f[5]]++
			}
		}
		// an image with transparency keeps its channels, grey in each
		if gray && (colours["image gray"] == 0 || colours["image rgb"] > colours["smask gray"]) || !gray && colours["image gray"] != 0 {
			t.Errorf("grayscale %v: image colours %v", gray, colours)
		}
	}
}

// TestGreedyHyphenRun checks the breaker of captions, cells and
// unjustified text: never three hyphenated lines in a row while a space
// could break the line instead.
func TestGreedyHyphenRun(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	text := strings.Repeat("Internationalization characteristically notwithstanding incomprehensibilities establishment. ", 15)
	for width := 90.0; width <= 260; width += 10 {
		run := 0
		for i, ln := range l.breakLines(l.boxes([]span{{text: text, st: st}}), width, 0) {
			s := lineText(ln)
			if !strings.HasSuffix(s, "-") {
				run = 0
				continue
			}
			if run++; run > kpMaxHyphens && strings.Contains(s, " ") {
				t.Errorf("width %v: line %d is the %dth hyphenated in a row: %q", width, i, run, s)
			}
		}
	}
}
