package imaging

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/srwiley/rasterx"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// boxScanner fills the paths oksvg draws, as rasterx.ScannerGV does with
// golang.org/x/image/vector, but in a mask the size of each path's
// bounding box: ScannerGV clears and blends a mask the size of the whole
// picture for every path, so a diagram of a few thousand small shapes
// took 40 s to draw. Here a path costs its own area.
type boxScanner struct {
	r    vector.Rasterizer
	dest *image.RGBA
	src  image.Image
	clip image.Rectangle
	path []pathPoint
	// the path's extent, which gradients in the units of the bounding
	// box are laid over
	minX, minY, maxX, maxY fixed.Int26_6
}

// pathPoint is a point of a path; start begins a new subpath there.
type pathPoint struct {
	p     fixed.Point26_6
	start bool
}

var _ rasterx.Scanner = (*boxScanner)(nil)

func newBoxScanner(dest *image.RGBA) *boxScanner {
	s := &boxScanner{dest: dest, src: image.NewUniform(color.Black)}
	s.Clear()
	return s
}

func (s *boxScanner) Start(a fixed.Point26_6) {
	s.extend(a)
	s.path = append(s.path, pathPoint{a, true})
}

func (s *boxScanner) Line(b fixed.Point26_6) {
	s.extend(b)
	s.path = append(s.path, pathPoint{b, false})
}

func (s *boxScanner) extend(a fixed.Point26_6) {
	s.minX, s.maxX = min(s.minX, a.X), max(s.maxX, a.X)
	s.minY, s.maxY = min(s.minY, a.Y), max(s.maxY, a.Y)
}

// Draw fills the path gathered since Clear over the destination, within
// the clip if one is set.
func (s *boxScanner) Draw() {
	if len(s.path) == 0 {
		return
	}
	box := image.Rect(s.minX.Floor(), s.minY.Floor(), s.maxX.Ceil()+1, s.maxY.Ceil()+1).Intersect(s.dest.Bounds())
	if s.clip != image.ZR {
		box = box.Intersect(s.clip)
	}
	if box.Empty() {
		return
	}
	// The mask's origin is the box's corner. What of the path lies left
	// of the box still counts: the rasterizer sums it into the first
	// column, as it does at the picture's edge.
	s.r.Reset(box.Dx(), box.Dy())
	s.r.DrawOp = draw.Over
	ox, oy := float32(box.Min.X), float32(box.Min.Y)
	for _, pt := range s.path {
		x, y := float32(pt.p.X)/64-ox, float32(pt.p.Y)/64-oy
		if pt.start {
			s.r.MoveTo(x, y)
		} else {
			s.r.LineTo(x, y)
		}
	}
	s.r.Draw(s.dest, box, s.src, box.Min)
}

func (s *boxScanner) GetPathExtent() fixed.Rectangle26_6 {
	return fixed.Rectangle26_6{Min: fixed.Point26_6{X: s.minX, Y: s.minY}, Max: fixed.Point26_6{X: s.maxX, Y: s.maxY}}
}

// SetBounds is part of rasterx.Scanner; the destination's bounds are the
// bounds.
func (s *boxScanner) SetBounds(int, int) {}

func (s *boxScanner) SetColor(c any) {
	switch c := c.(type) {
	case color.Color:
		s.src = image.NewUniform(c)
	case rasterx.ColorFunc:
		s.src = colorFuncImage(c)
	}
}

// SetWinding is part of rasterx.Scanner: like ScannerGV, this one fills
// by the non-zero rule only.
func (s *boxScanner) SetWinding(bool) {}

func (s *boxScanner) Clear() {
	s.path = s.path[:0]
	const far = fixed.Int26_6(math.MaxInt32)
	s.minX, s.minY, s.maxX, s.maxY = far, far, -far, -far
}

func (s *boxScanner) SetClip(rect image.Rectangle) { s.clip = rect }

// colorFuncImage is a gradient or pattern as an image of unbounded size.
type colorFuncImage rasterx.ColorFunc

func (f colorFuncImage) ColorModel() color.Model { return color.RGBA64Model }

func (f colorFuncImage) Bounds() image.Rectangle {
	return image.Rect(-1<<30, -1<<30, 1<<30, 1<<30)
}

func (f colorFuncImage) At(x, y int) color.Color { return f(x, y) }
