// Copyright 2026 The anthology authors. The rest of this package is a fork
// of Go's image/jpeg; see LICENSE.

package jpegscale

// blockSize is the number of coefficients in an 8×8 block.
const blockSize = 8 * 8

// block is an 8×8 block of DCT coefficients in natural order.
type block [blockSize]int32

// zigOf maps a coefficient's natural position to its zig-zag one: the
// inverse of unzig, to find a coefficient's quantizer.
var zigOf = func() (z [blockSize]int) {
	for i, n := range unzig {
		z[n] = i
	}
	return z
}()

// A block of n×n pixels is taken from the lowest n×n frequencies of an 8×8
// block: the continuous picture that those frequencies describe, sampled at
// the centre of each group of (8/n)×(8/n) pixels, which is an n-point
// inverse DCT of them (T.81 A.3.3 with (2x+1) read at x = (8/n)m + (8/n-1)/2):
//
//	f(m, k) = 1/4 Σu Σv C(u) C(v) F(v, u) cos((2m+1)uπ/2n) cos((2k+1)vπ/2n)
//
// with C(0) = 1/√2 and C(u) = 1 otherwise. The cosines below are scaled by
// 2^13 (cosBits); the first pass keeps passBits fractional bits.
const (
	cosBits  = 13
	passBits = 2

	rcos0 = 5793 // C(0), and cos(2π/8)
	rcos1 = 7568 // cos(π/8)
	rcos3 = 3135 // cos(3π/8)
)

// idct4 dequantizes the lowest 4×4 coefficients of b with qt (in zig-zag
// order) and writes their 4×4 pixels, level shifted and clipped, to dst.
func idct4(b *block, qt *block, dst []byte, stride int) {
	var f [16]int32
	for v := range 4 {
		for u := range 4 {
			n := v*8 + u
			f[v*4+u] = b[n] * qt[zigOf[n]]
		}
	}
	// Columns: the vertical frequencies of each column become 4 rows.
	var t [16]int32
	const r1 = 1 << (cosBits - passBits - 1)
	for u := range 4 {
		f0, f1, f2, f3 := f[u], f[4+u], f[8+u], f[12+u]
		e0, e1 := rcos0*f0+rcos0*f2, rcos0*f0-rcos0*f2
		o0, o1 := rcos1*f1+rcos3*f3, rcos3*f1-rcos1*f3
		t[u] = (e0 + o0 + r1) >> (cosBits - passBits)
		t[4+u] = (e1 + o1 + r1) >> (cosBits - passBits)
		t[8+u] = (e1 - o1 + r1) >> (cosBits - passBits)
		t[12+u] = (e0 - o0 + r1) >> (cosBits - passBits)
	}
	// Rows, and the factor 1/4.
	const shift = cosBits + passBits + 2
	const r2 = 1 << (shift - 1)
	for y := range 4 {
		f0, f1, f2, f3 := t[y*4], t[y*4+1], t[y*4+2], t[y*4+3]
		e0, e1 := rcos0*f0+rcos0*f2, rcos0*f0-rcos0*f2
		o0, o1 := rcos1*f1+rcos3*f3, rcos3*f1-rcos1*f3
		row := dst[y*stride : y*stride+4]
		row[0] = clip((e0 + o0 + r2) >> shift)
		row[1] = clip((e1 + o1 + r2) >> shift)
		row[2] = clip((e1 - o1 + r2) >> shift)
		row[3] = clip((e0 - o0 + r2) >> shift)
	}
}

// idct2 is idct4 for the lowest 2×2 coefficients and 2×2 pixels.
func idct2(b *block, qt *block, dst []byte, stride int) {
	f0, f1 := b[0]*qt[0], b[1]*qt[zigOf[1]]
	f2, f3 := b[8]*qt[zigOf[8]], b[9]*qt[zigOf[9]]
	const r1 = 1 << (cosBits - passBits - 1)
	t0 := (rcos0*(f0+f2) + r1) >> (cosBits - passBits)
	t1 := (rcos0*(f1+f3) + r1) >> (cosBits - passBits)
	t2 := (rcos0*(f0-f2) + r1) >> (cosBits - passBits)
	t3 := (rcos0*(f1-f3) + r1) >> (cosBits - passBits)
	const shift = cosBits + passBits + 2
	const r2 = 1 << (shift - 1)
	dst[0] = clip((rcos0*(t0+t1) + r2) >> shift)
	dst[1] = clip((rcos0*(t0-t1) + r2) >> shift)
	dst[stride] = clip((rcos0*(t2+t3) + r2) >> shift)
	dst[stride+1] = clip((rcos0*(t2-t3) + r2) >> shift)
}

// idct1 writes the one pixel of the DC coefficient: the block's mean.
func idct1(b *block, qt *block, dst []byte) {
	dst[0] = clip((b[0]*qt[0] + 4) >> 3)
}

// clip level shifts a sample by +128 and clips it to [0, 255].
func clip(c int32) uint8 {
	switch {
	case c < -128:
		return 0
	case c > 127:
		return 255
	}
	return uint8(c + 128)
}
