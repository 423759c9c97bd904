package jpegscale

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/testkit"
)

// A channel is one of an image's planes or interleaved channels as its
// decoder wrote it: luma or chroma at its own resolution, grey, or one of
// RGB or CMYK.
type channel struct {
	w, h int
	at   func(x, y int) float64
}

// channels splits img into its channels.
func channels(img image.Image) []channel {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	plane := func(pix []byte, stride, w, h int) channel {
		return channel{w, h, func(x, y int) float64 { return float64(pix[y*stride+x]) }}
	}
	interleaved := func(pix []byte, stride, n int) []channel {
		var cs []channel
		for k := range n {
			cs = append(cs, channel{w, h, func(x, y int) float64 { return float64(pix[y*stride+x*4+k]) }})
		}
		return cs
	}
	switch m := img.(type) {
	case *image.YCbCr:
		hd, vd := 1, 1
		switch m.SubsampleRatio {
		case image.YCbCrSubsampleRatio422:
			hd = 2
		case image.YCbCrSubsampleRatio420:
			hd, vd = 2, 2
		case image.YCbCrSubsampleRatio440:
			vd = 2
		case image.YCbCrSubsampleRatio411:
			hd = 4
		case image.YCbCrSubsampleRatio410:
			hd, vd = 4, 2
		}
		cw, ch := (w+hd-1)/hd, (h+vd-1)/vd
		return []channel{plane(m.Y, m.YStride, w, h), plane(m.Cb, m.CStride, cw, ch), plane(m.Cr, m.CStride, cw, ch)}
	case *image.Gray:
		return []channel{plane(m.Pix, m.Stride, w, h)}
	case *image.RGBA:
		return interleaved(m.Pix, m.Stride, 3)
	case *image.CMYK:
		return interleaved(m.Pix, m.Stride, 4)
	}
	panic(fmt.Sprintf("decoded as %T", img))
}

// boxed is c made 1/denom of its size by averaging each denom×denom group
// of samples (the groups on the right and bottom edges hold the samples
// there are).
func boxed(c channel, denom int) []float64 {
	w := (c.w + denom - 1) / denom
	out := make([]float64, w*((c.h+denom-1)/denom))
	count := make([]float64, len(out))
	for y := range c.h {
		for x := range c.w {
			i := (y/denom)*w + x/denom
			out[i] += c.at(x, y)
			count[i]++
		}
	}
	for i := range out {
		out[i] /= count[i]
	}
	return out
}

// psnr compares scaled, channel by channel, with the channels of full
// averaged down by denom.
func psnr(t *testing.T, scaled, full image.Image, denom int) float64 {
	t.Helper()
	got, want := channels(scaled), channels(full)
	var se, n float64
	for k, c := range got {
		ref := boxed(want[k], denom)
		if len(ref) != c.w*c.h {
			t.Fatalf("channel %d is %d×%d, want %d samples", k, c.w, c.h, len(ref))
		}
		for y := range c.h {
			for x := range c.w {
				d := c.at(x, y) - ref[y*c.w+x]
				se += d * d
				n++
			}
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return 10 * math.Log10(255*255*n/se)
}

// checkScaled decodes data at every scale and compares each with the
// standard library's full decode averaged down.
func checkScaled(t *testing.T, data []byte, minPSNR float64) {
	t.Helper()
	full, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fb := full.Bounds()
	for _, denom := range []int{1, 2, 4, 8} {
		img, err := DecodeScaled(bytes.NewReader(data), denom)
		if err != nil {
			t.Fatalf("1/%d: %v", denom, err)
		}
		if got, want := reflect.TypeOf(img), reflect.TypeOf(full); got != want {
			t.Errorf("1/%d: decoded as %v, want %v", denom, got, want)
		}
		want := image.Rect(0, 0, (fb.Dx()+denom-1)/denom, (fb.Dy()+denom-1)/denom)
		if img.Bounds() != want {
			t.Fatalf("1/%d: bounds %v, want %v", denom, img.Bounds(), want)
		}
		if denom == 1 {
			if !reflect.DeepEqual(img, full) {
				t.Errorf("1/1: the pixels differ from image/jpeg's")
			}
			continue
		}
		if p := psnr(t, img, full, denom); p < minPSNR {
			t.Errorf("1/%d: PSNR %.1f dB against the full decode averaged, want at least %.0f", denom, p, minPSNR)
		} else {
			t.Logf("1/%d: %.1f dB", denom, p)
		}
	}
}

// TestDecodeScaled checks every sampling ratio, baseline and progressive,
// with and without restart markers, grey, RGB and CMYK, at a size that
// ends in partial blocks (203×149), a few blocks (19×13) and less than
// one (7×5).
func TestDecodeScaled(t *testing.T) {
	files, err := filepath.Glob("testdata/*.jpg")
	if err != nil || len(files) < 18 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			// In a picture of a few blocks the edges weigh: a scaled
			// block averages the pixels the encoder padded it with too.
			minPSNR := 30.0
			if base := filepath.Base(name); strings.HasPrefix(base, "tiny") || strings.HasPrefix(base, "small") {
				minPSNR = 24
			}
			checkScaled(t, data, minPSNR)
		})
	}
}

// TestDecodeScaledPhoto checks a camera-sized photo of odd size as the
// standard library encodes it (4:2:0).
func TestDecodeScaledPhoto(t *testing.T) {
	if testing.Short() {
		t.Skip("a 1601×1199 photo")
	}
	checkScaled(t, testkit.Photo(1601, 1199, 3), 30)
}

// TestDecodeScaledDC checks that an eighth is the mean of each block: on a
// grey image of flat blocks it is exact.
func TestDecodeScaledDC(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 24, 16))
	for y := range 16 {
		for x := range 24 {
			src.Pix[y*src.Stride+x] = uint8(40 * (x/8 + 2*(y/8)))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, src, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	img, err := DecodeScaled(bytes.NewReader(buf.Bytes()), 8)
	if err != nil {
		t.Fatal(err)
	}
	g := img.(*image.Gray)
	for y := range 2 {
		for x := range 3 {
			want := 40 * (x + 2*y)
			if got := int(g.GrayAt(x, y).Y); got < want-1 || got > want+1 {
				t.Errorf("block (%d, %d) = %d, want %d", x, y, got, want)
			}
		}
	}
}

// TestDecodeScaledBadInput checks that a cut or damaged JPEG gives an
// error, not a panic, wherever it is cut, and that a scale other than 1,
// 2, 4 or 8 is refused.
func TestDecodeScaledBadInput(t *testing.T) {
	for _, name := range []string{"testdata/420p.jpg", "testdata/422p.jpg", "testdata/420r.jpg", "testdata/444.jpg"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 2, 20, 200, len(data) / 3, len(data) / 2, len(data) - 2} {
			if _, err := DecodeScaled(bytes.NewReader(data[:n]), 2); err == nil {
				t.Errorf("%s cut at %d bytes: no error", name, n)
			}
		}
		for i := 0; i < len(data); i += 97 {
			bad := bytes.Clone(data)
			bad[i] ^= 0x5a
			_, err1 := DecodeScaled(bytes.NewReader(bad), 4)
			_, err2 := jpeg.Decode(bytes.NewReader(bad))
			if (err1 == nil) != (err2 == nil) {
				t.Errorf("%s with byte %d changed: error %v, image/jpeg's %v", name, i, err1, err2)
			}
		}
	}
	for _, denom := range []int{0, 3, 16, -2} {
		if _, err := DecodeScaled(bytes.NewReader(nil), denom); err == nil {
			t.Errorf("scale 1/%d: no error", denom)
		}
	}
}

// decodeBothWays decodes data at 1/denom with the Huffman fast path and
// without, and says how they differ, if they do.
func decodeBothWays(data []byte, denom int) (image.Image, string, error) {
	fast, err := DecodeScaled(bytes.NewReader(data), denom)
	fastHuffman = false
	defer func() { fastHuffman = true }()
	slow, slowErr := DecodeScaled(bytes.NewReader(data), denom)
	if (err == nil) != (slowErr == nil) || (err != nil && err.Error() != slowErr.Error()) {
		return fast, fmt.Sprintf("error %v, without the fast path %v", err, slowErr), err
	}
	if !reflect.DeepEqual(fast, slow) {
		return fast, "the pixels differ from those without the fast path", err
	}
	return fast, "", err
}

// TestHuffmanFastPath checks that decoding codes from bits fetched ahead
// gives the pixels and errors the standard library's one code at a time
// gives, on whole files and on damaged ones.
func TestHuffmanFastPath(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.jpg")
	files = append(files, "photo")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if name == "photo" {
			data, err = testkit.Photo(333, 251, 5), nil
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, denom := range []int{1, 2, 4, 8} {
			if _, diff, err := decodeBothWays(data, denom); err != nil || diff != "" {
				t.Errorf("%s at 1/%d: %v %s", name, denom, err, diff)
			}
		}
		for i := 0; i < len(data); i += 151 {
			bad := bytes.Clone(data)
			bad[i] ^= 0x21
			if _, diff, _ := decodeBothWays(bad, 2); diff != "" {
				t.Errorf("%s with byte %d changed: %s", name, i, diff)
			}
			if _, diff, _ := decodeBothWays(data[:i], 4); diff != "" {
				t.Errorf("%s cut at byte %d: %s", name, i, diff)
			}
		}
	}
}

// FuzzDecodeScaled checks that the scaled decoder never panics, accepts
// what image/jpeg accepts and nothing else, returns the bounds it
// promises (at 1/1 image/jpeg's very pixels), and decodes the same with
// and without its Huffman fast path.
func FuzzDecodeScaled(f *testing.F) {
	// Small seeds: the fuzzer mutates and shrinks them fast.
	files, _ := filepath.Glob("testdata/[st]*.jpg")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(1))
	}
	f.Fuzz(func(t *testing.T, data []byte, k uint8) {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		denom := 1 << (k % 4)
		img, diff, err := decodeBothWays(data, denom)
		if diff != "" {
			t.Fatalf("1/%d: %s", denom, diff)
		}
		std, stdErr := jpeg.Decode(bytes.NewReader(data))
		if (err == nil) != (stdErr == nil) {
			t.Fatalf("1/%d: error %v, image/jpeg's %v", denom, err, stdErr)
		}
		if err != nil {
			return
		}
		if denom == 1 && !reflect.DeepEqual(img, std) {
			t.Fatal("1/1: the pixels differ from image/jpeg's")
		}
		want := image.Rect(0, 0, (cfg.Width+denom-1)/denom, (cfg.Height+denom-1)/denom)
		if want.Empty() {
			want = image.Rectangle{}
		}
		if img.Bounds() != want {
			t.Fatalf("1/%d: bounds %v, want %v", denom, img.Bounds(), want)
		}
	})
}

func ExampleDecodeScaled() {
	img, err := DecodeScaled(bytes.NewReader(testkit.Photo(1600, 1200, 1)), 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(img.Bounds().Dx(), img.Bounds().Dy())
	// Output: 800 600
}

// BenchmarkDecodeScaled decodes a camera-sized photo (testkit.Photo,
// 1600×1200) with image/jpeg and at every scale.
func BenchmarkDecodeScaled(b *testing.B) {
	data := testkit.Photo(1600, 1200, 1)
	b.Run("image-jpeg", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, denom := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprint("1/", denom), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := DecodeScaled(bytes.NewReader(data), denom); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
