package build

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/render/pdf"
	"github.com/anthology-book/anthology/internal/tooltest"
)

var mediaBox = regexp.MustCompile(`(?m)^MediaBox:\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)`)

// TestPrintCover builds the sample's cover with and without its PDF: its
// size follows the PDF's page count and the paper, and a small --cover is
// warned of with its resolution.
func TestPrintCover(t *testing.T) {
	pdfinfo := tooltest.Need(t, "pdfinfo")
	dir := t.TempDir()
	var pic bytes.Buffer
	if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 600, 900))); err != nil {
		t.Fatal(err)
	}
	small := filepath.Join(dir, "small.png")
	if err := os.WriteFile(small, pic.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name    string
		formats []string
		paper   string
		cover   string
	}{
		{"with the PDF", []string{"pdf", "cover"}, "cream", ""},
		{"alone", []string{"cover"}, "", small},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			opts := Options{Sources: []string{samplePath}, OutputDir: out, Name: "book", Formats: tt.formats,
				PageSize: "6x9", Paper: tt.paper, Cover: tt.cover}
			res, err := Run(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			wantFiles := []string{filepath.Join(out, "book.pdf"), filepath.Join(out, "book-cover.pdf")}
			if len(tt.formats) == 1 {
				wantFiles = wantFiles[1:]
			}
			if !slices.Equal(res.Files, wantFiles) {
				t.Errorf("wrote %v, want %v", res.Files, wantFiles)
			}
			// The interior's page count, from a PDF of the same book.
			interior := filepath.Join(out, "book.pdf")
			if len(tt.formats) == 1 {
				o := opts
				o.Formats, o.OutputDir = []string{"pdf"}, t.TempDir()
				r, err := Run(context.Background(), o)
				if err != nil {
					t.Fatal(err)
				}
				interior = r.Files[0]
			}
			pages := pdfPageCount(t, pdfinfo, interior)
			c, err := pdf.CoverSize("6x9", tt.paper, pages)
			if err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command(pdfinfo, "-box", filepath.Join(out, "book-cover.pdf")).Output()
			if err != nil {
				t.Fatal(err)
			}
			m := mediaBox.FindSubmatch(info)
			if m == nil {
				t.Fatalf("no MediaBox:\n%s", info)
			}
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			h, _ := strconv.ParseFloat(string(m[2]), 64)
			if math.Abs(w-c.Width()) > 0.02 || math.Abs(h-c.Height()) > 0.02 {
				t.Errorf("cover %gx%g pt, want %gx%g for %d pages", w, h, c.Width(), c.Height(), pages)
			}
			var ppi []string
			for _, w := range res.Report.Warnings {
				if strings.Contains(w.Msg, "ppi") {
					ppi = append(ppi, w.Msg)
				}
			}
			// 600 of 900 pixels tall over 9.25 in: the front's 6.125 in get 595 px, 97 ppi
			if tt.cover != "" && (len(ppi) != 1 || !strings.Contains(ppi[0], "97 ppi")) {
				t.Errorf("resolution warnings %q, want one at 97 ppi", ppi)
			}
			if tt.cover == "" && len(ppi) != 0 {
				t.Errorf("resolution warnings %q for a drawn front", ppi)
			}
		})
	}
}
