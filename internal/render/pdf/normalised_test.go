package pdf

import (
	"image/color"
	"os/exec"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// The PDF prints the normalised document: escapes and entities as the
// reader sees them, and raw HTML's listings, images and tables as the EPUB
// shows them.
func TestNormalisedPost(t *testing.T) {
	body := `Escapes: a\_b (\*.npm) 1\) AT&amp;T &lt;3.

<pre><code class="language-sh">npm install   --save a
  indented &amp; kept
</code></pre>

<p>A raw image: <img src="pics/raw.png" alt="raw picture"></p>

<table><tr><th>Tier</th><th>SLA</th></tr><tr><td>cell-one</td><td>cell-two</td></tr></table>

<figure><img src="pics/fig.png" alt="x"><figcaption>The caption of the figure</figcaption></figure>
`
	assets := fstest.MapFS{
		"pics/raw.png": {Data: encodePNG(t, 90, 60, color.NRGBA{20, 90, 160, 255})},
		"pics/fig.png": {Data: encodePNG(t, 60, 90, color.NRGBA{160, 20, 90, 255})},
	}
	p := &book.Post{ID: "raw", Title: "Raw HTML", Date: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC),
		Body: []byte(body), Source: "raw.md", Assets: assets}
	b := &book.Book{Title: "Normalised", Author: "A", Lang: "en", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Chapters: []*book.Chapter{{ID: "c", Title: "Chapter", Posts: []*book.Post{p}}}}
	docs, rep := parseAndPrepare(t, b)
	path, pdfRep := writePDF(t, b, docs, Options{}, t.TempDir())
	rep.Merge(pdfRep)
	for _, w := range withoutResolution(rep.Warnings) {
		t.Errorf("warning: %s", w)
	}
	r := &rendered{b: b, docs: docs, path: path}
	pages := r.text(t)
	all := strings.Join(pages, "\n")
	flat := squeeze(all)
	for _, want := range []string{"a_b (*.npm) 1) AT&T <3.", "Tier SLA", "cell-one cell-two", "The caption of the figure"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
	for _, bad := range []string{`\_`, `\*`, `\)`, "&amp;", "&lt;", "<pre", "<img", "<td"} {
		if strings.Contains(all, bad) {
			t.Errorf("the PDF shows %q", bad)
		}
	}
	// The listing keeps its lines, its spaces and its indent.
	lines := map[string]bool{}
	for _, l := range strings.Split(all, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{"npm install   --save a", "indented & kept"} {
		if !lines[want] {
			t.Errorf("the listing has no line %q", want)
		}
	}
	out, err := exec.Command(tooltest.Need(t, "pdfimages"), "-list", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	images := 0
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[2] == "image" {
			images++
		}
	}
	if images != 2 {
		t.Errorf("%d images drawn, want 2 (the raw img and the figure):\n%s", images, out)
	}
}

// TestAstralCharacter checks that a character beyond U+FFFF, which
// fpdf's font map cannot hold, is never handed to fpdf: a styled letter
// (𝔐, Fraktur M) prints as the letter it is a form of, anything else as
// missing, with a warning.
func TestAstralCharacter(t *testing.T) {
	p := &book.Post{ID: "m", Title: "Fraktur", Body: []byte("The letter 𝔐 and the word 𝔐𝔞𝔱𝔥, and \U00020000.\n"), Source: "m.md"}
	b := &book.Book{Title: "Astral", Author: "A", Lang: "en", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
		Chapters: []*book.Chapter{{ID: "c", Title: "Chapter", Posts: []*book.Post{p}}}}
	docs, _ := parseAndPrepare(t, b)
	_, rep := writePDF(t, b, docs, Options{Fonts: noInstalledFonts}, t.TempDir())
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Msg, "U+20000") || strings.Contains(rep.Warnings[0].Msg, "U+1D510") {
		t.Errorf("warnings %v, want one naming U+20000 only", rep.Warnings)
	}
}
