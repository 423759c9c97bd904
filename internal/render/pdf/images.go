package pdf

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/markup"
	"github.com/yuin/goldmark/ast"
)

// picture is an image as fpdf registers it.
type picture struct {
	typ  string // "jpg" or "png"
	data []byte
	w, h int // pixels
}

// pictureOf returns the prepared image a for fpdf. The image stage made
// every image JPEG or 8-bit non-interlaced PNG, what fpdf reads.
func pictureOf(a *book.Asset) (*picture, error) {
	typ := map[string]string{"image/jpeg": "jpg", "image/png": "png"}[a.MediaType]
	if typ == "" {
		return nil, fmt.Errorf("%s images cannot be printed", a.MediaType)
	}
	return &picture{typ: typ, data: a.Data, w: a.Width, h: a.Height}, nil
}

// sortWidth sets the width fpdf sorts a registered image by to w, which
// must lie in the same whole pixel as its width: fpdf writes the image's
// /Width as a whole number, and keeps no other use of it for an image
// drawn at a given size. fpdf has no setter for it; its gob form, read
// back by GobDecode, holds it as the fourth value.
func sortWidth(info *fpdf.ImageInfoType, w float64) error {
	buf, err := info.GobEncode()
	if err != nil {
		return err
	}
	var (
		data, smask, pal []byte
		n, bpc           int
		width, h         float64
		cs, filter, dp   string
		trns             []int
		scale, dpi       float64
	)
	fields := []any{&data, &smask, &n, &width, &h, &cs, &pal, &bpc, &filter, &dp, &trns, &scale, &dpi}
	dec := gob.NewDecoder(bytes.NewReader(buf))
	for _, f := range fields {
		if err := dec.Decode(f); err != nil {
			return fmt.Errorf("read fpdf's image: %w", err)
		}
	}
	if math.Floor(w) != math.Floor(width) {
		return fmt.Errorf("sort width %g is not in pixel %g", w, math.Floor(width))
	}
	width = w
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	for _, v := range []any{data, smask, n, width, h, cs, pal, bpc, filter, dp, trns, scale, dpi} {
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("write fpdf's image: %w", err)
		}
	}
	return info.GobDecode(out.Bytes())
}

// figure lays out an image scaled to the text block, kept with its
// caption, if any (the inlines of a markup.FigureCaption). The image stage
// replaced the images it could not prepare by their alt text; one it never
// saw (a book not prepared, as in some tests) shows its alt text too.
func (l *layouter) figure(img *ast.Image, caption ast.Node, c bctx) {
	g := l.g
	alt := strings.TrimSpace(plainText(img, l.src))
	capSt := l.captionStyle()
	a := l.b.Image(string(img.Destination))
	if a == nil || a.Width <= 0 || a.Height <= 0 {
		l.altFigure([]span{{text: alt, st: capSt}}, caption, c)
		return
	}
	// An image is drawn at the size of its original at 110 ppi: a small
	// picture stays small, a photo scaled down for the book is not.
	px := a.Width
	if a.SourceWidth > 0 {
		px = a.SourceWidth
	}
	w := min(c.width, float64(px)*72/110)
	h := w * float64(a.Height) / float64(a.Width)
	if maxH := g.textH() * 0.6; h > maxH {
		h = maxH
		w = h * float64(a.Width) / float64(a.Height)
	}
	l.checkResolution(img, a, w)
	l.space(c.lead * 0.6)
	it := &vitem{h: h, ops: []op{{kind: opImage, x: c.x + (c.width-w)/2, y: 0, w: w, h: h, text: a.Name}}}
	l.takePending(it, 0)
	l.out = append(l.out, it)
	if caption != nil {
		it.keepNext = true
	}
	l.caption(caption, capSt, c)
	l.space(c.lead * 0.6)
}

// figureWithoutImage lays out a figure the image stage left with no image:
// the image's alt text stands where the image was, its caption under it,
// as the EPUB keeps both.
func (l *layouter) figureWithoutImage(f *markup.Figure, c bctx) {
	var alt []span
	for n := f.FirstChild(); n != nil; n = n.NextSibling() {
		if _, ok := n.(*markup.FigureCaption); !ok {
			alt = l.collectNode(n, l.captionStyle(), alt)
		}
	}
	l.altFigure(alt, f.Caption(), c)
}

// captionStyle is the style of a figure's caption and of the alt
// text of a figure with no image.
func (l *layouter) captionStyle() style {
	return style{face: serifItalic, size: l.g.smallSz, gray: 60}
}

// altFigure lays out alt, an image's alt text, in brackets where the image
// would be, then its caption.
func (l *layouter) altFigure(alt []span, caption ast.Node, c bctx) {
	if hasText(alt) {
		st := l.captionStyle()
		alt = append(append([]span{{text: "[", st: st}}, alt...), span{text: "]", st: st})
		l.space(c.lead * 0.3)
		l.out = append(l.out, l.textItems(alt, c.x, c.width, 0, c.lead, alignCenter)...)
		l.space(c.lead * 0.3)
	} else {
		l.anchors(alt)
	}
	l.caption(caption, l.captionStyle(), c)
}

// inlineImage appends an image met among words as one box at the height of
// the text, as wide as its proportions make it (up to a few ems); an image
// the image stage did not prepare shows its alt text in brackets.
func (l *layouter) inlineImage(out []ibox, img *ast.Image, st *style) []ibox {
	a := l.b.Image(string(img.Destination))
	if a == nil || a.Width <= 0 || a.Height <= 0 {
		if alt := strings.TrimSpace(plainText(img, l.src)); alt != "" {
			return l.wordBoxes(out, "["+alt+"]", st)
		}
		return out
	}
	h := st.size
	w := min(h*float64(a.Width)/float64(a.Height), 8*h)
	h = w * float64(a.Height) / float64(a.Width)
	l.checkResolution(img, a, w)
	return append(out, ibox{kind: kBox, w: w, h: h, image: a.Name, st: st})
}

// minPrintPPI is the resolution printers ask of a picture at its printed
// size.
const minPrintPPI = 300

// checkResolution warns, once per image of a post, when a drawn w points
// wide prints under minPrintPPI: it will look soft on paper. It speaks only
// of a book made for a printer (--bleed): a PDF to read or print at home
// draws pictures at their own size, on purpose.
func (l *layouter) checkResolution(img *ast.Image, a *book.Asset, w float64) {
	if w <= 0 || l.g.bleed == 0 {
		return
	}
	ppi := int(math.Round(float64(a.Width) * 72 / w))
	if ppi >= minPrintPPI {
		return
	}
	// The image stage named the image after its bytes: its alt text
	// tells the author which one it is.
	name := book.Quote(string(img.Destination))
	if alt := strings.TrimSpace(plainText(img, l.src)); alt != "" {
		name += " (" + book.Quote(alt) + ")"
	}
	msg := fmt.Sprintf("image %s prints at %d ppi (%d px over %.2f in), under the %d ppi printers ask for", name, ppi, a.Width, w/72, minPrintPPI)
	if a.SourceWidth > a.Width {
		msg += fmt.Sprintf("; its original of %d px would print at %d ppi", a.SourceWidth, int(math.Round(float64(a.SourceWidth)*72/w)))
	}
	for _, wr := range l.rep.Warnings {
		if wr.Msg == msg {
			return
		}
	}
	l.rep.Warn(l.post.Source, 0, "%s", msg)
}

// grayscale returns pic in grey, for black-and-white printing: an opaque
// image as a grey one (one channel, as printers want it), one with
// transparency as colour with equal channels, its alpha kept.
func grayscale(pic *picture) (*picture, error) {
	img, _, err := image.Decode(bytes.NewReader(pic.data))
	if err != nil {
		return nil, fmt.Errorf("read image for grey: %w", err)
	}
	b := img.Bounds()
	var out image.Image
	if opaque(img) {
		g := image.NewGray(b)
		draw.Draw(g, b, img, b.Min, draw.Src)
		out = g
	} else {
		n := image.NewNRGBA(b)
		draw.Draw(n, b, img, b.Min, draw.Src)
		for i := 0; i < len(n.Pix); i += 4 {
			p := n.Pix[i : i+3 : i+3]
			y := uint8((19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16)
			p[0], p[1], p[2] = y, y, y
		}
		out = n
	}
	var buf bytes.Buffer
	if pic.typ == "jpg" {
		err = jpeg.Encode(&buf, out, &jpeg.Options{Quality: 92})
	} else {
		err = png.Encode(&buf, out)
	}
	if err != nil {
		return nil, fmt.Errorf("write image in grey: %w", err)
	}
	return &picture{typ: pic.typ, data: buf.Bytes(), w: pic.w, h: pic.h}, nil
}

// opaque reports whether img has no transparent pixel.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}
