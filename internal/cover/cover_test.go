package cover

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"
)

func TestGenerate(t *testing.T) {
	tests := []struct {
		name, title, author, years string
	}{
		{"sample", "Cloud in the Alps", "Frederi Mandin", "2017–2026"},
		{"long title", "L'IA ne remplace pas les gens — elle casse les organisations en silence, et personne ne le voit venir avant qu'il ne soit trop tard", "Ann Example", "2019"},
		{"no author or years", "Notes", "", ""},
		{"empty title", "   ", "Someone", ""},
		{"one long word", "Supercalifragilisticexpialidociousnessitudes", "Ann Example", "2020"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Generate(tt.title, tt.author, tt.years)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Generate(tt.title, tt.author, tt.years)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(data, again) {
				t.Error("two covers of the same book differ")
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("cover is not a PNG: %v", err)
			}
			if b := img.Bounds(); b.Dx() != Width || b.Dy() != Height {
				t.Errorf("size = %v, want %dx%d", b, Width, Height)
			}
			// Text is drawn: the title's area holds pixels of the text colour.
			bg, fg := Colors(tt.title)
			if strings.TrimSpace(tt.title) == "" {
				bg, fg = Colors("Anthology") // the title a book without one gets
			}
			if n := countNear(img, image.Rect(margin, 400, Width-margin, 1400), fg); n < 1000 {
				t.Errorf("%d text pixels in the title area", n)
			}
			if tt.author != "" {
				if n := countNear(img, image.Rect(margin, Height-500, Width-margin, Height-300), fg); n < 300 {
					t.Errorf("%d text pixels in the author area", n)
				}
			}
			if c := color.RGBAModel.Convert(img.At(20, 20)); c != bg {
				t.Errorf("corner = %v, want background %v", c, bg)
			}
			if c, want := color.RGBAModel.Convert(img.At(91, Height/2)).(color.RGBA), blend(bg, fg, 0.45); !near(c, want) {
				t.Errorf("frame = %v, want %v", c, want)
			}
			if os.Getenv("COVER_OUT") != "" {
				os.WriteFile(os.Getenv("COVER_OUT")+"/"+tt.name+".png", data, 0o644)
			}
		})
	}
}

func countNear(img image.Image, r image.Rectangle, c color.RGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			p := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if absDiff(p.R, c.R) < 8 && absDiff(p.G, c.G) < 8 && absDiff(p.B, c.B) < 8 {
				n++
			}
		}
	}
	return n
}

func near(a, b color.RGBA) bool {
	return absDiff(a.R, b.R) <= 1 && absDiff(a.G, b.G) <= 1 && absDiff(a.B, b.B) <= 1
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

func TestColors(t *testing.T) {
	a, _ := Colors("Cloud in the Alps")
	b, _ := Colors("Cloud in the Alps")
	c, _ := Colors("Another book")
	if a != b {
		t.Error("same title, different colours")
	}
	if a == c {
		t.Error("different titles, same colour")
	}
	// Deep enough for white text: luminance well under the middle.
	for _, title := range []string{"a", "b", "Cloud in the Alps", "Notes", "Été"} {
		bg, _ := Colors(title)
		if l := 0.2126*float64(bg.R) + 0.7152*float64(bg.G) + 0.0722*float64(bg.B); l > 110 {
			t.Errorf("%q: background %v too light (%.0f)", title, bg, l)
		}
	}
}

func TestYears(t *testing.T) {
	tests := []struct {
		first, last int
		want        string
	}{
		{0, 0, ""},
		{2019, 2019, "2019"},
		{2017, 2026, "2017–2026"},
	}
	for _, tt := range tests {
		if got := Years(tt.first, tt.last); got != tt.want {
			t.Errorf("Years(%d, %d) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}

// TestOver checks that a glyph's coverage is laid over the ink already
// drawn, and that a glyph reaching past the cover's edge is cut there.
func TestOver(t *testing.T) {
	dst := image.NewAlpha(image.Rect(0, 0, 4, 1))
	dst.Pix[1], dst.Pix[2] = 255, 100
	mask := image.NewAlpha(image.Rect(0, 0, 6, 1))
	copy(mask.Pix, []uint8{0, 128, 0, 255, 9, 9})
	// The mask's first pixel falls left of the cover, its last two right.
	over(dst, image.Rect(-1, 0, 5, 1), mask, image.Point{})
	if want := []uint8{128, 255, 255, 9}; !bytes.Equal(dst.Pix, want) {
		t.Errorf("ink = %v, want %v", dst.Pix, want)
	}
	// A mask that is not an *image.Alpha gives the same ink.
	gray := image.NewGray(image.Rect(0, 0, 1, 1))
	gray.Pix[0] = 128
	other := image.NewAlpha(image.Rect(0, 0, 1, 1))
	over(other, other.Rect, gray, image.Point{})
	if other.Pix[0] != 255 {
		t.Errorf("opaque gray mask gave ink %d, want 255", other.Pix[0])
	}
}

// BenchmarkGenerate draws a cover with a title of two lines, an author and
// years: what an EPUB without a cover of its own costs (8 ms on the 2-core
// machine of the README's benchmarks).
func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate("Notes from a Generated Blog of Many Posts", "Ann Example", "2015–2026"); err != nil {
			b.Fatal(err)
		}
	}
}
