package build

import (
	"archive/zip"
	"context"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/render/pdf"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestVolumeCovers builds the sample in volumes of at most 30 pages with
// its covers and EPUB: each volume has a cover whose spine follows that
// volume's page count, the files are put in place in the order asked, and
// the EPUB, whose print edition restarts its numbers in each volume, has
// no page list.
func TestVolumeCovers(t *testing.T) {
	pdfinfo := tooltest.Need(t, "pdfinfo")
	out := t.TempDir()
	res, err := Run(context.Background(), Options{Sources: []string{samplePath}, OutputDir: out, Name: "book",
		Formats: []string{"epub", "pdf", "cover"}, PageSize: "6x9", Paper: "cream", MaxPages: 30})
	if err != nil {
		t.Fatal(err)
	}
	var vols []string
	for _, f := range res.Files {
		if base := filepath.Base(f); strings.HasSuffix(base, ".pdf") && !strings.HasSuffix(base, "-cover.pdf") {
			vols = append(vols, base)
		}
	}
	if len(vols) < 2 {
		t.Fatalf("wrote %v: want volumes of at most 30 pages", res.Files)
	}
	want := []string{"book.epub"}
	for i := range vols {
		want = append(want, "book-"+strconv.Itoa(i+1)+".pdf")
	}
	for i := range vols {
		want = append(want, "book-"+strconv.Itoa(i+1)+"-cover.pdf")
	}
	if got := baseNames(res.Files); !slices.Equal(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	for i := range vols {
		pages := pdfPageCount(t, pdfinfo, filepath.Join(out, "book-"+strconv.Itoa(i+1)+".pdf"))
		if pages > 30 || pages%2 != 0 {
			t.Errorf("volume %d has %d pages", i+1, pages)
		}
		c, err := pdf.CoverSize("6x9", "cream", pages)
		if err != nil {
			t.Fatal(err)
		}
		info, err := exec.Command(pdfinfo, "-box", filepath.Join(out, "book-"+strconv.Itoa(i+1)+"-cover.pdf")).Output()
		if err != nil {
			t.Fatal(err)
		}
		m := mediaBox.FindSubmatch(info)
		if m == nil {
			t.Fatalf("no MediaBox:\n%s", info)
		}
		w, _ := strconv.ParseFloat(string(m[1]), 64)
		if math.Abs(w-c.Width()) > 0.02 {
			t.Errorf("cover of volume %d is %g pt wide, want %g for its %d pages", i+1, w, c.Width(), pages)
		}
	}
	zr, err := zip.OpenReader(filepath.Join(out, "book.epub"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if data := readZipFile(t, f); strings.Contains(data, "page-list") || strings.Contains(data, "pagebreak") {
			t.Errorf("%s marks print pages, of a print edition in volumes", f.Name)
		}
	}
}
