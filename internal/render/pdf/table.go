package pdf

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

type tcell struct {
	node  ast.Node
	align east.Alignment
}

// Tables. A table is set at the text's size, or smaller (down to
// minTableSize) until its longest words fit their columns; then with its
// cell words hyphenated, the pieces fitting; and a table that does not fit
// even so (tens of columns) is set as stacked rows: each row a block of
// "label: value" lines under a rule, the labels from the header. A cell
// word breaks only where a hyphen can show it, never between two letters
// with nothing to mark the break.
const minTableSize = 7

// table lays out a GFM table: column widths from the content, the text
// shrunk (down to a floor) before the table overflows, each row an item so
// that rows split across pages, and the header repeated on each page.
func (l *layouter) table(t *east.Table, c bctx) {
	var rows [][]tcell
	header := -1
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		if _, ok := r.(*east.TableHeader); ok {
			header = len(rows)
		}
		var row []tcell
		for cell := r.FirstChild(); cell != nil; cell = cell.NextSibling() {
			if tc, ok := cell.(*east.TableCell); ok {
				row = append(row, tcell{node: tc, align: tc.Alignment})
			}
		}
		rows = append(rows, row)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return
	}
	var size float64
	var widths []float64
	fits, hyphenate := false, false
	for size = c.st.size * 0.9; ; size -= 0.5 {
		widths, fits = l.columnWidths(rows, header, cols, size, c.width, false)
		if fits || size-0.5 < minTableSize {
			break
		}
	}
	if !fits {
		hyphenate = true
		if widths, fits = l.columnWidths(rows, header, cols, size, c.width, true); !fits {
			l.stackedTable(rows, header, c, size)
			return
		}
	}
	pad := size * 0.4
	lead := size * 1.25
	var head *vitem
	var items []*vitem
	for ri, r := range rows {
		st := style{face: serif, size: size}
		if ri == header {
			st.face = serifBold
		}
		it := &vitem{counted: true, word: l.words}
		x := c.x
		h := 0.0
		var cellOps [][]op
		for ci := 0; ci < cols; ci++ {
			var ops []op
			if ci < len(r) {
				al := alignLeft
				switch r[ci].align {
				case east.AlignRight:
					al = alignRight
				case east.AlignCenter:
					al = alignCenter
				}
				l.noHyph = !hyphenate
				spans := l.collect(r[ci].node, st, nil)
				l.anchors(spans)
				lines := l.breakLines(l.boxes(spans), widths[ci]-2*pad, 0)
				l.noHyph = false
				for li, ln := range lines {
					ln.last = true
					l.words += int32(ln.words)
					ops = append(ops, l.lineOps(ln, x+pad, pad+float64(li)*lead+baseline(lead, size), widths[ci]-2*pad, al)...)
				}
				h = max(h, float64(len(lines))*lead+2*pad)
			}
			cellOps = append(cellOps, ops)
			x += widths[ci]
		}
		it.h = max(h, lead+2*pad)
		total := x - c.x
		if ri == header {
			it.ops = append(it.ops, op{kind: opRect, x: c.x, y: 0, w: total, h: it.h, gray: 235})
		}
		for _, ops := range cellOps {
			it.ops = append(it.ops, ops...)
		}
		it.ops = append(it.ops, op{kind: opLine, x: c.x, y: it.h, w: total, size: 0.4, gray: 120})
		if ri == 0 {
			it.ops = append(it.ops, op{kind: opLine, x: c.x, y: 0, w: total, size: 0.8})
		}
		if ri == len(rows)-1 {
			it.ops = append(it.ops, op{kind: opLine, x: c.x, y: it.h, w: total, size: 0.8})
		}
		if ri == header {
			it.keepNext = true
			head = it
		} else if head != nil {
			it.header = head
		}
		items = append(items, it)
	}
	if len(l.pending) > 0 || len(l.marker) > 0 {
		l.takePending(items[0], pad+baseline(lead, size))
	}
	l.out = append(l.out, items...)
}

// columnWidths shares width between the columns: each gets its longest
// word, then the room left goes where the text is longest. It reports
// whether the longest words fit.
//
// With hyphenate, a word's pieces between its hyphenation points, each
// with the hyphen it would end its line with, count instead of the word.
func (l *layouter) columnWidths(rows [][]tcell, header, cols int, size, width float64, hyphenate bool) ([]float64, bool) {
	pad := size * 0.4
	minW := make([]float64, cols)
	maxW := make([]float64, cols)
	l.noHyph = !hyphenate
	defer func() { l.noHyph = false }()
	for ri, r := range rows {
		st := style{face: serif, size: size}
		if ri == header {
			st.face = serifBold
		}
		for ci, cell := range r {
			line, word := 0.0, 0.0
			for _, b := range l.boxes(l.collect(cell.node, st, nil)) {
				switch b.kind {
				case kBox:
					line += b.w
					word += b.w
				case kGlue:
					line += b.w
					minW[ci] = max(minW[ci], word)
					word = 0
				case kHyphen:
					minW[ci] = max(minW[ci], word+b.w)
					word = 0
				default:
					minW[ci] = max(minW[ci], word)
					word = 0
				}
			}
			minW[ci] = max(minW[ci], word)
			maxW[ci] = max(maxW[ci], line)
		}
	}
	sumMin, sumMax := 0.0, 0.0
	for i := range cols {
		minW[i] += 2 * pad
		maxW[i] += 2 * pad
		sumMin += minW[i]
		sumMax += maxW[i]
	}
	out := make([]float64, cols)
	switch {
	case sumMax <= width:
		copy(out, maxW)
		return out, true
	case sumMin <= width:
		ratio := (width - sumMin) / (sumMax - sumMin)
		for i := range out {
			out[i] = minW[i] + (maxW[i]-minW[i])*ratio
		}
		return out, true
	default:
		for i := range out {
			out[i] = minW[i] * width / sumMin
		}
		return out, false
	}
}

// stackedTable sets a table too wide for the page as a list of its rows:
// each cell on lines of its own, after its column's label in bold (the
// header cell's text, else the column's number). The header row is not
// printed as a row, but its words count as laid out, in the order the
// EPUB has them.
func (l *layouter) stackedTable(rows [][]tcell, header int, c bctx, size float64) {
	st := style{face: serif, size: size}
	lead := size * 1.3
	labels := map[int]string{}
	if header >= 0 {
		for ci, cell := range rows[header] {
			labels[ci] = squeezeSpace(plainText(cell.node, l.src))
		}
		l.noHyph = true
		for _, cell := range rows[header] {
			boxes := l.boxes(l.collect(cell.node, st, nil))
			l.words += int32(wordStarts(boxes, 0, len(boxes)))
		}
		l.noHyph = false
	}
	first := true
	for ri, r := range rows {
		if ri == header {
			continue
		}
		rule := &vitem{h: lead * 0.5, ops: []op{{kind: opLine, x: c.x, y: lead * 0.25, w: c.width, size: 0.4, gray: 120}}}
		if first {
			rule.ops[0].size = 0.8
		}
		first = false
		l.out = append(l.out, rule)
		var row []*vitem
		for ci, cell := range r {
			label := labels[ci]
			if label == "" {
				label = strconv.Itoa(ci + 1)
			}
			label += ":"
			lw := l.fonts.width(serifBold, size, label) + l.spaceWidth(&st)
			spans := l.collect(cell.node, st, nil)
			items := l.textItems(spans, c.x, c.width, lw, lead, alignLeft)
			if len(items) == 0 {
				items = []*vitem{{h: lead, counted: true, word: l.words}}
			}
			items[0].ops = append(items[0].ops, op{kind: opText, face: serifBold, size: size, x: c.x, y: baseline(lead, size), w: lw, text: label})
			row = append(row, items...)
		}
		rule.keepNext = len(row) > 0
		l.out = append(l.out, row...)
	}
	if !first {
		l.out = append(l.out, &vitem{h: lead * 0.5, ops: []op{{kind: opLine, x: c.x, y: lead * 0.25, w: c.width, size: 0.8}}})
	}
}

// squeezeSpace joins the words of s with single spaces.
func squeezeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
