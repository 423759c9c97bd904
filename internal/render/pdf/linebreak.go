package pdf

import "math"

// Knuth–Plass line breaking for justified paragraphs: the breaks are
// chosen for the whole paragraph at once, so that no line is much looser
// than its neighbours, with as few hyphens as the spacing allows. The
// numbers are TeX's.
const (
	kpLinePenalty   = 10
	kpHyphenPenalty = 50
	kpDoubleHyphen  = 10000 // two hyphenated lines in a row
	kpFinalHyphen   = 5000  // a hyphen before the last line
	kpAdjacent      = 10000 // a tight line next to a loose one
	// kpMaxHyphens is the most hyphenated lines in a row. It and a
	// paragraph's last line never starting with the end of a word are
	// rules, relaxed only in the emergency pass.
	kpMaxHyphens   = 2
	kpPretolerance = 100  // first try, without hyphenation
	kpTolerance    = 200  // second try, with it
	kpEmergency    = 2000 // last try before the greedy breaker
)

type kpNode struct {
	pos       int // index of the break; -1 for the paragraph's start
	line      int // lines before the break
	fitness   int
	demerits  float64
	hyphen    bool
	hyphens   int // hyphenated lines in a row ending at this break
	prev      *kpNode
	nextStart int // first item of the next line
}

// kpScratch is the memory of the breaker, kept from paragraph to
// paragraph: a book has tens of thousands.
type kpScratch struct {
	// prefix sums of widths, stretch and shrink before each item
	sw, sy, sz []float64
	active     []*kpNode
	// nodes hands out the breaker's nodes, in blocks that do not move as
	// more are added: the nodes point to each other.
	nodes [][]kpNode
	used  int
}

const kpBlock = 256

// node returns a node of the arena set to n.
func (kp *kpScratch) node(n kpNode) *kpNode {
	b, i := kp.used/kpBlock, kp.used%kpBlock
	if b == len(kp.nodes) {
		kp.nodes = append(kp.nodes, make([]kpNode, kpBlock))
	}
	kp.used++
	nd := &kp.nodes[b][i]
	*nd = n
	return nd
}

// sums fills the prefix sums of items.
func (kp *kpScratch) sums(items []ibox) {
	n := len(items)
	kp.sw = append(kp.sw[:0], make([]float64, n+1)...)
	kp.sy = append(kp.sy[:0], make([]float64, n+1)...)
	kp.sz = append(kp.sz[:0], make([]float64, n+1)...)
	sw, sy, sz := kp.sw, kp.sy, kp.sz
	for i, it := range items {
		sw[i+1], sy[i+1], sz[i+1] = sw[i], sy[i], sz[i]
		switch it.kind {
		case kBox:
			sw[i+1] += it.w
		case kGlue:
			sw[i+1] += it.w
			sy[i+1] += stretchOf(it)
			sz[i+1] += it.w / 3
		}
	}
}

// maxStretch is the most a word space may stretch in a justified line: a
// third of an em (Charis's space is 0.29 em, so no space is drawn wider
// than 0.62 em). A line that needs more is set ragged.
func maxStretch(glue ibox) float64 {
	if glue.st == nil {
		return math.Inf(1)
	}
	return glue.st.size / 3
}

// stretchOf is how much a word space may stretch: half its width, TeX's
// proportion, within maxStretch.
func stretchOf(glue ibox) float64 {
	if mathGlue(glue) {
		return 0
	}
	return min(glue.w*0.5, maxStretch(glue))
}

// breakParagraph breaks a paragraph into lines: justified text with
// Knuth–Plass, anything else, or a paragraph it cannot set, greedily.
func (l *layouter) breakParagraph(items []ibox, width, firstIndent float64, al align) []tline {
	if al == alignJustify && len(items) > 0 {
		l.kp.sums(items)
		for _, try := range []struct {
			tol    float64
			hyphen bool
		}{{kpPretolerance, false}, {kpTolerance, true}, {kpEmergency, true}} {
			if lines, ok := l.kp.knuthPlass(items, width, firstIndent, try.tol, try.hyphen, try.tol < kpEmergency); ok {
				return lines
			}
		}
	}
	return l.breakLines(items, width, firstIndent)
}

// knuthPlass breaks items, whose sums kp holds, at the given tolerance.
// strict makes the hyphenation limits rules instead of demerits.
func (kp *kpScratch) knuthPlass(items []ibox, width, firstIndent, tolerance float64, hyphenate, strict bool) ([]tline, bool) {
	n := len(items)
	sw, sy, sz := kp.sw, kp.sy, kp.sz
	kp.used = 0
	startAfter := func(p int) int {
		q := p + 1
		for q < n && (items[q].kind == kGlue || items[q].kind == kHyphen) {
			q++
		}
		return q
	}
	active := append(kp.active[:0], kp.node(kpNode{pos: -1, fitness: 1, nextStart: startAfter(-1)}))
	defer func() { kp.active = active[:0] }()
	for b := 0; b <= n; b++ {
		forced := b == n
		penalty := 0.0
		flagged := false
		if b < n {
			it := items[b]
			switch it.kind {
			case kGlue:
				if it.nobreak || b == 0 || items[b-1].kind == kGlue {
					continue
				}
			case kHyphen:
				if !hyphenate && it.text != "" {
					continue
				}
				penalty = kpHyphenPenalty
				flagged = it.text != ""
			case kBreak:
				forced = true
			default:
				continue
			}
		}
		// the best break at b of each fitness and run of hyphens, if any:
		// a break with more hyphens behind it is no substitute for one
		// with fewer
		var best [4][kpMaxHyphens + 2]kpNode
		var found [4][kpMaxHyphens + 2]bool
		kept := active[:0]
		for _, a := range active {
			avail := width
			if a.line == 0 {
				avail -= firstIndent
			}
			start := a.nextStart
			if start > b {
				start = b
			}
			length := sw[b] - sw[start]
			if b < n && items[b].kind == kHyphen {
				length += items[b].w
			}
			var r float64
			switch {
			case length < avail && forced:
				r = 0 // a last line is set ragged
			case length < avail:
				if st := sy[b] - sy[start]; st > 0 {
					r = (avail - length) / st
				} else {
					r = math.Inf(1)
				}
			case length > avail:
				if sh := sz[b] - sz[start]; sh > 0 {
					r = (avail - length) / sh
				} else {
					r = math.Inf(-1)
				}
			}
			if r >= -1 && !forced {
				kept = append(kept, a)
			}
			if r < -1 {
				continue
			}
			// Products, not math.Pow: the same bits (Pow multiplies out
			// whole exponents) at a fraction of the time, in the
			// breaker's innermost loop.
			ar := math.Abs(r)
			bad := 100 * (ar * ar * ar)
			if bad > tolerance {
				continue
			}
			run := 0
			if flagged {
				run = min(a.hyphens+1, kpMaxHyphens+1)
			}
			if strict && (run > kpMaxHyphens || forced && a.hyphen) {
				continue
			}
			lb := kpLinePenalty + bad
			d := lb*lb + penalty*penalty
			if flagged && a.hyphen {
				d += kpDoubleHyphen
				if run > kpMaxHyphens {
					d += kpDoubleHyphen * 10
				}
			}
			if forced && a.hyphen {
				d += kpFinalHyphen
			}
			fit := fitness(r)
			if a.pos >= 0 && absInt(fit-a.fitness) > 1 {
				d += kpAdjacent
			}
			total := a.demerits + d
			if !found[fit][run] || total < best[fit][run].demerits {
				best[fit][run] = kpNode{pos: b, line: a.line + 1, fitness: fit, demerits: total, hyphen: flagged, hyphens: run, prev: a}
				found[fit][run] = true
			}
		}
		active = kept
		for fit := range best {
			for run, nd := range best[fit] {
				if !found[fit][run] {
					continue
				}
				nd.nextStart = startAfter(b)
				if b < n && items[b].kind == kBreak {
					nd.nextStart = b + 1
				}
				active = append(active, kp.node(nd))
			}
		}
		if len(active) == 0 {
			return nil, false
		}
	}
	var end *kpNode
	for _, a := range active {
		if a.pos == n && (end == nil || a.demerits < end.demerits) {
			end = a
		}
	}
	if end == nil {
		return nil, false
	}
	var breaks []*kpNode
	for nd := end; nd.prev != nil; nd = nd.prev {
		breaks = append(breaks, nd)
	}
	lines := make([]tline, 0, len(breaks))
	for i := len(breaks) - 1; i >= 0; i-- {
		nd := breaks[i]
		start := nd.prev.nextStart
		stop := nd.pos
		if start > stop {
			start = stop
		}
		ln := tline{items: items[start:stop], last: nd.pos == n || items[nd.pos].kind == kBreak, words: wordStarts(items, start, stop)}
		if nd.prev.pos < 0 {
			ln.indent = firstIndent
		}
		if nd.pos < n && items[nd.pos].kind == kHyphen && items[nd.pos].text != "" {
			h := items[nd.pos]
			h.kind = kBox
			ln.items = append(ln.items[:len(ln.items):len(ln.items)], h)
		}
		lines = append(lines, ln)
	}
	return lines, true
}

// fitness classes a line by its spacing: tight, decent, loose, very loose.
func fitness(r float64) int {
	switch {
	case r < -0.5:
		return 0
	case r <= 0.5:
		return 1
	case r <= 1:
		return 2
	default:
		return 3
	}
}

func absInt(i int) int {
	if i < 0 {
		return -i
	}
	return i
}
