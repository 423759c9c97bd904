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
	defer holdPixels(cfg.Width, cfg.Height)()
	switch {
	case format == "png" && fits && plainPNG(data):
		if _, err := png.Decode(bytes.NewReader(data)); err != nil {
			return picture{}, fmt.Errorf("it cannot be decoded: %w", err)
		}
		return picture{data: data, mediaType: PNG, w: cfg.Width, h: cfg.Height, srcW: srcW}, nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return picture{}, formatError(err)
	}
	// A rotation keeps the long side, so scaling first is the same and
	// turns fewer pixels.
	img = orient(fit(img, maxSide), o)
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

// fit scales img down so that its long side is at most maxSide. A large
// reduction first averages blocks of whole pixels, which is exact and fast,
// and leaves the last step, of less than twice, to an interpolation:
// bilinear after such an averaging, which has already smoothed what a
// smaller image cannot show, and for a photo (a JPEG or lossy WebP,
// decoded as YCbCr), whose grain hides what bilinear loses; Catmull-Rom
// otherwise, for the sharp edges of drawings and screenshots. Bilinear is
// several times faster, and needs no buffer of the size of the source: x/image/draw's
// Catmull-Rom keeps 32 bytes for each source row of each destination
// column. An opaque image is worked on as RGBA all along, which
// image/draw and x/image/draw convert to and scale without going through
// a colour per pixel.
func fit(img image.Image, maxSide int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if max(w, h) <= maxSide {
		return img
	}
	solid := opaque(img)
	var scaler xdraw.Scaler = xdraw.CatmullRom
	if _, photo := img.(*image.YCbCr); photo {
		scaler = xdraw.ApproxBiLinear
	}
	if k := max(w, h) / maxSide; k >= 2 && min(w, h) >= k {
		if y, ok := img.(*image.YCbCr); ok && y.Rect.Min == (image.Point{}) && chromaShift(y.SubsampleRatio) != nil {
			img = boxShrinkYCbCr(y, k)
		} else if solid {
			img = asRGBA(boxShrink(asNRGBA(toRGBA(img)), k))
		} else {
			img = boxShrink(toNRGBA(img), k)
		}
		b = img.Bounds()
		scaler = xdraw.ApproxBiLinear
	}
	if w >= h {
		w, h = maxSide, max(1, h*maxSide/w)
	} else {
		w, h = max(1, w*maxSide/h), maxSide
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

// boxShrinkYCbCr is boxShrink for a decoded JPEG, read in its own planes:
// each k x k block's luma and chroma are averaged, then made one RGB
// pixel, rather than every pixel being made RGB and then averaged (the
// same colour, the transform being linear, in a fraction of the time).
func boxShrinkYCbCr(src *image.YCbCr, k int) *image.RGBA {
	sh := chromaShift(src.SubsampleRatio)
	w, h := src.Rect.Dx()/k, src.Rect.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, max(1, w), max(1, h)))
	n := uint32(k * k)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var sy, scb, scr uint32
			for yy := y * k; yy < y*k+k; yy++ {
				lum := src.Y[yy*src.YStride+x*k : yy*src.YStride+x*k+k]
				crow := (yy >> sh[1]) * src.CStride
				for i, v := range lum {
					c := crow + (x*k+i)>>sh[0]
					sy += uint32(v)
					scb += uint32(src.Cb[c])
					scr += uint32(src.Cr[c])
				}
			}
			r, g, b := color.YCbCrToRGB(uint8((sy+n/2)/n), uint8((scb+n/2)/n), uint8((scr+n/2)/n))
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = r, g, b, 255
		}
	}
	return dst
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return false
}

func encodeJPEG(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encodePNG writes img as a non-interlaced PNG of 8 bits per sample; a
// paletted image keeps its palette.
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
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
