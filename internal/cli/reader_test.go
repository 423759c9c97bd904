package cli

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/tooltest"
)

func TestParseByteSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"50MB", 50 << 20, true},
		{"50mb", 50 << 20, true},
		{"20MiB", 20 << 20, true},
		{"1.5M", 3 << 19, true},
		{"800k", 800 << 10, true},
		{"1GB", 1 << 30, true},
		{"12345", 12345, true},
		{"0", 0, true},
		{" 7 KB ", 7 << 10, true},
		{"", 0, false},
		{"MB", 0, false},
		{"-1MB", 0, false},
		{"fifty", 0, false},
		{"1e30GB", 0, false},
	}
	for _, tt := range tests {
		got, err := parseByteSize(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseByteSize(%q) = %d, %v; want %d, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	for n, want := range map[byteSize]string{50 << 20: "50MB", 29441: "28.8KB", 512: "512B", 3 << 30: "3GB"} {
		if s := n.String(); s != want {
			t.Errorf("byteSize(%d).String() = %q, want %q", int64(n), s, want)
		}
	}
}

// TestSampleIsReaderReady checks what issue 6 asks of the sample book: the
// link between two posts stays inside the book, a link to a post not in
// the book stays on the web, French posts say so, there is a cover, and the
// Kobo edition has Kobo's spans.
func TestSampleIsReaderReady(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", samplePath, "-o", dir, "-v", "--kobo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "links: rewrote 1 link between posts") {
		t.Errorf("-v does not report the rewritten link:\n%s", stderr)
	}
	epubPath := filepath.Join(dir, "cloud-in-the-alps.epub")
	files := readEPUB(t, epubPath)
	byTitle := map[string]string{}
	titleRe := regexp.MustCompile(`<h1 class="post-title">([^<]*)</h1>`)
	for name, body := range files {
		if m := titleRe.FindStringSubmatch(body); m != nil {
			byTitle[m[1]] = name
		}
	}
	from, to := files[byTitle["Kubernetes and Azure Container Instances"]], byTitle["Kubernetes, the hard way, AZCLI style"]
	if from == "" || to == "" {
		t.Fatalf("sample posts not found among %v", byTitle)
	}
	if want := `href="` + filepath.Base(to) + `">http://cloudinthealps.mandin.net/2017/08/23/kubernetes-thehard-way-azcli-style/</a>`; !strings.Contains(from, want) {
		t.Errorf("the link to the hard-way post does not point inside the book; want %s in:\n%s", want, from)
	}
	fabric := files[byTitle["Bring your containers to the cloud"]]
	if !strings.Contains(fabric, `href="https://cloudinthealps.mandin.net/2017/03/24/containers-azure-and-servicefabric/"`) {
		t.Errorf("the Service Fabric link is not kept external:\n%s", fabric)
	}
	for _, title := range []string{"Test Azure Bastion", "L’IA ne remplace pas les gens — elle casse les organisations en silence"} {
		doc := files[byTitle[title]]
		if !strings.Contains(doc, `lang="fr" xml:lang="fr"`) {
			t.Errorf("%q is not marked French: %.300s", title, doc)
		}
	}
	opf := files["EPUB/package.opf"]
	if !strings.Contains(opf, "<dc:language>en</dc:language>") {
		t.Error("dc:language is not set")
	}
	if !regexp.MustCompile(`href="images/cover\.png" media-type="image/png" properties="cover-image"`).MatchString(opf) {
		t.Errorf("no cover image in the manifest:\n%s", opf)
	}
	img, err := png.Decode(strings.NewReader(files["EPUB/images/cover.png"]))
	if err != nil || img.Bounds().Dx() != 1600 || img.Bounds().Dy() != 2560 {
		t.Errorf("cover is not a 1600x2560 PNG (%v)", err)
	}
	if !strings.Contains(files["EPUB/nav.xhtml"], `<a epub:type="cover" href="xhtml/cover.xhtml">`) {
		t.Error("the landmarks do not lead to the cover")
	}

	kobo := readEPUB(t, filepath.Join(dir, "cloud-in-the-alps.kepub.epub"))
	if !strings.Contains(kobo[byTitle["Test Azure Bastion"]], `<span class="koboSpan" id="kobo.`) {
		t.Error("the Kobo edition has no Kobo spans")
	}
}

// TestSampleConvertsForKindle converts the sample EPUB with calibre, as a
// Kindle user would.
func TestSampleConvertsForKindle(t *testing.T) {
	convert := tooltest.Need(t, "ebook-convert")
	epubPath := compileSample(t, nil)
	out := filepath.Join(t.TempDir(), "book.azw3")
	cmd := exec.Command(convert, epubPath, out)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	if log, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ebook-convert: %v\n%s", err, log)
	}
	if info, err := os.Stat(out); err != nil || info.Size() == 0 {
		t.Fatalf("no AZW3 written: %v", err)
	}
}

// noisyJPEG is a w x h photo that compresses badly, as real ones do.
func noisyJPEG(t *testing.T, w, h int, seed uint64) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r := rand.New(rand.NewPCG(seed, 1))
	for i := range img.Pix {
		if i%4 == 3 {
			img.Pix[i] = 255
		} else {
			img.Pix[i] = byte(r.IntN(256))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func epubImages(t *testing.T, files map[string]string) map[string]image.Config {
	t.Helper()
	out := map[string]image.Config{}
	for name, data := range files {
		if strings.HasPrefix(name, "EPUB/images/") && !strings.HasPrefix(name, "EPUB/images/cover.") {
			cfg, _, err := image.DecodeConfig(strings.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out[name] = cfg
		}
	}
	return out
}

func TestLargePhotoIsDownscaled(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "trip", "index.md"), "---\ntitle: Trip\ndate: 2021-05-01\n---\n\n![The lake](lake.jpg)\n")
	write(t, filepath.Join(src, "trip", "lake.jpg"), string(noisyJPEG(t, 6000, 4000, 1)))
	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Trips", "--author", "Ann")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	images := epubImages(t, readEPUB(t, filepath.Join(out, "trips.epub")))
	if len(images) != 1 {
		t.Fatalf("images = %v", images)
	}
	for name, cfg := range images {
		if max(cfg.Width, cfg.Height) > 1600 || !strings.HasSuffix(name, ".jpg") {
			t.Errorf("%s is %dx%d", name, cfg.Width, cfg.Height)
		}
	}
}

func TestMaxSize(t *testing.T) {
	src := t.TempDir()
	var body strings.Builder
	for i := range 4 {
		name := "photo" + string(rune('a'+i)) + ".jpg"
		write(t, filepath.Join(src, "trip", name), string(noisyJPEG(t, 1600, 1200, uint64(i))))
		body.WriteString("![Photo](" + name + ")\n\n")
	}
	write(t, filepath.Join(src, "trip", "index.md"), "---\ntitle: Trip\ndate: 2021-05-01\n---\n\n"+body.String())

	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Trips", "--author", "Ann", "--max-size", "3MB", "-v")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	info, err := os.Stat(filepath.Join(out, "trips.epub"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 3<<20 {
		t.Errorf("EPUB is %d bytes, over 3MB", info.Size())
	}
	if !strings.Contains(stderr, "images scaled down to") {
		t.Errorf("-v does not say the images were scaled down:\n%s", stderr)
	}
	for name, cfg := range epubImages(t, readEPUB(t, filepath.Join(out, "trips.epub"))) {
		if max(cfg.Width, cfg.Height) >= 1600 {
			t.Errorf("%s kept its %dx%d", name, cfg.Width, cfg.Height)
		}
	}

	out = t.TempDir()
	code, _, stderr = compile(t, nil, "compile", src, "-o", out, "--title", "Trips", "--author", "Ann", "--max-size", "100KB")
	if code != exitError {
		t.Fatalf("exit %d, want %d: %s", code, exitError, stderr)
	}
	if !strings.Contains(stderr, "over the 100 KB asked for") || !strings.Contains(stderr, "images/") {
		t.Errorf("the error does not name the largest images:\n%s", stderr)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("a failed build left %v", entries)
	}
}

func TestCoverFlag(t *testing.T) {
	src := t.TempDir()
	write(t, filepath.Join(src, "a.md"), "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n")
	coverPath := filepath.Join(t.TempDir(), "front.jpg")
	write(t, coverPath, string(noisyJPEG(t, 800, 1280, 7)))
	out := t.TempDir()
	code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Mine", "--author", "Ann", "--cover", coverPath)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files := readEPUB(t, filepath.Join(out, "mine.epub"))
	cfg, format, err := image.DecodeConfig(strings.NewReader(files["EPUB/images/cover.jpg"]))
	if err != nil || format != "jpeg" || cfg.Width != 800 || cfg.Height != 1280 {
		t.Errorf("cover = %s %dx%d (%v)", format, cfg.Width, cfg.Height, err)
	}

	for _, bad := range []struct{ file, content, want string }{
		{filepath.Join(t.TempDir(), "missing.png"), "", "not found"},
		{filepath.Join(t.TempDir(), "text.png"), "not an image", "cannot be used"},
	} {
		if bad.content != "" {
			write(t, bad.file, bad.content)
		}
		out := t.TempDir()
		code, _, stderr := compile(t, nil, "compile", src, "-o", out, "--title", "Mine", "--cover", bad.file)
		if code != exitError || !strings.Contains(stderr, bad.file) || !strings.Contains(stderr, bad.want) {
			t.Errorf("--cover %s: exit %d: %s", bad.file, code, stderr)
		}
	}
}

func TestBookLanguageFollowsItsPosts(t *testing.T) {
	src := t.TempDir()
	texts := []string{
		"Le principe est très simple : vous avez des machines connectées à des réseaux isolés du monde extérieur, et vous ne souhaitez pas ouvrir les ports d’administration de ces machines vers l’extérieur.",
		"Habituellement, vous montiez une machine dédiée, qui elle était configurée pour accepter les connexions extérieures, avec une pile logicielle spécifique lui permettant de servir de relais.",
	}
	for i, text := range texts {
		write(t, filepath.Join(src, "p"+string(rune('a'+i))+".md"), "---\ntitle: Billet\ndate: 2021-05-0"+string(rune('1'+i))+"\n---\n\n"+text+"\n")
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "fr"},
		{[]string{"--lang", "en"}, "en"},
	} {
		out := t.TempDir()
		args := append([]string{"compile", src, "-o", out, "--title", "Notes", "--author", "Ann"}, tt.args...)
		if code, _, stderr := compile(t, nil, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		files := readEPUB(t, filepath.Join(out, "notes.epub"))
		if !strings.Contains(files["EPUB/package.opf"], "<dc:language>"+tt.want+"</dc:language>") {
			t.Errorf("%v: dc:language is not %q", tt.args, tt.want)
		}
		if !strings.Contains(files["EPUB/xhtml/p001.xhtml"], `lang="fr" xml:lang="fr"`) {
			t.Errorf("%v: the post is not marked French", tt.args)
		}
	}
}

func TestReaderFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--kobo", "--format", "pdf"}, "--kobo makes the Kobo edition from the EPUB"},
		{[]string{"--max-size", "lots"}, `"lots" is not a size`},
	}
	for _, tt := range tests {
		out := t.TempDir()
		args := append([]string{"compile", samplePath, "-o", out}, tt.args...)
		code, _, stderr := compile(t, nil, args...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, exitUsage, tt.want)
		}
	}
}

// TestGivenCoverIsThePDFsFirstPage checks that a cover the blogger gives
// opens the PDF, with a blank page after it, and that a drawn one does not.
func TestGivenCoverIsThePDFsFirstPage(t *testing.T) {
	pdfimages := tooltest.Need(t, "pdfimages")
	pdftotext := tooltest.Need(t, "pdftotext")
	coverPath := filepath.Join(t.TempDir(), "cover.png")
	write(t, coverPath, string(tinyPNG(t)))
	pages := map[bool]string{}
	for _, given := range []bool{false, true} {
		out := t.TempDir()
		args := []string{"compile", samplePath, "-o", out, "--format", "pdf", "-q"}
		if given {
			args = append(args, "--cover", coverPath)
		}
		if code, _, stderr := compile(t, nil, args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		book := filepath.Join(out, "cloud-in-the-alps.pdf")
		list, err := exec.Command(pdfimages, "-list", "-f", "1", "-l", "1", book).Output()
		if err != nil {
			t.Fatal(err)
		}
		images := 0 // pdfimages lists an image's transparency as an smask of its own
		for _, line := range strings.Split(string(list), "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
				images++
			}
		}
		title, err := exec.Command(pdftotext, "-f", "3", "-l", "3", book, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages[given] = string(title)
		if given && (images != 1 || !strings.Contains(string(title), "Cloud in the Alps")) {
			t.Errorf("with --cover: page 1 has %d images, page 3 reads %q; want the cover, then the title page", images, title)
		}
		if !given && images != 0 {
			t.Errorf("without --cover: page 1 has %d images, want none", images)
		}
	}
	if pages[false] == pages[true] {
		t.Error("the cover did not move the book's pages")
	}
}

func TestLeftOut(t *testing.T) {
	for _, c := range []struct {
		n      int
		reason string
		want   string
	}{{7, "draft", "7 drafts"}, {1, "draft", "1 draft"}, {2, "future", "2 future"}, {3, "menu item", "3 menu items"}, {2, "private", "2 private"}} {
		if got := leftOut(c.n, c.reason); got != c.want {
			t.Errorf("leftOut(%d, %q) = %q, want %q", c.n, c.reason, got, c.want)
		}
	}
}
