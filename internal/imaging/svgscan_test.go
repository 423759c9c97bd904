package imaging

import (
	"bytes"
	"fmt"
	"image"
	"strings"
	"testing"

	"github.com/srwiley/oksvg"
	"github.com/srwiley/rasterx"
)

// manyShapes is a drawing of n small shapes in a grid, with a gradient
// over the whole and strokes that cross the edge.
func manyShapes(n int) string {
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300">`)
	b.WriteString(`<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#fc0"/><stop offset="1" stop-color="#06c"/></linearGradient></defs>`)
	b.WriteString(`<rect x="10" y="10" width="380" height="280" fill="url(#g)"/>`)
	for i := range n {
		x, y := 5+(i*7)%390, 5+(i*7/390*6)%290
		fmt.Fprintf(&b, `<circle cx="%d" cy="%d" r="2.5" fill="#%06x"/>`, x, y, (i*2654435761)&0xffffff)
	}
	b.WriteString(`<path d="M -20 150 L 420 160" stroke="#000" stroke-width="3"/></svg>`)
	return b.String()
}

// TestBoxScannerMatchesScannerGV draws a drawing with both scanners: the
// pictures may differ only where the rasterizer's rounding does, at the
// edges of shapes.
func TestBoxScannerMatchesScannerGV(t *testing.T) {
	draw := func(scanner func(*image.RGBA) rasterx.Scanner) *image.RGBA {
		icon, err := oksvg.ReadIconStream(strings.NewReader(manyShapes(300)), oksvg.IgnoreErrorMode)
		if err != nil {
			t.Fatal(err)
		}
		const w, h = 800, 600
		icon.SetTarget(0, 0, w, h)
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		icon.Draw(rasterx.NewDasher(w, h, scanner(img)), 1)
		return img
	}
	ours := draw(func(img *image.RGBA) rasterx.Scanner { return newBoxScanner(img) })
	theirs := draw(func(img *image.RGBA) rasterx.Scanner {
		return rasterx.NewScannerGV(img.Bounds().Dx(), img.Bounds().Dy(), img, img.Bounds())
	})
	far, painted := 0, 0
	for i := range ours.Pix {
		d := int(ours.Pix[i]) - int(theirs.Pix[i])
		if d > 8 || d < -8 {
			far++
		}
		if theirs.Pix[i] != 0 {
			painted++
		}
	}
	if painted < len(ours.Pix)/2 {
		t.Fatalf("only %d of %d channels painted: the drawing was not drawn", painted, len(ours.Pix))
	}
	if far > len(ours.Pix)/200 {
		t.Errorf("%d of %d channels differ by more than 8 levels", far, len(ours.Pix))
	}
	if bytes.Equal(ours.Pix, make([]byte, len(ours.Pix))) {
		t.Errorf("nothing drawn")
	}
}

// BenchmarkRasterSVGShapes draws a diagram of 5,000 small shapes, which
// took seconds when each shape cost the whole picture.
func BenchmarkRasterSVGShapes(b *testing.B) {
	data := []byte(manyShapes(5000))
	for b.Loop() {
		if _, err := rasterSVG(data, 1600); err != nil {
			b.Fatal(err)
		}
	}
}
