package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/tooltest"
)

func TestCoverSize(t *testing.T) {
	for _, tt := range []struct {
		pageSize, paper string
		pages           int
		spineIn         float64
	}{
		{"6x9", "white", 100, 0.2252},
		{"6x9", "white", 500, 1.126},
		{"6x9", "cream", 100, 0.25},
		{"6x9", "cream", 500, 1.25},
		{"a5", "", 100, 0.2252},
		{"letter", "color", 500, 1.1735},
	} {
		t.Run(fmt.Sprint(tt.pageSize, tt.paper, tt.pages), func(t *testing.T) {
			c, err := CoverSize(tt.pageSize, tt.paper, tt.pages)
			if err != nil {
				t.Fatal(err)
			}
			tw, th, _ := TrimSize(tt.pageSize)
			if !near(c.Spine, tt.spineIn*72) {
				t.Errorf("spine %.3f pt, want %.3f", c.Spine, tt.spineIn*72)
			}
			if want := 2*tw + tt.spineIn*72 + 2*9; !near(c.Width(), want) {
				t.Errorf("width %.3f pt, want %.3f", c.Width(), want)
			}
			if want := th + 2*9; !near(c.Height(), want) {
				t.Errorf("height %.3f pt, want %.3f", c.Height(), want)
			}
		})
	}
	if _, err := CoverSize("6x9", "glossy", 100); err == nil || !strings.Contains(err.Error(), `unknown paper "glossy"`) {
		t.Errorf("glossy paper: got %v", err)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

// coverBook is a book with a description, for the cover's back.
func coverBook() *book.Book {
	return &book.Book{Title: "Spine Title", Author: "Ann Author", Description: "A book about the things a blog holds, with its back text wrapped in the serif.\n\nA second paragraph."}
}

func writeCoverFile(t *testing.T, b *book.Book, opts CoverOptions) (string, *book.Report) {
	t.Helper()
	rep := &book.Report{}
	var buf bytes.Buffer
	if err := WriteCover(&buf, b, opts, rep); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cover.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, rep
}

var boxLine = regexp.MustCompile(`(?m)^(MediaBox|TrimBox|BleedBox):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)`)

// coverBoxes reads the first page's boxes with pdfinfo -box.
func coverBoxes(t *testing.T, path string) map[string][4]float64 {
	t.Helper()
	tool := tooltest.Need(t, "pdfinfo")
	out, err := exec.Command(tool, "-box", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo -box: %v", err)
	}
	boxes := map[string][4]float64{}
	for _, m := range boxLine.FindAllStringSubmatch(string(out), -1) {
		var b [4]float64
		for i := range b {
			b[i], _ = strconv.ParseFloat(m[i+2], 64)
		}
		boxes[m[1]] = b
	}
	if !strings.Contains(string(out), "Pages:           1\n") {
		t.Errorf("the cover is not one page:\n%s", out)
	}
	return boxes
}

// TestCoverReadBack reads covers back: their boxes, fonts, and the text
// on the spine only above 79 pages.
func TestCoverReadBack(t *testing.T) {
	for _, tt := range []struct {
		pageSize, paper string
		pages           int
	}{{"6x9", "white", 100}, {"6x9", "cream", 500}, {"a5", "white", 500}, {"a5", "cream", 79}} {
		t.Run(fmt.Sprint(tt.pageSize, tt.paper, tt.pages), func(t *testing.T) {
			path, _ := writeCoverFile(t, coverBook(), CoverOptions{PageSize: tt.pageSize, Paper: tt.paper, Pages: tt.pages})
			c, _ := CoverSize(tt.pageSize, tt.paper, tt.pages)
			boxes := coverBoxes(t, path)
			want := map[string][4]float64{
				"MediaBox": {0, 0, c.Width(), c.Height()},
				"BleedBox": {0, 0, c.Width(), c.Height()},
				"TrimBox":  {9, 9, c.Width() - 9, c.Height() - 9},
			}
			for name, w := range want {
				got, ok := boxes[name]
				if !ok {
					t.Errorf("no %s", name)
					continue
				}
				for i := range w {
					if math.Abs(got[i]-w[i]) > 0.02 {
						t.Errorf("%s %v, want %v", name, got, w)
						break
					}
				}
			}
			spine := textIn(t, path, c.spineX(), 0, c.Spine, c.Height())
			has := strings.Contains(spine, "Spine Title") && strings.Contains(spine, "Ann Author")
			if thick := tt.pages >= SpineTextMinPages; has != thick {
				t.Errorf("%d pages: spine text %q", tt.pages, spine)
			}
			back := textIn(t, path, 0, 0, c.spineX(), c.Height())
			if !strings.Contains(strings.Join(strings.Fields(back), " "), "A second paragraph.") {
				t.Errorf("the back reads %q, want the description", back)
			}
			front := textIn(t, path, c.frontX(), 0, c.TrimW+9, c.Height())
			if !strings.Contains(front, "Spine Title") || !strings.Contains(front, "Ann Author") {
				t.Errorf("the drawn front reads %q", front)
			}
			checkFontsEmbedded(t, path)
		})
	}
}

// textIn is the text pdftotext finds in a rectangle of the first page,
// in points from the top left.
func textIn(t *testing.T, path string, x, y, w, h float64) string {
	t.Helper()
	tool := tooltest.Need(t, "pdftotext")
	r := func(v float64) string { return strconv.Itoa(int(math.Round(v))) }
	out, err := exec.Command(tool, "-r", "72", "-x", r(x), "-y", r(y), "-W", r(w), "-H", r(h), "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func checkFontsEmbedded(t *testing.T, path string) {
	t.Helper()
	tool := tooltest.Need(t, "pdffonts")
	out, err := exec.Command(tool, path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no font:\n%s", out)
	}
	for _, l := range lines[2:] {
		if f := strings.Fields(l); len(f) < 6 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

func TestCoverFrontImage(t *testing.T) {
	for _, tt := range []struct {
		w, h int
		warn bool
	}{{400, 600, true}, {1900, 2800, false}} {
		t.Run(fmt.Sprint(tt.w, "x", tt.h), func(t *testing.T) {
			img := image.NewNRGBA(image.Rect(0, 0, tt.w, tt.h))
			for i := range img.Pix {
				img.Pix[i] = 0x80 // half transparent: the cover must not be
			}
			var buf bytes.Buffer
			if err := png.Encode(&buf, img); err != nil {
				t.Fatal(err)
			}
			front := &book.Asset{MediaType: "image/png", Data: buf.Bytes(), Width: tt.w, Height: tt.h}
			path, rep := writeCoverFile(t, coverBook(), CoverOptions{PageSize: "6x9", Pages: 120, Front: front})
			var warned []string
			for _, w := range rep.Warnings {
				if strings.Contains(w.Msg, "ppi") {
					warned = append(warned, w.Msg)
				}
			}
			// the 397 px of 6.125 in that fill the front print at 64 ppi
			if tt.warn && (len(warned) != 1 || !strings.Contains(warned[0], "64 ppi")) {
				t.Errorf("warnings %q, want one at 64 ppi", warned)
			}
			if !tt.warn && len(warned) != 0 {
				t.Errorf("warnings %q, want none", warned)
			}
			data, _ := os.ReadFile(path)
			if bytes.Contains(data, []byte("/SMask")) || bytes.Contains(data, []byte("/ca ")) {
				t.Error("the cover has transparency")
			}
		})
	}
}

func TestFillCrop(t *testing.T) {
	for _, tt := range []struct {
		r     image.Rectangle
		ratio float64
		want  image.Rectangle
	}{
		{image.Rect(0, 0, 200, 100), 1, image.Rect(50, 0, 150, 100)},
		{image.Rect(0, 0, 100, 300), 0.5, image.Rect(0, 50, 100, 250)},
	} {
		if got := fillCrop(tt.r, tt.ratio); got != tt.want {
			t.Errorf("fillCrop(%v, %g) = %v, want %v", tt.r, tt.ratio, got, tt.want)
		}
	}
}
