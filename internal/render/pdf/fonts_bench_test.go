package pdf

import (
	"context"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/anthology-book/anthology/internal/testkit"
)

// BenchmarkFontSetup is what a book pays for its fonts before and while
// it is drawn, on a generated blog of 200 posts: finding the fonts its
// text needs (the bundled ones are parsed once per process), and handing
// fpdf the faces it draws, which fpdf parses again and embeds.
//
//	go test -run '^$' -bench FontSetup ./internal/render/pdf
func BenchmarkFontSetup(b *testing.B) {
	bk, docs := loadBlog(b, testkit.Corpus(b, 200))
	l, err := layout(context.Background(), bk, docs, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var drawn []face
	seen := map[face]bool{}
	for _, pg := range l.pg.pages {
		for _, pl := range pg.items {
			for _, o := range pl.it.ops {
				if o.kind == opText && !seen[o.face] {
					seen[o.face] = true
					drawn = append(drawn, o.face)
				}
			}
		}
	}
	b.ReportMetric(float64(len(drawn)), "faces")
	b.ReportAllocs()
	for b.Loop() {
		fonts, err := bookFonts(bk, docs, false, FontSearch{})
		if err != nil {
			b.Fatal(err)
		}
		f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: 400, Ht: 600}})
		for _, fc := range drawn {
			if err := fonts.register(f, fc); err != nil {
				b.Fatal(err)
			}
		}
	}
}
