package testkit

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// emojiLike is a 64×64 PNG with alpha, as the renderer cuts an emoji.
func emojiLike(t *testing.T) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 64, 64))
	for y := 0; y < 64; y++ {
		for x := 0; x < 64; x++ {
			img.SetNRGBA(x, y, color.NRGBA{255, 200, 0, uint8(x * 4)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tinyPDF writes three pages: text with a word hyphenated at a line's end
// on page 1; a photo drawn twice and an emoji-like image on page 2; the
// photo again on page 3.
func tinyPDF(t *testing.T) string {
	t.Helper()
	f := fpdf.New("P", "pt", "A5", "")
	f.SetFont("Helvetica", "", 12)
	f.RegisterImageOptionsReader("photo", fpdf.ImageOptions{ImageType: "JPEG"}, bytes.NewReader(JPEG(120, 80, 1, 0)))
	f.RegisterImageOptionsReader("emoji", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(emojiLike(t)))

	f.AddPage()
	f.Text(40, 60, "Kiln notes: a long hyphen-")
	f.Text(40, 76, "ation across two lines.")

	f.AddPage()
	f.Text(40, 60, "Two photos and a smile")
	f.ImageOptions("photo", 40, 80, 120, 80, false, fpdf.ImageOptions{}, 0, "")
	f.ImageOptions("photo", 40, 200, 120, 80, false, fpdf.ImageOptions{}, 0, "")
	f.ImageOptions("emoji", 200, 50, 10, 10, false, fpdf.ImageOptions{}, 0, "")

	f.AddPage()
	f.Text(40, 60, "The photo again")
	f.ImageOptions("photo", 40, 80, 60, 40, false, fpdf.ImageOptions{}, 0, "")

	name := filepath.Join(t.TempDir(), "tiny.pdf")
	if err := f.OutputFileAndClose(name); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestPDFText(t *testing.T) {
	NeedPDFTools(t)
	pdf := tinyPDF(t)
	text, err := PDFText(pdf, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"kiln", "notes", "a", "long", "hyphenation", "across", "two", "lines"}
	if got := Words(text); !slices.Equal(got, want) {
		t.Errorf("page 1: words %q, want %q\ntext %q", got, want, text)
	}
	all, err := PDFText(pdf, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if pages := strings.Count(all, "\f"); pages != 3 || !strings.Contains(all, "The photo again") {
		t.Errorf("whole PDF: %d pages, want 3:\n%s", pages, all)
	}
	if _, err := PDFText(filepath.Join(t.TempDir(), "none.pdf"), 0, 0); err == nil {
		t.Error("no error for a missing file")
	}
}

func TestPDFImages(t *testing.T) {
	NeedPDFTools(t)
	pdf := tinyPDF(t)
	for _, tt := range []struct{ first, last, want int }{
		{1, 1, 0}, {2, 2, 2}, {3, 3, 1}, {2, 3, 3}, {0, 0, 3},
	} {
		got, err := PDFImages(pdf, tt.first, tt.last)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("pages %d-%d: %d images, want %d", tt.first, tt.last, got, tt.want)
		}
	}
	list, err := PDFImageList(pdf, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	var emoji, masks int
	for _, im := range list {
		switch {
		case im.Emoji:
			emoji++
			if im.Width != 64 || im.Height != 64 || im.Type != "image" {
				t.Errorf("emoji: %+v", im)
			}
		case im.Type == "smask":
			masks++
		}
	}
	if emoji != 1 || masks != 1 || len(list) != 4 {
		t.Errorf("page 2: %d emoji and %d masks in %d rows, want 1, 1 and 4: %+v", emoji, masks, len(list), list)
	}
}

func TestParseImageList(t *testing.T) {
	if _, err := parseImageList([]byte("nonsense")); err == nil {
		t.Error("no error for a table with no heading")
	}
	const table = `page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
  10     0 image     400   300  rgb     3   8  jpeg   no        76  0   110   110 14.1K 7.7%
  10     1 image      65    64  rgb     3   8  image  no       145  0   439   439 2065B  17%
  10     2 smask      65    64  gray    1   8  image  no       145  0   439   439  816B  20%
  11     3 image      64    64  rgb     3   8  image  no       147  0    72    72 2065B  17%
  11     4 smask      64    64  gray    1   8  image  no       147  0    72    72  816B  20%
`
	list, err := parseImageList([]byte(table))
	if err != nil {
		t.Fatal(err)
	}
	var emoji []bool
	for _, im := range list {
		emoji = append(emoji, im.Emoji)
	}
	if want := []bool{false, true, false, false, false}; !slices.Equal(emoji, want) {
		t.Errorf("emoji %v, want %v (the last image is drawn large: a picture)", emoji, want)
	}
	if im := list[0]; im.Page != 10 || im.Width != 400 || im.Height != 300 || im.Encoding != "jpeg" || im.Object != 76 || im.XPPI != 110 {
		t.Errorf("first row read as %+v", im)
	}
}

func TestToolMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if _, err := PDFText("any.pdf", 0, 0); !errors.Is(err, ErrToolMissing) {
		t.Errorf("PDFText without pdftotext: %v, want ErrToolMissing", err)
	}
	if _, err := PDFImages("any.pdf", 0, 0); !errors.Is(err, ErrToolMissing) {
		t.Errorf("PDFImages without pdfimages: %v, want ErrToolMissing", err)
	}
}
