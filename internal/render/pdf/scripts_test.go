package pdf

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"

	"github.com/anthology-book/anthology/assets"
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// noInstalledFonts searches no folder of the machine: what a test of the
// bundled fonts alone asks.
var noInstalledFonts = FontSearch{Dirs: []string{}}

// scriptsBook makes a book of the posts of testdata/scripts named, one a
// post, in the order given.
func scriptsBook(t *testing.T, names ...string) *book.Book {
	t.Helper()
	var posts []*book.Post
	for i, name := range names {
		data, err := os.ReadFile(filepath.Join("testdata", "scripts", name+".md"))
		if err != nil {
			t.Fatal(err)
		}
		posts = append(posts, &book.Post{ID: name, Title: "Post " + name, Body: data, Source: name + ".md", BodyLine: 1,
			Date: time.Date(2021, 1, 1+i, 0, 0, 0, 0, time.UTC)})
	}
	return &book.Book{Title: "Scripts", Author: "A. Tester", Lang: "en", Date: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC),
		Chapters: []*book.Chapter{{ID: "c", Title: "Scripts", Posts: posts}}}
}

// TestBundledScriptsReadBack prints Arabic, Hebrew, polytonic Greek and a
// letter past U+FFFF with the bundled fonts alone, and reads them back:
// every letter there, nothing printed as □, Arabic joined and read in
// its order, each Greek word in one font.
func TestBundledScriptsReadBack(t *testing.T) {
	b := scriptsBook(t, "ar", "he", "el", "math")
	docs, _ := parseAndPrepare(t, b)
	path, rep := writePDF(t, b, docs, Options{Fonts: noInstalledFonts}, t.TempDir())
	for _, w := range rep.Warnings {
		t.Errorf("warning: %v", w)
	}
	r := &rendered{b: b, docs: docs, path: path, rep: rep}
	text := strings.Join(r.text(t), "\n")
	if strings.ContainsAny(text, "□\uFFFD") {
		t.Errorf("the PDF prints □ or U+FFFD:\n%s", text)
	}
	read := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{
		"Ὁ ἥλιος λάμπει ἐπὶ τῆς θαλάσσης, καὶ ἡ ὁδὸς μακρά.",
		"The letter M stands for a manifold here.", // 𝔐 as the letter it is a form of
	} {
		if !strings.Contains(read, want) {
			t.Errorf("read back %q, want it to hold %q", read, want)
		}
	}
	// Hebrew and Arabic read back in logical order, Arabic in its joined
	// forms, which readers map to the letters
	for _, want := range []string{"כתבתי את הרשומה הזאת בבוקר על הגינה", shapeArabic("كتبت هذه المقالة في الصباح"), "2024",
		// vowel marks after their letter, though drawn before it and moved
		"כָּתַבְתִּי אֶת הָרְשׁוּמָה בַּבֹּקֶר", shapeArabic("كَتَبْتُ هَذِهِ الْمَقَالَةَ فِي الصَّبَاحِ"),
	} {
		if !strings.Contains(read, want) && !strings.Contains(read, reverseWords(want)) {
			t.Errorf("read back %q, want it to hold %q", read, want)
		}
	}
	if !strings.ContainsRune(text, 0xFEDF) { // lam, initial: the letters are joined
		t.Errorf("no joined Arabic letter in %q", read)
	}
}

// reverseWords reverses the order of the words of s, as a reader that
// keeps right-to-left lines in visual order gives them.
func reverseWords(s string) string {
	w := strings.Fields(s)
	slices.Reverse(w)
	return strings.Join(w, " ")
}

// TestPolytonicGreekInOneFont checks that a Greek word is set wholly in
// the face that has all its letters, not switched letter by letter: the
// serif has a few Greek letters (β, θ, χ…), not the accented ones.
func TestPolytonicGreekInOneFont(t *testing.T) {
	l := newTestLayouter(t)
	st := &style{face: serif, size: 10}
	for _, word := range []string{"ἥλιος", "θαλάσσης", "ὁδὸς"} {
		var faces []face
		for _, it := range l.boxes([]span{{text: word, st: *st}}) {
			if it.kind == kBox && !slices.Contains(faces, it.face) {
				faces = append(faces, it.face)
			}
		}
		if len(faces) != 1 {
			t.Errorf("%s is set in faces %v, want one", word, faces)
		}
	}
	if !l.fonts.covers(serif, 'θ') {
		t.Error("the serif has no θ: the test no longer mixes faces")
	}
	// a word the serif has whole stays in the serif, its symbol apart
	for _, it := range l.boxes([]span{{text: "naïve☐", st: *st}}) {
		if want := map[string]face{"naïve": serif, "☐": sans}[it.text]; it.kind == kBox && it.face != want {
			t.Errorf("%q is set in face %d, want %d", it.text, it.face, want)
		}
	}
}

// TestRightToLeftLines checks that a right-to-left paragraph is set on
// the right, its words from right to left, numbers left to right.
func TestRightToLeftLines(t *testing.T) {
	l := newTestLayouter(t)
	st := style{face: serif, size: 10}
	items := l.boxes([]span{{text: "שלום עולם 123", st: st}})
	ln := tline{items: items, last: true}
	ops := l.lineOps(ln, 0, 10, 300, alignJustify)
	var texts []string
	var right float64
	for _, o := range ops {
		if o.kind == opText {
			texts = append(texts, o.text)
			right = max(right, o.x+o.w)
		}
	}
	got := strings.Join(texts, "|")
	if want := "123|םלוע|םולש"; strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(want, " ", "") {
		t.Errorf("drawn %q, want %q", got, want)
	}
	if right < 299 {
		t.Errorf("the line ends at %.1f, want it set on the right (300)", right)
	}
}

func TestShapeArabic(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"ب", "\uFE8F"},                             // alone
		{"بب", "\uFE91\uFE90"},                      // initial, final
		{"ببب", "\uFE91\uFE92\uFE90"},               // initial, medial, final
		{"دب", "\uFEA9\uFE8F"},                      // dal does not join what follows
		{"لا", "\uFEFB"},                            // lam-alef
		{"بلا", "\uFE91\uFEFC"},                     // lam-alef joined before
		{"بَب", "\uFE91\u064E\uFE90"},               // a vowel mark between joins across
		{"ب ب", "\uFE8F \uFE8F"},                    // a space parts
		{"كتاب", "\uFEDB\uFE98\uFE8E\uFE8F"},        // a word
		{"abc", "abc"},                              // nothing Arabic
		{"پ", "\uFB56"},                             // Persian, Presentation Forms-A
		{"ـب", "\u0640\uFE90"},                      // tatweel joins
		{"ء", "\uFE80"},                             // hamza joins nothing
		{"بء", "\uFE8F\uFE80"},                      // nor is joined
		{"سلام", "\uFEB3\uFEFC\uFEE1"},              // lam-alef, final
		{"علم", "\uFECB\uFEE0\uFEE2"},               // medial lam, final meem
		{"الله", "\uFE8D\uFEDF\uFEE0\uFEEA"},        // alef alone, then lam lam heh
		{"مرحبا", "\uFEE3\uFEAE\uFEA3\uFE92\uFE8E"}, //
		// vowel marks let the letters join across them
		{"تَقُولُ", "\uFE97\u064E\uFED8\u064F\uFEEE\uFEDD\u064F"},
		{"مُحَمَّدٌ", "\uFEE3\u064F\uFEA4\u064E\uFEE4\u064E\u0651\uFEAA\u064C"},
		{"لَا", "\uFEFB\u064E"}, // lam-alef, lam's mark after the ligature
	} {
		if got := shapeArabic(c.in); got != c.want {
			t.Errorf("shapeArabic(%q) = %U, want %U", c.in, []rune(got), []rune(c.want))
		}
	}
}

func TestVisualOrder(t *testing.T) {
	box := func(s string) ibox { return ibox{kind: kBox, text: s, bidi: classOf(s)} }
	glue := ibox{kind: kGlue}
	for _, c := range []struct {
		name  string
		items []ibox
		rtl   bool
		want  string
	}{
		{"Hebrew in English", []ibox{box("see"), glue, box("שלום"), glue, box("עולם"), glue, box("here")}, false, "see _ םלוע _ םולש _ here"},
		{"Hebrew paragraph", []ibox{box("שלום"), glue, box("עולם")}, true, "םלוע _ םולש"},
		{"number in Hebrew", []ibox{box("שנת"), glue, box("2024")}, true, "2024 _ תנש"},
		{"English in Hebrew", []ibox{box("אני"), glue, box("use"), glue, box("Go"), glue, box("כאן")}, true, "ןאכ _ use _ Go _ ינא"},
		{"brackets mirror", []ibox{box("(שלום)")}, true, "(םולש)"},
		// a letter's marks are drawn before it, the whole word reversed
		{"Hebrew marks", []ibox{box("שָׁלוֹם")}, true, "\u05DD\u05B9\u05D5\u05DC\u05C1\u05B8\u05E9"},
		{"dagesh and vowel on one letter", []ibox{box("בְּרָא")}, true, "\u05D0\u05B8\u05E8\u05BC\u05B0\u05D1"},
		{"Arabic marks", []ibox{box(shapeArabic("كَتَبَ"))}, true, "\u064E\uFE90\u064E\uFE98\u064E\uFEDB"},
		{"Arabic with marks in English", []ibox{box("he"), glue, box("said"), glue, box(shapeArabic("بَيْتٌ")), glue, box(shapeArabic("كَبِيرٌ")), glue, box("today")}, false,
			"he _ said _ \u064C\uFEAE\uFEF4\u0650\uFE92\u064E\uFEDB _ \u064C\uFE96\u0652\uFEF4\u064E\uFE91 _ today"},
		{"a mark on a bracket", []ibox{box("(\u05B0")}, true, "\u05B0)"},
		{"English alone", []ibox{box("a"), glue, box("b")}, false, "a _ b"},
	} {
		var got []string
		for _, it := range visualOrder(c.items, c.rtl) {
			if it.kind == kGlue {
				got = append(got, "_")
			} else {
				got = append(got, it.text)
			}
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: %q, want %q", c.name, g, c.want)
		}
	}
}

// TestNoFontForScript checks that a script no font has stops the book
// with one error naming it, counting its characters, and saying how to
// supply a font, rather than printing a book of □.
func TestNoFontForScript(t *testing.T) {
	b := scriptsBook(t, "zh", "ko", "he")
	docs, _ := parseAndPrepare(t, b)
	var buf bytes.Buffer
	err := Write(context.Background(), &buf, b, docs, Options{Fonts: noInstalledFonts}, &book.Report{})
	var missing *MissingFontError
	if !errors.As(err, &missing) {
		t.Fatalf("Write: %v, want a *MissingFontError", err)
	}
	if buf.Len() != 0 {
		t.Errorf("%d bytes written before the error, want none", buf.Len())
	}
	han := utf8Count(t, "zh", unicode.Han)
	hangul := utf8Count(t, "ko", unicode.Hangul)
	want := []ScriptCount{{"Han", han}, {"Hangul", hangul}}
	if han < hangul {
		want[0], want[1] = want[1], want[0]
	}
	if !slices.Equal(missing.Scripts, want) {
		t.Errorf("scripts %v, want %v", missing.Scripts, want)
	}
	msg, hint := missing.Error(), missing.Hint()
	for _, s := range []string{"Han", "Hangul"} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q does not name %s", msg, s)
		}
	}
	for _, s := range []string{"apt-get install fonts-wqy-zenhei", "fonts:"} {
		if !strings.Contains(hint, s) {
			t.Errorf("hint %q does not say %q", hint, s)
		}
	}
	// the cover prints no post: it needs no font for them, but for a
	// Chinese title
	if err := WriteCover(&buf, b, CoverOptions{Pages: 100, Fonts: noInstalledFonts}, &book.Report{}); err != nil {
		t.Errorf("the cover of the book: %v", err)
	}
	b.Title = "今天"
	if err := WriteCover(&buf, b, CoverOptions{Pages: 100, Fonts: noInstalledFonts}, &book.Report{}); !errors.As(err, &missing) {
		t.Errorf("a cover with a Chinese title and no font: %v, want a *MissingFontError", err)
	}
}

func utf8Count(t *testing.T, name string, table *unicode.RangeTable) int {
	data, err := os.ReadFile(filepath.Join("testdata", "scripts", name+".md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range string(data) {
		if unicode.Is(table, r) {
			n++
		}
	}
	return n
}

// TestBookFileFontFromCollection names, as the book file's fonts: does, a
// font collection (.ttc) made of two bundled fonts, and checks that a
// face of it is found for the characters asked, cut out of the collection
// into a font fpdf embeds.
func TestBookFileFontFromCollection(t *testing.T) {
	mono, _ := assets.Fonts.ReadFile("fonts/DejaVuSansMono.ttf")
	sans, _ := assets.Fonts.ReadFile("fonts/DejaVuSans.ttf")
	path := filepath.Join(t.TempDir(), "pair.ttc")
	if err := os.WriteFile(path, collection(mono, sans), 0o644); err != nil {
		t.Fatal(err)
	}
	// Hebrew is in DejaVu Sans, the collection's second face, not in Mono
	need := map[rune]int{'ש': 3, 'ל': 2}
	chosen, still, err := chooseFallbacks(need, FontSearch{Files: []string{path}, Dirs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(still) != 0 || len(chosen) != 1 || !strings.HasSuffix(chosen[0].name, "(face 1)") {
		t.Fatalf("chose %d fonts, %v still missing; want face 1 of the collection", len(chosen), still)
	}
	// the face cut out is a font of its own, which fpdf draws with
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 200, Ht: 200}})
	f.AddPage()
	f.AddUTF8FontFromBytes("x", "", bytes.Clone(chosen[0].data))
	f.SetFont("x", "", 12)
	f.Text(10, 20, "שלום")
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		t.Fatalf("fpdf: %v", err)
	}
	if _, err := sfnt.Parse(chosen[0].data); err != nil {
		t.Errorf("the face cut out does not parse: %v", err)
	}

	// the same collection found among installed fonts
	dir := filepath.Dir(path)
	chosen, still, err = chooseFallbacks(need, FontSearch{Dirs: []string{dir}})
	if err != nil || len(still) != 0 || len(chosen) != 1 {
		t.Errorf("from the folder: %d fonts, %v still missing, %v", len(chosen), still, err)
	}
}

// collection makes a .ttc of fonts, their tables shared by none.
func collection(fonts ...[]byte) []byte {
	head := 12 + 4*len(fonts)
	out := make([]byte, head)
	copy(out, "ttcf")
	binary.BigEndian.PutUint32(out[4:], 0x00010000)
	binary.BigEndian.PutUint32(out[8:], uint32(len(fonts)))
	for i, f := range fonts {
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
		base := uint32(len(out))
		binary.BigEndian.PutUint32(out[12+4*i:], base)
		// the table offsets of a collection's face count from the file's start
		g := bytes.Clone(f)
		n := int(binary.BigEndian.Uint16(g[4:]))
		for j := range n {
			rec := g[12+16*j:]
			binary.BigEndian.PutUint32(rec[8:], binary.BigEndian.Uint32(rec[8:])+base)
		}
		out = append(out, g...)
	}
	return out
}

// TestBookFileFontRefused checks that a book file naming a file that is
// not a TrueType font, or none at all, stops with an error naming it.
func TestBookFileFontRefused(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "notes.otf")
	os.WriteFile(bad, []byte("OTTO this is no font at all, only words"), 0o644)
	for _, path := range []string{bad, filepath.Join(dir, "absent.ttf")} {
		_, _, err := chooseFallbacks(map[rune]int{'中': 1}, FontSearch{Files: []string{path}, Dirs: []string{}})
		if err == nil || !strings.Contains(err.Error(), filepath.Base(path)) {
			t.Errorf("%s: %v, want an error naming it", path, err)
		}
	}
}

// TestFontconfigDirs reads the folders of a fontconfig file.
func TestFontconfigDirs(t *testing.T) {
	conf := `<fontconfig>
	<dir>/usr/share/fonts</dir>
	<dir prefix="xdg">fonts</dir>
	<!-- the following element will be removed in the future -->
	<dir>~/.fonts</dir>
	<dir>relative/ignored</dir>
</fontconfig>`
	got := fontconfigDirs(conf, "/home/u", "/home/u/.local/share")
	want := []string{"/usr/share/fonts", "/home/u/.local/share/fonts", "/home/u/.fonts"}
	if !slices.Equal(got, want) {
		t.Errorf("dirs %q, want %q", got, want)
	}
}

// TestInstalledScriptsReadBack prints Chinese, Japanese and Korean with
// the fonts installed on the machine (Debian: fonts-wqy-zenhei) and reads
// them back. It skips when no installed font has them, unless
// ANTHOLOGY_REQUIRE_TOOLS=1.
func TestInstalledScriptsReadBack(t *testing.T) {
	tooltest.Need(t, "pdftotext")
	chosen, still, _ := chooseFallbacks(map[rune]int{'中': 1, 'き': 1, '한': 1}, FontSearch{})
	if len(still) > 0 || len(chosen) == 0 {
		tooltest.Missing(t, "a TrueType font of Chinese, Japanese and Korean (apt-get install fonts-wqy-zenhei)")
	}
	b := scriptsBook(t, "zh", "ja", "ko")
	docs, _ := parseAndPrepare(t, b)
	path, rep := writePDF(t, b, docs, Options{}, t.TempDir())
	for _, w := range rep.Warnings {
		t.Errorf("warning: %v", w)
	}
	r := &rendered{b: b, docs: docs, path: path, rep: rep}
	text := strings.Join(r.text(t), "\n")
	if strings.ContainsAny(text, "□\uFFFD") {
		t.Errorf("the PDF prints □ or U+FFFD")
	}
	squeezed := strings.Join(strings.Fields(text), "")
	for _, name := range []string{"zh", "ja", "ko"} {
		data, _ := os.ReadFile(filepath.Join("testdata", "scripts", name+".md"))
		for _, para := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
			if want := strings.Join(strings.Fields(para), ""); !strings.Contains(squeezed, want) {
				t.Errorf("%s: %q not read back", name, para)
			}
		}
	}
}

// TestOneLineTexts checks what the running header draws a title with: the
// face that has its letters, and right-to-left words in visual order.
func TestOneLineTexts(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	if f := fonts.faceFor(serifItalic, "שלום עולם"); f != sans {
		t.Errorf("a Hebrew title is drawn in face %d, want DejaVu Sans", f)
	}
	if f := fonts.faceFor(serifItalic, "Notes from abroad"); f != serifItalic {
		t.Errorf("an English title is drawn in face %d, want the italic", f)
	}
	if got, want := visualText("שלום עולם"), "םלוע םולש"; got != want {
		t.Errorf("visualText = %q, want %q", got, want)
	}
	if got := visualText("Notes from abroad"); got != "Notes from abroad" {
		t.Errorf("visualText changed English: %q", got)
	}
}

// TestHeaderRuns checks that a running header mixing scripts draws each
// part in a face that has it, where one face for the whole title dropped
// the letters it lacked, and that a long one is cut with an ellipsis.
func TestHeaderRuns(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	l := &layouter{fonts: fonts}
	runs := l.fit("Notes שלום", serifItalic, 10, 1000)
	if fmt.Sprint(runs) != fmt.Sprint([]textRun{{serifItalic, "Notes "}, {sans, "שלום"}}) {
		t.Errorf("runs %v", runs)
	}
	long := l.fit(strings.Repeat("word ", 40)+"שלום", serifItalic, 10, 100)
	var w float64
	for _, r := range long {
		w += fonts.width(r.face, 10, r.s)
	}
	if last := long[len(long)-1]; last.s != "…" || w > 100 || len(long) != 2 {
		t.Errorf("cut runs %v, %.1f wide", long, w)
	}
}

func TestStyleRank(t *testing.T) {
	regular := fontFace{path: "/f/NotoSansThai-Regular.ttf", index: -1}
	for _, other := range []string{"NotoSansThai-Bold.ttf", "NotoSansThaiLooped-Italic.ttf", "NotoSansMono-Regular.ttf"} {
		if c := (fontFace{path: "/f/" + other, index: -1}); styleRank(c) <= styleRank(regular) {
			t.Errorf("%s ranks with the regular face", other)
		}
	}
}

// TestPlaceMarks checks where the drawer moves the marks of Arabic and
// Hebrew letters in DejaVu Sans, which fpdf draws without its
// positioning rules: centred on narrow and wide letters alike, an Arabic
// mark clear of its letter's dots, a vowel over a shadda, the shin dot on
// the right and the sin dot on the left; a dagesh where the font has it.
func TestPlaceMarks(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	const eps = 1e-9
	centre := func(k ink) float64 { return (k.x0 + k.x1) / 2 }
	// moved returns the ink of the marks of base, moved
	moved := func(base rune, marks ...rune) []ink {
		mv := fs.placeMarks(sans, base, marks, nil)
		var out []ink
		for i, m := range marks {
			k := fs.inkOf(sans, m)
			out = append(out, ink{k.x0 + mv[i].dx, k.x1 + mv[i].dx, k.y0 + mv[i].dy, k.y1 + mv[i].dy, k.ok})
		}
		return out
	}
	for _, base := range []rune{0xFE91, 0xFEB1, 0x05D9, 0x05E9} { // beh initial, seen, yod, shin: narrow and wide
		for _, m := range []rune{0x064E, 0x0650, 0x05B8} {
			if (m < 0x0600) != (base < 0x0600) {
				continue
			}
			if got, want := centre(moved(base, m)[0]), centre(fs.inkOf(sans, base)); math.Abs(got-want) > eps {
				t.Errorf("%U on %U is centred at %.3f em, want %.3f", m, base, got, want)
			}
		}
	}
	beh := fs.inkOf(sans, 0xFE91)
	if k := moved(0xFE91, 0x0650)[0]; k.y1 > beh.y0-markGap+eps {
		t.Errorf("kasra under beh reaches %.3f em, into its dot (down to %.3f)", k.y1, beh.y0)
	}
	meem := fs.inkOf(sans, 0xFEE4)
	ks := moved(0xFEE4, 0x064E, shadda) // fatha, shadda: their canonical order
	if ks[1].y0 < meem.y1+markGap-eps || ks[0].y0 < ks[1].y1+markGap-eps {
		t.Errorf("fatha at %.3f–%.3f em, shadda at %.3f–%.3f, meem up to %.3f: want the shadda over the meem, the fatha over the shadda",
			ks[0].y0, ks[0].y1, ks[1].y0, ks[1].y1, meem.y1)
	}
	shin := fs.inkOf(sans, 0x05E9)
	if k := moved(0x05E9, 0x05C1)[0]; math.Abs(k.x1-shin.x1) > eps {
		t.Errorf("the shin dot ends at %.3f em, want the shin's right edge %.3f", k.x1, shin.x1)
	}
	if k := moved(0x05E9, 0x05C2)[0]; math.Abs(k.x0-shin.x0) > eps {
		t.Errorf("the sin dot starts at %.3f em, want the shin's left edge %.3f", k.x0, shin.x0)
	}
	for _, m := range []rune{0x05B8, 0x05BC} {
		if mv := fs.placeMarks(sans, 0x05D1, []rune{m}, nil)[0]; mv.dy != 0 {
			t.Errorf("%U on bet moved up %.3f em: Hebrew points keep the font's height", m, mv.dy)
		}
	}
	if mv := fs.placeMarks(sans, 0x05D5, []rune{0x05BC}, nil)[0]; mv != (move{}) {
		t.Errorf("the dagesh of a shuruk moved by %v, want it where the font draws it", mv)
	}
}
