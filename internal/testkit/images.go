package testkit

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
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

// Photo returns a w×h JPEG (quality 85, 4:2:0) that costs what a camera's
// photo costs to read: soft shapes of colour under a grain of noise, so
// that it is about as large as a photo of its size (some 430 KB at
// 1600×1200) and no two seeds give the same picture. The same arguments
// give the same bytes.
func Photo(w, h int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 0xf070))
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	// Brightness is a sum of waves along x and along y, each read from a
	// table: cheap to draw, smooth like light on a subject.
	wave := func(n int, waves int) []float64 {
		t := make([]float64, n)
		for range waves {
			freq, phase, amp := 1+r.Float64()*12, r.Float64()*2*math.Pi, 10+r.Float64()*30
			for i := range t {
				t[i] += amp * math.Sin(freq*2*math.Pi*float64(i)/float64(n)+phase)
			}
		}
		return t
	}
	lx, ly := wave(w, 3), wave(h, 3)
	base := 100 + r.Float64()*56
	noise := r.Uint32() | 1
	for y := range h {
		row := img.Y[y*img.YStride : y*img.YStride+w]
		for x := range row {
			noise ^= noise << 13
			noise ^= noise >> 17
			noise ^= noise << 5
			v := base + lx[x] + ly[y] + float64(noise%25) - 12
			row[x] = uint8(max(0, min(255, v)))
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	bx, by := wave(cw, 2), wave(ch, 2)
	rx, ry := wave(cw, 2), wave(ch, 2)
	for y := range ch {
		for x := range cw {
			img.Cb[y*img.CStride+x] = uint8(max(0, min(255, 128+(bx[x]+by[y])/2)))
			img.Cr[y*img.CStride+x] = uint8(max(0, min(255, 128+(rx[x]+ry[y])/2)))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		panic(err) // as in PNG
	}
	return buf.Bytes()
}
