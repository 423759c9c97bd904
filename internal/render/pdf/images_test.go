package pdf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/testkit"
	"github.com/anthology-book/anthology/internal/tooltest"
)

// TestImagesOfOneWidth checks a book of many pictures of one pixel width,
// and emoji, which all share theirs: every run writes the same bytes
// (fpdf orders images of one width as a map does), and each picture is
// stored as it was prepared, at its own width, without being decoded and
// made again.
func TestImagesOfOneWidth(t *testing.T) {
	const n, w, h = 8, 120, 90
	fsys := fstest.MapFS{}
	var body strings.Builder
	for i := range n {
		name := fmt.Sprintf("p%d.jpg", i)
		fsys[name] = &fstest.MapFile{Data: testkit.JPEG(w, h, uint64(i), 0)}
		fmt.Fprintf(&body, "Picture %d 🙂 and 🌻.\n\n![%s](%s)\n\n", i, name, name)
	}
	p := &book.Post{ID: "p", Title: "Pictures", Body: []byte(body.String()), Source: "p.md", Assets: fsys, AssetDir: "."}
	b := &book.Book{Title: "Pictures", Date: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), Chapters: []*book.Chapter{{ID: "c", Title: "C", Posts: []*book.Post{p}}}}
	docs, rep := parseAndPrepare(t, b)
	if len(rep.Warnings) != 0 || len(b.Images) != n {
		t.Fatalf("%d images, warnings %v", len(b.Images), rep.Warnings)
	}
	var first []byte
	for run := range 4 {
		var out bytes.Buffer
		if err := Write(context.Background(), &out, b, docs, Options{}, &book.Report{}); err != nil {
			t.Fatal(err)
		}
		if run == 0 {
			first = out.Bytes()
		} else if !bytes.Equal(out.Bytes(), first) {
			t.Fatalf("run %d differs from the first", run+1)
		}
	}
	for _, a := range b.Images {
		if !bytes.Contains(first, a.Data) {
			t.Errorf("%s is not stored as prepared", a.Name)
		}
	}
	tooltest.Need(t, "pdfimages")
	path := filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(path, first, 0o644); err != nil {
		t.Fatal(err)
	}
	imgs, err := testkit.PDFImageList(path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	pictures, emoji := 0, 0
	for _, im := range imgs {
		switch {
		case im.Type != "image":
		case im.Emoji:
			emoji++
			if im.Width != emojiCell {
				t.Errorf("an emoji is stored %d px wide, want %d", im.Width, emojiCell)
			}
		default:
			pictures++
			if im.Width != w || im.Height != h || im.Encoding != "jpeg" {
				t.Errorf("a picture is stored as %d×%d %s, want %d×%d jpeg", im.Width, im.Height, im.Encoding, w, h)
			}
		}
	}
	if pictures != n || emoji != 2*n {
		t.Errorf("%d pictures and %d emoji drawn, want %d and %d", pictures, emoji, n, 2*n)
	}
}
