package imaging

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"strings"
	"testing"
)

// TestSVGTexts reads the labels of testdata/svg/labels.svg at their place
// in the drawing, through the transform of their group.
func TestSVGTexts(t *testing.T) {
	data, err := os.ReadFile("../../testdata/svg/labels.svg")
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(data)
	if len(texts) != 2 {
		t.Fatalf("texts = %+v, want the two visible labels", texts)
	}
	for i, want := range []svgTextPiece{{x: 50, y: 55, size: 14, anchor: "middle", text: "left"}, {x: 150, y: 55, size: 14, anchor: "middle", text: "right"}} {
		got := texts[i]
		if got.x != want.x || got.y != want.y || got.size != want.size || got.anchor != want.anchor || got.text != want.text {
			t.Errorf("text %d = %+v, want %+v", i, got, want)
		}
	}
}

// TestRasterSVGDrawsText checks the labels are printed inside their boxes:
// oksvg alone leaves the boxes empty.
func TestRasterSVGDrawsText(t *testing.T) {
	data, err := os.ReadFile("../../testdata/svg/labels.svg")
	if err != nil {
		t.Fatal(err)
	}
	dark := func(svg []byte) int {
		img := drawnSVG(t, svg, 400)
		// inside the left box, clear of its border: 15..85 x 35..65 of 200x100
		b := img.Bounds()
		inner := image.Rect(b.Dx()*15/200, b.Dy()*35/100, b.Dx()*85/200, b.Dy()*65/100)
		n := 0
		for y := inner.Min.Y; y < inner.Max.Y; y++ {
			for x := inner.Min.X; x < inner.Max.X; x++ {
				if r, g, bl, a := img.At(x, y).RGBA(); a > 0x8000 && r+g+bl < 3*0x8000 {
					n++
				}
			}
		}
		return n
	}
	with, without := dark(data), dark([]byte(strings.ReplaceAll(string(data), ">left<", "><")))
	if without != 0 || with < 20 {
		t.Errorf("dark pixels in the left box: %d with its label, %d without; want some, then none", with, without)
	}
}

// TestRasterSVGTurnsText draws an axis label turned a quarter turn back
// (rotate(-90)) up its axis, taller than it is wide, and a level one level.
func TestRasterSVGTurnsText(t *testing.T) {
	extent := func(label string) image.Rectangle {
		svg := `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">` + label + `</svg>`
		img := drawnSVG(t, []byte(svg), 400)
		var r image.Rectangle
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				if rr, g, b, a := img.At(x, y).RGBA(); a > 0x8000 && rr+g+b < 3*0x8000 {
					r = r.Union(image.Rect(x, y, x+1, y+1))
				}
			}
		}
		return r
	}
	up := extent(`<text transform="rotate(-90)" x="-100" y="30" text-anchor="middle" font-size="20">HEARTBEAT</text>`)
	level := extent(`<text x="100" y="30" text-anchor="middle" font-size="20">HEARTBEAT</text>`)
	if up.Dy() < 3*up.Dx() || level.Dx() < 3*level.Dy() {
		t.Fatalf("turned label %v, level label %v: want one tall, one wide", up, level)
	}
	// The turned one stands about its anchor (30, 100 of 200): left of
	// the middle, centred on it.
	if c := (up.Min.Y + up.Max.Y) / 2; up.Max.X > 400*40/200 || c < 400*90/200 || c > 400*110/200 {
		t.Errorf("turned label at %v, want it around x 30, y 100 of 200", up)
	}
}

func TestQuarterTurns(t *testing.T) {
	for tr, want := range map[string]int{"rotate(-90)": 3, "rotate(90)": 1, "rotate(180)": 2, "rotate(0)": 0, "rotate(45)": 0, "rotate(-90) scale(2)": 3, "rotate(-89.5)": 3} {
		if got := quarterTurns(parseTransform(tr)); got != want {
			t.Errorf("quarterTurns(%s) = %d, want %d", tr, got, want)
		}
	}
}

// drawnSVG is the picture rasterSVG makes of svg, decoded.
func drawnSVG(t *testing.T, svg []byte, maxSide int) image.Image {
	t.Helper()
	pic, err := rasterSVG(svg, maxSide)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(pic.data))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestParseTransform(t *testing.T) {
	for in, want := range map[string]svgMatrix{
		"translate(4 272)":              {1, 0, 0, 1, 4, 272},
		"scale(2) translate(1,1)":       {2, 0, 0, 2, 2, 2},
		"matrix(1 0 0 1 5 6)":           {1, 0, 0, 1, 5, 6},
		"skewX(30) translate(1)":        {1, 0, 0, 1, 1, 0},
		"scale(1 1) rotate(0) nonsense": identity,
	} {
		if got := parseTransform(in); got != want {
			t.Errorf("parseTransform(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzSVGTexts(f *testing.F) {
	data, err := os.ReadFile("../../testdata/svg/labels.svg")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`<svg><text x="1e308" y="-1e308" font-size="1e300" transform="rotate(1e9)">x</text></svg>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		texts := svgTexts(data)
		if len(texts) > maxSVGTexts {
			t.Fatalf("%d texts", len(texts))
		}
		img := image.NewRGBA(image.Rect(0, 0, 64, 32))
		drawSVGTexts(img, texts, 0, 0, 1, 1)
	})
}
