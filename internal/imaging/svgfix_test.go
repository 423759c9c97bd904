package imaging

import (
	"bytes"
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRasterSVGCompat draws the drawings of testdata/svg, each written in
// a way oksvg does not read as it is.
func TestRasterSVGCompat(t *testing.T) {
	files, err := filepath.Glob("../../testdata/svg/*.svg")
	if err != nil || len(files) < 3 {
		t.Fatalf("fixtures: %v, %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pic, err := rasterSVG(data, 800)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if pic.mediaType != PNG || pic.w < 2*pic.h-1 || pic.w > 2*pic.h+1 {
			t.Errorf("%s: %s %dx%d, want a PNG twice as wide as high", filepath.Base(f), pic.mediaType, pic.w, pic.h)
		}
	}
}

func TestSVGCompat(t *testing.T) {
	for in, want := range map[string]string{
		`<svg width="2in" height="1in" viewBox="0 0 2 1"><path stroke="transparent"/></svg>`: `<svg viewBox="0 0 2 1"><path stroke="none"/></svg>`,
		`<svg width="30" height="20"><g style="fill: transparent"/></svg>`:                   `<svg viewBox="0 0 30 20" width="30" height="20"><g style="fill: none"/></svg>`,
		`<svg width="1in" height="1in"/>`:                                                    `<svg viewBox="0 0 96 96" width="96" height="96"/>`,
		`<svg width="100%" height="50%"></svg>`:                                              `<svg width="100%" height="50%"></svg>`,
		`<p>not a drawing</p>`:                                                               `<p>not a drawing</p>`,
		`<path fill="currentColor"/><g style="fill: currentcolor"/>`:                         `<path fill="black"/><g style="fill: black"/>`,
		`<rect style="fill: light-dark(#ffffff, var(--ge-dark-color, #121212));"/>`:          `<rect style="fill: #ffffff;"/>`,
		`<rect fill="var(--accent, rgb(1, 2, 3))" stroke="var(--line)"/>`:                    `<rect fill="rgb(1, 2, 3)" stroke="none"/>`,
		`<rect fill="var(--broken"/>`:                                                        `<rect/>`,
		`<rect fill="e2e2e2" stroke='#123'/>`:                                                `<rect stroke='#123'/>`,
		`<stop stop-color=" #fff "/><stop stop-color="inherit"/>`:                            `<stop stop-color="#fff"/><stop/>`,
		`<g style="fill:e2e2e2;stroke: red"/><g style="stroke:#zzz"/>`:                       `<g style=";stroke: red"/><g style=""/>`,
		`<style>.a{fill:blue !important;stroke:hsl(1)}</style>`:                              `<style>.a{fill:blue;}</style>`,
		`<rect fill="url(#grad)" stroke="rgb(1,2)"/>`:                                        `<rect fill="url(#grad)"/>`,
		`<path fill="rgba(0, 92, 153, 0.5)"/>`:                                               `<path fill="rgb(0,92,153)" fill-opacity="0.5"/>`,
		`<g style="stroke: rgb(0 92 153 / 25%)"/>`:                                           `<g style="stroke:rgb(0,92,153);stroke-opacity:0.25"/>`,
		`<stop stop-color="#0c08"/><rect fill="#ff000000"/>`:                                 `<stop stop-color="#00cc00" stop-opacity="0.5333333333333333"/><rect fill="#ff0000" fill-opacity="0"/>`,
	} {
		if got := string(svgCompat([]byte(in))); got != want {
			t.Errorf("svgCompat(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestTranslucentPaint draws a colour with an alpha (rgba(), as mind
// maps and draw.io write it) as a browser does, over what is under it,
// where oksvg alone refused the whole drawing.
func TestTranslucentPaint(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">` +
		`<rect width="100" height="50" fill="white"/><rect width="50" height="50" fill="rgba(255, 0, 0, 0.5)"/></svg>`
	img := drawnSVG(t, []byte(svg), 100)
	b := img.Bounds()
	r, g, bl, _ := img.At(b.Min.X+b.Dx()/4, b.Min.Y+b.Dy()/2).RGBA()
	if r>>8 < 240 || g>>8 < 100 || g>>8 > 160 || bl>>8 < 100 || bl>>8 > 160 {
		t.Errorf("half-red over white drawn as %d,%d,%d, want about 255,128,128", r>>8, g>>8, bl>>8)
	}
	r, g, bl, _ = img.At(b.Min.X+3*b.Dx()/4, b.Min.Y+b.Dy()/2).RGBA()
	if r>>8 < 240 || g>>8 < 240 || bl>>8 < 240 {
		t.Errorf("the white half drawn as %d,%d,%d", r>>8, g>>8, bl>>8)
	}
}

func FuzzSVGCompat(f *testing.F) {
	for _, s := range []string{`<svg width="2in" height="1in"><path fill="transparent"/></svg>`, `<svg width='3' height='4'>`, `<svg`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		once := svgCompat(data)
		if twice := svgCompat(once); !bytes.Equal(once, twice) {
			t.Fatalf("svgCompat not settled: %q -> %q -> %q", data, once, twice)
		}
	})
}

// TestNestedSVG draws a drawing whose shapes are in a nested <svg> without
// a height (a flame graph's frames) at the root's size, the nested one
// moved to its x.
func TestNestedSVG(t *testing.T) {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">` +
		`<rect x="0" y="0" width="200" height="100" fill="white"/>` +
		`<svg id="frames" x="100" width="100"><rect x="0" y="0" width="50" height="100" fill="black"/><text x="10" y="50" fill="red">f</text></svg></svg>`
	img := drawnSVG(t, []byte(svg), 200)
	b := img.Bounds()
	if b.Dx() != 2*b.Dy() {
		t.Fatalf("drawn %v, want twice as wide as high", b)
	}
	dark := func(fx, fy float64) bool {
		r, g, bl, _ := img.At(int(fx*float64(b.Dx())), int(fy*float64(b.Dy()))).RGBA()
		return r+g+bl < 3*0x8000
	}
	if dark(0.25, 0.2) || !dark(0.62, 0.2) || dark(0.9, 0.2) {
		t.Errorf("the nested drawing's black rectangle should cover x 100 to 150 of 200 only")
	}
}

// TestBadPaintIgnored draws a drawing one of whose paints is no colour
// (a hex colour without its #): a browser ignores that paint and draws
// the rest, and so is it drawn here.
func TestBadPaintIgnored(t *testing.T) {
	data, err := os.ReadFile("../../testdata/svg/paint-without-hash.svg")
	if err != nil {
		t.Fatal(err)
	}
	img := drawnSVG(t, data, 200)
	b := img.Bounds()
	r, g, bl, _ := img.At(b.Dx()/2, b.Dy()/2).RGBA()
	if r>>8 < 0xb0 || g>>8 > 0x20 || bl>>8 > 0x20 {
		t.Errorf("centre of the circle is %02x%02x%02x, want red", r>>8, g>>8, bl>>8)
	}
	// The rectangle without a readable fill is filled black, the
	// initial fill, as a browser fills it.
	if r, g, bl, _ := img.At(2, 2).RGBA(); r+g+bl > 3*0x2000 {
		t.Errorf("corner is %02x%02x%02x, want black", r>>8, g>>8, bl>>8)
	}
}

// TestSVGReadError checks that a drawing that cannot be drawn is said to
// be so in words, not in the SVG reader's.
func TestSVGReadError(t *testing.T) {
	for svg, want := range map[string]string{
		`<svg viewBox="0 0 10 10"><rect width="10" height="10"</svg>`:                    "not well-formed XML (line 1",
		`<svg viewBox="0 0 10 10"><rect width="10" height="10" stroke-width="x"/></svg>`: `has "x" where a number is wanted`,
		`<svg viewBox="0 0 10 10"><g transform="rotate(1 2)"/></svg>`:                    "transform or colour written in a way",
	} {
		_, err := rasterSVG([]byte(svg), 100)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("rasterSVG(%s) = %v, want an error saying %q", svg, err, want)
		}
	}
}

// TestTextPaint reads a text's fill as the drawing's shapes' are: one
// that is no colour is ignored, the text keeping the fill it inherits.
func TestTextPaint(t *testing.T) {
	white := color.Color(color.White)
	for in, want := range map[string]color.Color{
		"#c00":     color.RGBA{0xcc, 0, 0, 255},
		"e2e2e2":   white,
		"#zzz":     white,
		"inherit":  white,
		"none":     nil,
		"navy":     color.Black,
		"rgb(1,2)": white,
	} {
		if got := paint(in, white); got != want {
			t.Errorf("paint(%q) = %v, want %v", in, got, want)
		}
	}
}
