package pdf

import (
	"bytes"
	"fmt"
	"io"
)

// boxOrder writes a PDF with the boxes of every page in one order.
//
// A hack, labelled as such: fpdf writes a page's boxes from a map, so a
// page with both a TrimBox and a BleedBox has them in either order from
// one run to the next, and two builds of one book would differ. Every
// page of the book has the same two boxes, so their two lines in the
// wrong order are one known string, swapped for the same lines in the
// right order: as long, so that the file's offsets still hold.
type boxOrder struct {
	w        io.Writer
	from, to []byte
	held     []byte // the end of what was written, where a match may begin
}

func newBoxOrder(w io.Writer, g geometry) *boxOrder {
	b := g.bleed
	return newBoxOrderOf(w, [4]float64{b, b, g.pageW + b, g.pageH + b}, [4]float64{0, 0, g.pageW + 2*b, g.pageH + 2*b})
}

// newBoxOrderOf orders the boxes of pages whose TrimBox and BleedBox are
// trim and bleed, each [x0 y0 x1 y1] in points: the cover's too.
func newBoxOrderOf(w io.Writer, trim, bleed [4]float64) *boxOrder {
	t := fmt.Sprintf("/TrimBox [%.2f %.2f %.2f %.2f]", trim[0], trim[1], trim[2], trim[3])
	b := fmt.Sprintf("/BleedBox [%.2f %.2f %.2f %.2f]", bleed[0], bleed[1], bleed[2], bleed[3])
	return &boxOrder{w: w, from: []byte(b + "\n" + t), to: []byte(t + "\n" + b)}
}

func (bo *boxOrder) Write(p []byte) (int, error) {
	n := len(p)
	if len(bo.held) > 0 {
		p = append(bo.held, p...) // only when fpdf writes in pieces
	}
	rest, err := bo.emit(p, false)
	bo.held = append([]byte(nil), rest...)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Close writes what Write held back.
func (bo *boxOrder) Close() error {
	_, err := bo.emit(bo.held, true)
	bo.held = nil
	return err
}

// emit writes p with its boxes in order. Unless it is the end, it holds
// back what could begin a match that the next write completes.
func (bo *boxOrder) emit(p []byte, end bool) ([]byte, error) {
	for {
		i := bytes.Index(p, bo.from)
		if i < 0 {
			break
		}
		if _, err := bo.w.Write(p[:i]); err != nil {
			return nil, err
		}
		if _, err := bo.w.Write(bo.to); err != nil {
			return nil, err
		}
		p = p[i+len(bo.from):]
	}
	keep := 0
	if !end {
		keep = min(len(p), len(bo.from)-1)
	}
	if _, err := bo.w.Write(p[:len(p)-keep]); err != nil {
		return nil, err
	}
	return p[len(p)-keep:], nil
}
