package testkit

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
)

// PNG returns a w×h PNG of soft stripes whose colours come from seed: the
// same arguments give the same bytes.
func PNG(w, h int, seed uint64) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, stripes(w, h, seed)); err != nil {
		panic(err) // encoding an in-memory RGBA into a buffer does not fail
	}
	return buf.Bytes()
}

// JPEG returns a w×h JPEG of stripes whose colours come from seed, its
// left half lighter than its right so that a turn shows. An orientation
// from 2 to 8 adds an EXIF segment asking readers to turn the pixels as
// that value says (6: a quarter turn clockwise); 0 or 1 adds none.
func JPEG(w, h int, seed uint64, orientation int) []byte {
	img := stripes(w, h, seed)
	for y := 0; y < h; y++ {
		for x := 0; x < w/2; x++ {
			c := img.RGBAAt(x, y)
			img.SetRGBA(x, y, color.RGBA{c.R/2 + 128, c.G/2 + 128, c.B/2 + 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		panic(err) // as in PNG
	}
	data := buf.Bytes()
	if orientation < 2 || orientation > 8 {
		return data
	}
	// SOI, then the APP1 segment, then the rest of the file as encoded.
	out := append([]byte{}, data[:2]...)
	out = append(out, exifOrientation(orientation)...)
	return append(out, data[2:]...)
}

// exifOrientation is an APP1 segment holding a big-endian TIFF header and
// one IFD with the single Orientation (0x0112) entry.
func exifOrientation(o int) []byte {
	tiff := []byte{'M', 'M', 0, 42, 0, 0, 0, 8, // header, IFD at offset 8
		0, 1, // one entry
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, byte(o), 0, 0, // Orientation, SHORT, count 1, value
		0, 0, 0, 0} // no next IFD
	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// stripes draws horizontal bands of two colours chosen by seed.
func stripes(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	a := color.RGBA{uint8(r.IntN(200)), uint8(r.IntN(200)), uint8(r.IntN(200)), 255}
	b := color.RGBA{uint8(55 + r.IntN(200)), uint8(55 + r.IntN(200)), uint8(55 + r.IntN(200)), 255}
	band := max(h/6, 1)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		c := a
		if (y/band)%2 == 1 {
			c = b
		}
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	return img
}
