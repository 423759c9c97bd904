package imaging

import (
	"bytes"
	"encoding/xml"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/anthology-book/anthology/assets"
)

// oksvg draws no text, and the labels of a diagram (graphviz's boxes,
// a chart's axes) are most of what it says. svgText reads the <text> of a
// drawing so that drawSVGTexts can print it over the picture oksvg made,
// in DejaVu Sans, at its place, size, anchor and colour. Text turned by a
// quarter or a half turn (an axis label's rotate(-90)) is drawn turned;
// other rotated or skewed text is placed by its anchor point and drawn
// level.

// svgTextPiece is one run of text of a drawing, in the root's user units.
type svgTextPiece struct {
	x, y, size float64
	anchor     string // start, middle or end
	fill       color.Color
	text       string
	quarters   int // quarter turns clockwise on the page, 0 to 3
}

// quarterTurns is how many quarter turns clockwise the transform m turns
// text by, when it turns it by a multiple of one (within a degree), else 0.
func quarterTurns(m svgMatrix) int {
	deg := math.Atan2(m[1], m[0]) * 180 / math.Pi
	q := math.Round(deg / 90)
	if math.Abs(deg-q*90) > 1 {
		return 0
	}
	return (int(q)%4 + 4) % 4
}

// maxSVGTexts bounds the runs of text drawn in one drawing.
const maxSVGTexts = 5000

// svgMatrix is an affine transform [a c e; b d f].
type svgMatrix [6]float64

var identity = svgMatrix{1, 0, 0, 1, 0, 0}

func (m svgMatrix) mul(n svgMatrix) svgMatrix {
	return svgMatrix{
		m[0]*n[0] + m[2]*n[1], m[1]*n[0] + m[3]*n[1],
		m[0]*n[2] + m[2]*n[3], m[1]*n[2] + m[3]*n[3],
		m[0]*n[4] + m[2]*n[5] + m[4], m[1]*n[4] + m[3]*n[5] + m[5],
	}
}

func (m svgMatrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// parseTransform reads an SVG transform list; what it does not know is
// left out.
func parseTransform(s string) svgMatrix {
	m := identity
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimLeft(s, " ,\t\n") {
		open, close := strings.IndexByte(s, '('), strings.IndexByte(s, ')')
		if open < 0 || close < open {
			break
		}
		name := strings.TrimSpace(s[:open])
		v := numbers(s[open+1 : close])
		s = s[close+1:]
		var t svgMatrix
		switch {
		case name == "matrix" && len(v) == 6:
			t = svgMatrix{v[0], v[1], v[2], v[3], v[4], v[5]}
		case name == "translate" && len(v) >= 1:
			t = identity
			t[4] = v[0]
			if len(v) > 1 {
				t[5] = v[1]
			}
		case name == "scale" && len(v) >= 1:
			sy := v[0]
			if len(v) > 1 {
				sy = v[1]
			}
			t = svgMatrix{v[0], 0, 0, sy, 0, 0}
		case name == "rotate" && len(v) >= 1:
			a := v[0] * math.Pi / 180
			t = svgMatrix{math.Cos(a), math.Sin(a), -math.Sin(a), math.Cos(a), 0, 0}
			if len(v) == 3 {
				t = svgMatrix{1, 0, 0, 1, v[1], v[2]}.mul(t).mul(svgMatrix{1, 0, 0, 1, -v[1], -v[2]})
			}
		default:
			continue
		}
		m = m.mul(t)
	}
	return m
}

// numbers reads the numbers of a list separated by blanks or commas.
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
		if v, err := strconv.ParseFloat(f, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			out = append(out, v)
		}
	}
	return out
}

// length reads an SVG length in user units ("14", "14px", "10pt").
func length(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	unit := strings.TrimLeft(s, "0123456789.-+eE")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, unit), 64)
	px, known := cssPixels[strings.TrimSpace(unit)]
	if err != nil || !known || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v * px, true
}

// textStyle is what a text run inherits from the elements around it.
type textStyle struct {
	m      svgMatrix
	size   float64
	anchor string
	fill   color.Color
	hidden bool
	inText bool
}

// svgTexts reads the text runs of an SVG drawing, placed in the root's
// user units.
func svgTexts(data []byte) []svgTextPiece {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	stack := []textStyle{{m: identity, size: 16, anchor: "start", fill: color.Black}}
	var out []svgTextPiece
	var cur *svgTextPiece
	for len(out) < maxSVGTexts {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			st := stack[len(stack)-1]
			attrs := map[string]string{}
			for _, a := range t.Attr {
				attrs[a.Name.Local] = a.Value
			}
			for _, decl := range strings.Split(attrs["style"], ";") {
				if k, v, ok := strings.Cut(decl, ":"); ok {
					attrs[strings.TrimSpace(k)] = strings.TrimSpace(v)
				}
			}
			if tr, ok := attrs["transform"]; ok {
				st.m = st.m.mul(parseTransform(tr))
			}
			if v, ok := length(attrs["font-size"]); ok && v > 0 {
				st.size = v
			}
			if a := attrs["text-anchor"]; a == "start" || a == "middle" || a == "end" {
				st.anchor = a
			}
			if f, ok := attrs["fill"]; ok {
				st.fill = paint(f, st.fill)
			}
			name := t.Name.Local
			if name == "defs" || name == "symbol" || name == "clipPath" || name == "mask" || name == "title" || name == "desc" || name == "style" || name == "script" || attrs["display"] == "none" || attrs["visibility"] == "hidden" {
				st.hidden = true
			}
			if (name == "text" || (name == "tspan" && st.inText)) && !st.hidden {
				xs, ys := numbers(attrs["x"]), numbers(attrs["y"])
				if name == "text" || len(xs) > 0 || len(ys) > 0 {
					x, y := 0.0, 0.0
					if cur != nil {
						x, y = cur.x, cur.y // a tspan without its own place
					}
					if len(xs) > 0 {
						x = xs[0]
					}
					if len(ys) > 0 {
						y = ys[0]
					}
					px, py := st.m.apply(x, y)
					scale := math.Sqrt(math.Abs(st.m[0]*st.m[3] - st.m[1]*st.m[2]))
					out = append(out, svgTextPiece{x: px, y: py, size: st.size * scale, anchor: st.anchor, fill: st.fill, quarters: quarterTurns(st.m)})
					cur = &out[len(out)-1]
				}
				st.inText = true
			}
			stack = append(stack, st)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			if t.Name.Local == "text" {
				cur = nil
			}
		case xml.CharData:
			if st := stack[len(stack)-1]; st.inText && !st.hidden && cur != nil {
				cur.text += string(t)
			}
		}
	}
	kept := out[:0]
	for _, p := range out {
		p.text = strings.Join(strings.Fields(p.text), " ")
		if p.text != "" && p.fill != nil {
			kept = append(kept, p)
		}
	}
	return kept
}

// paint reads a fill: a colour, "none" (nil), or what is inherited.
func paint(s string, inherited color.Color) color.Color {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "none" || s == "transparent":
		return nil
	case s == "currentcolor" || s == "inherit" || strings.HasPrefix(s, "url("):
		return inherited
	case strings.HasPrefix(s, "#") && (len(s) == 4 || len(s) == 7):
		hex := s[1:]
		if len(hex) == 3 {
			hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
		}
		if v, err := strconv.ParseUint(hex, 16, 32); err == nil {
			return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
		}
	case s == "white":
		return color.White
	}
	if _, ok := readablePaint(s); !ok {
		return inherited // a paint that is no colour is ignored (dropBadPaints)
	}
	return color.Black // named colours other than white print dark enough
}

var (
	svgFontOnce sync.Once
	svgFont     *opentype.Font
)

// textFont is the font drawings' text is printed in, or nil.
func textFont() *opentype.Font {
	svgFontOnce.Do(func() {
		data, err := assets.Fonts.ReadFile("fonts/DejaVuSans.ttf")
		if err != nil {
			return
		}
		svgFont, _ = opentype.Parse(data)
	})
	return svgFont
}

// drawSVGTexts prints texts over img, the drawing of the user-unit area vb
// scaled by sx, sy.
func drawSVGTexts(img *image.RGBA, texts []svgTextPiece, vbX, vbY, sx, sy float64) {
	f := textFont()
	if f == nil || len(texts) == 0 {
		return
	}
	faces := map[int]font.Face{}
	defer func() {
		for _, face := range faces {
			face.Close()
		}
	}()
	bounds := img.Bounds()
	for _, t := range texts {
		px := int(math.Round(t.size * min(sx, sy)))
		if px < 4 || px > bounds.Dy() {
			continue // too small to read, or not a label
		}
		face := faces[px]
		if face == nil {
			var err error
			face, err = opentype.NewFace(f, &opentype.FaceOptions{Size: float64(px), DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				continue
			}
			faces[px] = face
		}
		x, y := (t.x-vbX)*sx, (t.y-vbY)*sy
		if t.quarters != 0 {
			drawTurned(img, face, t, x, y)
			continue
		}
		dr := &font.Drawer{Dst: img, Src: image.NewUniform(t.fill), Face: face}
		width := float64(dr.MeasureString(t.text)) / 64
		switch t.anchor {
		case "middle":
			x -= width / 2
		case "end":
			x -= width
		}
		if x+width < 0 || y < 0 || x > float64(bounds.Dx()) || y-float64(px) > float64(bounds.Dy()) {
			continue
		}
		dr.Dot = fixed.P(int(math.Round(x)), int(math.Round(y)))
		dr.DrawString(t.text)
	}
}

// drawTurned prints t, turned by its quarter turns about its anchor point
// x, y (in img's pixels): drawn level on a strip of its own, then each of
// the strip's pixels laid over img at its place once turned.
func drawTurned(img *image.RGBA, face font.Face, t svgTextPiece, x, y float64) {
	m := face.Metrics()
	asc, desc := m.Ascent.Ceil(), m.Descent.Ceil()
	width := font.MeasureString(face, t.text).Ceil()
	if width <= 0 || width > 8*img.Bounds().Dx()+8*img.Bounds().Dy() {
		return
	}
	strip := image.NewRGBA(image.Rect(0, 0, width, asc+desc))
	dr := &font.Drawer{Dst: strip, Src: image.NewUniform(t.fill), Face: face, Dot: fixed.P(0, asc)}
	dr.DrawString(t.text)
	// dir runs along the text, down across it (glyphs' downwards).
	dirs := [4][2]int{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}
	dx, dy := dirs[t.quarters][0], dirs[t.quarters][1]
	downX, downY := -dy, dx
	shift := 0
	switch t.anchor {
	case "middle":
		shift = width / 2
	case "end":
		shift = width
	}
	ox, oy := int(math.Round(x))-shift*dx, int(math.Round(y))-shift*dy
	b := img.Bounds()
	for v := range asc + desc {
		for u := range width {
			i := strip.PixOffset(u, v)
			a := uint32(strip.Pix[i+3])
			if a == 0 {
				continue
			}
			px, py := ox+u*dx+(v-asc)*downX, oy+u*dy+(v-asc)*downY
			if px < b.Min.X || py < b.Min.Y || px >= b.Max.X || py >= b.Max.Y {
				continue
			}
			// The strip is premultiplied: over is src + dst·(1-α).
			j := img.PixOffset(px, py)
			for k := range 4 {
				img.Pix[j+k] = uint8(uint32(strip.Pix[i+k]) + uint32(img.Pix[j+k])*(255-a)/255)
			}
		}
	}
}
