package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/anthology-book/anthology/internal/book"
)

// drawer draws laid-out pages with fpdf, registering fonts and images on
// first use.
type drawer struct {
	l      *layouter
	f      *fpdf.Fpdf
	links  map[string]int
	face   face
	size   float64
	gray   int
	images map[string]float64 // registered images: drawn width factor
	widths map[int]int        // images registered, by pixel width
	// k and h are fpdf's scale to points and page height, for text.
	k, h float64
	// drawn has a bit set for each character of the Basic Multilingual
	// Plane that fpdf has drawn in a face: fpdf embeds those of each font.
	// Only the faces drawn are registered: fpdf parses and embeds each.
	drawn      [][1 << 10]uint64
	registered uint64 // a bit per face registered with fpdf
	// text holds the text operators made since the last call to fpdf: one
	// text object, left open (BT without its ET), whose last move put the
	// text at tx, ty (hundredths of a point).
	text   []byte
	tx, ty int64
	// packer writes the document fpdf makes, and its JPEG images.
	packer *streamPacker
}

// render writes the laid-out book as a PDF.
func (l *layouter) render(ctx context.Context, w io.Writer) error {
	g := l.g
	b := g.bleed
	f := newPDF(g.pageW+2*b, g.pageH+2*b, l.b, l.buildDate())
	f.SetCompression(false) // the packer compresses on every core
	// Every page gets the boxes a printer reads: where to cut, and with
	// bleed, how far its ink may run.
	f.SetPageBox("TrimBox", b, b, g.pageW, g.pageH)
	if b > 0 {
		f.SetPageBox("BleedBox", 0, 0, g.pageW+2*b, g.pageH+2*b)
		w = newBoxOrder(w, g)
	}
	subject := l.b.Description
	if subject == "" {
		subject = l.b.Subtitle
	}
	if subject == "" {
		subject = l.b.Title
	}
	if l.vol != nil {
		// a reader's shelf tells the volumes apart
		title := l.b.Locale().VolumeLabel(l.vol.number)
		if strings.TrimSpace(l.b.Title) != "" {
			title = l.b.Title + " · " + title
		}
		f.SetTitle(metaText(title), true)
	}
	f.SetSubject(metaText(subject), true)
	f.SetKeywords(metaText(strings.Join(l.b.Themes(), ", ")), true)
	if l.b.Lang != "" {
		f.SetLang(l.b.Lang)
	}
	packer := newStreamPacker(ctx, w)
	d := &drawer{l: l, f: f, links: map[string]int{}, face: noFace, gray: -1, images: map[string]float64{}, widths: map[int]int{},
		drawn: make([][1 << 10]uint64, len(l.fonts.faces)), packer: packer}
	d.k = f.GetConversionRatio()
	_, d.h = f.GetPageSize()
	for _, pg := range l.pg.pages {
		f.AddPage()
		if pg.kind == pageCover {
			if err := d.cover(); err != nil {
				return err
			}
		}
		d.header(pg)
		x0 := b + g.left(pg.num)
		for _, pl := range pg.items {
			for i := range pl.it.ops {
				if err := d.draw(&pl.it.ops[i], x0, b+g.top+pl.y, pg.num); err != nil {
					return err
				}
			}
		}
		d.flush()
		if err := f.Error(); err != nil {
			return fmt.Errorf("draw page %d: %w", pg.num, err)
		}
		if l.dropDrawn {
			pg.items = nil
		}
	}
	if err := f.Output(packer); err != nil {
		return fmt.Errorf("write PDF: %w", err)
	}
	if err := packer.Close(); err != nil {
		return err
	}
	if order, ok := w.(*boxOrder); ok {
		return order.Close()
	}
	return nil
}

// buildDate is the book's date, else its newest post's, else the epoch:
// never the clock.
func (l *layouter) buildDate() time.Time {
	if !l.b.Date.IsZero() {
		return l.b.Date
	}
	var newest time.Time
	for _, p := range l.b.Posts() {
		if p.Date.After(newest) {
			newest = p.Date
		}
	}
	if newest.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return newest
}

// metaText keeps what fpdf can write in document info and outlines: it
// encodes only the Basic Multilingual Plane.
func metaText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || r == 0xFE0F || r == 0x200D {
			return -1
		}
		return r
	}, s)
}

// cover draws the cover image as large as the page allows, centred; with
// bleed, it fills the page and its bleed, cropped to them.
func (d *drawer) cover() error {
	pic, err := pictureOf(d.l.cover)
	if err != nil {
		return fmt.Errorf("print cover: %w (give a PNG or JPEG)", err)
	}
	typ := pic.typ
	info := d.register("cover", pic)
	if err := d.f.Error(); err != nil {
		return fmt.Errorf("print cover: %w", err)
	}
	g := d.l.g
	pw, ph := g.pageW+2*g.bleed, g.pageH+2*g.bleed
	scale := min(pw/info.Width(), ph/info.Height())
	if g.bleed > 0 {
		scale = max(pw/info.Width(), ph/info.Height())
	}
	w, h := info.Width()*scale, info.Height()*scale
	d.f.ImageOptions("cover", (pw-w)/2, (ph-h)/2, w, h, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
	return d.f.Error()
}

func (d *drawer) setFont(fc face, size float64) {
	if fc != d.face || size != d.size {
		d.flush()
		if d.registered&(1<<fc) == 0 {
			if err := d.l.fonts.register(d.f, fc); err != nil {
				return // fpdf keeps the error; the page's check reports it
			}
			d.registered |= 1 << fc
		}
		d.f.SetFont(d.l.fonts.family(fc), d.l.fonts.style(fc), size)
		d.face, d.size = fc, size
	}
}

func (d *drawer) setGray(g uint8) {
	if int(g) != d.gray {
		d.flush()
		d.f.SetTextColor(int(g), int(g), int(g))
		d.f.SetDrawColor(int(g), int(g), int(g))
		d.f.SetFillColor(int(g), int(g), int(g))
		d.gray = int(g)
	}
}

func (d *drawer) link(key string) int {
	id, ok := d.links[key]
	if !ok {
		id = d.f.AddLink()
		d.links[key] = id
	}
	return id
}

// header draws the running header and the page number of body pages: the
// book's title on left pages, the chapter's on right pages, the number on
// the outer side.
func (d *drawer) header(pg *page) {
	if pg.kind != pageBody {
		return
	}
	g := d.l.g
	fonts := d.l.fonts
	x0 := g.bleed + g.left(pg.num)
	y := g.bleed + g.top - g.headerGap
	size := g.headerSize()
	text := d.l.b.Title
	if pg.num%2 == 1 {
		text = pg.chapter
	}
	// A title in another script is in its font; one that mixes scripts
	// ("考虑ACID") in the face of each part.
	fc := fonts.faceFor(serifItalic, text)
	runs := d.l.fit(visualText(text), fc, size, g.textW()*0.7)
	d.setGray(60)
	var tw float64
	for _, r := range runs {
		tw += fonts.width(r.face, size, r.s)
	}
	x := x0 + (g.textW()-tw)/2
	for _, r := range runs {
		d.setFont(r.face, size)
		d.drawText(x, y, r.s)
		x += fonts.width(r.face, size, r.s)
	}
	num := strconv.Itoa(pg.num)
	d.setFont(serif, size)
	nw := fonts.width(serif, size, num)
	nx := x0
	if pg.num%2 == 1 {
		nx = x0 + g.textW() - nw
	}
	d.drawText(nx, y, num)
}

// drawText draws s at x, y in the current font, where fpdf's Text would.
// Text formats each call with fmt and converts it apart, once per word of
// the book, each in a text object of its own; drawText writes the same
// operators itself, and keeps the words drawn between two calls to fpdf in
// one text object, each moved from the one before: a third fewer bytes
// for a page of text. Text still draws the characters fpdf has not seen in
// the face: only it records which to embed. No text is underlined, struck
// out (lines are drawn apart), right to left, or of another colour than
// the fill (setGray sets both): Text adds nothing for those.
func (d *drawer) drawText(x, y float64, s string) {
	if hasPlacedMark(s) {
		d.drawWithMarks(x, y, s)
		return
	}
	d.drawRun(x, y, s)
}

// drawWithMarks draws s, text in the order it is drawn, its right to left
// letters each after their marks (reverseText), and moves the marks of
// those letters that placementOf places onto their outline (placeMarks):
// the rest of s is drawn in runs between them.
func (d *drawer) drawWithMarks(x, y float64, s string) {
	fs := d.l.fonts
	// A reader sorts the characters of a line by where they are drawn, and
	// a moved mark is no longer where its letter is: the span gives the
	// text as drawn, for readers to read back as they read unmoved text.
	d.flush()
	d.f.RawWriteStr(actualText(s) + " BDC")
	defer func() {
		d.flush()
		d.f.RawWriteStr("EMC")
	}()
	from := 0 // s[from:] is still to draw
	var marks []rune
	var moves []move
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if placementOf(r) == placeAsDrawn {
			i += n
			continue
		}
		// the marks from i, and the letter they sit on after them
		marks = marks[:0]
		j := i
		for j < len(s) {
			m, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.Is(unicode.Mn, m) {
				break
			}
			marks = append(marks, m)
			j += n
		}
		if j == len(s) {
			break // marks on no letter stay where they are
		}
		base, _ := utf8.DecodeRuneInString(s[j:])
		if !isRTL(base) {
			i = j // not a right-to-left letter, drawn after its marks
			continue
		}
		if from < i {
			d.drawRun(x, y, s[from:i])
			for _, r := range s[from:i] { // as fs.width, without keeping a word's pieces
				if a := fs.advance(d.face, r); a > 0 {
					x += a * d.size
				}
			}
		}
		slices.Reverse(marks) // in logical order
		moves = fs.placeMarks(d.face, base, marks, moves)
		for k, m := range marks {
			d.drawRun(x+moves[k].dx*d.size, y-moves[k].dy*d.size, string(m))
		}
		from, i = j, j
	}
	if from < len(s) {
		d.drawRun(x, y, s[from:])
	}
}

// drawRun draws s at x, y, as drawText does, every character from where
// the one before it ends.
func (d *drawer) drawRun(x, y float64, s string) {
	drawn := &d.drawn[d.face]
	for _, r := range s {
		if r >= 1<<16 || r == utf8.RuneError || drawn[r>>6]&(1<<(r&63)) == 0 {
			d.flush()
			d.f.Text(x, y, s)
			for _, r := range s {
				if r < 1<<16 && r != utf8.RuneError {
					drawn[r>>6] |= 1 << (r & 63)
				}
			}
			return
		}
	}
	tx, ty := int64(math.Round(x*d.k*100)), int64(math.Round((d.h-y)*d.k*100))
	b := d.text
	if len(b) == 0 {
		b = append(b, "BT "...)
		b = appendHundredths(b, tx)
		b = append(b, ' ')
		b = appendHundredths(b, ty)
	} else {
		b = append(b, '\n')
		b = appendHundredths(b, tx-d.tx)
		b = append(b, ' ')
		b = appendHundredths(b, ty-d.ty)
	}
	d.tx, d.ty = tx, ty
	b = append(b, " Td ("...)
	for _, r := range s { // UTF-16, escaped for a PDF string
		for _, c := range [2]byte{byte(r >> 8), byte(r)} {
			switch c {
			case '\\', '(', ')':
				b = append(b, '\\', c)
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, c)
			}
		}
	}
	d.text = append(b, ") Tj"...)
}

// appendHundredths appends n hundredths as the shortest decimal number
// that says them: -1205 as -12.05, 1250 as 12.5, 0 as 0.
func appendHundredths(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	switch {
	case n%100 == 0:
		return b
	case n%10 == 0:
		return append(b, '.', byte('0'+n%100/10))
	}
	return append(b, '.', byte('0'+n%100/10), byte('0'+n%10))
}

// flush ends the text object drawText holds and writes it, before any
// other call to fpdf.
func (d *drawer) flush() {
	if len(d.text) > 0 {
		d.text = append(d.text, " ET"...)
		d.f.RawWriteStr(string(d.text))
		d.text = d.text[:0]
	}
}

// fit returns the runs of faces that draw s, base first, each character
// in the face pick gives it (one that none has is left out), cut with an
// ellipsis to width.
func (l *layouter) fit(s string, base face, size, width float64) []textRun {
	runs := l.fonts.runs(base, s, "")
	var w float64
	for _, r := range runs {
		w += l.fonts.width(r.face, size, r.s)
	}
	if w <= width || len(runs) == 0 {
		return runs
	}
	ellipsis := l.fonts.width(base, size, "…")
	for w+ellipsis > width {
		last := &runs[len(runs)-1]
		rs := []rune(last.s)
		if len(runs) == 1 && len(rs) <= 1 {
			break
		}
		w -= l.fonts.width(last.face, size, string(rs[len(rs)-1]))
		if last.s = string(rs[:len(rs)-1]); last.s == "" {
			runs = runs[:len(runs)-1]
		}
	}
	last := &runs[len(runs)-1]
	last.s = strings.TrimRight(last.s, " ")
	return append(runs, textRun{base, "…"})
}

func (d *drawer) draw(o *op, x0, y0 float64, pageNum int) error {
	f := d.f
	x, y := x0+o.x, y0+o.y
	if o.kind == opText {
		d.setFont(o.face, o.size)
		d.setGray(o.gray)
		d.drawText(x, y, o.text)
		return nil
	}
	d.flush()
	switch o.kind {
	case opLine:
		d.setGray(o.gray)
		f.SetLineWidth(o.size)
		f.Line(x, y, x+o.w, y+o.h)
	case opRect:
		d.setGray(o.gray)
		f.Rect(x, y, o.w, o.h, "F")
	case opImage:
		wf, err := d.image(o.text)
		if err != nil {
			return err
		}
		key, isEmoji := strings.CutPrefix(o.text, "emoji:")
		if isEmoji {
			d.beginEmojiText(key, x, y+o.h*0.82, o.h/1.05)
		}
		f.ImageOptions(o.text, x, y, o.w*wf, o.h, false, fpdf.ImageOptions{}, 0, "")
		if isEmoji {
			f.RawWriteStr("EMC")
		}
	case opLink:
		if key, ok := strings.CutPrefix(o.text, "#"); ok {
			if _, there := d.l.pg.anchors[key]; there {
				f.Link(x, y, o.w, o.h, d.link(key))
			}
		} else {
			f.LinkString(x, y, o.w, o.h, o.text)
		}
	case opAnchor:
		f.SetLink(d.link(o.text), max(y-6, 0), pageNum)
	case opBookmark:
		d.setFont(serif, d.l.g.size) // fpdf encodes the title for the current font
		f.Bookmark(metaText(o.text), int(o.level), max(y-6, 0))
	}
	return nil
}

// beginEmojiText opens a marked span whose text is the characters of the
// emoji key (the picture drawn next, closed by EMC): a reader who copies
// or searches the page finds the emoji, not a gap. Viewers place a span's
// text where the glyphs inside it are, so it holds one invisible space at
// the emoji's baseline x, y, in the text's size.
func (d *drawer) beginEmojiText(key string, x, y, size float64) {
	d.setFont(serif, size) // outside q … Q, where fpdf believes it stays
	d.flush()
	d.f.RawWriteStr(actualText(string(emojiRunes(key))) + " BDC q 3 Tr")
	d.drawText(x, y, " ")
	d.flush()
	d.f.RawWriteStr("Q")
}

// actualText returns the operand of a marked span whose text is s.
func actualText(s string) string {
	var b strings.Builder
	b.WriteString("/Span <</ActualText <FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">>>")
	return b.String()
}

// image registers an image with fpdf the first time a page shows it, and
// returns by how much its drawn width grows: not at all.
//
// fpdf writes images sorted by pixel width, in map order among equal
// widths, so two images of one width would make runs differ. Each image
// of a width already taken is therefore given a width a millionth of a
// pixel larger for that sort (sortWidth), which the PDF, writing whole
// pixels, never shows.
func (d *drawer) image(name string) (float64, error) {
	if wf, ok := d.images[name]; ok {
		return wf, nil
	}
	pic, err := d.picture(name)
	if err == nil && d.l.grayscale {
		pic, err = grayscale(pic)
	}
	if err != nil {
		return 0, fmt.Errorf("draw image %q: %w", name, err)
	}
	info := d.register(name, pic)
	if err := d.f.Error(); err != nil {
		return 0, fmt.Errorf("embed image %q: %w", name, err)
	}
	if n := d.widths[pic.w]; n > 0 {
		if err := sortWidth(info, float64(pic.w)+float64(n)*1e-6); err != nil {
			return 0, fmt.Errorf("embed image %q: %w", name, err)
		}
	}
	d.widths[pic.w]++
	d.images[name] = 1
	return 1, nil
}

// register gives fpdf the picture as name: a JPEG as the packer's stand-in.
func (d *drawer) register(name string, pic *picture) *fpdf.ImageInfoType {
	data := pic.data
	if pic.typ == "jpg" {
		if stand, ok := d.packer.standIn(data); ok {
			data = stand
		}
	}
	return d.f.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: pic.typ}, bytes.NewReader(data))
}

// picture returns the image an op names: an emoji of the bundled set, else
// one of the book's prepared images.
func (d *drawer) picture(name string) (*picture, error) {
	if key, ok := strings.CutPrefix(name, "emoji:"); ok {
		png, err := emojiPNG(key)
		if err != nil {
			return nil, err
		}
		return &picture{typ: "png", data: png, w: emojiCell, h: emojiCell}, nil
	}
	a := d.l.b.Image(name)
	if a == nil {
		return nil, errors.New("not among the book's images")
	}
	return pictureOf(a)
}

// newPDF starts a document of pages w by h points with what every PDF of
// the book shares: sorted catalogs and the book's date (same input, same
// bytes), no automatic page breaks or margins, compression, and the
// book's title and author.
func newPDF(w, h float64, b *book.Book, date time.Time) *fpdf.Fpdf {
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: w, Ht: h}})
	f.SetCatalogSort(true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCompression(true)
	f.SetProducer("anthology", true)
	f.SetCreator("anthology", true)
	f.SetTitle(metaText(b.Title), true)
	f.SetAuthor(metaText(b.Author), true)
	return f
}
