package pdf

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// geometry is the page and text block of one trim size, in points. The
// page is the trim: bleed, when asked, is added around it on every side
// and everything drawn moves by it.
type geometry struct {
	pageW, pageH      float64
	inner, outer      float64 // mirrored: inner is the binding side
	top, bottom       float64
	size, lead        float64 // body text
	headerGap         float64 // from the header's baseline to the text block
	footnoteSize      float64
	codeSize, smallSz float64
	bleed             float64
}

const (
	mm   = 72 / 25.4
	inch = 72.0
	// safety is how far inside the trim everything printed stays, running
	// heads and page numbers included: IngramSpark's and Lulu's 0.5 in,
	// stricter than KDP's.
	safety = 0.5 * inch
	// bleedWidth is what printers trim off every side of a page printed
	// with bleed.
	bleedWidth = 0.125 * inch
	// minTrim and maxTrim bound the width and height of a custom size.
	minTrim, maxTrim = 3.5 * inch, 14 * inch
)

// trimSizes are the named page sizes: ISO A4 and A5, US letter, and KDP's
// standard paperback and hardcover trims, in inches.
var trimSizes = namedTrims()

// kdpTrims are KDP's standard trims, width by height in inches.
var kdpTrims = []string{
	"5x8", "5.06x7.81", "5.25x8", "5.5x8.5", "6x9", "6.14x9.21", "6.69x9.61",
	"7x10", "7.44x9.69", "7.5x9.25", "8x10", "8.25x11", "8.5x8.5", "8.5x11",
}

// PageSizes lists the named page sizes Options.PageSize accepts; it also
// takes any WxHin or WxHmm.
var PageSizes = append([]string{"a5", "a4", "letter"}, kdpTrims...)

func namedTrims() map[string][2]float64 {
	sizes := map[string][2]float64{
		"a5":     {148 * mm, 210 * mm},
		"a4":     {210 * mm, 297 * mm},
		"letter": {8.5 * inch, 11 * inch},
	}
	for _, name := range kdpTrims {
		ws, hs, _ := strings.Cut(name, "x")
		w, _ := strconv.ParseFloat(ws, 64)
		h, _ := strconv.ParseFloat(hs, 64)
		sizes[name] = [2]float64{w * inch, h * inch}
	}
	return sizes
}

// CheckPageSize reports whether Options.PageSize may be name, with an
// error a user can act on.
func CheckPageSize(name string) error {
	_, err := pageGeometry(name)
	return err
}

// trimSize returns the width and height of a named size or of WxHin or
// WxHmm, in points.
func trimSize(name string) (w, h float64, err error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		name = "a5"
	}
	if wh, ok := trimSizes[name]; ok {
		return wh[0], wh[1], nil
	}
	unit := 0.0
	dims := name
	switch {
	case strings.HasSuffix(name, "in"):
		unit, dims = inch, strings.TrimSuffix(name, "in")
	case strings.HasSuffix(name, "mm"):
		unit, dims = mm, strings.TrimSuffix(name, "mm")
	}
	ws, hs, ok := strings.Cut(dims, "x")
	wf, errW := strconv.ParseFloat(ws, 64)
	hf, errH := strconv.ParseFloat(hs, 64)
	if unit == 0 || !ok || errW != nil || errH != nil || math.IsNaN(wf) || math.IsNaN(hf) {
		return 0, 0, fmt.Errorf("unknown page size %q (want one of %s, or WIDTHxHEIGHT in inches or millimetres: 6x9in, 150x230mm)", name, strings.Join(PageSizes, ", "))
	}
	w, h = wf*unit, hf*unit
	if w < minTrim || h < minTrim || w > maxTrim || h > maxTrim {
		return 0, 0, fmt.Errorf("page size %q is out of range: width and height must be between 3.5 and 14 in (89 and 355 mm)", name)
	}
	return w, h, nil
}

// pageGeometry returns the layout of a page size: the text grows with the
// page, the lines keep 55 to 75 characters, and the inner margin leaves
// room for the binding. A4, A5, letter and 6x9 keep their own designs.
func pageGeometry(name string) (geometry, error) {
	w, h, err := trimSize(name)
	if err != nil {
		return geometry{}, err
	}
	name = namedTrim(w, h)
	if name != "" {
		w, h = trimSizes[name][0], trimSizes[name][1]
	}
	var g geometry
	switch name {
	case "a5":
		g = geometry{pageW: w, pageH: h, inner: 0.75 * inch, outer: 14 * mm, top: 18 * mm, bottom: 20 * mm, size: 10, lead: 13}
	case "6x9":
		g = geometry{pageW: w, pageH: h, inner: 0.8 * inch, outer: 0.6 * inch, top: 0.7 * inch, bottom: 0.75 * inch, size: 10.5, lead: 13.5}
	case "a4":
		g = geometry{pageW: w, pageH: h, inner: 32 * mm, outer: 26 * mm, top: 26 * mm, bottom: 32 * mm, size: 11.5, lead: 15}
	case "letter":
		g = geometry{pageW: w, pageH: h, inner: 1.3 * inch, outer: 1 * inch, top: 1 * inch, bottom: 1.2 * inch, size: 11.5, lead: 15}
	default:
		g = scaledGeometry(w, h)
	}
	g.headerGap = g.lead * 1.6
	g.footnoteSize = g.size * 0.85
	g.codeSize = g.size * 0.82
	g.smallSz = g.size * 0.85
	return g, nil
}

// namedTrim returns the name of the named size w by h points, so that
// "6x9in" and "148x210mm" look like "6x9" and "a5"; else "".
func namedTrim(w, h float64) string {
	for _, name := range PageSizes {
		if wh := trimSizes[name]; math.Abs(wh[0]-w) < 0.5 && math.Abs(wh[1]-h) < 0.5 {
			return name
		}
	}
	return ""
}

// scaledGeometry designs a page of any trim: text from 9.5 pt on a 5 in
// page to 11.5 pt from 8.5 in, lines of at most 75 characters, what the
// page has beyond them shared by the margins.
func scaledGeometry(w, h float64) geometry {
	size := 9.5 + (w/inch-5)*2/3.5
	size = math.Round(min(max(size, 9.5), 11.5)*4) / 4
	lead := math.Round(size*1.3*4) / 4
	inner, outer := 0.7*inch, 0.55*inch
	textW := min(w-inner-outer, 75*size*0.5)
	spare := (w - inner - outer - textW) / 2
	return geometry{pageW: w, pageH: h, inner: inner + spare, outer: outer + spare,
		top: 0.09 * h, bottom: max(0.6*inch, 0.085*h), size: size, lead: lead}
}

// clearHeader lowers the text block, if need be, so that the running
// header, whose letters rise ascent ems above its baseline, stays within
// the safety margin.
func (g *geometry) clearHeader(ascent float64) {
	g.top = max(g.top, safety+g.headerGap+g.headerSize()*ascent+1)
	g.outer = max(g.outer, safety)
	g.bottom = max(g.bottom, safety+g.lead*0.5)
}

func (g geometry) headerSize() float64 { return g.size * 0.8 }

// maxGutterPages is the page count above which the gutter grows no more.
const maxGutterPages = 700

// gutter is the inside margin KDP asks of a book of so many pages (IngramSpark
// and Lulu ask less).
func gutter(pages int) float64 {
	switch {
	case pages <= 150:
		return 0.375 * inch
	case pages <= 300:
		return 0.5 * inch
	case pages <= 500:
		return 0.625 * inch
	case pages <= maxGutterPages:
		return 0.75 * inch
	default:
		return 0.875 * inch
	}
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
