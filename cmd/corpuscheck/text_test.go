package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/anthology-book/anthology/internal/testkit"
)

func TestFrontMatter(t *testing.T) {
	for _, c := range []struct {
		name, in, key, want, body string
		asWritten                 bool
	}{
		{name: "yaml", in: "---\nTitle: A\n---\nbody\n", key: "title", want: "A", body: "body\n"},
		{name: "keys as written", in: "---\nTitle: A\n---\nbody\n", key: "title", want: "", body: "body\n", asWritten: true},
		{name: "keys as written, lower case", in: "---\ntitle: F\n---\nbody\n", key: "title", want: "F", body: "body\n", asWritten: true},
		{name: "fences with blanks after them", in: "--- \ntitle: G\n---\t\nbody\n", key: "title", want: "G", body: "body\n"},
		{name: "toml fence with a blank", in: "+++ \ntitle = \"H\"\n+++\nbody\n", key: "title", want: "H", body: "body\n"},
		{name: "toml", in: "+++\ntitle = \"B\"\n+++\nbody\n", key: "title", want: "B", body: "body\n"},
		{name: "json", in: "{\"title\": \"C\"}\nbody\n", key: "title", want: "C", body: "\nbody\n"},
		{name: "duplicate key: last wins", in: "---\ntitle: A\ntitle: D\n---\nbody\n", key: "title", want: "D", body: "body\n"},
		{name: "none", in: "just text\n", key: "title", want: "", body: "just text\n"},
		{name: "crlf", in: "---\r\ntitle: E\r\n---\r\nbody\r\n", key: "title", want: "E", body: "body\n"},
	} {
		fm, body, _ := frontMatter([]byte(c.in), c.asWritten)
		if got := mustString(fm[c.key]); got != c.want || body != c.body {
			t.Errorf("%s: %s = %q, body %q; want %q, %q", c.name, c.key, got, body, c.want, c.body)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2023-01-29":                      "2023-01-29",
		"2023-01-29 18:30:22 2023 -0800":  "2023-01-29",
		"2023-01-29T18:30:22+02:00":       "2023-01-29",
		"Sun, 29 Jan 2023 10:00:00 +0000": "2023-01-29",
	} {
		got, ok := parseDate(in)
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("parseDate(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := parseDate("someday"); ok {
		t.Error("parseDate took someday")
	}
	if got, ok := parseDate(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); !ok || got.Year() != 2020 {
		t.Errorf("parseDate(time.Time) = %v, %v", got, ok)
	}
}

func TestSourceText(t *testing.T) {
	md := "Intro with a [link](https://x.example/page \"title\") and ![alt words](pic.jpg).\n\n" +
		"{{< figure src=\"a.jpg\" caption=\"shortcode caption\" >}}\n{% include note.html text=\"liquid\" %}\n" +
		"<!-- hidden comment -->\n<span class=\"x\">kept span</span> {: .lead}\n\n[ref]: https://ref.example/\n" +
		"A footnote[^1] and a [reference][ref] &amp; more.\n\n```bash {linenos=true}\ncode stays\n```\n" +
		"2. <b>R</b>ead\n- item\n\n[^1]: The note.\n"
	got := strings.Join(testkit.Words(sourceText(sourcePost{Body: md})), " ")
	want := "intro with a link and kept span a footnote and a reference more code stays read item the note"
	if got != want {
		t.Errorf("Markdown words = %q, want %q", got, want)
	}
	wp := "<p>Before [caption id=\"1\"]<img src=\"a.jpg\" alt=\"no\"> Caption text[/caption] after [csharp]var x;[/csharp]</p>"
	got = strings.Join(testkit.Words(sourceText(sourcePost{Body: wp, HTML: true})), " ")
	if want := "before caption text after var x"; got != want {
		t.Errorf("WordPress words = %q, want %q", got, want)
	}
}

func TestSourceTextLeavesFormulasOut(t *testing.T) {
	md := "Loss \\\\( \\sum_i x_i \\\\) falls, $$\\frac{a}{b}$$ and \\\\[ y \\\\] too.\n\n```\n$$kept code$$\n```\n`$$inline code$$`\n"
	got := strings.Join(testkit.Words(sourceText(sourcePost{Body: md})), " ")
	if want := "loss falls and too kept code inline code"; got != want {
		t.Errorf("Markdown words = %q, want %q", got, want)
	}
	wp := "<p>Area \\(\\pi r^2\\) and $$e$$ here</p>"
	got = strings.Join(testkit.Words(sourceText(sourcePost{Body: wp, HTML: true})), " ")
	if want := "area and here"; got != want {
		t.Errorf("HTML words = %q, want %q", got, want)
	}
}

func TestWordsOf(t *testing.T) {
	got := wordsOf("渲染的**第一步**是 plain words, カタカナx2 and 한국")
	want := []string{"渲", "染", "的", "第", "一", "步", "是", "plain", "words", "カ", "タ", "カ", "ナ", "x2", "and", "한", "국"}
	if !slices.Equal(got, want) {
		t.Errorf("wordsOf = %q, want %q", got, want)
	}
}

func TestImageSources(t *testing.T) {
	md := "![a](a.jpg) and ![b][b]\n<img src=\"/img/c%20d.png?w=2\">\n{{< figure src=\"d.jpg\" caption=\"x\" >}}\n{% include figure image_path=\"/assets/e.jpg\" %}\n" +
		"{{ figure(image=\"posts/f.jpg\",\n  caption=\"two lines\") }}\n<!-- ![not](counted.jpg) -->\n[not an image](g.jpg)\n" +
		"```md\n![shown](in-code.jpg)\n```\nWrite `![x](inline.jpg)` for an image.\n"
	got := imageSources(sourcePost{Body: md})
	want := []string{"/img/c%20d.png?w=2", "d.jpg", "/assets/e.jpg", "posts/f.jpg", "a.jpg", ""}
	if !slices.Equal(got, want) {
		t.Errorf("Markdown: %q, want %q", got, want)
	}
	got = imageSources(sourcePost{Body: `<p><img src="a.jpg"></p>[gallery ids="1,2"]`, HTML: true})
	if want := []string{"a.jpg", ""}; !slices.Equal(got, want) {
		t.Errorf("HTML: %q, want %q", got, want)
	}
	dir := writeFiles(t, map[string]string{"static/img/C D.png": "", "content/posts/f.jpg": "", "node_modules/x/a.jpg": "", "notes.txt": ""})
	files := imageFiles(dir)
	for src, want := range map[string]bool{"/img/c%20d.png?w=2": true, "posts/f.jpg": true, "a.jpg": false, "notes.txt": false, "": false} {
		if held(files, src) != want {
			t.Errorf("held(%q) = %v, want %v", src, !want, want)
		}
	}
}

func TestTemplateLines(t *testing.T) {
	text := "Plain prose.\n{{< youtube abc >}}\nA {% raw %} tag\n[caption id=\"x\"]Caption[/caption]\n[javascript]\nSee [1] and [the docs].\n" +
		"### Eraser {#eraser}\n{: .notice}\nA set {#1, 2} and a dict {:a 1}\nInline code: tags like {% picture hero.jpg %}, in prose.\nA tag that wraps: {%\npicture hero.jpg %} in prose.\n{% cq %}\nvar v = f({ a: ’’ }});\nA typo the site prints too: no (single) word%}\nEnds }} here\nCompare it with this {{ n }} variable —\nshown in code: {{ .Title }}\n<a href=\"{{ site.url↪\n↪ }}\">□□ {{ wordcount }}</a>\n"
	code := "{{ n }}\nsome code\n{% cq %}\ng({ b: '' }});\nmore code\nshown in code: {{ .Title }}\n<a href=\"{{ site.url }}\">字数 {{ wordcount }}</a>\n{% picture hero.jpg %}\n"
	want := []string{"{{< youtube abc >}}", "A {% raw %} tag", "[caption id=\"x\"]Caption[/caption]", "[javascript]", "### Eraser {#eraser}", "{: .notice}", "A set {#1, 2} and a dict {:a 1}"}
	got := templateLines(text, code, true, false)
	if !slices.Equal(got, want) {
		t.Errorf("templateLines = %q, want %q", got, want)
	}
	got = templateLines(text, code, false, false)
	if want := slices.Delete(slices.Clone(want), 2, 4); !slices.Equal(got, want) {
		t.Errorf("templateLines of a Markdown site = %q, want %q (no WordPress shortcodes)", got, want)
	}
	// a feed is what its generator published: only an embed it left is a tag
	feed := "A log line: [12:03] {{pod.py:566}} INFO starting\n{% youtube abc %}\nText {{ page.title }}\n"
	if got, want := templateLines(feed, "", true, true), []string{"{% youtube abc %}"}; !slices.Equal(got, want) {
		t.Errorf("templateLines of a feed = %q, want %q", got, want)
	}
}

func TestOwnSiteLinks(t *testing.T) {
	hrefs := []string{"https://www.blog.example/a/", "http://blog.example/b", "https://other.example/", "/about/", "//cdn.example/x", "p002.xhtml#h", "mailto:me@blog.example"}
	abs, rel := ownSiteLinks(hrefs, "https://blog.example/")
	if !slices.Equal(abs, hrefs[:2]) || !slices.Equal(rel, []string{"/about/"}) {
		t.Errorf("ownSiteLinks = %q, %q", abs, rel)
	}
}

func TestNotPrinted(t *testing.T) {
	n, chars := notPrinted("Hello 中文 “quoted” — 👍 a\u00adb", "Hello □□ \"quoted\" - ab")
	if n != 4 || !strings.Contains(chars, "U+4E2D") {
		t.Errorf("notPrinted = %d, %q; want 2 boxes and 2 missing Han characters", n, chars)
	}
	if n, _ := notPrinted("All here □", "All here □"); n != 0 {
		t.Errorf("a □ of the EPUB's own counted: %d", n)
	}
	// A styled letter printed as its plain letter, and Arabic printed in
	// the presentation forms of its shaping, are printed.
	if n, chars := notPrinted("𝔐𝔞𝔡𝔢 سلام لا", "Made \ufeb3\ufefc\ufee1 \ufefb"); n != 0 {
		t.Errorf("compatibility equivalents counted as not printed: %d, %q", n, chars)
	}
	if n, chars := notPrinted("𝔐𝔞𝔡𝔢 here", "ade here"); n != 1 || !strings.Contains(chars, "M U+004D") {
		t.Errorf("notPrinted = %d, %q; want the M (of 𝔐) missing", n, chars)
	}
}

func TestParseEPUBCheck(t *testing.T) {
	out := []byte("Validating using EPUB version 3.3 rules.\n" +
		"ERROR(RSC-007): book.epub/EPUB/xhtml/p001.xhtml(3,4): Referenced resource \"x\" could not be found in the EPUB.\n" +
		"ERROR(RSC-007): book.epub/EPUB/xhtml/p002.xhtml(5,6): Referenced resource \"y\" could not be found in the EPUB.\n" +
		"WARNING(RSC-017): book.epub/EPUB/xhtml/p003.xhtml(1,1): Warning text\n\n" +
		"Check finished with errors\nMessages: 0 fatals / 2 errors / 1 warning / 0 infos\n")
	r, err := parseEPUBCheck(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Errors != 2 || r.Warnings != 1 || r.ByCode["ERROR RSC-007"] != 2 || !strings.Contains(r.Example["ERROR RSC-007"], "p001") {
		t.Errorf("parseEPUBCheck = %+v", r)
	}
	if _, err := parseEPUBCheck([]byte("java: not found"), nil); err == nil {
		t.Error("output without a summary taken")
	}
}

func TestReadEPUB(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range map[string]string{
		"EPUB/xhtml/p001.xhtml": `<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body><p>First <a href="https://blog.example/x">post</a></p><p>前<code>x</code>后</p><img src="a.jpg" alt=""/><pre><code>{{ code }}</code></pre></body></html>`,
		"EPUB/xhtml/p002.xhtml": `<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Second title</h1><p>Second</p><svg xmlns="http://www.w3.org/2000/svg"><image href="b.png"/></svg></body></html>`,
		"EPUB/xhtml/c001.xhtml": `<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Chapter</h1><img src="c.jpg" alt=""/></body></html>`,
		"EPUB/nav.xhtml":        `<html xmlns="http://www.w3.org/1999/xhtml"><body><a href="p001.xhtml">Nav</a></body></html>`,
	} {
		w, _ := zw.Create(name)
		w.Write([]byte(body))
	}
	zw.Close()
	file := filepath.Join(t.TempDir(), "b.epub")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := readEPUB(file)
	if err != nil {
		t.Fatal(err)
	}
	if b.Posts != 2 || b.Images != 2 || !slices.Equal(b.Hrefs, []string{"https://blog.example/x"}) {
		t.Errorf("posts %d, images %d, hrefs %q; want 2, 2 (chapter's left out), one link (nav's left out)", b.Posts, b.Images, b.Hrefs)
	}
	if !slices.Equal(b.Titles, []string{"", "Second title"}) {
		t.Errorf("titles %q", b.Titles)
	}
	if !strings.Contains(b.Prose, "前 ") || !strings.Contains(b.Prose, " 后") {
		t.Errorf("prose %q: inline code taken out joins the words around it", b.Prose)
	}
	if !strings.Contains(b.Prose, "First post") || strings.Contains(b.Prose, "code") || !strings.Contains(b.Code, "{{ code }}") || strings.Contains(b.Prose, "Nav") {
		t.Errorf("prose %q, code %q", b.Prose, b.Code)
	}
}

func TestTitleDiff(t *testing.T) {
	missing, extra := titleDiff([]string{"It's here", "Gone away", "twice", "twice", "first-post"}, []string{"It’s Here", "twice", "About", "First post"})
	if !slices.Equal(missing, []string{"Gone away", "twice"}) || !slices.Equal(extra, []string{"About"}) {
		t.Errorf("titleDiff = %q, %q", missing, extra)
	}
	// An untitled post is in the book under anthology's word for one.
	missing, extra = titleDiff([]string{"", "A", " "}, []string{"A", "Untitled", "Sans titre"})
	if len(missing) != 0 || len(extra) != 0 {
		t.Errorf("untitled posts: titleDiff = %q, %q", missing, extra)
	}
	// Or, a feed's note, under the start of its text.
	missing, extra = titleDiff([]string{"", ""}, []string{"Untitled", "Back from the hills"})
	if len(missing) != 0 || len(extra) != 0 {
		t.Errorf("an untitled note named by its text: titleDiff = %q, %q", missing, extra)
	}
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	writeTable(&buf, []result{
		{Name: "ok", Generator: genHugo, Built: true, Published: 3, Found: 4, Missing: 1, Extra: 2, RecallEPUB: 0.995, RecallPDF: 1, ImagesSource: 2, ImagesHeld: 1, ImagesEPUB: 2, ImagesPDF: 2, Seconds: 2.4, PeakRSSMB: 80},
		{Name: "broken", Generator: genJekyll, Published: 5, ExitCode: 1, Error: "anthology exited with 1", FirstError: "anthology: bad date"},
	})
	out := buf.String()
	for _, want := range []string{
		"| ok | hugo | 4 / 3 (−1 +2) | 0 / 0 | 0 / 0 | 99.5 % / 100.0 % | 2 (1) / 2 / 2 | 0 / 0 | 0 | 2 s | 80 MB |",
		"| broken | jekyll | – / 5 | – | – | – | 0 (0) / – / – | – | – | 0 s | 0 MB |",
		"broken: anthology exited with 1: anthology: bad date",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}
