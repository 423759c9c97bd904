package imaging

import (
	"image"
)

// The resampling here works on the planes of a decoded photo (luma and
// chroma, or grey) and gives each sample of the smaller image the mean of
// the area of the source it covers: what a box filter gives at a whole
// ratio, and its fair extension at any other. In integers, so that the
// same image gives the same bytes on every machine.

// weightBits is the precision of the weights: each sample's sum to
// 1<<weightBits.
const weightBits = 14

// taps says how one output sample is made from a row or column of the
// source: from the samples first, first+1, ... weighed by weights[lo:hi].
type taps struct {
	first  int
	lo, hi int
}

// areaTaps returns the taps of dstLen samples taken from srcLen: output
// sample o covers [o·num, (o+1)·num) where source sample i covers
// [i·den, (i+1)·den), the part past the source's end left out. weights
// holds the weights of all of them.
func areaTaps(srcLen, dstLen int, num, den int64) (ts []taps, weights []uint32) {
	ts = make([]taps, dstLen)
	for o := range ts {
		start, end := int64(o)*num, int64(o+1)*num
		first := int(start / den)
		last := min(int((end-1)/den), srcLen-1)
		first = min(first, last)
		lo := len(weights)
		var total int64
		for i := first; i <= last; i++ {
			total += min(end, int64(i+1)*den) - max(start, int64(i)*den)
		}
		var sum uint32
		heaviest := lo
		for i := first; i <= last; i++ {
			part := min(end, int64(i+1)*den) - max(start, int64(i)*den)
			w := uint32(0)
			if total > 0 {
				w = uint32(part << weightBits / total)
			}
			weights = append(weights, w)
			sum += w
			if w > weights[heaviest] {
				heaviest = len(weights) - 1
			}
		}
		// Rounding down loses a little: the heaviest tap takes it, so that
		// a flat area stays exactly flat.
		weights[heaviest] += 1<<weightBits - sum
		ts[o] = taps{first: first, lo: lo, hi: len(weights)}
	}
	return ts, weights
}

// A plane is 8-bit samples, w×h, rows stride apart.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

// resample fills dst from src with the area means that xs and ys say:
// first along rows, into w×src.h samples of 8 fractional bits, then
// along columns.
func resample(dst, src plane, xs []taps, xw []uint32, ys []taps, yw []uint32) {
	const midBits = 8
	mid := make([]uint16, dst.w*src.h)
	for y := range src.h {
		row := src.pix[y*src.stride : y*src.stride+src.w]
		out := mid[y*dst.w : (y+1)*dst.w]
		for x, t := range xs {
			var s uint32
			for i, w := range xw[t.lo:t.hi] {
				s += w * uint32(row[t.first+i])
			}
			out[x] = uint16((s + 1<<(weightBits-midBits-1)) >> (weightBits - midBits))
		}
	}
	const shift = weightBits + midBits
	acc := make([]uint32, dst.w)
	for y, t := range ys {
		clear(acc)
		for i, w := range yw[t.lo:t.hi] {
			in := mid[(t.first+i)*dst.w : (t.first+i+1)*dst.w]
			for x, v := range in {
				acc[x] += w * uint32(v)
			}
		}
		out := dst.pix[y*dst.stride : y*dst.stride+dst.w]
		for x, s := range acc {
			out[x] = uint8((s + 1<<(shift-1)) >> shift)
		}
	}
}

// resizePlane resamples src into dst, the two covering the same picture.
func resizePlane(dst, src plane) {
	xs, xw := areaTaps(src.w, dst.w, int64(src.w), int64(dst.w))
	ys, yw := areaTaps(src.h, dst.h, int64(src.h), int64(dst.h))
	resample(dst, src, xs, xw, ys, yw)
}

// resizeGray makes src w×h.
func resizeGray(src *image.Gray, w, h int) *image.Gray {
	dst := image.NewGray(image.Rect(0, 0, w, h))
	b := src.Bounds()
	resizePlane(plane{pix: dst.Pix, stride: dst.Stride, w: w, h: h},
		plane{pix: src.Pix, stride: src.Stride, w: b.Dx(), h: b.Dy()})
	return dst
}

// resizeYCbCr makes src, which starts at (0, 0), w×h with 4:2:0 chroma,
// what the JPEG encoder writes anyway. Each chroma sample is the mean of
// the source's chroma under the 2×2 pixels it stands for, whatever the
// source's subsampling.
func resizeYCbCr(src *image.YCbCr, w, h int) *image.YCbCr {
	sh := chromaShift(src.SubsampleRatio)
	dst := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	sw, sHeight := src.Rect.Dx(), src.Rect.Dy()
	resizePlane(plane{pix: dst.Y, stride: dst.YStride, w: w, h: h},
		plane{pix: src.Y, stride: src.YStride, w: sw, h: sHeight})
	hd, vd := 1<<sh[0], 1<<sh[1]
	scw, sch := (sw+hd-1)/hd, (sHeight+vd-1)/vd
	cw, ch := (w+1)/2, (h+1)/2
	// Output chroma sample o stands for pixels [2o, 2o+2) of the output,
	// [2o·sw/w, (2o+2)·sw/w) of the source, whose chroma sample i stands
	// for pixels [i·hd, (i+1)·hd): in units of 1/(w·hd) pixel, [o·2sw,
	// (o+1)·2sw) and [i·w·hd, (i+1)·w·hd).
	xs, xw := areaTaps(scw, cw, int64(2*sw), int64(w*hd))
	ys, yw := areaTaps(sch, ch, int64(2*sHeight), int64(h*vd))
	for _, p := range [][2][]byte{{dst.Cb, src.Cb}, {dst.Cr, src.Cr}} {
		resample(plane{pix: p[0], stride: dst.CStride, w: cw, h: ch},
			plane{pix: p[1], stride: src.CStride, w: scw, h: sch}, xs, xw, ys, yw)
	}
	return dst
}
