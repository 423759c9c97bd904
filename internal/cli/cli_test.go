package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/anthology-book/anthology/internal/markup"
	"github.com/anthology-book/anthology/internal/source/markdown"
)

func TestMain(m *testing.M) {
	code := testscript.RunMain(m, map[string]func() int{
		"anthology": func() int { return Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr) },
	})
	removeBinary()
	os.Exit(code)
}

// TestScripts runs the end-to-end scripts in testdata/script: exit codes,
// messages, and that a failed run leaves no partial book.
func TestScripts(t *testing.T) {
	sample, err := filepath.Abs("../../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", sample)
			return nil
		},
	})
}

const samplePath = "../../testdata/sample"

// compile runs the command line in-process and returns its exit code and
// output.
func compile(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, &out, &errOut, func(k string) string { return env[k] })
	return code, out.String(), errOut.String()
}

func compileSample(t *testing.T, env map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	code, _, stderr := compile(t, env, "compile", samplePath, "-o", dir, "--format", "epub", "-q")
	if code != 0 {
		t.Fatalf("compile sample: exit %d: %s", code, stderr)
	}
	return filepath.Join(dir, "cloud-in-the-alps.epub")
}

func TestCompileIsDeterministic(t *testing.T) {
	for _, env := range []map[string]string{nil, {"SOURCE_DATE_EPOCH": "1700000000"}} {
		a, err := os.ReadFile(compileSample(t, env))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(compileSample(t, env))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("env %v: two compiles of the sample differ", env)
		}
	}
}

func TestSourceDateEpochSetsModified(t *testing.T) {
	files := readEPUB(t, compileSample(t, map[string]string{"SOURCE_DATE_EPOCH": "1700000000"}))
	opf := files["EPUB/package.opf"]
	if !strings.Contains(opf, `<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>`) {
		t.Errorf("package.opf does not carry the build date:\n%s", opf)
	}
	for _, want := range []string{`<dc:language>en</dc:language>`, `<dc:date>2023-11-14</dc:date>`, `urn:uuid:`, `<meta property="dcterms:conformsTo">`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s", want)
		}
	}
}

// navEntry is one list item of nav.xhtml.
type navEntry struct {
	Link struct {
		Href  string `xml:"href,attr"`
		Title string `xml:",chardata"`
	} `xml:"a"`
	Children []navEntry `xml:"ol>li"`
}

func readNav(t *testing.T, files map[string]string) []navEntry {
	t.Helper()
	var nav struct {
		Navs []struct {
			Type    string     `xml:"type,attr"`
			Entries []navEntry `xml:"ol>li"`
		} `xml:"body>nav"`
	}
	if err := xml.Unmarshal([]byte(files["EPUB/nav.xhtml"]), &nav); err != nil {
		t.Fatalf("parse nav.xhtml: %v", err)
	}
	for _, n := range nav.Navs {
		if n.Type == "toc" {
			return n.Entries
		}
	}
	t.Fatal("nav.xhtml has no toc nav")
	return nil
}

var datetime = regexp.MustCompile(`<time datetime="([0-9-]+)"`)

func TestSampleNavIsNestedAndOrdered(t *testing.T) {
	files := readEPUB(t, compileSample(t, nil))
	chapters := readNav(t, files)
	if len(chapters) < 2 {
		t.Fatalf("nav has %d chapters, want at least 2", len(chapters))
	}
	seen := map[string]int{}
	for _, c := range chapters {
		if len(c.Children) == 0 {
			t.Errorf("chapter %q has no posts under it", c.Link.Title)
		}
		last := ""
		for _, p := range c.Children {
			seen[p.Link.Title]++
			doc := files["EPUB/"+p.Link.Href]
			if doc == "" {
				t.Errorf("post %q: no document %q", p.Link.Title, p.Link.Href)
				continue
			}
			m := datetime.FindStringSubmatch(doc)
			if m == nil {
				last = "9999" // undated posts close their chapter
				continue
			}
			if m[1] < last {
				t.Errorf("chapter %q: %q (%s) comes after a later post", c.Link.Title, p.Link.Title, m[1])
			}
			last = m[1]
		}
	}
	for _, title := range sampleTitles(t) {
		if seen[title] != 1 {
			t.Errorf("post %q appears %d times in the nav, want 1", title, seen[title])
		}
	}
}

func sampleTitles(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(samplePath, "posts", "*.md"))
	if err != nil || len(names) == 0 {
		t.Fatalf("sample posts: %v", err)
	}
	var titles []string
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := markdown.Parse(data, name)
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, markup.Title(p.Title, p.Lang)) // as the book prints it
	}
	return titles
}

var noteref = regexp.MustCompile(`<a class="footnote-ref"[^>]* href="#([^"]+)"`)

func TestFootnotesAreScopedPerPost(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "a.md"), "---\ntitle: A\ndate: 2020-01-01\n---\nFirst post.[^1]\n\n[^1]: Note of A.\n")
	write(t, filepath.Join(src, "b.md"), "---\ntitle: B\ndate: 2020-01-02\n---\nSecond post.[^1]\n\n[^1]: Note of B.\n")
	out := t.TempDir()
	if code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Notes", "--format", "epub"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := readEPUB(t, filepath.Join(out, "notes.epub"))
	targets := map[string]bool{}
	for name, doc := range files {
		if !strings.HasPrefix(name, "EPUB/xhtml/p") {
			continue
		}
		m := noteref.FindStringSubmatch(doc)
		if m == nil {
			t.Fatalf("%s: no note reference", name)
		}
		target := m[1]
		targets[target] = true
		note := regexp.MustCompile(`<aside [^>]*epub:type="footnote" id="` + regexp.QuoteMeta(target) + `" role="doc-footnote">\s*<p>(Note of [AB])`).FindStringSubmatch(doc)
		if note == nil {
			t.Fatalf("%s: note reference #%s has no note in the same document", name, target)
		}
		title := regexp.MustCompile(`<h1 class="post-title">([AB])</h1>`).FindStringSubmatch(doc)
		if title == nil || note[1] != "Note of "+title[1] {
			t.Errorf("%s: reference #%s leads to %q", name, target, note[1])
		}
	}
	if len(targets) != 2 {
		t.Errorf("the two posts' notes share ids: %v", targets)
	}
}

func TestExitCodes(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "a.md"), "---\ntitle: A\n---\nText.\n")
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no source", []string{"compile"}, exitUsage, "requires at least 1 arg"},
		{"unknown flag", []string{"compile", "--nope", src}, exitUsage, "unknown flag"},
		{"unknown format", []string{"compile", "--format", "docx", src}, exitUsage, `unknown format "docx"`},
		{"unknown paper", []string{"compile", "--format", "cover", "--paper", "glossy", src}, exitUsage, `unknown paper "glossy" (want white, cream, color)`},
		{"missing source", []string{"compile", filepath.Join(src, "missing")}, exitError, "no such file or folder"},
		{"strict undated", []string{"compile", "--strict", "-o", t.TempDir(), src}, exitError, "--strict"},
		{"bad epoch", []string{"compile", "-o", t.TempDir(), src}, exitError, "SOURCE_DATE_EPOCH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{}
			if tt.name == "bad epoch" {
				env["SOURCE_DATE_EPOCH"] = "yesterday"
			}
			code, _, stderr := compile(t, env, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.msg) {
				t.Errorf("exit %d, stderr %q; want exit %d with %q", code, stderr, tt.code, tt.msg)
			}
		})
	}
}

func readEPUB(t *testing.T, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = string(data)
	}
	return files
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImagesAreEmbeddedAndConfined(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "blog")
	write(t, filepath.Join(root, "secret.png"), string(tinyPNG(t)))
	write(t, filepath.Join(src, "trip", "index.md"), "---\ntitle: Trip\ndate: 2021-05-01\n---\n"+
		"![A lake](lake.png)\n\n![Gone](missing.png)\n\n![Escape](../../secret.png)\n\n![Remote](https://example.org/x.png)\n")
	write(t, filepath.Join(src, "trip", "lake.png"), string(tinyPNG(t)))
	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Trips", "--format", "epub")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`image "missing.png": not found`, `image "../../secret.png": it is outside the post's source folder`, `image "https://example.org/x.png": it is on the web`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	files := readEPUB(t, filepath.Join(out, "trips.epub"))
	var images []string
	for name := range files {
		if strings.HasPrefix(name, "EPUB/images/") && !strings.HasPrefix(name, "EPUB/images/cover.") {
			images = append(images, name)
		}
	}
	if len(images) != 1 {
		t.Fatalf("want exactly the lake embedded, got %v", images)
	}
	post := files["EPUB/xhtml/p001.xhtml"]
	for _, want := range []string{`<img alt="A lake" src="../images/`, `<p>Gone</p>`, `<p>Escape</p>`} {
		if !strings.Contains(post, want) {
			t.Errorf("post lacks %q:\n%s", want, post)
		}
	}
	if !strings.Contains(files["EPUB/package.opf"], `media-type="image/png"`) {
		t.Error("the image is not in the manifest as image/png")
	}
}

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
