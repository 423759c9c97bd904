package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/draw"
)

// orientation returns the EXIF orientation of a JPEG (1 to 8), or 0 when
// it has none. Cameras store photos as the sensor saw them and say in EXIF
// how to turn them; a re-encoded copy loses EXIF, so Prepare turns the
// pixels itself.
func orientation(data []byte) int {
	o := 0
	WalkJPEG(data, func(marker byte, seg []byte) bool {
		if marker == 0xE1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			o = exifOrientation(seg[6:])
			return false
		}
		return true
	})
	return o
}

// WalkJPEG calls fn with each marker segment of a JPEG before its image
// data (its content, after the marker and length), until fn returns false.
func WalkJPEG(data []byte, fn func(marker byte, seg []byte) bool) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return
	}
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			return
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8): // no length
			i += 2
			continue
		case marker == 0xDA || marker == 0xD9: // image data or end
			return
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return
		}
		if !fn(marker, data[i+4:i+2+size]) {
			return
		}
		i += 2 + size
	}
}

// progressive reports whether a JPEG is progressive (its frame header is
// SOF2), which Kindle tools refuse.
func progressive(data []byte) bool {
	found := false
	WalkJPEG(data, func(marker byte, _ []byte) bool {
		if marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC {
			found = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
			return false
		}
		return true
	})
	return found
}

// exifOrientation reads tag 0x0112 of IFD0 of a TIFF structure.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	ifd := int(bo.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 0
	}
	n := int(bo.Uint16(tiff[ifd:]))
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(tiff) {
			return 0
		}
		if bo.Uint16(tiff[e:]) == 0x0112 {
			v := int(bo.Uint16(tiff[e+8:]))
			if v < 1 || v > 8 {
				return 0
			}
			return v
		}
	}
	return 0
}

// orient turns img as EXIF orientation o asks, so that it shows upright
// without EXIF.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	if y, ok := img.(*image.YCbCr); ok && y.Rect.Min == (image.Point{}) && chromaShift(y.SubsampleRatio) != nil {
		return orientYCbCr(y, o)
	}
	src, ok := img.(*image.RGBA)
	if !ok {
		src = image.NewRGBA(img.Bounds())
		draw.Draw(src, src.Bounds(), img, img.Bounds().Min, draw.Src)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := turn(x, y, w, h, o)
			si := src.PixOffset(b.Min.X+x, b.Min.Y+y)
			di := dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// orientYCbCr is orient for a decoded photo, turned in its planes so that
// the JPEG encoder gets them as they are: its chroma is made 4:2:0 (as
// the encoder would) and each plane is turned on its own.
func orientYCbCr(src *image.YCbCr, o int) *image.YCbCr {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if src.SubsampleRatio != image.YCbCrSubsampleRatio420 {
		src = resizeYCbCr(src, w, h)
	}
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewYCbCr(image.Rect(0, 0, dw, dh), image.YCbCrSubsampleRatio420)
	orientPlane(dst.Y, dst.YStride, src.Y, src.YStride, w, h, o)
	cw, ch := (w+1)/2, (h+1)/2
	orientPlane(dst.Cb, dst.CStride, src.Cb, src.CStride, cw, ch, o)
	orientPlane(dst.Cr, dst.CStride, src.Cr, src.CStride, cw, ch, o)
	return dst
}

// orientPlane writes the w×h samples of src to dst turned as orientation o
// says.
func orientPlane(dst []byte, dstStride int, src []byte, srcStride, w, h, o int) {
	for y := range h {
		row := src[y*srcStride : y*srcStride+w]
		for x, v := range row {
			dx, dy := turn(x, y, w, h, o)
			dst[dy*dstStride+dx] = v
		}
	}
}

// turn returns where pixel (x, y) of a w×h image goes under orientation o.
func turn(x, y, w, h, o int) (int, int) {
	switch o {
	case 2: // mirrored
		return w - 1 - x, y
	case 3: // upside down
		return w - 1 - x, h - 1 - y
	case 4: // mirrored upside down
		return x, h - 1 - y
	case 5: // mirrored along the top-left diagonal
		return y, x
	case 6: // turned left: turn right
		return h - 1 - y, x
	case 7: // mirrored along the top-right diagonal
		return h - 1 - y, w - 1 - x
	case 8: // turned right: turn left
		return y, w - 1 - x
	}
	return x, y
}

// checkJPEG walks a JPEG's segments and the data of its scans to its end,
// and says what is wrong if it is cut short or malformed: what a full
// decode would find of a file that lost its end or took in other bytes,
// read at the speed of a copy rather than of a decode. A JPEG kept as it
// is (one that fits the book as it is) is checked so; one that is
// re-encoded is decoded anyway.
func checkJPEG(data []byte) error {
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return errors.New("it does not start as a JPEG does")
	}
	frame, scans := false, 0
	for i := 2; ; {
		if i+2 > len(data) {
			return errors.New("the file is cut short")
		}
		if data[i] != 0xFF {
			return fmt.Errorf("no marker at byte %d", i)
		}
		marker := data[i+1]
		switch {
		case marker == 0xFF: // fill byte
			i++
			continue
		case marker == 0xD9:
			if !frame || scans == 0 {
				return errors.New("it ends before its image data")
			}
			return nil
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8):
			i += 2
			continue
		}
		if i+4 > len(data) {
			return errors.New("the file is cut short")
		}
		size := int(binary.BigEndian.Uint16(data[i+2:]))
		if size < 2 || i+2+size > len(data) {
			return errors.New("the file is cut short")
		}
		switch {
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			frame = true
		case marker == 0xDA && !frame:
			return errors.New("its image data comes before its frame header")
		}
		i += 2 + size
		if marker != 0xDA {
			continue
		}
		// The scan's entropy-coded data runs to the next marker other
		// than a stuffed zero or a restart.
		scans++
		for {
			k := bytes.IndexByte(data[i:], 0xFF)
			if k < 0 || i+k+1 >= len(data) {
				return errors.New("the file is cut short")
			}
			i += k
			if next := data[i+1]; next == 0x00 || (next >= 0xD0 && next <= 0xD7) {
				i += 2
				continue
			}
			break
		}
	}
}
