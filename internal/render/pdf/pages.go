package pdf

// reportPostPages tells report the pages each post takes in the laid-out
// book, from the page its title opens to the last page of its text,
// counted from 1 as a PDF reader counts them.
func (l *layouter) reportPostPages(report func(id string, first, last int)) {
	ids := map[string]string{} // anchor key -> post ID
	for _, p := range l.b.Posts() {
		ids[postKey(p.ID)] = p.ID
	}
	cur, first, last := "", 0, 0
	flush := func() {
		if cur != "" {
			report(cur, first, last)
		}
		cur = ""
	}
	for _, pg := range l.pg.pages {
		switch pg.kind {
		case pageBlank:
			continue
		case pageFront, pageCover, pageOpener:
			flush()
			continue
		}
		for _, pl := range pg.items {
			for _, o := range pl.it.ops {
				if id, ok := ids[o.text]; ok && o.kind == opAnchor {
					flush()
					cur, first = id, pg.num
				}
			}
		}
		last = pg.num
	}
	flush()
}
