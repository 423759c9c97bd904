// Package cover draws the cover of a book that has none: a PNG of
// 1600x2560 pixels with the title, author and years set in the bundled
// fonts on a colour derived from the title. The EPUB renderer embeds it as
// the cover image; the same title always gives the same bytes.
package cover

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/assets"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Width and Height are the cover's size in pixels: the 1:1.6 ratio and
// resolution the Kindle and Kobo stores ask for.
const (
	Width  = 1600
	Height = 2560
)

// margin is the space between the page edge and the text.
const margin = 200

// Generate draws a cover with the title, the author and the years (e.g.
// "2017–2026"); author and years may be empty.
func Generate(title, author, years string) ([]byte, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		title = "Anthology"
	}
	// The cover is drawn as ink: how much of the text colour each pixel
	// takes over the background, 0 to 255. Every pixel is then one of 256
	// blends of the two colours, written as a palette: a quarter of the
	// memory of four bytes a pixel, and nothing to convert before encoding.
	img := image.NewAlpha(image.Rect(0, 0, Width, Height))

	// A thin frame inset from the edge, the one ornament.
	strokeRect(img, image.Rect(90, 90, Width-90, Height-90), 4, frameInk)

	y := 620
	size, lines := fitTitle(fonts.bold, title)
	face, err := newFace(fonts.bold, size)
	if err != nil {
		return nil, err
	}
	lineHeight := int(math.Round(size * 1.18))
	for _, line := range lines {
		drawCentered(img, face, line, y)
		y += lineHeight
	}
	y += 40
	fillRect(img, image.Rect(Width/2-120, y, Width/2+120, y+6), frameInk)
	y += 150
	if years = strings.TrimSpace(years); years != "" {
		italic, err := newFace(fonts.italic, 84)
		if err != nil {
			return nil, err
		}
		drawCentered(img, italic, years, y)
	}
	if author = strings.Join(strings.Fields(author), " "); author != "" {
		size := 96.0
		regular, err := newFace(fonts.regular, size)
		for err == nil && measure(regular, author) > Width-2*margin && size > 40 {
			size -= 4
			regular, err = newFace(fonts.regular, size)
		}
		if err != nil {
			return nil, err
		}
		drawCentered(img, regular, author, Height-360)
	}

	bg, fg := Colors(title)
	palette := make(color.Palette, 256)
	for i := range palette {
		palette[i] = blend(bg, fg, float64(i)/255)
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, &image.Paletted{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect, Palette: palette}); err != nil {
		return nil, fmt.Errorf("encode cover: %w", err)
	}
	return buf.Bytes(), nil
}

// frameInk is the ink of the frame and of the rule under the title: a
// colour a little under halfway from the background to the text.
const frameInk = 115 // 0.45 of 255

// Years formats a book's span for its cover: "2017–2026", "2019" when
// both years are the same, "" when the book has no dated post.
func Years(first, last int) string {
	switch {
	case first == 0 && last == 0:
		return ""
	case first == last || first == 0:
		return strconv.Itoa(last)
	default:
		return strconv.Itoa(first) + "–" + strconv.Itoa(last)
	}
}

// Colors returns the cover's background and text colours for a title: a
// deep colour whose hue comes from a hash of the title, so that each book
// looks its own and never changes between builds, and a warm white.
func Colors(title string) (bg, fg color.RGBA) {
	h := fnv.New32a()
	h.Write([]byte(title))
	hue := float64(h.Sum32()%360) / 360
	return hsl(hue, 0.42, 0.27), color.RGBA{R: 0xF7, G: 0xF3, B: 0xEA, A: 0xFF}
}

// fitTitle chooses the largest size at which the title fits in five lines
// or fewer within the margins, and breaks it into lines at that size.
func fitTitle(f *opentype.Font, title string) (float64, []string) {
	var lines []string
	size := 190.0
	for ; size >= 40; size -= 10 {
		face, err := newFace(f, size)
		if err != nil {
			break
		}
		lines = wrap(face, title, Width-2*margin)
		if len(lines) <= 5 && fitsWidth(face, lines) {
			return size, lines
		}
	}
	return size, lines
}

func fitsWidth(face font.Face, lines []string) bool {
	for _, l := range lines {
		if measure(face, l) > Width-2*margin {
			return false
		}
	}
	return true
}

// wrap breaks text into lines no wider than width, at spaces. A word
// wider than width gets a line of its own.
func wrap(face font.Face, text string, width int) []string {
	return Wrap(text, func(line string) bool { return measure(face, line) > width })
}

// Wrap breaks text into lines at spaces, filling each line until
// tooWide says it would be too wide; a word too wide alone gets a line
// of its own. Both covers, the drawn PNG and the printed PDF, set their
// text with it.
func Wrap(text string, tooWide func(line string) bool) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && tooWide(try) {
			lines = append(lines, line)
			line = w
			continue
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func measure(face font.Face, s string) int {
	return font.MeasureString(face, s).Ceil()
}

// drawCentered sets s in face, centred on the cover, on baseline: each
// glyph's coverage laid over the ink already there, as font.Drawer does.
func drawCentered(dst *image.Alpha, face font.Face, s string, baseline int) {
	dot := fixed.P((Width-measure(face, s))/2, baseline)
	prev := rune(-1)
	for _, c := range s {
		if prev >= 0 {
			dot.X += face.Kern(prev, c)
		}
		dr, mask, maskp, advance, _ := face.Glyph(dot, c)
		over(dst, dr, mask, maskp)
		dot.X += advance
		prev = c
	}
}

// over lays mask, from maskp, over the ink of dst in r: full ink where the
// mask is opaque, the ink already there where it is clear.
func over(dst *image.Alpha, r image.Rectangle, mask image.Image, maskp image.Point) {
	clipped := r.Intersect(dst.Rect)
	maskp = maskp.Add(clipped.Min.Sub(r.Min))
	alpha, _ := mask.(*image.Alpha) // what opentype faces give
	for y := clipped.Min.Y; y < clipped.Max.Y; y++ {
		row := dst.Pix[dst.PixOffset(clipped.Min.X, y):dst.PixOffset(clipped.Max.X, y)]
		my := maskp.Y + y - clipped.Min.Y
		for i := range row {
			var m uint32
			if alpha != nil {
				m = uint32(alpha.AlphaAt(maskp.X+i, my).A)
			} else {
				_, _, _, a := mask.At(maskp.X+i, my).RGBA()
				m = a >> 8
			}
			row[i] = uint8((m*255 + uint32(row[i])*(255-m) + 127) / 255)
		}
	}
}

func fillRect(img *image.Alpha, r image.Rectangle, ink uint8) {
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := img.Pix[img.PixOffset(r.Min.X, y):img.PixOffset(r.Max.X, y)]
		for i := range row {
			row[i] = ink
		}
	}
}

func strokeRect(img *image.Alpha, r image.Rectangle, w int, ink uint8) {
	fillRect(img, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w), ink)
	fillRect(img, image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y), ink)
	fillRect(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y), ink)
	fillRect(img, image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y), ink)
}

func blend(a, b color.RGBA, t float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xFF}
}

// hsl converts a hue, saturation and lightness in [0,1] to RGB.
func hsl(h, s, l float64) color.RGBA {
	c := (1 - math.Abs(2*l-1)) * s
	hp := h * 6
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	to8 := func(v float64) uint8 { return uint8(math.Round((v + m) * 255)) }
	return color.RGBA{R: to8(r), G: to8(g), B: to8(b), A: 0xFF}
}

type faces struct {
	regular, bold, italic *opentype.Font
}

var (
	fontsOnce sync.Once
	fontSet   faces
	fontErr   error
)

// loadFonts parses the bundled Charis SIL faces once.
func loadFonts() (faces, error) {
	fontsOnce.Do(func() {
		parse := func(name string) *opentype.Font {
			if fontErr != nil {
				return nil
			}
			data, err := assets.Fonts.ReadFile("fonts/" + name)
			if err != nil {
				fontErr = fmt.Errorf("read font %q: %w", name, err)
				return nil
			}
			f, err := opentype.Parse(data)
			if err != nil {
				fontErr = fmt.Errorf("parse font %q: %w", name, err)
			}
			return f
		}
		fontSet = faces{
			regular: parse("CharisSIL-Regular.ttf"),
			bold:    parse("CharisSIL-Bold.ttf"),
			italic:  parse("CharisSIL-Italic.ttf"),
		}
	})
	return fontSet, fontErr
}

func newFace(f *opentype.Font, size float64) (font.Face, error) {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("set cover font at %g px: %w", size, err)
	}
	return face, nil
}
