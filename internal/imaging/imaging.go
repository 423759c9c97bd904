// Package imaging is the one image pipeline of the book, the stage between
// parsing and rendering: PrepareBook finds the images the posts show, and
// makes each distinct one ready once for both renderers. It refuses what
// is too large before decoding it, decodes what blogs hold (PNG, JPEG,
// GIF, WebP, BMP), turns photos upright, downscales what is larger than a page
// needs (and more, to keep the EPUB under a size), and re-encodes to what
// every e-reader and the PDF library read (JPEG or non-interlaced 8-bit
// PNG). Images that need none of this keep their bytes. The renderers only
// draw the prepared book.Asset values.
package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // registers GIF with image.Decode; it yields the first frame
	"image/jpeg"
	"image/png"
	"path"
	"strings"

	_ "golang.org/x/image/bmp" // registers BMP with image.Decode: Windows screenshots saved as .png
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP with image.Decode

	"github.com/anthology-book/anthology/internal/imaging/jpegscale"
)

// Media types of what Prepare returns.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	SVG  = "image/svg+xml"
)

// DefaultMaxSide is the long side, in pixels, above which images are
// downscaled. One size serves both books: it fills the screen of the
// e-readers most people hold (Kindle Paperwhite 1236×1648, Kobo Libra
// 1264×1680) and gives 300 ppi across the A5 and 6×9 text blocks (about
// 1,360 px) and some 260 ppi across the A4 and letter ones, past what a
// photo needs in print; larger would only spend the EPUB's size budget.
const DefaultMaxSide = 1600

// JPEGQuality is the quality re-encoded JPEGs get: invisible loss at a
// fraction of a camera's size.
const JPEGQuality = 85

// maxPixels bounds what Prepare decodes, so that a small file claiming to
// be an enormous image cannot exhaust memory. The largest camera sensors
// (100 MP) fit.
const maxPixels = 120_000_000

// ErrFormat is returned for data that is not an image Prepare reads.
var ErrFormat = errors.New("not a PNG, JPEG, GIF, WebP, BMP or SVG image")

// picture is an image made ready for the book.
type picture struct {
	data      []byte
	mediaType string // JPEG or PNG
	w, h      int    // upright and scaled
	srcW      int    // upright width before scaling
}

// prepare is Prepare for raster images. Its errors say what is wrong with
// the image without naming it: callers know the name.
func prepare(data []byte, maxSide int) (picture, error) {
	if maxSide <= 0 {
		maxSide = DefaultMaxSide
	}
	data = withoutBadAncillaryChunks(data)
	// The header says how large the image is: refuse an enormous one
	// before decoding allocates for it.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return picture{}, formatError(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxPixels {
		return picture{}, fmt.Errorf("its %d×%d pixels are over the limit of %d million", cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	o := 0
	if format == "jpeg" {
		o = orientation(data)
	}
	srcW := cfg.Width
	if o >= 5 {
		srcW = cfg.Height // turned a quarter
	}
	fits := max(cfg.Width, cfg.Height) <= maxSide
	switch {
	case format == "jpeg" && fits && o <= 1 && cfg.ColorModel != color.CMYKModel && !progressive(data):
		if err := checkJPEG(data); err != nil {
			return picture{}, fmt.Errorf("it cannot be decoded: %w", err)
		}
		return picture{data: data, mediaType: JPEG, w: cfg.Width, h: cfg.Height, srcW: srcW}, nil
	}
	defer holdPixels(heldSize(data, format, cfg, maxSide))()
	switch {
	case format == "png" && fits && plainPNG(data):
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			return picture{}, fmt.Errorf("it cannot be decoded: %w", err)
		}
		return picture{data: data, mediaType: PNG, w: cfg.Width, h: cfg.Height, srcW: srcW}, nil
	}
	img, err := decodeFor(data, format, cfg, maxSide)
	if err != nil {
		return picture{}, formatError(err)
	}
	// A rotation keeps the long side, so scaling first is the same and
	// turns fewer pixels.
	w, h := scaledSize(cfg.Width, cfg.Height, maxSide)
	img = orient(fitSize(img, w, h), o)
	pic := picture{mediaType: PNG, w: img.Bounds().Dx(), h: img.Bounds().Dy(), srcW: srcW}
	if format == "jpeg" {
		pic.mediaType = JPEG
		pic.data, err = encodeJPEG(img, JPEGQuality)
	} else {
		pic.data, err = encodePNG(img)
	}
	if err != nil {
		return picture{}, fmt.Errorf("it cannot be converted: %w", err)
	}
	return pic, nil
}

// Ext returns the file extension, with its dot, for a media type Prepare
// returns.
func Ext(mediaType string) string {
	switch mediaType {
	case JPEG:
		return ".jpg"
	case PNG:
		return ".png"
	case SVG:
		return ".svg"
	}
	return ""
}

func formatError(err error) error {
	if errors.Is(err, image.ErrFormat) {
		return ErrFormat
	}
	return fmt.Errorf("it cannot be decoded: %w", err)
}

func isSVG(data []byte, name string) bool {
	if !strings.EqualFold(path.Ext(name), ".svg") {
		return false
	}
	head := data[:min(len(data), 1024)]
	return bytes.Contains(head, []byte("<svg")) || bytes.HasPrefix(bytes.TrimSpace(head), []byte("<?xml"))
}

// plainPNG reports whether a PNG is non-interlaced with at most 8 bits per
// sample: what the PDF library embeds and every reader shows.
func plainPNG(data []byte) bool {
	// The IHDR chunk follows the 8-byte signature: length, type, width,
	// height, then bit depth (byte 24) and interlace method (byte 28).
	if len(data) < 29 || string(data[12:16]) != "IHDR" {
		return false
	}
	return data[24] <= 8 && data[28] == 0
}

// jpegDenom returns the largest of 8, 4 and 2 that a JPEG of w×h pixels
// can be decoded at 1/denom of (rounded up) and still be at least side
// long, or 1.
func jpegDenom(w, h, side int) int {
	long := max(w, h)
	for _, d := range []int{8, 4, 2} {
		if (long+d-1)/d >= side {
			return d
		}
	}
	return 1
}

// decodeFor decodes data, an image of the format and size cfg says, to be
// scaled to side on its long side: a JPEG at the smallest scale its
// decoder offers that still reaches side, which spares most of the
// inverse DCT and of the scaling (see package jpegscale).
func decodeFor(data []byte, format string, cfg image.Config, side int) (image.Image, error) {
	if format == "jpeg" {
		return jpegscale.DecodeScaled(bytes.NewReader(data), jpegDenom(cfg.Width, cfg.Height, side))
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// heldSize is the size of the pixels decodeFor holds at once, for
// holdPixels: a JPEG decoded at a smaller scale takes the pixels of that
// scale, unless it is progressive, whose coefficients are kept at full
// size until its last scan.
func heldSize(data []byte, format string, cfg image.Config, side int) (w, h int) {
	d := jpegDenom(cfg.Width, cfg.Height, side)
	if format != "jpeg" || progressive(data) {
		d = 1
	}
	return (cfg.Width + d - 1) / d, (cfg.Height + d - 1) / d
}

// scaledSize returns the size of a w×h image brought down to side on its
// long side, or w×h when that is no longer than side.
func scaledSize(w, h, side int) (int, int) {
	switch {
	case max(w, h) <= side:
		return w, h
	case w >= h:
		return side, max(1, h*side/w)
	}
	return max(1, w*side/h), side
}

// fit scales img down so that its long side is at most maxSide.
func fit(img image.Image, maxSide int) image.Image {
	w, h := scaledSize(img.Bounds().Dx(), img.Bounds().Dy(), maxSide)
	return fitSize(img, w, h)
}

// fitSize scales img down to w×h, the shape it has. An image decoded in
// planes (YCbCr: a JPEG or lossy WebP; grey: a grey JPEG or PNG) is scaled
// in them: each pixel the mean of the area it covers, the chroma made
// 4:2:0 on the way, as the JPEG encoder wants it. Other images: a large reduction
// first averages blocks of whole pixels, which is exact and fast, and
// leaves the last step, of less than twice, to an interpolation: bilinear
// after such an averaging, which has already smoothed what a smaller image
// cannot show; Catmull-Rom otherwise, for the sharp edges of drawings and
// screenshots. Bilinear is several times faster, and needs no buffer of
// the size of the source: x/image/draw's Catmull-Rom keeps 32 bytes for
// each source row of each destination column. An opaque image is worked
// on as RGBA all along, which image/draw and x/image/draw convert to and
// scale without going through a colour per pixel.
func fitSize(img image.Image, w, h int) image.Image {
	b := img.Bounds()
	if b.Dx() <= w && b.Dy() <= h {
		return img
	}
	switch m := img.(type) {
	case *image.YCbCr:
		if m.Rect.Min == (image.Point{}) && chromaShift(m.SubsampleRatio) != nil {
			return resizeYCbCr(m, w, h)
		}
	case *image.Gray:
		if m.Rect.Min == (image.Point{}) {
			return resizeGray(m, w, h)
		}
	}
	solid := opaque(img)
	var scaler xdraw.Scaler = xdraw.CatmullRom
	if k := max(b.Dx(), b.Dy()) / max(w, h); k >= 2 && min(b.Dx(), b.Dy()) >= k {
		if solid {
			img = asRGBA(boxShrink(asNRGBA(toRGBA(img)), k))
		} else {
			img = boxShrink(toNRGBA(img), k)
		}
		b = img.Bounds()
		scaler = xdraw.ApproxBiLinear
	}
	var dst draw.Image = image.NewNRGBA(image.Rect(0, 0, w, h))
	if solid {
		dst = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	scaler.Scale(dst, dst.Bounds(), img, b, xdraw.Src, nil)
	return dst
}

func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok && n.Rect.Min == (image.Point{}) {
		return n
	}
	dst := image.NewNRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
	return dst
}

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	dst := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
	return dst
}

// asNRGBA and asRGBA view the pixels of an opaque image as the other type:
// with every alpha at 255 the two hold the same bytes.
func asNRGBA(img *image.RGBA) *image.NRGBA {
	return &image.NRGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}
}

func asRGBA(img *image.NRGBA) *image.RGBA {
	return &image.RGBA{Pix: img.Pix, Stride: img.Stride, Rect: img.Rect}
}

// boxShrink averages each k x k block of src into one pixel, weighting
// colour by alpha so that transparent pixels do not darken the edges.
func boxShrink(src *image.NRGBA, k int) *image.NRGBA {
	w, h := src.Rect.Dx()/k, src.Rect.Dy()/k
	dst := image.NewNRGBA(image.Rect(0, 0, max(1, w), max(1, h)))
	solid := src.Opaque()
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var r, g, b, a uint64
			for yy := y * k; yy < y*k+k; yy++ {
				row := src.Pix[yy*src.Stride+x*k*4 : yy*src.Stride+(x*k+k)*4]
				for i := 0; i < len(row); i += 4 {
					pa := uint64(row[i+3])
					r += uint64(row[i]) * pa
					g += uint64(row[i+1]) * pa
					b += uint64(row[i+2]) * pa
					a += pa
				}
			}
			o := dst.PixOffset(x, y)
			if a > 0 {
				dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2] = uint8((r+a/2)/a), uint8((g+a/2)/a), uint8((b+a/2)/a)
			}
			n := uint64(k * k)
			dst.Pix[o+3] = uint8((a + n/2) / n)
			if solid {
				dst.Pix[o+3] = 255
			}
		}
	}
	return dst
}

// chromaShift returns, for a subsampling ratio, how far to shift a pixel's
// x and y right to find its chroma sample; nil for one it does not know.
func chromaShift(r image.YCbCrSubsampleRatio) *[2]uint {
	switch r {
	case image.YCbCrSubsampleRatio444:
		return &[2]uint{0, 0}
	case image.YCbCrSubsampleRatio422:
		return &[2]uint{1, 0}
	case image.YCbCrSubsampleRatio420:
		return &[2]uint{1, 1}
	case image.YCbCrSubsampleRatio440:
		return &[2]uint{0, 1}
	case image.YCbCrSubsampleRatio411:
		return &[2]uint{2, 0}
	case image.YCbCrSubsampleRatio410:
		return &[2]uint{2, 1}
	}
	return nil
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

// encodeJPEG writes img as a baseline 4:2:0 JPEG: through jpegscale's
// encoder when it takes img (the planes the scaling makes), which writes
// image/jpeg's bytes in less time, else through image/jpeg.
func encodeJPEG(img image.Image, quality int) ([]byte, error) {
	if jpegscale.Encodable(img) {
		return jpegscale.Encode(img, quality)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodePNG writes img as a non-interlaced PNG of 8 bits per sample; a
// paletted image keeps its palette. It compresses at zlib's default
// level: on a blog of large screenshots, the best level spent 13 s more
// of processor time (of 45) for an EPUB 0.3 % smaller.
func encodePNG(img image.Image) ([]byte, error) {
	switch img.(type) {
	case *image.Paletted, *image.Gray, *image.NRGBA, *image.RGBA:
	default:
		if opaque(img) {
			dst := image.NewRGBA(img.Bounds())
			draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
			img = dst
		} else {
			dst := image.NewNRGBA(img.Bounds())
			draw.Draw(dst, dst.Bounds(), img, img.Bounds().Min, draw.Src)
			img = dst
		}
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
