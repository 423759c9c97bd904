package pdf

import (
	"bytes"
	"fmt"
	"math"
	"sync"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/anthology-book/anthology/assets"
)

// face is one font face of a book: the bundled ones first, then the
// fallback fonts chosen for the scripts the bundled ones lack
// (fallback.go), in the order they were chosen.
type face uint8

const (
	serif face = iota
	serifItalic
	serifBold
	serifBoldItalic
	mono
	sans
	nFaces // the bundled faces; a fallback face is nFaces or more
)

// maxFaces bounds the faces of a book: face is a byte, and noFace is past
// the last.
const (
	maxFaces      = 64
	noFace   face = 255
)

// faceFile, faceFamily and faceStyle name each bundled face's file and
// the fpdf family and style it is registered under.
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

// fontFile is one parsed font, read-only once made: every goroutine and
// every book of the process share it.
type fontFile struct {
	name          string // for messages: the bundled file, or the path
	family, style string // as fpdf registers it
	data          []byte // a TrueType font fpdf can embed
	sf            *sfnt.Font
	upem          float64
	ascent        float64      // in ems
	ascii         [128]float64 // advances of ASCII in ems, read at load: most text is ASCII
}

// parseFontFile parses a TrueType font and reads what the layout needs of
// it at once.
func parseFontFile(name, family, style string, data []byte) (*fontFile, error) {
	f, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("parse font %q: %w", name, err)
	}
	ff := &fontFile{name: name, family: family, style: style, data: data, sf: f, upem: float64(f.UnitsPerEm())}
	if ff.upem <= 0 {
		return nil, fmt.Errorf("parse font %q: no units per em", name)
	}
	var buf sfnt.Buffer
	m, err := f.Metrics(&buf, fixed.I(int(f.UnitsPerEm())), font.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("read metrics of font %q: %w", name, err)
	}
	ff.ascent = float64(m.Ascent) / 64 / ff.upem
	for r := range rune(128) {
		ff.ascii[r] = ff.glyphAdvance(&buf, r)
	}
	return ff, nil
}

// glyphAdvance reads the width of r in ems from the font, or -1 when it
// has no glyph for it. A character beyond the Basic Multilingual Plane
// counts as missing whatever the font holds: fpdf maps a font's characters
// in a table of 65,536 and fails on any other (emoji are drawn as images,
// apart).
func (ff *fontFile) glyphAdvance(buf *sfnt.Buffer, r rune) float64 {
	if r > 0xFFFF || r < 0 {
		return -1
	}
	gi, err := ff.sf.GlyphIndex(buf, r)
	if err != nil || gi == 0 {
		return -1
	}
	adv, err := ff.sf.GlyphAdvance(buf, gi, fixed.Int26_6(ff.upem*64), font.HintingNone)
	if err != nil {
		return -1
	}
	return math.Round(float64(adv)/64*1000/ff.upem) / 1000
}

// bundled holds the bundled faces, parsed once for the process: every
// book of a run shares them.
var bundled = sync.OnceValues(func() ([]*fontFile, error) {
	var faces []*fontFile
	for i := range nFaces {
		data, err := assets.Fonts.ReadFile(faceFile[i])
		if err != nil {
			return nil, fmt.Errorf("read font %q: %w", faceFile[i], err)
		}
		ff, err := parseFontFile(faceFile[i], faceFamily[i], faceStyle[i], data)
		if err != nil {
			return nil, err
		}
		faces = append(faces, ff)
	}
	return faces, nil
})

// fontSet measures text in a book's faces. Widths are those fpdf writes
// in the PDF (advance rounded to thousandths of an em), so what the layout
// measures is what a reader draws.
//
// A fontSet is for one goroutine at a time: its buffer and caches change
// as it measures. fork gives another goroutine its own.
type fontSet struct {
	faces []*fontFile // by face, shared read-only
	buf   sfnt.Buffer
	runeW []map[rune]float64 // advance in ems; <0 when the face lacks the rune
	wordW []map[string]float64
	inkW  []map[rune]ink // outlines' boxes, for placing marks
	// fallback lists the fallback faces in the order a character tries
	// them, after the face it is set in and DejaVu Sans.
	fallback []face
}

// loadFonts returns a fontSet of the bundled faces.
func loadFonts() (*fontSet, error) {
	faces, err := bundled()
	if err != nil {
		return nil, err
	}
	fs := &fontSet{faces: faces}
	fs.newCaches()
	return fs, nil
}

// withFallbacks returns a fontSet of fs's faces and the fallback fonts
// files, tried in their order.
func (fs *fontSet) withFallbacks(files []*fontFile) (*fontSet, error) {
	if int(nFaces)+len(files) > maxFaces {
		return nil, fmt.Errorf("use fonts: %d fallback fonts, at most %d", len(files), maxFaces-int(nFaces))
	}
	c := &fontSet{faces: append([]*fontFile(nil), fs.faces...)}
	for i, ff := range files {
		c.faces = append(c.faces, ff)
		c.fallback = append(c.fallback, nFaces+face(i))
	}
	c.newCaches()
	return c, nil
}

// fork returns a fontSet of the same fonts with caches of its own, for
// another goroutine: a parsed sfnt.Font may be read by several at once.
func (fs *fontSet) fork() *fontSet {
	c := &fontSet{faces: fs.faces, fallback: fs.fallback}
	c.newCaches()
	return c
}

func (fs *fontSet) newCaches() {
	fs.runeW = make([]map[rune]float64, len(fs.faces))
	fs.wordW = make([]map[string]float64, len(fs.faces))
	fs.inkW = make([]map[rune]ink, len(fs.faces))
	for i := range fs.faces {
		fs.runeW[i] = map[rune]float64{}
		fs.wordW[i] = map[string]float64{}
		fs.inkW[i] = map[rune]ink{}
	}
}

// ink is the box of a glyph's outline around the point it is drawn
// from, in ems, y upwards; ok is false for a glyph with no outline.
type ink struct {
	x0, x1, y0, y1 float64
	ok             bool
}

// inkOf returns the box of r's outline in face f.
func (fs *fontSet) inkOf(f face, r rune) ink {
	if int(f) >= len(fs.faces) || r < 0 || r > 0xFFFF {
		return ink{}
	}
	if k, ok := fs.inkW[f][r]; ok {
		return k
	}
	var k ink
	ff := fs.faces[f]
	if gi, err := ff.sf.GlyphIndex(&fs.buf, r); err == nil && gi != 0 {
		b, _, err := ff.sf.GlyphBounds(&fs.buf, gi, fixed.Int26_6(ff.upem*64), font.HintingNone)
		if err == nil && b.Max.X > b.Min.X {
			em := 64 * ff.upem
			k = ink{float64(b.Min.X) / em, float64(b.Max.X) / em, -float64(b.Max.Y) / em, -float64(b.Min.Y) / em, true}
		}
	}
	fs.inkW[f][r] = k
	return k
}

// markGap is the room left between an Arabic mark and the dots or
// strokes of its letter, in ems.
const markGap = 0.05

// move is how far a mark is moved from where its font draws it, in ems,
// y upwards.
type move struct{ dx, dy float64 }

// placeMarks returns how far to move each mark of marks, the marks of
// the letter base in logical order, all drawn from where base is drawn:
// across to where placementOf puts it; and an Arabic mark up over the
// letter's dots and strokes, or down under them, each over the one
// placed before it (shadda first, the vowel mark over it), as a shaper
// stacks marks for a font without positioning rules.
func (fs *fontSet) placeMarks(f face, base rune, marks []rune, out []move) []move {
	out = append(out[:0], make([]move, len(marks))...)
	bk := fs.inkOf(f, base)
	if !bk.ok {
		return out
	}
	top, bottom := bk.y1, bk.y0
	place := func(i int) {
		m := marks[i]
		p, mk := placementOf(m), fs.inkOf(f, m)
		if p == placeAsDrawn || !mk.ok {
			return
		}
		var mv move
		switch p {
		case placeLeft:
			mv.dx = bk.x0 - mk.x0
		case placeRight:
			mv.dx = bk.x1 - mk.x1
		default:
			mv.dx = (bk.x0+bk.x1)/2 - (mk.x0+mk.x1)/2
		}
		if m >= 0x0600 { // Arabic: clear the letter
			if mk.y0 >= 0 {
				mv.dy = max(top+markGap-mk.y0, 0)
				top = max(top, mk.y1+mv.dy)
			} else {
				mv.dy = min(bottom-markGap-mk.y1, 0)
				bottom = min(bottom, mk.y0+mv.dy)
			}
		}
		out[i] = mv
	}
	for i, m := range marks {
		if m == shadda {
			place(i)
		}
	}
	for i, m := range marks {
		if m != shadda {
			place(i)
		}
	}
	return out
}

// ascentOf returns face f's ascent in ems.
func (fs *fontSet) ascentOf(f face) float64 { return fs.faces[f].ascent }

// advance returns the width of r in ems, or -1 when f has no glyph for it.
func (fs *fontSet) advance(f face, r rune) float64 {
	if int(f) >= len(fs.faces) {
		return -1
	}
	if r >= 0 && r < 128 {
		return fs.faces[f].ascii[r]
	}
	if w, ok := fs.runeW[f][r]; ok {
		return w
	}
	w := fs.faces[f].glyphAdvance(&fs.buf, r)
	fs.runeW[f][r] = w
	return w
}

// covers reports whether f has a glyph for r.
func (fs *fontSet) covers(f face, r rune) bool { return fs.advance(f, r) >= 0 }

// coversAll reports whether f has a glyph for every rune of s.
func (fs *fontSet) coversAll(f face, s string) bool {
	for _, r := range s {
		if !fs.covers(f, r) {
			return false
		}
	}
	return true
}

// pick returns the face that draws r in text set in base: base itself,
// else DejaVu Sans, else the first fallback font that has it; noFace when
// none does.
func (fs *fontSet) pick(base face, r rune) face {
	return fs.pickWord(base, string(r))
}

// pickWord returns the one face that draws every rune of word set in
// base, tried in pick's order, or noFace when no one face does: a word is
// kept in one font when a font has all of it (polytonic Greek, whose
// accented letters the serif lacks, reads in one hand).
func (fs *fontSet) pickWord(base face, word string) face {
	if fs.coversAll(base, word) {
		return base
	}
	if fs.coversAll(sans, word) {
		return sans
	}
	for _, f := range fs.fallback {
		if fs.coversAll(f, word) {
			return f
		}
	}
	return noFace
}

// textRun is a piece of a one-line text drawn in one face.
type textRun struct {
	face face
	s    string
}

// runs splits s into runs of one face each, every character in the face
// pick gives it; one that no face has is left out, or, when missing is
// not empty, is missing in DejaVu Sans.
func (fs *fontSet) runs(base face, s, missing string) []textRun {
	var out []textRun
	for _, r := range s {
		f, rs := fs.pick(base, r), string(r)
		if f == noFace {
			if missing == "" {
				continue
			}
			f, rs = sans, missing
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].s += rs
		} else {
			out = append(out, textRun{f, rs})
		}
	}
	return out
}

// faceFor returns the face a one-line text is drawn in: base, unless
// another face has all its letters and base does not.
func (fs *fontSet) faceFor(base face, s string) face {
	if f := fs.pickWord(base, letters(s)); f != noFace {
		return f
	}
	return base
}

// width returns the width of s in f at size pt. Every rune of s must be
// covered by f (segment makes sure of it).
func (fs *fontSet) width(f face, size float64, s string) float64 {
	if int(f) >= len(fs.wordW) {
		return 0
	}
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

// family and style name face f as registered with fpdf.
func (fs *fontSet) family(f face) string { return fs.faces[f].family }
func (fs *fontSet) style(f face) string  { return fs.faces[f].style }

// register adds face f to a PDF, for drawing with it. Only the faces a
// document draws are registered: fpdf parses each font it is given again,
// and embeds it.
func (fs *fontSet) register(pdf *fpdf.Fpdf, f face) error {
	ff := fs.faces[f]
	// fpdf writes into the font file it is given while it cuts the subset
	// to embed (DejaVu Sans Mono's metrics, at least): a copy keeps the
	// layout's measures, and the next book's subset, from depending on
	// what was drawn before.
	pdf.AddUTF8FontFromBytes(ff.family, ff.style, bytes.Clone(ff.data))
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("load font %q into the PDF: %w", ff.name, err)
	}
	return nil
}
