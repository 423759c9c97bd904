package imaging

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/image/bmp"
)

// photo is a w x h image with gradients, so that encoders have some work.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = uint8(x*255/w), uint8(y*255/h), uint8((x^y)&0xff), 255
		}
	}
	return img
}

func encJPEG(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encPNG(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encGIF(t testing.TB, img image.Image) []byte {
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeSize(t *testing.T, data []byte) (string, int, int) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("output does not decode: %v", err)
	}
	return format, cfg.Width, cfg.Height
}

func TestPrepare(t *testing.T) {
	small := photo(300, 200)
	nrgba16 := image.NewNRGBA64(image.Rect(0, 0, 40, 30))
	nrgba16.Set(3, 3, color.NRGBA64{R: 0xffff, A: 0x8000})
	tests := []struct {
		name      string
		data      []byte
		maxSide   int
		wantType  string
		wantW     int
		wantH     int
		unchanged bool
	}{
		{"big.jpg", encJPEG(t, photo(6000, 4000)), 0, JPEG, 1600, 1066, false},
		{"tall.jpg", encJPEG(t, photo(400, 3200)), 1600, JPEG, 200, 1600, false},
		{"small.jpg", encJPEG(t, small), 0, JPEG, 300, 200, true},
		{"small.png", encPNG(t, small), 0, PNG, 300, 200, true},
		{"big.png", encPNG(t, photo(2000, 500)), 1000, PNG, 1000, 250, false},
		{"anim.gif", encGIF(t, small), 0, PNG, 300, 200, false},
		{"deep.png", encPNG(t, nrgba16), 0, PNG, 40, 30, false},
		{"named-wrong.png", encJPEG(t, small), 0, JPEG, 300, 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, mt, err := prepareNamed(tt.data, tt.name, tt.maxSide)
			if err != nil {
				t.Fatal(err)
			}
			if mt != tt.wantType {
				t.Errorf("media type = %q, want %q", mt, tt.wantType)
			}
			format, w, h := decodeSize(t, out)
			if "image/"+format != mt {
				t.Errorf("bytes are %s, media type says %s", format, mt)
			}
			if w != tt.wantW || h != tt.wantH {
				t.Errorf("size = %dx%d, want %dx%d", w, h, tt.wantW, tt.wantH)
			}
			if got := bytes.Equal(out, tt.data); got != tt.unchanged {
				t.Errorf("bytes unchanged = %v, want %v", got, tt.unchanged)
			}
			if mt == PNG && !plainPNG(out) {
				t.Error("PNG output is interlaced or 16-bit")
			}
			again, _, _ := prepareNamed(tt.data, tt.name, tt.maxSide)
			if !bytes.Equal(out, again) {
				t.Error("two runs give different bytes")
			}
		})
	}
}

func TestPrepareErrors(t *testing.T) {
	jpg := encJPEG(t, photo(64, 64))
	pngData := encPNG(t, photo(64, 64))
	tests := []struct {
		name string
		data []byte
	}{
		{"empty.png", nil},
		{"text.jpg", []byte("hello, this is not an image")},
		{"truncated.jpg", jpg[:len(jpg)/2]},
		{"truncated.png", pngData[:len(pngData)/2]},
		{"bomb.png", pngHeader(100000, 100000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := prepareNamed(tt.data, tt.name, 0); err == nil {
				t.Error("no error")
			} else if !bytes.Contains([]byte(err.Error()), []byte(tt.name)) {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// pngHeader is the start of a PNG that claims to be w x h.
func pngHeader(w, h int) []byte {
	b := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	b = binary.BigEndian.AppendUint32(b, uint32(w))
	b = binary.BigEndian.AppendUint32(b, uint32(h))
	return append(b, 8, 2, 0, 0, 0, 0, 0, 0, 0)
}

func TestPrepareInterlacedPNG(t *testing.T) {
	src := photo(37, 23) // sizes that leave some Adam7 passes partial
	data := adam7PNG(src)
	if plainPNG(data) {
		t.Fatal("test image is not interlaced")
	}
	out, mt, err := prepareNamed(data, "interlaced.png", 0)
	if err != nil {
		t.Fatal(err)
	}
	if mt != PNG || !plainPNG(out) {
		t.Fatalf("got %s, plain %v", mt, plainPNG(out))
	}
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != src.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), src.Bounds())
	}
	for y := 0; y < 23; y++ {
		for x := 0; x < 37; x++ {
			if color.RGBAModel.Convert(got.At(x, y)) != src.RGBAAt(x, y) {
				t.Fatalf("pixel %d,%d changed: not lossless", x, y)
			}
		}
	}
}

// adam7PNG writes img as an interlaced 8-bit RGBA PNG, which Go's encoder
// cannot do.
func adam7PNG(img *image.RGBA) []byte {
	passes := [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	var raw bytes.Buffer
	for _, p := range passes {
		for y := p[1]; y < h; y += p[3] {
			if p[0] >= w {
				break
			}
			raw.WriteByte(0) // filter: none
			for x := p[0]; x < w; x += p[2] {
				i := img.PixOffset(x, y)
				raw.Write(img.Pix[i : i+4])
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	chunk := func(out []byte, typ string, data []byte) []byte {
		out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
		start := len(out)
		out = append(out, typ...)
		out = append(out, data...)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 1) // 8 bits, RGBA, deflate, adaptive, Adam7
	out := []byte("\x89PNG\r\n\x1a\n")
	out = chunk(out, "IHDR", ihdr)
	out = chunk(out, "IDAT", z.Bytes())
	return chunk(out, "IEND", nil)
}

// The WebP files were made with cwebp (lossy -q 80 and -lossless) from a
// 120x80 gradient; Go has no WebP encoder.
func TestPrepareWebP(t *testing.T) {
	for _, name := range []string{"photo.webp", "lossless.webp"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		out, mt, err := prepareNamed(data, name, 0)
		if err != nil {
			t.Fatal(err)
		}
		if format, w, h := decodeSize(t, out); mt != PNG || format != "png" || w != 120 || h != 80 {
			t.Errorf("%s: got %s (%s %dx%d), want PNG 120x80", name, mt, format, w, h)
		}
	}
}

// TestPrepareBMP reads a BMP, as browsers and so blogs show it (often
// under a .png name): it becomes a PNG of the same pixels.
func TestPrepareBMP(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 30, 20))
	for x := range 30 {
		src.Set(x, 5, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, src); err != nil {
		t.Fatal(err)
	}
	out, mt, err := prepareNamed(buf.Bytes(), "screenshot.png", 0)
	if err != nil {
		t.Fatal(err)
	}
	if format, w, h := decodeSize(t, out); mt != PNG || format != "png" || w != 30 || h != 20 {
		t.Fatalf("got %s (%s %dx%d), want PNG 30x20", mt, format, w, h)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := img.At(7, 5).RGBA(); r>>8 != 200 {
		t.Errorf("pixel (7,5) red %d, want 200", r>>8)
	}
}

func TestPrepareSVG(t *testing.T) {
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`)
	out, mt, err := prepareNamed(svg, "d.svg", 0)
	if err != nil || mt != SVG || !bytes.Equal(out, svg) {
		t.Errorf("prepareNamed(svg) = %q, %q, %v", out, mt, err)
	}
}

func TestOrientation(t *testing.T) {
	// A 4x2 photo stored turned left (orientation 6) must come out 2x4.
	img := photo(1800, 900)
	data := withEXIFOrientation(encJPEG(t, img), 6)
	if got := orientation(data); got != 6 {
		t.Fatalf("orientation = %d, want 6", got)
	}
	out, _, err := prepareNamed(data, "turned.jpg", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, w, h := decodeSize(t, out); w != 800 || h != 1600 {
		t.Errorf("size = %dx%d, want 800x1600", w, h)
	}
	for _, o := range []int{1, 2, 3, 4, 5, 6, 7, 8} {
		src := photo(3, 2)
		got := orient(src, o).Bounds()
		want := image.Rect(0, 0, 3, 2)
		if o >= 5 {
			want = image.Rect(0, 0, 2, 3)
		}
		if got != want {
			t.Errorf("orient(%d) bounds = %v, want %v", o, got, want)
		}
	}
	// Orientation 6: the top-left pixel goes to the top-right corner.
	src := photo(3, 2)
	dst := orient(src, 6).(*image.RGBA)
	if src.RGBAAt(0, 0) != dst.RGBAAt(1, 0) || src.RGBAAt(2, 1) != dst.RGBAAt(0, 2) {
		t.Error("orientation 6 does not turn the image right")
	}
}

// withEXIFOrientation inserts an APP1 EXIF segment after SOI.
func withEXIFOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01")
	tiff = append(tiff, 0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func FuzzPrepare(f *testing.F) {
	f.Add(encPNG(f, photo(8, 8)), "a.png")
	f.Add(encJPEG(f, photo(8, 8)), "a.jpg")
	f.Add(encGIF(f, photo(8, 8)), "a.gif")
	// Larger than the fuzz's 64 px: decoded at a smaller scale, turned.
	f.Add(withEXIFOrientation(encJPEG(f, photo(150, 70)), 6), "b.jpg")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		out, mt, err := prepareNamed(data, name, 64)
		if err != nil {
			return
		}
		if mt == SVG {
			return
		}
		if _, _, err := image.DecodeConfig(bytes.NewReader(out)); err != nil {
			t.Fatalf("output of %s does not decode: %v", mt, err)
		}
	})
}

// TestPrepareScaledJPEG checks JPEGs of every kind the decoder reads
// (the scaled decoder's fixtures: each sampling, progressive, grey, RGB,
// CMYK) made smaller than half their size, so decoded at a smaller scale:
// each pixel must show the mean of the area it covers.
func TestPrepareScaledJPEG(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("jpegscale", "testdata", "[0-9cgr]*.jpg"))
	if err != nil || len(files) < 10 {
		t.Fatalf("fixtures: %v %v", files, err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		pic, err := prepare(data, 60) // 203×149 to 60×44, decoded at 102×75
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if pic.mediaType != JPEG || pic.w != 60 || pic.h != 44 {
			t.Fatalf("%s: %s %dx%d", name, pic.mediaType, pic.w, pic.h)
		}
		full, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := jpeg.Decode(bytes.NewReader(pic.data))
		if err != nil {
			t.Fatal(err)
		}
		var se float64
		for y := range 44 {
			for x := range 60 {
				want := areaMean(full, 60, 44, x, y)
				c := color.RGBAModel.Convert(got.At(x, y)).(color.RGBA)
				for k, v := range []uint8{c.R, c.G, c.B} {
					d := float64(v) - want[k]
					se += d * d
				}
			}
		}
		// The area means of the full image are the ideal; this small,
		// grainy picture with sharp red bars loses some 2 dB to the
		// decoding at half size and 1 to 6 to the encoder (RGB and CMYK
		// pictures' colour made 4:2:0): 22.5 dB at least.
		if psnr := 10 * math.Log10(255*255*3*60*44/se); psnr < 21 {
			t.Errorf("%s: PSNR %.1f dB against the area means of the full image", name, psnr)
		}
	}
}

// TestOrientYCbCr checks that a photo turned in its planes shows what it
// shows turned as RGBA, for every orientation and subsampling.
func TestOrientYCbCr(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{image.YCbCrSubsampleRatio420, image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422} {
		src := image.NewYCbCr(image.Rect(0, 0, 6, 4), ratio)
		for y := range 4 {
			for x := range 6 {
				src.Y[src.YOffset(x, y)] = uint8(40 + 20*x + 7*y)
				// Chroma the same over each 2×2 block, so that 4:2:0
				// loses nothing.
				c := src.COffset(x, y)
				src.Cb[c], src.Cr[c] = uint8(100+10*(x/2)), uint8(150-12*(y/2))
			}
		}
		for o := 2; o <= 8; o++ {
			got := orient(src, o)
			want := orient(toRGBA(src), o)
			if _, ok := got.(*image.YCbCr); !ok || got.Bounds() != want.Bounds() {
				t.Fatalf("%v, orientation %d: %T %v, want %v", ratio, o, got, got.Bounds(), want.Bounds())
			}
			b := got.Bounds()
			for y := range b.Dy() {
				for x := range b.Dx() {
					if g, w := color.RGBAModel.Convert(got.At(x, y)), want.At(x, y); g != w {
						t.Fatalf("%v, orientation %d: pixel (%d, %d) is %v, want %v", ratio, o, x, y, g, w)
					}
				}
			}
		}
	}
}

func TestFitExtremeShapes(t *testing.T) {
	tests := []struct{ w, h, maxSide, wantW, wantH int }{
		{10000, 3, 1600, 1600, 1},
		{3, 10000, 1600, 1, 1600},
		{4000, 4000, 1000, 1000, 1000},
		{3300, 1000, 1600, 1600, 484},
	}
	for _, tt := range tests {
		img := image.NewNRGBA(image.Rect(0, 0, tt.w, tt.h))
		for i := range img.Pix {
			img.Pix[i] = 200
		}
		got := fit(img, tt.maxSide)
		if b := got.Bounds(); b.Dx() != tt.wantW || b.Dy() != tt.wantH {
			t.Errorf("fit(%dx%d, %d) = %dx%d, want %dx%d", tt.w, tt.h, tt.maxSide, b.Dx(), b.Dy(), tt.wantW, tt.wantH)
		}
		// A flat image stays flat: no dark edges from the filters.
		if c := color.NRGBAModel.Convert(got.At(0, 0)).(color.NRGBA); c.R < 195 || c.A < 195 {
			t.Errorf("fit(%dx%d): corner %v", tt.w, tt.h, c)
		}
	}
}

// testdata/progressive.jpg was made with libjpeg's cjpeg -progressive from
// a 120x80 gradient.
func TestPrepareProgressiveJPEG(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "progressive.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	if !progressive(data) {
		t.Fatal("fixture is not progressive")
	}
	out, mt, err := prepareNamed(data, "progressive.jpg", 0)
	if err != nil {
		t.Fatal(err)
	}
	if mt != JPEG || progressive(out) || bytes.Equal(out, data) {
		t.Errorf("got %s, progressive %v", mt, progressive(out))
	}
	if _, w, h := decodeSize(t, out); w != 120 || h != 80 {
		t.Errorf("size %dx%d", w, h)
	}
	if progressive(encJPEG(t, photo(8, 8))) {
		t.Error("Go's baseline JPEG seen as progressive")
	}
}

// prepareNamed is prepare as the tests call it: an image ready for the book and its media type. name is
// the image's file name, for messages and to tell SVG. maxSide <= 0 means
// DefaultMaxSide. JPEGs stay JPEG (quality 85 when re-encoded), PNGs stay
// lossless PNG, GIF (its first frame) and WebP become PNG; an interlaced
// or 16-bit PNG is rewritten as a plain one. A JPEG or PNG that needs no
// change comes back as the same bytes. A JPEG is re-encoded as a baseline
// RGB one when it is progressive or CMYK (which Kindle tools reject) or
// when EXIF says to turn it (its copy is turned, as EXIF does not survive).
// SVG passes through unchanged.
func prepareNamed(data []byte, name string, maxSide int) ([]byte, string, error) {
	if isSVG(data, name) {
		return data, SVG, nil
	}
	pic, err := prepare(data, maxSide)
	if err != nil {
		return nil, "", fmt.Errorf("read image %q: %w", name, err)
	}
	return pic.data, pic.mediaType, nil
}

// TestCheckJPEG checks the walk that stands for a decode of the JPEGs kept
// as they are: it takes what the decoder takes and refuses a file cut
// anywhere short of its end, as the decoder does.
func TestCheckJPEG(t *testing.T) {
	whole := encJPEG(t, photo(96, 64))
	if _, err := jpeg.Decode(bytes.NewReader(whole)); err != nil {
		t.Fatal(err)
	}
	// A restart marker in the scan's data, as cameras write them.
	sos := bytes.Index(whole, []byte{0xFF, 0xDA})
	mid := sos + (len(whole)-sos)/2
	withRestarts := append(append(bytes.Clone(whole[:mid]), 0xFF, 0xD3), whole[mid:]...)
	for name, data := range map[string][]byte{
		"whole":               whole,
		"with EXIF":           withEXIFOrientation(whole, 6),
		"with a restart":      withRestarts,
		"bytes after its end": append(bytes.Clone(whole), "trailing"...),
	} {
		if err := checkJPEG(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for cut := 0; cut < len(whole)-1; cut += max(1, len(whole)/97) {
		if checkJPEG(whole[:cut]) == nil {
			t.Errorf("cut at byte %d of %d: no error", cut, len(whole))
		}
	}
	if checkJPEG(whole[:len(whole)-1]) == nil {
		t.Error("no end marker: no error")
	}
	noFrame := append([]byte{0xFF, 0xD8}, whole[bytes.Index(whole, []byte{0xFF, 0xDA}):]...)
	if checkJPEG(noFrame) == nil {
		t.Error("image data without a frame header: no error")
	}
}

// areaMean is the mean RGB of the area of img that pixel (x, y) of a w×h
// copy of it covers, computed in floating point pixel by pixel.
func areaMean(img image.Image, w, h, x, y int) [3]float64 {
	b := img.Bounds()
	fx0, fx1 := float64(x)*float64(b.Dx())/float64(w), float64(x+1)*float64(b.Dx())/float64(w)
	fy0, fy1 := float64(y)*float64(b.Dy())/float64(h), float64(y+1)*float64(b.Dy())/float64(h)
	var sum [3]float64
	var total float64
	for sy := int(fy0); float64(sy) < fy1; sy++ {
		for sx := int(fx0); float64(sx) < fx1; sx++ {
			a := (min(fx1, float64(sx+1)) - max(fx0, float64(sx))) * (min(fy1, float64(sy+1)) - max(fy0, float64(sy)))
			c := color.RGBAModel.Convert(img.At(sx, sy)).(color.RGBA)
			sum[0] += a * float64(c.R)
			sum[1] += a * float64(c.G)
			sum[2] += a * float64(c.B)
			total += a
		}
	}
	for k := range sum {
		sum[k] /= total
	}
	return sum
}

// TestResizeYCbCr checks that scaling a decoded photo in its planes gives
// each pixel the colour of the area it covers, for every chroma
// subsampling and for ratios whole and not.
func TestResizeYCbCr(t *testing.T) {
	for _, ratio := range []image.YCbCrSubsampleRatio{
		image.YCbCrSubsampleRatio444, image.YCbCrSubsampleRatio422, image.YCbCrSubsampleRatio420,
		image.YCbCrSubsampleRatio440, image.YCbCrSubsampleRatio411, image.YCbCrSubsampleRatio410,
	} {
		src := image.NewYCbCr(image.Rect(0, 0, 61, 47), ratio)
		// Smooth colours inside the RGB cube, as a photo's are: chroma
		// subsampled differently is then the same picture, and no colour
		// is clamped.
		for y := range 47 {
			for x := range 61 {
				src.Y[src.YOffset(x, y)] = uint8(60 + x + 2*y)
				c := src.COffset(x, y)
				src.Cb[c], src.Cr[c] = uint8(110+x/4), uint8(130-y/4)
			}
		}
		for _, size := range [][2]int{{30, 23}, {20, 15}, {45, 34}, {60, 46}, {7, 5}, {1, 1}} {
			w, h := size[0], size[1]
			got := resizeYCbCr(src, w, h)
			if got.Rect != image.Rect(0, 0, w, h) || got.SubsampleRatio != image.YCbCrSubsampleRatio420 {
				t.Fatalf("%v to %dx%d: %v %v", ratio, w, h, got.Rect, got.SubsampleRatio)
			}
			for y := range h {
				for x := range w {
					want := areaMean(src, w, h, x, y)
					c := got.RGBA64At(x, y)
					for k, v := range []uint16{c.R >> 8, c.G >> 8, c.B >> 8} {
						if d := float64(v) - want[k]; d < -4 || d > 4 {
							t.Fatalf("%v to %dx%d: pixel (%d, %d) channel %d is %d, want %.1f", ratio, w, h, x, y, k, v, want[k])
						}
					}
				}
			}
		}
	}
}

// TestResizeFlat checks that a flat plane stays exactly flat at any size,
// and that a whole ratio gives the mean of each block of grey.
func TestResizeFlat(t *testing.T) {
	for _, sw := range []int{1, 7, 61, 800} {
		for _, w := range []int{1, 3, 5, 7, 33, 731} {
			if w > sw {
				continue
			}
			src := image.NewYCbCr(image.Rect(0, 0, sw, 5), image.YCbCrSubsampleRatio420)
			for i := range src.Y {
				src.Y[i] = 77
			}
			for i := range src.Cb {
				src.Cb[i], src.Cr[i] = 140, 99
			}
			got := resizeYCbCr(src, w, 3)
			for i, v := range got.Y {
				if v != 77 {
					t.Fatalf("%d to %d: luma %d is %d", sw, w, i, v)
				}
			}
			for i := range got.Cb {
				if got.Cb[i] != 140 || got.Cr[i] != 99 {
					t.Fatalf("%d to %d: chroma %d is %d, %d", sw, w, i, got.Cb[i], got.Cr[i])
				}
			}
		}
	}
	src := image.NewGray(image.Rect(0, 0, 9, 6))
	for i := range src.Pix {
		src.Pix[i] = uint8(i * 37 % 256)
	}
	got := resizeGray(src, 3, 2)
	for y := range 2 {
		for x := range 3 {
			sum := 0
			for yy := range 3 {
				for xx := range 3 {
					sum += int(src.GrayAt(3*x+xx, 3*y+yy).Y)
				}
			}
			if v, want := int(got.GrayAt(x, y).Y), (sum+4)/9; v < want-1 || v > want+1 {
				t.Errorf("block (%d, %d) is %d, want %d", x, y, v, want)
			}
		}
	}
}

// TestPNGWithBadTextChunk checks that a PNG whose text chunk has a wrong
// checksum is read, without it, as browsers read it; one whose pixels'
// checksum is wrong is still refused.
func TestPNGWithBadTextChunk(t *testing.T) {
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	// A zTXt chunk with a wrong checksum, after IHDR (8 + 25 bytes).
	chunk := []byte("\x00\x00\x00\x04zTXtabcd\x00\x00\x00\x00")
	withBad := append(append(append([]byte{}, good[:33]...), chunk...), good[33:]...)
	if _, err := png.Decode(bytes.NewReader(withBad)); err == nil {
		t.Fatal("the standard decoder reads it: the test proves nothing")
	}
	pic, err := prepare(withBad, 0)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	if !bytes.Equal(pic.data, good) {
		t.Error("the bad chunk is kept")
	}
	// The same flaw in the pixels' chunk is refused.
	broken := append([]byte{}, good...)
	broken[len(broken)-13] ^= 0xff // IDAT's checksum, before IEND's 12 bytes
	if _, err := prepare(broken, 0); err == nil {
		t.Error("a PNG whose pixels' checksum is wrong is read")
	}
}
