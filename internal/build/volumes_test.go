package build

import (
	"archive/zip"
	"context"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/render/pdf"
	"github.com/anthology-book/anthology/internal/testkit"
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

// TestStaleVolumeTempsRemoved checks that a build removes the temporary
// files of volumes a killed build of the same name left, and no others.
func TestStaleVolumeTempsRemoved(t *testing.T) {
	blog := writeBlog(t, map[string]string{"a.md": "---\ntitle: A\ndate: 2021-05-01\n---\n\nText.\n"})
	out := t.TempDir()
	stale := []string{".book-1.pdf.123.tmp", ".book-12.pdf.4.tmp", ".book-2-cover.pdf.99.tmp"}
	kept := []string{".book-x.pdf.1.tmp", ".book-1.epub.1.tmp", ".book-1.pdf.x.tmp", ".other-1.pdf.1.tmp", "book-1.pdf.1.tmp"}
	for _, name := range slices.Concat(stale, kept) {
		if err := os.WriteFile(filepath.Join(out, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Run(context.Background(), Options{Sources: []string{blog}, OutputDir: out, Name: "book", Title: "T", Author: "A",
		Formats: []string{"epub"}}); err != nil {
		t.Fatal(err)
	}
	var got []string
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := slices.Sorted(slices.Values(append(slices.Clone(kept), "book.epub")))
	if !slices.Equal(got, want) {
		t.Errorf("the folder holds %q, want %q", got, want)
	}
}

// BenchmarkVolumes makes the EPUB and the PDF of a generated blog of
// 10,000 posts in one run, the PDF in volumes of at most 800 pages (Lulu's
// limit), as `anthology compile --max-pages 800` does, and reports the
// process's peak resident memory, which volumes keep to the largest
// volume's layout beside the posts (target: under 1 GiB); with -short, as
// CI runs it, 1,000 posts in volumes of 200 pages:
//
//	go test -run '^$' -bench Volumes -benchtime 1x ./internal/build
func BenchmarkVolumes(b *testing.B) {
	posts, maxPages := 10000, 800
	if testing.Short() {
		posts, maxPages = 1000, 200 // as CI runs the benchmarks once
	}
	blog := testkit.Corpus(b, posts)
	opts := benchOptions(blog)
	opts.Formats = DefaultFormats()
	opts.OutputDir = b.TempDir()
	opts.MaxPages = maxPages
	opts.TuneGC = true
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	testkit.ReportPosts(b, len(res.Book.Posts()))
	if peak := peakRSS(); peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MiB")
	}
}

// peakRSS returns the process's peak resident memory in bytes, as Linux
// counts it (VmHWM), or 0 elsewhere.
func peakRSS() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// TestFolderInTheWayOfAVolume checks that a folder where a volume goes
// stops the build before any file is put in place.
func TestFolderInTheWayOfAVolume(t *testing.T) {
	out := t.TempDir()
	if err := os.Mkdir(filepath.Join(out, "book-2.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), Options{Sources: []string{samplePath}, OutputDir: out, Name: "book",
		Formats: []string{"epub", "pdf"}, MaxPages: 30})
	if err == nil || !strings.Contains(err.Error(), "book-2.pdf") {
		t.Fatalf("error %v, want one naming book-2.pdf", err)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %q, want only the folder in the way", names)
	}
}
