package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"maps"
	"math"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
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

// lines returns the lines of each page of the book, read once.
func (r *rendered) lines(t *testing.T) [][]readLine {
	if r.read == nil {
		r.read = readLines(t, r.path)
	}
	return r.read
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

// typesetBooks runs check on the sample blog, the corpus, and (unless
// testing.Short) a generated blog of 1,000 posts on the default pages,
// whose headings, hyphens and page ends fall in many places.
func typesetBooks(t *testing.T, check func(t *testing.T, r *rendered)) {
	books(t, check)
	t.Run("corpus1000", func(t *testing.T) {
		if testing.Short() {
			t.Skip("the 1,000-post book takes a while")
		}
		tooltest.Need(t, "pdftotext")
		bigCorpusOnce.Do(func() {
			dir, err := os.MkdirTemp("", "anthology-corpus1000-pdf-")
			if err != nil {
				t.Fatal(err)
			}
			b, docs := loadBlog(t, testkit.Corpus(t, 1000))
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
		for i, lines := range r.lines(t) {
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
		for i, lines := range r.lines(t) {
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
	urls := []string{"https://example.org/wiki/index.php?title=Typesetting&action=history&oldid=12345",
		"https://www.example.com/2019/03/a-very-long-post-title-with-many-words/", "www.example.net/archive/page-two.html."}
	text := "See " + urls[0] + " and " + urls[1] + " for the details, or " + urls[2]
	space := l.fonts.width(serif, st.size, " ")
	breaks := 0
	for width := 90.0; width <= 300; width += 15 {
		lines := l.breakParagraph(l.boxes([]span{{text: text, st: st}}), width, 0, alignJustify)
		for i, ln := range lines {
			s := lineText(ln)
			last := s[strings.LastIndexByte(s, ' ')+1:]
			for _, u := range urls {
				if len(last) < len(u) && strings.HasSuffix(s, last) && strings.HasPrefix(u, last) && strings.Contains(last, ".") {
					breaks++
					if !chicagoBreak(last, u[len(last):]) {
						t.Errorf("width %v: line %d breaks an address between %q and %q", width, i, last, u[len(last):])
					}
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
	if breaks == 0 {
		t.Error("no address was broken: the case tests nothing")
	}
}

// chicagoBreak reports whether an address may break between head and
// tail by The Chicago Manual of Style's rule: after a colon, a double
// slash, an equals sign or an ampersand; before a slash, a tilde, a full
// stop, a comma, a hyphen, an underscore, a question mark, a number sign,
// a per cent sign, an at sign, an equals sign or an ampersand.
func chicagoBreak(head, tail string) bool {
	if tail == "" || len(tail) < 2 {
		return false
	}
	return strings.HasSuffix(head, "//") || strings.HasSuffix(head, ":") ||
		strings.HasSuffix(head, "=") || strings.HasSuffix(head, "&") ||
		strings.IndexByte("/~.,-_?#%@=&", tail[0]) >= 0 && !strings.HasSuffix(head, "/")
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

// bodyLines returns the lines of a page under its running head, and
// whether the page has one: a body page, whose head holds its number.
func bodyLines(lines []readLine, num int) ([]readLine, readLine, bool) {
	if len(lines) == 0 {
		return nil, readLine{}, false
	}
	top := lines[0]
	for _, ln := range lines {
		if ln.y0 < top.y0 {
			top = ln
		}
	}
	folio := strconv.Itoa(num)
	head := false
	var body []readLine
	for _, ln := range lines {
		if ln.y0 < top.y1 {
			head = head || slices.Contains(ln.words, folio)
			continue
		}
		if strings.TrimFunc(ln.text(), unicode.IsDigit) != "" {
			body = append(body, ln)
		}
	}
	sort.SliceStable(body, func(i, j int) bool { return body[i].y0 < body[j].y0 })
	return body, top, head && len(body) > 0
}

// fullPages reads which pages of a book the text fills: body pages whose
// post goes on at the top of the next page with more of its text, not
// with its end (the next post's title), a heading, or a figure the page
// had no room for. It returns each full page's last line.
func fullPages(t *testing.T, r *rendered) map[int]readLine {
	pages := r.lines(t)
	titles := map[string]bool{}
	for _, p := range r.b.Posts() {
		titles[squeeze(metaText(postTitle(p)))] = true
	}
	headings := headingTexts(r.docs)
	startsAHead := func(s string) bool {
		for k := range titles {
			if strings.HasPrefix(k, s) {
				return true
			}
		}
		for k := range headings {
			if strings.HasPrefix(k, s) {
				return true
			}
		}
		return false
	}
	// where a page's text begins, under its head: the most common offset
	drop := map[int]float64{}
	offsets := map[int]int{}
	for i, lines := range pages {
		if body, head, ok := bodyLines(lines, i+1); ok {
			d := int(math.Round(body[0].y0 - head.y0))
			drop[i] = body[0].y0 - head.y0
			offsets[d]++
		}
	}
	common, most := 0, 0
	for d, n := range offsets {
		if n > most || n == most && d < common {
			common, most = d, n
		}
	}
	full := map[int]readLine{}
	for i := 0; i+1 < len(pages); i++ {
		body, _, ok := bodyLines(pages[i], i+1)
		next, _, nextOK := bodyLines(pages[i+1], i+2)
		if !ok || !nextOK || drop[i+1] > float64(common)+2 || startsAHead(squeeze(next[0].text())) {
			continue
		}
		full[i+1] = body[len(body)-1]
	}
	return full
}

// TestFacingPagesEndLevel checks that full pages end on the same line, so
// that the last lines of facing pages stand level. pdftotext gives the box
// of a line, from its font's ascent to its descent, not its baseline: the
// bottoms of the last lines' boxes are compared among lines of one kind
// (boxes of one height: one face at one size), and must be within a point
// of each other. In the generated books, whose posts are short, few
// spreads are full on both sides, so every full page is measured.
func TestFacingPagesEndLevel(t *testing.T) {
	typesetBooks(t, func(t *testing.T, r *rendered) {
		full := fullPages(t, r)
		kinds := map[int][]int{} // box height in tenths of a point -> pages
		for _, n := range slices.Sorted(maps.Keys(full)) {
			h := int(math.Round((full[n].y1 - full[n].y0) * 10))
			kinds[h] = append(kinds[h], n)
		}
		most := 0
		for h, nums := range kinds {
			low, high := nums[0], nums[0]
			for _, n := range nums {
				if full[n].y1 < full[low].y1 {
					low = n
				}
				if full[n].y1 > full[high].y1 {
					high = n
				}
			}
			if d := full[high].y1 - full[low].y1; d > 1 {
				t.Errorf("full pages end up to %.2f pt apart: page %d (%q) and page %d (%q)", d, low, full[low].text(), high, full[high].text())
			}
			if len(nums) > len(kinds[most]) {
				most = h
			}
		}
		if len(kinds[most]) < 5 {
			t.Fatalf("%d full pages end on body text: the case tests little", len(kinds[most]))
		}
		t.Logf("%d full pages, %d of them ending on body text", len(full), len(kinds[most]))
	})
}

// TestFullPagesOnTheGrid checks the layout itself: a page whose post goes
// on at the top of the next page with more of its text (not a heading, nor
// a figure) has its last baseline on the grid's last line, but for the few
// the rules leave short (a paragraph kept whole, a line kept off a recto's
// foot, with too little space on the page to spread the room over).
func TestFullPagesOnTheGrid(t *testing.T) {
	b, docs := loadBlog(t, testkit.Corpus(t, 100))
	for _, size := range []string{"a5", "6x9", "5x8"} {
		l, err := layout(context.Background(), b, docs, Options{PageSize: size})
		if err != nil {
			t.Fatal(err)
		}
		level, short := 0, 0
		for i, pg := range l.pg.pages[:len(l.pg.pages)-1] {
			next := l.pg.pages[i+1]
			if pg.kind != pageBody || next.kind != pageBody || len(next.items) == 0 || len(pg.items) == 0 {
				continue
			}
			if first := next.items[0].it; first.block < 0 || first.heading || slices.ContainsFunc(first.ops, func(o op) bool { return o.kind == opImage }) {
				continue
			}
			n := len(pg.items)
			for n > 0 && pg.items[n-1].it.space {
				n--
			}
			last := pg.items[n-1]
			if d := l.pg.grid.bottom - (last.y + l.pg.grid.lastBaseline(last.it)); math.Abs(d) < 0.01 {
				level++
			} else {
				short++
				t.Logf("%s: page %d ends %.1f pt short", size, pg.num, d)
			}
		}
		t.Logf("%s: %d full pages end on the grid's last line, %d short of it", size, level, short)
		if level == 0 || short*10 > level {
			t.Errorf("%s: %d full pages end on the grid's last line, %d short of it: want nine in ten at least", size, level, short)
		}
	}
}

// TestNoHyphenTurnsTheLeaf checks that no recto ends with a hyphen: the
// reader would turn the leaf in the middle of a word.
func TestNoHyphenTurnsTheLeaf(t *testing.T) {
	typesetBooks(t, func(t *testing.T, r *rendered) {
		rectos, versoHyphens := 0, 0
		for i, lines := range r.lines(t) {
			body, _, ok := bodyLines(lines, i+1)
			if !ok {
				continue
			}
			last := body[len(body)-1].text()
			hyphen := strings.HasSuffix(last, "-") && !strings.HasSuffix(last, " -")
			if (i+1)%2 == 0 {
				if hyphen {
					versoHyphens++
				}
				continue
			}
			rectos++
			if hyphen {
				t.Errorf("recto %d ends with a hyphen: %q", i+1, last)
			}
		}
		t.Logf("%d rectos; %d versos end with a hyphen, as they may", rectos, versoHyphens)
	})
}

// TestNoWordOutsideTheBlock reads every word's box back and checks that
// it lies inside the text block of its page (the running head above it),
// with the gutter the book's page count gives.
func TestNoWordOutsideTheBlock(t *testing.T) {
	tool := tooltest.Need(t, "pdftotext")
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	typesetBooks(t, func(t *testing.T, r *rendered) {
		out, err := exec.Command(tool, "-bbox", r.path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(string(out), "<page ")[1:]
		g, err := pageGeometry(r.size)
		if err != nil {
			t.Fatal(err)
		}
		g.clearHeader(max(fonts.ascentOf(serif), fonts.ascentOf(serifItalic)))
		g.inner = max(g.inner, gutter(len(pages)))
		words := 0
		for n, pg := range pages {
			num := n + 1
			left := g.left(num)
			for _, w := range bboxWord.FindAllStringSubmatch(pg, -1) {
				words++
				x0, x1, y0, y1 := atof(w[1]), atof(w[3]), atof(w[2]), atof(w[4])
				if x0 < left-0.5 || x1 > left+g.textW()+0.5 || y0 < g.top-g.headerGap-g.lead || y1 > g.pageH-g.bottom+2 {
					t.Errorf("page %d: %q at x %.1f-%.1f, y %.1f-%.1f is outside the text block (x %.1f-%.1f, y to %.1f)",
						num, w[5], x0, x1, y0, y1, left, left+g.textW(), g.pageH-g.bottom)
				}
			}
		}
		if words == 0 {
			t.Fatal("no words read")
		}
	})
}

// TestNoEmptyPageAfterNotes lays out posts whose notes end at every height
// of a page: the space that follows a post's last note, when it does not
// fit, must not open a page that only its running head and number print.
func TestNoEmptyPageAfterNotes(t *testing.T) {
	// a post whose last line leaves less room than the space after it
	p := newPaginator(32)
	p.newPage(pageBody)
	p.addAll([]*vitem{{h: 10}, {h: 10}, {h: 10}, {h: 5, space: true}})
	p.newPage(pageBody) // the next post
	p.add(&vitem{h: 10})
	p.finish()
	if len(p.pages) != 2 || len(p.pages[1].items) != 1 {
		t.Errorf("a post ending a page with space after it makes %d pages, want 2", len(p.pages))
	}

	// headings, lines and notes of different heights bring the end of
	// the notes to every place near the foot of a page
	var posts []*book.Post
	for n := range 340 {
		headings, notes, paras := n%5, 1+n/5%4, 24+n/20
		var body strings.Builder
		for i := range paras {
			if i%6 == 3 && i/6 < headings {
				fmt.Fprintf(&body, "## Part %d\n\n", i/6)
			}
			fmt.Fprintf(&body, "Paragraph %d of a post with notes, short enough for one line.", i)
			if i < notes {
				fmt.Fprintf(&body, "[^%d]", i)
			}
			body.WriteString("\n\n")
		}
		for i := range notes {
			fmt.Fprintf(&body, "[^%d]: A note that says where the words came from.\n\n", i)
		}
		posts = append(posts, &book.Post{ID: fmt.Sprintf("p%03d", n), Title: fmt.Sprintf("Notes %d", n), Body: []byte(body.String()), Source: fmt.Sprintf("p%03d.md", n),
			Date: time.Date(2020, 1, 1, n, 0, 0, 0, time.UTC)})
	}
	b := &book.Book{Title: "Notes", Date: time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC), Chapters: []*book.Chapter{{ID: "c", Title: "C", Posts: posts}}}
	docs, _ := parseAndPrepare(t, b)
	for _, size := range []string{"a5", "5x8", "6x9"} {
		l, err := layout(context.Background(), b, docs, Options{PageSize: size})
		if err != nil {
			t.Fatal(err)
		}
		for _, pg := range l.pg.pages {
			if pg.kind == pageBody && !pageHasText(pg) {
				t.Errorf("%s: body page %d holds no text", size, pg.num)
			}
		}
	}
}

func pageHasText(pg *page) bool {
	for _, pl := range pg.items {
		for _, o := range pl.it.ops {
			if o.kind == opText || o.kind == opImage {
				return true
			}
		}
	}
	return false
}

// wideTable returns a Markdown table of cols columns and 4 rows, of long
// words and numbers.
func wideTable(cols int) (string, []string) {
	words := []string{"Availability", "temperature", "Performance", "measurement", "throughput", "Configuration", "latency", "Independence", "2019", "12.5", "kilns", "Organisation"}
	var b strings.Builder
	var used []string
	row := func(r int) {
		b.WriteString("|")
		for c := range cols {
			w := words[(r*7+c)%len(words)]
			used = append(used, w)
			fmt.Fprintf(&b, " %s |", w)
		}
		b.WriteString("\n")
	}
	row(0)
	b.WriteString("|" + strings.Repeat(" --- |", cols) + "\n")
	for r := 1; r <= 4; r++ {
		row(r)
	}
	return b.String(), used
}

// TestWideTables sets tables of 12 and 40 columns: every word stays in
// the text block, a cell word breaks only with a hyphen, and no line holds
// a letter alone.
func TestWideTables(t *testing.T) {
	tool := tooltest.Need(t, "pdftotext")
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	body := "A table of twelve columns.\n\n"
	t12, words := wideTable(12)
	t40, more := wideTable(40)
	body += t12 + "\nAnd one of forty.\n\n" + t40
	words = append(words, more...)
	p := &book.Post{ID: "p", Title: "Wide", Body: []byte(body), Source: "p.md"}
	b := &book.Book{Title: "Tables", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Chapters: []*book.Chapter{{ID: "c", Title: "C", Posts: []*book.Post{p}}}}
	docs, _ := parseAndPrepare(t, b)
	known := map[string]bool{}
	for _, w := range words {
		known[w] = true
	}
	piece := func(s string) bool {
		if known[s] {
			return true
		}
		for w := range known {
			head, hyphen := strings.CutSuffix(s, "-")
			if hyphen && strings.HasPrefix(w, head) && len(head) >= 2 || !hyphen && strings.HasSuffix(w, s) && len(s) >= 3 {
				return true
			}
			if hyphen && strings.Contains(w, head) && len(head) >= 2 {
				return true // a piece from the middle of a word
			}
		}
		return false
	}
	for _, size := range []string{"a5", "5x8", "8.5x11"} {
		path, _ := writePDF(t, b, docs, Options{PageSize: size}, t.TempDir())
		out, err := exec.Command(tool, "-bbox", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		g, _ := pageGeometry(size)
		g.clearHeader(max(fonts.ascentOf(serif), fonts.ascentOf(serifItalic)))
		pages := strings.Split(string(out), "<page ")[1:]
		g.inner = max(g.inner, gutter(len(pages)))
		seen := 0
		post := false
		for n, pg := range pages {
			left := g.left(n + 1)
			for _, w := range bboxWord.FindAllStringSubmatch(pg, -1) {
				if post = post || w[5] == "twelve"; !post || atof(w[4]) < g.top {
					continue // the front matter, a running head
				}
				x0, x1 := atof(w[1]), atof(w[3])
				if x0 < left-0.5 || x1 > left+g.textW()+0.5 {
					t.Errorf("%s: page %d: %q at x %.1f-%.1f is outside the text block (x %.1f-%.1f)", size, n+1, w[5], x0, x1, left, left+g.textW())
				}
				text := strings.TrimSuffix(unescapeXML(w[5]), ":")
				if !strings.ContainsFunc(text, unicode.IsLetter) || strings.Contains("A table of twelve columns. And one forty. Wide Tables", text) {
					continue
				}
				seen++
				if !piece(text) {
					t.Errorf("%s: page %d: %q is no cell word nor a hyphenated piece of one", size, n+1, text)
				}
			}
		}
		if seen < len(words) {
			t.Errorf("%s: %d cell words read, want at least %d", size, seen, len(words))
		}
	}
}
