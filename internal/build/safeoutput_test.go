package build

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/anthology-book/anthology/internal/config"
)

func TestBookLangChecked(t *testing.T) {
	blog := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n"})
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"--lang", Options{Lang: "xx-!!"}, `--lang "xx-!!" is not a language tag`},
		{"book file", Options{BookFile: &config.Config{Path: "anthology.yaml", Lang: "en_!!"}}, `anthology.yaml: lang: "en_!!" is not a language tag`},
		{"unknown subtag", Options{Lang: "english"}, `--lang "english" is not a language tag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Sources = []string{blog}
			_, err := Plan(context.Background(), tt.opts)
			ie, ok := err.(*InputError)
			if !ok || ie.Msg != tt.want || !strings.Contains(ie.Hint, "BCP 47") {
				t.Errorf("Plan = %v, want an input error %q with a hint", err, tt.want)
			}
		})
	}
	for _, good := range []string{"en", "fr-CA", "pt-BR", "zh-Hant-TW", "sr-Latn"} {
		if _, err := Plan(context.Background(), Options{Sources: []string{blog}, Lang: good}); err != nil {
			t.Errorf("--lang %s: %v", good, err)
		}
	}
}

func TestPostLangChecked(t *testing.T) {
	blog := writeBlog(t, map[string]string{
		"a.md": "---\ntitle: Bad\ndate: 2021-05-01\nlang: \"xx-!!\"\n---\n\nText.\n",
		"b.md": "---\ntitle: Good\ndate: 2021-05-02\nlang: fr\n---\n\nTexte.\n",
	})
	res, err := Plan(context.Background(), Options{Sources: []string{blog}, Lang: "de"})
	if err != nil {
		t.Fatal(err)
	}
	var warned bool
	for _, w := range res.Report.Warnings {
		if strings.HasSuffix(w.Source, "a.md") && w.Msg == `post "Bad": language "xx-!!" is not a language tag (BCP 47); the post takes the book's language` {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning for the bad tag: %+v", res.Report.Warnings)
	}
	for _, p := range res.Book.Posts() {
		want := map[string]string{"Bad": "", "Good": "fr"}[p.Title]
		if p.Lang != want {
			t.Errorf("post %q has language %q, want %q", p.Title, p.Lang, want)
		}
	}
}

// TestUnsafeOutput builds both books of a post holding links of every
// refused scheme and control characters in its title and text: neither
// book holds them, and every XHTML file is well-formed.
func TestUnsafeOutput(t *testing.T) {
	blog := writeBlog(t, map[string]string{
		"a.md": "---\ntitle: \"Ti\\0tle\\x01\\e\"\ndate: 2021-05-01\ntags: [\"t\\x02ag\"]\n---\n\n" +
			"[one](javascript:alert(1)) [two](vbscript:x) [three](file:///etc/passwd) [four](data:text/html,x) <javascript:alert(2)>\n\n" +
			"<a href=\"javascript:alert(3)\">five</a> and \x01\x7f\u0085 [six](https://example.com/)\n",
		"b.md": "---\ntitle: B\ndate: 2021-05-02\n---\n\nText.\n",
	})
	out := t.TempDir()
	res, err := Run(context.Background(), Options{Sources: []string{blog}, Title: "Bo\x00ok", Author: "A\x1bu", OutputDir: out, Formats: []string{"epub", "pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Book.Title + res.Book.Author + res.Book.Posts()[0].Title; got != "BookAuTitle" {
		t.Errorf("titles = %q", got)
	}
	zr, err := zip.OpenReader(res.Files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".opf") && !strings.HasSuffix(f.Name, ".ncx") {
			continue
		}
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		r.Close()
		for _, bad := range []string{`href="javascript:`, `href="vbscript:`, `href="file:`, `href="data:`, "\x00", "\x01", "\x1b", "\x7f", "\u0085"} {
			if strings.Contains(string(data), bad) {
				t.Errorf("%s holds %q", f.Name, bad)
			}
		}
		dec := xml.NewDecoder(strings.NewReader(string(data)))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Errorf("%s is not well-formed: %v", f.Name, err)
				break
			}
		}
	}
	pdf, err := os.ReadFile(res.Files[1])
	if err != nil {
		t.Fatal(err)
	}
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		qdf := filepath.Join(t.TempDir(), "q.pdf")
		if err := exec.Command(qpdf, "--qdf", "--object-streams=disable", res.Files[1], qdf).Run(); err == nil {
			pdf, _ = os.ReadFile(qdf)
		}
	}
	for _, bad := range []string{"javascript:", "vbscript:", "file:", "data:"} {
		if strings.Contains(string(pdf), "/URI ("+bad) {
			t.Errorf("the PDF holds %q", bad)
		}
	}
	if !strings.Contains(string(pdf), "/URI (https://example.com/)") {
		t.Error("the PDF lost the allowed link")
	}
}

// TestFetchImagesLocalServer serves a PNG on 127.0.0.1 to a Markdown post
// and a WordPress export: --fetch-images sends it no request and prints
// the alt text with a warning; with --allow-private-fetch the image is in
// the book, fetched once for both posts.
func TestFetchImagesLocalServer(t *testing.T) {
	png, err := os.ReadFile("../../testdata/wxr/wp-content/uploads/2018/06/lake.png")
	if err != nil {
		t.Fatal(err)
	}
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(png)
	}))
	defer srv.Close()
	blog := writeBlog(t, map[string]string{
		"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nBefore ![Lake at dawn](" + srv.URL + "/lake.png) after.\n",
		"b.md": "---\ntitle: B\ndate: 2021-05-02\n---\n\nText.\n",
	})
	export := filepath.Join(t.TempDir(), "export.xml")
	os.WriteFile(export, []byte(`<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title>Remote</title><content:encoded><![CDATA[<p>See <img src="`+srv.URL+`/lake.png" alt="Peak" /></p>]]></content:encoded>
<wp:post_date_gmt>2020-01-02 03:04:05</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>`), 0o644)

	run := func(allow bool) *Result {
		t.Helper()
		opts := Options{Sources: []string{blog, export}, Title: "T", Author: "A", OutputDir: t.TempDir(), Formats: []string{"epub"}}
		opts.Source.FetchImages = true
		opts.Source.Fetch.AllowPrivate = allow
		res, err := Run(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := run(false)
	if n := hits.Load(); n != 0 {
		t.Errorf("--fetch-images sent %d requests to 127.0.0.1", n)
	}
	if len(res.Book.Images) != 0 {
		t.Errorf("images in the book: %d", len(res.Book.Images))
	}
	want := `image "` + srv.URL + `/lake.png": it could not be downloaded: 127.0.0.1 is a local or private address, refused without --allow-private-fetch; its alt text is printed (its name, when it has none)`
	var warned int
	for _, w := range res.Report.Warnings {
		if w.Msg == want {
			warned++
		}
	}
	if warned != 2 {
		t.Errorf("want the warning %q for both posts; got %+v", want, res.Report.Warnings)
	}
	if text := res.Docs[res.Book.Posts()[1].ID].Prose(); !strings.Contains(text, "Lake at dawn") {
		t.Errorf("the alt text is not printed: %q", text)
	}

	res = run(true)
	if n := hits.Load(); n != 1 {
		t.Errorf("--allow-private-fetch sent %d requests, want 1", n)
	}
	if len(res.Book.Images) != 1 {
		t.Errorf("images in the book: %d, want 1", len(res.Book.Images))
	}
}
