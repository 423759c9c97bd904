package pdf

import (
	"bytes"
	"compress/zlib"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"regexp"
	"strconv"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

// streamsPDF makes a small PDF of three pages of text, compressed by fpdf
// or left plain.
func streamsPDF(t testing.TB, compress bool) []byte { return textPDF(t, compress, 3, 30) }

// textPDF makes a PDF of pages of lines of text.
func textPDF(t testing.TB, compress bool, pages, lines int) []byte {
	t.Helper()
	f := fpdf.New("P", "pt", "A5", "")
	f.SetCompression(compress)
	f.SetCatalogSort(true)
	f.SetFont("Helvetica", "", 11)
	for p := range pages {
		f.AddPage()
		for l := range lines {
			f.Text(40, float64(40+15*l), "Page "+strconv.Itoa(p+1)+", line "+strconv.Itoa(l+1)+": the quick brown fox.")
		}
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pack runs packStreams into a buffer.
func pack(file []byte, images [][]byte) ([]byte, error) {
	var buf bytes.Buffer
	err := packStreams(context.Background(), file, images, &buf)
	return buf.Bytes(), err
}

var flateStream = regexp.MustCompile(`(?s)<</Filter /FlateDecode /Length (\d+)>>\nstream\n`)

// inflatedStreams returns the content of every stream fpdf or the packer
// compressed, in file order.
func inflatedStreams(t *testing.T, file []byte) []string {
	t.Helper()
	var out []string
	for _, m := range flateStream.FindAllSubmatchIndex(file, -1) {
		n, _ := strconv.Atoi(string(file[m[2]:m[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(file[m[1] : m[1]+n]))
		if err != nil {
			t.Fatalf("stream at %d: %v", m[0], err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("stream at %d: %v", m[0], err)
		}
		if !bytes.HasPrefix(file[m[1]+n:], []byte("\nendstream\n")) {
			t.Fatalf("stream at %d: its length %d does not end at endstream", m[0], n)
		}
		out = append(out, string(data))
	}
	return out
}

func TestPackStreamsCompressesPagesAndMovesTheTable(t *testing.T) {
	plain := streamsPDF(t, false)
	packed, err := pack(plain, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(packed) >= len(plain) {
		t.Errorf("packed file has %d bytes, the plain one %d", len(packed), len(plain))
	}
	// The pages say what fpdf's own compression says.
	got, want := inflatedStreams(t, packed), inflatedStreams(t, streamsPDF(t, true))
	if len(got) != len(want) || len(got) < 3 {
		t.Fatalf("%d compressed streams, fpdf compresses %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stream %d differs from fpdf's:\n%q\n%q", i, got[i], want[i])
		}
	}
	// Every entry of the new table points at its object, and startxref at
	// the table: readXref checks both.
	xref, offsets, err := readXref(packed)
	if err != nil {
		t.Fatal(err)
	}
	if len(offsets) < 6 || !bytes.HasSuffix(packed, []byte("startxref\n"+strconv.Itoa(xref)+"\n%%EOF\n")) {
		t.Errorf("%d objects; file ends %q", len(offsets), packed[len(packed)-40:])
	}
	again, err := pack(plain, nil)
	if err != nil || !bytes.Equal(again, packed) {
		t.Errorf("a second packing differs (%v)", err)
	}
}

func TestPackStreamsRefusesWhatFpdfDoesNotWrite(t *testing.T) {
	plain := streamsPDF(t, false)
	start := bytes.LastIndex(plain, []byte("startxref\n"))
	table := bytes.LastIndex(plain, []byte("xref\n0 "))
	cases := map[string][]byte{
		"empty":          nil,
		"no startxref":   plain[:start],
		"startxref past": append(bytes.Clone(plain[:start]), "startxref\n999999999\n%%EOF\n"...),
		"table cut":      append(bytes.Clone(plain[:table+40]), plain[start:]...),
		"offset moved":   bytes.Replace(bytes.Clone(plain), []byte("\n2 0 obj\n"), []byte("\n2  0 obj\n"), 1),
	}
	for name, file := range cases {
		if _, err := pack(file, nil); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func FuzzPackStreams(f *testing.F) {
	f.Add(textPDF(f, false, 1, 1))
	f.Add([]byte("1 0 obj\n<</Length 5>>\nstream\nabc\nendstream\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000000 00000 n \ntrailer\n<<>>\nstartxref\n48\n%%EOF\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		packed, err := pack(file, [][]byte{[]byte("image")})
		if err != nil {
			return
		}
		if _, _, err := readXref(packed); err != nil {
			t.Errorf("packed file unreadable: %v", err)
		}
	})
}

func TestStandInsCarryTheImages(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, nil); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sp := newStreamPacker(context.Background(), &out)
	stand, ok := sp.standIn(jpg.Bytes())
	if !ok || len(stand) > 64 {
		t.Fatalf("stand-in of %d bytes (ok %v)", len(stand), ok)
	}
	f := fpdf.New("P", "pt", "A5", "")
	f.SetCompression(false)
	f.AddPage()
	info := f.RegisterImageOptionsReader("photo", fpdf.ImageOptions{ImageType: "jpg"}, bytes.NewReader(stand))
	if info == nil || info.Width() != 40 || info.Height() != 30 {
		t.Fatalf("fpdf reads the stand-in as %v (%v)", info, f.Error())
	}
	f.ImageOptions("photo", 10, 10, 80, 60, false, fpdf.ImageOptions{ImageType: "jpg"}, 0, "")
	if err := f.Output(sp); err != nil {
		t.Fatal(err)
	}
	if err := sp.Close(); err != nil {
		t.Fatal(err)
	}
	want := fmt.Appendf(nil, "/Length %d>>\nstream\n%s\nendstream", jpg.Len(), jpg.Bytes())
	if !bytes.Contains(out.Bytes(), want) || bytes.Contains(out.Bytes(), []byte("anthology-image")) {
		t.Errorf("the image's bytes are not the stream's data, or a stand-in is left")
	}
	if _, _, err := readXref(out.Bytes()); err != nil {
		t.Error(err)
	}
	for _, bad := range [][]byte{nil, []byte("not a jpeg"), jpg.Bytes()[:20], {0xff, 0xd8, 0xff, 0xda, 0, 2}} {
		if _, ok := sp.standIn(bad); ok {
			t.Errorf("stand-in made for %q", bad)
		}
	}
}
