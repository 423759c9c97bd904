// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package jpegscale

import (
	"errors"
	"image"
	mathbits "math/bits"
)

// This file is image/jpeg's encoder (writer.go, Go 1.26) for the two kinds
// of image the image stage scales photos into: a 4:2:0 YCbCr image and a
// gray one, each with bounds that start at 0,0. It writes the very bytes
// image/jpeg.Encode writes for them (TestEncodeSameBytes), in about half
// the time: a block's samples are read from the planes directly, where
// image/jpeg reads each pixel's chroma through the image's methods and
// averages the 2×2 copies it made of it; each coefficient is quantized by
// a multiplication with a reciprocal, not a division; and a Huffman code
// and the bits of its value go out together through a 64-bit buffer.

// Encodable reports whether Encode takes m.
func Encodable(m image.Image) bool {
	switch m := m.(type) {
	case *image.YCbCr:
		return m.Rect.Min == (image.Point{}) && m.SubsampleRatio == image.YCbCrSubsampleRatio420
	case *image.Gray:
		return m.Rect.Min == (image.Point{})
	}
	return false
}

// Encode writes m, which Encodable takes, as a baseline JPEG of the given
// quality (1 to 100, clipped as image/jpeg clips it).
func Encode(m image.Image, quality int) ([]byte, error) {
	if !Encodable(m) {
		return nil, errors.New("jpeg: not a 4:2:0 YCbCr or gray image at 0,0")
	}
	size := m.Bounds().Size()
	if size.X >= 1<<16 || size.Y >= 1<<16 {
		return nil, errors.New("jpeg: image is too large to encode")
	}
	if size.X == 0 || size.Y == 0 {
		return nil, errors.New("jpeg: image is empty")
	}
	var e encoder
	e.setQuality(quality)
	// About a bit per pixel is reserved: most photos take less.
	e.out = make([]byte, 0, 1024+size.X*size.Y/8)
	e.out = append(e.out, 0xff, soiMarker)
	nComponent := 3
	if _, gray := m.(*image.Gray); gray {
		nComponent = 1
	}
	e.writeDQT()
	e.writeSOF0(size, nComponent)
	e.writeDHT(nComponent)
	switch m := m.(type) {
	case *image.Gray:
		e.out = append(e.out, sosHeaderY...)
		e.writeGray(m)
	case *image.YCbCr:
		e.out = append(e.out, sosHeaderYCbCr...)
		e.writeYCbCr(m)
	}
	e.pad()
	e.out = append(e.out, 0xff, eoiMarker)
	return e.out, nil
}

type quantIndex int

const (
	quantIndexLuminance quantIndex = iota
	quantIndexChrominance
	nQuantIndex
)

// unscaledQuant are the unscaled quantization tables in zig-zag order. Each
// encoder copies and scales the tables according to its quality parameter.
// The values are derived from section K.1 of the spec, after converting from
// natural to zig-zag order.
var unscaledQuant = [nQuantIndex][blockSize]byte{
	// Luminance.
	{
		16, 11, 12, 14, 12, 10, 16, 14,
		13, 14, 18, 17, 16, 19, 24, 40,
		26, 24, 22, 22, 24, 49, 35, 37,
		29, 40, 58, 51, 61, 60, 57, 51,
		56, 55, 64, 72, 92, 78, 64, 68,
		87, 69, 55, 56, 80, 109, 81, 87,
		95, 98, 103, 104, 103, 62, 77, 113,
		121, 112, 100, 120, 92, 101, 103, 99,
	},
	// Chrominance.
	{
		17, 18, 18, 24, 21, 24, 47, 26,
		26, 47, 99, 66, 56, 66, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
		99, 99, 99, 99, 99, 99, 99, 99,
	},
}

type huffIndex int

const (
	huffIndexLuminanceDC huffIndex = iota
	huffIndexLuminanceAC
	huffIndexChrominanceDC
	huffIndexChrominanceAC
	nHuffIndex
)

// huffmanSpec specifies a Huffman encoding.
type huffmanSpec struct {
	// count[i] is the number of codes of length i+1 bits.
	count [16]byte
	// value[i] is the decoded value of the i'th codeword.
	value []byte
}

// theHuffmanSpec is the Huffman encoding specifications.
//
// This encoder uses the same Huffman encoding for all images. It is also the
// same Huffman encoding used by section K.3 of the spec.
//
// The DC tables have 12 decoded values, called categories.
//
// The AC tables have 162 decoded values: bytes that pack a 4-bit Run and a
// 4-bit Size. There are 16 valid Runs and 10 valid Sizes, plus two special R|S
// cases: 0|0 (meaning EOB) and F|0 (meaning ZRL).
var theHuffmanSpec = [nHuffIndex]huffmanSpec{
	// Luminance DC.
	{
		[16]byte{0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
	},
	// Luminance AC.
	{
		[16]byte{0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125},
		[]byte{
			0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12,
			0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
			0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08,
			0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0,
			0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16,
			0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28,
			0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39,
			0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
			0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
			0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
			0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79,
			0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
			0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
			0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
			0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6,
			0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5,
			0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4,
			0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2,
			0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
			0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
			0xf9, 0xfa,
		},
	},
	// Chrominance DC.
	{
		[16]byte{0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0},
		[]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
	},
	// Chrominance AC.
	{
		[16]byte{0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119},
		[]byte{
			0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21,
			0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71,
			0x13, 0x22, 0x32, 0x81, 0x08, 0x14, 0x42, 0x91,
			0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0,
			0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16, 0x24, 0x34,
			0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26,
			0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38,
			0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48,
			0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58,
			0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
			0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78,
			0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87,
			0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96,
			0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
			0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4,
			0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3,
			0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2,
			0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda,
			0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
			0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8,
			0xf9, 0xfa,
		},
	},
}

// huffmanCodes maps a value to its code: the code's length in bits in the
// 8 most significant bits, the code in the 24 least.
type huffmanCodes [256]uint32

// theHuffmanCodes are theHuffmanSpec's codes.
var theHuffmanCodes = func() (c [nHuffIndex]huffmanCodes) {
	for i, s := range theHuffmanSpec {
		code, k := uint32(0), 0
		for n, count := range s.count {
			for range count {
				c[i][s.value[k]] = uint32(n+1)<<24 | code
				code++
				k++
			}
			code <<= 1
		}
	}
	return c
}()

// sosHeaderY and sosHeaderYCbCr are image/jpeg's Start Of Scan segments:
// the components, their tables, and the spectral selection 0 to 63.
var (
	sosHeaderY     = []byte{0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00}
	sosHeaderYCbCr = []byte{0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3f, 0x00}
)

type encoder struct {
	out   []byte
	acc   uint64 // bits not yet written: the last nBits of them
	nBits uint
	quant [nQuantIndex][blockSize]uint8 // zig-zag order
	// divisor and reciprocal are 8 times quant (the forward DCT's outputs
	// are 8 times the coefficients) and ⌈2³²/divisor⌉, in zig-zag order.
	divisor    [nQuantIndex][blockSize]uint32
	reciprocal [nQuantIndex][blockSize]uint64
}

// setQuality scales the tables as image/jpeg does.
func (e *encoder) setQuality(quality int) {
	quality = min(max(quality, 1), 100)
	scale := 200 - quality*2
	if quality < 50 {
		scale = 5000 / quality
	}
	for i := range e.quant {
		for j := range e.quant[i] {
			x := (int(unscaledQuant[i][j])*scale + 50) / 100
			x = min(max(x, 1), 255)
			e.quant[i][j] = uint8(x)
			d := uint32(8 * x)
			e.divisor[i][j] = d
			e.reciprocal[i][j] = (1<<32 + uint64(d) - 1) / uint64(d)
		}
	}
}

// div is a/divisor rounded to the nearest integer, halves away from zero,
// as image/jpeg's div: |a| is under 2¹⁵ (a coefficient of 8-bit samples,
// times 8), where the reciprocal gives the exact quotient
// (TestReciprocalDivides).
func div(a int32, divisor uint32, reciprocal uint64) int32 {
	// Without a branch on the sign, which is a coin toss for AC
	// coefficients: sign is 0 or -1, and x^sign - sign is |x| or x.
	sign := a >> 31
	q := int32((uint64(uint32(a^sign-sign)+divisor>>1) * reciprocal) >> 32)
	return q ^ sign - sign
}

func (e *encoder) writeMarkerHeader(marker uint8, markerlen int) {
	e.out = append(e.out, 0xff, marker, uint8(markerlen>>8), uint8(markerlen))
}

// writeDQT writes the Define Quantization Table marker.
func (e *encoder) writeDQT() {
	const markerlen = 2 + int(nQuantIndex)*(1+blockSize)
	e.writeMarkerHeader(dqtMarker, markerlen)
	for i := range e.quant {
		e.out = append(e.out, uint8(i))
		e.out = append(e.out, e.quant[i][:]...)
	}
}

// writeSOF0 writes the Start Of Frame (Baseline Sequential) marker.
func (e *encoder) writeSOF0(size image.Point, nComponent int) {
	e.writeMarkerHeader(sof0Marker, 8+3*nComponent)
	e.out = append(e.out, 8, uint8(size.Y>>8), uint8(size.Y), uint8(size.X>>8), uint8(size.X), uint8(nComponent))
	if nComponent == 1 {
		// No subsampling for grayscale image.
		e.out = append(e.out, 1, 0x11, 0x00)
		return
	}
	for i := range nComponent {
		// 4:2:0 chroma subsampling.
		e.out = append(e.out, uint8(i+1), "\x22\x11\x11"[i], "\x00\x01\x01"[i])
	}
}

// writeDHT writes the Define Huffman Table marker.
func (e *encoder) writeDHT(nComponent int) {
	markerlen := 2
	specs := theHuffmanSpec[:]
	if nComponent == 1 {
		// Drop the Chrominance tables.
		specs = specs[:2]
	}
	for _, s := range specs {
		markerlen += 1 + 16 + len(s.value)
	}
	e.writeMarkerHeader(dhtMarker, markerlen)
	for i, s := range specs {
		e.out = append(e.out, "\x00\x10\x01\x11"[i])
		e.out = append(e.out, s.count[:]...)
		e.out = append(e.out, s.value...)
	}
}

// emit adds the last n bits of code (n at most 32) to the scan, and writes
// out whole bytes, each 0xff followed by a stuffed 0x00, once 32 bits wait.
func (e *encoder) emit(code uint32, n uint) {
	e.acc = e.acc<<n | uint64(code)
	e.nBits += n
	if e.nBits >= 32 {
		e.writeBytes()
	}
}

// writeBytes writes the whole bytes that wait, each 0xff followed by a
// stuffed 0x00.
func (e *encoder) writeBytes() {
	for e.nBits >= 8 {
		e.nBits -= 8
		b := byte(e.acc >> e.nBits)
		e.out = append(e.out, b)
		if b == 0xff {
			e.out = append(e.out, 0)
		}
	}
}

// pad fills the last byte of the scan with 1 bits and writes what waits.
func (e *encoder) pad() {
	if r := e.nBits % 8; r != 0 {
		e.emit(1<<(8-r)-1, 8-r)
	}
	e.writeBytes()
}

// emitValue writes value with the code of its size in bits (and, for an
// AC coefficient, the run of zeros before it, in the top four bits of
// runSize), then the value's bits.
func (e *encoder) emitValue(codes *huffmanCodes, run uint32, value int32) {
	a, b := value, value
	if a < 0 {
		a, b = -value, value-1
	}
	n := uint(mathbits.Len32(uint32(a)))
	c := codes[run<<4|uint32(n)]
	length := uint(c >> 24)
	e.emit((c&(1<<24-1))<<n|uint32(b)&(1<<n-1), length+n)
}

// emitCode writes the code of value alone.
func (e *encoder) emitCode(codes *huffmanCodes, value uint32) {
	c := codes[value]
	e.emit(c&(1<<24-1), uint(c>>24))
}

// writeBlock writes a block of samples, in natural order, with the tables
// of q, and returns its quantized DC coefficient.
func (e *encoder) writeBlock(b *block, q quantIndex, prevDC int32) int32 {
	fdct(b)
	divisor, reciprocal := &e.divisor[q], &e.reciprocal[q]
	dc := div(b[0], divisor[0], reciprocal[0])
	e.emitValue(&theHuffmanCodes[2*q], 0, dc-prevDC)
	codes := &theHuffmanCodes[2*q+1]
	run := uint32(0)
	for zig := 1; zig < blockSize; zig++ {
		ac := div(b[unzig[zig]&63], divisor[zig], reciprocal[zig])
		if ac == 0 {
			run++
			continue
		}
		for run > 15 {
			e.emitCode(codes, 0xf0)
			run -= 16
		}
		e.emitValue(codes, run, ac)
		run = 0
	}
	if run > 0 {
		e.emitCode(codes, 0x00)
	}
	return dc
}

// writeGray writes the blocks of a gray image, the last row and column
// repeated past its edges.
func (e *encoder) writeGray(m *image.Gray) {
	var b block
	var prevDC int32
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := 0; y < h; y += 8 {
		for x := 0; x < w; x += 8 {
			readBlock(&b, m.Pix, m.Stride, x, y, w-1, h-1)
			prevDC = e.writeBlock(&b, quantIndexLuminance, prevDC)
		}
	}
}

// writeYCbCr writes the blocks of a 4:2:0 image, 16×16 pixels at a time:
// four luma blocks, then one of each chroma plane. Where image/jpeg
// averages each 2×2 pixels' chroma, which in a 4:2:0 image are four copies
// of one sample, this reads the sample.
func (e *encoder) writeYCbCr(m *image.YCbCr) {
	var b block
	var prevY, prevCb, prevCr int32
	w, h := m.Rect.Dx(), m.Rect.Dy()
	for y := 0; y < h; y += 16 {
		for x := 0; x < w; x += 16 {
			for i := range 4 {
				readBlock(&b, m.Y, m.YStride, x+(i&1)*8, y+(i&2)*4, w-1, h-1)
				prevY = e.writeBlock(&b, quantIndexLuminance, prevY)
			}
			readBlock(&b, m.Cb, m.CStride, x/2, y/2, (w-1)/2, (h-1)/2)
			prevCb = e.writeBlock(&b, quantIndexChrominance, prevCb)
			readBlock(&b, m.Cr, m.CStride, x/2, y/2, (w-1)/2, (h-1)/2)
			prevCr = e.writeBlock(&b, quantIndexChrominance, prevCr)
		}
	}
}

// readBlock reads the 8×8 samples of a plane from x0,y0, the column xmax
// and the row ymax repeated past them.
func readBlock(b *block, pix []uint8, stride, x0, y0, xmax, ymax int) {
	for j := range 8 {
		row := pix[min(y0+j, ymax)*stride:]
		if x0+7 <= xmax {
			row = row[x0 : x0+8]
			for i, v := range row {
				b[8*j+i] = int32(v)
			}
			continue
		}
		for i := range 8 {
			b[8*j+i] = int32(row[min(x0+i, xmax)])
		}
	}
}
