package imaging

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/srwiley/oksvg"
)

var (
	svgTransparent = regexp.MustCompile(`((?:fill|stroke)\s*(?:=\s*["']|:\s*))(?:transparent|context-stroke|context-fill)\b`)
	svgRoot        = regexp.MustCompile(`<svg\b[^>]*>`)
	svgViewBox     = regexp.MustCompile(`\bviewBox\s*=`)
	svgLength      = regexp.MustCompile(`\s(width|height)\s*=\s*["']\s*([0-9]*\.?[0-9]+)\s*([a-z%]*)\s*["']`)
)

// svgCompat rewrites what SVG drawings commonly say in ways oksvg does
// not read, so that the drawing is drawn rather than lost: the paints
// "transparent" (graphviz writes it) and "context-stroke" (Inkscape's
// markers) become "none", CSS colour functions are resolved (cssColours),
// a paint that is no colour is ignored as a browser ignores it,
// sizes in inches or millimetres become pixels, and a drawing sized by
// width and height alone gets the viewBox they imply.
func svgCompat(data []byte) []byte {
	data = flattenNested(data)
	data = svgTransparent.ReplaceAll(data, []byte("${1}none"))
	data = cssColours(data)
	data = dropBadPaints(data)
	loc := svgRoot.FindIndex(data)
	if loc == nil {
		return data
	}
	root := data[loc[0]:loc[1]]
	var w, h float64
	for _, m := range svgLength.FindAllSubmatch(root, -1) {
		v, err := strconv.ParseFloat(string(m[2]), 64)
		px, known := cssPixels[string(m[3])]
		if err != nil || v <= 0 || !known {
			continue
		}
		if string(m[1]) == "width" {
			w = v * px
		} else {
			h = v * px
		}
	}
	// oksvg reads lengths in pixels only: a size in other units is
	// written in pixels, and a drawing with a viewBox needs none.
	fixed := untilSettled(root, func(b []byte) []byte {
		return svgLength.ReplaceAllFunc(b, func(attr []byte) []byte {
			if unit := string(svgLength.FindSubmatch(attr)[3]); unit == "" || unit == "px" {
				return attr
			}
			return nil
		})
	})
	if !svgViewBox.Match(root) {
		if w == 0 || h == 0 {
			return data
		}
		fixed = untilSettled(root, func(b []byte) []byte { return svgLength.ReplaceAll(b, nil) })
		fixed = append([]byte(`<svg viewBox="0 0 `+num(w)+" "+num(h)+`" width="`+num(w)+`" height="`+num(h)+`"`), fixed[len("<svg"):]...)
	}
	var out bytes.Buffer
	out.Grow(len(data) + len(fixed) - len(root))
	out.Write(data[:loc[0]])
	out.Write(fixed)
	out.Write(data[loc[1]:])
	return out.Bytes()
}

// svgOffset is an x or y attribute of a nested <svg>.
var svgOffset = regexp.MustCompile(`\s(x|y)\s*=\s*["']\s*(-?[0-9.]+)\s*(?:px)?\s*["']`)

// flattenNested makes each <svg> inside the drawing's root a group moved
// to its x and y (a flame graph's frames): oksvg takes the size of the
// last <svg> it reads as the drawing's, and a nested one without a
// height left the drawing without one. Its own viewBox, which would
// scale it, is not followed.
func flattenNested(data []byte) []byte {
	locs := svgRoot.FindAllIndex(data, -1)
	if len(locs) < 2 || bytes.Count(data, []byte("</svg>")) != len(locs) {
		return data
	}
	var out bytes.Buffer
	out.Grow(len(data))
	last := locs[0][1]
	out.Write(data[:last])
	for _, loc := range locs[1:] {
		out.Write(data[last:loc[0]])
		var x, y string = "0", "0"
		for _, m := range svgOffset.FindAllSubmatch(data[loc[0]:loc[1]], -1) {
			if string(m[1]) == "x" {
				x = string(m[2])
			} else {
				y = string(m[2])
			}
		}
		out.WriteString(`<g transform="translate(` + x + " " + y + `)"`)
		if bytes.HasSuffix(data[loc[0]:loc[1]], []byte("/>")) {
			out.WriteString("/>")
		} else {
			out.WriteString(">")
		}
		last = loc[1]
	}
	out.Write(data[last:])
	// Every closing tag but the root's, the last, closes a group now.
	flat := out.Bytes()
	end := bytes.LastIndex(flat, []byte("</svg>"))
	return append(bytes.ReplaceAll(flat[:end], []byte("</svg>"), []byte("</g>")), flat[end:]...)
}

// untilSettled applies f to b until it changes nothing: taking an
// attribute out of a malformed one (width="0 width="1"a") can join what
// is left into another.
func untilSettled(b []byte, f func([]byte) []byte) []byte {
	for {
		next := f(b)
		if bytes.Equal(next, b) {
			return b
		}
		b = next
	}
}

var svgCurrentColor = regexp.MustCompile(`(?i)\bcurrentColor\b`)

// cssColours resolves the CSS colours oksvg refuses a whole drawing
// for: currentColor (icon sets) is black, the colour of text on a page;
// light-dark(light, dark) (draw.io) is its light colour, a book's page
// being light; var(--name, fallback) is its fallback, or none.
func cssColours(data []byte) []byte {
	data = svgCurrentColor.ReplaceAll(data, []byte("black"))
	for _, fn := range []string{"light-dark(", "var("} {
		for {
			i := bytes.Index(data, []byte(fn))
			if i < 0 {
				break
			}
			args, end, ok := cssArgs(data[i+len(fn):])
			if !ok {
				break // unbalanced: left to oksvg to refuse
			}
			value := "none"
			if fn == "light-dark(" && len(args) > 0 {
				value = args[0]
			} else if fn == "var(" && len(args) > 1 {
				value = args[1]
			}
			data = append(data[:i:i], append([]byte(value), data[i+len(fn)+end:]...)...)
		}
	}
	return data
}

// cssArgs splits the arguments of a CSS function call whose opening
// parenthesis is just before s, at its top-level commas, and returns them
// trimmed, and the length of s up to and including the closing
// parenthesis. It reports false when that parenthesis is missing.
func cssArgs(s []byte) (args []string, end int, ok bool) {
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				args = append(args, string(bytes.TrimSpace(s[start:i])))
				return args, i + 1, true
			}
			depth--
		case ',':
			if depth == 0 {
				args = append(args, string(bytes.TrimSpace(s[start:i])))
				start = i + 1
			}
		case '"', '\'', '<', '>':
			return nil, 0, false // out of an attribute or style value
		}
	}
	return nil, 0, false
}

// cssPixels is how many pixels a unit of SVG length is.
var cssPixels = map[string]float64{"": 1, "px": 1, "pt": 96.0 / 72, "pc": 16, "in": 96, "cm": 96 / 2.54, "mm": 96 / 25.4}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

var (
	svgPaintAttr = regexp.MustCompile(`(?i)(\s)(fill|stroke|stop-color)\s*=\s*(?:"([^"]*)"|'([^']*)')`)
	svgPaintProp = regexp.MustCompile(`(?i)(^|[\s;{"'])(fill|stroke|stop-color)\s*:\s*([^;"'{}<>]*)`)
)

// dropBadPaints takes out each paint (fill, stroke, stop-color), as an
// attribute or a style property, whose value is no colour: oksvg refuses
// the whole drawing for one, where a browser ignores that value and
// draws the element with the paint it inherits (fill="e2e2e2", a colour
// missing its #, draws black, the initial fill). A paint that is kept is
// written trimmed and without !important, which oksvg does not read
// either.
func dropBadPaints(data []byte) []byte {
	data = svgPaintAttr.ReplaceAllFunc(data, func(attr []byte) []byte {
		m := svgPaintAttr.FindSubmatch(attr)
		raw := string(m[3]) + string(m[4])
		if rgb, alpha, ok := translucent(raw); ok {
			return []byte(string(m[1]) + string(m[2]) + `="` + rgb + `" ` + opacityOf(string(m[2])) + `="` + alpha + `"`)
		}
		v, ok := readablePaint(raw)
		if !ok {
			return nil
		}
		if v == raw {
			return attr
		}
		return []byte(string(m[1]) + string(m[2]) + `="` + v + `"`)
	})
	return svgPaintProp.ReplaceAllFunc(data, func(prop []byte) []byte {
		m := svgPaintProp.FindSubmatch(prop)
		if rgb, alpha, ok := translucent(string(m[3])); ok {
			return []byte(string(m[1]) + string(m[2]) + ":" + rgb + ";" + opacityOf(string(m[2])) + ":" + alpha)
		}
		v, ok := readablePaint(string(m[3]))
		if !ok {
			return m[1]
		}
		if v == strings.TrimSpace(string(m[3])) {
			return prop // oksvg trims a property's value
		}
		return []byte(string(m[1]) + string(m[2]) + ":" + v)
	})
}

// readablePaint returns a paint value as oksvg is to read it, and
// whether oksvg reads it as a colour, a gradient or none.
func readablePaint(v string) (_ string, ok bool) {
	v = strings.TrimSpace(v)
	if base, found := strings.CutSuffix(strings.ToLower(v), "!important"); found {
		v = strings.TrimSpace(v[:len(base)])
	}
	if v == "" {
		return "", false
	}
	defer func() {
		if recover() != nil { // oksvg slices an hsl() it is given whole
			ok = false
		}
	}()
	_, err := oksvg.ParseSVGColor(v)
	return v, err == nil
}

var (
	svgRGBA    = regexp.MustCompile(`(?i)^rgba?\(\s*([0-9.]+%?)\s*[,\s]\s*([0-9.]+%?)\s*[,\s]\s*([0-9.]+%?)\s*[,/]\s*([0-9.]+%?)\s*\)$`)
	svgHexRGBA = regexp.MustCompile(`(?i)^#([0-9a-f]{8}|[0-9a-f]{4})$`)
)

// translucent reads a colour with an alpha, which oksvg does not: CSS's
// rgba(0, 92, 153, 0.5) (mind maps, draw.io), rgb(0 92 153 / 50%) and
// the hex forms #005c9980 and #05c8. It returns the colour as rgb() and
// its alpha, which the paint's opacity property then carries, as a
// browser draws it. A colour with an opacity of its own keeps that too:
// the later one, the alpha's, is what oksvg reads.
func translucent(v string) (rgb, alpha string, ok bool) {
	v = strings.TrimSpace(v)
	if m := svgRGBA.FindStringSubmatch(v); m != nil {
		a, err := strconv.ParseFloat(strings.TrimSuffix(m[4], "%"), 64)
		if err != nil {
			return "", "", false
		}
		if strings.HasSuffix(m[4], "%") {
			a /= 100
		}
		return "rgb(" + m[1] + "," + m[2] + "," + m[3] + ")", num(min(max(a, 0), 1)), true
	}
	if m := svgHexRGBA.FindStringSubmatch(v); m != nil {
		hex := m[1]
		if len(hex) == 4 { // #rgba: each digit doubled
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2], hex[3], hex[3]})
		}
		a, err := strconv.ParseUint(hex[6:], 16, 8)
		if err != nil {
			return "", "", false
		}
		return "#" + hex[:6], num(float64(a) / 255), true
	}
	return "", "", false
}

// opacityOf names the property that makes a paint translucent.
func opacityOf(paint string) string {
	if strings.EqualFold(paint, "stop-color") {
		return "stop-opacity"
	}
	return strings.ToLower(paint) + "-opacity"
}
