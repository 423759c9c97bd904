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

// taps says how each output sample of a row or column is made from the
// source's: sample o from the n source samples from first[o] on, weighed by
// weights[o·n:(o+1)·n]. Every output sample has the same number of taps,
// some of weight 0, so that the loops over them are short and fixed.
type taps struct {
	n       int
	first   []int
	weights []uint32
}

// areaTaps returns the taps of dstLen samples taken from srcLen: output
// sample o covers [o·num, (o+1)·num) where source sample i covers
// [i·den, (i+1)·den), the part past the source's end left out.
func areaTaps(srcLen, dstLen int, num, den int64) taps {
	span := func(o int) (first, last int) {
		start, end := int64(o)*num, int64(o+1)*num
		last = min(int((end-1)/den), srcLen-1)
		return min(int(start/den), last), last
	}
	t := taps{n: 1, first: make([]int, dstLen)}
	for o := range dstLen {
		first, last := span(o)
		t.n = max(t.n, last-first+1)
	}
	t.n = min(t.n, srcLen)
	t.weights = make([]uint32, dstLen*t.n)
	for o := range dstLen {
		first, last := span(o)
		start, end := int64(o)*num, int64(o+1)*num
		var total int64
		for i := first; i <= last; i++ {
			total += min(end, int64(i+1)*den) - max(start, int64(i)*den)
		}
		// The window of n taps starts at first, or earlier near the end
		// of the source; the samples it holds past the area weigh 0.
		t.first[o] = min(first, srcLen-t.n)
		w := t.weights[o*t.n : (o+1)*t.n]
		var sum uint32
		heaviest := 0
		for i := first; i <= last; i++ {
			part := min(end, int64(i+1)*den) - max(start, int64(i)*den)
			k := i - t.first[o]
			w[k] = uint32(part << weightBits / total)
			sum += w[k]
			if w[k] > w[heaviest] {
				heaviest = k
			}
		}
		// Rounding down loses a little: the heaviest tap takes it, so that
		// a flat area stays exactly flat.
		w[heaviest] += 1<<weightBits - sum
	}
	return t
}

// A plane is 8-bit samples, w×h, rows stride apart.
type plane struct {
	pix    []byte
	stride int
	w, h   int
}

// resample fills dst from src with the area means that xs (along rows)
// and ys (along columns) say: first along rows, into dst.w×src.h samples
// of midBits fractional bits, then along columns.
func resample(dst, src plane, xs, ys taps) {
	const midBits = 8
	const r1 = 1 << (weightBits - midBits - 1)
	mid := make([]uint16, dst.w*src.h)
	for y := range src.h {
		row := src.pix[y*src.stride : y*src.stride+src.w]
		out := mid[y*dst.w : (y+1)*dst.w]
		switch xs.n {
		case 2:
			for x, f := range xs.first {
				w := xs.weights[2*x : 2*x+2]
				s := w[0]*uint32(row[f]) + w[1]*uint32(row[f+1])
				out[x] = uint16((s + r1) >> (weightBits - midBits))
			}
		case 3:
			for x, f := range xs.first {
				w := xs.weights[3*x : 3*x+3]
				s := w[0]*uint32(row[f]) + w[1]*uint32(row[f+1]) + w[2]*uint32(row[f+2])
				out[x] = uint16((s + r1) >> (weightBits - midBits))
			}
		default:
			for x, f := range xs.first {
				var s uint32
				for k, w := range xs.weights[x*xs.n : (x+1)*xs.n] {
					s += w * uint32(row[f+k])
				}
				out[x] = uint16((s + r1) >> (weightBits - midBits))
			}
		}
	}
	const shift = weightBits + midBits
	const r2 = 1 << (shift - 1)
	acc := make([]uint32, dst.w)
	for y, f := range ys.first {
		out := dst.pix[y*dst.stride : y*dst.stride+dst.w]
		w := ys.weights[y*ys.n : (y+1)*ys.n]
		if ys.n == 2 {
			a, b := mid[f*dst.w:(f+1)*dst.w], mid[(f+1)*dst.w:(f+2)*dst.w]
			for x := range out {
				out[x] = uint8((w[0]*uint32(a[x]) + w[1]*uint32(b[x]) + r2) >> shift)
			}
			continue
		}
		clear(acc)
		for k, wk := range w {
			in := mid[(f+k)*dst.w : (f+k+1)*dst.w]
			for x, v := range in {
				acc[x] += wk * uint32(v)
			}
		}
		for x, s := range acc {
			out[x] = uint8((s + r2) >> shift)
		}
	}
}

// resizePlane resamples src into dst, the two covering the same picture.
func resizePlane(dst, src plane) {
	resample(dst, src, areaTaps(src.w, dst.w, int64(src.w), int64(dst.w)), areaTaps(src.h, dst.h, int64(src.h), int64(dst.h)))
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
	xs := areaTaps(scw, cw, int64(2*sw), int64(w*hd))
	ys := areaTaps(sch, ch, int64(2*sHeight), int64(h*vd))
	for _, p := range [][2][]byte{{dst.Cb, src.Cb}, {dst.Cr, src.Cr}} {
		resample(plane{pix: p[0], stride: dst.CStride, w: cw, h: ch},
			plane{pix: p[1], stride: src.CStride, w: scw, h: sch}, xs, ys)
	}
	return dst
}
