package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// These tests read the PDF back the way a reader sees it (poppler's
// pdftotext, pdfimages, pdffonts and qpdf) and never compare PDF bytes
// with a golden file.

// rendered is a book written once and shared by the tests that read it.
type rendered struct {
	b     *book.Book
	docs  markup.Docs
	path  string
	rep   *book.Report
	size  string   // Options.PageSize it was written with
	pages []string // pdftotext -layout, one string per page
	read  [][]readLine
}

var (
	sampleOnce sync.Once
	sample     *rendered
)

func renderSample(t *testing.T) *rendered {
	t.Helper()
	sampleOnce.Do(func() {
		b, docs := loadBlog(t, sampleDir)
		dir, err := os.MkdirTemp("", "anthology-pdf-")
		if err != nil {
			t.Fatal(err)
		}
		path, rep := writePDF(t, b, docs, Options{}, dir)
		sample = &rendered{b: b, docs: docs, path: path, rep: rep}
	})
	if sample == nil {
		t.Fatal("the sample book did not render")
	}
	return sample
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, r := range []*rendered{sample, corpus, bigCorpus} {
		if r != nil {
			os.RemoveAll(filepath.Dir(r.path))
		}
	}
	testkit.RemoveCorpora()
	os.Exit(code)
}

// text returns the pages of the PDF as pdftotext -layout reads them.
func (r *rendered) text(t *testing.T) []string {
	t.Helper()
	if r.pages == nil {
		tool := tooltest.Need(t, "pdftotext")
		out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", r.path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", r.path, err)
		}
		r.pages = strings.Split(string(out), "\f")
	}
	return r.pages
}

var tocLine = regexp.MustCompile(`^\s*(.*?)\s*(?:\. ?){3,}\s*(\d+)\s*$`)

// tocNumbers reads the table of contents: each entry's title and the page
// number printed beside it, in order.
func tocNumbers(t *testing.T, pages []string) (titles []string, nums []int) {
	t.Helper()
	for _, pg := range pages[2:] { // the contents start on page 3
		found := false
		pending := ""
		for _, line := range strings.Split(pg, "\n") {
			if m := tocLine.FindStringSubmatch(line); m != nil {
				n, _ := strconv.Atoi(m[2])
				titles = append(titles, strings.TrimSpace(pending+" "+m[1]))
				nums = append(nums, n)
				pending, found = "", true
			} else if s := strings.TrimSpace(line); s != "" && s != "Contents" && s != "Table des matières" {
				pending = strings.TrimSpace(pending + " " + s) // a title wrapped over lines
			}
		}
		if !found && len(titles) > 0 {
			break
		}
	}
	return titles, nums
}

var spaces = regexp.MustCompile(`\s+`)

func squeeze(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// postStarts checks the contents against the book's structure and returns
// the page each post starts on, as printed.
func postStarts(t *testing.T, r *rendered) map[string]int {
	t.Helper()
	titles, nums := tocNumbers(t, r.text(t))
	var want []string
	var keys []string
	for _, c := range r.b.Chapters {
		want = append(want, c.Title)
		keys = append(keys, "")
		for _, p := range c.Posts {
			want = append(want, postTitle(p))
			keys = append(keys, p.ID)
		}
	}
	if len(titles) != len(want) {
		t.Fatalf("contents list %d entries, want %d:\n%q", len(titles), len(want), titles)
	}
	starts := map[string]int{}
	for i := range want {
		// an emoji's text is its sequence less the emoji selector
		if squeeze(titles[i]) != squeeze(strings.ReplaceAll(want[i], "\uFE0F", "")) {
			t.Errorf("contents entry %d = %q, want %q", i, titles[i], want[i])
		}
		if keys[i] != "" {
			starts[keys[i]] = nums[i]
		}
	}
	return starts
}

// books runs check on the sample blog and on the synthetic corpus.
func books(t *testing.T, check func(t *testing.T, r *rendered)) {
	t.Run("sample", func(t *testing.T) { check(t, renderSample(t)) })
	t.Run("corpus", func(t *testing.T) { check(t, renderCorpus(t)) })
}

func TestContentsPageNumbers(t *testing.T) {
	books(t, func(t *testing.T, r *rendered) {
		pages := r.text(t)
		starts := postStarts(t, r)
		for _, p := range r.b.Posts() {
			n := starts[p.ID]
			if n < 1 || n > len(pages) {
				t.Errorf("%s: contents say page %d, the PDF has %d", p.ID, n, len(pages))
				continue
			}
			if !strings.Contains(squeeze(pages[n-1]), squeeze(metaText(postTitle(p)))) {
				t.Errorf("%s: title %q is not on page %d, where the contents send the reader:\n%s", p.ID, p.Title, n, pages[n-1])
			}
			if n > 1 && strings.Contains(squeeze(pages[n-2]), squeeze(metaText(postTitle(p)))+" ") {
				t.Errorf("%s: title %q is already on page %d", p.ID, p.Title, n-1)
			}
		}
	})
}

// postWords returns the words of a post's text as a reader would read
// them, from its parsed document.
func postWords(d *markup.Doc) []string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				b.Write(v.Segment.Value(d.Source))
				b.WriteByte(' ')
			case *ast.String:
				b.Write(v.Value)
			case *ast.AutoLink:
				b.Write(v.Label(d.Source))
				b.WriteByte(' ')
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				for i := 0; i < v.Lines().Len(); i++ {
					s := v.Lines().At(i)
					b.Write(s.Value(d.Source))
				}
				b.WriteByte(' ')
			case *ast.Image:
				// an image's alt text is not shown; a caption is a figure's
			case *east.FootnoteLink, *east.FootnoteBacklink:
			case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *east.TableCell:
				walk(c)
				b.WriteByte('\n')
			default:
				walk(c)
			}
		}
	}
	walk(d.Root)
	return words(b.String())
}

var (
	hyphenBreak = regexp.MustCompile(`(\p{L})-[ \t]*\n\s*(\p{L})`)
	// an address broken before its hyphen goes on with it on the next line
	hyphenLeads = regexp.MustCompile(`(\p{L})[ \t]*\n\s*-(\p{L})`)
)

// words splits text into lower-case words, joining words hyphenated at a
// line's end and ignoring hyphens inside words.
func words(s string) []string {
	s = hyphenBreak.ReplaceAllString(s, "$1$2")
	s = hyphenLeads.ReplaceAllString(s, "$1$2")
	s = strings.ReplaceAll(s, "\u00ad", "")
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	}) {
		if w := strings.ReplaceAll(f, "-", ""); w != "" {
			out = append(out, w)
		}
	}
	return out
}

var headerLine = regexp.MustCompile(`^\s*\d+\s{2,}\S.*$|^\s*\S.*\s{2,}\d+\s*$`)

// withoutHeader drops a body page's running header.
func withoutHeader(page string) string {
	lines := strings.Split(page, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if headerLine.MatchString(l) {
			return strings.Join(lines[i+1:], "\n")
		}
		break
	}
	return page
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestWordsInOrder(t *testing.T) {
	books(t, func(t *testing.T, r *rendered) {
		pages := r.text(t)
		starts := postStarts(t, r)
		posts := r.b.Posts()
		for i, p := range posts {
			first := starts[p.ID]
			last := len(pages)
			if i+1 < len(posts) {
				last = starts[posts[i+1].ID] - 1
			}
			var text strings.Builder
			for n := first; n <= last && n >= 1; n++ {
				text.WriteString(withoutHeader(pages[n-1]))
				text.WriteByte('\n')
			}
			want := postWords(r.docs[p.ID])
			got := words(text.String())
			if len(want) == 0 {
				continue
			}
			ratio := float64(lcs(want, got)) / float64(len(want))
			if ratio < 0.995 {
				t.Errorf("%s: %.2f%% of %d words in order on pages %d-%d, want 99.5%%\nwant %q\ngot  %q",
					p.Source, ratio*100, len(want), first, last, want, got)
			}
		}
	})
}

var (
	corpusOnce sync.Once
	corpus     *rendered
)

// renderCorpus renders a generated blog of 100 posts.
func renderCorpus(t *testing.T) *rendered {
	t.Helper()
	corpusOnce.Do(func() {
		dir, err := os.MkdirTemp("", "anthology-corpus-pdf-")
		if err != nil {
			t.Fatal(err)
		}
		b, docs := loadBlog(t, testkit.Corpus(t, 100))
		path, rep := writePDF(t, b, docs, Options{PageSize: "6x9"}, dir)
		corpus = &rendered{b: b, docs: docs, path: path, rep: rep, size: "6x9"}
	})
	return corpus
}

func TestFontsEmbedded(t *testing.T) {
	books(t, testFontsEmbedded)
}

func testFontsEmbedded(t *testing.T, r *rendered) {
	tool := tooltest.Need(t, "pdffonts")
	out, err := exec.Command(tool, r.path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni object ID: emb is 5th from the end
		if len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

func TestQPDFCheck(t *testing.T) {
	books(t, func(t *testing.T, r *rendered) {
		tool := tooltest.Need(t, "qpdf")
		out, err := exec.Command(tool, "--check", r.path).CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("No syntax or stream encoding errors")) {
			t.Errorf("qpdf --check %s: %v\n%s", r.path, err, out)
		}
	})
}

type outline struct {
	Title string    `json:"title"`
	Page  int       `json:"destpageposfrom1"`
	Kids  []outline `json:"kids"`
}

func TestOutlineNested(t *testing.T) {
	books(t, testOutlineNested)
}

func testOutlineNested(t *testing.T, r *rendered) {
	tool := tooltest.Need(t, "qpdf")
	out, err := exec.Command(tool, "--json", "--json-key=outlines", r.path).Output()
	if err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	var doc struct {
		Outlines []outline `json:"outlines"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	starts := postStarts(t, r)
	if len(doc.Outlines) != len(r.b.Chapters) {
		t.Fatalf("outline has %d top entries, want one per chapter (%d)", len(doc.Outlines), len(r.b.Chapters))
	}
	for i, c := range r.b.Chapters {
		o := doc.Outlines[i]
		if o.Title != c.Title {
			t.Errorf("outline entry %d = %q, want chapter %q", i, o.Title, c.Title)
		}
		if len(o.Kids) != len(c.Posts) {
			t.Errorf("chapter %q has %d outline entries, want its %d posts", c.Title, len(o.Kids), len(c.Posts))
			continue
		}
		for j, p := range c.Posts {
			k := o.Kids[j]
			if k.Title != metaText(postTitle(p)) || k.Page != starts[p.ID] || len(k.Kids) != 0 {
				t.Errorf("outline %q > %d = %q p. %d, want %q p. %d", c.Title, j, k.Title, k.Page, p.Title, starts[p.ID])
			}
		}
	}
}

var bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// TestEmojiImage checks that the 🙂 of "IoT Challenges" is an image drawn
// between the words around it, not a "?" or a gap, and that the page's
// text holds it where it is drawn.
func TestEmojiImage(t *testing.T) {
	r := renderSample(t)
	var post *book.Post
	for _, p := range r.b.Posts() {
		if p.Title == "IoT Challenges" {
			post = p
		}
	}
	if post == nil || !strings.Contains(string(post.Body), "80s movie 🙂 )") {
		t.Fatal("the sample's \"IoT Challenges\" post with its 🙂 is gone")
	}
	pages := r.text(t)
	start := postStarts(t, r)[post.ID]
	page := 0
	for n := start; n <= len(pages); n++ {
		if strings.Contains(squeeze(pages[n-1]), "80s movie") {
			page = n
			break
		}
	}
	if page == 0 {
		t.Fatal("\"80s movie\" is not in the PDF")
	}
	if strings.Contains(squeeze(pages[page-1]), "movie ?") || strings.Contains(pages[page-1], "\u25a1") {
		t.Errorf("the emoji became a character:\n%s", pages[page-1])
	}
	tool := tooltest.Need(t, "pdfimages")
	out, err := exec.Command(tool, "-list", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), r.path).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	if n := strings.Count(string(out), " image "); n < 1 {
		t.Errorf("page %d has no image:\n%s", page, out)
	}
	bbox, err := exec.Command(tooltest.Need(t, "pdftotext"), "-bbox", "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), r.path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	ws := bboxWord.FindAllStringSubmatch(string(bbox), -1)
	for i, w := range ws[:len(ws)-1] {
		if w[5] != "movie" {
			continue
		}
		// the emoji's text, then the words after it past its width
		if i+2 >= len(ws) || ws[i+1][5] != "🙂" {
			t.Errorf("after \"movie\": %q; want the emoji's text \"🙂\"", ws[i+1][5])
			return
		}
		next := ws[i+2]
		gap := atof(next[1]) - atof(w[3])
		height := atof(w[4]) - atof(w[2])
		if next[5] != ")," || atof(next[2]) != atof(w[2]) || gap < height*0.8 {
			t.Errorf("after \"movie 🙂\": %q at a gap of %.1fpt (line height %.1f); want \"),\" past an emoji's width", next[5], gap, height)
		}
		return
	}
	t.Error("\"movie\" not found in the word boxes")
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func TestDeterministic(t *testing.T) {
	b, docs := loadBlog(t, sampleDir)
	var outs [2]bytes.Buffer
	for i := range outs {
		if err := Write(context.Background(), &outs[i], b, docs, Options{PageSize: "a5"}, &book.Report{}); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(outs[0].Bytes(), outs[1].Bytes()) {
		t.Error("two runs on the same book differ")
	}
	if bytes.Contains(outs[0].Bytes(), []byte("D:20240501")) == false {
		t.Error("the document dates are not the book's date")
	}
}

// TestEveryCharacterCovered checks that the bundled fonts and emoji set
// draw every character of the sample blog and of the corpus.
func TestEveryCharacterCovered(t *testing.T) {
	books(t, func(t *testing.T, r *rendered) {
		for _, w := range r.rep.Warnings {
			if strings.Contains(w.Msg, "no font covers") {
				t.Error(w)
			}
		}
	})
}

// TestEmojiSequencesReadBack writes keycaps, emoji with their selector and
// a text-presentation ⁉ and reads the page back: each sequence is a
// picture of the sheet and the page's text holds its characters (a keycap
// less its selector), so copying or searching finds them; nothing is a □.
func TestEmojiSequencesReadBack(t *testing.T) {
	dir := t.TempDir()
	post := "---\ntitle: Signals\ndate: 2024-03-01\n---\n\nStep 1️⃣ then *️⃣ and #️⃣, the door 🚪⁉️ shut, and a plain ⁉ mark.\n"
	if err := os.WriteFile(filepath.Join(dir, "signals.md"), []byte(post), 0o644); err != nil {
		t.Fatal(err)
	}
	b, docs := loadBlog(t, dir)
	path, rep := writePDF(t, b, docs, Options{PageSize: "a5"}, t.TempDir())
	for _, w := range rep.Warnings {
		t.Errorf("warning: %s", w.Msg)
	}
	tooltest.Need(t, "pdftotext")
	text, err := testkit.PDFText(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	body := squeeze(text[strings.LastIndex(text, "Signals"):])
	want := "Step 1\u20e3 then *\u20e3 and #\u20e3 , the door 🚪 ⁉ shut, and a plain ⁉ mark."
	if !strings.Contains(body, want) {
		t.Errorf("the page reads %q\nwant it to hold %q", body, want)
	}
	if strings.ContainsRune(text, markerRune) {
		t.Errorf("a character printed as □:\n%s", body)
	}
	tooltest.Need(t, "pdfimages")
	images, err := testkit.PDFImageList(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	emoji := 0
	for _, im := range images {
		if im.Type == "image" && im.Emoji {
			emoji++
		}
	}
	if emoji != 5 {
		t.Errorf("%d emoji drawn, want 5 (three keycaps, 🚪, ⁉️)", emoji)
	}
}
