package pdf

import (
	"bytes"
	"math"
	"strconv"
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// TestDrawTextIsFpdfText checks that drawText shows the same text, in the
// same fonts, colours and places, as fpdf's Text, in fewer bytes.
func TestDrawTextIsFpdfText(t *testing.T) {
	fonts, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	words := []string{"plain", `(parens) and \ back`, "é à ç", "“quotes” — ‘dash’", "☐ ☑", "plain again", "é à ç", "€ 5\u00a0%", "Ċ\u010d"}
	doc := func(draw func(d *drawer, x, y float64, s string)) []byte {
		f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 420, Ht: 595}})
		f.SetCompression(false)
		f.SetCatalogSort(true)
		f.SetCreationDate(time.Unix(0, 0).UTC())
		f.SetModificationDate(time.Unix(0, 0).UTC())
		for i := range nFaces {
			f.AddUTF8FontFromBytes(faceFamily[i], faceStyle[i], bytes.Clone(fonts.faces[i].data))
		}
		d := &drawer{l: &layouter{fonts: fonts}, f: f, face: noFace, gray: -1, registered: 1<<nFaces - 1, drawn: make([][1 << 10]uint64, nFaces)}
		d.k = f.GetConversionRatio()
		_, d.h = f.GetPageSize()
		for page := range 2 {
			f.AddPage()
			for i, w := range words {
				for j, fc := range []face{serif, serifItalic, sans, mono} {
					if !covered(fonts, fc, w) {
						continue // as the layout draws no character in a face without it
					}
					d.setFont(fc, 9.5+float64(i%3)/3)
					d.setGray(uint8(i * j * 20))
					for k := range 3 { // a line of three words
						draw(d, 10.005+float64(i)*7.3+float64(page)+float64(k)*33.333, 20.335+float64(i*4+j)*11.7, w)
					}
				}
			}
			d.flush()
		}
		var buf bytes.Buffer
		if err := f.Output(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	fast := doc(func(d *drawer, x, y float64, s string) { d.drawText(x, y, s) })
	slow := doc(func(d *drawer, x, y float64, s string) { d.f.Text(x, y, s) })
	got, want := shownText(t, fast), shownText(t, slow)
	if len(want) < 2*len(words) {
		t.Fatalf("fpdf's Text shows %d strings: the content was not read", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("drawText shows %d strings, fpdf's Text %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.font != w.font || g.gray != w.gray || g.text != w.text || math.Abs(g.x-w.x) > 0.011 || math.Abs(g.y-w.y) > 0.011 {
			t.Errorf("string %d: drawText shows %+v, fpdf's Text %+v", i, g, w)
		}
	}
	if len(fast) >= len(slow) {
		t.Errorf("drawText's document takes %d bytes, fpdf's Text's %d", len(fast), len(slow))
	}
}

// shown is a string a content stream shows: in what font and size, grey,
// and where.
type shown struct {
	font, gray, text string
	x, y             float64
}

// shownText reads the strings shown in the uncompressed content streams
// of doc, following the text operators drawText and fpdf's Text write.
func shownText(t *testing.T, doc []byte) []shown {
	t.Helper()
	var out []shown
	for rest := doc; ; {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		dict := rest[max(0, bytes.LastIndex(rest[:i], []byte("<<"))):i]
		rest = rest[i+len("stream\n"):]
		end := bytes.Index(rest, []byte("\nendstream"))
		if end < 0 {
			t.Fatal("a stream without its end")
		}
		content := rest[:end]
		rest = rest[end+len("\nendstream"):]
		if bytes.Contains(dict, []byte("/Filter")) {
			continue // a font: compressed whatever SetCompression says
		}
		var stack []string
		var font, gray string
		var x, y float64
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("operand %q: %v", s, err)
			}
			return v
		}
		for len(content) > 0 {
			switch c := content[0]; {
			case c == ' ' || c == '\n' || c == '\r':
				content = content[1:]
				continue
			case c == '(':
				var s []byte
				depth := 0
				j := 1
				for ; ; j++ {
					if j >= len(content) {
						t.Fatal("a string without its end")
					}
					c := content[j]
					if c == '\\' {
						j++
						switch e := content[j]; e {
						case 'r':
							s = append(s, '\r')
						case 'n':
							s = append(s, '\n')
						default:
							s = append(s, e)
						}
						continue
					}
					if c == '(' {
						depth++
					}
					if c == ')' {
						if depth == 0 {
							break
						}
						depth--
					}
					s = append(s, c)
				}
				stack = append(stack, string(s))
				content = content[j+1:]
				continue
			}
			j := bytes.IndexAny(content, " \n\r")
			if j < 0 {
				j = len(content)
			}
			tok := string(content[:j])
			content = content[j:]
			switch tok {
			case "BT":
				x, y = 0, 0
			case "Td":
				x, y = x+num(stack[len(stack)-2]), y+num(stack[len(stack)-1])
			case "Tf":
				font = stack[len(stack)-2] + " " + stack[len(stack)-1]
			case "g":
				gray = stack[len(stack)-1]
			case "Tj":
				out = append(out, shown{font: font, gray: gray, text: stack[len(stack)-1], x: x, y: y})
			}
			if tok != "" && (tok[0] < '0' || tok[0] > '9') && tok[0] != '-' && tok[0] != '/' && tok[0] != '.' {
				stack = stack[:0] // an operator takes its operands
			} else {
				stack = append(stack, tok)
			}
		}
	}
}

func covered(fonts *fontSet, f face, s string) bool {
	for _, r := range s {
		if !fonts.covers(f, r) {
			return false
		}
	}
	return true
}
