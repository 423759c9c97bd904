package pdf

import (
	"fmt"
	"math"

	"github.com/anthology-book/anthology/assets"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// face is one embedded font face.
type face uint8

const (
	serif face = iota
	serifItalic
	serifBold
	serifBoldItalic
	mono
	sans
	nFaces
)

// faceFile, faceFamily and faceStyle name each face's file and the fpdf
// family and style it is registered under.
var (
	faceFile = [nFaces]string{
		"fonts/CharisSIL-Regular.ttf", "fonts/CharisSIL-Italic.ttf",
		"fonts/CharisSIL-Bold.ttf", "fonts/CharisSIL-BoldItalic.ttf",
		"fonts/DejaVuSansMono.ttf", "fonts/DejaVuSans.ttf",
	}
	faceFamily = [nFaces]string{"serif", "serif", "serif", "serif", "mono", "sans"}
	faceStyle  = [nFaces]string{"", "I", "B", "BI", "", ""}
)

// withItalic and withBold turn a serif face into its italic or bold
// sibling; the other faces have no such sibling bundled.
func (f face) withItalic() face {
	switch f {
	case serif:
		return serifItalic
	case serifBold:
		return serifBoldItalic
	case serifItalic:
		return serif // emphasis inside emphasis reads upright
	case serifBoldItalic:
		return serifBold
	}
	return f
}

func (f face) withBold() face {
	switch f {
	case serif:
		return serifBold
	case serifItalic:
		return serifBoldItalic
	}
	return f
}

// fontSet measures text in the bundled faces. Widths are those fpdf writes
// in the PDF (advance rounded to thousandths of an em), so what the layout
// measures is what a reader draws.
//
// A fontSet is for one goroutine at a time: its buffer and caches change
// as it measures. fork gives another goroutine its own.
type fontSet struct {
	data   [nFaces][]byte
	sf     [nFaces]*sfnt.Font
	upem   [nFaces]float64
	buf    sfnt.Buffer
	runeW  [nFaces]map[rune]float64 // advance in ems; <0 when the face lacks the rune
	ascii  [nFaces][128]float64     // runeW of ASCII, read at load: most text is ASCII
	wordW  [nFaces]map[string]float64
	ascent [nFaces]float64 // in ems
}

func loadFonts() (*fontSet, error) {
	fs := &fontSet{}
	for i := range nFaces {
		data, err := assets.Fonts.ReadFile(faceFile[i])
		if err != nil {
			return nil, fmt.Errorf("read font %q: %w", faceFile[i], err)
		}
		f, err := sfnt.Parse(data)
		if err != nil {
			return nil, fmt.Errorf("parse font %q: %w", faceFile[i], err)
		}
		fs.data[i], fs.sf[i] = data, f
		fs.upem[i] = float64(f.UnitsPerEm())
		m, err := f.Metrics(&fs.buf, fixed.I(int(f.UnitsPerEm())), font.HintingNone)
		if err != nil {
			return nil, fmt.Errorf("read metrics of font %q: %w", faceFile[i], err)
		}
		fs.ascent[i] = float64(m.Ascent) / 64 / fs.upem[i]
		for r := range rune(128) {
			fs.ascii[i][r] = fs.glyphAdvance(i, r)
		}
	}
	fs.newCaches()
	return fs, nil
}

// fork returns a fontSet of the same fonts with caches of its own, for
// another goroutine: a parsed sfnt.Font may be read by several at once.
func (fs *fontSet) fork() *fontSet {
	c := &fontSet{data: fs.data, sf: fs.sf, upem: fs.upem, ascii: fs.ascii, ascent: fs.ascent}
	c.newCaches()
	return c
}

func (fs *fontSet) newCaches() {
	for i := range nFaces {
		fs.runeW[i] = map[rune]float64{}
		fs.wordW[i] = map[string]float64{}
	}
}

// advance returns the width of r in ems, or -1 when f has no glyph for it.
func (fs *fontSet) advance(f face, r rune) float64 {
	if r >= 0 && r < 128 {
		return fs.ascii[f][r]
	}
	if w, ok := fs.runeW[f][r]; ok {
		return w
	}
	w := fs.glyphAdvance(f, r)
	fs.runeW[f][r] = w
	return w
}

// glyphAdvance reads the width of r in ems from the font, or -1 when f has
// no glyph for it. A character beyond the Basic Multilingual Plane counts
// as missing whatever the font holds: fpdf maps a font's characters in a
// table of 65,536 and fails on any other (emoji are drawn as images, apart).
func (fs *fontSet) glyphAdvance(f face, r rune) float64 {
	if r > 0xFFFF {
		return -1
	}
	gi, err := fs.sf[f].GlyphIndex(&fs.buf, r)
	if err != nil || gi == 0 {
		return -1
	}
	upem := fs.upem[f]
	adv, err := fs.sf[f].GlyphAdvance(&fs.buf, gi, fixed.Int26_6(upem*64), font.HintingNone)
	if err != nil {
		return -1
	}
	return math.Round(float64(adv)/64*1000/upem) / 1000
}

// covers reports whether f has a glyph for r.
func (fs *fontSet) covers(f face, r rune) bool { return fs.advance(f, r) >= 0 }

// width returns the width of s in f at size pt. Every rune of s must be
// covered by f (segment makes sure of it).
func (fs *fontSet) width(f face, size float64, s string) float64 {
	if w, ok := fs.wordW[f][s]; ok {
		return w * size
	}
	var w float64
	for _, r := range s {
		if a := fs.advance(f, r); a > 0 {
			w += a
		}
	}
	fs.wordW[f][s] = w
	return w * size
}
