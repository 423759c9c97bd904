package testkit

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/anthology-book/anthology/internal/tooltest"
)

// ErrToolMissing is wrapped by the errors of PDFText and PDFImages when
// poppler's tool is not installed. Tests call NeedPDFTools first, so that
// a missing tool skips them, or fails them in CI.
var ErrToolMissing = errors.New("not installed")

// NeedPDFTools skips or fails t, as tooltest.Required says, unless
// pdftotext and pdfimages are installed.
func NeedPDFTools(t testing.TB) {
	t.Helper()
	tooltest.Need(t, "pdftotext")
	tooltest.Need(t, "pdfimages")
}

// PDFText returns the text of pages first to last (from 1, both included)
// of the PDF file pdf, as pdftotext reads it in its plain mode: lines in
// reading order, a form feed after each page. A word the PDF hyphenated at
// a line's end reads "hyphen-\nation"; Words joins it again. first or last
// 0 means the first or the last page.
func PDFText(pdf string, first, last int) (string, error) {
	out, err := poppler("pdftotext", pageArgs(first, last, "-enc", "UTF-8", pdf, "-")...)
	return string(out), err
}

// PDFImage is one image drawn on a page, a row of `pdfimages -list`.
type PDFImage struct {
	Page          int
	Width, Height int    // in pixels, as stored
	Type          string // "image"; "smask" and "mask" rows are the alpha of the image before them
	Encoding      string // "jpeg", "image" (flate) ...
	Object        int    // the XObject's number: the same for every drawing of one image
	XPPI          int    // pixels per inch as drawn
	// Emoji is set for an image drawn as the PDF renderer draws an emoji
	// (internal/render/pdf/emoji.go): a 64-pixel cell of the sprite sheet
	// (wider ones are taken too, as older books drew them), with an alpha
	// mask, drawn at the size of the text (several hundred pixels
	// per inch). A picture of the post with those same traits is taken for
	// an emoji too.
	Emoji bool
}

// PDFImageList returns the images drawn on pages first to last (from 1,
// both included; 0 for the first or last page) of the PDF file pdf, one
// per drawing: an image drawn on three pages is listed three times, as
// pdfimages -list does.
func PDFImageList(pdf string, first, last int) ([]PDFImage, error) {
	out, err := poppler("pdfimages", pageArgs(first, last, "-list", pdf)...)
	if err != nil {
		return nil, err
	}
	return parseImageList(out)
}

// PDFImages counts the pictures drawn on pages first to last of the PDF
// file pdf, as PDFImageList lists them, leaving out alpha masks and emoji.
func PDFImages(pdf string, first, last int) (int, error) {
	imgs, err := PDFImageList(pdf, first, last)
	n := 0
	for _, im := range imgs {
		if im.Type == "image" && !im.Emoji {
			n++
		}
	}
	return n, err
}

// parseImageList reads the table pdfimages -list prints: two heading
// lines, then page num type width height color comp bpc enc interp object
// ID x-ppi y-ppi size ratio.
func parseImageList(out []byte) ([]PDFImage, error) {
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(strings.TrimSpace(lines[0]), "page") {
		return nil, fmt.Errorf("read pdfimages -list: no heading in %q", out)
	}
	var imgs []PDFImage
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 13 {
			return nil, fmt.Errorf("read pdfimages -list: short row %q", l)
		}
		var nums [6]int
		for i, col := range []int{0, 3, 4, 10, 12, 13} {
			n, err := strconv.Atoi(f[col])
			if err != nil {
				return nil, fmt.Errorf("read pdfimages -list: row %q: %w", l, err)
			}
			nums[i] = n
		}
		imgs = append(imgs, PDFImage{Page: nums[0], Type: f[2], Width: nums[1], Height: nums[2],
			Encoding: f[8], Object: nums[3], XPPI: nums[4]})
		if f[2] == "smask" && len(imgs) > 1 {
			prev := &imgs[len(imgs)-2]
			prev.Emoji = prev.Type == "image" && prev.Object == nums[3] && looksLikeEmoji(*prev)
		}
	}
	return imgs, nil
}

// looksLikeEmoji reports whether an image with an alpha mask has the size
// and resolution of a drawn emoji: 64 pixels high, drawn at most about
// 25 pt high (180 pixels an inch), as in a post's title.
func looksLikeEmoji(im PDFImage) bool {
	return im.Height == 64 && im.Width >= 64 && im.Width < 128 && im.XPPI >= 180
}

// pageArgs puts -f and -l before args when first or last is set.
func pageArgs(first, last int, args ...string) []string {
	var a []string
	if first > 0 {
		a = append(a, "-f", strconv.Itoa(first))
	}
	if last > 0 {
		a = append(a, "-l", strconv.Itoa(last))
	}
	return append(a, args...)
}

// poppler runs one of poppler's tools and returns what it printed.
func poppler(tool string, args ...string) ([]byte, error) {
	bin, err := exec.LookPath(tool)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tool, ErrToolMissing)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s %s: %w: %s", tool, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}
