package pdf

import (
	"fmt"
	"strings"
)

// geometry is the page and text block of one page size, in points.
type geometry struct {
	pageW, pageH      float64
	inner, outer      float64 // mirrored: inner is the binding side
	top, bottom       float64
	size, lead        float64 // body text
	headerGap         float64 // from the header's baseline to the text block
	footnoteSize      float64
	codeSize, smallSz float64
}

const mm = 72 / 25.4

// PageSizes lists the page sizes Options.PageSize accepts.
var PageSizes = []string{"a5", "a4", "letter", "6x9"}

// pageGeometry returns the layout of a page size: margins grow with the page
// and the inner margin leaves room for the binding.
func pageGeometry(name string) (geometry, error) {
	var g geometry
	switch strings.ToLower(name) {
	case "", "a5":
		g = geometry{pageW: 148 * mm, pageH: 210 * mm, inner: 19 * mm, outer: 14 * mm, top: 18 * mm, bottom: 20 * mm, size: 10, lead: 13}
	case "6x9":
		g = geometry{pageW: 6 * 72, pageH: 9 * 72, inner: 0.8 * 72, outer: 0.6 * 72, top: 0.7 * 72, bottom: 0.75 * 72, size: 10.5, lead: 13.5}
	case "a4":
		g = geometry{pageW: 210 * mm, pageH: 297 * mm, inner: 32 * mm, outer: 26 * mm, top: 26 * mm, bottom: 32 * mm, size: 11.5, lead: 15}
	case "letter":
		g = geometry{pageW: 8.5 * 72, pageH: 11 * 72, inner: 1.3 * 72, outer: 1 * 72, top: 1 * 72, bottom: 1.2 * 72, size: 11.5, lead: 15}
	default:
		return g, fmt.Errorf("unknown page size %q (want one of %s)", name, strings.Join(PageSizes, ", "))
	}
	g.headerGap = g.lead * 1.6
	g.footnoteSize = g.size * 0.85
	g.codeSize = g.size * 0.82
	g.smallSz = g.size * 0.85
	return g, nil
}

func (g geometry) textW() float64 { return g.pageW - g.inner - g.outer }
func (g geometry) textH() float64 { return g.pageH - g.top - g.bottom }

// left returns the left edge of the text block of page num: right-hand
// (odd) pages have the binding on their left.
func (g geometry) left(num int) float64 {
	if num%2 == 1 {
		return g.inner
	}
	return g.outer
}
