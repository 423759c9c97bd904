package build

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/config"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// pngImage is a small PNG, for posts that show an image.
func pngImage(t *testing.T) string {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// readEntries returns the files of an EPUB by name.
func readEntries(t *testing.T, path string) map[string]string {
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
		data, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = string(data)
	}
	return files
}

func buildEPUB(t *testing.T, blog string, cfg *config.Config) (*Result, map[string]string, string) {
	t.Helper()
	out := t.TempDir()
	res, err := Run(context.Background(), Options{Sources: []string{blog}, BookFile: cfg, Formats: []string{"epub"}, OutputDir: out, Name: "book"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(out, "book.epub")
	return res, readEntries(t, path), path
}

var a11yProperties = []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
	"schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo"}

func TestSampleStatesItsAccessibility(t *testing.T) {
	_, files, _ := buildEPUB(t, "../../testdata/sample", &config.Config{})
	opf := files["EPUB/package.opf"]
	for _, p := range a11yProperties {
		if !strings.Contains(opf, `<meta property="`+p+`">`) {
			t.Errorf("package.opf lacks %s:\n%s", p, opf)
		}
	}
	if !regexp.MustCompile(`<package [^>]*xml:lang="en"`).MatchString(opf) {
		t.Errorf("package has no xml:lang")
	}
}

func TestImageWithoutAltTextIsNoConformance(t *testing.T) {
	blog := writeBlog(t, map[string]string{
		"a.md":      "---\ntitle: A\ndate: 2021-05-01\n---\n\n# Top\n\n### Deep\n\n![](photo.png)\n\n![](rule.png \"decorative\")\n",
		"b.md":      "---\ntitle: B\ndate: 2021-05-02\n---\n\n![](photo.png)\n\n![](other.png)\n",
		"other.png": pngImage(t),
		"photo.png": pngImage(t),
		"rule.png":  pngImage(t),
	})
	res, files, _ := buildEPUB(t, blog, &config.Config{Title: "T", Author: "A"})
	var warned []string
	for _, w := range res.Report.Warnings {
		warned = append(warned, w.Msg)
	}
	all := strings.Join(warned, "\n")
	if !strings.Contains(all, `post "A": image "photo.png" has no alt text`) || !strings.Contains(all, "claims no accessibility conformance") ||
		!strings.Contains(all, `post "B": 2 images have no alt text ("photo.png", "other.png"); give them one`) || strings.Count(all, `post "B"`) != 1 {
		t.Errorf("warnings:\n%s", all)
	}
	if want := `its checks fail on 2 posts: "A" (1 image without alt text), "B" (2 images without alt text)`; !strings.Contains(all, want) {
		t.Errorf("no warning says %s:\n%s", want, all)
	}
	if strings.Contains(all, "rule.png") {
		t.Errorf("a decorative image was warned of:\n%s", all)
	}
	opf := files["EPUB/package.opf"]
	for _, want := range []string{`<meta property="schema:accessModeSufficient">textual,visual</meta>`, `Images without a text alternative: 3.`} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s:\n%s", want, opf)
		}
	}
	for _, not := range []string{"dcterms:conformsTo", "alternativeText"} {
		if strings.Contains(opf, not) {
			t.Errorf("package.opf claims %s", not)
		}
	}
	post := files["EPUB/xhtml/p001.xhtml"]
	if !strings.Contains(post, `<h2 id="p001-top">Top</h2>`) || !strings.Contains(post, `<h3 id="p001-deep">Deep</h3>`) {
		t.Errorf("headings not placed under the title:\n%s", post)
	}

	// Marked decorative in the book file, it is no failure.
	_, files, _ = buildEPUB(t, blog, &config.Config{Title: "T", Author: "A", Decorative: []string{"photo.*", "other.*"}})
	if !strings.Contains(files["EPUB/package.opf"], "dcterms:conformsTo") {
		t.Errorf("no conformance claim once every image is decorative")
	}
}

func TestFrenchStoreReadyBook(t *testing.T) {
	blog := writeBlog(t, map[string]string{
		"a.md": "---\ntitle: \"Pourquoi \\\"Go\\\" ?\"\ndate: 2021-05-01\nlang: fr\n---\n\nBonjour ! Il dit : « oui ».[^1]\n\n[^1]: Une note ; vraiment.\n",
		"b.md": "---\ntitle: Deuxième billet\ndate: 2021-06-01\nlang: fr\n---\n\nLe texte du billet, en français : court.\n",
	})
	bookFile := filepath.Join(blog, "anthology.yaml")
	if err := os.WriteFile(bookFile, []byte(`title: Carnets
authors: [Anne Exemple, Bruno Exemple]
author_sort: "Exemple, Anne"
lang: fr
publisher: Éditions du Lac
isbn: 978-0-306-40615-7
rights: Tous droits réservés
series: {name: Carnets du lac, number: 2}
contributors: [{name: Carla Dessin, role: ill}]
subjects: [TRV000000, voyages]
published: 2024-03-15
`), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(bookFile)
	if err != nil {
		t.Fatal(err)
	}
	_, files, path := buildEPUB(t, blog, cfg)
	tooltest.EPUBCheck(t, path)
	opf := files["EPUB/package.opf"]
	for _, want := range []string{
		`<dc:identifier id="pub-id">urn:isbn:9780306406157</dc:identifier>`, `urn:uuid:`,
		`<dc:publisher>Éditions du Lac</dc:publisher>`, `<dc:rights>Tous droits réservés</dc:rights>`,
		`<dc:date>2024-03-15</dc:date>`, `<meta property="belongs-to-collection" id="series">Carnets du lac</meta>`,
		`<meta refines="#series" property="group-position">2</meta>`, `<dc:creator id="creator-1">Bruno Exemple</dc:creator>`,
		`property="file-as">Exemple, Anne</meta>`, `<dc:contributor id="contributor-0">Carla Dessin</dc:contributor>`,
		`<meta refines="#subject-0" property="authority">BISAC</meta>`, `<dc:subject>voyages</dc:subject>`,
		`xml:lang="fr"`, `Le texte est structuré`,
	} {
		if !strings.Contains(opf, want) {
			t.Errorf("package.opf lacks %s", want)
		}
	}
	english := book.LocaleFor("en")
	words := []string{english.Contents, english.Cover, english.TitlePage, english.Start, english.Landmarks, english.Untitled, "Chapter", "Cover of", "Table of Contents"}
	for name, data := range files {
		if !strings.HasSuffix(name, ".xhtml") && !strings.HasSuffix(name, ".ncx") {
			continue
		}
		if strings.Contains(data, "&#") {
			t.Errorf("%s holds a character reference", name)
		}
		for _, w := range words {
			if strings.Contains(data, ">"+w) || strings.Contains(data, `"`+w) {
				t.Errorf("%s of a French book says %q", name, w)
			}
		}
	}
	var post string
	for name, data := range files {
		if strings.Contains(data, "Bonjour") && strings.HasPrefix(name, "EPUB/xhtml/p") {
			post = data
		}
	}
	for _, want := range []string{"Bonjour\u202f!", "dit\u202f: «\u202foui\u202f»", "Une note\u202f; vraiment", `Pourquoi “Go”` + "\u202f?"} {
		if !strings.Contains(post, want) {
			t.Errorf("the French post lacks %q:\n%s", want, post)
		}
	}
}

func TestBadISBNNamesTheBookFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "anthology.yaml")
	if err := os.WriteFile(path, []byte("isbn: 978-0-306-40615-8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := config.Load(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "isbn") {
		t.Errorf("err = %v, want one naming %s and isbn", err, path)
	}
}

// TestCompose writes decomposed text composed: Korean typed as jamo one
// after another, an accent typed after its letter.
func TestCompose(t *testing.T) {
	jamo := "\u1112\u1161\u11ab\u1100\u1173\u11af" // 한글 as jamo
	p := &book.Post{Title: "Cafe\u0301 " + jamo, Body: []byte("# " + jamo + "\n\nplain"), Tags: []string{jamo}}
	plain := &book.Post{Title: "Plain", Body: []byte("plain")}
	body := plain.Body
	compose([]*book.Post{p, plain})
	if p.Title != "Café 한글" || string(p.Body) != "# 한글\n\nplain" || p.Tags[0] != "한글" {
		t.Errorf("composed %q, %q, %q", p.Title, p.Body, p.Tags)
	}
	if &plain.Body[0] != &body[0] {
		t.Errorf("a composed body was copied")
	}
}
