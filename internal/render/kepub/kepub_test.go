package kepub

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// testEPUB is an EPUB 3 as the epub renderer writes them, with enough
// documents that the converter's workers finish them out of order.
func testEPUB(t *testing.T) []byte {
	t.Helper()
	type file struct{ name, body string }
	var items, refs strings.Builder
	var docs []file
	for i := 1; i <= 12; i++ {
		id := fmt.Sprintf("p%03d", i)
		fmt.Fprintf(&items, `<item id="%s" href="%s.xhtml" media-type="application/xhtml+xml"/>`, id, id)
		fmt.Fprintf(&refs, `<itemref idref="%s"/>`, id)
		body := strings.Repeat("<p>Première phrase. Deuxième phrase ! Et une troisième ?</p><p>Autre paragraphe avec <em>emphase</em>.</p>", i*20)
		docs = append(docs, file{"EPUB/" + id + ".xhtml", `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" lang="fr" xml:lang="fr"><head><title>Un</title></head><body><h1>Un</h1>` + body + `</body></html>`})
	}
	files := append([]file{
		{"mimetype", "application/epub+zip"},
		{"META-INF/container.xml", `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`},
		{"EPUB/package.opf", `<?xml version="1.0" encoding="UTF-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">urn:uuid:0b7e8a4c-1d2e-5f3a-9b8c-7d6e5f4a3b2c</dc:identifier><dc:title>T</dc:title><dc:language>en</dc:language><meta property="dcterms:modified">2020-01-01T00:00:00Z</meta></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>` + items.String() + `</manifest><spine>` + refs.String() + `</spine></package>`},
		{"EPUB/nav.xhtml", `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>T</title></head><body><nav epub:type="toc"><ol><li><a href="p001.xhtml">One</a></li></ol></nav></body></html>`},
	}, docs...)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
		if f.name == "mimetype" {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestConvert(t *testing.T) {
	epub := testEPUB(t)
	var a bytes.Buffer
	if err := Convert(context.Background(), &a, epub); err != nil {
		t.Fatal(err)
	}
	for range 10 {
		var again bytes.Buffer
		if err := Convert(context.Background(), &again, epub); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), again.Bytes()) {
			t.Fatal("two conversions of the same EPUB differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatalf("Kobo edition is not a zip: %v", err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	// kepubify adds a blank title page to a book that opens on text, as
	// Kobo readers take the first page for the cover.
	want := []string{"mimetype", "META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml"}
	for i := 1; i <= 12; i++ {
		want = append(want, fmt.Sprintf("EPUB/p%03d.xhtml", i))
	}
	want = append(want, "EPUB/kepubify-titlepage-dummy.xhtml")
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("entries %q, want %q (the EPUB's order)", names, want)
	}
	if f := zr.File[0]; f.Method != zip.Store {
		t.Errorf("mimetype is compressed (method %d)", f.Method)
	}
	doc := read(t, zr, "EPUB/p001.xhtml")
	for _, want := range []string{
		`<span class="koboSpan" id="kobo.1.1">`,
		`<span class="koboSpan" id="kobo.2.1">Première phrase. </span>`,
		`<span class="koboSpan" id="kobo.2.2">Deuxième phrase ! </span>`,
		`id="book-columns"`,
		`lang="fr"`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("content lacks %s:\n%s", want, doc)
		}
	}
}

func TestConvertErrors(t *testing.T) {
	tests := map[string][]byte{
		"not a zip": []byte("hello"),
		"empty zip": {0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		"truncated": testEPUB(t)[:200],
	}
	for name, data := range tests {
		if err := Convert(context.Background(), io.Discard, data); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestName(t *testing.T) {
	tests := map[string]string{
		"book.epub":      "book.kepub.epub",
		"out/cloud.epub": "out/cloud.kepub.epub",
		"noext":          "noext.kepub.epub",
	}
	for in, want := range tests {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func read(t *testing.T, zr *zip.Reader, name string) string {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
