package testkit

import (
	"archive/zip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeZip writes files, in the order given, into a new zip under t's
// temporary folder and returns its path.
func writeZip(t *testing.T, files ...[2]string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "book.epub")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, file := range files {
		w, err := zw.Create(file[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(file[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

const postXHTML = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="de" xml:lang="de">
<head><title>Head title, not seen</title><style>p { color: red }</style></head>
<body>
<h1>Ein Brand</h1><p class="post-date"><time datetime="2022-01-15">15. Januar 2022</time></p>
<p>Un<em>gewöhn</em>lich AT&amp;T &lt;3 caf&#233;<sup><a href="#fn1" epub:type="noteref">1</a></sup></p>
<p>Ein <img src="../images/dot.png" alt="Zeichen, not seen"/> Punkt.</p>
<figure><img src="../images/vase.png" alt="Vase"/><figcaption>Die Vase</figcaption></figure>
<pre>if a &lt; b {
    go()
}</pre>
<table><tr><th>Kegel</th><th>Grad</th></tr><tr><td>6</td><td>1222</td></tr></table>
<p>Am <time>1. Mai</time>.</p>
<script>var hidden = "never";</script>
</body>
</html>`

func TestEPUBDocs(t *testing.T) {
	epub := writeZip(t,
		[2]string{"mimetype", "application/epub+zip"},
		[2]string{"EPUB/package.opf", `<package/>`},
		[2]string{"EPUB/xhtml/german.xhtml", postXHTML},
		[2]string{"EPUB/nav.xhtml", `<html xmlns="http://www.w3.org/1999/xhtml"><body><nav><ol><li><a href="xhtml/german.xhtml">Ein Brand</a></li></ol></nav></body></html>`},
	)
	docs, err := EPUBDocs(epub)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("read %d documents, want 2: %v", len(docs), docs)
	}
	d, ok := docs["german.xhtml"]
	if !ok {
		t.Fatalf("no german.xhtml among %v", docs)
	}
	if d.Path != "EPUB/xhtml/german.xhtml" || d.Lang != "de" || d.Images != 2 {
		t.Errorf("path %q, lang %q, %d images; want EPUB/xhtml/german.xhtml, de, 2", d.Path, d.Lang, d.Images)
	}
	if want := []string{"15. Januar 2022", "1. Mai"}; !slices.Equal(d.Times, want) {
		t.Errorf("times %q, want %q", d.Times, want)
	}
	want := []string{"ein", "brand", "15", "januar", "2022", "ungewöhnlich", "at", "t", "3", "café1",
		"ein", "punkt", "die", "vase", "if", "a", "b", "go", "kegel", "grad", "6", "1222", "am", "1", "mai"}
	if got := Words(d.Text); !slices.Equal(got, want) {
		t.Errorf("words\n got %q\nwant %q\ntext:\n%s", got, want, d.Text)
	}
	if nav := docs["nav.xhtml"]; nav.Text != "Ein Brand" || nav.Lang != "" {
		t.Errorf("nav.xhtml: text %q, lang %q", nav.Text, nav.Lang)
	}
}

func TestEPUBDocsSameNameTwice(t *testing.T) {
	epub := writeZip(t,
		[2]string{"EPUB/a/post.xhtml", `<html><body><p>a</p></body></html>`},
		[2]string{"EPUB/b/post.xhtml", `<html><body><p>b</p></body></html>`},
	)
	if _, err := EPUBDocs(epub); err == nil {
		t.Error("two documents named post.xhtml: no error")
	}
}

func TestEPUBDocsNotAZip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "book.epub")
	if err := os.WriteFile(name, []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := EPUBDocs(name); err == nil {
		t.Error("no error for a file that is not a zip")
	}
}
