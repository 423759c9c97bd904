package build

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// agreementBlogs are the blogs of testdata, each made into both books by
// the agreement test, with a generated blog of 100 posts, and checked by
// epubcheck: the validators run on these few combined books rather than
// in every test.
var agreementBlogs = []string{"agreement", "sample", "hugo-site", "jekyll-site", "feeds", "text", "wxr"}

// minAgreement is the share of a post's words, in each direction, that
// the other book must hold.
const minAgreement = 0.995

// TestBooksAgree makes the EPUB and the PDF of every blog of testdata and
// checks that they say the same thing, post by post: the words of the
// post's EPUB document and of its PDF pages agree both ways, the PDF draws
// as many images as the EPUB shows, and the dates are the same strings.
// Each EPUB passes epubcheck with no error and no warning, and marks the
// PDF's pages where they begin.
func TestBooksAgree(t *testing.T) {
	testkit.NeedPDFTools(t)
	blogs := map[string]string{"generated": testkit.Corpus(t, 100)}
	names := []string{"generated"}
	for _, name := range agreementBlogs {
		blogs[name] = filepath.Join("../../testdata", name)
		names = append(names, name)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // epubcheck, most of the time, waits on one core
			res, epubPath, pdfPath := buildBoth(t, blogs[name])
			tooltest.EPUBCheck(t, epubPath)
			pdf := readPDF(t, pdfPath)
			checkPageList(t, tooltest.Need(t, "pdfinfo"), epubPath, pdfPath, pdf)
			docs, err := testkit.EPUBDocs(epubPath)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range res.Book.Chapters {
				for _, p := range c.Posts {
					checkPostAgrees(t, res, c, p, docs, pdf)
				}
			}
		})
	}
}

// buildBoth makes the EPUB and the PDF of blog, with the book file found
// in it, and returns the result and the books' paths.
// patternBlogs are the fixtures of what real blogs publish (links of every
// kind, images on the site's own address, template tags, generators'
// sites), each pattern of which once made an epubcheck error. They are too
// small for TestBooksAgree's page counts, so only epubcheck reads them.
var patternBlogs = []string{"links", "site-images", "templates", "sites/hugo-multilingual", "sites/hugo-contentdir",
	"sites/zola", "sites/eleventy", "sites/jekyll-dates", "sites/duplicate-keys", "sites/hugo-math", "sites/jekyll-chirpy"}

// TestPatternsPassEPUBCheck makes both books of each of patternBlogs and
// checks the EPUB, its page list included, with epubcheck.
func TestPatternsPassEPUBCheck(t *testing.T) {
	testkit.NeedPDFTools(t)
	for _, name := range patternBlogs {
		t.Run(name, func(t *testing.T) {
			t.Parallel() // epubcheck, most of the time, waits on one core
			_, epubPath, _ := buildBoth(t, filepath.Join("../../testdata", name))
			tooltest.EPUBCheck(t, epubPath)
		})
	}
}

func buildBoth(t *testing.T, blog string) (*Result, string, string) {
	t.Helper()
	cfg := &config.Config{}
	if path := filepath.Join(blog, config.DefaultName); fileExists(path) {
		var err error
		if cfg, err = config.Load(path); err != nil {
			t.Fatal(err)
		}
	}
	out := t.TempDir()
	res, err := Run(context.Background(), Options{
		Sources: []string{blog}, BookFile: cfg, Formats: DefaultFormats(),
		OutputDir: out, Name: "book", PageSize: "a5",
	})
	if err != nil {
		t.Fatalf("build %s: %v", blog, err)
	}
	return res, filepath.Join(out, "book.epub"), filepath.Join(out, "book.pdf")
}

func checkPostAgrees(t *testing.T, res *Result, c *book.Chapter, p *book.Post, docs map[string]testkit.EPUBDoc, pdf *pdfPages) {
	t.Helper()
	doc, ok := docs[p.ID+".xhtml"]
	if !ok {
		t.Errorf("%s: no EPUB document %s.xhtml", p.Source, p.ID)
		return
	}
	pages, ok := res.PostPages[p.ID]
	if !ok {
		t.Errorf("%s: the PDF reports no pages for it", p.Source)
		return
	}
	text := pdf.text(pages.First, pages.Last)
	text = withoutRunningHeads(text, res.Book.Title, c.Title)
	epubWords := comparable(testkit.Words(doc.Text))
	pdfWords := comparable(testkit.Words(text))
	if r := testkit.Recall(epubWords, pdfWords); r < minAgreement {
		t.Errorf("%s: the PDF holds %.1f%% of the EPUB's words; missing: %v", p.Source, 100*r, missing(epubWords, pdfWords))
	}
	if r := testkit.Recall(pdfWords, epubWords); r < minAgreement {
		t.Errorf("%s: the EPUB holds %.1f%% of the PDF's words; missing: %v", p.Source, 100*r, missing(pdfWords, epubWords))
	}
	if images := pdf.imagesOn(pages.First, pages.Last); images != doc.Images {
		t.Errorf("%s: the EPUB shows %d images, the PDF draws %d", p.Source, doc.Images, images)
	}
	if p.Subtitle != "" {
		if !strings.Contains(strings.Join(strings.Fields(doc.Text), " "), p.Subtitle) {
			t.Errorf("%s: the EPUB does not print its subtitle %q", p.Source, p.Subtitle)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), p.Subtitle) {
			t.Errorf("%s: the PDF does not print its subtitle %q", p.Source, p.Subtitle)
		}
	}
	if p.Dated() {
		if len(doc.Times) == 0 || doc.Times[0] != p.Dateline {
			t.Errorf("%s: the EPUB dates it %q, want %q", p.Source, doc.Times, p.Dateline)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), p.Dateline) {
			t.Errorf("%s: the PDF does not print its date %q", p.Source, p.Dateline)
		}
	}
}

// comparable keeps the words both books print alike: numbers go, since
// the PDF adds page numbers and "(p. N)" to links between posts, and note
// numbers stand apart from their word in one book and not the other.
func comparable(words []string) []string {
	out := words[:0:0]
	for _, w := range words {
		w = strings.Map(func(r rune) rune {
			if unicode.IsDigit(r) {
				return -1
			}
			return r
		}, w)
		if w != "" && w != "p" {
			out = append(out, w)
		}
	}
	return out
}

// withoutRunningHeads takes out of a post's PDF text, pages split by form
// feeds, the running head and page number that open its pages: the
// book's title on the left, the chapter's on the right (either maybe cut
// short with "…"). They are no words of the post, and a word hyphenated
// across two pages has them between its halves.
func withoutRunningHeads(text, bookTitle, chapterTitle string) string {
	pages := strings.Split(text, "\f")
	for i, page := range pages {
		lines := strings.Split(page, "\n")
		k, heads := 0, 0
		for ; k < len(lines) && heads < 2; k++ {
			if strings.TrimSpace(lines[k]) == "" {
				continue
			}
			if !isRunningHead(lines[k], bookTitle, chapterTitle) {
				break
			}
			heads++
		}
		pages[i] = strings.Join(lines[k:], "\n")
	}
	return strings.Join(pages, "\f")
}

// isRunningHead reports whether line holds nothing but a running head or
// a page number.
func isRunningHead(line string, titles ...string) bool {
	line = strings.TrimFunc(strings.Join(strings.Fields(line), " "), func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsSpace(r)
	})
	if line == "" {
		return true
	}
	for _, t := range titles {
		t = strings.Join(strings.Fields(t), " ")
		if t == "" {
			continue
		}
		if line == t {
			return true
		}
		if cut, ok := strings.CutSuffix(line, "…"); ok && strings.HasPrefix(t, strings.TrimSpace(cut)) {
			return true
		}
	}
	return false
}

// missing lists up to ten words of want that got lacks, for messages.
func missing(want, got []string) []string {
	have := map[string]int{}
	for _, w := range got {
		have[w]++
	}
	var out []string
	for _, w := range want {
		if have[w] > 0 {
			have[w]--
			continue
		}
		if len(out) == 10 {
			out = append(out, "…")
			break
		}
		out = append(out, strconv.Quote(w))
	}
	return out
}

// pdfPages is a PDF's text, page by page, and how many pictures each page
// draws (emoji and masks aside), each read with one run of the tool: the
// checks look at every page.
type pdfPages struct {
	pages  []string // the text of page n is pages[n-1]
	images map[int]int
}

func readPDF(t *testing.T, path string) *pdfPages {
	t.Helper()
	text, err := testkit.PDFText(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	list, err := testkit.PDFImageList(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := &pdfPages{pages: strings.Split(text, "\f"), images: map[int]int{}}
	for _, im := range list {
		if im.Type == "image" && !im.Emoji {
			p.images[im.Page]++
		}
	}
	return p
}

// text is the text of pages first to last, as pdftotext gives it.
func (p *pdfPages) text(first, last int) string {
	first, last = max(first, 1), min(last, len(p.pages))
	if first > last {
		return ""
	}
	return strings.Join(p.pages[first-1:last], "\f")
}

func (p *pdfPages) imagesOn(first, last int) int {
	n := 0
	for page := first; page <= last; page++ {
		n += p.images[page]
	}
	return n
}
