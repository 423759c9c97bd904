package pdf

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/cover"
	"github.com/anthology-book/anthology/internal/markup"
)

// The wraparound cover is the one-piece file printers ask for beside the
// interior: back, spine and front on one page, with bleed all round.

// Bleed is what a cover prints beyond its trim on every side, in points:
// 0.125 in, as KDP, IngramSpark and Lulu ask.
const Bleed = 0.125 * inch

// SpineTextMinPages is the fewest pages a book needs for its spine to carry
// text: KDP prints none on a spine of 79 pages or fewer.
const SpineTextMinPages = 80

// ppiWanted is the resolution printers ask of a cover's image.
const ppiWanted = 300

// Papers lists the papers CoverOptions.Paper accepts; the first is the
// default.
var Papers = []string{"white", "cream", "color"}

// paperThickness is the thickness of one page, in inches, by paper: the
// figures KDP gives for its spine widths.
var paperThickness = map[string]float64{"white": 0.002252, "cream": 0.0025, "color": 0.002347}

// CoverGeometry is the layout of a wraparound cover, in points: back panel,
// spine and front panel side by side, with Bleed all round.
type CoverGeometry struct {
	// TrimW and TrimH are the size of one panel: the interior's trim.
	TrimW, TrimH float64
	// Spine is the spine's width: the page count times the paper's
	// thickness.
	Spine float64
}

// Width is the whole page's width, bleed included.
func (c CoverGeometry) Width() float64 { return 2*c.TrimW + c.Spine + 2*Bleed }

// Height is the whole page's height, bleed included.
func (c CoverGeometry) Height() float64 { return c.TrimH + 2*Bleed }

// spineX and frontX are the left edges of the spine and the front panel.
func (c CoverGeometry) spineX() float64 { return Bleed + c.TrimW }
func (c CoverGeometry) frontX() float64 { return Bleed + c.TrimW + c.Spine }

// TrimSize returns the trim size of a page size, in points: the one place
// the cover reads the interior's page size from.
func TrimSize(pageSize string) (w, h float64, err error) {
	g, err := pageGeometry(pageSize)
	return g.pageW, g.pageH, err
}

// CoverSize returns the layout of the cover of a book of pages pages
// printed at pageSize on paper ("" for white).
func CoverSize(pageSize, paper string, pages int) (CoverGeometry, error) {
	if paper == "" {
		paper = Papers[0]
	}
	t, ok := paperThickness[paper]
	if !ok {
		return CoverGeometry{}, fmt.Errorf("unknown paper %q (want one of %s)", paper, strings.Join(Papers, ", "))
	}
	w, h, err := TrimSize(pageSize)
	if err != nil {
		return CoverGeometry{}, err
	}
	return CoverGeometry{TrimW: w, TrimH: h, Spine: float64(pages) * t * inch}, nil
}

// CoverOptions tunes the wraparound cover.
type CoverOptions struct {
	// PageSize and Paper are the interior's, as Options.PageSize and
	// Papers name them.
	PageSize, Paper string
	// Pages is the interior's page count.
	Pages int
	// Front is the image printed on the front; nil draws a front from the
	// title, author and years.
	Front *book.Asset
	// Fonts says where to look for fonts the bundled ones lack, as
	// Options.Fonts.
	Fonts FontSearch
}

// PageCount lays b out as Write would and returns how many pages its PDF
// has: what the cover's spine needs when no PDF is written.
func PageCount(ctx context.Context, b *book.Book, docs markup.Docs, opts Options) (int, error) {
	l, err := layout(ctx, b, docs, opts)
	if err != nil {
		return 0, err
	}
	return len(l.pg.pages), nil
}

// WriteCover writes the wraparound cover of b to w as a one-page PDF:
// the back with the book's description and a clear barcode area, the
// spine with the title and author when the book is thick enough, and the
// front. A front image printing under 300 ppi is reported to rep.
func WriteCover(w io.Writer, b *book.Book, opts CoverOptions, rep *book.Report) error {
	c, err := CoverSize(opts.PageSize, opts.Paper, opts.Pages)
	if err != nil {
		return err
	}
	fonts, err := bookFonts(b, nil, true, opts.Fonts)
	if err != nil {
		return err
	}
	f := newPDF(c.Width(), c.Height(), b, (&layouter{b: b}).buildDate())
	f.AddPageFormat("P", fpdf.SizeType{Wd: c.Width(), Ht: c.Height()})
	f.SetPageBox("trim", Bleed, Bleed, c.Width()-2*Bleed, c.TrimH)
	f.SetPageBox("bleed", 0, 0, c.Width(), c.Height())
	p := &pen{f: f, fonts: fonts}
	title := strings.Join(strings.Fields(b.Title), " ")
	if title == "" {
		title = b.Locale().Untitled
	}
	bg, fg := cover.Colors(title)
	p.fill(bg)
	f.Rect(0, 0, c.Width(), c.Height(), "F")
	p.back(c, b.Description, fg, rep)
	if opts.Pages >= SpineTextMinPages {
		p.spine(c, title, strings.Join(strings.Fields(b.Author), " "), fg)
	}
	if opts.Front != nil {
		if err := p.frontImage(c, opts.Front, rep); err != nil {
			return err
		}
	} else {
		p.drawnFront(c, title, strings.Join(strings.Fields(b.Author), " "), cover.Years(b.Span()), bg, fg)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("draw cover: %w", err)
	}
	// the page's two boxes in one order, run after run (boxorder.go)
	order := newBoxOrderOf(w, [4]float64{Bleed, Bleed, c.Width() - Bleed, c.Height() - Bleed}, [4]float64{0, 0, c.Width(), c.Height()})
	if err := f.Output(order); err != nil {
		return fmt.Errorf("write cover: %w", err)
	}
	if err := order.Close(); err != nil {
		return fmt.Errorf("write cover: %w", err)
	}
	return nil
}

// pen draws the cover's text in the book's faces; a character a face
// lacks is drawn in DejaVu Sans or a fallback font, else as □.
type pen struct {
	f          *fpdf.Fpdf
	fonts      *fontSet
	registered uint64 // a bit per face registered with fpdf
}

// runs splits s into runs of one face each; a character no face has is □.
func (p *pen) runs(f face, s string) []textRun {
	return p.fonts.runs(f, metaText(visualText(s)), "□")
}

func (p *pen) width(f face, size float64, s string) float64 {
	var w float64
	for _, r := range p.runs(f, s) {
		w += p.fonts.width(r.face, size, r.s)
	}
	return w
}

// text draws s with its baseline's left end at x, y.
func (p *pen) text(x, y float64, f face, size float64, s string) {
	for _, r := range p.runs(f, s) {
		if p.registered&(1<<r.face) == 0 {
			if p.fonts.register(p.f, r.face) != nil {
				return // fpdf keeps the error for WriteCover
			}
			p.registered |= 1 << r.face
		}
		p.f.SetFont(p.fonts.family(r.face), p.fonts.style(r.face), size)
		p.f.Text(x, y, r.s)
		x += p.fonts.width(r.face, size, r.s)
	}
}

// centred draws s centred on x.
func (p *pen) centred(x, y float64, f face, size float64, s string) {
	p.text(x-p.width(f, size, s)/2, y, f, size, s)
}

func (p *pen) fill(c color.RGBA) { p.f.SetFillColor(int(c.R), int(c.G), int(c.B)) }
func (p *pen) ink(c color.RGBA)  { p.f.SetTextColor(int(c.R), int(c.G), int(c.B)) }

// wrap breaks text into lines no wider than width at spaces; a word wider
// than width gets a line of its own.
func (p *pen) wrap(f face, size float64, text string, width float64) []string {
	return cover.Wrap(text, func(line string) bool { return p.width(f, size, line) > width })
}

// barcodeArea is the clear area left for the ISBN barcode on the back, in
// points: 2 × 1.2 in, 0.25 in from the trim at the bottom right.
func (c CoverGeometry) barcodeArea() (x, y, w, h float64) {
	w, h = 2*inch, 1.2*inch
	return Bleed + c.TrimW - 0.25*inch - w, Bleed + c.TrimH - 0.25*inch - h, w, h
}

// back draws the description, wrapped in the serif, above the barcode
// area; it shrinks the text to fit, and cuts it, with a warning, when even
// small text does not.
func (p *pen) back(c CoverGeometry, description string, fg color.RGBA, rep *book.Report) {
	bx, by, bw, bh := c.barcodeArea()
	p.fill(color.RGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF})
	p.f.Rect(bx, by, bw, bh, "F")
	var paras []string
	for _, para := range strings.Split(strings.ReplaceAll(description, "\r\n", "\n"), "\n\n") {
		if para = strings.Join(strings.Fields(para), " "); para != "" {
			paras = append(paras, para)
		}
	}
	if len(paras) == 0 {
		return
	}
	margin := 0.75 * inch
	left, top := Bleed+margin, Bleed+margin
	width, bottom := c.TrimW-2*margin, by-0.25*inch
	var lines []string // "" between paragraphs
	size := 12.0
	for ; ; size -= 0.5 {
		lines = lines[:0]
		for i, para := range paras {
			if i > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, p.wrap(serif, size, para, width)...)
		}
		if top+float64(len(lines))*size*1.4 <= bottom || size <= 8 {
			break
		}
	}
	lead := size * 1.4
	if fit := int((bottom - top) / lead); fit < len(lines) {
		lines = lines[:max(fit, 1)]
		lines[len(lines)-1] = strings.TrimRight(lines[len(lines)-1], " ") + " …"
		rep.Warn("", 0, "the description is too long for the back of the cover: it is cut")
	}
	p.ink(fg)
	for i, line := range lines {
		p.text(left, top+size+float64(i)*lead, serif, size, line)
	}
}

// spine draws the title and the author centred on the spine, reading top
// to bottom, in the largest size that leaves 0.0625 in on each side.
func (p *pen) spine(c CoverGeometry, title, author string, fg color.RGBA) {
	const capHeight = 0.7 // of Charis SIL, in ems, near enough
	gap := "\u2003\u2003"
	size := min(14, (c.Spine-2*0.0625*inch)/capHeight/1.1)
	length := func(size float64) float64 {
		w := p.width(serifBold, size, title)
		if author != "" {
			w += p.width(serif, size, gap+author)
		}
		return w
	}
	room := c.TrimH - 2*0.5*inch
	if l := length(size); l > room {
		size *= room / l
	}
	cx, cy := c.spineX()+c.Spine/2, c.Height()/2
	p.ink(fg)
	p.f.TransformBegin()
	p.f.TransformRotate(-90, cx, cy) // clockwise: reads top to bottom
	x, y := cx-length(size)/2, cy+size*capHeight/2
	p.text(x, y, serifBold, size, title)
	if author != "" {
		p.text(x+p.width(serifBold, size, title), y, serif, size, gap+author)
	}
	p.f.TransformEnd()
}

// drawnFront draws the front as the EPUB's drawn cover looks, in vector
// text: a frame, the title, a rule, the years and the author.
func (p *pen) drawnFront(c CoverGeometry, title, author, years string, bg, fg color.RGBA) {
	x0, y0 := c.frontX(), Bleed
	s := c.TrimW / cover.Width   // points per pixel of the drawn cover
	sy := c.TrimH / cover.Height // the same, down the page
	frame := blendRGBA(bg, fg, 0.45)
	p.f.SetDrawColor(int(frame.R), int(frame.G), int(frame.B))
	p.f.SetLineWidth(4 * s)
	inset := 90*s + 2*s
	p.f.Rect(x0+inset, y0+inset, c.TrimW-2*inset, c.TrimH-2*inset, "D")
	cx := x0 + c.TrimW/2
	width := c.TrimW - 2*200*s
	size := 190 * s
	var lines []string
	for ; size >= 40*s; size -= 10 * s {
		lines = p.wrap(serifBold, size, title, width)
		if len(lines) <= 5 && !slices.ContainsFunc(lines, func(l string) bool { return p.width(serifBold, size, l) > width }) {
			break
		}
	}
	p.ink(fg)
	y := y0 + 620*sy
	for _, line := range lines {
		p.centred(cx, y, serifBold, size, line)
		y += size * 1.18
	}
	y += 40 * s
	p.fill(frame)
	p.f.Rect(cx-120*s, y, 240*s, 6*s, "F")
	y += 150 * s
	if years != "" {
		p.centred(cx, y, serifItalic, 84*s, years)
	}
	if author != "" {
		size := 96 * s
		for p.width(serif, size, author) > width && size > 40*s {
			size -= 4 * s
		}
		p.centred(cx, y0+c.TrimH-360*sy, serif, size, author)
	}
}

func blendRGBA(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xFF}
}

// frontImage prints img over the front panel and its bleed, scaled to
// fill it, cropped about its centre and set on white (a cover has no
// transparency). It warns when the image prints under 300 ppi.
func (p *pen) frontImage(c CoverGeometry, a *book.Asset, rep *book.Report) error {
	w, h := c.TrimW+Bleed, c.TrimH+2*Bleed
	src, _, err := image.Decode(bytes.NewReader(a.Data))
	if err != nil {
		return fmt.Errorf("decode cover image: %w", err)
	}
	crop := fillCrop(src.Bounds(), w/h)
	if ppi := int(float64(crop.Dx()) / (w / inch)); ppi < ppiWanted {
		rep.Warn("", 0,
			"the cover image prints at %d ppi on the front of the cover, under the %d ppi printers ask for; give one of at least %d×%d pixels",
			ppi, ppiWanted, int(math.Ceil(w/inch*ppiWanted)), int(math.Ceil(h/inch*ppiWanted)))
	}
	flat := image.NewRGBA(image.Rect(0, 0, crop.Dx(), crop.Dy()))
	draw.Draw(flat, flat.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), src, crop.Min, draw.Over)
	var buf bytes.Buffer
	kind := "PNG"
	if a.MediaType == "image/jpeg" {
		kind = "JPG"
		err = jpeg.Encode(&buf, flat, &jpeg.Options{Quality: 92})
	} else {
		err = png.Encode(&buf, flat)
	}
	if err != nil {
		return fmt.Errorf("encode cover image: %w", err)
	}
	opt := fpdf.ImageOptions{ImageType: kind}
	p.f.RegisterImageOptionsReader("front", opt, &buf)
	p.f.ImageOptions("front", c.frontX(), 0, w, h, false, opt, 0, "")
	return nil
}

// fillCrop is the largest rectangle of ratio (width/height) centred in r.
func fillCrop(r image.Rectangle, ratio float64) image.Rectangle {
	w, h := r.Dx(), r.Dy()
	if float64(w)/float64(h) > ratio {
		cw := int(math.Round(float64(h) * ratio))
		x := r.Min.X + (w-cw)/2
		return image.Rect(x, r.Min.Y, x+cw, r.Max.Y)
	}
	ch := int(math.Round(float64(w) / ratio))
	y := r.Min.Y + (h-ch)/2
	return image.Rect(r.Min.X, y, r.Max.X, y+ch)
}
