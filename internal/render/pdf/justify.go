package pdf

import "math"

// Vertical justification. A book's full pages end on the same line, so
// that the last lines of facing pages stand level, as a printer's do: the
// text block holds a whole number of body lines, and the room a full page
// has left below its last line is shared out, first between its blocks
// (the space around headings, lists, code, quotes, notes), then, a little,
// between its lines. A page that would need more than that (one ending
// before a figure that did not fit) stays ragged at its foot.

// grid is where the last baseline of a full page lands.
type grid struct {
	lead   float64 // of body text; 0 leaves pages unjustified
	base   float64 // a body line's baseline, from the line's top
	bottom float64 // the last baseline, from the top of the text block
}

const (
	// maxBlockStretch is how much a block's space may grow, as a share of
	// its own height.
	maxBlockStretch = 1.0
	// maxLineStretch is how much the room between two lines may grow, as
	// a share of the body's leading: readers see the lines as evenly set.
	maxLineStretch = 0.08
	// maxBlockShrink is how much a block's space may shrink.
	maxBlockShrink = 1.0 / 3
)

// setGrid makes the page a whole number of body lines of lead and size.
func (p *paginator) setGrid(lead, size float64) {
	lines := math.Floor((p.height + 0.01) / lead)
	if lines < 2 {
		return
	}
	p.height = lines * lead
	base := baseline(lead, size)
	p.grid = grid{lead: lead, base: base, bottom: p.height - lead + base}
}

// hyphenTurnsLeaf reports whether ending the current page after it would
// leave a hyphen at the foot of a recto: the reader would turn the leaf in
// the middle of a word.
func (p *paginator) hyphenTurnsLeaf(it *vitem) bool {
	return it.hyphen && p.cur.num%2 == 1
}

// lastBaseline returns the lowest baseline of an item's text, from its
// top; an item without text counts as a body line that ends where it does.
func (gr grid) lastBaseline(it *vitem) float64 {
	found := false
	y := 0.0
	for _, o := range it.ops {
		if o.kind == opText && (!found || o.y > y) {
			y, found = o.y, true
		}
	}
	if !found {
		return it.h - (gr.lead - gr.base)
	}
	return y
}

// fill justifies the current page, which the flow has filled: it moves
// its items down so that the last baseline lands on the grid's last line.
func (p *paginator) fill() {
	if p.cur == nil || p.cur.kind != pageBody || p.grid.lead == 0 {
		return
	}
	items := p.cur.items
	n := len(items)
	for n > 0 && items[n-1].it.space {
		n--
	}
	if n < 2 {
		return
	}
	last := items[n-1]
	want := p.grid.bottom - (last.y + p.grid.lastBaseline(last.it))
	if math.Abs(want) < 0.01 {
		return
	}
	spaces := 0.0
	for _, pl := range items[1 : n-1] {
		if pl.it.space {
			spaces += pl.it.h
		}
	}
	gaps := float64(n - 1)
	var spaceRatio, perGap float64
	switch {
	case want < 0 && -want <= spaces*maxBlockShrink:
		spaceRatio = want / spaces
	case want < 0:
		return
	case want <= spaces*maxBlockStretch:
		spaceRatio = want / spaces
	default:
		spaceRatio = maxBlockStretch
		perGap = (want - spaces*maxBlockStretch) / gaps
		if perGap > p.grid.lead*maxLineStretch {
			return
		}
	}
	shift := 0.0
	for i := range items {
		items[i].y += shift
		if i >= n-1 {
			continue
		}
		if i > 0 && items[i].it.space {
			shift += items[i].it.h * spaceRatio
		}
		shift += perGap
	}
	p.y += shift
}
