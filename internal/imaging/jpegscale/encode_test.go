package jpegscale

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// encodeCases are images of the two kinds Encode takes: sizes that fill
// whole blocks and sizes that leave the last blocks partly outside,
// noise (long Huffman codes, 0xff bytes to stuff) and smooth gradients
// (long runs of zeros), and a photo scaled as the image stage scales one.
func encodeCases(t testing.TB) map[string]image.Image {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := func(p []uint8) {
		for i := range p {
			p[i] = uint8(rng.IntN(256))
		}
	}
	gradient := func(p []uint8, stride int) {
		for i := range p {
			x, y := i%stride, i/stride
			p[i] = uint8(x*3 + y*2)
		}
	}
	cases := map[string]image.Image{}
	for _, size := range []image.Point{{1, 1}, {8, 8}, {16, 16}, {7, 9}, {17, 33}, {61, 47}, {200, 3}} {
		r := image.Rect(0, 0, size.X, size.Y)
		for _, kind := range []string{"noise", "gradient"} {
			c := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
			g := image.NewGray(r)
			if kind == "noise" {
				noise(c.Y)
				noise(c.Cb)
				noise(c.Cr)
				noise(g.Pix)
			} else {
				gradient(c.Y, c.YStride)
				gradient(c.Cb, c.CStride)
				gradient(c.Cr, c.CStride)
				gradient(g.Pix, g.Stride)
			}
			cases[fmt.Sprintf("ycbcr-%s-%dx%d", kind, size.X, size.Y)] = c
			cases[fmt.Sprintf("gray-%s-%dx%d", kind, size.X, size.Y)] = g
		}
	}
	photo, err := DecodeScaled(bytes.NewReader(testkit.Photo(400, 300, 3)), 2)
	if err != nil {
		t.Fatal(err)
	}
	cases["photo-200x150"] = photo
	return cases
}

// TestEncodeSameBytes holds Encode to image/jpeg.Encode's bytes, at
// qualities on both sides of 50 (where the tables' scaling changes) and at
// the ends, where the divisors are smallest and largest.
func TestEncodeSameBytes(t *testing.T) {
	for name, img := range encodeCases(t) {
		if !Encodable(img) {
			t.Fatalf("%s: not encodable", name)
		}
		for _, q := range []int{-3, 1, 10, 49, 50, 75, 90, 100, 120} {
			var want bytes.Buffer
			if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: q}); err != nil {
				t.Fatal(err)
			}
			got, err := Encode(img, q)
			if err != nil {
				t.Fatalf("%s at %d: %v", name, q, err)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s at quality %d: %d bytes, image/jpeg wrote %d (first difference at %d)", name, q, len(got), want.Len(), firstDifference(got, want.Bytes()))
			}
		}
	}
}

func firstDifference(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// TestReciprocalDivides checks div against the rounded division it
// replaces, for every divisor the tables can hold and every value a
// coefficient can take.
func TestReciprocalDivides(t *testing.T) {
	want := func(a, b int32) int32 {
		if a >= 0 {
			return (a + (b >> 1)) / b
		}
		return -((-a + (b >> 1)) / b)
	}
	for q := int32(1); q <= 255; q++ {
		d := uint32(8 * q)
		r := (1<<32 + uint64(d) - 1) / uint64(d)
		for a := int32(-1 << 15); a < 1<<15; a++ {
			if got := div(a, d, r); got != want(a, int32(d)) {
				t.Fatalf("div(%d, %d) = %d, want %d", a, d, got, want(a, int32(d)))
			}
		}
	}
}

func TestEncodeRefuses(t *testing.T) {
	for name, img := range map[string]image.Image{
		"4:4:4":    image.NewYCbCr(image.Rect(0, 0, 8, 8), image.YCbCrSubsampleRatio444),
		"offset":   image.NewYCbCr(image.Rect(2, 2, 10, 10), image.YCbCrSubsampleRatio420),
		"rgba":     image.NewRGBA(image.Rect(0, 0, 8, 8)),
		"gray16":   image.NewGray16(image.Rect(0, 0, 8, 8)),
		"empty":    image.NewGray(image.Rect(0, 0, 0, 0)),
		"too wide": image.NewGray(image.Rect(0, 0, 1<<16, 1)),
	} {
		if _, err := Encode(img, 75); err == nil {
			t.Errorf("%s: encoded", name)
		}
	}
}

// BenchmarkEncode writes a photo scaled to 731×548, as the 50 MB budget
// scales a blog's 1600×1200 photos, with image/jpeg and with Encode.
func BenchmarkEncode(b *testing.B) {
	half, err := DecodeScaled(bytes.NewReader(testkit.Photo(1462, 1096, 1)), 2)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("image-jpeg", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, half, &jpeg.Options{Quality: 75}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Encode", func(b *testing.B) {
		for b.Loop() {
			if _, err := Encode(half, 75); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// FuzzEncode holds Encode to image/jpeg's bytes on images of any size up
// to 40×40 and any quality, their samples taken from the input.
func FuzzEncode(f *testing.F) {
	f.Add(uint8(17), uint8(9), int8(75), true, []byte{0, 255, 128, 7})
	f.Add(uint8(1), uint8(1), int8(1), false, []byte{255})
	f.Fuzz(func(t *testing.T, w, h uint8, quality int8, gray bool, samples []byte) {
		r := image.Rect(0, 0, int(w%40)+1, int(h%40)+1)
		var img image.Image
		fill := func(p []uint8) {
			for i := range p {
				if len(samples) > 0 {
					p[i] = samples[i%len(samples)] + uint8(i/len(samples))
				}
			}
		}
		if gray {
			g := image.NewGray(r)
			fill(g.Pix)
			img = g
		} else {
			c := image.NewYCbCr(r, image.YCbCrSubsampleRatio420)
			fill(c.Y)
			fill(c.Cb)
			fill(c.Cr)
			img = c
		}
		var want bytes.Buffer
		if err := jpeg.Encode(&want, img, &jpeg.Options{Quality: int(quality)}); err != nil {
			t.Fatal(err)
		}
		got, err := Encode(img, int(quality))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%v at quality %d: bytes differ at %d", r, quality, firstDifference(got, want.Bytes()))
		}
	})
}
