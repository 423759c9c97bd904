package pdf

import (
	"bytes"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// TestDrawTextIsFpdfText checks that drawText writes what fpdf's Text
// writes, and embeds the same characters, in case fpdf changes: the same
// words drawn both ways make the same document.
func TestDrawTextIsFpdfText(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"plain", `(parens) and \ back`, "é à ç", "“quotes” — ‘dash’", "☐ ☑", "plain again", "é à ç", "€ 5\u00a0%"}
	doc := func(draw func(d *drawer, x, y float64, s string)) []byte {
		f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 420, Ht: 595}})
		f.SetCompression(false)
		f.SetCatalogSort(true)
		f.SetCreationDate(time.Unix(0, 0).UTC())
		f.SetModificationDate(time.Unix(0, 0).UTC())
		for i := range nFaces {
			f.AddUTF8FontFromBytes(faceFamily[i], faceStyle[i], bytes.Clone(fonts.faces[i].data))
		}
		d := &drawer{l: &layouter{fonts: fonts}, f: f, face: noFace, gray: -1, registered: 1<<nFaces - 1, drawn: make([][1 << 10]uint64, nFaces)}
		d.k = f.GetConversionRatio()
		_, d.h = f.GetPageSize()
		for page := range 2 {
			f.AddPage()
			for i, w := range words {
				for j, fc := range []face{serif, serifItalic, sans, mono} {
					if !covered(fonts, fc, w) {
						continue // as the layout draws no character in a face without it
					}
					d.setFont(fc, 9.5+float64(i%3)/3)
					d.setGray(uint8(i * j * 20))
					draw(d, 10.005+float64(i)*7.3+float64(page), 20.335+float64(i*4+j)*11.7, w)
				}
			}
			d.flush()
		}
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	fast := doc(func(d *drawer, x, y float64, s string) { d.drawText(x, y, s) })
	slow := doc(func(d *drawer, x, y float64, s string) { d.f.Text(x, y, s) })
	if !bytes.Equal(fast, slow) {
		t.Errorf("drawText and fpdf's Text make different documents (%d and %d bytes)", len(fast), len(slow))
	}
}

func covered(fonts *fontSet, f face, s string) bool {
	for _, r := range s {
		if !fonts.covers(f, r) {
			return false
		}
	}
	return true
}
