package imaging

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// svgMinSide is the long side, in pixels, an SVG drawing is drawn at at
// the least, so that a small drawing stays sharp in print and on a
// high-density screen; its printed size still follows its own (SourceWidth).
const svgMinSide = 1200

// rasterSVG draws an SVG drawing as a PNG picture. Both books then show
// the same picture: the PDF library draws no SVG, and an SVG copied into
// an EPUB brings its DOCTYPE, scripts and external references along. The
// drawing is read by oksvg, which fetches nothing and runs no script;
// what it does not know (filters) is left out of the picture, and its
// text is printed over it (svgtext.go).
func rasterSVG(data []byte, maxSide int) (pic picture, err error) {
	// oksvg reads what it is given; a drawing it trips on must cost the
	// image, not the book.
	defer func() {
		if r := recover(); r != nil {
			pic, err = picture{}, errors.New("the SVG drawing is written in a way anthology cannot follow")
		}
	}()
	if maxSide <= 0 {
		maxSide = DefaultMaxSide
	}
	icon, err := oksvg.ReadIconStream(bytes.NewReader(svgCompat(data)), oksvg.IgnoreErrorMode)
	if err != nil {
		return picture{}, svgReadError(err)
	}
	w, h := icon.ViewBox.W, icon.ViewBox.H
	if !(w > 0 && h > 0) || math.IsInf(w, 0) || math.IsInf(h, 0) {
		return picture{}, errors.New("the SVG drawing gives no size (width, height or viewBox)")
	}
	long := max(w, h)
	side := min(float64(maxSide), max(2*long, svgMinSide))
	scale := side / long
	pw, ph := max(1, int(math.Round(w*scale))), max(1, int(math.Round(h*scale)))
	icon.SetTarget(0, 0, float64(pw), float64(ph))
	img := image.NewRGBA(image.Rect(0, 0, pw, ph))
	icon.Draw(rasterx.NewDasher(pw, ph, newBoxScanner(img)), 1)
	drawSVGTexts(img, svgTexts(flattenNested(data)), icon.ViewBox.X, icon.ViewBox.Y, float64(pw)/w, float64(ph)/h)
	out, err := encodePNG(img)
	if err != nil {
		return picture{}, fmt.Errorf("the SVG drawing cannot be converted: %w", err)
	}
	return picture{data: out, mediaType: PNG, w: pw, h: ph, srcW: max(1, int(math.Round(w)))}, nil
}

// svgReadError says in words why oksvg refused a drawing; oksvg's own
// ("param mismatch") speak of its parser.
func svgReadError(err error) error {
	var syntax *xml.SyntaxError
	var number *strconv.NumError
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("the SVG drawing is not well-formed XML (line %d: %s)", syntax.Line, syntax.Msg)
	case errors.As(err, &number):
		return fmt.Errorf("the SVG drawing has %q where a number is wanted", number.Num)
	}
	return fmt.Errorf("the SVG drawing has a shape, transform or colour written in a way anthology cannot read (%w)", err)
}
